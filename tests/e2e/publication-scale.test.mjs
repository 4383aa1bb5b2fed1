// 公示 of a site holding many departments' draws over several years (`fairdraw demo
// --published`, indexed by `fairdraw publish`): the page opens the newest year's
// departments with their counts, a department's list on a click, other years from
// their links, and a `?c=` link through its lookup file, without the whole index.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync, mkdtempSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const DIST = process.env.FAIRDRAW_DIST || path.join(repoRoot, 'dist');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const DRAWS = 450;

const binary = () => path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target'), 'debug', 'fairdraw');

function fairdraw(...args) {
  const run = spawnSync(binary(), args, { encoding: 'utf8' });
  assert.equal(run.status, 0, `fairdraw ${args.join(' ')}:\n${run.stdout}${run.stderr}`);
}

function published() {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'fairdraw'], { cwd: repoRoot, stdio: 'inherit' });
  const work = mkdtempSync(path.join(tmpdir(), 'fairdraw-scale-'));
  fairdraw('demo', '--enterprises', '100', '--inspectors', '10', '--published', String(DRAWS), '--out', work);
  fairdraw('publish', path.join(work, 'draws'));
  return path.join(work, 'draws');
}

let browser;
let server;
let base;
let draws;
const requested = [];
before(async () => {
  assert.ok(existsSync(path.join(DIST, 'index.html')), `no built site in ${DIST}: run cargo xtask dist`);
  draws = published();
  server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname.replace(/^\/$/, '/index.html'));
    const [root, inner] = rel.startsWith('/draws/') ? [draws, rel.slice('/draws'.length)] : [DIST, rel];
    if (root === draws) requested.push(inner);
    const file = path.join(root, path.normalize(inner));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

test('公示 by year and department, and a link to one commitment, read from the split index', { timeout: TEST_TIMEOUT }, async () => {
  const root = JSON.parse(readFileSync(path.join(draws, 'index', 'root.json'), 'utf8'));
  const newest = root.shards.filter((s) => s.year === root.shards[0].year);
  const { context, page, problems } = await openPage(browser, '#/publication', { base });
  await page.getByTestId('publication-departments').waitFor({ timeout: TIMEOUT });
  assert.deepEqual(await page.getByTestId('publication-year').evaluateAll((els) => els.map((e) => Number(e.dataset.year))), [2026, 2025, 2024, 2023]);
  const listed = page.getByTestId('publication-department');
  assert.equal(await listed.count(), newest.length);
  assert.deepEqual(await listed.evaluateAll((els) => els.map((e) => Number(e.dataset.entries))), newest.map((s) => s.entries));
  assert.equal(await page.getByTestId('publication-choose').count(), 1);
  // Only the root so far: not index.json, no department's file.
  assert.deepEqual(requested, ['/index/root.json']);
  // The small module of the public pages, not the whole site's.
  const modules = problems.requests.filter((u) => /_bg\.wasm$/.test(u)).map((u) => u.split('/').pop());
  assert.deepEqual(modules, ['fairdraw_verify_bg.wasm']);
  await screenshot(page, 'publication-scale-departments');

  // A department of an older year: its list, and only its file fetched.
  await page.locator('[data-testid="publication-year"][data-year="2024"]').click();
  const of2024 = root.shards.filter((s) => s.year === 2024);
  await page.locator(`[data-testid="publication-departments"][data-count="${of2024.length}"]`).waitFor();
  await page.getByTestId('publication-department').nth(1).locator('a').click();
  await page.locator(`[data-testid="publication-list"][data-count="${of2024[1].entries}"]`).waitFor({ timeout: TIMEOUT });
  const shard = JSON.parse(readFileSync(path.join(draws, of2024[1].file), 'utf8'));
  assert.deepEqual(await page.getByTestId('publication-entry').evaluateAll((els) => els.map((e) => e.dataset.commitment)), shard.entries.map((e) => e.commitment));
  assert.ok((await page.getByTestId('publication-list').innerText()).includes(of2024[1].department));
  assert.ok(!requested.includes('/index.json'), requested.join(' '));
  await screenshot(page, 'publication-scale-department');
  assertNoErrors(problems);
  await context.close();

  // A QR code's link: the root, the lookup file, then the department's year.
  requested.length = 0;
  const wanted = shard.entries[3].commitment;
  const link = await openPage(browser, `#/publication?c=${wanted}`, { base });
  await link.page.locator(`[data-testid="publication-entry"][data-commitment="${wanted}"]`).waitFor({ timeout: TIMEOUT });
  assert.equal(await link.page.getByTestId('publication-entry').count(), 1);
  const json = requested.filter((r) => r.endsWith('.json')).sort();
  assert.deepEqual(json, ['/index/root.json', `/index/c/${wanted.slice(0, 2)}.json`, `/${of2024[1].file}`].sort());
  // One that is not published says so.
  await link.page.goto(new URL(`#/publication?c=${'0'.repeat(64)}`, base).href);
  await link.page.getByTestId('publication-not-found').waitFor({ timeout: TIMEOUT });
  assertNoErrors(link.problems);
  await link.context.close();
});
