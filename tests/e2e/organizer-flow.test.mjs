// The whole organiser workflow as a new user goes through it, in one browser tab:
// start from the demo example's plan, import over its directories a GB18030 CSV
// enterprise directory, an XLSX inspector directory, a
// checklist and this year's history (each first with errors, which are marked in
// place and import nothing), build a two-task plan, commit as a rehearsal to the
// recorded quicknet round 1000, draw with that real round, download the bundle and
// check it with `fairdraw verify` and with the verification page. The page is
// reloaded after the imports and after the commitment: nothing is lost.
//
// The input files are made at test time by `fairdraw demo --format gbk|xlsx`
// (GB18030 through encoding_rs, XLSX through rust_xlsxwriter; the site reads them
// with its own decoder and calamine); the XLSX with errors is the openpyxl-made
// fixture in tests/fixtures/import/.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors, loadDemo, confirmYes } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const ROUND_1000 = readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'ceremony', 'round-1000.json'), 'utf8');
const INSPECTORS_WITH_ERRORS = path.join(repoRoot, 'tests', 'fixtures', 'import', 'inspectors_errors.xlsx');
const ENTERPRISES = 300;
const INSPECTORS = 40;

const binary = () => path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target'), 'debug', 'fairdraw');
function fairdraw(args) {
  return spawnSync(binary(), args, { encoding: 'utf8', cwd: repoRoot });
}

const CRLF = Buffer.from('\r\n');
/** The lines of a CSV file as bytes. GB18030 never uses CR, LF or commas inside a character. */
function lines(bytes) {
  const out = [];
  let start = 0;
  for (let at = bytes.indexOf(CRLF); at >= 0; at = bytes.indexOf(CRLF, start)) {
    out.push(bytes.subarray(start, at));
    start = at + 2;
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}
/** Replaces field `column` (0-based) of spreadsheet row `row` (header = row 1) with ASCII `value`. */
function withField(bytes, row, column, value) {
  const all = lines(bytes);
  const fields = [];
  let start = 0;
  const line = all[row - 1];
  for (let at = line.indexOf(0x2c); at >= 0; at = line.indexOf(0x2c, start)) {
    fields.push(line.subarray(start, at));
    start = at + 1;
  }
  fields.push(line.subarray(start));
  fields[column] = Buffer.from(value, 'ascii');
  const joined = [];
  fields.forEach((f, i) => { if (i) joined.push(Buffer.from(',')); joined.push(f); });
  all[row - 1] = Buffer.concat(joined);
  const out = [];
  all.forEach((l, i) => { if (i) out.push(CRLF); out.push(l); });
  return Buffer.concat([...out, CRLF]);
}
const field = (bytes, row, column) => lines(bytes)[row - 1].toString('latin1').split(',')[column];

let browser;
let gbk;
let xlsx;
before(async () => {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'fairdraw'], { cwd: repoRoot, stdio: 'inherit' });
  const dir = mkdtempSync(path.join(tmpdir(), 'fairdraw-flow-'));
  gbk = path.join(dir, 'gbk');
  xlsx = path.join(dir, 'xlsx');
  for (const [out, format] of [[gbk, 'gbk'], [xlsx, 'xlsx']]) {
    const made = fairdraw(['demo', '--out', out, '--enterprises', String(ENTERPRISES), '--inspectors', String(INSPECTORS), '--format', format]);
    assert.equal(made.status, 0, made.stderr);
  }
  browser = await launch();
});
after(async () => { if (browser) await browser.close(); });

