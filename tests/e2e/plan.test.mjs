// The 计划 page (#/plan): importing the directories (GBK detected, errors marked
// in place and nothing imported), editing the plan with live counts, the draft
// surviving a reload, and the project file going out and back in.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors, loadDemo, confirmYes } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

/** The enterprise CSV of `fairdraw demo` with `firms` firms, as the command line writes it. */
function demoDirectory(firms) {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'fairdraw'], { cwd: repoRoot, stdio: 'inherit' });
  const binary = path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target'), 'debug', 'fairdraw');
  const dir = mkdtempSync(path.join(tmpdir(), 'fairdraw-plan-'));
  execFileSync(binary, ['demo', '--out', dir, '--enterprises', String(firms), '--inspectors', '100']);
  return path.join(dir, 'enterprises.csv');
}
// Made by Python's gb18030 codec: see tests/fixtures/import/README.md.
const GBK = readFileSync(path.join(here, '..', 'fixtures', 'import', 'enterprises_gbk.csv'));

// Row 3 has a code with a wrong check character and a risk class that does not exist.
const WITH_ERRORS = [
  '统一社会信用代码,企业名称,风险等级,登记状态',
  '91350102MA2Y4B7K18,福州市鼓楼区示例餐饮有限公司,B,存续',
  '91350102MA2Y4B7K19,错误代码有限公司,Z,存续',
].join('\r\n');

const INSPECTORS = [
  '执法证号,姓名,单位,部门,片区,执法类别,执法证有效期至,专家,状态',
  '35010021001,林晓明,鼓楼所,市场监管,鼓楼所,食品安全,2027-06-30,否,在岗',
  '35010021002,陈静,仓山所,市场监管,仓山所,食品安全,2027-12-31,否,在岗',
  'ZJ-0001,王磊,福州大学,专家库,,危险化学品,,是,在岗',
].join('\r\n');

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function ready(page) {
  await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
}

async function choose(page, testid, name, buffer) {
  await page.getByTestId(testid).setInputFiles({ name, mimeType: 'text/csv', buffer });
}

/** Sets a plan field the way a person does: type, then Enter. */
async function edit(locator, value) {
  await locator.fill(value);
  await locator.press('Enter');
}

