// The public checks draws on a phone: the verification page, 查询我的企业 and the 公示
// page at a phone's size (390 × 844, touch) fit the screen's width, with wide
// tables scrolling inside their own box rather than the whole page sideways.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, siteUrl, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SMALL = readFileSync(path.join(here, '..', 'vectors', 'spec', 'bundle-small.json'), 'utf8');
const SELECTED = '92130371MACLME9QF1';

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function phone() {
  return browser.newContext({
    locale: 'zh-CN', viewport: { width: WIDTH, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
}

const WIDTH = 390;

/** A phone widens its layout to fit what overflows, so compare with the screen itself. */
async function fitsWidth(page, what) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scroll <= WIDTH, `${what}: the page is ${scroll}px wide on a ${WIDTH}px screen`);
}

describe('on a phone', () => {
  test('opened from a link, the verdict is on the first screen', { timeout: TEST_TIMEOUT }, async () => {
    const context = await phone();
    const page = await context.newPage();
    await page.route('**/e2e-bundles/**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: SMALL }));
    await page.goto(siteUrl('#/verify?bundle=e2e-bundles/small.json'), { waitUntil: 'load' });
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
    const heading = await verdict.locator('h2').boundingBox();
    assert.ok(heading.y + heading.height <= 844, `the verdict's heading ends at ${heading.y + heading.height}px, below the first screen`);
    await fitsWidth(page, 'the verification page opened from a link');
    await screenshot(page, 'phone-verify-link');
    await context.close();
  });

  test('verify a bundle and look up one firm', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify', { context: await phone() });
    await fitsWidth(page, 'the empty verification page');
    await page.getByTestId('verify-file').setInputFiles({ name: 'bundle.json', mimeType: 'application/json', buffer: Buffer.from(SMALL) });
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(await verdict.getAttribute('data-verdict'), 'valid');
    await fitsWidth(page, 'the verified bundle');
    await page.getByTestId('lookup-input').fill(SELECTED);
    await page.getByTestId('lookup-submit').tap();
    const result = page.getByTestId('lookup-result');
    await page.waitForFunction((q) => {
      const el = document.querySelector('[data-testid="lookup-result"]');
      return el && el.textContent.includes(q);
    }, SELECTED, { timeout: TIMEOUT });
    assert.equal(await result.getAttribute('data-status'), 'selected');
    await fitsWidth(page, 'the lookup answer');
    await screenshot(page, 'phone-verify');
    assertNoErrors(problems);
    await context.close();
  });

  test('the home page', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '', { context: await phone() });
    await fitsWidth(page, 'the home page');
    await screenshot(page, 'phone-home');
    assertNoErrors(problems);
    await context.close();
  });

  test('the 公示 page', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/publication', { context: await phone() });
    await page.getByTestId('publication-entry').first().waitFor({ timeout: TIMEOUT });
    await fitsWidth(page, 'the 公示 page');
    await screenshot(page, 'phone-publication');
    assertNoErrors(problems);
    await context.close();
  });
});
