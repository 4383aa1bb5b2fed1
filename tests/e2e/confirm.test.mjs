// Safe by default on the organiser's pages: a new project is blank (nothing of the
// demo), the demo is loaded on purpose and marked as such; deleting a task, opening
// a project file over a project, starting a new one and voiding a commitment are
// asked in the page first (cancel has the focus), and undone with one click; Tab
// from a task's last field never reaches a delete button.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, launch, openPage, screenshot, assertNoErrors, loadDemo } from './lib.mjs';

const AXE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Serious and critical accessibility violations inside the question, one line each. */
async function dialogViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run('[data-testid="confirm-dialog"]', { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  });
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function restored(page) {
  await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
}
async function go(page, id) {
  await page.getByTestId(`nav-${id}`).click();
  await page.getByTestId(`section-${id}`).waitFor();
}
/** The data-testid and id of the element that has the keyboard focus. */
async function focused(page) {
  return page.evaluate(() => ({ testid: document.activeElement?.dataset?.testid ?? '', id: document.activeElement?.id ?? '' }));
}
async function taskCount(page) {
  return page.getByTestId('task').count();
}
/** What a person reads in a task's fields. */
async function taskFields(task) {
  const value = (testid) => task.getByTestId(testid).first().inputValue();
  return {
    number: await value('task-number'),
    name: await value('task-name'),
    ratio: await value('rule-ratio'),
    teamSize: await value('task-team-size'),
    start: await value('task-window-start'),
    end: await value('task-window-end'),
  };
}
async function asked(page) {
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  return dialog;
}
async function answered(page) {
  await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
}

