// Runs verifications off the page's main thread, so that recomputing a large draw
// never freezes the page. It runs the page's own wasm (its start function sees no
// document here and mounts nothing). Started by the verification page's small
// module (`?small`), it verifies with that module and loads the whole site's only
// for a document that needs more than drand (a NIST pulse or time-stamp tokens).
const WHOLE = './pkg/fairdraw_www.js';
const SMALL = './pkg/fairdraw_verify.js';
// What the small module answers for such a document (src/verification.rs).
const NEEDS_FULL_VERIFIER = '{"needs_full_verifier":true}';

const modules = new Map();
function load(path) {
  if (!modules.has(path)) {
    modules.set(path, import(path).then(async (module) => {
      await module.default();
      return module;
    }));
  }
  return modules.get(path);
}

const first = new URL(self.location.href).searchParams.has('small') ? SMALL : WHOLE;
// The module that verified the last document holds it for lookups.
let holder = first;
load(first);

self.onmessage = async (event) => {
  const { kind, run, text, roots } = event.data || {};
  try {
    if (kind === 'lookup') {
      const module = await load(holder);
      self.postMessage({ kind: 'lookup', run, json: module.lookup_json(String(text)) });
      return;
    }
    holder = first;
    let json = (await load(first)).verify_bundle_json(String(text), String(roots || ''));
    if (json === NEEDS_FULL_VERIFIER) {
      holder = WHOLE;
      json = (await load(WHOLE)).verify_bundle_json(String(text), String(roots || ''));
    }
    self.postMessage({ kind: 'verify', run, json });
  } catch (error) {
    self.postMessage({ kind: 'error', run, message: String(error && error.message ? error.message : error) });
  }
};
