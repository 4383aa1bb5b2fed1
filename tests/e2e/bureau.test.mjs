// From the bureau's own files to a compliant draw: a county's directory exported by
// a provincial platform as .xls (title and export rows above the header, 所属乡镇
// merged over each township's firms, 制表人/合计 rows below, 是/否 and √ flags) and
// its inspector list saved by Excel on Chinese Windows (GBK CSV, 执法中队 and 负责片区
// columns, a 备注 of 暂停执法), with seed 003's plan as last year's project file left
// it (15–20 % of A, B and C firms and 1–2 % of D firms except 重点 firms, the 黑名单
// at 100 %, 所所交叉, the year at least 3 %, the counts just enough for it). Every
// fix-up is said; the draw excludes the key firms, draws every blacklisted firm in
// scope and sends no inspector to a firm of their own township. This year's records
// name their departments as each office writes them: the organiser declares the
// department's short name and confirms the city's and province's offices as the
// level above, and the firms they keep out are not drawn.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const fixture = (name) => readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'import', name));
const ROUND_1000 = readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'ceremony', 'round-1000.json'), 'utf8');

const task = (number, name, risks, ratio, ratioMax, window) => ({
  number, name, directed: true,
  filter: [{ field: 'risk', op: 'in', values: risks }, { field: 'flag', op: 'not_in', values: ['key'] }],
  sampling: { strata_by: ['risk'], allocation: 'per_stratum', rules: [{ when: {}, ratio_bp: ratio, ratio_max_bp: ratioMax, count: null, min: 0, max: null }],
    rounding: 'ceil', min_total_bp: 0, census_flags: ['blacklist'], reserves: 2 },
  items: { fixed: [], draw: 0 },
  team: { size: 2, qualification: '安全生产综合', cross_region: true, departments: [], expert: false, expert_qualification: '', load_cap: 0 },
  window,
});

/** Seed 003's plan as a project file carries it, without directories. */
const PROJECT = {
  format: 'fairdraw-project', version: 1,
  plan: {
    number: '2026001', name: '2026年示例县安全生产领域内部联合随机抽查', department: '示例县应急管理局', year: 2026,
    rules: { yearly_cap: 2, cap_exempt_flags: ['abnormal', 'blacklist', 'penalized', 'serious_violation'], exclude_higher_level: true,
      active_statuses: ['active'], min_total_bp: 300, range_choice: 'year_minimum' },
    tasks: [
      task('001', '2026年第一次内部联合随机抽查', ['A', 'B', 'C'], 1500, 2000, { start: '2026-03-01', end: '2026-06-30' }),
      task('002', '2026年第二次内部联合随机抽查', ['D'], 100, 200, { start: '2026-07-01', end: '2026-10-31' }),
    ],
  },
  directories: { enterprises: [], inspectors: [], checklist: [], history: [] },
};

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function go(page, id) {
  await page.getByTestId(`nav-${id}`).click();
  await page.getByTestId(`section-${id}`).waitFor();
}

/** Confirms a replacement when the page asks for one. */
async function confirmIfAsked(page) {
  const yes = page.getByTestId('confirm-yes');
  if (await yes.isVisible().catch(() => false)) await yes.click();
}

