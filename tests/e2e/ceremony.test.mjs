// The draw ceremony (#/draw) on a rehearsal commitment to quicknet round 1000
// (tests/fixtures/ceremony/): load the two files, a wrong round pasted is refused
// with its reason, the committed round is fetched from a relay, the draw runs, the
// reveal is skipped, the QR code shows, and the downloaded bundle passes
// `fairdraw verify` as a rehearsal.
//
// The machine running the tests has no internet, so the relay is local: this file
// serves the built site and recorded rounds from one server on 127.0.0.1, and
// points the page at it with `#/draw?relay=…`. Same origin, so the shipped CSP
// (connect-src 'self' plus drand's relays) allows it unchanged; the page accepts the
// parameter only when it is itself served from the local machine.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync, mkdtempSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const fixtures = path.join(repoRoot, 'tests', 'fixtures', 'ceremony');
const DIST = process.env.FAIRDRAW_DIST || path.join(repoRoot, 'dist');
const QUICKNET = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const ROUND_1000 = readFileSync(path.join(fixtures, 'round-1000.json'), 'utf8');
const ROUND_123 = readFileSync(path.join(fixtures, 'round-123.json'), 'utf8');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/**
 * The site plus three relays: /relay has round 1000 (v1 path), /empty has no round
 * (404, as a relay answers before the round), /dead fails (500).
 */
function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === `/relay/${QUICKNET}/public/1000`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(ROUND_1000);
    }
    if (url.pathname.startsWith('/dead/')) { res.writeHead(500); return res.end('down'); }
    if (url.pathname.startsWith('/empty/') || url.pathname.startsWith('/relay/')) { res.writeHead(404); return res.end(); }
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.join(DIST, path.normalize(rel));
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The files of a ZIP archive (an XLSX), read through its central directory. */
function unzip(buf) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a ZIP archive');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const local = buf.readUInt32LE(at + 42);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    files[name] = (method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    at += 46 + nameLength + extra;
  }
  return files;
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

/** Relays answering 404/500 make Chromium log the failed load; that is the point here. */
function withoutRelayNoise(problems) {
  problems.errors = problems.errors.filter((e) => !/Failed to load resource.*(404|500)/.test(e));
  return problems;
}

async function openCeremony(relays) {
  const relay = encodeURIComponent(relays.map((r) => base + r).join(','));
  const opened = await openPage(browser, `index.html#/draw?relay=${relay}`, { base });
  const { page } = opened;
  await page.getByTestId('ceremony-load-inputs').setInputFiles(path.join(fixtures, 'inputs.json'));
  await page.getByTestId('ceremony-load-commitment').setInputFiles(path.join(fixtures, 'commitment.json'));
  await page.getByTestId('ceremony-countdown').waitFor({ state: 'visible', timeout: TIMEOUT });
  return opened;
}

async function beaconState(page, want) {
  const status = page.locator(`[data-testid="beacon-status"][data-state="${want}"]`);
  await status.waitFor({ state: 'visible', timeout: TIMEOUT });
  return status;
}

