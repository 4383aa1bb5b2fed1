// Runs verifications off the page's main thread, so that recomputing a large draw
// never freezes the page. The same wasm as the page; its start function sees no
// document here and mounts nothing.
import init, { verify_bundle_json, lookup_json } from './pkg/fairdraw_www.js';

const ready = init();

self.onmessage = async (event) => {
  const { kind, run, text, roots } = event.data || {};
  try {
    await ready;
    const json = kind === 'lookup' ? lookup_json(String(text)) : verify_bundle_json(String(text), String(roots || ''));
    self.postMessage({ kind: kind === 'lookup' ? 'lookup' : 'verify', run, json });
  } catch (error) {
    self.postMessage({ kind: 'error', run, message: String(error && error.message ? error.message : error) });
  }
};
