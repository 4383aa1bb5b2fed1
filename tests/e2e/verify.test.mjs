// The verification page (#/verify): a bundle loaded by file, paste or address is
// recomputed in the browser; every way of tampering with it is caught and named;
// 查询我的企业, the CSV export and the build's identity.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  BASE_URL, TEST_TIMEOUT, TIMEOUT, launch, openPage, siteUrl, screenshot, assertNoErrors,
} from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SMALL = readFileSync(path.join(here, '..', 'vectors', 'spec', 'bundle-small.json'), 'utf8');
// A real rehearsal: the same kind of demo inputs committed as 演练 after the round.
const NIST = readFileSync(path.join(here, '..', 'vectors', 'spec', 'bundle-nist.json'), 'utf8');
const PUBLIC = readFileSync(path.join(here, '..', 'vectors', 'spec', 'format2-public-small.json'), 'utf8');
const REHEARSAL = readFileSync(path.join(here, 'verify-rehearsal.json'), 'utf8');
const CHECKS = ['format', 'inputs', 'commitment', 'beacon', 'timing', 'result'];
const SELECTED = '92130371MACLME9QF1';
const NOT_SELECTED = '91130302082277328R';
const UNKNOWN = '91110108551385082Q';

/** A copy of the small bundle with one edit applied. */
function tampered(edit) {
  const b = JSON.parse(SMALL);
  edit(b);
  return JSON.stringify(b);
}
const flip = (hex) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

/** Every way of tampering, with the check that must fail and text its details name. */
const TAMPERINGS = [
  ['a directory row', (b) => { b.inputs.directories.enterprises[3].name = '改名有限公司'; }, 'inputs', '检查对象名录'],
  ['a rule', (b) => { b.inputs.plan.rules.yearly_cap += 1; }, 'inputs', '抽查计划'],
  ['the beacon', (b) => { b.beacon.drand.signature = flip(b.beacon.drand.signature); }, 'beacon', '签名'],
  ['a selected firm', (b) => { b.result.tasks[0].selected[0].id = NOT_SELECTED; }, 'result', NOT_SELECTED],
  ['a team', (b) => { b.result.tasks[0].selected[0].team[0].id = '13039999999'; }, 'result', '检查组不同'],
  ['an item', (b) => { b.result.tasks[0].selected[0].items[0] = 'AQ-999'; }, 'result', '检查事项不同'],
  ['the commitment', (b) => { b.commitment.committed_at = '2023-08-23T14:00:00Z'; }, 'commitment', '哈希值'],
];

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

/** Loads `text` through the file picker, as a visitor choosing a file does. */
async function loadFile(page, text, name = 'bundle.json') {
  await page.getByTestId('verify-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  // This file's verdict, not the one of the file before.
  const verdict = page.locator(`[data-testid="verdict"][data-source="${name}"]`);
  await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
  return verdict.getAttribute('data-verdict');
}

async function waitVerdict(page) {
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
  return verdict.getAttribute('data-verdict');
}

async function checkStates(page) {
  const states = {};
  for (const id of CHECKS) states[id] = await page.getByTestId(`check-${id}`).getAttribute('data-ok');
  return states;
}

/** Serves `files` (name → text) below BASE_URL/e2e-bundles/ for this page only. */
async function serveBundles(page, files) {
  await page.route('**/e2e-bundles/**', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    if (files[name] === undefined) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: 'application/json', body: files[name] });
  });
}

