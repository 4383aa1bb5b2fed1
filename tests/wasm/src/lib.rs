//! Tests of the core in a real browser. Run them with `cargo xtask test`; natively
//! this crate is empty.
#![cfg(target_arch = "wasm32")]
