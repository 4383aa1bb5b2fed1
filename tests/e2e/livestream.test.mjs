// The ceremony on a livestream (#/draw, “直播全屏”) at 1920×1080: a format 2 rehearsal
// to quicknet round 1000 made by `fairdraw commit` from the demo directories, with
// three 黑名单 firms (a census stratum), inspectors without a department, an extra
// confidential column and a plan that publishes only the firms' kind (so addresses
// are confidential). On the stage the page fetches the round from a local relay,
// draws and reveals by itself; the test watches which firms are on screen while the
// list scrolls, and checks that the stage shows nothing the public may not see.
// A second draw is kept sealed on the stage: the notice, and no firm.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, SCREENSHOT_DIR, launch, openPage, assertNoErrors } from './lib.mjs';
import { startRelaySite, ROUND_1000 } from './relay-site.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const AXE = readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const VIEWPORT = { width: 1920, height: 1080 };
const CONFIDENTIAL_COLUMN = '内部备注';

const binary = () => path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target'), 'debug', 'fairdraw');

/** Rewrites a demo CSV (UTF-8 with BOM, no quoted fields) row by row. */
function editCsv(file, edit) {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const rows = text.trimEnd().split(/\r?\n/).map((line) => {
    assert.ok(!line.includes('"'), 'the demo CSV has no quoted fields');
    return line.split(',');
  });
  const header = rows[0];
  const col = (name) => { const i = header.indexOf(name); assert.ok(i >= 0, `column ${name}`); return i; };
  edit(rows, col);
  writeFileSync(file, '\uFEFF' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
}

/** The commitment folder of the rehearsal described at the top of this file. */
function makeCommitment() {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'fairdraw'], { cwd: repoRoot, stdio: 'inherit' });
  const dir = mkdtempSync(path.join(tmpdir(), 'fairdraw-livestream-'));
  execFileSync(binary(), ['demo', '--out', dir, '--enterprises', '300', '--inspectors', '30']);
  editCsv(path.join(dir, 'enterprises.csv'), (rows, col) => {
    rows[0].push(CONFIDENTIAL_COLUMN);
    let listed = 0;
    for (const r of rows.slice(1)) {
      r.push(`${CONFIDENTIAL_COLUMN}-${r[col('统一社会信用代码')]}`);
      const eligible = ['A', 'B', 'C'].includes(r[col('信用风险分类')]) && r[col('登记状态')] === '存续'
        && r[col('重点监管')] === '否' && r[col('黑名单')] === '否';
      if (eligible && listed < 3) { r[col('黑名单')] = '是'; listed += 1; }
    }
  });
  editCsv(path.join(dir, 'inspectors.csv'), (rows, col) => {
    for (const r of rows.slice(1)) r[col('部门')] = '';
  });
  const plan = JSON.parse(readFileSync(path.join(dir, 'plan.json'), 'utf8'));
  plan.public_fields = ['kind'];
  writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
  const out = path.join(dir, 'commit');
  execFileSync(binary(), ['commit', '--plan', path.join(dir, 'plan.json'), '--enterprises', path.join(dir, 'enterprises.csv'),
    '--inspectors', path.join(dir, 'inspectors.csv'), '--items', path.join(dir, 'checklist.csv'),
    '--history', path.join(dir, 'history.csv'), '--beacon', 'quicknet:1000', '--rehearsal', '--out', out]);
  return out;
}

