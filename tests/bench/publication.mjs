// `cargo xtask bench phone` (xtask/src/bench_phone.rs), second part: the 公示 page of
// a site holding a province's year of draws, on a desktop (1280×800, no throttling)
// and on the phone of tests/bench/phone.mjs (390×844, "Fast 3G", CPU 4× slower).
//
//   node tests/bench/publication.mjs BASE_URL COMMITMENT_HASH
//
// Prints one `BENCH` line per device: the time to the first screen (the newest
// year's departments with their counts), from a click on a department to its list,
// and from a `?c=` link (a commitment of an older year) to its entry; beside the
// floor, the page's own files (its wasm and the index's root) fetched by a bare page.
import { launch } from './lib.mjs';

const [base, hash] = process.argv.slice(2);
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.44e6 / 8), uploadThroughput: (675e3 / 8) };
const TIMEOUT = 5 * 60 * 1000;

const DEVICES = {
  desktop: { options: { locale: 'zh-CN', viewport: { width: 1280, height: 800 } }, slow: false },
  phone: { options: { locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 }, slow: true },
};

async function open(browser, device) {
  const context = await browser.newContext(device.options);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  if (device.slow) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  return { context, page };
}

/** Milliseconds by the page's own clock until `selector` is in the page, polled every 50 ms. */
async function until(page, selector) {
  for (const started = Date.now(); Date.now() - started < TIMEOUT;) {
    const at = await page.evaluate((s) => (document.querySelector(s) ? performance.now() : null), selector);
    if (at !== null) return at;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error(`${selector}: not shown within ${TIMEOUT / 1000} s`);
}

const browser = await launch(TIMEOUT);
for (const [name, device] of Object.entries(DEVICES)) {
  const wasm = new Set();
  const { context, page } = await open(browser, device);
  context.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.add(r.url()); });
  await page.goto(new URL('#/publication', base).href, { waitUntil: 'commit' });
  const firstScreen = await until(page, '[data-testid="publication-departments"]');
  const departments = await page.getByTestId('publication-department').count();
  const clicked = await page.evaluate(() => { document.querySelector('[data-testid="publication-department"] a').click(); return performance.now(); });
  const listed = await until(page, '[data-testid="publication-list"]');
  await context.close();

  const link = await open(browser, device);
  await link.page.goto(new URL(`#/publication?c=${hash}`, base).href, { waitUntil: 'commit' });
  const linkMs = await until(link.page, `[data-testid="publication-entry"][data-commitment="${hash}"]`);
  await link.context.close();

  const floor = await open(browser, device);
  await floor.page.goto(new URL('build-info.json', base).href);
  const floorMs = await floor.page.evaluate(async (urls) => {
    const start = performance.now();
    await Promise.all(urls.map((u) => fetch(u, { cache: 'no-store' }).then((r) => r.arrayBuffer())));
    return performance.now() - start;
  }, [...wasm, new URL('draws/index/root.json', base).href]);
  await floor.context.close();
  console.log(`BENCH publication device=${name} departments=${departments} first_screen_ms=${Math.round(firstScreen)} department_list_ms=${Math.round(listed - clicked)} commitment_link_ms=${Math.round(linkMs)} network_floor_ms=${Math.round(floorMs)} first_screen_over_floor=${(firstScreen / floorMs).toFixed(2)}`);
}
await browser.close();