describe('verify', () => {
  test('opened from a link, the page runs the small module with the public document downloading beside it; a format 1 or NIST draw brings in the whole verifier', { timeout: TEST_TIMEOUT }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const files = { 'small.json': PUBLIC, 'nist.json': NIST };
    await context.route('**/e2e-bundles/**', async (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop();
      return route.fulfill({ status: 200, contentType: 'application/json', body: files[name] });
    });
    const requests = [];
    context.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const { page, problems } = await openPage(browser, '#/verify?bundle=e2e-bundles/small.json', { context });
    assert.equal(await waitVerdict(page), 'valid');
    const at = (suffix) => requests.findIndex((p) => p.endsWith(suffix));
    assert.ok(at('fairdraw_verify_bg.wasm') >= 0, 'the small module loads');
    assert.equal(at('fairdraw_www_bg.wasm'), -1, `the whole site's module is not needed: ${requests.join(' ')}`);
    assert.ok(at('/e2e-bundles/small.json') < at('pkg/fairdraw_verify.js'), `the bundle is asked for before the module: ${requests.join(' ')}`);
    assert.equal(requests.filter((p) => p.endsWith('/e2e-bundles/small.json')).length, 1, 'downloaded once');
    // The worker verifies with the module the page compiled, not a second download.
    assert.equal(requests.filter((p) => p.endsWith('fairdraw_verify_bg.wasm')).length, 1, `one download of the module: ${requests.join(' ')}`);
    // A draw that also committed to a NIST pulse needs RSA, which only the whole verifier has.
    assert.equal(await loadFile(page, NIST, 'nist.json'), 'valid');
    assert.equal(await page.getByTestId('check-beacon').getAttribute('data-ok'), 'true');
    assert.match(await page.getByTestId('check-beacon').innerText(), /NIST/);
    assert.ok(at('fairdraw_www_bg.wasm') >= 0, 'the whole verifier was loaded for it');
    // The small module reads only format 2's public and sealed documents.
    assert.equal(await loadFile(page, SMALL, 'small.json'), 'valid');
    assertNoErrors(problems);
    await context.close();
  });

  test('a slow download shows the bytes received and the share of the whole', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '');
    // About 1 MB/s: the single-file verifier (a 4 MB file of the site, not a bundle)
    // takes a few seconds to arrive.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 100, downloadThroughput: 1_000_000, uploadThroughput: 100_000 });
    const seen = [];
    await page.exposeFunction('reportProgress', (received, total) => seen.push([Number(received), Number(total)]));
    await page.evaluate(() => {
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="verify-progress"][data-stage="loading"]');
        if (el) window.reportProgress(el.dataset.received, el.dataset.total || '0');
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.evaluate(() => { window.location.hash = '#/verify?bundle=fairdraw-verify.html'; });
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.equal(await verdict.getAttribute('data-verdict'), 'unreadable', 'an HTML page is not a bundle');
    const partial = seen.filter(([received, total]) => received > 0 && total > 0 && received < total);
    assert.ok(partial.length >= 2, `the progress moved while downloading: ${JSON.stringify(seen.slice(0, 20))}`);
    assert.ok(partial.every(([r], k) => k === 0 || r >= partial[k - 1][0]), 'never backwards');
    assertNoErrors(problems);
    await context.close();
  });

  test('while it verifies, the page says which check runs, in the order of the report', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    const seen = [];
    await page.exposeFunction('reportStep', (check, done) => seen.push([check, Number(done)]));
    await page.evaluate(() => {
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="verify-step"]');
        if (el) window.reportStep(el.dataset.check, el.dataset.done);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    assert.equal(await loadFile(page, SMALL), 'valid');
    assert.ok(seen.length > 0, 'the running check was shown');
    for (const [check, done] of seen) assert.equal(check, CHECKS[done], `after ${done} checks, ${CHECKS[done]} runs: ${JSON.stringify(seen)}`);
    assert.ok(seen.every(([, done], k) => k === 0 || done >= seen[k - 1][1]), 'never backwards');
    assertNoErrors(problems);
    await context.close();
  });

  test('a valid bundle is valid with every check green', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    assert.equal(await loadFile(page, SMALL), 'valid');
    assert.deepEqual(await checkStates(page), Object.fromEntries(CHECKS.map((id) => [id, 'true'])));
    // Each check says what it proves and what it does not.
    const inputs = await page.getByTestId('check-inputs').innerText();
    assert.ok(inputs.includes('说明') && inputs.includes('不能说明'), inputs);
    // Both times are shown for the timing check.
    const timing = await page.getByTestId('check-timing').innerText();
    assert.ok(timing.includes('2023-08-23T23:59:24+08:00'), timing);
    // Each check is a full-width row, so long times are not broken into fragments
    // (another page's stylesheet once made the rows narrow inline boxes).
    const rowDisplay = await page.getByTestId('check-timing').evaluate((el) => getComputedStyle(el).display);
    assert.equal(rowDisplay, 'list-item');
    assert.ok((await page.getByTestId('verify-commitment').getByTestId('short-hash').getAttribute('data-full')).startsWith('c640d5cb6ea550d2'));
    // The result: the first selected firm of task 001 in ticket order.
    const first = page.getByTestId('result-row').first();
    assert.equal(await first.getAttribute('data-id'), SELECTED);
    assert.ok((await first.innerText()).includes('郑思佳'));
    assert.ok((await page.getByTestId('strata-001').innerText()).includes('19c4432d22bc2bc8'));
    await screenshot(page, 'verify-valid');
    assertNoErrors(problems);
    await context.close();
  });

  test('a rehearsal is shown as 演练, never as valid', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    assert.equal(await loadFile(page, REHEARSAL, 'rehearsal.json'), 'rehearsal');
    assert.ok((await page.getByTestId('verdict').innerText()).includes('演练'));
    assert.ok((await page.getByTestId('verify-summary').innerText()).includes('演练'));
    // Its round was emitted before its commitment: the timing card says so, no ✓.
    const timing = page.getByTestId('check-timing');
    assert.equal(await timing.getAttribute('data-state'), 'rehearsal');
    assert.ok(!(await timing.locator('.check-mark').innerText()).includes('✓'));
    assert.ok((await timing.innerText()).includes('早于承诺'));
    await screenshot(page, 'verify-rehearsal');

    // Its lookups and its CSV say 演练 too.
    const firm = JSON.parse(REHEARSAL).result.tasks[0].selected[0].id;
    await page.getByTestId('lookup-input').fill(firm);
    await page.getByTestId('lookup-submit').click();
    await page.locator('[data-testid="lookup-result"][data-status="selected"]').waitFor({ timeout: TIMEOUT });
    assert.ok((await page.getByTestId('lookup-rehearsal').innerText()).includes('演练'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    assert.match(download.suggestedFilename(), /演练/);
    const rows = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    assert.ok(rows.slice(1).every((r) => r.startsWith('演练')), rows[1]);
    assertNoErrors(problems);
    await context.close();
  });

  test('a sealed result is verified without its list, and says when the list comes out', { timeout: TEST_TIMEOUT }, async () => {
    // SPEC.md §7.1, built here from the bundle's own members.
    const b = JSON.parse(SMALL);
    const sealed = {
      format: b.format, document: 'sealed-result', commitment: b.commitment, beacon: b.beacon,
      result_sha256: b.result_sha256, reveal_after: b.inputs.plan.tasks.map((t) => t.window.end).sort().at(-1),
    };
    const { context, page, problems } = await openPage(browser, '#/verify');
    assert.equal(await loadFile(page, JSON.stringify(sealed), 'sealed.json'), 'sealed');
    // The checks that need the list are not failures: they come when it is published.
    for (const id of ['inputs', 'result']) {
      assert.equal(await page.getByTestId(`check-${id}`).getAttribute('data-state'), 'not-applicable', id);
    }
    const text = await page.getByTestId('verdict').innerText();
    const hashes = await page.getByTestId('verdict').getByTestId('short-hash').evaluateAll((els) => els.map((e) => e.dataset.full));
    assert.ok(hashes.includes(b.result_sha256) && text.includes(sealed.reveal_after), text);
    for (const id of ['format', 'commitment', 'beacon', 'timing']) {
      assert.equal(await page.getByTestId(`check-${id}`).getAttribute('data-ok'), 'true', id);
    }
    assert.equal(await page.getByTestId('check-result').getAttribute('data-ok'), 'false', 'the result is not there to recompute');
    assert.match(await page.getByTestId('check-result').innerText(), /公布完整结果后核验/);
    await screenshot(page, 'verify-sealed');
    // A sealed result whose beacon was changed is invalid.
    sealed.beacon.drand.signature = flip(sealed.beacon.drand.signature);
    assert.equal(await loadFile(page, JSON.stringify(sealed), 'forged-sealed.json'), 'invalid');
    assertNoErrors(problems);
    await context.close();
  });

  test('every kind of tampering is invalid and names the check and the difference', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    for (const [i, [what, edit, check, detail]] of TAMPERINGS.entries()) {
      const name = `tampered-${i}-${check}.json`;
      assert.equal(await loadFile(page, tampered(edit), name), 'invalid', what);
      const row = page.getByTestId(`check-${check}`);
      assert.equal(await row.getAttribute('data-ok'), 'false', `${what}: check-${check} should fail`);
      const details = await page.getByTestId(`check-${check}-details`).innerText();
      assert.ok(details.includes(detail), `${what}: details should mention ${detail}: ${details}`);
      const verdict = await page.getByTestId('verdict').innerText();
      assert.ok(!/^核验通过/.test(verdict), verdict);
      if (check === 'result' && what === 'a team') await screenshot(page, 'verify-tampered-team');
    }
    assertNoErrors(problems);
    await context.close();
  });

  test('a file dropped on the page is verified', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    const transfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
      return dt;
    }, SMALL);
    await page.getByTestId('verify-dropzone').dispatchEvent('dragover', { dataTransfer: transfer });
    await page.getByTestId('verify-dropzone').dispatchEvent('drop', { dataTransfer: transfer });
    await page.locator('[data-testid="verdict"][data-source="dropped.json"][data-verdict="valid"]').waitFor({ timeout: TIMEOUT });
    assertNoErrors(problems);
    await context.close();
  });

  test('without the worker the page verifies by itself', { timeout: TEST_TIMEOUT }, async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    // As in a browser without module workers: the worker script never loads.
    const workers = [];
    await ctx.route('**/verify-worker.js*', (route) => {
      workers.push(route.request().url());
      return route.fulfill({ status: 404, body: '' });
    });
    await ctx.route('**/e2e-bundles/nist.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: NIST }));
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(siteUrl('#/verify'), { waitUntil: 'load' });
    await page.getByTestId('app-ready').waitFor({ state: 'attached', timeout: TIMEOUT });
    // A format 1 bundle from disk: the small module leaves it to the whole site's,
    // which the page loads beside it, and which then answers the lookup too.
    assert.equal(await loadFile(page, tampered(TAMPERINGS[5][1]), 'no-worker.json'), 'invalid');
    assert.equal(await page.getByTestId('check-result').getAttribute('data-ok'), 'false');
    await page.getByTestId('lookup-input').fill(SELECTED);
    await page.getByTestId('lookup-submit').click();
    await page.locator('[data-testid="lookup-result"][data-status="selected"]').waitFor({ timeout: TIMEOUT });
    assert.ok(workers.length > 0, 'the worker was asked for, and refused');
    assert.equal(requests.filter((u) => /fairdraw_www_bg\.wasm/.test(u)).length, 1, 'the whole site\'s module was loaded beside the small one');
    assert.equal(await page.getByTestId('app-ready').count(), 1, 'and mounted nothing');
    // A NIST draw from a link: the small module has no RSA either.
    await page.goto(siteUrl('#/verify?bundle=e2e-bundles/nist.json'), { waitUntil: 'load' });
    await page.locator('[data-testid="verdict"][data-verdict="valid"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId('check-beacon').getAttribute('data-ok'), 'true');
    await ctx.close();
  });

  test('pasted text cut short is unreadable, not invalid, with the plain reason', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    await page.getByTestId('verify-paste').fill('{"format": "fairdraw/1"');
    await page.getByTestId('verify-paste-submit').click();
    assert.equal(await waitVerdict(page), 'unreadable');
    assert.ok((await page.getByTestId('verdict-reason').innerText()).includes('没有下载完整'));
    assert.ok((await page.getByTestId('verdict-detail').innerText()).includes('EOF'));
    assert.equal(await page.getByTestId('check-format').count(), 0, 'no check ran, none is shown red');
    // And a real bundle pasted verifies (set at once, as a paste does, rather than typed).
    await page.getByTestId('verify-paste').evaluate((el, text) => { el.value = text; }, SMALL);
    await page.getByTestId('verify-paste-submit').click();
    await page.locator('[data-testid="verdict"][data-verdict="valid"]').waitFor({ timeout: TIMEOUT });
    assertNoErrors(problems);
    await context.close();
  });

  test('files as Notepad saves them verify; a cut download, a picture and a forged directory each get their own verdict', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SMALL, 'utf16le')]);
    await page.getByTestId('verify-file').setInputFiles({ name: 'utf16.json', mimeType: 'application/json', buffer: utf16 });
    await page.locator('[data-testid="verdict"][data-source="utf16.json"][data-verdict="valid"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await loadFile(page, SMALL.slice(0, SMALL.length / 2), 'cut.json'), 'unreadable');
    await page.getByTestId('verify-file').setInputFiles({ name: 'photo.json', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xd8]) });
    await page.locator('[data-testid="verdict"][data-source="photo.json"][data-verdict="unreadable"]').waitFor({ timeout: TIMEOUT });
    // One firm entered four times under IDs that look alike (tests/vectors/negative).
    const forged = readFileSync(path.join(here, '..', 'vectors', 'negative', 'dup-firm-zero-width.json'), 'utf8');
    assert.equal(await loadFile(page, forged, 'forged.json'), 'invalid');
    assert.equal(await page.getByTestId('check-format').getAttribute('data-ok'), 'false');
    assert.ok((await page.getByTestId('check-format-details').innerText()).includes('统一社会信用代码'));
    // A name carrying a right-to-left override is refused, and shown written out, not obeyed.
    const rlo = readFileSync(path.join(here, '..', 'vectors', 'negative', 'name-rlo.json'), 'utf8');
    assert.equal(await loadFile(page, rlo, 'rlo.json'), 'invalid');
    assert.ok((await page.getByTestId('check-format-details').innerText()).includes('U+202E'));
    assertNoErrors(problems);
    await context.close();
  });

  test('#/verify?bundle=URL loads and verifies, relative or absolute', { timeout: TEST_TIMEOUT }, async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await serveBundles(page, { 'small.json': SMALL, 'bad.json': tampered(TAMPERINGS[4][1]) });
    await page.goto(siteUrl('#/verify?bundle=e2e-bundles/small.json'), { waitUntil: 'load' });
    assert.equal(await waitVerdict(page), 'valid');
    // Opened from a link the verdict comes first; the ways to load another file are folded.
    const folded = page.getByTestId('load-folded');
    assert.equal(await folded.evaluate((d) => d.open), false);
    assert.ok((await page.getByTestId('verdict').boundingBox()).y < (await folded.boundingBox()).y);
    assert.equal(await page.getByTestId('verify-paste').isVisible(), false);
    await screenshot(page, 'verify-url');

    const absolute = siteUrl('e2e-bundles/bad.json');
    await page.goto(siteUrl(`#/verify?bundle=${encodeURIComponent(absolute)}`), { waitUntil: 'load' });
    await page.locator('[data-testid="verdict"][data-verdict="invalid"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId('check-result').getAttribute('data-ok'), 'false');

    // A missing file says so rather than showing a verdict.
    await page.goto(siteUrl('#/verify?bundle=e2e-bundles/missing.json'), { waitUntil: 'load' });
    const error = page.getByTestId('verify-load-error');
    await error.waitFor({ timeout: TIMEOUT });
    assert.ok((await error.innerText()).includes('404'));
    assert.equal(await page.getByTestId('verdict').count(), 0);
    await ctx.close();
  });

  test('查询我的企业: selected, not selected and unknown', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    await loadFile(page, SMALL);
    const ask = async (query) => {
      await page.getByTestId('lookup-input').fill(query);
      await page.getByTestId('lookup-submit').click();
      const result = page.getByTestId('lookup-result');
      await page.waitForFunction(
        (q) => {
          const el = document.querySelector('[data-testid="lookup-result"]');
          return el && el.textContent.includes(q);
        },
        query,
        { timeout: TIMEOUT },
      );
      return [await result.getAttribute('data-status'), await result.innerText()];
    };
    // A firm's outcome is its place by ticket in its stratum, in words; the hex is behind
    // a disclosure. The selected firm's place, from the bundle itself: its rank among the
    // selected tickets of its stratum (the smallest tickets are the selected ones).
    const task = JSON.parse(SMALL).result.tasks[0];
    const mine = task.selected.find((s) => s.id === SELECTED);
    const place = task.selected.filter((s) => s.stratum === mine.stratum).map((s) => s.ticket).sort().indexOf(mine.ticket) + 1;
    const [selected, selectedText] = await ask(SELECTED);
    assert.equal(selected, 'selected');
    assert.ok(selectedText.includes(`排第 ${place} 位`) && selectedText.includes('郑思佳'), selectedText);
    assert.ok(!selectedText.includes('06af18705a8cec83'), 'the ticket is folded away');
    const hex = page.getByTestId('lookup-hex').first();
    assert.equal(await hex.getAttribute('data-rank'), String(place));
    assert.ok((await hex.textContent()).includes('06af18705a8cec83'));
    await screenshot(page, 'verify-lookup');
    const [notSelected, notSelectedText] = await ask(NOT_SELECTED);
    assert.equal(notSelected, 'not_selected');
    const count = task.strata.map((st) => st.count);
    const rank = Number(await page.getByTestId('lookup-hex').first().getAttribute('data-rank'));
    assert.ok(rank > Math.min(...count) && notSelectedText.includes(`排第 ${rank} 位，未被抽中`), notSelectedText);
    const [unknown, unknownText] = await ask(UNKNOWN);
    assert.equal(unknown, 'not_found');
    assert.ok(unknownText.includes('不在承诺的检查对象名录中'), unknownText);

    // Part of a name fits several firms: each is offered, and choosing one answers for it.
    await page.getByTestId('lookup-input').fill('润安');
    await page.getByTestId('lookup-submit').click();
    await page.locator('[data-testid="lookup-result"][data-status="choose"]').waitFor({ timeout: TIMEOUT });
    const offered = await page.getByTestId('lookup-candidate').evaluateAll((els) => els.map((e) => e.textContent));
    assert.ok(offered.length >= 2 && offered.every((t) => t.includes('润安')), offered.join(' | '));
    const first = page.getByTestId('lookup-candidate').first();
    const id = await first.getAttribute('data-id');
    await first.click();
    await page.waitForFunction((q) => {
      const el = document.querySelector('[data-testid="lookup-result"]');
      return el && el.dataset.status !== 'choose' && el.textContent.includes(q);
    }, id, { timeout: TIMEOUT });
    assert.equal(await page.getByTestId('lookup-input').inputValue(), id);
    assertNoErrors(problems);
    await context.close();
  });

  test('the table searches and sorts, and the CSV downloads with a BOM', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    await loadFile(page, SMALL);
    const rows = page.getByTestId('result-row');
    const total = await rows.count();
    assert.ok(total > 2);
    await page.getByTestId('result-search').fill(SELECTED);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="result-row"]').length === 1);
    await page.getByTestId('result-search').fill('');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="result-row"]').length === n, total);
    await page.getByTestId('sort-id').first().click();
    const ids = await page.locator('[data-testid="selection-001"] [data-testid="result-row"]').evaluateAll((els) => els.map((e) => e.dataset.id));
    assert.deepEqual(ids, [...ids].sort());

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const bytes = readFileSync(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const text = bytes.toString('utf8').slice(1);
    assert.ok(text.startsWith('任务编号,'), text.slice(0, 40));
    assert.ok(text.includes(SELECTED) && text.includes('\r\n'));
    assert.equal(text.trim().split('\r\n').length, total + 1);

    // The print view: controls hidden, the notice's header shown.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByTestId('export-csv').isVisible(), false);
    assert.equal(await page.getByTestId('verify-dropzone').isVisible(), false);
    assert.ok(await page.getByTestId('verify-commitment').isVisible());
    await screenshot(page, 'verify-print');
    await page.emulateMedia({ media: 'screen' });
    assertNoErrors(problems);
    await context.close();
  });

  test('English switch, and the build identity is shown', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/verify');
    await loadFile(page, SMALL);
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await page.getByTestId('verdict').innerText(), /Valid on one condition/);
    assert.match(await page.getByTestId('check-beacon').innerText(), /Beacon signature is valid/);
    const info = await (await fetch(siteUrl('build-info.json'))).json();
    // Opened on the verification page, it runs the small module, and says so.
    await page.waitForFunction((v) => document.querySelector('[data-testid="build-wasm-sha256"]').textContent === v, info.verify_wasm_sha256);
    assert.match(info.verify_wasm_sha256, /^[0-9a-f]{64}$/);
    const small = await (await fetch(siteUrl('pkg/fairdraw_verify_bg.wasm'))).arrayBuffer();
    assert.equal(createHash('sha256').update(Buffer.from(small)).digest('hex'), info.verify_wasm_sha256);
    assert.equal(await page.getByTestId('build-version').innerText(), info.version);
    await screenshot(page, 'verify-en');
    // Nothing but the site itself was contacted.
    const origin = new URL(BASE_URL).origin;
    assert.deepEqual(problems.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
    assertNoErrors(problems);
    await context.close();
  });
});
