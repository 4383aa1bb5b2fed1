// A draw made from the project in this browser outlives a reload: the project keeps
// what the draw was made with (the beacon as fetched, the sealed document's
// time-lock randomness), and the 抽取 page, opened again, checks the beacon again,
// recomputes the documents and shows the result as drawn before — the same bytes to
// download, the papers and the publish panel, and no button to draw a second time.
//
// The site is served with a relay that has the recorded quicknet round 1000
// (relay-site.mjs), so that the round is fetched as on the day.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT, TIMEOUT, launch, openPage, screenshot, assertNoErrors, loadDemo } from './lib.mjs';
import { ROUND_1000, startRelaySite, go, download } from './relay-site.mjs';

let browser;
let server;
let base;
before(async () => {
  ({ server, base } = await startRelaySite());
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

describe('a drawn result kept in the project', () => {
  test('survives a reload: the same documents, the papers, and no second draw', { timeout: TEST_TIMEOUT * 2 }, async () => {
    const relay = encodeURIComponent(`${base}relay`);
    const { context, page, problems } = await openPage(browser, `index.html#/plan?relay=${relay}`, { base });
    await page.locator('[data-testid="save-status"]:not([data-state="restoring"])').waitFor();
    await loadDemo(page);

    // A rehearsal of the demo project, committed to the recorded round 1000.
    await go(page, 'commit');
    await page.locator('[data-testid="commit-readiness"][data-ready="true"]').waitFor();
    await page.getByTestId('commit-rehearsal').check();
    await page.getByTestId('commit-round-input').fill('1000');
    await page.locator('[data-testid="commit-round"][data-round="1000"]').waitFor();
    await page.getByTestId('commit-button').click();
    const hash = (await page.getByTestId('commitment-hash').innerText()).trim();
    assert.match(hash, /^[0-9a-f]{64}$/);

    // Drawn from the project, the round fetched from the relay.
    await page.goto(`${base}index.html#/draw?relay=${relay}`);
    await page.getByTestId('ceremony-use-project').click();
    await page.getByTestId('ceremony-fetch').click();
    await page.locator('[data-testid="beacon-status"][data-state="verified"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.getByTestId('ceremony-restored').count(), 0, 'a draw made now is not said to be restored');
    await page.getByTestId('ceremony-draw').click();
    await page.getByTestId('reveal-skip').click();
    await page.getByTestId('exports').waitFor({ state: 'visible', timeout: TIMEOUT });
    const revealed = await page.getByTestId('reveal-item').evaluateAll((items) => items.map((i) => i.dataset.id));
    assert.ok(revealed.length > 0);
    const publicBefore = await download(page, 'ceremony-download-public');
    const sealedBefore = await download(page, 'ceremony-download-sealed');
    assert.match(publicBefore.name, /-rehearsal-public\.json$/);
    assert.equal(JSON.parse(sealedBefore.bytes.toString('utf8')).document, 'sealed');
    await screenshot(page, 'kept-draw-0-drawn');

    // The project, saved and exported, carries the draw.
    await go(page, 'plan');
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor();
    const project = JSON.parse((await download(page, 'project-export')).bytes.toString('utf8'));
    const record = project.commitments.find((r) => r.commitment.commitment === hash);
    assert.ok(record && record.drawn, 'the committed record keeps its draw');
    assert.equal(record.drawn.beacon, ROUND_1000, 'the round as it was fetched');
    assert.ok(record.drawn.source.startsWith(`${base}relay`), record.drawn.source);
    assert.match(record.drawn.timelock_randomness, /^[0-9a-f]{96}$/);

    // Reloaded, then back to 抽取: the result is there again, restored, not redrawn.
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('app-ready').first().waitFor({ state: 'attached', timeout: TIMEOUT });
    await go(page, 'draw');
    await page.getByTestId('ceremony-restored').waitFor({ timeout: TIMEOUT });
    assert.match(await page.getByTestId('ceremony-restored').innerText(), /此前已经抽取过/);
    await page.locator('[data-testid="beacon-status"][data-state="verified"]').waitFor();
    assert.equal(await page.getByTestId('ceremony-draw').count(), 0, 'no second draw is offered');
    assert.equal(await page.getByTestId('ceremony-use-project').count(), 0);
    assert.equal(await page.getByTestId('reveal-skip').count(), 0, 'all revealed at once');
    assert.deepEqual(await page.getByTestId('reveal-item').evaluateAll((items) => items.map((i) => i.dataset.id)), revealed);
    await page.getByTestId('exports').waitFor({ state: 'visible' });
    await page.getByTestId('publish').waitFor({ state: 'visible' });
    const publicAfter = await download(page, 'ceremony-download-public');
    const sealedAfter = await download(page, 'ceremony-download-sealed');
    assert.equal(publicAfter.name, publicBefore.name);
    assert.ok(publicAfter.bytes.equals(publicBefore.bytes), 'the public document is byte for byte the one downloaded before');
    assert.equal(sealedAfter.name, sealedBefore.name);
    assert.ok(sealedAfter.bytes.equals(sealedBefore.bytes), 'the sealed document is byte for byte the one downloaded before');
    // The papers are made again too.
    // With the department's public address known, each notice gets its QR code.
    await page.getByTestId('publish-site').fill('https://yjj.example.gov.cn/fairdraw/');
    await page.getByTestId('publish-site').press('Enter');
    await page.getByTestId('export-preview-notices').click();
    assert.deepEqual((await page.getByTestId('inspection-notice').evaluateAll((ns) => ns.map((n) => n.dataset.id))).sort(), [...revealed].sort());
    // Each notice carries the firm's 核验码 (SPEC §10.2: its key's 80 bits as 16
    // symbols of 5 bits), with its QR code, and the space for the seal.
    const published = JSON.parse(publicAfter.bytes.toString('utf8'));
    const readable = (hex) => {
      const bits = [...hex].map((d) => parseInt(d, 16).toString(2).padStart(4, '0')).join('');
      const symbols = [...Array(16).keys()].map((i) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[parseInt(bits.slice(5 * i, 5 * i + 5), 2)]).join('');
      return symbols.match(/.{4}/g).join('-');
    };
    const notices = await page.getByTestId('inspection-notice').evaluateAll((ns) => ns.map((n) => ({
      id: n.dataset.id,
      code: n.querySelector('[data-testid="notice-code"]')?.dataset.code,
      qr: n.querySelector('[data-testid="notice-code"] img')?.getAttribute('src') ?? '',
      seal: !!n.querySelector('[data-testid="notice-seal"]'),
    })));
    for (const n of notices) {
      const firm = published.revealed.find((r) => r.id === n.id);
      assert.equal(n.code, readable(firm.key), `${n.id}: its 核验码`);
      assert.ok(n.qr.length > 0 && n.seal, `${n.id}: a QR code and the seal's space`);
    }
    await screenshot(page, 'kept-draw-1-restored');

    // In English too.
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.match(await page.getByTestId('ceremony-restored').innerText(), /drawn before/);

    assertNoErrors(problems, 'the kept draw');
    await context.close();
  });
});
