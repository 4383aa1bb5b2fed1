// Shared helpers for the end-to-end tests. `cargo xtask test` builds dist/,
// serves it, and passes the address in FAIRDRAW_URL; the tests can also be run
// by hand against `cargo xtask serve`:
//   FAIRDRAW_URL=http://127.0.0.1:8080/ node --test tests/e2e/
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const BASE_URL = process.env.FAIRDRAW_URL || 'http://127.0.0.1:8080/';
/** The same site served below a sub-path, when the harness provides one. */
export const SUBPATH_URL = process.env.FAIRDRAW_SUBPATH_URL || '';
export const SCREENSHOT_DIR = process.env.FAIRDRAW_SCREENSHOTS || path.join(repoRoot, 'target', 'e2e');

const CHROMIUM = process.env.FAIRDRAW_CHROMIUM || '/usr/bin/chromium';
// As root Chromium needs --no-sandbox; the networking flags keep it from
// reaching out on a closed network.
const FLAGS = (process.env.FAIRDRAW_CHROMIUM_FLAGS ||
  '--no-sandbox --headless --disable-gpu --disable-quic --no-first-run --disable-background-networking ' +
  '--disable-component-update --disable-sync --disable-dev-shm-usage').split(/\s+/).filter(Boolean);

/** Generous: the test machine may be a busy 2-core box. */
export const TIMEOUT = 60_000;
/** Per-test limit for node:test (`test(name, { timeout: TEST_TIMEOUT }, fn)`). */
export const TEST_TIMEOUT = 180_000;

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: TIMEOUT });
}

/** Resolves a route or file against the site's base URL ('#/verify', 'SHA256SUMS'). */
export function siteUrl(rel = '', base = BASE_URL) {
  return new URL(rel, base).href;
}

/**
 * Opens a page in a fresh browser context and records everything that went
 * wrong on it. `problems.errors` holds console errors and uncaught exceptions;
 * `problems.requests` every URL the page asked for.
 */
export async function openPage(browser, rel = '', { base = BASE_URL, waitReady = true, context } = {}) {
  const ctx = context || (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } }));
  const page = await ctx.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = watch(page);
  await page.goto(siteUrl(rel, base), { waitUntil: 'load' });
  if (waitReady) await waitForApp(page);
  return { context: ctx, page, problems };
}

/** Starts recording console errors, page errors and requests of `page`. */
export function watch(page) {
  const problems = { errors: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.errors.push(`console.error: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.errors.push(`uncaught: ${err && err.stack ? err.stack : err}`));
  page.on('request', (req) => problems.requests.push(req.url()));
  page.on('requestfailed', (req) => {
    const f = req.failure();
    // A navigation or reload cancels loads still in flight; that is not a fault.
    if (f && f.errorText.includes('ERR_ABORTED')) return;
    problems.errors.push(`request failed: ${req.url()} ${f ? f.errorText : ''}`);
  });
  return problems;
}

/** Waits until the wasm app has mounted. */
export async function waitForApp(page) {
  await page.getByTestId('app-ready').first().waitFor({ state: 'attached', timeout: TIMEOUT });
}

/** Saves target/e2e/NAME.png (the full page, up to SCREENSHOT_MAX_HEIGHT) and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  // A page of a hundred printed notices is over 100,000 px tall: taking all of it
  // costs tens of seconds and nobody looks past the first screens.
  const clip = height > SCREENSHOT_MAX_HEIGHT ? { x: 0, y: 0, width, height: SCREENSHOT_MAX_HEIGHT } : undefined;
  await page.screenshot({ path: file, fullPage: true, clip });
  return file;
}

/** The longest screenshot taken, in CSS pixels from the top of the page. */
const SCREENSHOT_MAX_HEIGHT = 8000;

/** Fails with every recorded error listed, so one run shows them all. */
export function assertNoErrors(problems, what = 'the page') {
  if (problems.errors.length > 0) {
    throw new Error(`${what} reported ${problems.errors.length} error(s):\n  ${problems.errors.join('\n  ')}`);
  }
}

/**
 * Loads the demo example on the 计划 page (a new project starts blank). Over a
 * project that is not blank the page asks first: `replacing` says the test expects
 * that question, and answers yes. Waits until the demo's directories are in.
 */
export async function loadDemo(page, { replacing = false } = {}) {
  await page.getByTestId('load-demo').click();
  if (replacing) {
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-yes').click();
  }
  await page.locator('[data-testid="slot-enterprises"][data-records="2000"]').waitFor();
  await page.getByTestId('demo-banner').waitFor();
}

/** Answers yes to the question the page asks before a destructive action. */
export async function confirmYes(page) {
  await page.getByTestId('confirm-dialog').waitFor();
  await page.getByTestId('confirm-yes').click();
  await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
}
