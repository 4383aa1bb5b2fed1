//! The verification page's browser calls: the background verifier, reading a file,
//! fetching a bundle and the build's identity. As everywhere in `browser`, a
//! missing or refusing API degrades the page (slower, or a message), never stops it.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Deserialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::verification::Question;

/// The worker script, next to index.html (see www/static/verify-worker.js); the
/// small module asks it to verify with the small module too.
#[cfg(feature = "full")]
const WORKER_URL: &str = "./verify-worker.js";
#[cfg(not(feature = "full"))]
const WORKER_URL: &str = "./verify-worker.js?small";

/// Answers a question on the page itself, when no worker can, with the JSON the
/// worker would send back. The site's verification code, not the browser's.
pub type AnswerHere = fn(Question) -> String;

/// An answer from the verifier, tagged with the run it belongs to.
pub enum Reply {
    /// JSON of `verification::Outcome`.
    Verified { run: u32, json: String },
    /// JSON of a `Lookup`, or `null`.
    Looked { run: u32, json: String },
    /// The verifier itself failed (out of memory, a bug); the text is for the report.
    Crashed { run: u32, message: String },
    /// A check of the verification in flight was made (its name, `CheckId`'s).
    Checked { run: u32, check: String },
}

#[derive(Clone)]
enum Request {
    /// The document's bytes, kept until answered so that the page can verify them
    /// itself if the worker dies; extra trusted time-stamping roots, hex DER one per line.
    /// (`Rc<Vec>`, not `Rc<[u8]>`: converting would copy a document of hundreds of MB.)
    Verify { run: u32, document: Rc<Vec<u8>>, roots: Rc<str> },
    Lookup { run: u32, query: Rc<str> },
}

impl Request {
    fn run(&self) -> u32 {
        match self {
            Request::Verify { run, .. } | Request::Lookup { run, .. } => *run,
        }
    }

    fn question(&self) -> Question<'_> {
        match self {
            Request::Verify { document, roots, .. } => Question::Verify { document, roots },
            Request::Lookup { query, .. } => Question::Lookup { query },
        }
    }

    /// The message verify-worker.js reads, and what it may take over instead of
    /// copying (the document's bytes, copied out of the module once).
    fn message(&self) -> (js_sys::Object, js_sys::Array) {
        let message = js_sys::Object::new();
        let transfer = js_sys::Array::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str(key), value);
        };
        set("run", &JsValue::from_f64(f64::from(self.run())));
        match self {
            Request::Verify { document, roots, .. } => {
                let bytes = js_sys::Uint8Array::from(&document[..]);
                transfer.push(&bytes.buffer());
                set("kind", &JsValue::from_str("verify"));
                set("document", &bytes);
                set("roots", &JsValue::from_str(roots));
            }
            Request::Lookup { query, .. } => {
                set("kind", &JsValue::from_str("lookup"));
                set("text", &JsValue::from_str(query));
            }
        }
        (message, transfer)
    }
}

type OnReply = Rc<dyn Fn(Reply)>;
/// Kept alive as long as the worker can call them.
type Listeners = (Closure<dyn FnMut(web_sys::MessageEvent)>, Closure<dyn FnMut(web_sys::Event)>);

/// Runs verifications and lookups in a Web Worker so that a 100,000-firm bundle
/// never freezes the page; where module workers are unavailable (older browsers)
/// it runs them on the page itself, which is slower but gives the same answer.
pub struct Verifier {
    worker: Rc<RefCell<Option<web_sys::Worker>>>,
    on_reply: OnReply,
    answer_here: AnswerHere,
    /// The request in flight, re-run on the page if the worker dies before answering.
    pending: Rc<RefCell<Option<Request>>>,
    _listeners: Option<Listeners>,
}

