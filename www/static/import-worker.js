// Reads an organiser's CSV file off the page's main thread, so that importing a
// city's directory of a million firms never freezes the page, and tells the page how
// many rows it has read; and makes the project's commitment there, for the same
// reason (www/src/browser/committer.rs). It runs the whole site's wasm (its start function sees no
// document here and mounts nothing); the page sends its compiled module first.
const GLUE = './pkg/fairdraw_www.js';

let pageModule = null;
let loaded = null;
function load() {
  if (!loaded) {
    loaded = import(GLUE).then(async (module) => {
      await module.default(pageModule ? { module_or_path: pageModule } : undefined);
      return module;
    });
  }
  return loaded;
}

self.onmessage = async (event) => {
  // The file comes as its bytes (taken over from the page, not copied).
  const { kind, run, bytes, request, module } = event.data || {};
  if (kind === 'module') {
    pageModule = module instanceof WebAssembly.Module ? module : null;
    return;
  }
  if (kind === 'commit') {
    // A project to commit, as its draft is written: the project's JSON and its
    // directories' JSON in parts (taken over from the page).
    const { project, parts, ask } = event.data;
    try {
      const site = await load();
      self.postMessage({ kind: 'committed', json: site.commit_project(String(project), parts, String(ask)) });
    } catch (error) {
      self.postMessage({ kind: 'error', message: String(error && error.message ? error.message : error) });
    }
    return;
  }
  if (kind !== 'read') return;
  try {
    const site = await load();
    self.fairdrawImportProgress = (done, total) => self.postMessage({ kind: 'progress', run, done, total });
    const read = site.read_csv_file(bytes, String(request));
    // The records' parts are bytes, handed over to the page rather than copied.
    const parts = Array.isArray(read.records) ? read.records.map((part) => part.buffer) : [];
    self.postMessage({ kind: 'read', run, attempt: read.attempt, records: read.records }, parts);
  } catch (error) {
    self.postMessage({ kind: 'error', run, message: String(error && error.message ? error.message : error) });
  } finally {
    delete self.fairdrawImportProgress;
  }
};
