// A real bunker process for an end-to-end test: a free port, a fresh data directory,
// health polling, clean restarts on the same data, and its log kept under tests/artifacts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = process.env.BUNKER_ROOT ?? path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
const BIN = process.env.BUNKER_BIN ?? path.join(ROOT, 'build', 'src', 'bunker');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export class Bunker {
  constructor(name) {
    this.name = name;
    this.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `bunker-e2e-${name}-`));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    this.logPath = path.join(ARTIFACTS, `e2e-${name}.log`);
    fs.writeFileSync(this.logPath, '');
    this.proc = null;
  }

  get endpoint() { return `http://127.0.0.1:${this.port}`; }

  log(line) { fs.appendFileSync(this.logPath, line.endsWith('\n') ? line : line + '\n'); }

  async start(timeoutMs = 20000) {
    this.port ??= await freePort();
    const args = ['--port', String(this.port), '--data-dir', this.dataDir, '--log-level', 'info'];
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BUNKER_') || k === 'BUNKER_ROOT'));
    this.log(`--- start ${BIN} ${args.join(' ')}`);
    const out = fs.openSync(this.logPath, 'a');
    this.proc = spawn(BIN, args, { env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    this.exited = exited;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const early = await Promise.race([exited, sleep(50).then(() => null)]);
      if (early) throw new Error(`bunker exited during start (${JSON.stringify(early)}); see ${this.logPath}`);
      try {
        const res = await fetch(`${this.endpoint}/_bunker/health`);
        if (res.ok) return this;
      } catch { /* not listening yet */ }
    }
    throw new Error(`bunker did not become healthy in ${timeoutMs} ms; see ${this.logPath}`);
  }

  // SIGTERM and wait: a clean stop (SIGKILL if it hangs).
  async stop(timeoutMs = 15000) {
    if (!this.proc) return;
    const proc = this.proc;
    this.proc = null;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const done = await Promise.race([this.exited, sleep(timeoutMs).then(() => null)]);
    if (!done) {
      proc.kill('SIGKILL');
      await this.exited;
    }
    this.log(`--- stopped ${JSON.stringify(done ?? 'SIGKILL')}`);
  }

  async restart() {
    await this.stop();
    await this.start();
  }

  async cleanup() {
    await this.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
