//! The organiser's draft project, kept in the browser's IndexedDB so that it
//! survives a reload or a closed tab. IndexedDB rather than localStorage: a real
//! 名录库 of tens of thousands of firms is far beyond localStorage's ~5 MB.
//!
//! The draft is stored under two keys: the project without its directories (JSON
//! text), written on every change, and the directories (bytes as
//! `DirectoriesDraft` writes them, in parts of about 64 MiB, each copied out of the
//! module as soon as it is written), written with it only when they changed
//! (`Project::draft_json`). All are written in one transaction, so that a draft is
//! never half old, half new. Every failure comes back as the browser's own message,
//! for the page to show.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{EventTarget, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "fairdraw";
const STORE: &str = "drafts";
const KEY: &str = "project";
/// The number of parts the directories are stored in, each under [`part_key`].
const DIRECTORIES_KEY: &str = "directories";
/// Chromium refuses a value over 127 MiB ("The serialized keys and/or value are too
/// large"); a million firms' draft is larger, so it is stored in parts of about
/// this size (a part is closed once it has reached it, after a whole step of records).
const PART_BYTES: usize = 64 << 20;

/// Zero-padded, so that the parts sort in their order.
fn part_key(index: usize) -> String {
    format!("directories/{index:05}")
}

/// The keys of the parts from `index` on.
fn parts_from(index: usize) -> Result<JsValue, String> {
    web_sys::IdbKeyRange::bound(&JsValue::from_str(&part_key(index)), &JsValue::from_str(&part_key(99_999))).map(JsValue::from).map_err(message)
}
/// localStorage key of the column choices remembered across projects.
pub const CHOICES_KEY: &str = "fairdraw.header_choices";

fn message(error: JsValue) -> String {
    if let Some(e) = error.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", e.name(), e.message());
    }
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// Resolves when `target` fires `ok`, fails when it fires any of `failures`.
async fn event(target: &EventTarget, ok: &str, failures: &[&str]) -> Result<(), String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let _ = target.add_event_listener_with_callback(ok, done.unchecked_ref());
        for name in failures {
            let reject = reject.clone();
            let fail = Closure::once_into_js(move |e: web_sys::Event| {
                // The request's or transaction's error says why (quota, blocked, …).
                // A transaction's own error says why it was aborted (too large, quota);
                // its requests' say only that it was.
                let of_transaction = e.current_target().and_then(|t| t.dyn_ref::<web_sys::IdbTransaction>().and_then(|tx| tx.error()));
                let of_request = || e.target().and_then(|t| t.dyn_ref::<IdbRequest>().and_then(|r| r.error().ok().flatten()));
                let why = of_transaction
                    .or_else(of_request)
                    .map(|d| JsValue::from(d))
                    .unwrap_or_else(|| JsValue::from_str(&e.type_()));
                let _ = reject.call1(&JsValue::NULL, &why);
            });
            let _ = target.add_event_listener_with_callback(name, fail.unchecked_ref());
        }
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(message)
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .map_err(message)?
        .ok_or("IndexedDB is not available")?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1).map_err(message)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let db = e
            .target()
            .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = event(&request, "success", &["error", "blocked"]).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    opened?;
    request.result().map_err(message)?.dyn_into::<IdbDatabase>().map_err(|_| "IndexedDB did not open".to_string())
}

/// A draft as read back: the project's JSON and, when kept apart, its directories'
/// bytes (`Project::from_draft` reads them).
pub struct Draft {
    pub project: String,
    pub directories: Option<Vec<u8>>,
}

/// The saved draft, or `None` when there is none.
pub async fn load() -> Result<Option<Draft>, String> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE).map_err(message)?;
    let store = tx.object_store(STORE).map_err(message)?;
    let project = store.get(&JsValue::from_str(KEY)).map_err(message)?;
    let count = store.get(&JsValue::from_str(DIRECTORIES_KEY)).map_err(message)?;
    let parts = store.get_all_with_key(&parts_from(0)?).map_err(message)?;
    event(&tx, "complete", &["error", "abort"]).await?;
    let project = project.result().map_err(message)?.as_string();
    let directories = match count.result().map_err(message)?.as_f64() {
        Some(count) => {
            let parts: js_sys::Array = parts.result().map_err(message)?.dyn_into().map_err(|_| "the draft's directories are not a list".to_string())?;
            Some(joined(parts.iter().take(count as usize))?)
        }
        None => None,
    };
    db.close();
    Ok(project.map(|project| Draft { project, directories }))
}

/// The draft's directories from their parts ([`directories_in_parts`]), copied once
/// into the module's memory.
pub fn joined(parts: impl Iterator<Item = JsValue>) -> Result<Vec<u8>, String> {
    let mut joined = Vec::new();
    for part in parts {
        let bytes = part.dyn_ref::<js_sys::Uint8Array>().ok_or("a part of the draft's directories is not bytes")?;
        let start = joined.len();
        joined.resize(start + bytes.length() as usize, 0);
        bytes.copy_to(&mut joined[start..]);
    }
    Ok(joined)
}

/// Records the draft's directories are written with per task: about a tenth of a
/// second each in the browser, so that the page answers between them.
const RECORDS_PER_TASK: usize = 50_000;

/// The draft's directories, written a step at a time and copied out of the module's
/// memory a part at a time: three million firms' draft beside their records would
/// not fit in the 4 GiB a module may have.
pub async fn directories_in_parts(mut draft: crate::organizer::project::DirectoriesDraft) -> Vec<js_sys::Uint8Array> {
    let mut parts = Vec::new();
    loop {
        let done = draft.step(RECORDS_PER_TASK);
        if done || draft.written() >= PART_BYTES {
            parts.push(js_sys::Uint8Array::from(&draft.take_written()[..]));
        }
        if done {
            return parts;
        }
        yew::platform::time::sleep(std::time::Duration::ZERO).await;
    }
}

/// Saves the draft: the project's JSON and, when they changed, its directories';
/// Ok only once the browser has committed both.
/// `directories`: their JSON in consecutive parts, each under 127 MiB, already copied
/// out of the module's memory (three million firms' JSON would not fit beside them).
pub async fn save(project: String, directories: Option<Vec<js_sys::Uint8Array>>) -> Result<(), String> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(message)?;
    let store = tx.object_store(STORE).map_err(message)?;
    store.put_with_key(&JsValue::from_str(&project), &JsValue::from_str(KEY)).map_err(message)?;
    if let Some(directories) = directories {
        let parts = directories.len();
        for (index, part) in directories.iter().enumerate() {
            store.put_with_key(part, &JsValue::from_str(&part_key(index))).map_err(message)?;
        }
        // The parts of a larger directory written before are no longer read.
        store.delete(&parts_from(parts)?).map_err(message)?;
        store.put_with_key(&JsValue::from_f64(parts as f64), &JsValue::from_str(DIRECTORIES_KEY)).map_err(message)?;
    }
    let done = event(&tx, "complete", &["error", "abort"]).await;
    db.close();
    done
}