let browser;
let server;
let base;
let folder;
let commitment;
let inputs;
before(async () => {
  folder = makeCommitment();
  commitment = JSON.parse(readFileSync(path.join(folder, 'commitment.json'), 'utf8'));
  inputs = JSON.parse(readFileSync(path.join(folder, 'inputs.json'), 'utf8'));
  assert.equal(commitment.format, 'fairdraw/2');
  ({ server, base } = await startRelaySite());
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

/** What the viewport shows, not the whole page: the stage is what the camera sees. */
async function shot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** The ids of the stage's firm rows wholly inside both the list's box and the window. */
function visibleFirms(page) {
  return page.evaluate(() => {
    const list = document.querySelector('[data-testid="stage-reveal-list"]');
    if (!list) return [];
    const box = list.getBoundingClientRect();
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, window.innerHeight);
    return [...list.querySelectorAll('[data-testid="stage-firm"]')]
      .filter((row) => { const r = row.getBoundingClientRect(); return r.height > 0 && r.top >= top - 1 && r.bottom <= bottom + 1; })
      .map((row) => row.dataset.id);
  });
}

/** axe-core's serious and critical findings on the stage, animations finished first. */
async function stageViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    for (const animation of document.getAnimations()) animation.finish();
    // eslint-disable-next-line no-undef
    const result = await axe.run(document.querySelector('[data-testid="ceremony"]'), { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary || ''}`).join(' | ')}`);
  });
}

/** The page's pause between two revealed firms, read from its source. */
const REVEAL_STEP_MS = (() => {
  const source = readFileSync(path.join(repoRoot, 'www', 'src', 'components', 'draw.rs'), 'utf8');
  const found = source.match(/const REVEAL_STEP_MS: u64 = ([\d_]+);/);
  assert.ok(found, 'www/src/components/draw.rs defines REVEAL_STEP_MS');
  return Number(found[1].replaceAll('_', ''));
})();

/**
 * Waits until `n` firms are shown (`row`: the stage's or the ordinary page's test id),
 * moving the page's clock on a reveal step at a time: the reveal runs in the order and
 * with the screens it has in real time, without the test waiting 1.2 s a firm. The
 * clock runs on by itself in between.
 */
async function revealUntil(page, n, row = 'stage-firm') {
  const shown = () => page.getByTestId(row).count();
  for (let step = 0; (await shown()) < n; step += 1) {
    assert.ok(step <= 4 * total(), `the reveal stalled at ${await shown()} of ${n} firms`);
    await page.clock.fastForward(REVEAL_STEP_MS);
  }
}

async function openOnStage(keepSealed) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
  await context.clock.install();
  const relay = encodeURIComponent(`${base}relay`);
  const opened = await openPage(browser, `index.html#/draw?relay=${relay}`, { base, context });
  const { page } = opened;
  await page.getByTestId('ceremony-load-inputs').setInputFiles(path.join(folder, 'inputs.json'));
  await page.getByTestId('ceremony-load-commitment').setInputFiles(path.join(folder, 'commitment.json'));
  await page.getByTestId('ceremony-countdown').waitFor({ state: 'visible', timeout: TIMEOUT });
  if (keepSealed) await page.getByTestId('stage-keep-sealed').check();
  await page.getByTestId('fullscreen-toggle').click();
  assert.match(await page.getByTestId('ceremony').getAttribute('class'), /ceremony-stage/);
  return opened;
}

const total = () => commitment.tasks.reduce((n, t) => n + t.count, 0);
const censusTotal = () => commitment.tasks.flatMap((t) => t.strata).filter((s) => s.census).reduce((n, s) => n + s.count, 0);
const stageText = (page) => page.getByTestId('ceremony').innerText();

/** What the public may not see in the stage's text, one line each. */
function leaks(text) {
  const found = [];
  const hash = text.match(/[0-9a-f]{64}/i);
  if (hash) found.push(`a hash: ${hash[0]}`);
  for (const e of inputs.directories.enterprises) {
    if (e.address && text.includes(e.address)) found.push(`the confidential address of ${e.id}: ${e.address}`);
    for (const value of Object.values(e.attrs || {})) if (value && text.includes(value)) found.push(`a confidential column of ${e.id}: ${value}`);
  }
  for (const brackets of ['（）', '()']) if (text.includes(brackets)) found.push(`empty brackets ${brackets}`);
  if (text.includes('种子') || text.includes('H("fairdraw')) found.push('the seed formula');
  return found;
}

