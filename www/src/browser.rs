//! The few browser calls the site makes. Each one tolerates a missing or refusing
//! browser API (storage disabled in private mode, old WebViews): the page then
//! simply does without, it never stops.

pub mod committer;
pub mod drafts;
pub mod fetch;
pub mod fields;
pub mod importer;
pub mod files;
pub mod random;
pub mod stage;
pub mod timers;
pub mod verifier;
pub mod xlsx;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The message of a thrown JavaScript value: an `Error`'s message or a thrown
/// string; `None` for anything else.
pub fn error_message(error: &wasm_bindgen::JsValue) -> Option<String> {
    error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| error.as_string())
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// `location.hash`, or empty when it cannot be read.
pub fn current_hash() -> String {
    window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The host the page is served from, to decide whether a relay override is allowed.
pub fn page_host() -> String {
    window().and_then(|w| w.location().hostname().ok()).unwrap_or_default()
}

/// The session flag that makes boot.js start the whole site's module even on the
/// verification and 公示 pages (www/static/boot.js reads and clears it).
#[cfg(not(feature = "full"))]
const WHOLE_SITE_KEY: &str = "fairdraw-whole-site";

/// Reloads the page with the whole site's module: the small module shows only the
/// verification and 公示 pages, verifies only what relies on drand alone, and opens
/// no time-locked list.
#[cfg(not(feature = "full"))]
pub fn load_whole_site() {
    let Some(w) = window() else { return };
    if let Ok(Some(session)) = w.session_storage() {
        let _ = session.set_item(WHOLE_SITE_KEY, "1");
    }
    let _ = w.location().reload();
}

pub fn stored(key: &str) -> Option<String> {
    window()?.local_storage().ok()??.get_item(key).ok()?
}

pub fn store(key: &str, value: &str) {
    if let Some(storage) = window().and_then(|w| w.local_storage().ok().flatten()) {
        // A full or disabled storage only means the choice is not remembered.
        let _ = storage.set_item(key, value);
    }
}

/// Sets `<html lang>` so screen readers pick the right voice and browsers the right
/// fonts for the language shown.
pub fn set_document_lang(lang: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang);
    }
}

pub fn set_title(title: &str) {
    if let Some(document) = document() {
        document.set_title(title);
    }
}

/// Moves keyboard focus to an element (which needs `tabindex="-1"` if it is not
/// focusable by itself), so keyboard and screen reader users land on new content.
pub fn focus(id: &str) {
    if let Some(element) = document().and_then(|d| d.get_element_by_id(id)) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(window) = window() {
        let _ = window.print();
    }
}

/// Prints with `<html data-printing="{marker}">` set meanwhile, so the print style
/// sheet can put only that part on paper.
pub fn print_marked(marker: &str) {
    let Some(root) = document().and_then(|d| d.document_element()) else { return };
    let _ = root.set_attribute("data-printing", marker);
    print();
    let _ = root.remove_attribute("data-printing");
}

/// Whether the page runs inside a frame of another site: some window above it has
/// another origin, or one the page may not read. The site's own frames are fine.
/// A `<meta>` Content-Security-Policy cannot forbid framing, and not every host sends
/// `frame-ancestors`, so the page checks for itself.
pub fn framed_by_another_site() -> bool {
    let Some(mut current) = window() else { return false };
    let Ok(own) = current.location().origin() else { return false };
    // Bounded: browsers limit frame nesting far below this.
    for _ in 0..100 {
        let parent = match current.parent() {
            Ok(Some(parent)) => parent,
            Ok(None) => return false,
            Err(_) => return true,
        };
        let parent_value: &wasm_bindgen::JsValue = parent.as_ref();
        if parent_value == AsRef::<wasm_bindgen::JsValue>::as_ref(&current) {
            return false;
        }
        // Reading another origin's `location.origin` throws.
        match parent.location().origin() {
            Ok(origin) if origin == own => current = parent,
            _ => return true,
        }
    }
    true
}

/// The page's own address, to open it outside a frame.
pub fn own_address() -> String {
    window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Puts `text` on the clipboard; false where the browser refuses (an address
/// without https, or permission denied), so the page can say it was not copied.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = window() else { return false };
    let get = |target: &wasm_bindgen::JsValue, key: &str| js_sys::Reflect::get(target, &key.into()).ok().filter(|v| !v.is_undefined());
    let Some(clipboard) = get(&window.into(), "navigator").and_then(|n| get(&n, "clipboard")) else { return false };
    let Some(write) = get(&clipboard, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else { return false };
    let Ok(promise) = write.call1(&clipboard, &text.into()).and_then(|p| p.dyn_into::<js_sys::Promise>()) else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

pub fn scroll_to_top() {
    if let Some(window) = window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Calls `on_change` with the new `location.hash` whenever it changes, until the
/// returned value is dropped.
pub struct HashListener {
    closure: Option<Closure<dyn FnMut()>>,
}

impl HashListener {
    pub fn new(mut on_change: impl FnMut(String) + 'static) -> HashListener {
        let closure = Closure::<dyn FnMut()>::new(move || on_change(current_hash()));
        let attached = window()
            .map(|w| w.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref()).is_ok())
            .unwrap_or(false);
        HashListener { closure: attached.then_some(closure) }
    }
}

impl Drop for HashListener {
    fn drop(&mut self) {
        if let (Some(closure), Some(window)) = (self.closure.take(), window()) {
            let _ = window.remove_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref());
        }
    }
}

/// Sets `location.hash`, which the hash listener turns into a navigation.
pub fn set_hash(hash: &str) {
    if let Some(window) = window() {
        let _ = window.location().set_hash(hash);
    }
}
