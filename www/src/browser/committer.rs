//! The organiser's commitment made in the import worker (www/static/import-worker.js):
//! hashing a city's directory takes seconds (ten for a million firms), and the page
//! answers meanwhile. The worker is handed the project as its draft is written
//! (`drafts::directories_in_parts`), commits it with the same code
//! (`organizer::commit::commit_draft`), and answers the record. Where no worker can
//! run, or it fails, the page commits itself, as it did before.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::organizer::commit::{self, CommitRecord, CommitRequest};
use crate::organizer::project::{DirectoriesDraft, Project};
use fairdraw::problem::Problem;

/// [`commit::make_commitment`] of `project`, in the import worker when one runs.
pub async fn commit(project: &Project, request: &CommitRequest) -> Result<CommitRecord, Vec<Problem>> {
    if !super::verifier::on_disk() {
        let ask = serde_json::to_string(&request.ask()).unwrap_or_default();
        let parts = super::drafts::directories_in_parts(DirectoriesDraft::new(project.directories.clone())).await;
        match in_worker(&project.draft_json(), parts, &ask).await {
            Ok(answer) => return commit::read_commit_answer(&answer).inspect(|record| commit::made_from(record, project)),
            Err(why) => web_sys::console::warn_1(&JsValue::from_str(&format!("committing on the page: the import worker could not ({why})"))),
        }
    }
    commit::make_commitment(project, request).inspect(|record| commit::made_from(record, project))
}

/// The worker's answer (`commit::commit_draft`'s JSON), or why it gave none.
async fn in_worker(project: &str, parts: Vec<js_sys::Uint8Array>, ask: &str) -> Result<String, String> {
    let worker = super::importer::start_worker()?;
    // The worker's one answer, or its failure (a script that does not load, a
    // module that does not start, memory that runs out).
    let answered = js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
        let on_message = Closure::once_into_js(move |event: web_sys::MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &event.data());
        });
        let on_error = Closure::once_into_js(move |event: web_sys::Event| {
            event.prevent_default();
            let message = event.dyn_ref::<web_sys::ErrorEvent>().map(|e| e.message()).unwrap_or_else(|| "the import worker stopped".into());
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
        });
        worker.set_onmessage(Some(on_message.unchecked_ref()));
        worker.set_onerror(Some(on_error.unchecked_ref()));
    });
    let message = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), value);
    };
    let transfer: js_sys::Array = parts.iter().map(|part| JsValue::from(part.buffer())).collect();
    set("kind", &JsValue::from_str("commit"));
    set("project", &JsValue::from_str(project));
    set("parts", &parts.into_iter().map(JsValue::from).collect::<js_sys::Array>());
    set("ask", &JsValue::from_str(ask));
    let sent = worker.post_message_with_transfer(&message, &transfer).map_err(|e| format!("{e:?}"));
    let reply = match sent {
        Ok(()) => wasm_bindgen_futures::JsFuture::from(answered).await.map_err(|e| e.as_string().unwrap_or_else(|| format!("{e:?}"))),
        Err(e) => Err(e),
    };
    worker.terminate();
    let data = reply?;
    let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
    match get("kind").as_deref() {
        Some("committed") => get("json").ok_or_else(|| "the import worker answered no commitment".to_string()),
        _ => Err(get("message").unwrap_or_else(|| "the import worker failed".to_string())),
    }
}
