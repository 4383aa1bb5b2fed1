// Inspection groups (检查组, SPEC §10.10) from the plan editor to the papers: a task
// asks for groups with a 组长, the rehearsal is committed and drawn, and the task
// sheets are one per group, holding exactly the firms the public document assigns to
// it, with its 组长 marked.
//
// This file serves the built site itself, with a relay that has the recorded
// quicknet round 1000, so that the round is fetched as on the day.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors, loadDemo } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const DIST = process.env.FAIRDRAW_DIST || path.join(repoRoot, 'dist');
const QUICKNET = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const ROUND_1000 = readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'ceremony', 'round-1000.json'), 'utf8');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/** The site, and at /relay/ a drand relay that has round 1000 and nothing else. */
function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === `/relay/${QUICKNET}/public/1000`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(ROUND_1000);
    }
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.join(DIST, path.normalize(rel));
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let browser;
let server;
let base;
before(async () => {
  assert.ok(existsSync(path.join(DIST, 'index.html')), `no built site in ${DIST}: run cargo xtask dist`);
  server = await startServer();
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

async function go(page, id) {
  await page.getByTestId(`nav-${id}`).click();
  await page.getByTestId(`section-${id}`).waitFor();
}

/** Saves the download a click on `testid` starts; its name and bytes. */
async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fairdraw-groups-')), d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), bytes: readFileSync(file) };
}

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
