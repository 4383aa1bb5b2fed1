// `cargo xtask bench browser` (xtask/src/bench_browser.rs): a city's draw verified
// on the verification page in Chromium on a desktop (1280×800, no throttling), from
// a `#/verify?bundle=` link to a public document on the same host.
//
//   node tests/bench/browser.mjs BASE_URL LABEL=DOCUMENT …
//
// Prints one `BENCH` line per document: the time from the link to the verdict, the
// verification's own time as the page states it (from the document handed to the
// worker to its answer), and the peak resident memory of the page's renderer
// process, which runs the page and its verification worker (Linux /proc: VmHWM).
import { launch, verdictShown } from './lib.mjs';
import { readdirSync, readFileSync } from 'node:fs';

const [base, ...cases] = process.argv.slice(2);
const TIMEOUT = 20 * 60 * 1000;

/** The largest peak resident memory (MiB) among Chromium's renderer processes now running. */
function rendererPeakMib() {
  let peak = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch { /* the process ended meanwhile */ }
  }
  return peak;
}

const browser = await launch(TIMEOUT);
for (const one of cases) {
  const cut = one.lastIndexOf('=');
  const [label, bundle] = [one.slice(0, cut), one.slice(cut + 1)];
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(new URL(`#/verify?bundle=${encodeURIComponent(bundle)}`, base).href, { waitUntil: 'commit' });
  const seen = await verdictShown(page, label, TIMEOUT);
  const peak = rendererPeakMib();
  await context.close();
  console.log(`BENCH browser ${label} verdict=${seen.verdict} verdict_ms=${Math.round(seen.at)} verify_ms=${seen.verifyMs} renderer_peak_mib=${Math.round(peak)}`);
}
await browser.close();
