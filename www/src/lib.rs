//! The fairdraw site: renders, routes and wires events; all logic lives in the core.

pub mod browser;
pub mod components;
pub mod i18n;
pub mod route;
pub mod state;

use wasm_bindgen::prelude::*;

/// Mounts the site on `#app` (falling back to `<body>`), replacing the loading note.
#[wasm_bindgen(start)]
pub fn start() {
    let host = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match host {
        Some(host) => yew::Renderer::<components::app::App>::with_root(host).render(),
        None => yew::Renderer::<components::app::App>::new().render(),
    };
}
