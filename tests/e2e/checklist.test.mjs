// A checklist written by another office than the directory: its 检查对象 names
// industries the directory does not use, so its items would go to no firm. The
// plan page lists every item industry with the firms it reaches, and one that
// reaches none is mapped to one of the directory's industries, or to every firm.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, launch, openPage, screenshot, assertNoErrors, loadDemo } from './lib.mjs';

// No item for every firm: a firm of another industry gets no drawn item.
const CHECKLIST = [
  '事项编码,抽查事项,检查对象,事项类别',
  'JC-01,危险化学品安全管理情况,危险化学品生产企业、危险化学品经营企业,重点',
  'JC-02,粉尘防爆安全管理情况,粉尘涉爆,一般',
].join('\r\n');

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

const count = async (locator, attribute) => Number(await locator.getAttribute(attribute));

describe('checklist applicability', () => {
  test('an item industry that matches no firm is shown and mapped', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
    await loadDemo(page);
    const firms = await count(page.getByTestId('slot-enterprises'), 'data-records');
    await page.getByTestId('import-checklist').setInputFiles({ name: '抽查事项清单.csv', mimeType: 'text/csv', buffer: Buffer.from(CHECKLIST, 'utf8') });
    await page.locator('[data-testid="slot-checklist"][data-records="2"]').waitFor();
    // 检查对象 is read as the items' industries.
    assert.equal(await page.locator('[data-testid="map-column"][data-header="检查对象"]').inputValue(), 'categories');

    const panel = page.getByTestId('checklist-applicability');
    const category = (name) => panel.locator(`[data-testid="checklist-category"][data-category="${name}"]`);
    const without = panel.getByTestId('checklist-firms-without-items');
    assert.deepEqual(await panel.getByTestId('checklist-category').evaluateAll((rows) => rows.map((r) => r.dataset.category)),
      ['危险化学品生产企业', '危险化学品经营企业', '粉尘涉爆']);
    for (const unknown of ['危险化学品生产企业', '危险化学品经营企业']) {
      assert.equal(await count(category(unknown), 'data-firms'), 0, unknown);
      await category(unknown).getByTestId('checklist-category-map').waitFor();
    }
    const dust = await count(category('粉尘涉爆'), 'data-firms');
    assert.ok(dust > 0, 'the demo has 粉尘涉爆 firms');
    assert.equal(await category('粉尘涉爆').getByTestId('checklist-category-map').count(), 0, 'a matching industry needs no mapping');
    assert.equal(await count(without, 'data-count'), firms - dust);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'checklist-1-unmatched');

    // Both 危险化学品 names are the directory's 危险化学品: one item, the firms it reaches.
    const offered = await category('危险化学品生产企业').getByTestId('checklist-category-map').locator('option').allInnerTexts();
    const chemicals = offered.map((o) => o.match(/^对应到名录中的“危险化学品”（(\d+) 家）$/)).find(Boolean);
    assert.ok(chemicals, offered.join(' | '));
    await category('危险化学品生产企业').getByTestId('checklist-category-map').selectOption('to:危险化学品');
    await category('危险化学品').waitFor();
    await category('危险化学品经营企业').getByTestId('checklist-category-map').selectOption('to:危险化学品');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="checklist-category"]').length === 2);
    assert.equal(await count(category('危险化学品'), 'data-items'), 1, 'the item names 危险化学品 once');
    assert.equal(await count(category('危险化学品'), 'data-firms'), Number(chemicals[1]));
    assert.equal(await count(without, 'data-count'), firms - dust - Number(chemicals[1]));

    // A checklist with an item for every firm (全部) leaves no firm without one; an
    // item industry can also be let go of, its item then applying to every firm.
    await page.getByTestId('import-checklist').setInputFiles({ name: '抽查事项清单.csv', mimeType: 'text/csv',
      buffer: Buffer.from(CHECKLIST.replace('粉尘涉爆,一般', '全部,一般'), 'utf8') });
    await page.locator('[data-testid="checklist-firms-without-items"][data-count="0"]').waitFor();
    await category('危险化学品生产企业').getByTestId('checklist-category-map').selectOption('all');
    await page.waitForFunction(() => !document.querySelector('[data-testid="checklist-category"][data-category="危险化学品生产企业"]'));
    await screenshot(page, 'checklist-2-mapped');
    assertNoErrors(problems, 'the plan page');
    await context.close();
  });
});
