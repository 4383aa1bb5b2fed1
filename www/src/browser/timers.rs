//! The computer's clock and repeated ticks.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Whole Unix seconds now, from the computer's clock. Only shown (countdowns) and
/// used to hold back a fetch that cannot succeed yet; no draw depends on it.
pub fn now_unix() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Milliseconds since some fixed moment, for "verified in" lines.
pub fn now_millis() -> f64 {
    js_sys::Date::now()
}

/// `setInterval` for as long as the value lives.
pub struct Interval {
    id: Option<i32>,
    _closure: Closure<dyn FnMut()>,
}

impl Interval {
    pub fn new(millis: i32, tick: impl FnMut() + 'static) -> Interval {
        let closure = Closure::<dyn FnMut()>::new(tick);
        let id = web_sys::window().and_then(|w| {
            w.set_interval_with_callback_and_timeout_and_arguments_0(closure.as_ref().unchecked_ref(), millis).ok()
        });
        Interval { id, _closure: closure }
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        if let (Some(id), Some(window)) = (self.id, web_sys::window()) {
            window.clear_interval_with_handle(id);
        }
    }
}
