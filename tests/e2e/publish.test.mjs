// Publishing from the browser (发布到公示网站): after a draw the organiser's page
// gives one ZIP with every file the site's draws/ folder gains — the commitment, the
// sealed result, their QR codes and the rebuilt index.json — made from the folder as
// the site serves it now. "Uploading" it (unpacking into the served folder) makes
// the 公示 page list the draw at once, with no stale index; the full list comes in a
// second package for after the inspections; a local address is never printed.
//
// This file serves the built site itself, with draws/ from a folder of its own that
// starts as the shipped one, so that uploading changes nothing other tests see.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, existsSync, statSync, mkdtempSync, cpSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const fixtures = path.join(repoRoot, 'tests', 'fixtures', 'ceremony');
const DIST = process.env.FAIRDRAW_DIST || path.join(repoRoot, 'dist');
const ROUND_1000 = readFileSync(path.join(fixtures, 'round-1000.json'), 'utf8');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const SITE = 'https://yjj.example.gov.cn/fairdraw/';

/** The site, with /draws/ served from `draws` (a folder this test may write). */
function startServer(draws) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const root = rel.startsWith('/draws/') ? draws : DIST;
    const file = path.join(root, path.normalize(rel.startsWith('/draws/') ? rel.slice('/draws'.length) : rel));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); return res.end(); }
    // What a plain static host sends: a validator, so that a browser may keep a copy.
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'last-modified': statSync(file).mtime.toUTCString() });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The entries of a ZIP archive of stored files, read through its central directory. */
function unzip(buf) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a ZIP archive');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    assert.equal(buf.readUInt16LE(at + 10), 0, 'stored');
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const local = buf.readUInt32LE(at + 42);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    files[name] = buf.subarray(data, data + size);
    at += 46 + nameLength + extra;
  }
  return files;
}