impl Verifier {
    pub fn new(answer_here: AnswerHere, on_reply: impl Fn(Reply) + 'static) -> Verifier {
        let on_reply: OnReply = Rc::new(on_reply);
        let pending: Rc<RefCell<Option<Request>>> = Rc::default();
        let worker: Rc<RefCell<Option<web_sys::Worker>>> = Rc::default();
        // From file:// (the archived single file) a worker can never load, and
        // trying logs a console error; the page runs the verification itself.
        if on_disk() {
            return Verifier { worker, on_reply, answer_here, pending, _listeners: None };
        }
        let early = early_worker();
        let given_module = early.is_some();
        let created = early.or_else(|| {
            let options = web_sys::WorkerOptions::new();
            options.set_type(web_sys::WorkerType::Module);
            web_sys::Worker::new_with_options(WORKER_URL, &options).ok()
        });
        let Some(created) = created else {
            return Verifier { worker, on_reply, answer_here, pending, _listeners: None };
        };

        let on_message = {
            let on_reply = on_reply.clone();
            let pending = pending.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).ok();
                let kind = get("kind").and_then(|v| v.as_string()).unwrap_or_default();
                let run = get("run").and_then(|v| v.as_f64()).map(|n| n as u32).unwrap_or(0);
                if kind == "progress" {
                    return on_reply(Reply::Checked { run, check: get("check").and_then(|v| v.as_string()).unwrap_or_default() });
                }
                pending.borrow_mut().take();
                let reply = match kind.as_str() {
                    "verify" => Reply::Verified { run, json: get("json").and_then(|v| v.as_string()).unwrap_or_default() },
                    "lookup" => Reply::Looked { run, json: get("json").and_then(|v| v.as_string()).unwrap_or_default() },
                    _ => Reply::Crashed { run, message: get("message").and_then(|v| v.as_string()).unwrap_or_default() },
                };
                on_reply(reply);
            })
        };
        let on_error = {
            let on_reply = on_reply.clone();
            let pending = pending.clone();
            let worker = worker.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                // The worker could not start (no module workers) or died: carry on
                // without it.
                event.prevent_default();
                if let Some(w) = worker.borrow_mut().take() {
                    w.terminate();
                }
                if let Some(request) = pending.borrow_mut().take() {
                    run_here(request, answer_here, on_reply.clone());
                }
            })
        };
        created.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        created.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        if !given_module {
            hand_over_module(&created);
        }
        *worker.borrow_mut() = Some(created);
        Verifier { worker, on_reply, answer_here, pending, _listeners: Some((on_message, on_error)) }
    }

    /// Verifies a document from its bytes as read or downloaded (inflated when gzip):
    /// the verifier decodes them.
    pub fn verify(&self, run: u32, document: Vec<u8>, roots: String) {
        self.send(Request::Verify { run, document: Rc::new(document), roots: roots.into() });
    }

    pub fn lookup(&self, run: u32, query: String) {
        self.send(Request::Lookup { run, query: query.into() });
    }

    fn send(&self, request: Request) {
        if let Some(worker) = self.worker.borrow().as_ref() {
            let (message, transfer) = request.message();
            if worker.post_message_with_transfer(&message, &transfer).is_ok() {
                *self.pending.borrow_mut() = Some(request);
                return;
            }
        }
        run_here(request, self.answer_here, self.on_reply.clone());
    }
}

impl Drop for Verifier {
    fn drop(&mut self) {
        if let Some(worker) = self.worker.borrow_mut().take() {
            worker.terminate();
        }
    }
}

/// Tells the worker script (www/static/verify-worker.js) that a check was just made,
/// through the function it sets (`fairdrawProgress`), so that the page can say which
/// check runs next; on the page itself there is no such function and nothing is told.
pub fn tell_progress(done: fairdraw::verify::CheckId) {
    let Ok(tell) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("fairdrawProgress")) else { return };
    if let Some(tell) = tell.dyn_ref::<js_sys::Function>() {
        let _ = tell.call1(&JsValue::NULL, &JsValue::from_str(done.as_str()));
    }
}

