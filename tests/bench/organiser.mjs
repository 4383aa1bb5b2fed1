// `cargo xtask bench browser` (xtask/src/bench_browser.rs), second part: the 计划
// page of a city's directory in Chromium on a desktop (1280×800, no throttling).
//
//   node tests/bench/organiser.mjs BASE_URL firms=N=CSV_PATH …
//
// On the demo project, the enterprise directory of N firms (the demo's own, made by
// `fairdraw demo`) is imported from its CSV, then a sampling ratio is edited. Prints
// one `BENCH` line per file: the time from choosing the file to its records shown,
// to the draft saved, and from the edit to the new counts; and the longest task
// that held the page's thread meanwhile (the page does not answer during it).
import { launch } from './lib.mjs';

const [base, ...cases] = process.argv.slice(2);
const TIMEOUT = 20 * 60 * 1000;
const ROW_A = '[data-testid="task-result"][data-number="001"] [data-testid="stratum-row"][data-label="A"]';

/** The page's clock once `ready` (run in the page: its clock, or null) holds, polled every 50 ms. */
async function until(page, ready, arg) {
  for (const started = Date.now(); Date.now() - started < TIMEOUT;) {
    const at = await page.evaluate(ready, arg);
    if (at !== null) return at;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error(`not within ${TIMEOUT / 1000} s: ${ready}`);
}

// The draft written, or its writing failed (the line says which).
const saved = () => (['saved', 'failed'].includes(document.querySelector('[data-testid="save-status"]')?.dataset.state) ? performance.now() : null);
const saveState = (page) => page.evaluate(() => document.querySelector('[data-testid="save-status"]')?.dataset.state);
const longest = (page) => page.evaluate(() => { const l = window.longestTask; window.longestTask = 0; return Math.round(l); });

const browser = await launch(TIMEOUT);
for (const one of cases) {
  // `firms=N=PATH`: the label, the number of records to expect, the file.
  const [, label, count, csv] = /^(.*?=(\d+))=(.*)$/.exec(one);
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.longestTask = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longestTask = Math.max(window.longestTask, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(new URL('#/plan', base).href);
  await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
  await page.getByTestId('load-demo').click();
  await page.locator('[data-testid="slot-enterprises"][data-records="2000"]').waitFor();
  await until(page, saved);
  await longest(page);

  const chosen = await page.evaluate(() => performance.now());
  await page.getByTestId('import-enterprises').setInputFiles(csv);
  const shown = await until(page, (n) => (document.querySelector(`[data-testid="slot-enterprises"][data-records="${n}"]`) ? performance.now() : null), count);
  const stored = await until(page, saved);
  const importSave = await saveState(page);
  const importLongest = await longest(page);

  const before = await page.locator(ROW_A).getAttribute('data-count');
  const ratio = page.getByTestId('plan-editor').getByTestId('task').first().getByTestId('rule-ratio').first();
  await ratio.fill('31');
  const edited = await page.evaluate(() => performance.now());
  await ratio.press('Enter');
  const counted = await until(page, ([sel, old]) => { const el = document.querySelector(sel); return el && el.dataset.count !== old ? performance.now() : null; }, [ROW_A, before]);
  const editSaved = await until(page, saved);
  const editSave = await saveState(page);
  const editLongest = await longest(page);

  // A rehearsal commitment to quicknet round 1000: hashing every input, on the page.
  await page.getByTestId('nav-commit').click();
  await page.locator('[data-testid="commit-readiness"][data-ready="true"]').waitFor();
  await page.getByTestId('commit-rehearsal').check();
  await page.getByTestId('commit-round-input').fill('1000');
  await page.locator('[data-testid="commit-round"][data-round="1000"]').waitFor();
  await longest(page);
  const asked = await page.evaluate(() => performance.now());
  await page.getByTestId('commit-button').click();
  const committed = await until(page, () => (/^[0-9a-f]{64}$/.test(document.querySelector('[data-testid="commitment-hash"]')?.innerText.trim() ?? '') ? performance.now() : null));
  const commitLongest = await longest(page);
  await context.close();
  console.log(`BENCH organiser ${label} import_ms=${Math.round(shown - chosen)} import_saved_ms=${Math.round(stored - chosen)} import_draft=${importSave} import_longest_task_ms=${importLongest} edit_ms=${Math.round(counted - edited)} edit_saved_ms=${Math.round(editSaved - edited)} edit_draft=${editSave} edit_longest_task_ms=${editLongest} commit_ms=${Math.round(committed - asked)} commit_longest_task_ms=${commitLongest} import_plan_commit_ms=${Math.round(committed - chosen)}`);
}
await browser.close();
