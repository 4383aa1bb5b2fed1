// What the benchmark scripts of tests/bench share: the Chromium that `cargo xtask
// bench` names (xtask/src/tools.rs), and the verification page's verdict.
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.FAIRDRAW_CHROMIUM || '/usr/bin/chromium';
const FLAGS = (process.env.FAIRDRAW_CHROMIUM_FLAGS || '--no-sandbox --headless --disable-gpu').split(' ').filter(Boolean);

export function launch(timeout) {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, timeout });
}

/**
 * The verdict once the page shows it, polled every 100 ms and timed by the page's
 * own clock (from its navigation), so late by at most that: `{ at, verdict,
 * verifyMs }`, the last the verification's own time as the page states it.
 */
export async function verdictShown(page, label, timeout) {
  for (const started = Date.now(); Date.now() - started < timeout;) {
    await new Promise((ok) => setTimeout(ok, 100));
    const seen = await page.evaluate(() => {
      const shown = document.querySelector('[data-testid="verdict"]');
      if (!shown) return null;
      const took = document.querySelector('[data-millis]');
      return { at: performance.now(), verdict: shown.dataset.verdict, verifyMs: took ? Number(took.dataset.millis) : -1 };
    });
    if (seen) return seen;
  }
  throw new Error(`${label}: no verdict within ${timeout / 1000} s`);
}
