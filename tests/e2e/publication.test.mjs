// 公示: the demo folder the build ships (draws made by the engine at build time)
// listed from draws/index.json, with QR codes, links and a live countdown.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  SUBPATH_URL, TEST_TIMEOUT, launch, openPage, siteUrl, screenshot, assertNoErrors,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { if (browser) await browser.close(); });

async function entries(page) {
  const list = page.getByTestId('publication-list');
  await list.waitFor({ state: 'visible' });
  return page.getByTestId('publication-entry');
}

describe('publication', () => {
  test('lists the demo draws by year, every one a rehearsal: two drawn, one awaiting its round', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/publication');
    // The newest plan year opens first; the department's only list shows at once.
    let items = await entries(page);
    const years = page.getByTestId('publication-year');
    assert.deepEqual(await years.evaluateAll((els) => els.map((e) => [e.dataset.year, e.getAttribute('aria-current')])), [['2027', 'page'], ['2026', null]]);
    assert.deepEqual(await items.evaluateAll((els) => els.map((e) => e.dataset.status)), ['rehearsal']);
    const newest = await page.getByTestId('publication-list').innerText();
    await page.locator('[data-testid="publication-year"][data-year="2026"]').click();
    await page.locator('[data-testid="publication-year"][data-year="2026"][aria-current="page"]').waitFor();
    await page.locator('[data-testid="publication-list"][data-count="2"]').waitFor();
    items = await entries(page);
    const statuses = await items.evaluateAll((els) => els.map((e) => e.dataset.status));
    assert.deepEqual(statuses, ['rehearsal', 'rehearsal']);

    const text = newest + (await page.getByTestId('publication-list').innerText());
    for (const word of ['演练', '2026001', '2027001', '开发区应急管理局', '定向']) {
      assert.ok(text.includes(word), `the list should show ${word}`);
    }

    // Every QR code is a real image served next to the index.
    for (const img of await page.getByTestId('publication-qr').all()) {
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
      assert.match(await img.getAttribute('src'), /^draws\/qr\/[0-9a-f]{64}\.svg$/);
    }

    // The commitment file linked from an entry is the commitment it names.
    const drawn = items.nth(0);
    const hash = await drawn.getAttribute('data-commitment');
    const href = await drawn.getByTestId('publication-commitment').getAttribute('href');
    assert.equal(href, 'draws/demo-2026001-commitment.json');
    const commitment = await (await fetch(siteUrl(href))).json();
    assert.equal(commitment.commitment, hash);
    await screenshot(page, 'publication-zh');
    assertNoErrors(problems);
    await context.close();
  });

  test('a commitment not yet drawn counts down to its round', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/publication');
    const committed = (await entries(page)).filter({ has: page.locator('[data-testid="countdown"]') });
    assert.equal(await committed.count(), 1);
    assert.equal(await committed.getAttribute('data-status'), 'rehearsal');
    const text = await committed.innerText();
    assert.ok(text.includes('2027-06-01 09:00:00'), `emission time in Beijing time: ${text}`);
    // Its per-stratum counts are public already: they add up to each task's count.
    await committed.getByTestId('publication-strata').locator('summary').click();
    const strata = await committed.getByTestId('publication-stratum').evaluateAll((rows) =>
      rows.map((r) => ({ task: r.dataset.task, size: Number(r.dataset.size), count: Number(r.dataset.count) })));
    assert.ok(strata.length > 1, 'several strata');
    const tasks = await committed.locator('.publication-tasks tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({ task: r.cells[0].innerText.trim(), pool: Number(r.cells[3].innerText), count: Number(r.cells[4].innerText) })));
    for (const t of tasks) {
      const of = strata.filter((s) => s.task === t.task);
      assert.equal(of.reduce((n, s) => n + s.count, 0), t.count, `task ${t.task}: strata add up to the count`);
      assert.ok(of.every((s) => s.count <= s.size));
    }
    await screenshot(page, 'publication-strata');
    const countdown = committed.getByTestId('countdown');
    const first = await countdown.innerText();
    assert.match(first, /天/);
    await page.waitForFunction((before) => {
      const el = document.querySelector('[data-testid="countdown"]');
      return el && el.innerText !== before;
    }, first, { timeout: 5000 });
    // Leaving the page stops the timer without errors.
    await page.getByTestId('nav-plan').click();
    await page.getByTestId('section-plan').waitFor({ state: 'visible' });
    await page.waitForTimeout(1500);
    assertNoErrors(problems);
    await context.close();
  });

  test('the verify link opens the verification of the bundle', { timeout: TEST_TIMEOUT }, async () => {
    const { context, page, problems } = await openPage(browser, '#/publication?year=2026');
    const drawn = (await entries(page)).nth(0);
    assertNoErrors(problems);
    await drawn.getByTestId('publication-verify').click();
    await page.getByTestId('section-verify').waitFor({ state: 'visible' });
    const hash = decodeURIComponent(new URL(page.url()).hash);
    assert.ok(hash.startsWith('#/verify?bundle=draws/demo-2026001-bundle.json'), hash);
    await context.close();
  });

  test('a ?c= link shows that commitment alone', { timeout: TEST_TIMEOUT }, async () => {
    const index = await (await fetch(siteUrl('draws/index.json'))).json();
    const pending = index.entries.find((e) => !e.drawn);
    const { context, page, problems } = await openPage(browser, `#/publication?c=${pending.commitment}`);
    const items = await entries(page);
    assert.equal(await items.count(), 1);
    assert.equal(await items.first().getAttribute('data-commitment'), pending.commitment);
    assertNoErrors(problems);
    await context.close();
  });

  test('works below a sub-path', { timeout: TEST_TIMEOUT, skip: !SUBPATH_URL && 'FAIRDRAW_SUBPATH_URL not set' }, async () => {
    const { context, page, problems } = await openPage(browser, '#/publication?year=2026', { base: SUBPATH_URL });
    assert.equal(await (await entries(page)).count(), 2);
    const outside = problems.requests.filter((u) => !u.startsWith(SUBPATH_URL) && !u.startsWith('data:'));
    assert.deepEqual(outside, [], 'requests outside the sub-path');
    assertNoErrors(problems);
    await context.close();
  });
});
