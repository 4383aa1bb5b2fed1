// The plan editor's pick lists (#/plan): with no directory a condition's values, a
// rule's strata and the joint departments are typed; with the demo's directories
// they are picked, each value with its count, and the plan's consequences follow.
// Every expected number is counted here from the project file the page exports,
// apart from the page's own counting.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors, loadDemo, confirmYes } from './lib.mjs';

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function ready(page) {
  await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
}

async function edit(locator, value) {
  await locator.fill(value);
  await locator.press('Enter');
}

async function exportProject(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

/** How many of `items` have each key, as sorted [key, count] pairs. */
function tally(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const fieldOf = (firm, field) => (field.startsWith('attr:') ? (firm.attrs?.[field.slice(5)] ?? '') : firm[field]);

/**
 * The pool of `task` as SPEC §4 defines it, counted over the exported directories:
 * active firms, less those at the yearly cap or inspected by the level above (unless
 * a flag exempts them), that meet every condition; census firms in `100%`, the others
 * by their strata values. Label → number of firms.
 */
function strataSizes(project, task) {
  const { plan, directories } = project;
  const rules = plan.rules;
  const own = (dept) => dept === plan.department || (rules.department_names ?? []).includes(dept);
  const history = new Map();
  for (const h of directories.history) {
    if (!h.date.startsWith(`${plan.year}-`)) continue;
    const seen = history.get(h.enterprise_id) ?? { same: 0, higher: false };
    if (h.level === 'higher') seen.higher = true;
    else if (own(h.department)) seen.same += 1;
    history.set(h.enterprise_id, seen);
  }
  const holds = (c, e) => (c.field === 'flag' ? e.flags.some((f) => c.values.includes(f)) : c.values.includes(fieldOf(e, c.field))) === (c.op === 'in');
  const sizes = {};
  for (const e of directories.enterprises) {
    if (!rules.active_statuses.includes(e.status)) continue;
    const seen = history.get(e.id);
    const exempt = e.flags.some((f) => rules.cap_exempt_flags.includes(f));
    if (seen && !exempt && ((rules.yearly_cap > 0 && seen.same >= rules.yearly_cap) || (rules.exclude_higher_level && seen.higher))) continue;
    if (!task.filter.every((c) => holds(c, e))) continue;
    const census = e.flags.some((f) => task.sampling.census_flags.includes(f));
    const label = census ? '100%' : task.sampling.strata_by.map((f) => fieldOf(e, f)).join(' / ') || '全部';
    sizes[label] = (sizes[label] ?? 0) + 1;
  }
  return sizes;
}

/** The strata the page shows for a task: label → { size, count }. */
async function shownStrata(page, number) {
  const rows = page.locator(`[data-testid="task-result"][data-number="${number}"] [data-testid="stratum-row"]`);
  const list = await rows.evaluateAll((els) => els.map((el) => [el.dataset.label, { size: Number(el.dataset.size), count: Number(el.dataset.count) }]));
  return Object.fromEntries(list);
}

async function waitForStrata(page, number, labels) {
  await page.waitForFunction(
    ([sel, want]) => [...document.querySelectorAll(sel)].map((el) => el.dataset.label).join('|') === want,
    [`[data-testid="task-result"][data-number="${number}"] [data-testid="stratum-row"]`, labels.join('|')],
    { timeout: TIMEOUT },
  );
}

/**
 * The 片区 of the pool's firms that no eligible inspector of `dept` may inspect:
 * active, certified through the window's end, qualified, from another 片区 under
 * 所所交叉, without a declared conflict with the firm. Sorted.
 */
function regionsShort(inspectors, poolFirms, team, windowEnd, dept) {
  const candidates = inspectors.filter((i) => i.department === dept && i.status === 'active' && i.cert_expiry
    && i.cert_expiry >= windowEnd && (!team.qualification || i.qualifications.includes(team.qualification)));
  const stranded = poolFirms.filter((e) => !candidates.some((i) => !(team.cross_region && i.region === e.region) && !(i.conflicts ?? []).includes(e.id)));
  return [...new Set(stranded.map((e) => e.region))].sort();
}

const sizesOf = (shown) => Object.fromEntries(Object.entries(shown).map(([label, s]) => [label, s.size]));

describe('pick lists in the plan editor', () => {
  test('typed without a directory; picked from the demo with counts, and the plan follows', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await ready(page);
    const editor = page.getByTestId('plan-editor');

    // A new project has no directory: nothing to pick from, so the fields are typed.
    const blank = editor.getByTestId('task').first();
    await blank.getByTestId('add-condition').click();
    await blank.getByTestId('condition-values').waitFor();
    assert.equal(await blank.getByTestId('condition-value').count(), 0);
    assert.equal(await blank.getByTestId('rule-when').count(), 1);
    assert.equal(await blank.getByTestId('rule-when-field').count(), 0);
    assert.equal(await blank.getByTestId('task-departments').count(), 1);
    assert.equal(await blank.getByTestId('task-department').count(), 0);

    await loadDemo(page, { replacing: true });
    const project = await exportProject(page);
    const { enterprises: firms, inspectors } = project.directories;
    const task = editor.getByTestId('task').first();
    assert.equal(await task.getByTestId('condition-values').count(), 2, 'beside each pick list, a field for values the directory lacks');
    assert.equal(await task.getByTestId('rule-when').count(), 0);
    assert.equal(await task.getByTestId('task-departments').count(), 0);

    // Task 001's scope: risk class A, B or C, offered with each class's number of firms.
    const risk = task.getByTestId('condition-row').first();
    const offered = await risk.getByTestId('condition-value').evaluateAll((els) =>
      els.map((el) => ({ value: el.dataset.value, count: Number(el.dataset.count), unknown: el.dataset.unknown, checked: el.checked })));
    assert.deepEqual(offered.map((o) => [o.value, o.count]), tally(firms, (e) => e.risk));
    assert.deepEqual(offered.filter((o) => o.checked).map((o) => o.value), ['A', 'B', 'C']);
    assert.ok(offered.every((o) => o.unknown === 'false'));
    const labelB = await risk.locator('label.pick', { has: page.locator('[data-value="B"]') }).innerText();
    assert.equal(labelB.trim(), `B（${tally(firms, (e) => e.risk).find(([v]) => v === 'B')[1]} 家）`);
    // The flag condition offers every flag by name, 重点监管 ticked.
    const flags = task.getByTestId('condition-row').nth(1).getByTestId('condition-value');
    assert.equal(await flags.count(), 6);
    const key = task.getByTestId('condition-row').nth(1).locator('[data-testid="condition-value"][data-value="key"]');
    assert.equal(await key.isChecked(), true);
    assert.equal(Number(await key.getAttribute('data-count')), firms.filter((e) => e.flags.includes('key')).length);

    const plan001 = project.plan.tasks[0];
    assert.deepEqual(sizesOf(await shownStrata(page, '001')), strataSizes(project, plan001));

    // Unticking C: class C leaves task 001's pool, and its stratum with it.
    await risk.locator('[data-testid="condition-value"][data-value="C"]').click();
    const withoutC = { ...plan001, filter: [{ ...plan001.filter[0], values: ['A', 'B'] }, plan001.filter[1]] };
    const expected = strataSizes(project, withoutC);
    assert.equal(expected.C, undefined);
    await waitForStrata(page, '001', Object.keys(expected).sort((a, b) => (a === '100%' ? -1 : b === '100%' ? 1 : a < b ? -1 : 1)));
    assert.deepEqual(sizesOf(await shownStrata(page, '001')), expected);
    assert.equal(await risk.locator('[data-testid="condition-value"][data-value="C"]').isChecked(), false);

    // The rules: one select per stratification field, each value with its count.
    const firstRule = task.getByTestId('rule-row').first();
    const when = firstRule.getByTestId('rule-when-field');
    assert.equal(await when.count(), 1);
    assert.equal(await when.getAttribute('data-field'), 'risk');
    assert.equal(await when.inputValue(), '=A');
    const options = await when.locator('option').allInnerTexts();
    assert.deepEqual(options, ['任意', ...tally(firms, (e) => e.risk).map(([v, n]) => `${v}（${n} 家）`)]);
    // Rule 1 at 30 % for class B instead of A: B is drawn at 30 %, and A has no rule.
    await edit(firstRule.getByTestId('rule-ratio'), '30');
    await when.selectOption('=B');
    await page.locator('[data-testid="feasibility"][data-ok="false"]').waitFor({ timeout: TIMEOUT });
    assert.match(await page.getByTestId('feasibility').innerText(), /分层“A”没有适用的抽取规则/);
    let shown = await shownStrata(page, '001');
    assert.equal(shown.B.count, Math.ceil(expected.B * 0.30));
    assert.equal(shown.A.count, 0);
    // Rule 1 for any class: both classes at 30 %.
    await when.selectOption({ label: '任意' });
    await page.locator('[data-testid="feasibility"][data-ok="true"]').waitFor({ timeout: TIMEOUT });
    shown = await shownStrata(page, '001');
    assert.equal(shown.A.count, Math.ceil(expected.A * 0.30));
    assert.equal(shown.B.count, Math.ceil(expected.B * 0.30));

    // Joint departments: each department of the inspector list with its people.
    const depts = task.getByTestId('task-department');
    const listed = await depts.evaluateAll((els) => els.map((el) => [el.dataset.value, Number(el.dataset.count)]));
    assert.deepEqual(listed, tally(inspectors.filter((i) => i.department), (i) => i.department));
    const second = '开发区市场监督管理局';
    await task.locator(`[data-testid="task-department"][data-value="${second}"]`).click();
    // Every firm of the pool needs an eligible inspector of that department from
    // another 片区 (所所交叉) who has not declared a conflict with it.
    const afterPicks = { ...withoutC, sampling: { ...withoutC.sampling, rules: [{ ...withoutC.sampling.rules[0], when: {} }] } };
    const poolFirms = firms.filter((e) => {
      const one = { ...project, directories: { ...project.directories, enterprises: [e] } };
      return Object.keys(strataSizes(one, afterPicks)).length > 0;
    });
    const feasibility = page.getByTestId('feasibility');
    const short = (qualification) => regionsShort(inspectors, poolFirms, { ...plan001.team, qualification }, plan001.window.end, second);
    assert.deepEqual(short(''), [], 'the demo has people of that department in two 片区');
    await page.waitForFunction(() => document.querySelector('[data-testid="feasibility"]')?.dataset.ok === 'true');
    // A qualification nobody of that department holds: every 片区 is short of them,
    // and the page says so; unticking the department takes the shortage away.
    const [qualification] = tally(inspectors.filter((i) => i.department !== second).flatMap((i) => i.qualifications), (q) => q)
      .filter(([q]) => !inspectors.some((i) => i.department === second && i.qualifications.includes(q)))
      .sort((a, b) => b[1] - a[1])[0];
    const regions = short(qualification);
    assert.deepEqual(regions, [...new Set(poolFirms.map((e) => e.region))].sort());
    await task.getByTestId('task-qualification').selectOption(qualification);
    await page.waitForFunction((dept) => document.querySelector('[data-testid="feasibility"]')?.innerText.includes(`部门“${dept}”`), second, { timeout: TIMEOUT });
    const said = await feasibility.innerText();
    for (const region of regions) assert.ok(said.includes(`区域“${region}”`), `${region} in:\n${said}`);
    await task.locator(`[data-testid="task-department"][data-value="${second}"]`).click();
    await page.waitForFunction((dept) => !document.querySelector('[data-testid="feasibility"]')?.innerText.includes(`部门“${dept}”`), second, { timeout: TIMEOUT });
    await task.getByTestId('task-qualification').selectOption('');
    await task.locator(`[data-testid="task-department"][data-value="${second}"]`).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="feasibility"]')?.dataset.ok === 'true');
    assert.equal(await task.locator(`[data-testid="task-department"][data-value="${second}"]`).isChecked(), true);
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
    const saved = await exportProject(page);
    assert.deepEqual(saved.plan.tasks[0].team.departments, [second]);
    assert.deepEqual(saved.plan.tasks[0].filter[0].values, ['A', 'B']);
    assert.deepEqual(saved.plan.tasks[0].sampling.rules[0].when, {});

    // The pick lists are labelled for everyone (axe-core finds nothing serious).
    await page.evaluate(AXE);
    const found = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const result = await axe.run(document.querySelector('[data-testid="plan-editor"]'), { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    });
    assert.deepEqual(found, []);
    const full = await screenshot(page, 'plan-picks');
    // On a phone the pick lists wrap and stay tappable.
    await page.setViewportSize({ width: 390, height: 844 });
    await task.screenshot({ path: full.replace('plan-picks.png', 'plan-picks-phone-task.png') });
    const narrowest = await task.getByTestId('condition-value').evaluateAll((els) => Math.min(...els.map((el) => el.closest('label').getBoundingClientRect().height)));
    assert.ok(narrowest >= 28, `each choice is at least 28 px high to tap: ${narrowest}`);
    const overflow = await task.evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 1, `the task fits the phone's width: ${overflow}`);
    await page.setViewportSize({ width: 1280, height: 800 });

    // A project file naming values the directories lack: they stay shown, ticked,
    // and say so; unticking one takes it out of the plan.
    saved.plan.tasks[1].filter[0].values = ['D', 'Z'];
    saved.plan.tasks[1].sampling.rules[0].when = { risk: 'Z' };
    saved.plan.tasks[1].team.departments = ['市卫健委'];
    await page.getByTestId('project-import').setInputFiles({ name: 'project.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
    await confirmYes(page);
    const task2 = editor.getByTestId('task').nth(1);
    const z = task2.locator('[data-testid="condition-value"][data-value="Z"]');
    await z.waitFor();
    assert.deepEqual([await z.getAttribute('data-unknown'), await z.getAttribute('data-count'), await z.isChecked()], ['true', '0', true]);
    assert.match(await task2.locator('label.pick', { has: page.locator('[data-value="Z"]') }).innerText(), /名录中没有此值/);
    assert.equal(await task2.getByTestId('condition-values').first().inputValue(), 'Z');
    const rule2 = task2.getByTestId('rule-when-field');
    assert.deepEqual([await rule2.getAttribute('data-unknown'), await rule2.inputValue()], ['true', '=Z']);
    const health = task2.locator('[data-testid="task-department"][data-value="市卫健委"]');
    assert.deepEqual([await health.getAttribute('data-unknown'), await health.isChecked()], ['true', true]);
    await health.click();
    await page.waitForFunction(() => !document.querySelectorAll('[data-testid="task"]')[1].querySelector('[data-testid="task-department"][data-value="市卫健委"]'));
    // A value typed beside the list: "Z" replaced by "Y", "D" stays picked.
    await edit(task2.getByTestId('condition-values').first(), 'Y');
    await task2.locator('[data-testid="condition-value"][data-value="Y"][data-unknown="true"]').waitFor();
    assert.equal(await task2.locator('[data-testid="condition-value"][data-value="Z"]').count(), 0);
    assert.equal(await task2.locator('[data-testid="condition-value"][data-value="D"]').isChecked(), true);
    await screenshot(page, 'plan-picks-unknown');

    assertNoErrors(problems);
    await context.close();
  });
});
