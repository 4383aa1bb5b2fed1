// The site shell: language, navigation, routing, the wasm-computed demo, and
// the deployment promises (sub-path hosting, no third-party requests, CSP,
// SHA256SUMS).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  BASE_URL, SUBPATH_URL, TEST_TIMEOUT, launch, openPage, siteUrl, screenshot, assertNoErrors, waitForApp,
} from './lib.mjs';

const NAV = [
  ['plan', '计划'],
  ['commit', '承诺'],
  ['draw', '抽取'],
  ['publication', '公示'],
  ['verify', '验证'],
];

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

describe('shell', () => {
  test('renders in Chinese with the five sections in the nav', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    for (const [id, zh] of NAV) {
      const link = page.getByTestId(`nav-${id}`);
      await link.waitFor({ state: 'visible' });
      assert.ok((await link.innerText()).includes(zh), `nav-${id} should read ${zh}`);
    }
    await screenshot(page, 'shell-zh');
    assertNoErrors(problems);
    await context.close();
  });

  test('switching to English sticks after a reload', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser);
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await page.getByTestId('nav-plan').innerText(), /plan/i);
    assert.match(await page.getByTestId('nav-verify').innerText(), /verif/i);
    await page.reload({ waitUntil: 'load' });
    await waitForApp(page);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match(await page.getByTestId('nav-plan').innerText(), /plan/i);
    await screenshot(page, 'shell-en');
    // And back, so the switch works both ways.
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    assert.ok((await page.getByTestId('nav-plan').innerText()).includes('计划'));
    assertNoErrors(problems);
    await context.close();
  });

  test('a #/verify deep link opens the verification section', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    await page.getByTestId('section-verify').waitFor({ state: 'visible' });
    await screenshot(page, 'shell-verify');
    assertNoErrors(problems);
    await context.close();
  });

  test('every nav link shows its section and updates the address', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser);
    for (const [id] of NAV) {
      await page.getByTestId(`nav-${id}`).click();
      await page.getByTestId(`section-${id}`).waitFor({ state: 'visible' });
      assert.ok(new URL(page.url()).hash.includes(id), `address should name ${id}, got ${page.url()}`);
      // The route survives a reload: the address alone is enough to come back.
      await page.reload({ waitUntil: 'load' });
      await waitForApp(page);
      await page.getByTestId(`section-${id}`).waitFor({ state: 'visible' });
    }
    assertNoErrors(problems);
    await context.close();
  });

  test('the demo is computed by the wasm core', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser);
    const summary = page.locator('[data-testid="demo-summary"][data-source="wasm"]').first();
    await summary.waitFor({ state: 'visible' });
    const text = (await summary.innerText()).trim();
    assert.ok(text.length > 0, 'demo summary is empty');
    // Nothing of it is in the static HTML: it can only have come from the wasm.
    const html = await (await fetch(BASE_URL)).text();
    const firstLine = text.split('\n').map((l) => l.trim()).find((l) => l.length >= 4);
    if (firstLine) assert.ok(!html.includes(firstLine), `"${firstLine}" is in the static index.html`);
    assertNoErrors(problems);
    await context.close();
  });

  test('loads nothing from other hosts and carries a strict CSP', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser);
    await page.waitForLoadState('networkidle');
    const origin = new URL(BASE_URL).origin;
    const foreign = problems.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'requests to other hosts');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.ok(csp, 'index.html has no CSP meta');
    for (const d of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
      assert.ok(csp.includes(d), `CSP lacks ${d}`);
    }
    const script = csp.split(';').map((s) => s.trim()).find((s) => s.startsWith('script-src'));
    assert.ok(script && !script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'"), `weak ${script}`);
    assertNoErrors(problems);
    await context.close();
  });

  test('works when deployed below a sub-path', { timeout: TEST_TIMEOUT, skip: !SUBPATH_URL && 'FAIRDRAW_SUBPATH_URL not set' }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify', { base: SUBPATH_URL });
    await page.getByTestId('section-verify').waitFor({ state: 'visible' });
    const outside = problems.requests.filter((u) => !u.startsWith(SUBPATH_URL) && !u.startsWith('data:'));
    assert.deepEqual(outside, [], 'requests outside the sub-path');
    assertNoErrors(problems);
    await context.close();
  });

  test('ships a precompressed copy of every text and wasm file, which decompresses to it', { timeout: TEST_TIMEOUT }, async () => {
    const sums = await (await fetch(siteUrl('SHA256SUMS'))).text();
    const names = sums.trim().split('\n').map((l) => l.slice(66));
    for (const f of ['index.html', 'verify-worker.js', 'pkg/fairdraw_www.js', 'pkg/fairdraw_www_bg.wasm', 'pkg/fairdraw_xlsx_bg.wasm']) {
      assert.ok(names.includes(`${f}.gz`), `no ${f}.gz`);
      const [raw, gz] = await Promise.all([f, `${f}.gz`].map(async (n) => Buffer.from(await (await fetch(siteUrl(n))).arrayBuffer())));
      assert.ok(gunzipSync(gz).equals(raw), `${f}.gz is not ${f}`);
    }
    assert.ok(!names.some((n) => n.startsWith('draws/') && n.endsWith('.gz')), 'the 公示 folder changes after the build: no stale copies there');
  });

  test('SHA256SUMS lists every shipped file with its hash', { timeout: TEST_TIMEOUT }, async () => {
    const sums = await (await fetch(siteUrl('SHA256SUMS'))).text();
    const lines = sums.trim().split('\n');
    const names = lines.map((l) => l.slice(66));
    for (const f of ['index.html', 'verify-worker.js', 'pkg/fairdraw_www.js', 'pkg/fairdraw_www_bg.wasm']) {
      assert.ok(names.includes(f), `SHA256SUMS lacks ${f}`);
    }
    for (const line of lines) {
      assert.match(line, /^[0-9a-f]{64} {2}\S/);
      const [hash, name] = [line.slice(0, 64), line.slice(66)];
      const res = await fetch(siteUrl(name));
      assert.equal(res.status, 200, `${name} not served`);
      const got = createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex');
      assert.equal(got, hash, `${name} does not match SHA256SUMS`);
    }
    const wasm = await fetch(siteUrl('pkg/fairdraw_www_bg.wasm'));
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  });
});
