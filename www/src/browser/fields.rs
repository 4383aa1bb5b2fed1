//! What the visitor typed, picked or ticked in a form field.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::NodeRef;

fn value_of(element: &JsValue) -> Option<String> {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        return Some(input.value());
    }
    if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        return Some(select.value());
    }
    element.dyn_ref::<HtmlTextAreaElement>().map(HtmlTextAreaElement::value)
}

/// The value of the input, select or text area an event came from; empty for
/// anything else.
pub fn target_value(event: &Event) -> String {
    event.target().and_then(|t| value_of(t.as_ref())).unwrap_or_default()
}

/// Whether the checkbox an event came from is ticked.
pub fn target_checked(event: &Event) -> bool {
    event.target().and_then(|t| t.dyn_ref::<HtmlInputElement>().map(HtmlInputElement::checked)).unwrap_or(false)
}

/// The value of the input or text area behind `node`; `None` before it is rendered.
pub fn node_value(node: &NodeRef) -> Option<String> {
    value_of(node.get()?.as_ref())
}

/// Sets the value of the input behind `node`, if it is rendered.
pub fn set_node_value(node: &NodeRef, value: &str) {
    if let Some(input) = node.cast::<HtmlInputElement>() {
        input.set_value(value);
    }
}
