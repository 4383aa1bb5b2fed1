//! The engine compiled to wasm32 in a real browser: the golden bundle of SPEC.md's
//! vectors must verify exactly as it does natively, and `bench_…` prints the
//! browser verification figure for 100,000 firms.
#![cfg(target_arch = "wasm32")]

use fairdraw::beacon;
use fairdraw::protocol::{self, Bundle, CommitOptions};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &str = include_str!("../../vectors/spec/bundle-small.json");

#[wasm_bindgen_test]
fn the_golden_bundle_verifies_in_the_browser() {
    let report = fairdraw::verify::verify_json(GOLDEN);
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Valid, "{report:?}");
    assert!(report.checks.iter().all(|c| c.ok));
}

#[wasm_bindgen_test]
fn the_browser_recomputes_the_same_draw() {
    let stored: Bundle = serde_json::from_str(GOLDEN).unwrap();
    let redrawn =
        protocol::draw_bundle(stored.inputs.clone(), stored.commitment.clone(), stored.beacon.drand.clone()).unwrap();
    assert!(redrawn == stored, "the wasm build computes a different draw");
}

#[wasm_bindgen_test]
fn a_tampered_team_is_named_in_the_browser() {
    let mut b: Bundle = serde_json::from_str(GOLDEN).unwrap();
    let firm = b.result.tasks[0].selected[0].id.clone();
    b.result.tasks[0].selected[0].team[0].id.push('9');
    let report = fairdraw::verify::verify(&b);
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Invalid);
    let result = report.checks.iter().find(|c| c.id == fairdraw::verify::CheckId::Result).unwrap();
    assert!(!result.ok && result.details.iter().any(|d| d.zh.contains(&firm)));
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}


/// Commits to the recorded quicknet round 1000 an hour before it, and draws; also
/// returns how long the draw took.
fn commit_and_draw(inputs: protocol::Inputs) -> (Bundle, f64) {
    let chain = beacon::chain_by_name("quicknet").unwrap();
    let opts =
        CommitOptions { sequence: 1, previous: String::new(), committed_at: chain.round_time(1000) - 3600, rehearsal: false, chain, round: 1000 };
    let (commitment, _) = protocol::commit(&inputs, &opts).unwrap();
    let t = now_ms();
    let bundle = protocol::draw_bundle(inputs, commitment, fairdraw::demo::quicknet_round_1000()).unwrap();
    (bundle, now_ms() - t)
}

/// Verifies `bundle` from its JSON text, as a visitor's browser does: milliseconds
/// (parse included) and the text's size. The bundle itself is dropped first, so the
/// memory measured is the verifier's.
fn verify_from_text(bundle: Bundle) -> (f64, usize) {
    let text = serde_json::to_string(&bundle).unwrap();
    drop(bundle);
    let t = now_ms();
    let report = fairdraw::verify::verify_json(&text);
    let verify_ms = now_ms() - t;
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Valid);
    (verify_ms, text.len())
}

#[wasm_bindgen_test]
fn bench_verify_100k_firms() {
    let inputs = fairdraw::demo::demo_inputs(100_000, 400).into_inputs(&"0f".repeat(16));
    let (bundle, draw_ms) = commit_and_draw(inputs);
    let (verify_ms, bytes) = verify_from_text(bundle);
    web_sys::console::log_1(
        &format!("BENCH wasm_verify_100k_firms_ms={verify_ms:.0} (parse included, {bytes} bytes) wasm_draw_100k_firms_ms={draw_ms:.0}")
            .into(),
    );
}

/// The benchmark inputs of `fairdraw-bench` (1,000,000 firms, 40 strata, 2,000
/// inspectors), verified from their JSON text inside the browser's wasm memory.
#[wasm_bindgen_test]
fn bench_verify_1m_firms() {
    let inputs = fairdraw::demo::bench_inputs().into_inputs(&"0f".repeat(16));
    let (bundle, _) = commit_and_draw(inputs);
    let (verify_ms, bytes) = verify_from_text(bundle);
    web_sys::console::log_1(&format!("BENCH wasm_verify_1m_firms_ms={verify_ms:.0} (parse included, {bytes} bytes)").into());
}

const PUBLIC_GOLDEN: &str = include_str!("../../vectors/spec/format2-public-small.json");

#[wasm_bindgen_test]
fn the_format2_public_document_verifies_in_the_browser() {
    let report = fairdraw::verify::verify_json(PUBLIC_GOLDEN);
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Valid, "{report:?}");
    assert_eq!(report.document, "public");
}

/// A format 2 draw of `inputs` (the benchmark's secret), its public document as
/// text: (public text, format 1 bundle size of the same draw for the ratio).
fn public_document_text(inputs: protocol::Inputs) -> String {
    let inputs = fairdraw::organizer::committed_inputs2(inputs.plan, inputs.directories, &inputs.salt, &"5e".repeat(32));
    let chain = beacon::chain_by_name("quicknet").unwrap();
    let opts =
        CommitOptions { sequence: 1, previous: String::new(), committed_at: chain.round_time(1000) - 3600, rehearsal: false, chain, round: 1000 };
    let (commitment, _) = protocol::commit(&inputs, &opts).unwrap();
    let evidence = protocol::BeaconEvidence { drand: fairdraw::demo::quicknet_round_1000(), nist_pulse: None };
    let auditor = fairdraw::v2::draw_auditor(inputs, commitment, evidence).unwrap();
    let public = fairdraw::v2::public_document(&auditor).unwrap();
    drop(auditor);
    serde_json::to_string(&public).unwrap()
}

fn verify_public_text(text: &str) -> f64 {
    let t = now_ms();
    let report = fairdraw::verify::verify_json(text);
    let ms = now_ms() - t;
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Valid);
    assert_eq!(report.document, "public");
    ms
}

/// The public document of 100,000 firms, verified from its text in the browser.
#[wasm_bindgen_test]
fn bench_verify_public_100k_firms() {
    let text = public_document_text(fairdraw::demo::demo_inputs(100_000, 400).into_inputs(&"0f".repeat(16)));
    let ms = verify_public_text(&text);
    web_sys::console::log_1(&format!("BENCH wasm_verify_public_100k_firms_ms={ms:.0} (parse included) public_bytes={}", text.len()).into());
}

/// The public document of the 1,000,000-firm benchmark, verified in the browser.
#[wasm_bindgen_test]
fn bench_verify_public_1m_firms() {
    let text = public_document_text(fairdraw::demo::bench_inputs().into_inputs(&"0f".repeat(16)));
    let ms = verify_public_text(&text);
    web_sys::console::log_1(&format!("BENCH wasm_verify_public_1m_firms_ms={ms:.0} (parse included) public_bytes={}", text.len()).into());
}

/// The site's allocator takes memory in steps that grow with the heap
/// (fairdraw::memory): 64 MiB in small pieces is a few dozen steps, where std's
/// allocator takes a thousand, each of which the browser answers with work on its
/// JavaScript heap.
#[wasm_bindgen_test]
fn memory_grows_in_few_steps() {
    let mut sizes = vec![core::arch::wasm32::memory_size(0)];
    let mut held = Vec::new();
    for _ in 0..(1 << 20) {
        held.push(vec![0u8; 48]);
        let now = core::arch::wasm32::memory_size(0);
        if sizes.last() != Some(&now) {
            sizes.push(now);
        }
    }
    let grown_mib = (sizes.last().unwrap() - sizes[0]) * 64 / 1024;
    assert!(grown_mib >= 64, "{grown_mib} MiB");
    assert!(sizes.len() < 40, "{} steps: {sizes:?}", sizes.len() - 1);
    drop(held);
}
