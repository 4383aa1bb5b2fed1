// The verification page as the public opens it from a QR code, on a phone (390 × 844):
// the verdict on the first screen, the load form folded away, a true state on every
// check card, a firm's outcome as its place in its stratum, 查询我的企业 forgiving of
// typing, 演练 on a rehearsal's CSV, and nothing axe-core calls serious.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, siteUrl, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const SMALL = readFileSync(path.join(root, 'tests', 'vectors', 'spec', 'bundle-small.json'), 'utf8');
const DRAWS = path.join(root, 'dist', 'draws');
const INDEX = JSON.parse(readFileSync(path.join(DRAWS, 'index.json'), 'utf8'));
// The demo rehearsal whose beacon round was emitted before its commitment.
const EARLY = INDEX.entries.find((e) => e.bundle_file && e.rehearsal && Date.parse(e.beacon.emission_time) <= Date.parse(e.committed_at));
const WIDTH = 390;
const HEIGHT = 844;
const AXE = readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

function phone() {
  return browser.newContext({
    locale: 'zh-CN', viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
}

async function fitsWidth(page, what) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= inner, `${what}: the page is ${scroll}px wide on a ${inner}px screen`);
}

async function seriousViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

async function ask(page, query) {
  await page.getByTestId('lookup-input').fill(query);
  await page.getByTestId('lookup-submit').tap();
  const result = page.getByTestId('lookup-result');
  await result.waitFor({ timeout: TIMEOUT });
  await page.waitForFunction(() => !document.querySelector('.lookup [role="status"]'), null, { timeout: TIMEOUT });
  return result;
}

/** A name as the directory search compares it: widths folded, no spaces. */
const nameKey = (s) => s.normalize('NFKC').replace(/\s/g, '').toLowerCase();

