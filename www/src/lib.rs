//! The fairdraw site: renders, routes and wires events; all logic lives in the core.

pub mod browser;
pub mod ceremony;
pub mod components;
pub mod guide;
pub mod i18n;
pub mod organizer;
pub mod route;
pub mod state;
pub mod publishing;
pub mod verification;

use wasm_bindgen::prelude::*;

/// Mounts the site on `#app` (falling back to `<body>`), replacing the loading note.
/// In the verification worker there is no document and nothing to mount.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // Loaded beside the small module only to verify (www/static/boot.js).
    if js_sys::Reflect::get(&js_sys::global(), &wasm_bindgen::JsValue::from_str("fairdrawVerifyOnly")).is_ok_and(|v| v.is_truthy()) {
        return;
    }
    let host = document.get_element_by_id("app");
    // Inside another site's frame only the notice runs (browser::framed_by_another_site).
    use components::app::{App, FramedRefused};
    match (host, browser::framed_by_another_site()) {
        (Some(host), true) => drop(yew::Renderer::<FramedRefused>::with_root(host).render()),
        (None, true) => drop(yew::Renderer::<FramedRefused>::new().render()),
        (Some(host), false) => drop(yew::Renderer::<App>::with_root(host).render()),
        (None, false) => drop(yew::Renderer::<App>::new().render()),
    }
}

/// Verifies a document given as the bytes of its file (inflated when it was gzip):
/// the JSON of the core's `Report`, with the published result beside it as `view`.
/// `roots`: time-stamping authorities' root certificates the visitor trusts for this
/// verification (hex DER, one per line). Called by `verify-worker.js`.
#[wasm_bindgen]
pub fn verify_document_bytes(document: &[u8], roots: &str) -> String {
    verification::verify_bytes_json_told(document, &verification::roots_of(roots), browser::verifier::tell_progress)
}

/// 查询我的企业 in the document last given to [`verify_document_bytes`]: JSON of the core's
/// `Lookup`, or `null` when none was given.
#[wasm_bindgen]
pub fn lookup_json(query: &str) -> String {
    verification::lookup_loaded_json(query)
}

/// The commitment of a project handed over as its draft (`Project::draft_json`, the
/// directories as the draft keeps them, in parts), in the import worker:
/// `organizer::commit::commit_draft`.
#[cfg(feature = "full")]
#[wasm_bindgen]
pub fn commit_project(project: &str, parts: js_sys::Array, ask: &str) -> Result<String, JsValue> {
    let directories = browser::drafts::joined(parts.iter()).map_err(|e| JsValue::from_str(&e))?;
    Ok(organizer::commit::commit_draft(project, &directories, ask))
}

/// Reads an organiser's CSV file in `import-worker.js`, off the page's thread:
/// `request` is the JSON of `organizer::import::ReadRequest`. Answers
/// `{attempt, records}`: the attempt's JSON, and the records in parts as
/// `organizer::import::read_in_parts` writes them, each as bytes (or `null` when the
/// file did not import). Bytes, not strings: they cross to the page by transfer,
/// without the copy and the UTF-16 round trip a string of a city's directory costs on
/// both sides. Rows read are told to `self.fairdrawImportProgress(done, total)` as
/// they are.
#[cfg(feature = "full")]
#[wasm_bindgen]
pub fn read_csv_file(bytes: Vec<u8>, request: &str) -> Result<JsValue, JsValue> {
    let request: organizer::import::ReadRequest = serde_json::from_str(request).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let read = organizer::import::read_in_parts(bytes, &request, fairdraw::import::Progress(Some(browser::importer::tell_progress)));
    let answer = js_sys::Object::new();
    let records = match read.records {
        Some(parts) => parts.iter().map(|p| JsValue::from(js_sys::Uint8Array::from(p.as_slice()))).collect::<js_sys::Array>().into(),
        None => JsValue::NULL,
    };
    js_sys::Reflect::set(&answer, &JsValue::from_str("attempt"), &JsValue::from_str(&read.attempt))?;
    js_sys::Reflect::set(&answer, &JsValue::from_str("records"), &records)?;
    Ok(answer.into())
}