describe('confirmation and undo', () => {
  test('a new project is blank; the demo is loaded on purpose and marked', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await restored(page);
    for (const kind of ['enterprises', 'inspectors', 'checklist', 'history']) {
      assert.equal(await page.getByTestId(`slot-${kind}`).getAttribute('data-records'), '0', `${kind} starts empty`);
    }
    assert.equal(await page.getByTestId('plan-department').inputValue(), '');
    assert.equal(await page.getByTestId('plan-number').inputValue(), '');
    assert.equal(await page.getByTestId('plan-name').inputValue(), '');
    assert.equal(await taskCount(page), 1, 'one task to fill in');
    const text = await page.getByTestId('section-plan').innerText();
    for (const demo of ['开发区', '秦皇岛', '（演示数据）']) assert.ok(!text.includes(demo), `a new project shows nothing of the demo (${demo})`);
    assert.equal(await page.getByTestId('demo-banner').count(), 0);
    await screenshot(page, 'confirm-0-new-project');

    // Nothing to lose yet: the demo loads without a question, and says it is the demo.
    await loadDemo(page);
    assert.equal(await page.getByTestId('confirm-dialog').count(), 0);
    assert.match(await page.getByTestId('demo-banner').innerText(), /演示数据/);
    assert.match(await page.getByTestId('plan-name').inputValue(), /演示数据/);
    assert.match(await page.getByTestId('slot-enterprises').innerText(), /演示数据/);

    // A new project over it is asked, then blank; undo brings the demo back.
    await page.getByTestId('new-project').click();
    const dialog = await asked(page);
    assert.match(await dialog.innerText(), /2000 家企业/);
    await page.getByTestId('confirm-yes').click();
    await answered(page);
    await page.locator('[data-testid="slot-enterprises"][data-records="0"]').waitFor();
    assert.equal(await page.getByTestId('demo-banner').count(), 0);
    assert.equal(await page.getByTestId('plan-department').inputValue(), '');
    await page.getByTestId('undo').click();
    await page.locator('[data-testid="slot-enterprises"][data-records="2000"]').waitFor();
    await page.getByTestId('demo-banner').waitFor();
    assert.equal(await page.getByTestId('undo-bar').count(), 0, 'one undo, then it is gone');

    // In English too, and readable by assistive technology.
    await page.getByTestId('lang-switch').click();
    await page.locator('[data-testid="app-ready"][data-lang="en"]').waitFor();
    assert.match(await page.getByTestId('demo-banner').innerText(), /Demo data/);
    await page.getByTestId('new-project').click();
    const english = await (await asked(page)).innerText();
    assert.ok(english.includes('2000 firms') && english.includes('Cancel'), english);
    assert.deepEqual(await dialogViolations(page), []);
    await page.keyboard.press('Escape');
    await answered(page);
    assert.equal((await focused(page)).id, 'new-project');
    assert.equal(await page.getByTestId('slot-enterprises').getAttribute('data-records'), '2000');
    assertNoErrors(problems, 'the plan page');
    await context.close();
  });

  test('deleting a task asks; cancel keeps it, yes deletes it, undo restores it', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await restored(page);
    await loadDemo(page);
    const editor = page.getByTestId('plan-editor');
    const second = editor.getByTestId('task').nth(1);
    await second.getByTestId('task-name').fill('第二个任务：改过的名称');
    await second.getByTestId('task-name').press('Enter');
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
    const fields = await taskFields(second);
    assert.equal(fields.number, '002');
    assert.equal(await taskCount(page), 2);

    // Tab from a task's last field lands on the next task's number, not on a delete
    // button; Enter there deletes nothing.
    await editor.getByTestId('task').nth(0).getByTestId('task-window-end').focus();
    await page.keyboard.press('Tab');
    const next = await focused(page);
    assert.ok(!next.testid.startsWith('remove-'), `Tab from the end date focuses ${next.testid}`);
    assert.equal(next.testid, 'task-number');
    await page.keyboard.press('Enter');
    assert.equal(await page.getByTestId('confirm-dialog').count(), 0);
    await second.getByTestId('task-window-end').focus();
    await page.keyboard.press('Tab');
    assert.ok(!(await focused(page)).testid.startsWith('remove-'), 'nor after the last task');

    // Asked, naming the task; cancel has the focus, and Enter on it keeps the task.
    await second.getByTestId('remove-task').click();
    let dialog = await asked(page);
    const question = await dialog.innerText();
    assert.ok(question.includes('002') && question.includes('第二个任务：改过的名称'), question);
    assert.equal((await focused(page)).testid, 'confirm-no');
    await screenshot(page, 'confirm-1-delete-task');
    await page.keyboard.press('Enter');
    await answered(page);
    assert.equal(await taskCount(page), 2);
    assert.equal((await focused(page)).id, 'remove-task-1', 'the focus goes back to the button that asked');

    // The cancel button.
    await second.getByTestId('remove-task').click();
    await asked(page);
    await page.getByTestId('confirm-no').click();
    await answered(page);
    assert.equal(await taskCount(page), 2);
    assert.deepEqual(await taskFields(second), fields);

    // Yes deletes it; the undo notice says which.
    await second.getByTestId('remove-task').click();
    await asked(page);
    await page.getByTestId('confirm-yes').click();
    await answered(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="task"]').length === 1);
    const undoBar = page.getByTestId('undo-bar');
    assert.match(await undoBar.innerText(), /已删除抽查任务 002/);
    assert.equal(await editor.getByTestId('task').first().getAttribute('data-number'), '001');
    await screenshot(page, 'confirm-2-undo-bar');

    // Undo: the task is back with every field as it was, and the draft keeps it.
    await page.getByTestId('undo').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="task"]').length === 2);
    assert.deepEqual(await taskFields(editor.getByTestId('task').nth(1)), fields);
    assert.equal(await page.getByTestId('undo-bar').count(), 0);
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
    await page.reload({ waitUntil: 'load' });
    await restored(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="task"]').length === 2);
    assert.deepEqual(await taskFields(page.getByTestId('task').nth(1)), fields);

    // A rule is asked about too.
    const rules = await page.getByTestId('task').first().getByTestId('rule-row').count();
    await page.getByTestId('task').first().getByTestId('remove-rule').first().click();
    dialog = await asked(page);
    assert.match(await dialog.innerText(), /抽取规则/);
    await page.getByTestId('confirm-no').click();
    await answered(page);
    assert.equal(await page.getByTestId('task').first().getByTestId('rule-row').count(), rules);
    assertNoErrors(problems, 'the plan page');
    await context.close();
  });

  test('opening a project file over a project asks, and undo brings the project back', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await restored(page);
    await loadDemo(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').click()]);
    const other = JSON.parse(readFileSync(await download.path(), 'utf8'));
    other.plan.name = '从文件打开的另一个计划';
    const file = { name: '另一个项目.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) };
    const name = await page.getByTestId('plan-name').inputValue();

    await page.getByTestId('project-import').setInputFiles(file);
    const dialog = await asked(page);
    const question = await dialog.innerText();
    assert.ok(question.includes('另一个项目.json') && question.includes(name), question);
    await screenshot(page, 'confirm-3-open-project');
    await page.getByTestId('confirm-no').click();
    await answered(page);
    assert.equal(await page.getByTestId('plan-name').inputValue(), name);

    await page.getByTestId('project-import').setInputFiles(file);
    await asked(page);
    await page.getByTestId('confirm-yes').click();
    await answered(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-name"]').value === '从文件打开的另一个计划');
    assert.match(await page.getByTestId('undo-bar').innerText(), /另一个项目\.json/);
    await page.getByTestId('undo').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="plan-name"]').value === n, name);
    assertNoErrors(problems, 'the plan page');
    await context.close();
  });

  test('voiding a commitment asks first, and undo locks the plan again', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/plan');
    await restored(page);
    await loadDemo(page);
    await go(page, 'commit');
    await page.locator('[data-testid="commit-readiness"][data-ready="true"]').waitFor();
    // The demo is marked on the 承诺 page too.
    await page.getByTestId('demo-banner').waitFor();
    await page.getByTestId('commit-rehearsal').check();
    await page.getByTestId('commit-round-input').fill('1000');
    await page.locator('[data-testid="commit-round"][data-round="1000"]').waitFor();
    await page.getByTestId('commit-button').click();
    await page.getByTestId('commitment-hash').waitFor();
    const hash = (await page.getByTestId('commitment-hash').innerText()).trim();

    await page.getByTestId('commit-unlock').click();
    const dialog = await asked(page);
    assert.ok((await dialog.innerText()).includes(hash.slice(0, 16)), 'the question names the commitment');
    assert.equal((await focused(page)).testid, 'confirm-no');
    await screenshot(page, 'confirm-4-unlock');
    await page.getByTestId('confirm-no').click();
    await answered(page);
    assert.equal((await page.getByTestId('commitment-hash').innerText()).trim(), hash, 'still committed');
    assert.equal(await page.locator('[data-testid="chain-entry"][data-status="current"]').count(), 1);

    await page.getByTestId('commit-unlock').click();
    await asked(page);
    await page.getByTestId('confirm-yes').click();
    await page.locator('[data-testid="chain-entry"][data-status="withdrawn"]').waitFor();
    assert.equal(await page.getByTestId('commitment-hash').count(), 0);
    await page.getByTestId('undo').click();
    await page.getByTestId('commitment-hash').waitFor();
    assert.equal((await page.getByTestId('commitment-hash').innerText()).trim(), hash);
    await go(page, 'plan');
    await page.getByTestId('plan-locked').waitFor();
    assert.equal(await page.getByTestId('plan-name').isDisabled(), true);
    assertNoErrors(problems, 'the commit page');
    await context.close();
  });
});