/// Runs a request on the page, after the current event so the progress shows first.
/// A document the small module leaves to the full verifier goes, as the worker
/// would send it, to the whole site's module, loaded beside it on the page.
fn run_here(request: Request, answer_here: AnswerHere, on_reply: OnReply) {
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(std::time::Duration::from_millis(30)).await;
        let question = request.question();
        if let Question::Verify { .. } = question {
            WHOLE_HOLDS_DOCUMENT.with(|w| w.set(false));
        }
        let here = (!WHOLE_HOLDS_DOCUMENT.with(|w| w.get())).then(|| answer_here(question));
        let json = match here {
            Some(json) if json != crate::verification::NEEDS_FULL_VERIFIER => json,
            _ => {
                WHOLE_HOLDS_DOCUMENT.with(|w| w.set(true));
                match whole_module_answer(question).await {
                    Ok(json) => json,
                    Err(message) => return on_reply(Reply::Crashed { run: request.run(), message }),
                }
            }
        };
        let reply = match question {
            Question::Lookup { .. } => Reply::Looked { run: request.run(), json },
            Question::Verify { .. } => Reply::Verified { run: request.run(), json },
        };
        on_reply(reply);
    });
}

thread_local! {
    /// Whether the document last verified on the page was the whole site's module's
    /// to verify, so that it answers the lookups in it.
    static WHOLE_HOLDS_DOCUMENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The whole site's module's answer, as the worker asks it (www/static/boot.js loads
/// that module on the page, without mounting a second site, through
/// `fairdrawWholeVerifier`).
async fn whole_module_answer(question: Question<'_>) -> Result<String, String> {
    let failed = |e: JsValue| super::error_message(&e).unwrap_or_else(|| "the full verifier could not be loaded".to_string());
    let load = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("fairdrawWholeVerifier")).map_err(failed)?;
    let load: &js_sys::Function = load.dyn_ref().ok_or("this page has no full verifier to load")?;
    let promise: js_sys::Promise = load.call0(&JsValue::NULL).map_err(failed)?.dyn_into().map_err(failed)?;
    let glue = JsFuture::from(promise).await.map_err(failed)?;
    let export = match question {
        Question::Lookup { .. } => "lookup_json",
        Question::Verify { .. } => "verify_document_bytes",
    };
    let answer = js_sys::Reflect::get(&glue, &JsValue::from_str(export)).map_err(failed)?;
    let answer: &js_sys::Function = answer.dyn_ref().ok_or("the full verifier has no answer for this")?;
    let json = match question {
        Question::Lookup { query } => answer.call1(&JsValue::NULL, &JsValue::from_str(query)),
        Question::Verify { document, roots } => {
            answer.call2(&JsValue::NULL, &js_sys::Uint8Array::from(document), &JsValue::from_str(roots))
        }
    };
    json.map_err(failed)?.as_string().ok_or_else(|| "the full verifier gave no answer".to_string())
}

/// Why a bundle could not be obtained: the one bilingual message type.
pub use fairdraw::Text as LoadError;

/// Downloads a bundle, telling `progress` the bytes received so far and the size the
/// server gave, as they arrive. Only the address the visitor gave is contacted.
/// Gives the worker the page's compiled wasm (www/static/boot.js keeps it), as its
/// first message, so that it neither downloads nor compiles the module again.
fn hand_over_module(worker: &web_sys::Worker) {
    let Ok(module) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("fairdrawWasmModule")) else { return };
    if module.is_undefined() {
        return;
    }
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("kind"), &JsValue::from_str("module"));
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("module"), &module);
    let _ = worker.post_message(&message);
}

/// The verification worker www/static/boot.js started with the page (it hands the
/// compiled module over itself), taken once; only the small module's page has one.
fn early_worker() -> Option<web_sys::Worker> {
    let take = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("fairdrawTakeEarlyWorker")).ok()?;
    let take: &js_sys::Function = take.dyn_ref()?;
    take.call0(&JsValue::NULL).ok()?.dyn_into().ok()
}

/// The download www/static/boot.js started for the page's `?bundle=` link before
/// the module arrived, if it is of this address; handed over once, so that loading
/// the bundle again downloads it again.
fn early_bundle(url: &str) -> Option<js_sys::Promise> {
    let take = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("fairdrawTakeEarlyBundle")).ok()?;
    let take: &js_sys::Function = take.dyn_ref()?;
    take.call1(&JsValue::NULL, &JsValue::from_str(url)).ok()?.dyn_into().ok()
}

