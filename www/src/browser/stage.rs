//! The ceremony's stage: full screen for a livestream, the visitor's wish for less
//! motion, and the site's address for the verification link.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Puts the element with `id` in full screen, or leaves full screen. Returns whether
/// the page asked for full screen; a refusal (an iframe, an old WebView) leaves the
/// page's own large layout, which works without it.
pub fn toggle_fullscreen(id: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
        return false;
    }
    match document.get_element_by_id(id) {
        Some(element) => element.request_fullscreen().is_ok(),
        None => false,
    }
}

/// Leaves full screen if the page is in it (when the stage layout is switched off).
pub fn exit_fullscreen() {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if document.fullscreen_element().is_some() {
            document.exit_fullscreen();
        }
    }
}

/// Listens for the page leaving full screen; listening stops when it is dropped.
pub struct FullscreenWatch {
    document: web_sys::Document,
    listener: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for FullscreenWatch {
    fn drop(&mut self) {
        let _ = self.document.remove_event_listener_with_callback("fullscreenchange", self.listener.as_ref().unchecked_ref());
    }
}

/// Calls `left` whenever the page leaves full screen by the browser's own means (Esc,
/// its exit button), so that the stage layout goes with it.
pub fn watch_fullscreen_exit(left: impl Fn() + 'static) -> Option<FullscreenWatch> {
    let document = web_sys::window()?.document()?;
    let watched = document.clone();
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        if watched.fullscreen_element().is_none() {
            left();
        }
    });
    document.add_event_listener_with_callback("fullscreenchange", listener.as_ref().unchecked_ref()).ok()?;
    Some(FullscreenWatch { document, listener })
}

/// `prefers-reduced-motion: reduce`: the reveal then shows everything at once.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The page's address without the hash and file name, ending in `/`: the base of
/// the verification link.
pub fn site_base() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let without_hash = href.split('#').next().unwrap_or_default();
    let without_query = without_hash.split('?').next().unwrap_or_default();
    match without_query.rfind('/') {
        Some(i) => without_query[..=i].to_string(),
        None => String::new(),
    }
}

/// Scrolls the last item of the list with `id` into view, as little as needed (the
/// list itself when it scrolls, else the page), smoothly unless the visitor asked for
/// less motion: the newest revealed firm is always on screen.
pub fn keep_last_in_view(id: &str) {
    let Some(last) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|list| list.last_element_child())
    else {
        return;
    };
    let options = js_sys::Object::new();
    let behavior = if prefers_reduced_motion() { "auto" } else { "smooth" };
    let set = |key: &str, value: &str| js_sys::Reflect::set(&options, &key.into(), &value.into()).is_ok();
    if !(set("block", "nearest") && set("inline", "nearest") && set("behavior", behavior)) {
        return;
    }
    let scroll = js_sys::Reflect::get(&last, &"scrollIntoView".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(scroll) = scroll {
        // A browser without the options form ignores them and still scrolls.
        let _ = scroll.call1(&last, &options);
    }
}
