//! Import, plan and commit of 3,000,000 firms in the browser (scale/mod.rs).
#![cfg(target_arch = "wasm32")]

mod scale;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn bench_import_plan_commit_3m_firms() {
    scale::import_plan_commit(3_000_000, "3m");
}