pub async fn fetch_bytes(url: &str, progress: impl Fn(u64, Option<u64>)) -> Result<Vec<u8>, LoadError> {
    // The archived single file forbids every request (its CSP has no connect-src);
    // trying would only add a console error to this message.
    if on_disk() {
        return Err(LoadError {
            zh: format!("本页是从文件打开的，不下载任何内容，因此无法打开 {url}。请用“选择文件”打开抽取结果文件，或把文件拖到本页。"),
            en: format!("this page was opened from a file and downloads nothing, so it cannot open {url}. Open the bundle with “Choose file”, or drop it on the page."),
        });
    }
    let window = web_sys::window().ok_or_else(|| LoadError { zh: "没有浏览器窗口".into(), en: "no browser window".into() })?;
    let init = web_sys::RequestInit::new();
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let request = early_bundle(url).unwrap_or_else(|| window.fetch_with_str_and_init(url, &init));
    let response = JsFuture::from(request).await.map_err(|e| LoadError {
        zh: format!(
            "无法下载 {url}（{}）。本页出于安全只从本网站下载文件；如果文件在其他网站，请先下载，再用“选择文件”打开。",
            super::error_message(&e).unwrap_or_default()
        ),
        en: format!(
            "could not download {url} ({}). For safety this page only downloads from its own site; if the file is elsewhere, save it and open it with “Choose file”.",
            super::error_message(&e).unwrap_or_default()
        ),
    })?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| LoadError { zh: "下载没有返回内容".into(), en: "the download returned nothing".into() })?;
    if !response.ok() {
        let status = response.status();
        return Err(LoadError {
            zh: format!("无法下载 {url}：服务器回答 {status}"),
            en: format!("could not download {url}: the server answered {status}"),
        });
    }
    let cut_off = || LoadError { zh: format!("下载 {url} 时中断，没有收到全部内容"), en: format!("the download of {url} stopped before its end") };
    // A server that compresses on the way (`Content-Encoding: gzip`) states the
    // compressed length, while the body arrives decompressed: no share can be told.
    let headers = response.headers();
    let encoded = headers.get("content-encoding").ok().flatten().is_some_and(|e| !e.trim().eq_ignore_ascii_case("identity"));
    let total = headers.get("content-length").ok().flatten().and_then(|v| v.trim().parse::<u64>().ok()).filter(|_| !encoded);
    let Some(body) = response.body() else {
        let buffer = response.array_buffer().map_err(|_| cut_off())?;
        return JsFuture::from(buffer).await.map(|b| js_sys::Uint8Array::new(&b).to_vec()).map_err(|_| cut_off());
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes: Vec<u8> = Vec::with_capacity(total.unwrap_or(0).min(1 << 30) as usize);
    let mut told = 0u64;
    progress(0, total);
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|_| cut_off())?;
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            break;
        }
        if let Ok(value) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value")) {
            append(&mut bytes, &value);
        }
        // Often enough to move the bar, seldom enough not to redraw the page per packet.
        let received = bytes.len() as u64;
        if received - told >= PROGRESS_STEP {
            told = received;
            progress(received, total);
        }
    }
    progress(bytes.len() as u64, total);
    Ok(bytes)
}

/// Gzip bytes (a `.json.gz` bundle) inflated by the browser's `DecompressionStream`,
/// stopping once past `limit` bytes; `None` when the bytes are not gzip or the browser
/// has no such stream (the caller then inflates them itself).
pub async fn inflate_gzip(bytes: &[u8], limit: usize) -> Option<Result<Vec<u8>, String>> {
    if !fairdraw::gzip::is_gzip(bytes) {
        return None;
    }
    let constructor = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("DecompressionStream")).ok()?;
    let constructor: js_sys::Function = constructor.dyn_into().ok()?;
    Some(inflate_with(&constructor, bytes, limit).await)
}