describe('the livestream stage', () => {
  test('1920×1080: fetches, draws and reveals by itself, the list scrolls, nothing private shows', { timeout: TEST_TIMEOUT * 2 }, async () => {
    assert.ok(censusTotal() > 0, 'the rehearsal has a census stratum');
    const { context, page, problems } = await openOnStage(false);
    await shot(page, 'livestream-0-stage');
    assert.equal(await page.locator('[data-testid="ceremony"] input[type="file"]').count(), 0, 'no file input on the stage');
    assert.deepEqual(leaks(await stageText(page)), []);

    const firms = page.getByTestId('stage-firm');
    await firms.first().waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.ok((await stageText(page)).includes('1000'), 'the status line names the round');
    await revealUntil(page, 3);
    const early = await visibleFirms(page);
    await shot(page, 'livestream-1-early');
    const firstId = await firms.first().getAttribute('data-id');
    assert.ok(early.includes(firstId), 'early on, the first firm is on screen');
    assert.deepEqual(await stageViolations(page), [], 'axe during the reveal');

    // Halfway, then to the end: every moment is filmed at the viewport's size.
    const half = Math.floor(total() / 2);
    await revealUntil(page, half);
    await page.waitForTimeout(1000);
    const middle = await visibleFirms(page);
    await shot(page, 'livestream-2-middle');
    assert.deepEqual(leaks(await stageText(page)), []);

    await revealUntil(page, total());
    await page.getByTestId('stage-status').filter({ hasText: '抽取完成' }).waitFor({ timeout: TIMEOUT });
    await page.waitForTimeout(1500);
    const late = await visibleFirms(page);
    await shot(page, 'livestream-3-done');
    assert.equal(await firms.count(), total(), 'every selected firm is revealed');
    const lastId = await firms.last().getAttribute('data-id');
    assert.ok(late.includes(lastId), `the last firm is on screen at the end (visible: ${late.join(', ')})`);
    assert.ok(!late.includes(firstId), 'the list has scrolled away from the first firm');
    assert.notDeepEqual(early, late, 'different firms are on screen early and late');
    assert.notDeepEqual(middle, late);
    assert.ok(early.length >= 3 && late.length >= 3, `several firms fit on screen (${early.length}, ${late.length})`);

    // The census firms are marked, and only they.
    const census = await page.locator('[data-testid="stage-firm"][data-census="true"]').allInnerTexts();
    assert.equal(census.length, censusTotal(), 'every firm of the 100 % stratum is marked');
    assert.ok(census.every((t) => t.includes('100%（全部检查）')), 'marked 100%（全部检查）, as the 公示 page marks them');
    assert.ok(!(await page.locator('[data-testid="stage-firm"][data-census="false"]').allInnerTexts()).some((t) => t.includes('全部检查')));

    // The strata are risk classes, which this plan does not publish: no firm's class beside it.
    const rows = await firms.allInnerTexts();
    assert.ok(!rows.some((r) => /· [ABCD](\s|$)/.test(r)), `no risk class beside a firm:\n${rows.slice(0, 3).join('\n')}`);
    const text = await stageText(page);
    assert.deepEqual(leaks(text), []);
    assert.equal(await page.locator('[data-testid="ceremony"] input, [data-testid="ceremony"] textarea').count(), 0, 'no operator input on the stage');
    assert.equal(await page.locator('[data-testid="ceremony"] button').count(), 1, 'the exit is the only control');
    assert.deepEqual(await stageViolations(page), [], 'axe after the reveal');

    // The ordinary page afterwards: the same firms, without empty brackets either.
    await page.getByTestId('fullscreen-toggle').click();
    await page.getByTestId('exports').waitFor({ state: 'visible', timeout: TIMEOUT });
    const items = await page.getByTestId('reveal-item').allInnerTexts();
    assert.equal(items.length, total());
    assert.ok(!items.some((t) => t.includes('（）') || t.includes('()')), 'no empty brackets on the ordinary page');
    assert.equal(await page.locator('[data-testid="reveal-item"][data-census="true"]').count(), censusTotal());
    await shot(page, 'livestream-4-after');
    assertNoErrors(problems, 'the ceremony page');
    await context.close();
  });

  test('the ordinary page also keeps the newest firm in view', { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: VIEWPORT });
    await context.clock.install();
    const { page, problems } = await openPage(browser, 'index.html#/draw', { base, context });
    await page.getByTestId('ceremony-load-inputs').setInputFiles(path.join(folder, 'inputs.json'));
    await page.getByTestId('ceremony-load-commitment').setInputFiles(path.join(folder, 'commitment.json'));
    await page.getByTestId('ceremony-paste').fill(ROUND_1000);
    await page.getByTestId('ceremony-paste-submit').click();
    await page.locator('[data-testid="beacon-status"][data-state="verified"]').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('ceremony-draw').click();
    await revealUntil(page, 8, 'reveal-item');
    // The list starts below the first screen (the seed and its hashes are above it),
    // so the newest firm is in the window only if the page scrolled to it.
    const inView = () => {
      const rows = document.querySelectorAll('[data-testid="reveal-item"]');
      const r = rows[rows.length - 1].getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    };
    await page.waitForFunction(inView, null, { timeout: 5000 });
    await shot(page, 'livestream-6-ordinary-page');
    assertNoErrors(problems, 'the ceremony page');
    await context.close();
  });

  test('a list kept sealed on the stage: the notice and when it opens, never a firm', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const { context, page, problems } = await openOnStage(true);
    const sealed = page.getByTestId('stage-sealed');
    await sealed.waitFor({ state: 'visible', timeout: TIMEOUT });
    await page.getByTestId('stage-status').filter({ hasText: '抽取完成' }).waitFor({ timeout: TEST_TIMEOUT });
    await page.waitForFunction(() => /quicknet/.test(document.querySelector('[data-testid="stage-sealed"]').innerText), null, { timeout: TIMEOUT });
    const notice = await sealed.innerText();
    assert.match(notice, /2026-12-31/, 'says when the list is published');
    assert.match(notice, /quicknet 第 \d+ 轮/, 'names the timelock round');
    await shot(page, 'livestream-5-sealed');
    const text = await stageText(page);
    assert.equal(await page.getByTestId('stage-firm').count(), 0);
    assert.deepEqual(leaks(text), []);
    assert.deepEqual(await stageViolations(page), [], 'axe on the sealed stage');

    // Leaving full screen the browser's way (Esc) leaves the stage too; where the
    // browser did not grant full screen, the stage's own exit does.
    const granted = await page.evaluate(() => document.fullscreenElement?.id === 'ceremony-stage');
    if (granted) {
      await page.evaluate(() => document.exitFullscreen());
      await page.waitForFunction(() => !document.querySelector('[data-testid="ceremony"]').classList.contains('ceremony-stage'), null, { timeout: TIMEOUT });
    } else {
      await page.getByTestId('fullscreen-toggle').click();
    }
    // The firms the draw selected, read from the operator's own page afterwards.
    const skip = page.getByTestId('reveal-skip');
    if (await skip.count()) await skip.click();
    await page.getByTestId('exports').waitFor({ state: 'visible', timeout: TIMEOUT });
    const ids = await page.getByTestId('reveal-item').evaluateAll((items) => items.map((i) => i.dataset.id));
    assert.equal(ids.length, total());
    const names = inputs.directories.enterprises.filter((e) => ids.includes(e.id)).map((e) => e.name);
    assert.equal(names.length, total());
    for (const id of ids) assert.ok(!text.includes(id), `${id} is not on the sealed stage`);
    for (const name of names) assert.ok(!text.includes(name), `${name} is not on the sealed stage`);
    assertNoErrors(problems, 'the ceremony page');
    await context.close();
  });
});
