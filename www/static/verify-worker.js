// Runs verifications off the page's main thread, so that recomputing a large draw
// never freezes the page. It runs the page's own wasm (its start function sees no
// document here and mounts nothing). Started by the verification page's small
// module (`?small`), it verifies with that module and loads the whole site's only
// for a document that needs more than drand (a NIST pulse or time-stamp tokens).
const WHOLE = './pkg/fairdraw_www.js';
const SMALL = './pkg/fairdraw_verify.js';
// What the small module answers for such a document (src/verification.rs).
const NEEDS_FULL_VERIFIER = '{"needs_full_verifier":true}';

const glues = new Map();
const modules = new Map();
// The page's own compiled wasm, when it sends it (it is the first module's).
let pageModule = null;
function glue(path) {
  if (!glues.has(path)) glues.set(path, import(path));
  return glues.get(path);
}
function load(path) {
  if (!modules.has(path)) {
    const given = path === first && pageModule ? { module_or_path: pageModule } : undefined;
    modules.set(path, glue(path).then(async (module) => {
      await module.default(given);
      return module;
    }));
  }
  return modules.get(path);
}

const first = new URL(self.location.href).searchParams.has('small') ? SMALL : WHOLE;
// The module that verified the last document holds it for lookups.
let holder = first;
glue(first);

self.onmessage = async (event) => {
  // A document comes as its file's bytes (taken over from the page, not copied).
  const { kind, run, text, document, roots, module } = event.data || {};
  if (kind === 'module') {
    pageModule = module instanceof WebAssembly.Module ? module : null;
    return;
  }
  try {
    if (kind === 'lookup') {
      const module = await load(holder);
      self.postMessage({ kind: 'lookup', run, json: module.lookup_json(String(text)) });
      return;
    }
    holder = first;
    // Each check made is passed on to the page, which says which one runs.
    self.fairdrawProgress = (check) => self.postMessage({ kind: 'progress', run, check });
    let json = (await load(first)).verify_document_bytes(document, String(roots || ''));
    if (json === NEEDS_FULL_VERIFIER) {
      holder = WHOLE;
      json = (await load(WHOLE)).verify_document_bytes(document, String(roots || ''));
    }
    delete self.fairdrawProgress;
    self.postMessage({ kind: 'verify', run, json });
  } catch (error) {
    delete self.fairdrawProgress;
    self.postMessage({ kind: 'error', run, message: String(error && error.message ? error.message : error) });
  }
};
