// Loads the site's WebAssembly. Kept tiny and separate from index.html because the
// Content-Security-Policy forbids inline scripts.
import init from './pkg/fairdraw_www.js';

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
  showBootError('WebAssembly is not available');
} else {
  init().catch(showBootError);
}