describe("the bureau's own files", () => {
  test('a platform export and a GBK inspector list, drawn by seed 003\'s plan', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
    await page.getByTestId('project-import').setInputFiles({ name: '2026年抽查计划.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(PROJECT)) });
    await confirmIfAsked(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-number"]')?.value === '2026001');

    // The platform's workbook: every fix-up said, every column recognised.
    await page.getByTestId('import-enterprises').setInputFiles({ name: '抽查对象名录（全县）.xls', mimeType: 'application/vnd.ms-excel', buffer: fixture('enterprises_county.xls') });
    await page.locator('[data-testid="slot-enterprises"][data-records="300"]').waitFor({ timeout: TIMEOUT });
    const said = await page.getByTestId('import-problems').innerText();
    for (const fix of ['已跳过表头上方 3 行', '合并单元格', '已跳过表尾 2 行']) assert.ok(said.includes(fix), `${fix} in:\n${said}`);
    // Every column shown with what it was read as, none left to guess.
    const columns = page.getByTestId('column-mapping-row');
    assert.equal(await columns.count(), 7);
    assert.equal(await page.locator('[data-testid="column-mapping-row"][data-state="choose"]').count(), 0);
    assert.equal(await page.locator('[data-testid="map-column"][data-header="所属乡镇"]').inputValue(), 'region');
    assert.equal(await page.locator('[data-testid="map-column"][data-header="详细地址"]').inputValue(), 'address');
    await screenshot(page, 'bureau-1-enterprises');
    await page.getByTestId('import-inspectors').setInputFiles({ name: '执法人员名录.csv', mimeType: 'text/csv', buffer: fixture('inspectors_county_gbk.csv') });
    await page.locator('[data-testid="slot-inspectors"][data-records="40"]').waitFor({ timeout: TIMEOUT });
    const saidInspectors = await page.getByTestId('import-problems').innerText();
    for (const fix of ['暂停执法', '负责片区']) assert.ok(saidInspectors.includes(fix), `${fix} in:\n${saidInspectors}`);
    assert.equal(await page.getByTestId('import-encoding-used').getAttribute('data-encoding'), 'gb18030');
    assert.equal(await page.locator('[data-testid="map-column"][data-header="负责片区"]').inputValue(), 'region');
    assert.equal(await page.locator('[data-testid="column-mapping-row"][data-state="choose"]').count(), 0);
    // The qualification is one the list holds, chosen from its values with their counts.
    const qualification = page.getByTestId('task-qualification').first();
    assert.equal(await qualification.getAttribute('data-unknown'), 'false');
    const offered = await qualification.locator('option').allInnerTexts();
    assert.ok(offered.some((o) => /^安全生产综合（\d+ 人）$/.test(o)) && offered.some((o) => /^危险化学品（\d+ 人）$/.test(o)), offered.join(' | '));

    // This year's records, 检查机关 as each office writes it and no 层级 column: every
    // department they name is listed with what its records count as, and nothing
    // changes until the organiser says so.
    await page.getByTestId('import-history').setInputFiles({ name: '2026年检查记录.xls', mimeType: 'application/vnd.ms-excel', buffer: fixture('history_county.xls') });
    await page.locator('[data-testid="slot-history"][data-records="26"]').waitFor({ timeout: TIMEOUT });
    // The firm's name beside its code is known and not needed: nothing to decide.
    assert.equal(await page.locator('[data-testid="column-mapping-row"][data-state="choose"]').count(), 0);
    const department = (name) => page.locator(`[data-testid="history-department"][data-name="${name}"]`);
    const excludedBy = (rule, n) => page.locator(`[data-testid="excluded-${rule}"][data-count="${n}"]`).waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId('history-department').count(), 5);
    assert.equal(await department('示例县应急管理局').getAttribute('data-role'), 'own');
    assert.ok(await department('示例县应急管理局').getByTestId('history-department-role').isDisabled(), "the plan's own name is always its own");
    assert.equal(await department('示例县应急局').getAttribute('data-role'), 'other');
    for (const higher of ['示例市应急管理局', '示例省应急管理厅']) assert.equal(await department(higher).getAttribute('data-looks-higher'), 'true', higher);
    for (const same of ['示例县应急局', '示例县市场监督管理局']) assert.equal(await department(same).getAttribute('data-looks-higher'), 'false', same);
    // Firms 1-2 have two records under the plan's own name; nobody is the level above yet.
    await excludedBy('yearly-cap', 2);
    await excludedBy('higher-level', 0);
    // The short name is the department's own: firms 3-6 reach the cap of two.
    await department('示例县应急局').getByTestId('history-department-role').selectOption('own');
    await excludedBy('yearly-cap', 6);
    assert.equal(await page.getByTestId('plan-department-names').inputValue(), '示例县应急局');
    // The city's and the province's offices, confirmed as the level above: firms 7-14.
    await department('示例市应急管理局').getByTestId('history-department-confirm-higher').click();
    await excludedBy('higher-level', 6);
    await department('示例省应急管理厅').getByTestId('history-department-confirm-higher').click();
    await excludedBy('higher-level', 8);
    assert.equal(await department('示例省应急管理厅').getAttribute('data-role'), 'higher');
    assert.equal(await department('示例省应急管理厅').getAttribute('data-looks-higher'), 'false');
    // The county's market regulator stays another department: its two records per firm count for neither rule.
    assert.equal(await department('示例县市场监督管理局').getAttribute('data-role'), 'other');
    await page.getByTestId('history-departments').scrollIntoViewIfNeeded();
    await screenshot(page, 'bureau-2-history');

    await page.locator('[data-testid="feasibility"][data-ok="true"]').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
    await screenshot(page, 'bureau-2-plan');

    // Committed as a rehearsal to the recorded round 1000, then drawn.
    await go(page, 'commit');
    await page.locator('[data-testid="commit-readiness"][data-ready="true"]').waitFor({ timeout: TIMEOUT });
    const rehearsal = page.getByTestId('commit-rehearsal');
    if (!(await rehearsal.isChecked())) await rehearsal.check();
    await page.getByTestId('commit-round-input').fill('1000');
    await page.locator('[data-testid="commit-round"][data-round="1000"]').waitFor();
    await page.getByTestId('commit-button').click();
    await page.getByTestId('commitment-hash').waitFor({ timeout: TIMEOUT });
    await go(page, 'draw');
    await page.getByTestId('ceremony-use-project').click();
    await page.getByTestId('ceremony-paste').fill(ROUND_1000);
    await page.getByTestId('ceremony-paste-submit').click();
    await page.locator('[data-testid="beacon-status"][data-state="verified"]').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('ceremony-draw').click();
    await page.getByTestId('reveal-skip').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ceremony-download').click()]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'fairdraw-bureau-')), download.suggestedFilename());
    await download.saveAs(file);
    const auditor = JSON.parse(readFileSync(file, 'utf8'));
    await screenshot(page, 'bureau-3-drawn');

    const firms = new Map(auditor.inputs.directories.enterprises.map((e) => [e.id, e]));
    const inspectors = new Map(auditor.inputs.directories.inspectors.map((i) => [i.id, i]));
    assert.equal(firms.size, 300);
    const township = (id) => firms.get(id).region;
    assert.ok([...firms.values()].every((e) => e.region !== ''), 'every firm has its township, merged cells filled down');
    const selected = auditor.result.tasks.flatMap((t) => t.selected.map((s) => ({ task: t.number, ...s })));
    assert.ok(selected.length > 0);
    // 重点 firms are never drawn.
    for (const s of selected) assert.ok(!firms.get(s.id).flags.includes('key'), `${s.id} is a key firm`);
    // Every blacklisted firm in a task's scope is drawn.
    for (const t of auditor.inputs.plan.tasks) {
      const risks = t.filter[0].values;
      const inScope = [...firms.values()].filter((e) => risks.includes(e.risk) && !e.flags.includes('key') && e.flags.includes('blacklist'));
      assert.ok(t.number !== '001' || inScope.length > 0, 'the county has blacklisted firms in task 001');
      const drawn = new Set(auditor.result.tasks.find((r) => r.number === t.number).selected.map((s) => s.id));
      for (const e of inScope) assert.ok(drawn.has(e.id), `blacklisted ${e.id} drawn in ${t.number}`);
    }
    // 所所交叉: no member of any team is responsible for the firm's own township.
    for (const s of selected) {
      assert.equal(s.team.length, 2, `${s.id}: a full team`);
      for (const m of s.team) assert.notEqual(inspectors.get(m.id).region, township(s.id), `${m.id} inspects ${s.id} in their own township`);
    }
    // No firm the records keep out is drawn: the level above's, and the department's
    // own (under either name) at the cap of two.
    const history = auditor.inputs.directories.history;
    const own = new Set([auditor.inputs.plan.department, ...(auditor.inputs.plan.rules.department_names ?? [])]);
    const higher = new Set(history.filter((r) => r.level === 'higher').map((r) => r.enterprise_id));
    const ownCount = new Map();
    for (const r of history) if (r.level !== 'higher' && own.has(r.department)) ownCount.set(r.enterprise_id, (ownCount.get(r.enterprise_id) ?? 0) + 1);
    const capped = [...ownCount].filter(([, n]) => n >= 2).map(([id]) => id);
    assert.equal(higher.size, 8);
    assert.equal(capped.length, 6);
    for (const s of selected) assert.ok(!higher.has(s.id) && !capped.includes(s.id), `${s.id} was kept out by this year's records`);
    // The year's 3 %, met exactly by the ranges.
    const active = [...firms.values()].filter((e) => e.status === 'active').length;
    assert.equal(selected.length >= Math.ceil(active * 0.03), true);

    assertNoErrors(problems, 'the organiser pages');
    await context.close();
  });
});
