//! The organiser's import worker (www/static/import-worker.js): reads a CSV file off
//! the page's thread, telling how many rows it has read, so that a city's directory
//! of a million firms neither freezes the page nor leaves it silent. Where no worker
//! can run, the page reads the file itself (`Reading::here`), as before.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::organizer::import::ReadRequest;

const WORKER_URL: &str = "./import-worker.js";

/// What the worker answers, tagged with the read it belongs to.
pub enum Reply {
    Progress { run: u64, done: u64, total: u64 },
    /// The JSON of the `Attempt`, and the records in parts (`read_in_parts`).
    Read { run: u64, attempt: String, records: Option<Vec<Part>> },
    /// The worker failed. `reading`: it had started reading the file (and ran out of
    /// memory, say), so the page would fail the same way; otherwise it could not
    /// start, and the page reads the file itself.
    Failed { run: u64, message: String, reading: bool },
}

/// One part of the records, its bytes as the worker handed them over
/// (`organizer::import::read_in_parts`): left outside the module's memory until it is
/// read, one part at a time, so that a city's directory is never in the module twice.
pub struct Part(js_sys::Uint8Array);

impl Part {
    /// The part as it arrived: the worker's `Uint8Array` itself (`Uint8Array::new` of
    /// one copies it, which for a city's directory was seconds of the page's thread
    /// and as much memory again), or a view of an `ArrayBuffer`.
    fn of(part: JsValue) -> Part {
        Part(part.dyn_into::<js_sys::Uint8Array>().unwrap_or_else(|other| js_sys::Uint8Array::new(&other)))
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.0.to_vec()
    }
}

type Listeners = (Closure<dyn FnMut(web_sys::MessageEvent)>, Closure<dyn FnMut(web_sys::Event)>);

struct Running {
    worker: web_sys::Worker,
    _listeners: Listeners,
}

/// One read at a time: a read asked while another runs stops the other's worker,
/// whose answer would be dropped anyway.
pub struct Importer {
    on_reply: Rc<dyn Fn(Reply)>,
    running: RefCell<Option<Running>>,
    /// The read in flight, if any.
    busy: Rc<RefCell<Option<u64>>>,
}

impl Importer {
    /// `None` where no worker can run: a page opened from disk.
    pub fn new(on_reply: impl Fn(Reply) + 'static) -> Option<Importer> {
        if super::verifier::on_disk() {
            return None;
        }
        Some(Importer { on_reply: Rc::new(on_reply), running: RefCell::new(None), busy: Rc::default() })
    }

    /// Asks the worker to read `bytes` (copied into the message) as `request` says.
    /// A worker that cannot be started answers `Failed` at once.
    pub fn read(&self, run: u64, bytes: &[u8], request: &ReadRequest) {
        if self.busy.borrow().is_some() {
            self.stop();
        }
        let request = match serde_json::to_string(request) {
            Ok(json) => json,
            Err(e) => return (self.on_reply)(Reply::Failed { run, message: e.to_string(), reading: false }),
        };
        if self.running.borrow().is_none() {
            match self.start() {
                Ok(running) => *self.running.borrow_mut() = Some(running),
                Err(message) => return (self.on_reply)(Reply::Failed { run, message, reading: false }),
            }
        }
        let running = self.running.borrow();
        let Some(running) = running.as_ref() else { return };
        let message = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), value);
        };
        let copy = js_sys::Uint8Array::from(bytes);
        set("kind", &JsValue::from_str("read"));
        set("run", &JsValue::from_f64(run as f64));
        set("bytes", &copy);
        set("request", &JsValue::from_str(&request));
        let transfer = js_sys::Array::of1(&copy.buffer());
        *self.busy.borrow_mut() = Some(run);
        if let Err(e) = running.worker.post_message_with_transfer(&message, &transfer) {
            self.busy.borrow_mut().take();
            (self.on_reply)(Reply::Failed { run, message: format!("{e:?}"), reading: false });
        }
    }

    fn stop(&self) {
        if let Some(running) = self.running.borrow_mut().take() {
            running.worker.terminate();
        }
        self.busy.borrow_mut().take();
    }

    fn start(&self) -> Result<Running, String> {
        let worker = start_worker()?;
        let on_message = {
            let (on_reply, busy) = (self.on_reply.clone(), self.busy.clone());
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
                let number = |key: &str| get(key).and_then(|v| v.as_f64()).map_or(0, |n| n as u64);
                let run = number("run");
                let reply = match get("kind").and_then(|v| v.as_string()).as_deref() {
                    Some("progress") => Reply::Progress { run, done: number("done"), total: number("total") },
                    Some("read") => {
                        let attempt = get("attempt").and_then(|v| v.as_string()).unwrap_or_default();
                        let records = get("records")
                            .filter(js_sys::Array::is_array)
                            .map(|v| js_sys::Array::from(&v).iter().map(Part::of).collect());
                        Reply::Read { run, attempt, records }
                    }
                    _ => Reply::Failed { run, message: get("message").and_then(|v| v.as_string()).unwrap_or_default(), reading: true },
                };
                if !matches!(reply, Reply::Progress { .. }) {
                    busy.borrow_mut().take();
                }
                on_reply(reply);
            })
        };
        let on_error = {
            let (on_reply, busy) = (self.on_reply.clone(), self.busy.clone());
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                event.prevent_default();
                let message = event.dyn_ref::<web_sys::ErrorEvent>().map(|e| e.message()).unwrap_or_else(|| "the import worker stopped".into());
                if let Some(run) = busy.borrow_mut().take() {
                    on_reply(Reply::Failed { run, message, reading: false });
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Running { worker, _listeners: (on_message, on_error) })
    }
}

/// A new import worker, given the page's compiled module so that it compiles nothing
/// again (www/static/boot.js keeps it).
pub(super) fn start_worker() -> Result<web_sys::Worker, String> {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(WORKER_URL, &options).map_err(|e| format!("{e:?}"))?;
    if let Ok(module) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("fairdrawWasmModule")) {
        if module.is_object() {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str("kind"), &JsValue::from_str("module"));
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str("module"), &module);
            let _ = worker.post_message(&message);
        }
    }
    Ok(worker)
}

impl Drop for Importer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// How far the worker has read, passed on to the page (import-worker.js sets the
/// function while it reads).
pub fn tell_progress(stage: fairdraw::import::ImportStage) {
    let fairdraw::import::ImportStage::Rows { done, total } = stage else { return };
    let Ok(tell) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("fairdrawImportProgress")) else { return };
    if let Some(tell) = tell.dyn_ref::<js_sys::Function>() {
        let _ = tell.call2(&JsValue::NULL, &JsValue::from_f64(done as f64), &JsValue::from_f64(total as f64));
    }
}
