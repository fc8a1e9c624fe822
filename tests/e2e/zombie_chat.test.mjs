// The zombie survivor chat (examples/zombie-chat), deployed to a real bunker with its own
// deploy script and used as its users use it: two survivors in a headless Chromium that
// loads the page from the S3 website endpoint, an SMS gateway and Slack posting forms
// with curl. Then the data survives a restart, a second deploy changes nothing, and
// teardown removes it all.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ARTIFACTS, Bunker, ROOT } from './lib/bunker.mjs';
import { launchChromium } from './lib/browser.mjs';
import { aws, awsEnv, curl, run } from './lib/commands.mjs';

const APP = path.join(ROOT, 'examples', 'zombie-chat');
const WAIT = { timeout: 30000 };

describe('zombie survivor chat', () => {
  const bunker = new Bunker('zombie-chat');
  let browser;
  let urls; // from deploy's output
  let alice;
  let bob;
  const aliceSays = `Zombies at the north gate, bring the crowbar! ${Date.now() % 100000}`;

  async function deploy() {
    const r = await run(path.join(APP, 'deploy'), [], { env: awsEnv(bunker.endpoint), timeoutMs: 300000 });
    bunker.log(`--- deploy (exit ${r.code})\n${r.stderr}${r.stdout}`);
    assert.equal(r.code, 0, `deploy failed:\n${r.stderr}`);
    const found = r.stdout.match(/https?:\/\/\S+/g) ?? [];
    assert.equal(found.length, 4, `deploy printed ${found.length} URLs:\n${r.stdout}`);
    const [website, websitePath, api, apiPath] = found;
    return { website, websitePath, api, apiPath, stdout: r.stdout };
  }

  async function openChat(url, name) {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => bunker.log(`[page ${name}] error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') bunker.log(`[page ${name}] console: ${m.text()}`); });
    await page.goto(url);
    await page.fill('#survivor-name', name);
    await page.click('#join-form button[type=submit]');
    await page.locator('#chat').waitFor(WAIT);
    return page;
  }

  const messageText = (page, text) => page.locator('#messages li.message .text', { hasText: text });

  before(async () => {
    await bunker.start();
    urls = await deploy();
    browser = await launchChromium();
  });

  after(async () => {
    if (browser) await browser.close();
    await bunker.cleanup();
  });

  it('deploy prints the S3 website URL (host and path form) and the API URL', () => {
    const port = bunker.port;
    assert.equal(urls.website, `http://zombie-chat.s3-website.localhost:${port}/`);
    assert.equal(urls.websitePath, `${bunker.endpoint}/_bunker/s3-website/zombie-chat/`);
    assert.match(urls.api, new RegExp(`^http://[a-z0-9]+\\.execute-api\\.localhost:${port}/ZombieWorkshopStage/zombie/message$`));
    assert.match(urls.apiPath, new RegExp(`^${bunker.endpoint}/restapis/[a-z0-9]+/ZombieWorkshopStage/_user_request_/zombie/message$`));
  });

  it('the S3 website endpoint serves the page and its assets', async () => {
    const index = await curl(urls.website);
    assert.equal(index.status, 200);
    assert.match(index.headers['content-type'], /^text\/html/);
    assert.match(index.body, /<title>Zombie Survivor Chat<\/title>/);
    assert.doesNotMatch(index.body, /https?:\/\/(?!www\.w3\.org)/, 'the page loads nothing from another site');
    const config = await curl(new URL('config.js', urls.website).href);
    assert.equal(config.status, 200);
    assert.ok(config.body.includes(urls.api.replace(/\/zombie\/message$/, '')), config.body);
  });

  it('two survivors: one types, the other sees the typing indicator, then the message', async () => {
    alice = await openChat(urls.website, 'Alice');
    bob = await openChat(urls.website, 'Bob');

    // Alice types slowly; the page posts "typing" at most every 1.5 s while she does.
    const indicator = bob.locator('#typing', { hasText: 'Alice is typing' });
    let shown = false;
    const seen = indicator.waitFor(WAIT).then(() => { shown = true; return true; });
    seen.catch(() => {});
    const input = alice.locator('#message');
    for (let i = 0, deadline = Date.now() + WAIT.timeout; !shown && Date.now() < deadline; i++) {
      if (i === aliceSays.length) {
        await input.fill('');
        i = 0;
      }
      await input.pressSequentially(aliceSays[i]);
      await alice.waitForTimeout(120);
    }
    assert.equal(await seen, true);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await bob.screenshot({ path: path.join(ARTIFACTS, 'zombie-chat-typing.png') });
    assert.equal(await alice.locator('#typing', { hasText: 'Alice' }).count(), 0, 'Alice does not see herself typing');

    await alice.fill('#message', aliceSays);
    await alice.press('#message', 'Enter');
    await messageText(bob, aliceSays).waitFor(WAIT);
    const li = bob.locator('#messages li.message', { hasText: aliceSays });
    assert.equal(await li.locator('.name').textContent(), 'Alice');
    assert.equal(await alice.inputValue('#message'), '', 'the input is cleared after sending');
  });

  it('an empty message is refused with 400, in the page and through the API', async () => {
    await alice.fill('#message', '   ');
    await alice.click('#send');
    await alice.locator('#status', { hasText: 'Bad Request: the message must not be empty' }).waitFor(WAIT);

    const r = await curl(urls.api, ['-X', 'POST', '-H', 'Content-Type: application/json',
      '--data', JSON.stringify({ message: '', name: 'Carol', channel: 'default' })]);
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.body), { error: 'Bad Request: the message must not be empty' });
    assert.equal(r.headers['access-control-allow-origin'], '*');
  });

  it('CORS: the MOCK OPTIONS method answers the preflight', async () => {
    const r = await curl(urls.api, ['-X', 'OPTIONS', '-H', 'Origin: http://zombie-chat.s3-website.localhost',
      '-H', 'Access-Control-Request-Method: POST', '-H', 'Access-Control-Request-Headers: content-type']);
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    assert.equal(r.headers['access-control-allow-methods'], 'GET,POST,OPTIONS');
    assert.match(r.headers['access-control-allow-headers'], /Content-Type/);
  });

  it('an SMS gateway form post gets a TwiML reply and the text reaches the chat', async () => {
    const twilio = urls.api.replace(/\/message$/, '/twilio');
    const r = await curl(twilio, ['-X', 'POST',
      '--data-urlencode', 'ToCountry=US', '--data-urlencode', 'From=+15551234567',
      '--data-urlencode', 'Body=Horde moving south & east, stay <inside>',
      '--data-urlencode', 'To=+15550000000', '--data-urlencode', 'MessageSid=SM0123456789abcdef']);
    assert.equal(r.status, 200, r.body);
    assert.match(r.headers['content-type'], /^application\/xml/);
    assert.equal(r.body, '<?xml version="1.0" encoding="UTF-8"?><Response><Message><Body>'
      + 'Message received, survivor. "Horde moving south &amp; east, stay &lt;inside&gt;" is on the chat.'
      + '</Body></Message></Response>');
    const li = bob.locator('#messages li.message', { hasText: 'Horde moving south & east, stay <inside>' });
    await li.waitFor(WAIT);
    assert.equal(await li.locator('.name').textContent(), 'SMS 4567');
  });

  it('a Slack slash command posts to the chat', async () => {
    const slack = urls.api.replace(/\/message$/, '/slack');
    const r = await curl(slack, ['-X', 'POST',
      '--data-urlencode', 'token=gIkuvaNzQIHg97ATvDxqgjtO', '--data-urlencode', 'team_id=T0001',
      '--data-urlencode', 'channel_name=survivors', '--data-urlencode', 'user_name=daryl',
      '--data-urlencode', 'command=/zombie', '--data-urlencode', 'text=Need "ammo" at the pharmacy \\o/']);
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(JSON.parse(r.body),
      { response_type: 'in_channel', text: 'Posted to the survivor chat: Need "ammo" at the pharmacy \\o/' });
    const li = bob.locator('#messages li.message', { hasText: 'Need "ammo" at the pharmacy \\o/' });
    await li.waitFor(WAIT);
    assert.equal(await li.locator('.name').textContent(), 'Slack daryl');
  });

  it('search: the stream feeds the indexer, and GET /zombie/search finds messages by word', async () => {
    // The page's search box; the index fills asynchronously (stream → event source
    // mapping → IndexMessages), so the search is repeated until the message shows up.
    const found = alice.locator('#search-list li.message', { hasText: aliceSays });
    for (const deadline = Date.now() + WAIT.timeout; ;) {
      await alice.fill('#search-q', 'CROWBAR north');
      await alice.click('#search-form button[type=submit]');
      await alice.locator('#search-results').waitFor(WAIT);
      if (await found.count() > 0) break;
      assert.ok(Date.now() < deadline, 'the message never reached the search index');
      await alice.waitForTimeout(500);
    }
    assert.equal(await alice.locator('#results-title').textContent(), 'Messages with \u201cCROWBAR north\u201d');
    assert.equal(await alice.locator('#search-list li.message').count(), 1, 'only messages with both words');

    const search = urls.api.replace(/\/message$/, '/search');
    let r;
    for (const deadline = Date.now() + WAIT.timeout; ;) {
      r = await curl(`${search}?q=${encodeURIComponent("pharmacy AMMO")}`);
      assert.equal(r.status, 200, r.body);
      if (JSON.parse(r.body).results.length > 0) break;
      assert.ok(Date.now() < deadline, 'the Slack message never reached the search index');
      await alice.waitForTimeout(500);
    }
    const body = JSON.parse(r.body);
    assert.deepEqual(body.words, ['pharmacy', 'ammo']);
    assert.deepEqual(body.results.map((m) => [m.name, m.message]),
      [['Slack daryl', 'Need "ammo" at the pharmacy \\o/']]);

    const bad = await curl(`${search}?q=${encodeURIComponent('!')}`);
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.body).error, /^Bad Request: /);
  });

  it("one survivor's messages through the name-timestamp index", async () => {
    await bob.locator('#messages li.message .name', { hasText: /^Alice$/ }).first().click();
    await bob.locator('#results-title', { hasText: 'Messages from Alice' }).waitFor(WAIT);
    assert.deepEqual(await bob.locator('#search-list li.message .text').allTextContents(), [aliceSays]);

    const r = await curl(`${urls.api}?name=${encodeURIComponent('Slack daryl')}`);
    assert.equal(r.status, 200, r.body);
    assert.deepEqual(JSON.parse(r.body).messages.map((m) => [m.name, m.message]),
      [['Slack daryl', 'Need "ammo" at the pharmacy \\o/']]);
  });

  it('the messages survive a Bunker restart', async () => {
    await bunker.restart();
    // A survivor arriving after the restart: the page, the API and the data all came back.
    const carol = await openChat(urls.website, 'Carol');
    await messageText(carol, aliceSays).waitFor(WAIT);
    await messageText(carol, 'Horde moving south').waitFor(WAIT);
    await messageText(carol, 'Need "ammo"').waitFor(WAIT);
    // Bob's open page kept polling through the restart.
    await bob.waitForFunction(() => document.getElementById('status').textContent === '', null, WAIT);
    await messageText(bob, aliceSays).waitFor(WAIT);
    await bob.screenshot({ path: path.join(ARTIFACTS, 'zombie-chat.png'), fullPage: true });
    await carol.context().close();
  });

  it('the path-form website URL works for clients that cannot resolve *.localhost', async () => {
    const dave = await openChat(urls.websitePath, 'Dave');
    await messageText(dave, aliceSays).waitFor(WAIT);
    await dave.fill('#message', 'Dave here, reading you through the path form');
    await dave.press('#message', 'Enter');
    await messageText(alice, 'reading you through the path form').waitFor(WAIT);
    await dave.context().close();
  });

  it('deploying again changes nothing: same URLs, one API, the messages kept', async () => {
    const again = await deploy();
    assert.deepEqual([again.website, again.websitePath, again.api, again.apiPath],
      [urls.website, urls.websitePath, urls.api, urls.apiPath]);
    const apis = await aws(bunker.endpoint, 'apigateway', 'get-rest-apis');
    assert.equal(apis.items.filter((a) => a.name === 'zombie-chat').length, 1);
    const fns = await aws(bunker.endpoint, 'lambda', 'list-functions');
    assert.equal(fns.Functions.filter((f) => f.FunctionName.startsWith('zombie-')).length, 8);
    const mappings = await aws(bunker.endpoint, 'lambda', 'list-event-source-mappings');
    assert.equal(mappings.EventSourceMappings.length, 1);
    const r = await curl(urls.api);
    assert.equal(r.status, 200);
    const texts = JSON.parse(r.body).messages.map((m) => m.message);
    assert.ok(texts.includes(aliceSays), texts.join('\n'));
    await messageText(alice, 'Dave here').waitFor(WAIT);
  });

  it('teardown removes the chat, and running it again is harmless', async () => {
    await browser.close();
    browser = null;
    for (let i = 0; i < 2; i++) {
      const r = await run(path.join(APP, 'teardown'), [], { env: awsEnv(bunker.endpoint), timeoutMs: 120000 });
      bunker.log(`--- teardown (exit ${r.code})\n${r.stderr}${r.stdout}`);
      assert.equal(r.code, 0, `teardown failed:\n${r.stderr}`);
    }
    const apis = await aws(bunker.endpoint, 'apigateway', 'get-rest-apis');
    assert.equal(apis.items.length, 0);
    const tables = await aws(bunker.endpoint, 'dynamodb', 'list-tables');
    assert.deepEqual(tables.TableNames, []);
    const fns = await aws(bunker.endpoint, 'lambda', 'list-functions');
    assert.deepEqual(fns.Functions, []);
    const mappings = await aws(bunker.endpoint, 'lambda', 'list-event-source-mappings');
    assert.deepEqual(mappings.EventSourceMappings, []);
    const site = await curl(urls.website);
    assert.equal(site.status, 404);
  });
});
