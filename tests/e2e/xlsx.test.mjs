// XLSX on the 计划 page: workbooks read through the separately loaded XLSX module
// (pkg/fairdraw_xlsx*), errors marked in their Excel row and column and nothing
// imported, sheets chosen, Excel templates that import back, a module that fails
// to load reported; and the pages that verify never download that module.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, launch, openPage, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// Written by openpyxl: see tests/fixtures/import/make_xlsx_fixtures.py.
const fixture = (name) => readFileSync(path.join(here, '..', 'fixtures', 'import', name));
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MODULE = /fairdraw_xlsx/;

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function ready(page) {
  await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
}

async function choose(page, kind, name, buffer) {
  await page.getByTestId(`import-${kind}`).setInputFiles({ name, mimeType: XLSX_MIME, buffer });
}

const summary = (page, ok) => page.locator(`[data-testid="import-summary"][data-ok="${ok}"]`).waitFor();

describe('xlsx', () => {
  test('an inspector workbook: errors in place, then a correct one imported, sheets chosen', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await ready(page);
    assert.equal(problems.requests.filter((u) => MODULE.test(u)).length, 0, 'not loaded before a workbook is chosen');

    await choose(page, 'inspectors', '执法人员（有错误）.xlsx', fixture('inspectors_errors.xlsx'));
    await summary(page, false);
    // Each error in its cell, by Excel row and header.
    for (const [row, column, message] of [
      ['3', '执法证号', /与第 2 行重复/],
      ['4', '姓名', /必填项为空/],
      ['5', '执法证有效期至', /不是有效日期/],
      ['6', '执法证号', /单元格 A6 的数字 350102199001011000 超过 15 位有效数字[\s\S]*文本/],
    ]) {
      const cell = page.locator(`[data-testid="problem-cell"][data-row="${row}"][data-column="${column}"]`);
      await cell.waitFor();
      assert.match(await cell.innerText(), message);
      assert.equal(await cell.evaluate((el) => el.classList.contains('cell-error')), true);
    }
    assert.equal(await page.locator('[data-testid="problem-cell"][data-row="2"]').count(), 0);
    assert.equal(await page.locator('[data-testid="problem-cell"][data-row="7"]').count(), 0);
    assert.match(await page.locator('[data-testid="import-problems"] li[data-row="6"]').innerText(), /第 6 行，“执法证号”列/);
    // Numbers and date cells as Excel shows them.
    const preview = await page.getByTestId('import-preview').innerText();
    assert.match(preview, /35010021001/);
    assert.doesNotMatch(preview, /35010021001\.0|E\+/);
    assert.match(preview, /2027-06-30/);
    assert.equal(await page.getByTestId('import-encoding').count(), 0, 'no encoding for a workbook');
    assert.equal(await page.getByTestId('import-sheet').count(), 0, 'one sheet: nothing to choose');
    assert.equal(await page.getByTestId('slot-inspectors').getAttribute('data-records'), '0');
    await screenshot(page, 'xlsx-import-errors');

    await choose(page, 'inspectors', '执法人员.xlsx', fixture('inspectors.xlsx'));
    await summary(page, true);
    await page.locator('[data-testid="slot-inspectors"][data-records="4"]').waitFor();
    assert.match(await page.getByTestId('import-preview').innerText(), /0035010021004/);
    const sheet = page.getByTestId('import-sheet');
    assert.deepEqual(await sheet.locator('option').allInnerTexts(), ['执法人员', '填写说明']);
    // The notes sheet is no directory: refused, and what was imported stays.
    await sheet.selectOption('1');
    await summary(page, false);
    await page.locator('[data-testid="import-problems"] li').first().waitFor();
    assert.equal(await page.getByTestId('slot-inspectors').getAttribute('data-records'), '4');
    await page.getByTestId('import-sheet').selectOption('0');
    await summary(page, true);
    await screenshot(page, 'xlsx-import-ok');

    // Loaded once, from this site.
    const loads = problems.requests.filter((u) => /fairdraw_xlsx_bg\.wasm/.test(u));
    assert.equal(loads.length, 1, loads.join('\n'));
    assertNoErrors(problems);
    await context.close();
  });

  test('Excel templates download and import back', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await ready(page);
    for (const [kind, rows] of [['enterprises', 3], ['inspectors', 3], ['checklist', 2], ['history', 2]]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`template-xlsx-${kind}`).click()]);
      assert.match(download.suggestedFilename(), /模板\.xlsx$/);
      const chunks = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', `${kind}: a ZIP archive`);
      await choose(page, kind, download.suggestedFilename(), bytes);
      await summary(page, true);
      await page.locator(`[data-testid="slot-${kind}"][data-records="${rows}"]`).waitFor();
      // The CSV template: one byte order mark (Excel needs it to read UTF-8), not two.
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`template-${kind}`).click()]);
      const csvChunks = [];
      for await (const chunk of await csv.createReadStream()) csvChunks.push(chunk);
      const csvBytes = Buffer.concat(csvChunks);
      assert.deepEqual([...csvBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${kind}: a BOM`);
      assert.notDeepEqual([...csvBytes.subarray(3, 6)], [0xef, 0xbb, 0xbf], `${kind}: only one BOM`);
    }
    assertNoErrors(problems);
    await context.close();
  });

  test("a platform's export: an .xls with title rows, merged townships and footers, and a GBK inspector list", { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await ready(page);
    await page.getByTestId('import-enterprises').setInputFiles({ name: '抽查对象名录.xls', mimeType: 'application/vnd.ms-excel', buffer: fixture('enterprises_bureau.xls') });
    await summary(page, true);
    const notices = await page.getByTestId('import-problems').innerText();
    for (const said of ['已跳过表头上方 3 行', '合并单元格', '已跳过表尾 3 行']) assert.ok(notices.includes(said), `${said} in:\n${notices}`);
    await page.locator('[data-testid="slot-enterprises"][data-records="10"]').waitFor();
    // The township merged over its firms reaches every one of them.
    const preview = await page.getByTestId('import-preview').innerText();
    const row = preview.split('\n').find((line) => line.includes('示例县东湖烟花爆竹经营部'));
    assert.ok(row && row.split('\t').map((c) => c.trim()).includes('东湖镇'), `the township filled down: ${row}`);
    await screenshot(page, 'import-bureau-xls');

    await page.getByTestId('import-inspectors').setInputFiles({ name: '执法人员.csv', mimeType: 'text/csv', buffer: fixture('inspectors_bureau_gbk.csv') });
    await summary(page, true);
    const said = await page.getByTestId('import-problems').innerText();
    assert.ok(said.includes('暂停执法'), said);
    assert.ok(said.includes('负责片区'), said);
    await page.locator('[data-testid="slot-inspectors"][data-records="5"]').waitFor();
    assertNoErrors(problems);
    await context.close();
  });

  test('the same export as an .xlsx, and a header row set by hand and found again', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await ready(page);
    await page.getByTestId('import-enterprises').setInputFiles({ name: '抽查对象名录.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: fixture('enterprises_bureau.xlsx') });
    await summary(page, true);
    const notices = await page.getByTestId('import-problems').innerText();
    for (const said of ['已跳过表头上方 3 行', '合并单元格', '已跳过表尾 3 行']) assert.ok(notices.includes(said), `${said} in:\n${notices}`);
    await page.locator('[data-testid="slot-enterprises"][data-records="10"]').waitFor();
    const header = page.getByTestId('import-header-row');
    assert.deepEqual([await header.inputValue(), await header.getAttribute('data-set')], ['4', 'false']);
    // The first firm's row taken as the header: nothing is recognised, the file is
    // refused, and the directory imported before stays.
    await header.fill('5');
    await header.press('Enter');
    await page.locator('[data-testid="import-header-row"][data-set="true"]').waitFor();
    await summary(page, false);
    assert.equal(await page.getByTestId('slot-enterprises').getAttribute('data-records'), '10');
    await screenshot(page, 'import-header-row-set');
    await page.getByTestId('import-header-auto').click();
    await page.locator('[data-testid="import-header-row"][data-set="false"]').waitFor();
    assert.equal(await header.inputValue(), '4');
    await summary(page, true);
    assertNoErrors(problems);
    await context.close();
  });

  test('a module that cannot be loaded is reported, and loads on the next try', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await ready(page);
    await page.route('**/fairdraw_xlsx_bg.wasm', (route) => route.abort());
    await choose(page, 'inspectors', '执法人员.xlsx', fixture('inspectors.xlsx'));
    await summary(page, false);
    assert.match(await page.getByTestId('import-problems').innerText(), /无法加载 Excel（XLSX）组件/);
    assert.equal(await page.getByTestId('slot-inspectors').getAttribute('data-records'), '0');
    await page.unroute('**/fairdraw_xlsx_bg.wasm');
    await choose(page, 'inspectors', '执法人员.xlsx', fixture('inspectors.xlsx'));
    await summary(page, true);
    await page.locator('[data-testid="slot-inspectors"][data-records="4"]').waitFor();
    // The aborted request is the expected failure; nothing else went wrong.
    problems.errors = problems.errors.filter((e) => !/fairdraw_xlsx_bg\.wasm|WebAssembly|Failed to fetch|fetch/.test(e));
    assertNoErrors(problems);
    await context.close();
  });

  test('the home and verification pages never load the XLSX module', { timeout: TEST_TIMEOUT }, async () => {
    // The verification page runs its own small module (tests/e2e/verify.test.mjs).
    for (const [rel, module] of [['', /fairdraw_www_bg\.wasm/], ['#/verify', /fairdraw_verify_bg\.wasm/]]) {
      const { context, page, problems } = await openPage(browser, rel);
      await page.waitForLoadState('networkidle');
      assert.ok(problems.requests.some((u) => module.test(u)), `${rel}: the page's wasm loads`);
      assert.deepEqual(problems.requests.filter((u) => MODULE.test(u)), [], `${rel || 'home'}`);
      assertNoErrors(problems);
      await context.close();
    }
  });
});