async function restored(page) {
  await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
}
async function saved(page) {
  await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
}
async function go(page, id) {
  await page.getByTestId(`nav-${id}`).click();
  await page.getByTestId(`section-${id}`).waitFor();
}
async function choose(page, kind, name, buffer, mimeType = 'text/csv') {
  await page.getByTestId(`import-${kind}`).setInputFiles({ name, mimeType, buffer });
}
async function refused(page, kind, records) {
  await page.locator('[data-testid="import-summary"][data-ok="false"]').waitFor();
  assert.equal(await page.getByTestId(`slot-${kind}`).getAttribute('data-records'), records, `nothing of the file with errors is imported into ${kind}`);
}
async function imported(page, kind, records) {
  await page.locator('[data-testid="import-summary"][data-ok="true"]').waitFor();
  await page.locator(`[data-testid="slot-${kind}"][data-records="${records}"]`).waitFor();
}
/** The page fits the window's width: wide tables scroll inside it instead. */
async function fitsWidth(page, what) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${what}: the page is ${scroll}px wide in a ${width}px window`);
}
/** Sets a field the way a person does: type, then Enter. */
async function edit(locator, value) {
  await locator.fill(value);
  await locator.press('Enter');
}

describe('organiser workflow', () => {
  test('import with errors, plan two tasks, commit, reload, draw, verify', { timeout: TEST_TIMEOUT * 3 }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await restored(page);
    const dir = mkdtempSync(path.join(tmpdir(), 'fairdraw-flow-files-'));
    // A new project is blank: the demo's two-task plan is the starting point here,
    // its invented directories replaced one by one below (a file with errors
    // replaces nothing, so the demo's counts stay until the good file).
    await loadDemo(page);
    const demo = {};
    for (const kind of ['enterprises', 'inspectors', 'history']) {
      demo[kind] = await page.getByTestId(`slot-${kind}`).getAttribute('data-records');
    }

    // 1. The enterprise directory, GB18030 as Excel on Chinese Windows saves it.
    const enterprises = readFileSync(path.join(gbk, 'enterprises.csv'));
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(enterprises), 'the file is not UTF-8');
    const code = field(enterprises, 3, 0);
    const badCode = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    await choose(page, 'enterprises', '企业名录.csv', withField(enterprises, 3, 0, badCode));
    await refused(page, 'enterprises', demo.enterprises);
    const cell = page.locator('[data-testid="problem-cell"][data-row="3"][data-column="统一社会信用代码"]');
    await cell.waitFor();
    assert.match(await cell.innerText(), /校验/);
    assert.match(await page.locator('[data-testid="import-problems"] li[data-row="3"]').first().innerText(), /第 3 行/);
    await screenshot(page, 'flow-01-enterprises-errors');
    await choose(page, 'enterprises', '企业名录.csv', enterprises);
    await imported(page, 'enterprises', String(ENTERPRISES));
    assert.equal(await page.getByTestId('import-encoding-used').getAttribute('data-encoding'), 'gb18030');
    await screenshot(page, 'flow-02-enterprises');

    // 2. The inspector directory as an Excel workbook: first one with errors.
    const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    await choose(page, 'inspectors', '执法人员（有错误）.xlsx', readFileSync(INSPECTORS_WITH_ERRORS), xlsxType);
    await refused(page, 'inspectors', demo.inspectors);
    for (const row of ['3', '4', '5', '6']) {
      await page.locator(`[data-testid="problem-cell"][data-row="${row}"]`).first().waitFor();
    }
    await fitsWidth(page, 'the preview of a file with errors');
    await screenshot(page, 'flow-03-inspectors-errors');
    await choose(page, 'inspectors', '执法人员.xlsx', readFileSync(path.join(xlsx, 'inspectors.xlsx')), xlsxType);
    await imported(page, 'inspectors', String(INSPECTORS));

    // 3. The checklist, and this year's history with an impossible date in row 2.
    const checklist = readFileSync(path.join(gbk, 'checklist.csv'));
    await choose(page, 'checklist', '抽查事项清单.csv', checklist);
    await imported(page, 'checklist', String(lines(checklist).length - 1));
    const history = readFileSync(path.join(gbk, 'history.csv'));
    await choose(page, 'history', '已检查记录.csv', withField(history, 2, 1, '2026-13-40'));
    await refused(page, 'history', demo.history);
    await page.locator('[data-testid="problem-cell"][data-row="2"][data-column="检查日期"]').waitFor();
    await choose(page, 'history', '已检查记录.csv', history);
    const historyRecords = String(lines(history).length - 1);
    await imported(page, 'history', historyRecords);
    await saved(page);

    // A reload in the middle loses nothing.
    await page.reload({ waitUntil: 'load' });
    await restored(page);
    for (const [kind, records] of [['enterprises', ENTERPRISES], ['inspectors', INSPECTORS], ['history', historyRecords]]) {
      await page.locator(`[data-testid="slot-${kind}"][data-records="${records}"]`).waitFor();
    }
    await screenshot(page, 'flow-04-after-reload');

    // 4. Two tasks: the first 定向 by risk class as the template has it; the second
    //    replaced by a new 不定向 task stratified by region.
    const editor = page.getByTestId('plan-editor');
    await edit(editor.getByTestId('plan-number'), '2026099');
    await edit(editor.getByTestId('plan-name'), '2026年开发区安全生产全流程演练计划');
    await editor.getByTestId('task').nth(1).getByTestId('remove-task').click();
    await confirmYes(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="task"]').length === 1);
    await editor.getByTestId('add-task').click();
    const second = editor.getByTestId('task').nth(1);
    await second.waitFor();
    assert.equal(await second.getAttribute('data-number'), '002');
    await edit(second.getByTestId('task-name'), '2026年不定向随机抽查（按片区）');
    await second.getByTestId('strata-region').check();
    await edit(second.getByTestId('rule-ratio').first(), '10');
    await edit(second.getByTestId('task-window-start'), '2026-12-01');
    await edit(second.getByTestId('task-window-end'), '2026-12-31');
    await second.getByTestId('task-cross-region').check();
    await page.locator('[data-testid="task-result"][data-number="002"] [data-testid="stratum-row"]').first().waitFor();
    const regionRows = await page.locator('[data-testid="task-result"][data-number="002"] [data-testid="stratum-row"]').count();
    assert.ok(regionRows > 1, 'the second task is stratified by region');
    await page.locator('[data-testid="feasibility"][data-ok="true"]').waitFor();
    await saved(page);
    await fitsWidth(page, 'the plan editor');
    await screenshot(page, 'flow-05-plan');

    // 5. Commit, as a rehearsal on the recorded round 1000.
    await go(page, 'commit');
    await page.locator('[data-testid="commit-readiness"][data-ready="true"]').waitFor();
    await page.getByTestId('commit-rehearsal').check();
    await page.getByTestId('commit-round-input').fill('1000');
    await page.locator('[data-testid="commit-round"][data-round="1000"]').waitFor();
    await page.getByTestId('commit-button').click();
    await page.getByTestId('commitment-hash').waitFor();
    const hash = (await page.getByTestId('commitment-hash').innerText()).trim();
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.ok((await page.getByTestId('commit-notice').innerText()).includes('2026099'));
    await saved(page);
    await screenshot(page, 'flow-06-committed');

    // Another reload: the commitment is kept and the plan stays locked.
    await page.reload({ waitUntil: 'load' });
    await restored(page);
    await page.getByTestId('commitment-hash').waitFor();
    assert.equal((await page.getByTestId('commitment-hash').innerText()).trim(), hash);
    await go(page, 'plan');
    await page.getByTestId('plan-locked').waitFor();

    // 6. The draw with the real round, handed the project's commitment directly.
    await go(page, 'draw');
    await page.getByTestId('ceremony-use-project').click();
    await page.getByTestId('rehearsal-banner').first().waitFor();
    await page.getByTestId('ceremony-paste').fill(ROUND_1000);
    await page.getByTestId('ceremony-paste-submit').click();
    await page.locator('[data-testid="beacon-status"][data-state="verified"]').waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'flow-07-beacon');
    await page.getByTestId('ceremony-draw').click();
    await page.getByTestId('reveal-skip').click();
    await page.getByTestId('ceremony-qr').waitFor();
    await screenshot(page, 'flow-08-drawn');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ceremony-download').click()]);
    const bundleFile = path.join(dir, download.suggestedFilename());
    await download.saveAs(bundleFile);
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8'));
    assert.equal(bundle.commitment.commitment, hash);
    assert.equal(bundle.inputs.plan.number, '2026099');
    assert.deepEqual(bundle.result.tasks.map((t) => t.number), ['001', '002']);
    assert.equal(bundle.inputs.directories.enterprises.length, ENTERPRISES);
    assert.equal(bundle.inputs.directories.inspectors.length, INSPECTORS);
    assert.ok(bundle.result.tasks.every((t) => t.selected.length > 0));
    const revealed = await page.getByTestId('reveal-item').count();
    assert.equal(revealed, bundle.result.tasks.reduce((n, t) => n + t.selected.length, 0));

    // The auditor document above; beside it the public and sealed documents and the codes.
    assert.equal(bundle.document, 'auditor');
    const saveAs = async (testid) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
      const file = path.join(dir, d.suggestedFilename());
      await d.saveAs(file);
      return file;
    };
    const publicFile = await saveAs('ceremony-download-public');
    assert.match(publicFile, /-rehearsal-public\.json$/);
    const published = JSON.parse(readFileSync(publicFile, 'utf8'));
    assert.equal(published.document, 'public');
    assert.equal(published.inputs, undefined, 'the public document has no inputs');
    const unselected = bundle.inputs.directories.enterprises.filter((e) => !published.revealed.some((r) => r.id === e.id));
    const publicText = readFileSync(publicFile, 'utf8');
    assert.ok(unselected.length > 0 && unselected.every((e) => !publicText.includes(e.id)), 'no unselected firm is named');
    const sealedFile = await saveAs('ceremony-download-sealed');
    const codesFile = await saveAs('ceremony-download-codes');
    assert.equal(readFileSync(codesFile, 'utf8').trimEnd().split('\r\n').length, ENTERPRISES + 1, 'a code per firm');
    for (const [file, document] of [[publicFile, 'public'], [sealedFile, 'sealed']]) {
      const checked = fairdraw(['verify', file, '--json']);
      assert.equal(checked.status, 0, `fairdraw verify ${document} failed:\n${checked.stdout}\n${checked.stderr}`);
      assert.equal(JSON.parse(checked.stdout).document, document);
    }

    // 7. Checked by the command line…
    const cli = fairdraw(['verify', bundleFile]);
    assert.equal(cli.status, 0, `fairdraw verify failed:\n${cli.stdout}\n${cli.stderr}`);
    assert.match(cli.stdout, /REHEARSAL/);

    // …and by the verification page.
    await go(page, 'verify');
    await page.getByTestId('verify-file').setInputFiles(bundleFile);
    const verdict = page.locator(`[data-testid="verdict"][data-source="${download.suggestedFilename()}"]`);
    await verdict.waitFor({ timeout: TIMEOUT });
    assert.equal(await verdict.getAttribute('data-verdict'), 'rehearsal');
    assert.equal(await page.getByTestId('verify-commitment').getByTestId('short-hash').getAttribute('data-full'), hash);
    await screenshot(page, 'flow-09-verified');

    assertNoErrors(problems, 'the organiser workflow');
    await context.close();
  });
});
