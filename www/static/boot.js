// Loads the site's WebAssembly. Kept tiny and separate from index.html because the
// Content-Security-Policy forbids inline scripts.
import init from './pkg/fairdraw_www.js';

/** A bilingual message in place of the app; `extra` follows the two paragraphs. */
function showMessage(zhText, enText, extra, testid) {
  const host = document.getElementById('app') || document.body;
  const box = document.createElement('div');
  box.className = 'boot-message boot-error';
  box.setAttribute('role', 'alert');
  if (testid) box.dataset.testid = testid;
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

// Framed by another site, a verdict could be covered, cropped or restyled by it (a
// <meta> CSP cannot forbid framing, and not every host sends frame-ancestors): the
// page then refuses to run and offers to open itself on its own.
function framedByAnotherSite() {
  if (window.top === window.self) return false;
  try {
    return window.top.location.origin !== window.location.origin;
  } catch (_) {
    return true;
  }
}

function showFramed() {
  const link = document.createElement('a');
  link.href = window.location.href;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = '单独打开本页 / Open this page on its own';
  showMessage(
    '本页被嵌在另一个网站里，为防止核验结果被遮挡或篡改，不在这里运行。',
    'This page is framed by another site; so that no one can cover or alter a verdict, it does not run here.',
    link,
    'framed',
  );
}

if (framedByAnotherSite()) {
  showFramed();
} else if (typeof WebAssembly !== 'object') {
  showBootError('WebAssembly is not available');
} else {
  init().catch(showBootError);
}
