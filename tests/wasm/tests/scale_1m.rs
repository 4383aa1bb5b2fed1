//! Import, plan and commit of 1,000,000 firms in the browser (scale/mod.rs).
#![cfg(target_arch = "wasm32")]

mod scale;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn bench_import_plan_commit_1m_firms() {
    scale::import_plan_commit(1_000_000, "1m");
}