let browser;
let server;
let base;
let draws;
before(async () => {
  assert.ok(existsSync(path.join(DIST, 'index.html')), `no built site in ${DIST}: run cargo xtask dist`);
  draws = mkdtempSync(path.join(tmpdir(), 'fairdraw-published-'));
  if (existsSync(path.join(DIST, 'draws'))) cpSync(path.join(DIST, 'draws'), draws, { recursive: true });
  server = await startServer(draws);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fairdraw-package-')), d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), files: unzip(readFileSync(file)) };
}

/** Uploading: the package's files written into the served folder, as a host would. */
function upload(files) {
  for (const [name, bytes] of Object.entries(files)) {
    assert.ok(name.startsWith('draws/') && !name.includes('..'), name);
    const target = path.join(draws, name.slice('draws/'.length));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}

async function listed(page, hash) {
  return page.locator(`[data-testid="publication-entry"][data-commitment="${hash}"]`);
}

describe('publishing from the browser', () => {
  test('one download to upload, the 公示 page lists it at once, the list only in the later package', { timeout: TEST_TIMEOUT }, async () => {
    // A relay of this server, which has no round: the round is pasted, as a
    // department without internet at the ceremony would.
    const relay = encodeURIComponent(`${base}norelay`);
    const { context, page, problems } = await openPage(browser, `index.html#/draw?relay=${relay}`, { base });
    const commitment = JSON.parse(readFileSync(path.join(fixtures, 'commitment.json'), 'utf8'));
    const hash = commitment.commitment;
    await page.getByTestId('ceremony-load-inputs').setInputFiles(path.join(fixtures, 'inputs.json'));
    await page.getByTestId('ceremony-load-commitment').setInputFiles(path.join(fixtures, 'commitment.json'));
    await page.getByTestId('ceremony-paste').fill(ROUND_1000);
    await page.getByTestId('ceremony-paste-submit').click();
    await page.locator('[data-testid="beacon-status"][data-state="verified"]').waitFor({ timeout: TIMEOUT });
    await page.getByTestId('ceremony-draw').click();
    await page.getByTestId('reveal-skip').click();
    await page.getByTestId('publish').waitFor({ state: 'visible', timeout: TIMEOUT });
    const revealed = await page.getByTestId('reveal-item').evaluateAll((items) => items.map((i) => i.dataset.id));
    assert.ok(revealed.length > 0);

    // The papers: one 检查通知书 per selected firm, printed alone, one per page; task
    // sheets whose codes never break over two lines.
    await page.getByTestId('export-preview-notices').click();
    const notices = page.getByTestId('inspection-notice');
    assert.deepEqual((await notices.evaluateAll((ns) => ns.map((n) => n.dataset.id))).sort(), [...revealed].sort());
    const letter = await notices.first().innerText();
    assert.match(letter, /执法证号 \S+/);
    assert.match(letter, /\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}/);
    assert.ok(!/（）|\(\)/.test(letter), 'no empty brackets');
    await page.evaluate(() => document.documentElement.setAttribute('data-printing', 'inspection-notices'));
    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() => ({
      item: getComputedStyle(document.querySelector('[data-testid="reveal-item"]')).visibility,
      notice: getComputedStyle(document.querySelector('[data-testid="inspection-notice"]')).visibility,
      breakAfter: getComputedStyle(document.querySelector('[data-testid="inspection-notice"]')).breakAfter,
      code: getComputedStyle(document.querySelector('.task-sheet code')).whiteSpace,
    }));
    assert.deepEqual(shown, { item: 'hidden', notice: 'visible', breakAfter: 'page', code: 'nowrap' });
    await screenshot(page, 'publish-0-notices-print');
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => document.documentElement.removeAttribute('data-printing'));

    // The page is served from 127.0.0.1: that address is not offered, and refused.
    assert.equal(await page.getByTestId('publish-site').inputValue(), '');
    await page.getByTestId('publish-site').fill(base);
    await page.getByTestId('publish-site').press('Enter');
    await page.getByTestId('publish-site-local').waitFor();
    await page.getByTestId('publish-download').click();
    await page.locator('[data-testid="publish-status"][data-state="failed"]').waitFor();
    assert.match(await page.getByTestId('publish-status').innerText(), /只有本机能打开/);

    // The 公示 page as the public sees it before: without this draw.
    const before = await openPage(browser, `index.html#/publication?year=${commitment.plan.year}`, { base, context });
    await before.page.getByTestId('publication-list').waitFor({ timeout: TIMEOUT });
    assert.equal(await (await listed(before.page, hash)).count(), 0);

    await page.getByTestId('publish-site').fill(SITE);
    await page.getByTestId('publish-site').press('Enter');
    const now = await download(page, 'publish-download');
    assert.match(now.name, /^2026001-公示文件-演练\.zip$/);
    await page.locator('[data-testid="publish-status"][data-state="done"]').waitFor();
    const names = Object.keys(now.files);
    assert.ok(names.includes('draws/index.json'), names.join(' '));
    assert.ok(names.some((n) => /-commitment\.json$/.test(n)) && names.some((n) => /-sealed\.json$/.test(n)), names.join(' '));
    assert.ok(!names.some((n) => /-bundle\.json$/.test(n)), 'the list waits for the later package');
    const text = Object.values(now.files).map((b) => b.toString('utf8')).join('\n');
    for (const id of revealed) assert.ok(!text.includes(id), `${id} is not published before the inspections end`);
    const index = JSON.parse(now.files['draws/index.json'].toString('utf8'));
    const entry = index.entries.find((e) => e.commitment === hash);
    assert.equal(entry.bundle_file, undefined);
    assert.ok(entry.sealed_file && now.files[`draws/${entry.sealed_file}`], 'the index names the sealed file it ships');
    assert.ok(now.files[`draws/${entry.qr_file}`].toString('utf8').startsWith('<svg'), 'its QR code ships too');
    // Everything published before stays listed.
    // The split index the 公示 page reads comes along: the root, the department's
    // year with the new entry, and the lookup file that finds it.
    const root = JSON.parse(now.files['draws/index/root.json'].toString('utf8'));
    const ref = root.shards.find((s) => s.year === commitment.plan.year && s.department === commitment.department);
    const shard = JSON.parse(now.files[`draws/${ref.file}`].toString('utf8'));
    assert.ok(shard.entries.some((e) => e.commitment === hash), 'the shard lists the draw');
    const lookup = JSON.parse(now.files[`draws/index/c/${hash.slice(0, 2)}.json`].toString('utf8'));
    assert.equal(lookup.shards[hash], ref.file);
    const shipped = JSON.parse(readFileSync(path.join(draws, 'index.json'), 'utf8'));
    for (const e of shipped.entries) assert.ok(index.entries.some((x) => x.commitment === e.commitment), e.commitment);

    // Uploaded, the 公示 page lists the draw on the next visit: the index is never stale.
    upload(now.files);
    await before.page.reload();
    await (await listed(before.page, hash)).waitFor({ timeout: TIMEOUT });
    assert.equal(await (await listed(before.page, hash)).getAttribute('data-status'), 'rehearsal');
    await screenshot(before.page, 'publish-1-listed');

    // After the inspections: the full result joins what is already published.
    const full = await download(page, 'publish-download-full');
    assert.match(full.name, /公示文件-完整结果-演练\.zip$/);
    const fullIndex = JSON.parse(full.files['draws/index.json'].toString('utf8'));
    const drawn = fullIndex.entries.find((e) => e.commitment === hash);
    assert.ok(drawn.bundle_file && full.files[`draws/${drawn.bundle_file}`], 'the full result ships');
    assert.ok(full.files[`draws/${drawn.bundle_file}`].toString('utf8').includes(revealed[0]));
    upload(full.files);
    await before.page.reload();
    await before.page.locator(`[data-testid="publication-entry"][data-commitment="${hash}"] [data-testid="publication-verify"]`).waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'publish-2-panel');

    // Leaving the 抽取 page and coming back keeps the draw and its papers: the exports
    // can be made again without drawing again.
    await page.getByTestId('nav-plan').click();
    await page.getByTestId('section-plan').waitFor();
    await page.getByTestId('nav-draw').click();
    await page.getByTestId('exports').waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.deepEqual(await page.getByTestId('reveal-item').evaluateAll((items) => items.map((i) => i.dataset.id)), revealed);
    // Everything of it is published already: the package adds no document again.
    const again = await download(page, 'publish-download');
    const added = Object.keys(again.files).filter((n) => n !== 'draws/index.json' && !n.endsWith('.svg') && !n.startsWith('draws/index/'));
    assert.deepEqual(added, [], 'no document twice');
    assert.deepEqual(Object.keys(again.files), ['draws/index.json'], 'nothing changed but the index, written always');
    assert.deepEqual(JSON.parse(again.files['draws/index.json'].toString('utf8')), JSON.parse(readFileSync(path.join(draws, 'index.json'), 'utf8')));

    // The relay without the round answers 404, as relays do before a round.
    problems.errors = problems.errors.filter((e) => !/Failed to load resource.*404/.test(e));
    assertNoErrors(problems, 'the ceremony page');
    await context.close();
  });
});