describe('draw ceremony', () => {
  test('rehearsal: fetch, refuse a wrong round, draw, reveal, QR, download, verify', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openCeremony(['dead', 'relay']);
    await screenshot(page, 'ceremony-1-loaded');
    assert.ok(await page.getByTestId('rehearsal-banner').first().isVisible(), 'rehearsal banner');
    assert.equal(await page.getByTestId('beacon-status').getAttribute('data-state'), 'waiting');
    // Round 1000 was emitted in 2023: nothing left to count down.
    assert.equal(await page.getByTestId('ceremony-countdown').getAttribute('data-remaining'), '0');

    // A real round, but not the committed one: refused, and the reason names both.
    await page.getByTestId('ceremony-paste').fill(ROUND_123);
    await page.getByTestId('ceremony-paste-submit').click();
    const invalid = await beaconState(page, 'invalid');
    const reason = await invalid.textContent();
    assert.match(reason, /123/);
    assert.match(reason, /1000/);
    await screenshot(page, 'ceremony-2-wrong-round');

    // The first relay is down; the second has the round.
    await page.getByTestId('ceremony-fetch').click();
    const verified = await beaconState(page, 'verified');
    assert.match(await verified.textContent(), /quicknet.*1000/);
    assert.match(await page.getByTestId('ceremony-seed').textContent(), /fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd/);
    const relayRequests = problems.requests.filter((u) => u.includes('/public/'));
    assert.deepEqual(relayRequests.map((u) => new URL(u).pathname.split('/')[1]).filter((x, i, a) => a.indexOf(x) === i), ['dead', 'relay']);
    await screenshot(page, 'ceremony-3-verified');

    await page.getByTestId('ceremony-draw').click();
    await page.getByTestId('reveal-item').first().waitFor({ state: 'visible', timeout: TIMEOUT });
    await screenshot(page, 'ceremony-4-revealing');
    await page.getByTestId('reveal-skip').click();
    const qr = page.getByTestId('ceremony-qr');
    await qr.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml,/);
    const expected = JSON.parse(readFileSync(path.join(fixtures, 'commitment.json'), 'utf8'));
    assert.ok((await page.getByTestId('reveal-item').count()) >= expected.tasks.reduce((n, t) => n + t.count, 0));
    await screenshot(page, 'ceremony-5-done');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ceremony-download').click()]);
    assert.match(download.suggestedFilename(), /rehearsal-bundle\.json$/);
    const saved = path.join(mkdtempSync(path.join(tmpdir(), 'fairdraw-ceremony-')), download.suggestedFilename());
    await download.saveAs(saved);
    const bundle = JSON.parse(readFileSync(saved, 'utf8'));
    assert.equal(bundle.commitment.rehearsal, true);
    assert.equal(bundle.beacon.drand.round, 1000);

    execFileSync('cargo', ['build', '--quiet', '--bin', 'fairdraw'], { cwd: repoRoot, stdio: 'inherit' });
    const cli = spawnSync(path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target'), 'debug', 'fairdraw'), ['verify', saved], { encoding: 'utf8' });
    assert.equal(cli.status, 0, `fairdraw verify failed:\n${cli.stdout}\n${cli.stderr}`);
    assert.match(cli.stdout, /REHEARSAL/);

    // The livestream layout.
    await page.getByTestId('fullscreen-toggle').click();
    assert.match(await page.getByTestId('ceremony').getAttribute('class'), /ceremony-stage/);
    await screenshot(page, 'ceremony-6-stage');
    await page.getByTestId('fullscreen-toggle').click();

    assertNoErrors(withoutRelayNoise(problems), 'the ceremony page');
    assert.deepEqual(problems.requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')), []);
    await context.close();
  });

  test('after the draw: result, task sheets and publicity CSV, print view, sealed result', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openCeremony(['relay']);
    await page.getByTestId('ceremony-paste').fill(ROUND_1000);
    await page.getByTestId('ceremony-paste-submit').click();
    await beaconState(page, 'verified');
    await page.getByTestId('ceremony-draw').click();
    await page.getByTestId('reveal-skip').click();
    await page.getByTestId('exports').waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.ok(await page.getByTestId('exports-rehearsal').isVisible(), 'a rehearsal says so beside its exports');
    const revealed = await page.getByTestId('reveal-item').evaluateAll((items) => items.map((i) => i.dataset.id));

    const dir = mkdtempSync(path.join(tmpdir(), 'fairdraw-exports-'));
    async function save(testid) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      return { name: download.suggestedFilename(), bytes: readFileSync(file) };
    }
    const bundle = JSON.parse((await save('ceremony-download')).bytes.toString('utf8'));

    const result = await save('export-result-csv');
    assert.match(result.name, /^2026001-抽取结果-演练\.csv$/);
    assert.deepEqual([...result.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM, so Excel reads Chinese');
    const lines = result.bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    assert.match(lines[0], /^抽取性质,抽查任务编号,抽查任务名称,/);
    assert.equal(lines.length - 1, revealed.length, 'one row per selected firm');
    for (const id of revealed) assert.ok(lines.some((l) => l.includes(id)), `${id} in the result CSV`);
    assert.ok(lines.slice(1).every((l) => l.startsWith('演练，非正式抽取结果,')), 'every row marked as a rehearsal');

    const sheets = await save('export-task-sheets-csv');
    assert.match(sheets.name, /任务单-演练\.csv$/);
    assert.equal(sheets.bytes.toString('utf8').trimEnd().split('\r\n').length - 1, revealed.length);
    // The reserves are shown with the result, in their order, as the bundle declares them.
    const declared = bundle.result.tasks.flatMap((t) => t.strata.flatMap((st) => st.reserves.map((r) => r.id)));
    assert.ok(declared.length > 0, 'the demo plan declares reserves');
    assert.deepEqual(await page.getByTestId('reserve-row').evaluateAll((rows) => rows.map((r) => r.dataset.id)), declared);
    const reserves = await save('export-reserves-csv');
    assert.match(reserves.name, /候补名单-演练\.csv$/);
    assert.match(reserves.bytes.toString('utf8'), /抽取性质,抽查任务编号,抽查任务名称,分层,候补顺序,统一社会信用代码/);
    const publicity = await save('export-publicity-csv');
    assert.match(publicity.bytes.toString('utf8'), /抽查计划编号,抽查计划名称,抽查任务编号,抽查任务名称,抽查类型,抽查机关,抽查时间/);

    // The same table as a workbook, from the XLSX module loaded on demand.
    const xlsxLoaded = () => problems.requests.some((u) => u.includes('fairdraw_xlsx_bg.wasm'));
    assert.equal(xlsxLoaded(), false, 'the XLSX module is not loaded before it is needed');
    const book = await save('export-result-xlsx');
    assert.match(book.name, /^2026001-抽取结果-演练\.xlsx$/);
    const parts = unzip(book.bytes);
    assert.ok(parts['xl/workbook.xml'].includes('抽取结果（演练）'), 'the sheet is named, marked as a rehearsal');
    const text = Object.entries(parts).filter(([n]) => n.startsWith('xl/')).map(([, t]) => t).join('');
    for (const id of revealed) assert.ok(text.includes(id), `${id} in the workbook`);
    assert.ok(xlsxLoaded(), 'loaded for the workbook');

    const sealed = JSON.parse((await save('export-sealed')).bytes.toString('utf8'));
    assert.equal(sealed.document, 'sealed-result');
    assert.equal(sealed.result_sha256, bundle.result_sha256);
    assert.equal(sealed.commitment.commitment, bundle.commitment.commitment);
    assert.ok(!JSON.stringify(sealed).includes(revealed[0]), 'the sealed result names no firm');

    // The task sheets: every firm on exactly one team's sheet.
    await page.getByTestId('export-preview-task-sheets').click();
    const onSheets = await page.getByTestId('task-sheet').evaluateAll((sheets) =>
      sheets.flatMap((s) => [...s.querySelectorAll('tbody code')].map((c) => c.textContent)));
    assert.deepEqual([...onSheets].sort(), [...revealed].sort());
    await screenshot(page, 'exports-1-task-sheets');
    // Printing shows the task sheets and nothing else of the page.
    await page.evaluate(() => document.documentElement.setAttribute('data-printing', 'task-sheets'));
    await page.emulateMedia({ media: 'print' });
    const visibility = await page.evaluate(() => ({
      header: getComputedStyle(document.querySelector('[data-testid="reveal-item"]')).visibility,
      sheet: getComputedStyle(document.querySelector('[data-testid="task-sheet"]')).visibility,
      // One team per page, on the landscape page of papers.css.
      breakAfter: getComputedStyle(document.querySelector('[data-testid="task-sheet"]')).breakAfter,
      page: getComputedStyle(document.querySelector('[data-testid="task-sheet"]')).page,
    }));
    assert.deepEqual(visibility, { header: 'hidden', sheet: 'visible', breakAfter: 'page', page: 'sheet' });
    // Each firm's row names its region and address, as the team needs them.
    const heads = await page.getByTestId('task-sheet').first().locator('thead th').allInnerTexts();
    assert.deepEqual(heads.map((h) => h.trim()), ['序号', '检查对象（统一社会信用代码）', '区域', '住所（经营场所）', '检查事项']);
    const firstRow = await page.getByTestId('task-sheet').first().locator('tbody tr').first().locator('td').allInnerTexts();
    assert.ok(firstRow[2].trim().length > 0, `a region on the sheet: ${firstRow}`);
    await screenshot(page, 'exports-2-print');
    await page.emulateMedia({ media: 'screen' });

    assertNoErrors(withoutRelayNoise(problems), 'the ceremony page');
    await context.close();
  });

  test('a relay without the round says it is not emitted yet', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openCeremony(['empty']);
    await page.getByTestId('ceremony-fetch').click();
    const status = await beaconState(page, 'not_yet');
    assert.match(await status.textContent(), /2023-08-23 23:59:24/);
    await screenshot(page, 'ceremony-not-yet');
    assertNoErrors(withoutRelayNoise(problems), 'the ceremony page');
    await context.close();
  });
});
