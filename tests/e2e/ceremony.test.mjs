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