async fn inflate_with(constructor: &js_sys::Function, bytes: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let said = |e: JsValue| super::error_message(&e).unwrap_or_default();
    let stream = js_sys::Reflect::construct(constructor, &js_sys::Array::of1(&JsValue::from_str("gzip"))).map_err(said)?;
    let mut input = bytes.to_vec();
    let body = web_sys::Response::new_with_opt_u8_array(Some(&mut input)).map_err(said)?.body().ok_or("no body")?;
    let pipe_through: js_sys::Function =
        js_sys::Reflect::get(&body, &JsValue::from_str("pipeThrough")).map_err(said)?.dyn_into().map_err(|_| "no pipeThrough")?;
    let inflated: web_sys::ReadableStream = pipe_through.call1(&body, &stream).map_err(said)?.unchecked_into();
    let reader: web_sys::ReadableStreamDefaultReader = inflated.get_reader().unchecked_into();
    let mut out = Vec::new();
    // Past the limit the caller refuses the file as too large: no need to inflate more.
    while out.len() <= limit {
        let chunk = JsFuture::from(reader.read()).await.map_err(said)?;
        if js_sys::Reflect::get(&chunk, &JsValue::from_str("done")).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(out);
        }
        if let Ok(value) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value")) {
            append(&mut out, &value);
        }
    }
    let _ = reader.cancel();
    Ok(out)
}

/// Copies a stream's chunk (a `Uint8Array`) onto the end of `bytes`, once.
fn append(bytes: &mut Vec<u8>, chunk: &JsValue) {
    let chunk = js_sys::Uint8Array::new(chunk);
    let start = bytes.len();
    bytes.resize(start + chunk.length() as usize, 0);
    chunk.copy_to(&mut bytes[start..]);
}

/// Bytes between two progress reports of a download.
const PROGRESS_STEP: u64 = 256 * 1024;

/// Reads a chosen or dropped file's bytes; the core decides how they are text.
pub async fn read_file(file: &super::files::File) -> Result<Vec<u8>, LoadError> {
    let name = file.name();
    super::files::read_bytes(file).await.ok_or_else(|| LoadError {
        zh: format!("无法读取文件 {name}"),
        en: format!("could not read the file {name}"),
    })
}

/// Reads a chosen or dropped file as UTF-8 text (the ceremony's own files).
pub async fn read_file_text(file: &super::files::File) -> Result<String, LoadError> {
    let name = file.name();
    super::files::read_text(file).await.ok_or_else(|| LoadError {
        zh: format!("无法读取文件 {name}"),
        en: format!("could not read the file {name}"),
    })
}

/// A chosen file's size in bytes, known before it is read.
pub fn file_size(file: &super::files::File) -> u64 {
    file.size() as u64
}

/// The address of the page, to resolve relative bundle addresses against.
pub fn page_url() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// The build's identity as `cargo xtask dist` wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BuildInfo {
    pub version: String,
    /// The whole site's module (`pkg/fairdraw_www_bg.wasm`).
    pub wasm_sha256: String,
    /// The verification page's small module (`pkg/fairdraw_verify_bg.wasm`).
    #[serde(default)]
    pub verify_wasm_sha256: String,
}

impl BuildInfo {
    /// The SHA-256 of the module this page runs.
    pub fn running_wasm_sha256(&self) -> &str {
        if cfg!(feature = "full") {
            &self.wasm_sha256
        } else {
            &self.verify_wasm_sha256
        }
    }
}

/// Whether the page was opened from a file rather than a web server.
pub(crate) fn on_disk() -> bool {
    web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "file:")
}

/// The single file carries its build-info.json inline, as this element.
const INLINE_BUILD_INFO: &str = "fairdraw-build-info";

/// Whether this is the archived single-file verifier (`fairdraw-verify.html`), which
/// can verify and nothing else: it has no site around it to fetch from.
pub fn is_single_file() -> bool {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(INLINE_BUILD_INFO)).is_some()
}

/// Reads the build's identity: inline in the single file, otherwise
/// `build-info.json` next to the page; absent in development builds.
pub async fn build_info() -> Option<BuildInfo> {
    let inline = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(INLINE_BUILD_INFO))
        .and_then(|e| e.text_content());
    let text = match inline {
        Some(text) => text,
        None if on_disk() => return None,
        None => String::from_utf8(fetch_bytes("./build-info.json", |_, _| ()).await.ok()?).ok()?,
    };
    serde_json::from_str(&text).ok()
}
