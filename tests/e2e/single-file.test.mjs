// The archived verifier: dist/fairdraw-verify.html, copied next to a published
// bundle and opened from disk (file://) with no server and no network, still
// verifies it, and is listed in SHA256SUMS like every shipped file.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, siteUrl, watch, screenshot, assertNoErrors } from './lib.mjs';

const FILE = 'fairdraw-verify.html';
const BUNDLE = 'demo-2026001-bundle.json';

let browser;
let folder;
let pageUrl;
let buildInfo;
before(async () => {
  browser = await launch();
  // Taken from the served dist, as someone archiving a draw would download them.
  const get = async (rel) => {
    const res = await fetch(siteUrl(rel));
    assert.equal(res.status, 200, `${rel}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
  folder = mkdtempSync(path.join(tmpdir(), 'fairdraw archive '));
  const html = await get(FILE);
  writeFileSync(path.join(folder, FILE), html);
  writeFileSync(path.join(folder, BUNDLE), await get(`draws/${BUNDLE}`));
  buildInfo = JSON.parse((await get('build-info.json')).toString('utf8'));
  pageUrl = pathToFileURL(path.join(folder, FILE)).href;
});
after(async () => {
  if (browser) await browser.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Opens the file from disk and returns the page with its recorded problems. */
async function openFile(hash = '') {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = watch(page);
  await page.goto(pageUrl + hash, { waitUntil: 'load' });
  await page.getByTestId('app-ready').first().waitFor({ state: 'attached', timeout: TIMEOUT });
  return { context, page, problems };
}

/** Every request other than opening the file itself. */
function elsewhere(problems) {
  const self = pageUrl.split('#')[0];
  return problems.requests.filter((u) => u.split('#')[0] !== self && !u.startsWith('data:'));
}

describe('single-file verifier', () => {
  test('is listed in SHA256SUMS with its hash', { timeout: TEST_TIMEOUT }, async () => {
    const sums = await (await fetch(siteUrl('SHA256SUMS'))).text();
    const line = sums.split('\n').find((l) => l.endsWith(`  ${FILE}`));
    assert.ok(line, `SHA256SUMS lacks ${FILE}`);
    const html = await (await fetch(siteUrl(FILE))).arrayBuffer();
    assert.equal(line.split('  ')[0], createHash('sha256').update(Buffer.from(html)).digest('hex'));
  });

  test('verifies the demo bundle from file:// with no network', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openFile();
    // Opens on the verification page by itself, and offers only that step.
    await page.waitForFunction(() => location.hash === '#/verify');
    const steps = await page.locator('[data-testid^="nav-"]').evaluateAll((links) => links.map((a) => a.dataset.testid));
    assert.deepEqual(steps, ['nav-verify']);
    await page.getByTestId('verify-file').setInputFiles(path.join(folder, BUNDLE));
    const verdict = page.locator(`[data-testid="verdict"][data-source="${BUNDLE}"]`);
    await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
    // The site's example draws are rehearsals: consistent, never a real draw.
    assert.equal(await verdict.getAttribute('data-verdict'), 'rehearsal');
    for (const id of ['format', 'inputs', 'commitment', 'beacon', 'timing', 'result']) {
      assert.equal(await page.getByTestId(`check-${id}`).getAttribute('data-ok'), 'true', `check-${id}`);
    }
    // The build it runs is the one the site ships.
    assert.equal(await page.getByTestId('build-wasm-sha256').innerText(), buildInfo.wasm_sha256);
    await screenshot(page, 'single-file');
    assertNoErrors(problems, FILE);
    assert.deepEqual(elsewhere(problems), [], 'the archived file must not request anything');
    await context.close();
  });

  test('a ?bundle= address is refused with a message pointing to the file picker, without a request', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openFile(`#/verify?bundle=${BUNDLE}`);
    const message = page.getByTestId('verify-load-error');
    await message.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.ok((await message.innerText()).includes('选择文件'), await message.innerText());
    assert.equal(await page.getByTestId('verdict').count(), 0);
    assertNoErrors(problems, FILE);
    assert.deepEqual(elsewhere(problems), []);
    await context.close();
  });

  test('its 公示 page says plainly that it has no list of draws, and how to see one', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openFile('#/publication');
    const notice = page.getByTestId('publication-single-file');
    await notice.waitFor({ state: 'visible', timeout: TIMEOUT });
    const text = await notice.innerText();
    assert.ok(text.includes('单文件核验程序') && text.includes('公示'), text);
    assert.ok(text.includes('选择文件'), 'says how to verify a saved file');
    assert.ok(!text.includes('draws/index.json') && !text.includes('{}'), `no raw error: ${text}`);
    assert.equal(await page.getByTestId('publication-error').count(), 0);
    await notice.locator('a').click();
    await page.waitForFunction(() => location.hash.startsWith('#/verify'));
    await page.getByTestId('verify-file').waitFor({ state: 'attached' });
    assertNoErrors(problems, FILE);
    assert.deepEqual(elsewhere(problems), [], 'the archived file must not request anything');
    await context.close();
  });
});
