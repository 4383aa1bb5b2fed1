// 公示 of time-locked lists (SPEC §10.9): a sealed draw whose round is still ahead
// counts down to it; one whose round has come is opened in the browser with the round
// fetched from a relay, verified, and its drawn firms listed. The relay is local (the
// machine running the tests is offline) and named with `#/publication?relay=…`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync, mkdtempSync, copyFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { TEST_TIMEOUT, launch, openPage, screenshot, assertNoErrors } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const DIST = process.env.FAIRDRAW_DIST || path.join(repoRoot, 'dist');
const QUICKNET = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const ROUND_1000_PATH = path.join(repoRoot, 'tests', 'fixtures', 'ceremony', 'round-1000.json');
const SEALED_VECTOR = path.join(repoRoot, 'tests', 'vectors', 'spec', 'format2-sealed-small.json');
const PUBLIC_VECTOR = JSON.parse(readFileSync(path.join(repoRoot, 'tests', 'vectors', 'spec', 'format2-public-small.json'), 'utf8'));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

const binary = () => path.join(process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target'), 'debug', 'fairdraw');

function fairdraw(...args) {
  const run = spawnSync(binary(), args, { encoding: 'utf8' });
  assert.equal(run.status, 0, `fairdraw ${args.join(' ')}:\n${run.stdout}${run.stderr}`);
}

/** A 公示 folder with two sealed draws: the spec vector (locked to round 1000, long
 * emitted) and a rehearsal of the demo plan locked to the round after its window. */
function draws() {
  execFileSync('cargo', ['build', '--quiet', '--bin', 'fairdraw'], { cwd: repoRoot, stdio: 'inherit' });
  const work = mkdtempSync(path.join(tmpdir(), 'fairdraw-timelock-'));
  const site = path.join(work, 'draws');
  const demo = path.join(work, 'demo');
  fairdraw('demo', '--out', demo, '--enterprises', '300', '--inspectors', '30');
  fairdraw('commit', '--plan', path.join(demo, 'plan.json'), '--enterprises', path.join(demo, 'enterprises.csv'),
    '--inspectors', path.join(demo, 'inspectors.csv'), '--items', path.join(demo, 'checklist.csv'),
    '--history', path.join(demo, 'history.csv'), '--beacon', 'quicknet:1000', '--rehearsal', '--out', path.join(demo, 'commit'));
  fairdraw('draw', path.join(demo, 'commit'), '--beacon-file', ROUND_1000_PATH, '--out', path.join(demo, 'auditor.json'));
  execFileSync('mkdir', ['-p', site]);
  fairdraw('seal', path.join(demo, 'auditor.json'), '--out', path.join(site, 'demo-sealed.json'));
  copyFileSync(SEALED_VECTOR, path.join(site, 'vector-sealed.json'));
  fairdraw('publish', site);
  return site;
}

function startServer(site) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === `/relay/${QUICKNET}/public/1000`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(readFileSync(ROUND_1000_PATH));
    }
    if (url.pathname.startsWith('/relay/')) { res.writeHead(404); return res.end(); }
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const [root, inner] = rel.startsWith('/draws/') ? [site, rel.slice('/draws'.length)] : [DIST, rel];
    const file = path.join(root, path.normalize(inner));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); return res.end(); }
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
  server = await startServer(draws());
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

test('公示: a time-locked list counts down to its round, and one whose round has come opens and verifies', { timeout: TEST_TIMEOUT }, async () => {
  const relay = encodeURIComponent(`${base}relay`);
  // The page's clock is fixed before the demo list's round (2027-01-01), long after
  // the vector's (round 1000, 2023): what this test sees does not depend on the day
  // it runs.
  const fixed = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  await fixed.clock.setFixedTime(new Date('2026-12-04T08:00:00+08:00'));
  const { context, page, problems } = await openPage(browser, `#/publication?relay=${relay}`, { base, context: fixed });
  // The vector, locked to round 1000: opened here, every drawn firm listed. The page
  // starts in the small module, which reloads into the whole site's to open a list
  // whose round has come; the rest is read once the page has settled there.
  const opened = page.getByTestId('timelock-opened');
  await opened.waitFor({ state: 'visible', timeout: 60_000 });
  const modules = problems.requests.filter((u) => /_bg\.wasm$/.test(u)).map((u) => u.split('/').pop());
  assert.deepEqual(modules, ['fairdraw_verify_bg.wasm', 'fairdraw_www_bg.wasm'], 'the small module first, the whole site for the opening');
  const locked = page.getByTestId('timelock');
  assert.equal(await locked.count(), 2);

  // The demo rehearsal: its round is the first after its window (2026-12-31), ahead.
  const ahead = page.locator('[data-testid="timelock"]:has([data-testid="timelock-countdown"])');
  assert.equal(await ahead.count(), 1);
  const round = Number(await ahead.getAttribute('data-round'));
  // 2027-01-01T00:00:00+08:00 = Unix 1798732800: ceil((1798732800 − 1692803367) / 3) + 1.
  assert.equal(round, 35309812);
  assert.match(await ahead.innerText(), /2027-01-01 00:00:0[0-2]/);

  const expected = PUBLIC_VECTOR.result.tasks.reduce((n, t) => n + t.selected.length, 0);
  assert.equal(Number(await opened.getAttribute('data-count')), expected);
  const ids = await opened.getByTestId('timelock-firm').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.deepEqual(ids, PUBLIC_VECTOR.result.tasks.flatMap((t) => t.selected.map((s) => s.id)));
  for (const r of PUBLIC_VECTOR.revealed) assert.ok((await opened.innerText()).includes(r.name), r.name);
  await screenshot(page, 'publication-timelock');
  problems.errors = problems.errors.filter((e) => !/Failed to load resource.*404/.test(e));
  assertNoErrors(problems);
  await context.close();
});