describe('the verification page on a phone, opened from a QR code', () => {
  test('a rehearsal: verdict first, true card states, a rank, lookups and its CSV', { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(EARLY, 'the demo draws hold a rehearsal drawn with a round older than its commitment');
    const bundle = JSON.parse(readFileSync(path.join(DRAWS, EARLY.bundle_file), 'utf8'));
    const { context, page, problems } = await openPage(browser, `#/verify?bundle=draws/${EARLY.bundle_file}`, { context: await phone() });
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(await verdict.getAttribute('data-verdict'), 'rehearsal');
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await verdict.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= HEIGHT, `the verdict spans ${box.y}–${box.y + box.height}px of a ${HEIGHT}px screen`);
    await screenshot(page, 'verify-phone-link');

    // The ways to load another file are one closed disclosure, below the verdict.
    const folded = page.getByTestId('load-folded');
    assert.equal(await folded.evaluate((d) => d.tagName), 'DETAILS');
    assert.equal(await folded.evaluate((d) => d.open), false);
    assert.equal(await page.getByTestId('verify-paste').isVisible(), false);
    assert.ok((await folded.boundingBox()).y > box.y + box.height);

    // The commitment: its two ends shown, the whole in data-full.
    const commitment = page.getByTestId('verify-commitment').getByTestId('short-hash');
    assert.equal(await commitment.getAttribute('data-full'), EARLY.commitment);
    assert.ok((await commitment.innerText()).includes(`${EARLY.commitment.slice(0, 8)}…${EARLY.commitment.slice(-8)}`));

    // Its round came before its commitment: the timing card says rehearsal, no ✓ beside the dates.
    const timing = page.getByTestId('check-timing');
    assert.equal(await timing.getAttribute('data-state'), 'rehearsal');
    assert.ok(!(await timing.locator('.check-mark').innerText()).includes('✓'));
    for (const id of ['format', 'inputs', 'commitment', 'beacon', 'result']) {
      assert.equal(await page.getByTestId(`check-${id}`).getAttribute('data-state'), 'passed', id);
    }

    // A firm of stratum A (the second of task 001): its place by ticket among the stratum's
    // selected firms, the selected being the smallest tickets.
    const task = bundle.result.tasks[0];
    const stratum = task.strata.findIndex((s) => !s.census);
    const chosen = task.selected.filter((s) => s.stratum === stratum).map((s) => s.ticket).sort();
    const firm = task.selected.filter((s) => s.stratum === stratum).at(-1);
    await ask(page, firm.id);
    await page.locator('[data-testid="lookup-result"][data-status="selected"]').waitFor({ timeout: TIMEOUT });
    const rank = page.getByTestId('firm-rank').first();
    assert.equal(await rank.getAttribute('data-rank'), String(chosen.indexOf(firm.ticket) + 1));
    assert.equal(await rank.getAttribute('data-size'), String(task.strata[stratum].size));
    assert.equal(await rank.getAttribute('data-count'), String(task.strata[stratum].count));
    const words = await rank.innerText();
    assert.ok(words.includes(`本层共 ${task.strata[stratum].size} 家`) && words.includes(`排第 ${chosen.indexOf(firm.ticket) + 1} 位`), words);
    assert.ok((await page.getByTestId('lookup-rehearsal').innerText()).includes('演练'));
    assert.ok((await page.getByTestId('lookup-result').innerText()).includes('被抽中'));
    await screenshot(page, 'verify-phone-rank');

    // A code with its last character mistyped is named as such.
    const wrong = firm.id.slice(0, 17) + (firm.id.endsWith('0') ? '1' : '0');
    let result = await ask(page, wrong);
    await page.locator('[data-testid="lookup-result"][data-problem="check-character"]').waitFor({ timeout: TIMEOUT });
    assert.ok((await result.innerText()).includes('校验位不对'), await result.innerText());

    // Part of a name, typed with a space in it, lists every firm it fits.
    const names = bundle.inputs.directories.enterprises.map((e) => e.name);
    let part;
    for (const name of names) {
      for (let i = 2; i + 3 <= name.length && !part; i++) {
        const piece = name.slice(i, i + 3);
        const fits = names.filter((n) => nameKey(n).includes(nameKey(piece))).length;
        if (fits >= 2 && fits <= 10 && names.every((n) => nameKey(n) !== nameKey(piece))) part = piece;
      }
      if (part) break;
    }
    assert.ok(part, 'a piece of a name shared by a few firms');
    result = await ask(page, `${part[0]} ${part.slice(1)}`);
    await page.locator('[data-testid="lookup-result"][data-status="choose"]').waitFor({ timeout: TIMEOUT });
    const offered = await page.getByTestId('lookup-candidate').evaluateAll((els) => els.map((e) => e.dataset.id).sort());
    const expected = bundle.inputs.directories.enterprises.filter((e) => nameKey(e.name).includes(nameKey(part))).map((e) => e.id).sort();
    assert.deepEqual(offered, expected);

    // The CSV of a rehearsal says 演练 in its name and on every row.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').tap()]);
    assert.match(download.suggestedFilename(), /演练/);
    const rows = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    assert.ok(rows.length > 2 && rows.slice(1).every((r) => r.startsWith('演练')), rows[1]);

    // The selected firms are cards, each value named, not a table wider than the screen.
    const card = page.getByTestId('result-row').first();
    assert.equal(await card.evaluate((el) => getComputedStyle(el).display), 'block');
    const named = await card.locator('td').evaluateAll((tds) => tds.map((td) => [td.dataset.label, getComputedStyle(td, '::before').content]));
    assert.ok(named.some(([label, before]) => label === '检查组' && before !== 'none'), JSON.stringify(named));
    const [wide, shown] = await page.getByTestId(`selection-${task.number}`).evaluate((el) => [el.scrollWidth, el.parentElement.clientWidth]);
    assert.ok(wide <= shown, `the result is ${wide}px wide in a ${shown}px box`);
    await screenshot(page, 'verify-phone-cards');
    await fitsWidth(page, 'the verification page with its answers');
    assert.deepEqual(await seriousViolations(page), []);
    assertNoErrors(problems);
    await context.close();
  });

  test('a sealed result: the checks that need the list do not apply yet, none is red', { timeout: TEST_TIMEOUT }, async () => {
    // SPEC.md §7.1, built from the bundle's own members.
    const b = JSON.parse(SMALL);
    const sealed = {
      format: b.format, document: 'sealed-result', commitment: b.commitment, beacon: b.beacon,
      result_sha256: b.result_sha256, reveal_after: b.inputs.plan.tasks.map((t) => t.window.end).sort().at(-1),
    };
    const context = await phone();
    const page = await context.newPage();
    await page.route('**/e2e-bundles/**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(sealed) }));
    await page.goto(siteUrl('#/verify?bundle=e2e-bundles/sealed.json'), { waitUntil: 'load' });
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(await verdict.getAttribute('data-verdict'), 'sealed');
    for (const id of ['inputs', 'result']) {
      assert.equal(await page.getByTestId(`check-${id}`).getAttribute('data-state'), 'not-applicable', id);
    }
    const marks = await page.locator('.check-list .check-mark').allInnerTexts();
    assert.ok(marks.length === 6 && !marks.some((m) => m.includes('✗')), marks.join(' '));
    // The hash the published list must have: shortened, whole in data-full.
    const hashes = await verdict.getByTestId('short-hash').evaluateAll((els) => els.map((e) => e.dataset.full));
    assert.ok(hashes.includes(b.result_sha256), hashes.join(' '));
    const box = await verdict.boundingBox();
    assert.ok(box.y >= 0 && box.y < HEIGHT, `the verdict starts at ${box.y}px`);
    await fitsWidth(page, 'a sealed result');
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'verify-phone-sealed');
    await context.close();
  });
});
