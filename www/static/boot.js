// Loads the site's WebAssembly. `cargo xtask dist` puts it inside index.html as a
// classic script, allowed by its hash in the Content-Security-Policy: it then runs
// as soon as it is parsed, and the wasm starts downloading at once (a module script
// would wait for the document and its styles). So it uses nothing a classic script
// lacks (no import.meta), and whatever needs the page's body waits until the body
// is there.
(() => {
'use strict';
const parsed = new Promise((ready) => {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => ready(), { once: true });
  else ready();
});
// begin module choice (the single-file verifier replaces these lines with its inlined module)
// The verification and 公示 pages, opened from a link or QR code, start the small
// module that holds those pages alone; every other page, a verification that needs
// more than drand and the opening of a time-locked list, the whole site's
// (src/browser.rs sets the session flag).
const WHOLE_SITE_KEY = 'fairdraw-whole-site';
function wantsWholeSite() {
  try {
    const asked = sessionStorage.getItem(WHOLE_SITE_KEY) === '1';
    sessionStorage.removeItem(WHOLE_SITE_KEY);
    return asked;
  } catch {
    return false;
  }
}
const small = /^#\/(verify|publication)(\?|$)/.test(location.hash) && !wantsWholeSite();
// The bundle a verification link names starts downloading now, beside the module,
// instead of after it; the page takes the answer over once, for that address
// (src/browser/verifier.rs).
const linked = small && location.hash.startsWith('#/verify') && new URLSearchParams(location.hash.split('?')[1] || '').get('bundle');
let early = null;
if (linked) {
  try {
    const url = new URL(linked, location.href);
    // Only the site's own files: the page refuses other origins and says why.
    if (url.origin === location.origin) {
      early = { url: url.href, response: fetch(url.href, { credentials: 'omit' }) };
      early.response.catch(() => {});
      parsed.then(() => {
        const note = document.getElementById('boot-loading');
        if (note) {
          const zh = Object.assign(document.createElement('span'), { lang: 'zh-CN', textContent: `正在下载核验程序和要核验的文件 ${linked}…` });
          const en = Object.assign(document.createElement('span'), { lang: 'en', textContent: `Downloading the verifier and ${linked}…` });
          note.replaceChildren(zh, ' ', en);
        }
      });
    }
  } catch {
    // Not an address: the page says so once it runs.
  }
}
globalThis.fairdrawTakeEarlyBundle = (address) => {
  if (!early || new URL(address, location.href).href !== early.url) return undefined;
  const { response } = early;
  early = null;
  return response;
};
// The wasm downloads and compiles while its glue script loads, not after it; the
// compiled module is kept for the verification worker, which then neither downloads
// nor compiles it again (src/browser/verifier.rs hands it over).
const name = small ? 'fairdraw_verify' : 'fairdraw_www';
const compiled = compileWasm(new URL(`./pkg/${name}_bg.wasm`, document.baseURI));
compiled.then((module) => { globalThis.fairdrawWasmModule = module; }, () => {});
// The verification page's worker starts now, so that its script and glue download
// beside the wasm instead of after the page has started; it gets the compiled module
// the moment there is one. The page takes it over once (src/browser/verifier.rs); a
// worker that could not start is not handed over, and the page does without.
let earlyWorker = null;
if (small && location.hash.startsWith('#/verify')) {
  try {
    const worker = new Worker('./verify-worker.js?small', { type: 'module' });
    earlyWorker = worker;
    worker.addEventListener('error', () => {
      if (earlyWorker !== worker) return;
      earlyWorker = null;
      worker.terminate();
    });
    compiled.then((module) => worker.postMessage({ kind: 'module', module }), () => {});
  } catch {
    // No module workers: the page verifies on its own thread.
  }
}
globalThis.fairdrawTakeEarlyWorker = () => {
  const worker = earlyWorker;
  earlyWorker = null;
  return worker || undefined;
};
// The app mounts on the page's body, which must have been parsed by then.
const startSite = () => Promise.all([import(`./pkg/${name}.js`), parsed]).then(([glue]) => glue.default({ module_or_path: compiled }));
async function compileWasm(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  // Streaming compilation needs the application/wasm type the README asks hosts for.
  if (WebAssembly.compileStreaming && (response.headers.get('content-type') || '').startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
// end module choice

/** A bilingual message in place of the app; `extra` follows the two paragraphs. */
function showMessage(zhText, enText, extra) {
  const host = document.getElementById('app') || document.body;
  const box = document.createElement('div');
  box.className = 'boot-message boot-error';
  box.setAttribute('role', 'alert');
  const zh = document.createElement('p');
  zh.lang = 'zh-CN';
  zh.textContent = zhText;
  const en = document.createElement('p');
  en.lang = 'en';
  en.textContent = enText;
  box.append(zh, en, extra);
  host.replaceChildren(box);
}

function showBootError(error) {
  const detail = document.createElement('p');
  detail.className = 'boot-error-detail';
  detail.textContent = String(error && error.message ? error.message : error);
  showMessage(
    '本页未能启动。请刷新本页；如果仍然不行，请换用较新版本的浏览器（如 Chrome、Edge、Firefox、Safari，或国产浏览器的“极速模式”）。',
    'This page could not start. Please reload it; if that does not help, open it in an up-to-date browser.',
    detail,
  );
}

// The small module's page with no worker (no module workers) hands a document
// that needs more than drand to the whole site's module, loaded beside it only to
// verify, as the worker would (src/browser/verifier.rs): it mounts nothing.
let wholeVerifier = null;
globalThis.fairdrawWholeVerifier = () => {
  if (!wholeVerifier) {
    globalThis.fairdrawVerifyOnly = true;
    wholeVerifier = import('./pkg/fairdraw_www.js').then(async (glue) => {
      await glue.default();
      return glue;
    });
    wholeVerifier.catch(() => { wholeVerifier = null; });
  }
  return wholeVerifier;
};

// The XLSX reader and writer are a second, larger wasm that only the organiser's
// pages need: imported on first use (src/browser/xlsx.rs), never at start. A
// same-origin dynamic import is allowed by the CSP's script-src 'self'.
globalThis.fairdrawLoadXlsx = async () => {
  const xlsx = await import('./pkg/fairdraw_xlsx.js');
  await xlsx.default();
  return xlsx;
};

// A page framed by another site is refused by the app itself (src/browser.rs).
if (typeof WebAssembly !== 'object') {
  parsed.then(() => showBootError('WebAssembly is not available'));
} else {
  startSite().catch((error) => parsed.then(() => showBootError(error)));
}
})();