describe('plan', () => {
  test('a directory of 100,000 firms is read off the page\'s thread, which shows the rows read', { timeout: TEST_TIMEOUT }, async () => {
    const csv = demoDirectory(100000);
    const { context, page, problems } = await openPage(browser, '#/plan');
    await ready(page);
    const workers = [];
    page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
    // Every rows-read figure the page shows, recorded as it is shown: the page can
    // show one only while it is free between the worker's reports.
    await page.evaluate(() => {
      window.rowsShown = [];
      new MutationObserver(() => {
        const status = document.querySelector('[data-testid="reading-rows-enterprises"]');
        if (status) window.rowsShown.push([Number(status.dataset.done), Number(status.dataset.total)]);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-done'] });
    });
    await page.getByTestId('import-enterprises').setInputFiles(csv);
    // The plan is edited while the file is read: what is typed, before Enter, stays
    // through the renders the rows read cause.
    const name = page.getByTestId('plan-name');
    await name.fill('边读边写的计划');
    await page.getByTestId('reading-rows-enterprises').waitFor();
    await page.locator('[data-testid="slot-enterprises"][data-records="100000"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await name.inputValue(), '边读边写的计划', 'the text typed while the file was read');
    await name.press('Enter');
    assert.ok(workers.some((p) => p.endsWith('/import-worker.js')), `read in the import worker (workers: ${workers.join(', ')})`);
    const shown = await page.evaluate(() => window.rowsShown);
    const partway = shown.filter(([done, total]) => total === 100000 && done > 0 && done < total);
    assert.ok(partway.length > 0, `the rows read were shown on the way: ${JSON.stringify(shown.slice(0, 12))}`);
    const counts = shown.map(([done]) => done).filter((done) => done > 0);
    assert.deepEqual(counts, [...counts].sort((a, b) => a - b), 'the rows read only grow');
    assert.equal(await page.getByTestId('reading-rows-enterprises').count(), 0, 'the status goes once the file is read');
    await page.locator('[data-testid="import-summary"][data-ok="true"]').waitFor();
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: TIMEOUT });
    // Taken by the project: a field shows the value held after each change made in it.
    assert.equal(await name.inputValue(), '边读边写的计划');
    assertNoErrors(problems, 'the plan page');
    await context.close();
  });


  test('where the import worker cannot start, the page reads the file itself', { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    let refused = 0;
    await context.route('**/import-worker.js', (route) => { refused += 1; return route.fulfill({ status: 404, body: '' }); });
    const { page, problems } = await openPage(browser, '#/plan', { context });
    await ready(page);
    await choose(page, 'import-inspectors', '人员.csv', Buffer.from(INSPECTORS, 'utf8'));
    await page.locator('[data-testid="slot-inspectors"][data-records="3"]').waitFor();
    await page.locator('[data-testid="import-summary"][data-ok="true"]').waitFor();
    assert.equal(refused, 1, 'the worker was asked for once, and refused');
    // The refused script is the only error: Chromium logs the failed load.
    assertNoErrors({ ...problems, errors: problems.errors.filter((e) => !/import-worker\.js|404/.test(e)) }, 'the plan page');
    await context.close();
  });

  test('import, edit, reload, export and open again', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await ready(page);

    // A GBK file from Excel: detected and imported.
    await choose(page, 'import-enterprises', '名录.csv', GBK);
    await page.locator('[data-testid="import-summary"][data-ok="true"]').waitFor();
    assert.equal(await page.getByTestId('import-encoding-used').getAttribute('data-encoding'), 'gb18030');
    await page.locator('[data-testid="slot-enterprises"][data-records="3"]').waitFor();
    assert.match(await page.getByTestId('import-preview').innerText(), /福建示例化工有限公司/);

    // A file with errors: marked in its cell, listed, and not imported.
    await choose(page, 'import-enterprises', '有错误.csv', Buffer.from(WITH_ERRORS, 'utf8'));
    await page.locator('[data-testid="import-summary"][data-ok="false"]').waitFor();
    const cell = page.locator('[data-testid="problem-cell"][data-row="3"][data-column="统一社会信用代码"]');
    await cell.waitFor();
    assert.match(await cell.innerText(), /校验/);
    assert.equal(await cell.evaluate((el) => el.classList.contains('cell-error')), true);
    await page.locator('[data-testid="problem-cell"][data-row="3"][data-column="风险等级"]').waitFor();
    const listed = page.locator('[data-testid="import-problems"] li[data-row="3"]');
    assert.ok((await listed.count()) >= 2);
    assert.match(await listed.first().innerText(), /第 3 行/);
    assert.equal(await page.locator('[data-testid="problem-cell"][data-row="2"]').count(), 0);
    await screenshot(page, 'plan-import-errors');
    assert.equal(await page.getByTestId('slot-enterprises').getAttribute('data-records'), '3');

    await choose(page, 'import-inspectors', '人员.csv', Buffer.from(INSPECTORS, 'utf8'));
    await page.locator('[data-testid="slot-inspectors"][data-records="3"]').waitFor();

    // The demo directories and a plan edit: counts follow the ratio at once. The
    // directories imported above would be lost, so the page asks first.
    await loadDemo(page, { replacing: true });
    const editor = page.getByTestId('plan-editor');
    await edit(editor.getByTestId('plan-name'), '2026年测试抽查计划');
    const rowA = page.locator('[data-testid="task-result"][data-number="001"] [data-testid="stratum-row"][data-label="A"]');
    const sizeA = Number(await rowA.getAttribute('data-size'));
    const before15 = Number(await rowA.getAttribute('data-count'));
    assert.ok(sizeA > 0);
    assert.equal(before15, Math.ceil(sizeA * 0.15));
    await edit(editor.getByTestId('task').first().getByTestId('rule-ratio').first(), '30');
    await page.waitForFunction(
      ([sel, old]) => { const el = document.querySelector(sel); return el && el.dataset.count !== old; },
      ['[data-testid="task-result"][data-number="001"] [data-testid="stratum-row"][data-label="A"]', String(before15)],
    );
    const after30 = Number(await rowA.getAttribute('data-count'));
    assert.equal(after30, Math.ceil(sizeA * 0.30));
    assert.equal(await page.getByTestId('feasibility').getAttribute('data-ok'), 'true');

    // An impossible team size makes the plan infeasible, with the reason shown.
    const teamSize = editor.getByTestId('task').first().getByTestId('task-team-size');
    await edit(teamSize, '1');
    await page.locator('[data-testid="feasibility"][data-ok="false"]').waitFor();
    assert.match(await page.getByTestId('feasibility').innerText(), /\S/);
    await edit(teamSize, '2');
    await page.locator('[data-testid="feasibility"][data-ok="true"]').waitFor();

    // A ratio as plans state it, a range: the page asks once how the count is fixed
    // inside it, and the counts follow that rule.
    const ratio = editor.getByTestId('task').first().getByTestId('rule-ratio').first();
    assert.ok((await ratio.getAttribute('aria-label')).length > 0, 'the ratio field is labelled');
    assert.equal(await page.getByTestId('plan-range-choice').count(), 0);
    await edit(ratio, '30%–40%');
    await page.getByTestId('plan-range-choice').waitFor();
    assert.equal(await ratio.inputValue(), '30-40');
    assert.equal(await page.getByTestId('plan-range-choice').inputValue(), 'low');
    assert.equal(Number(await rowA.getAttribute('data-count')), after30);
    await page.getByTestId('plan-range-choice').selectOption('high');
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.dataset.count === want,
      ['[data-testid="task-result"][data-number="001"] [data-testid="stratum-row"][data-label="A"]', String(Math.ceil(sizeA * 0.40))],
    );
    await screenshot(page, 'plan-range');
    await page.getByTestId('plan-range-choice').selectOption('low');
    // The choice re-renders the rule: typing before it has would be overwritten.
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.dataset.count === want,
      ['[data-testid="task-result"][data-number="001"] [data-testid="stratum-row"][data-label="A"]', String(after30)],
    );
    await edit(ratio, '30');
    await page.waitForFunction(() => !document.querySelector('[data-testid="plan-range-choice"]'));

    // The year's line: all tasks together against the year's minimum.
    const year = page.getByTestId('year-total');
    const total = Number(await year.getAttribute('data-total'));
    const counts = await page.getByTestId('task-result').evaluateAll((ts) => ts.map((x) => Number(x.dataset.count)));
    assert.equal(total, counts.reduce((a, b) => a + b, 0));
    assert.match(await year.innerText(), /全年合计/);
    // On a wide screen the consequences stay beside the editor while it scrolls.
    await page.setViewportSize({ width: 1600, height: 900 });
    const side = await page.evaluate(() => {
      const editorBox = document.querySelector('[data-testid="plan-editor"]').getBoundingClientRect();
      const report = document.querySelector('.plan-report');
      return { beside: report.getBoundingClientRect().left >= editorBox.right - 1, sticky: getComputedStyle(report).position };
    });
    assert.deepEqual(side, { beside: true, sticky: 'sticky' });
    await screenshot(page, 'plan-side-panel');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The records' rules say how many firms each keeps out, and take the department's other names.
    assert.match(await page.getByTestId('excluded-yearly-cap').getAttribute('data-count'), /^\d+$/);
    assert.match(await page.getByTestId('excluded-higher-level').getAttribute('data-count'), /^\d+$/);
    await edit(editor.getByTestId('plan-department-names'), '开发区应急局，秦皇岛开发区应急管理局');
    assert.equal(await editor.getByTestId('plan-department-names').inputValue(), '开发区应急局、秦皇岛开发区应急管理局');
    await screenshot(page, 'plan-editor');

    // The draft survives a reload.
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    await page.locator('[data-testid="slot-enterprises"][data-records="2000"]').waitFor();
    assert.equal(await page.getByTestId('plan-name').inputValue(), '2026年测试抽查计划');
    assert.equal(await page.getByTestId('rule-ratio').first().inputValue(), '30');
    assert.equal(Number(await rowA.getAttribute('data-count')), after30);

    // Export the project, change it outside, open it again.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').click()]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.format, 'fairdraw-project');
    assert.equal(exported.plan.name, '2026年测试抽查计划');
    assert.equal(exported.plan.tasks[0].sampling.rules[0].ratio_bp, 3000);
    assert.equal(exported.directories.enterprises.length, 2000);
    exported.plan.name = '从文件打开的计划';
    await page.getByTestId('project-import').setInputFiles({
      name: 'project.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)),
    });
    await confirmYes(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-name"]').value === '从文件打开的计划');

    // A file that is not a project is refused and changes nothing.
    await page.getByTestId('project-import').setInputFiles({
      name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}'),
    });
    await page.getByTestId('plan-notice').waitFor();
    assert.equal(await page.getByTestId('confirm-dialog').count(), 0, 'nothing to ask about a file that is not a project');
    assert.equal(await page.getByTestId('plan-name').inputValue(), '从文件打开的计划');

    assertNoErrors(problems, '#/plan');
    await context.close();
  });

  test('an extra column of the directory is published for a selected firm only when ticked', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await ready(page);
    const csv = ['统一社会信用代码,企业名称,行业,区域,信用风险分类,法定代表人', '91130302MA0RFAB6AN,秦皇岛示例有限公司,制造业,城关镇,A,张三'].join('\r\n');
    await choose(page, 'import-enterprises', '名录.csv', Buffer.from(csv, 'utf8'));
    await page.locator('[data-testid="import-summary"][data-ok="true"]').waitFor();
    const box = page.locator('[data-testid="map-column-public"][data-header="法定代表人"]');
    assert.equal(await box.isChecked(), false, 'confidential unless declared');
    const exported = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').click()]);
      return JSON.parse(readFileSync(await download.path(), 'utf8'));
    };
    assert.ok(!((await exported()).plan.public_fields ?? []).includes('attr:法定代表人'));
    await box.check();
    await page.locator('[data-testid="map-column-public"][data-header="法定代表人"]:checked').waitFor();
    const project = await exported();
    assert.ok(project.plan.public_fields.includes('attr:法定代表人'), JSON.stringify(project.plan.public_fields));
    assert.equal(project.directories.enterprises[0].attrs['法定代表人'], '张三');
    await box.uncheck();
    await page.waitForFunction(() => !document.querySelector('[data-testid="map-column-public"][data-header="法定代表人"]').checked);
    assert.ok(!((await exported()).plan.public_fields ?? []).includes('attr:法定代表人'));
    assertNoErrors(problems, '#/plan');
    await context.close();
  });
});
