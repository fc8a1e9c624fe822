// Debian's chromium driven by playwright-core: never a downloaded browser. Playwright
// gives every launch a fresh profile directory (its own --user-data-dir) and removes it
// at close.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.BUNKER_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
