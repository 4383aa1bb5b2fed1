// Accessibility of the public pages, checked by axe-core (the engine browsers' own
// audit tools run): the home page, the verification page with a verified draw and a
// firm looked up, and the 公示 page, in Chinese and in English, on a desktop and on a
// phone. No serious or critical violation may remain.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = readFileSync(path.join(here, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const SMALL = readFileSync(path.join(here, '..', 'vectors', 'spec', 'bundle-small.json'), 'utf8');
const SELECTED = '92130371MACLME9QF1';

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

/** The serious and critical violations on the page as it is now, one line each. */
async function violations(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return found;
}

async function audit(page, what) {
  const found = await violations(page);
  assert.deepEqual(found, [], `${what}:\n${found.join('\n')}`);
}

const PHONE = { locale: 'zh-CN', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('accessibility (axe-core)', () => {
  for (const [label, contextOptions] of [['desktop', null], ['phone', PHONE]]) {
    test(`the home page (${label})`, { timeout: TEST_TIMEOUT }, async () => {
      const context = contextOptions ? await browser.newContext(contextOptions) : undefined;
      const { context: ctx, page, problems } = await openPage(browser, '', { context });
      await audit(page, `home (${label})`);
      assertNoErrors(problems);
      await ctx.close();
    });

    test(`the verification page, a verdict and a lookup (${label})`, { timeout: TEST_TIMEOUT }, async () => {
      const context = contextOptions ? await browser.newContext(contextOptions) : undefined;
      const { context: ctx, page, problems } = await openPage(browser, '#/verify', { context });
      await audit(page, `empty verification page (${label})`);
      await page.getByTestId('verify-file').setInputFiles({ name: 'bundle.json', mimeType: 'application/json', buffer: Buffer.from(SMALL) });
      const verdict = page.getByTestId('verdict');
      await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
      assert.equal(await verdict.getAttribute('data-verdict'), 'valid');
      await page.getByTestId('lookup-input').fill(SELECTED);
      await page.getByTestId('lookup-submit').click();
      await page.getByTestId('lookup-result').waitFor({ timeout: TIMEOUT });
      await audit(page, `verified draw with a lookup (${label})`);
      await screenshot(page, `a11y-verify-${label}`);
      assertNoErrors(problems);
      await ctx.close();
    });

    test(`the 公示 page (${label})`, { timeout: TEST_TIMEOUT }, async () => {
      const context = contextOptions ? await browser.newContext(contextOptions) : undefined;
      const { context: ctx, page, problems } = await openPage(browser, '#/publication', { context });
      await page.getByTestId('publication-list').waitFor({ state: 'visible', timeout: TIMEOUT });
      await audit(page, `公示 (${label})`);
      assertNoErrors(problems);
      await ctx.close();
    });
  }

  test('the user guide, reached from the home page (phone)', { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext(PHONE);
    const { context: ctx, page, problems } = await openPage(browser, '', { context });
    await page.getByTestId('guide-link').click();
    await page.getByTestId('section-guide').waitFor();
    assert.equal((await page.locator('[data-testid="section-guide"] h1').innerText()).trim(), '操作手册');
    const steps = await page.locator('[data-testid="section-guide"] h2').allInnerTexts();
    for (const step of ['第一步：计划', '第二步：承诺', '第三步：抽取（可直播）', '第四步：公示', '第五步：验证']) assert.ok(steps.includes(step), `${step} in ${steps}`);
    assert.match(await page.title(), /^操作手册 · /);
    await audit(page, 'guide (phone)');
    await screenshot(page, 'a11y-guide-phone');
    assertNoErrors(problems);
    await ctx.close();
  });

  test('the English pages', { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    for (const rel of ['', '#/verify', '#/publication']) {
      const { page } = await openPage(browser, rel, { context });
      await audit(page, `English ${rel || 'home'}`);
      await page.close();
    }
    await context.close();
  });
});
