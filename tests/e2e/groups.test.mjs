// Inspection groups (检查组, SPEC §10.10) from the plan editor to the papers: a task
// asks for groups with a 组长, the rehearsal is committed and drawn, and the task
// sheets are one per group, holding exactly the firms the public document assigns to
// it, with its 组长 marked.
//
// The site is served with a relay that has the recorded quicknet round 1000
// (relay-site.mjs), so that the round is fetched as on the day.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors, loadDemo } from './lib.mjs';
import { startRelaySite, go, download } from './relay-site.mjs';

let browser;
let server;
let base;
before(async () => {
  ({ server, base } = await startRelaySite());
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

describe('inspection groups', () => {
  test('groups and a 组长 set in the editor reach the draw and the task sheets', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const relay = encodeURIComponent(`${base}relay`);
    const { context, page, problems } = await openPage(browser, `index.html#/plan?relay=${relay}`, { base });
    await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
    await loadDemo(page);

    // The first task: three groups, each with a 组长.
    const groups = page.getByTestId('task-groups').first();
    assert.equal(await page.getByTestId('task-leader').count(), 0, 'no 组长 to ask for without groups');
    await groups.fill('3');
    await groups.press('Enter');
    const leader = page.getByTestId('task-leader').first();
    await leader.waitFor();
    await leader.check();
    await page.locator('[data-testid="task-leader"]:checked').first().waitFor();
    await screenshot(page, 'groups-0-editor');

    await go(page, 'commit');
    await page.locator('[data-testid="commit-readiness"][data-ready="true"]').waitFor();
    await page.getByTestId('commit-rehearsal').check();
    await page.getByTestId('commit-round-input').fill('1000');
    await page.locator('[data-testid="commit-round"][data-round="1000"]').waitFor();
    await page.getByTestId('commit-button').click();
    await page.getByTestId('commitment-hash').waitFor();

    await page.goto(`${base}index.html#/draw?relay=${relay}`);
    await page.getByTestId('ceremony-use-project').click();
    await page.getByTestId('ceremony-fetch').click();
    await page.locator('[data-testid="beacon-status"][data-state="verified"]').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('ceremony-draw').click();
    await page.getByTestId('reveal-skip').click();
    await page.getByTestId('exports').waitFor({ state: 'visible', timeout: TIMEOUT });
    const published = JSON.parse((await download(page, 'ceremony-download-public')).bytes.toString('utf8'));
    const task = published.result.tasks[0];
    assert.equal(published.public.plan.tasks[0].team.groups, 3);
    assert.equal(published.public.plan.tasks[0].team.leader, true);
    assert.equal(task.groups.length, 3);
    for (const g of task.groups) {
      if (g.members.length > 0) assert.equal(g.members.filter((m) => m.role === 'leader').length, 1, `group ${g.number}: one 组长`);
    }

    // One task sheet per group that has firms, holding exactly its firms.
    await page.getByTestId('export-preview-task-sheets').click();
    const sheets = await page.locator(`[data-testid="task-sheet"][data-task="${task.number}"]`).evaluateAll((els) => els.map((s) => ({
      team: Number(s.dataset.team),
      firms: [...s.querySelectorAll('tbody tr')].map((r) => r.cells[1].querySelector('code').textContent).sort(),
      members: s.querySelector('.task-sheet-members').innerText,
    })));
    const expected = new Map();
    for (const s of task.selected) expected.set(s.group, [...(expected.get(s.group) || []), s.id].sort());
    assert.deepEqual(new Map(sheets.map((s) => [s.team, s.firms])), expected);
    for (const s of sheets.filter((x) => x.team > 0)) {
      const g = task.groups.find((x) => x.number === s.team);
      const boss = g.members.find((m) => m.role === 'leader');
      assert.ok(s.members.includes(`${boss.name} ${boss.id}（组长）`), `group ${s.team}: ${s.members}`);
    }
    await screenshot(page, 'groups-1-task-sheets');
    assertNoErrors(problems, 'inspection groups');
    await context.close();
  });
});
