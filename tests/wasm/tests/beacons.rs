//! Every beacon vector, verified by the core compiled to wasm32 in headless Chromium:
//! the browser must reach the same verdicts as the native build.
#![cfg(target_arch = "wasm32")]

use fairdraw::beacon::{
    parse_drand_json, parse_nist_json, to_hex, verify_drand, verify_drand_with_public_key, verify_nist, BeaconErrorKind,
    ChainInfo, DrandRound, DEFAULT, QUICKNET,
};
use fairdraw::time::{format_china, parse_rfc3339};
use serde_json::Value;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const DRAND_ROUNDS: &str = include_str!("../../vectors/beacons/drand-rounds.json");
const NIST_PULSES: &str = include_str!("../../vectors/beacons/nist-pulses.json");

fn chain_for_scheme(scheme: &str) -> &'static ChainInfo {
    match scheme {
        "bls-unchained-g1-rfc9380" => &QUICKNET,
        "pedersen-bls-chained" => &DEFAULT,
        other => panic!("vector with unknown scheme {other}"),
    }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn drand_vectors() -> Vec<Value> {
    let file: Value = serde_json::from_str(DRAND_ROUNDS).unwrap();
    file["vectors"].as_array().unwrap().clone()
}

fn find_round(label: &str) -> DrandRound {
    let v = drand_vectors().into_iter().find(|v| v["label"] == label).unwrap();
    fairdraw::beacon::parse_drand_json(&v.to_string()).unwrap()
}

#[wasm_bindgen_test]
fn every_drand_vector_gets_its_verdict() {
    let vectors = drand_vectors();
    assert_eq!(vectors.len(), 12);
    for v in &vectors {
        let label = v["label"].as_str().unwrap();
        let chain = chain_for_scheme(v["scheme"].as_str().unwrap());
        let round: DrandRound = fairdraw::beacon::parse_drand_json(&v.to_string()).unwrap();
        let key = hex(v["public_key"].as_str().unwrap());
        let verdict = verify_drand_with_public_key(chain, &key, round.round, &round);
        assert_eq!(verdict.is_ok(), v["expect"].as_bool().unwrap(), "{label}: {verdict:?}");
        if let (Ok(ok), Some(randomness)) = (&verdict, v["randomness"].as_str()) {
            assert_eq!(to_hex(&ok.randomness), randomness, "{label}");
        }
    }
}

#[wasm_bindgen_test]
fn every_nist_vector_gets_its_verdict() {
    let file: Value = serde_json::from_str(NIST_PULSES).unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 3);
    for v in vectors {
        let label = v["label"].as_str().unwrap();
        let pulse = parse_nist_json(&serde_json::json!({ "pulse": v["pulse"] }).to_string()).unwrap();
        let verdict = verify_nist(&pulse);
        assert_eq!(verdict.is_ok(), v["expect"].as_bool().unwrap(), "{label}: {verdict:?}");
        if let Ok(ok) = verdict {
            assert_eq!(ok.certificate_subject, file["certificate_facts"]["subject"].as_str().unwrap());
            assert_eq!(to_hex(&ok.output_value).to_uppercase(), v["pulse"]["outputValue"].as_str().unwrap());
        }
    }
}

#[wasm_bindgen_test]
fn real_2026_nist_pulses_verify_under_the_pinned_2025_certificate() {
    for (pulse_json, index) in [
        (include_str!("../../vectors/beacons/nist-chain2-pulse1918805.json"), 1918805),
        (include_str!("../../vectors/beacons/nist-chain2-pulse1921300.json"), 1921300),
    ] {
        let pulse = parse_nist_json(pulse_json).unwrap();
        let ok = verify_nist(&pulse).unwrap();
        assert_eq!((ok.chain_index, ok.pulse_index), (2, index));
        assert_eq!(to_hex(&ok.output_value).to_uppercase(), pulse.output_value);
        assert_eq!(ok.certificate_not_after, "2026-09-04T23:59:59Z");
    }
}

#[wasm_bindgen_test]
fn v2_json_and_the_wrong_chain() {
    let r = parse_drand_json(r#"{"round":1000,"signature":"b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"}"#).unwrap();
    let ok = verify_drand(&QUICKNET, 1000, &r).unwrap();
    assert_eq!(to_hex(&ok.randomness), "fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd");
    assert_eq!(verify_drand(&DEFAULT, 1000, &r).unwrap_err().kind(), BeaconErrorKind::WrongChain);
}

#[wasm_bindgen_test]
fn round_and_time_agree_with_native() {
    let at = parse_rfc3339("2026-12-01T09:00:00+08:00").unwrap();
    assert_eq!(at, 1_796_086_800);
    assert_eq!(QUICKNET.round_at_or_after(at), 34_427_812);
    assert_eq!(QUICKNET.round_at_or_after(at + 1), 34_427_813);
    assert_eq!(DEFAULT.round_at_or_after(at), 6_688_526);
    assert_eq!(format_china(QUICKNET.round_time(1000)), "2023-08-23T23:59:24+08:00");
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

/// Figures for `cargo xtask bench`, which runs tests named bench_… by name; the normal
/// test run skips them. Timing is reported, never asserted. Each verification is timed on
/// its own: the median is the figure, the fastest shows the cost without interference
/// from other work on a shared machine.
#[wasm_bindgen_test]
fn bench_drand_verification() {
    let cases = [
        ("quicknet", &QUICKNET, find_round("quicknet round 1000")),
        ("default", &DEFAULT, find_round("mainnet round 72785")),
    ];
    for (name, chain, round) in cases {
        assert!(verify_drand(chain, round.round, &round).is_ok());
        let repetitions = 31;
        let mut times: Vec<f64> = (0..repetitions)
            .map(|_| {
                let start = now_ms();
                assert!(verify_drand(chain, round.round, &round).is_ok());
                now_ms() - start
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let (median, fastest) = (times[repetitions / 2], times[0]);
        web_sys::console::log_1(
            &format!(
                "BENCH drand_verify_{name} ms_per_verification={median:.1} fastest_ms={fastest:.1} repetitions={repetitions}"
            )
            .into(),
        );
    }
}
