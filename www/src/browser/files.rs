//! Reading the files the organiser chooses or drops, and offering files to save.

use wasm_bindgen_futures::JsFuture;

/// The bytes of a chosen or dropped file; `None` when the browser cannot read it.
pub async fn read_bytes(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

pub async fn read_text(file: &web_sys::File) -> Option<String> {
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// The first file chosen in an `<input type="file">`.
pub fn chosen(input: &web_sys::HtmlInputElement) -> Option<web_sys::File> {
    input.files()?.get(0)
}

/// The first file of a drop.
pub fn dropped(event: &web_sys::DragEvent) -> Option<web_sys::File> {
    event.data_transfer()?.files()?.get(0)
}

/// Offers text as a file to save; false when the browser refused.
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    super::verifier::save_text(name, mime, text)
}

/// Offers bytes (a workbook) as a file to save; false when the browser refused.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> bool {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    match web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) {
        Ok(blob) => super::verifier::save_blob(name, &blob),
        Err(_) => false,
    }
}

/// Today in the visitor's time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", d.get_full_year(), d.get_month() + 1, d.get_date())
}

/// Asks before something that cannot be undone; a browser that cannot ask says no.
pub fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}
