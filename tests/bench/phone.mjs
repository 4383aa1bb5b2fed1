// `cargo xtask bench phone` (xtask/src/bench_phone.rs): the verification page as a
// journalist opens it from a QR code — a 390×844 touch screen, DevTools' "Fast 3G"
// (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up) and a CPU 4× slower — from a
// `#/verify?bundle=` link, against a server configured as the README says.
//
//   node tests/bench/phone.mjs BASE_URL LABEL=BUNDLE …
//
// Prints one `BENCH` line per bundle: time to first content and to the verdict, the
// network floor (the same bytes fetched by a bare page, nothing run), and each wasm
// the page and its worker loaded (`WASM path`), for the caller to size.
import { launch, verdictShown } from './lib.mjs';

const [base, ...cases] = process.argv.slice(2);
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.44e6 / 8), uploadThroughput: (675e3 / 8) };
const TIMEOUT = 10 * 60 * 1000;

async function throttled(browser) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return { context, page };
}

const browser = await launch(TIMEOUT);
const wasm = new Set();
for (const one of cases) {
  const cut = one.lastIndexOf('=');
  const [label, bundle] = [one.slice(0, cut), one.slice(cut + 1)];
  const { context, page } = await throttled(browser);
  context.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.add(new URL(r.url()).pathname); });
  await page.goto(new URL(`#/verify?bundle=${encodeURIComponent(bundle)}`, base).href, { waitUntil: 'commit' });
  const { at: verdictMs, verdict } = await verdictShown(page, label, TIMEOUT);
  const firstContentMs = await page.evaluate(() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || -1);
  const loaded = [...wasm];
  await context.close();

  // The floor: the page's own bytes (its wasm and the bundle) fetched by a page that
  // runs nothing, through the same throttled network.
  const floor = await throttled(browser);
  await floor.page.goto(new URL('build-info.json', base).href);
  const floorMs = await floor.page.evaluate(async (urls) => {
    const start = performance.now();
    await Promise.all(urls.map((u) => fetch(u, { cache: 'no-store' }).then((r) => r.arrayBuffer())));
    return performance.now() - start;
  }, [...loaded.map((p) => new URL(p, base).href), new URL(bundle, base).href]);
  await floor.context.close();
  console.log(`BENCH phone ${label} verdict=${verdict} first_content_ms=${Math.round(firstContentMs)} verdict_ms=${Math.round(verdictMs)} network_floor_ms=${Math.round(floorMs)} verdict_over_floor=${(verdictMs / floorMs).toFixed(2)}`);
}
for (const p of wasm) console.log(`WASM ${p}`);
await browser.close();
