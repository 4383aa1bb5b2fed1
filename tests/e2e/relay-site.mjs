// The built site served by the test itself, with a drand relay at /relay/ that has
// the recorded quicknet round 1000 and nothing else, so that a draw fetches its
// round as on the day; and the steps the tests that draw from a project share.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = process.env.FAIRDRAW_DIST || path.join(repoRoot, 'dist');
const QUICKNET = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
export const ROUND_1000 = readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'ceremony', 'round-1000.json'), 'utf8');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/** Starts the server: `{ server, base }`, `base` ending in `/`. */
export async function startRelaySite() {
  assert.ok(existsSync(path.join(DIST, 'index.html')), `no built site in ${DIST}: run cargo xtask dist`);
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
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/** Opens a page of the site by its navigation link. */
export async function go(page, id) {
  await page.getByTestId(`nav-${id}`).click();
  await page.getByTestId(`section-${id}`).waitFor();
}

/** Saves the download a click on `testid` starts; its name and bytes. */
export async function download(page, testid) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fairdraw-download-')), d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), bytes: readFileSync(file) };
}
