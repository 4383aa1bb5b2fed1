//! Reading the files the organiser chooses or drops, and offering files to save.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, Event};

/// A file the visitor chose or dropped, not read yet.
pub use web_sys::File;

/// The bytes of a chosen or dropped file; `None` when the browser cannot read it.
pub async fn read_bytes(file: &File) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

pub async fn read_text(file: &File) -> Option<String> {
    JsFuture::from(file.text()).await.ok()?.as_string()
}

fn all(list: Option<web_sys::FileList>) -> Vec<File> {
    list.map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default()
}

/// The files chosen in the `<input type="file">` an event came from. The choice is
/// then cleared: choosing the same file again, corrected, must fire another change.
pub fn take_chosen(event: &Event) -> Vec<File> {
    let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
        return Vec::new();
    };
    let files = all(input.files());
    input.set_value("");
    files
}

/// The first file chosen, the choice cleared as with [`take_chosen`].
pub fn take_first_chosen(event: &Event) -> Option<File> {
    take_chosen(event).into_iter().next()
}

/// Every file of a drop.
pub fn dropped_all(event: &DragEvent) -> Vec<File> {
    all(event.data_transfer().and_then(|d| d.files()))
}

/// The first file of a drop.
pub fn dropped(event: &DragEvent) -> Option<File> {
    event.data_transfer()?.files()?.get(0)
}

/// Offers text as a file to save through a Blob URL (nothing leaves the browser);
/// false when the browser refused.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    match web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        Ok(blob) => download_blob(name, &blob),
        Err(_) => false,
    }
}

/// Offers a document as a file to save, handed to the browser in parts as `write`
/// produces it, so that the page never holds the whole text: false when the browser
/// refused.
pub fn download_written(name: &str, mime: &str, write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> bool {
    let mut parts = BlobParts::default();
    if write(&mut parts).is_err() || std::io::Write::flush(&mut parts).is_err() {
        return false;
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    match web_sys::Blob::new_with_u8_array_sequence_and_options(&parts.done, &options) {
        Ok(blob) => download_blob(name, &blob),
        Err(_) => false,
    }
}

/// Bytes gathered into parts of a Blob: each part copied out of the module's memory
/// once it is [`BlobParts::PART`] long.
#[derive(Default)]
pub struct BlobParts {
    done: js_sys::Array,
    pending: Vec<u8>,
}

impl BlobParts {
    const PART: usize = 8 << 20;
}

impl std::io::Write for BlobParts {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= Self::PART {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.pending.is_empty() {
            self.done.push(&js_sys::Uint8Array::from(self.pending.as_slice()));
            self.pending.clear();
        }
        Ok(())
    }
}

/// Offers bytes (a workbook) as a file to save; false when the browser refused.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> bool {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    match web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) {
        Ok(blob) => download_blob(name, &blob),
        Err(_) => false,
    }
}

/// Offers a Blob as a file download; false when the browser refused.
fn download_blob(file_name: &str, blob: &web_sys::Blob) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return false;
    };
    let Some(link) = document.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) else {
        return false;
    };
    link.set_href(&url);
    link.set_download(file_name);
    link.set_hidden(true);
    if let Some(body) = document.body() {
        let _ = body.append_child(&link);
        link.click();
        let _ = body.remove_child(&link);
    } else {
        link.click();
    }
    // Revoked later: some browsers start reading the Blob only after the click returns.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    true
}

/// Today in the visitor's time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

