// Hosting the public pages: the site refuses to run inside another site's frame (a
// verdict could be covered or restyled there) but runs inside its own, and a bundle
// published compressed (`.json.gz`) verifies like the plain file, whatever its name or
// Content-Type; a damaged one is unreadable with a plain reason, never a crash.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import {
  TEST_TIMEOUT, TIMEOUT, launch, openPage, siteUrl, screenshot, assertNoErrors,
} from './lib.mjs';

const BUNDLE = 'demo-2026001-bundle.json';

let browser;
let other;
let otherOrigin;
let plain;
before(async () => {
  browser = await launch();
  // Another site: a page of its own origin (another port) that frames ours.
  other = createServer((req, res) => {
    const target = new URL(req.url, 'http://x').searchParams.get('frame') || '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>another site</title><iframe id="f" src="${target.replace(/"/g, '&quot;')}" width="900" height="700"></iframe>`);
  });
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherOrigin = `http://127.0.0.1:${other.address().port}`;
  assert.notEqual(new URL(siteUrl()).origin, otherOrigin);
  const res = await fetch(siteUrl(`draws/${BUNDLE}`));
  assert.equal(res.status, 200, `draws/${BUNDLE}: build with --with-demo`);
  plain = Buffer.from(await res.arrayBuffer());
});
after(async () => {
  if (browser) await browser.close();
  if (other) other.close();
});

/** Serves `files` (name → { body, type }) under the site's draws/ for this page only. */
async function serveInDraws(page, files) {
  await page.route('**/draws/**', async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop());
    if (!files[name]) return route.continue();
    return route.fulfill({ status: 200, contentType: files[name].type, body: files[name].body });
  });
}

async function verdictOf(page, source) {
  const verdict = page.locator(`[data-testid="verdict"][data-source="${source}"]`);
  await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
  return verdict.getAttribute('data-verdict');
}

describe('hosting', () => {
  test('framed-refused: another site framing the page gets only the notice', { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${otherOrigin}/?frame=${encodeURIComponent(siteUrl('#/verify'))}`);
    const frame = page.frameLocator('#f');
    const notice = frame.getByTestId('framed-refused');
    await notice.waitFor({ timeout: TIMEOUT });
    const text = await notice.innerText();
    assert.ok(text.includes('单独打开本页') && text.includes('Open this page on its own'), text);
    const links = frame.locator('[data-testid="framed-refused"] a');
    assert.ok(await links.count() >= 1);
    for (const link of await links.all()) {
      assert.equal(await link.getAttribute('target'), '_top');
      assert.equal(new URL(await link.getAttribute('href')).origin, new URL(siteUrl()).origin);
    }
    assert.equal(await frame.getByTestId('verify-file').count(), 0, 'no verify form');
    assert.equal(await frame.getByTestId('app-ready').count(), 0, 'nothing of the site');
    await screenshot(page, 'framed-refused');
    // The link opens the page in the whole window, where it runs.
    await links.first().click();
    await page.waitForURL((url) => url.origin === new URL(siteUrl()).origin, { timeout: TIMEOUT });
    await page.getByTestId('verify-file').waitFor({ state: 'attached', timeout: TIMEOUT });
    await context.close();
  });

  test('the site framing itself still runs', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '');
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      Object.assign(f, { id: 'f', src, width: 900, height: 700 });
      document.body.appendChild(f);
    }, siteUrl('#/verify'));
    const frame = page.frameLocator('#f');
    await frame.getByTestId('verify-file').waitFor({ state: 'attached', timeout: TIMEOUT });
    assert.equal(await frame.getByTestId('framed-refused').count(), 0);
    assertNoErrors(problems);
    await context.close();
  });

  test('a .json.gz copy under draws/ verifies with the plain bundle\'s verdict', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '');
    const gz = gzipSync(plain, { level: 9 });
    assert.ok(gz.length < plain.length / 2);
    await serveInDraws(page, {
      [`${BUNDLE}.gz`]: { body: gz, type: 'application/gzip' },
      // The same bytes under a plain name and type: the magic bytes decide.
      'renamed.json': { body: gz, type: 'application/json' },
    });
    const verdicts = {};
    for (const name of [BUNDLE, `${BUNDLE}.gz`, 'renamed.json']) {
      await page.goto(siteUrl(`#/verify?bundle=${encodeURIComponent(`draws/${name}`)}`));
      verdicts[name] = await verdictOf(page, `draws/${name}`);
      const checks = {};
      for (const id of ['format', 'inputs', 'commitment', 'beacon', 'timing', 'result']) {
        checks[id] = await page.getByTestId(`check-${id}`).getAttribute('data-ok');
      }
      verdicts[`${name} checks`] = JSON.stringify(checks);
    }
    assert.equal(verdicts[BUNDLE], 'rehearsal', 'the demo draws are rehearsals');
    assert.equal(verdicts[`${BUNDLE}.gz`], verdicts[BUNDLE]);
    assert.equal(verdicts['renamed.json'], verdicts[BUNDLE]);
    assert.equal(verdicts[`${BUNDLE}.gz checks`], verdicts[`${BUNDLE} checks`]);
    await screenshot(page, 'verify-json-gz');

    // Chosen as a file too.
    await page.getByTestId('verify-file').setInputFiles({ name: `${BUNDLE}.gz`, mimeType: 'application/gzip', buffer: gz });
    assert.equal(await verdictOf(page, `${BUNDLE}.gz`), verdicts[BUNDLE]);
    assertNoErrors(problems);
    await context.close();
  });

  test('a damaged .json.gz is unreadable with a plain reason', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    const gz = gzipSync(plain, { level: 9 });
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    const flipped = Buffer.from(gz);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    for (const [name, buffer] of [['cut.json.gz', cut], ['flipped.json.gz', flipped]]) {
      await page.getByTestId('verify-file').setInputFiles({ name, mimeType: 'application/gzip', buffer });
      assert.equal(await verdictOf(page, name), 'unreadable', name);
      const reason = await page.getByTestId('verdict-reason').innerText();
      assert.ok(reason.includes('gzip') && reason.includes('无法解压'), `${name}: ${reason}`);
    }
    await screenshot(page, 'verify-json-gz-damaged');
    assertNoErrors(problems);
    await context.close();
  });

  test('a browser without DecompressionStream inflates .json.gz in the page itself', { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => { delete globalThis.DecompressionStream; });
    const { page, problems } = await openPage(browser, '#/verify', { context });
    assert.equal(await page.evaluate(() => typeof DecompressionStream), 'undefined');
    const gz = gzipSync(plain, { level: 9 });
    await page.getByTestId('verify-file').setInputFiles({ name: `${BUNDLE}.gz`, mimeType: 'application/gzip', buffer: gz });
    assert.equal(await verdictOf(page, `${BUNDLE}.gz`), 'rehearsal');
    const cut = gz.subarray(0, gz.length - 100);
    await page.getByTestId('verify-file').setInputFiles({ name: 'cut.json.gz', mimeType: 'application/gzip', buffer: cut });
    assert.equal(await verdictOf(page, 'cut.json.gz'), 'unreadable');
    assert.ok((await page.getByTestId('verdict-reason').innerText()).includes('无法解压'));
    assertNoErrors(problems);
    await context.close();
  });
});
