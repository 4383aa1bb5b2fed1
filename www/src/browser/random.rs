//! Random bytes from the browser's cryptographic generator, for a commitment's salt.

use wasm_bindgen::JsCast;

/// `n` random bytes as lower-case hex from `crypto.getRandomValues`; `None` where
/// the browser has no such generator (the page then asks for a salt to be typed).
/// Looked up on the global object so it works on plain-HTTP intranet hosts too,
/// where `crypto.subtle` is missing but `getRandomValues` is not.
pub fn random_hex(n: u32) -> Option<String> {
    Some(fairdraw::hashing::hex(&random_vec(n)?))
}

/// `N` random bytes, as [`random_hex`].
pub fn random_bytes<const N: usize>() -> Option<[u8; N]> {
    random_vec(N as u32)?.try_into().ok()
}

fn random_vec(n: u32) -> Option<Vec<u8>> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let get = js_sys::Reflect::get(&crypto, &"getRandomValues".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let bytes = js_sys::Uint8Array::new_with_length(n);
    get.call1(&crypto, &bytes).ok()?;
    Some(bytes.to_vec())
}
