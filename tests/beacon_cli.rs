//! `fairdraw beacon …` as a person runs it: exit codes and what is printed.

use std::path::PathBuf;
use std::process::Command;

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn fairdraw(args: &[&str]) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_fairdraw")).arg("beacon").args(args).output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn file_with(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("fairdraw-beacon-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

const QUICKNET_1000_V2: &str = r#"{"round":1000,"signature":"b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"}"#;
const QUICKNET_1000_BAD_RANDOMNESS: &str = r#"{"round":1000,"randomness":"aa290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd","signature":"b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"}"#;

fn nist_pulse(index: usize) -> String {
    let file: serde_json::Value = serde_json::from_str(include_str!("vectors/beacons/nist-pulses.json")).unwrap();
    serde_json::json!({ "pulse": file["vectors"][index]["pulse"] }).to_string()
}

#[test]
fn a_valid_v2_quicknet_round_passes_and_shows_its_randomness() {
    let f = file_with("q1000.json", QUICKNET_1000_V2);
    let o = fairdraw(&["verify", "--chain", "quicknet", &f]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd"), "{}", o.stdout);
    assert!(o.stdout.contains("2023-08-23T23:59:24+08:00") && o.stdout.contains("2023-08-23T15:59:24Z"), "{}", o.stdout);
    let o = fairdraw(&["verify", "--chain=quicknet", "--round", "1000", &f]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn invalid_rounds_exit_1_with_the_reason_in_both_languages() {
    let f = file_with("q1000b.json", QUICKNET_1000_V2);
    let o = fairdraw(&["verify", "--chain", "default", &f]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("签名与 default 链不符") && o.stderr.contains("does not match the default chain"), "{}", o.stderr);

    let o = fairdraw(&["verify", "--chain", "quicknet", "--round", "999", &f]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("wrong round"), "{}", o.stderr);

    let bad = file_with("q1000-bad.json", QUICKNET_1000_BAD_RANDOMNESS);
    let o = fairdraw(&["verify", "--chain", "quicknet", &bad]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("随机数与签名不符") && o.stderr.contains("randomness does not match"), "{}", o.stderr);
}

#[test]
fn nist_pulses_are_checked() {
    let good = file_with("nist-good.json", &nist_pulse(0));
    let o = fairdraw(&["verify", "--nist", &good]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("CN=engine.beacon.nist.gov") && o.stdout.contains("CN=DigiCert Global CA G2"), "{}", o.stdout);
    assert!(o.stdout.to_uppercase().contains("274E031530B2C773"), "{}", o.stdout);
    let bad = file_with("nist-bad.json", &nist_pulse(1));
    let o = fairdraw(&["verify", "--nist", &bad]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("NIST 签名验证失败") && o.stderr.contains("NIST signature does not verify"), "{}", o.stderr);
}

#[test]
fn a_2026_nist_pulse_passes_and_shows_its_certificate() {
    let pulse = include_str!("vectors/beacons/nist-chain2-pulse1921300.json");
    let good = file_with("nist-2026.json", pulse);
    let o = fairdraw(&["verify", "--nist", &good]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("chain 2 pulse 1921300"), "{}", o.stdout);
    assert!(o.stdout.to_uppercase().contains("EBC85C439A72062C"), "{}", o.stdout);
    assert!(o.stdout.contains("CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1"), "{}", o.stdout);
    assert!(o.stdout.contains("2025-08-28T00:00:00Z – 2026-09-04T23:59:59Z"), "{}", o.stdout);

    let unknown_id = "ab".repeat(64);
    let unknown = file_with("nist-unknown-cert.json", &pulse.replace("528943a555f5f8ca54423be6dfb95925a35c7b552046420e7d7cd072058a14d6536ad3a8e9754b6582f164a90b0cd86a65d659f5426a2659a947595d1c816c8c", &unknown_id));
    let o = fairdraw(&["verify", "--nist", &unknown]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stderr.contains("未知的 NIST 证书") && o.stderr.contains("unknown NIST certificate"), "{}", o.stderr);
    assert!(o.stderr.contains(&format!("https://beacon.nist.gov/beacon/2.0/certificate/{unknown_id}")), "{}", o.stderr);
}

#[test]
fn unreadable_input_and_bad_usage_exit_2() {
    let junk = file_with("junk.json", "<html>404</html>");
    let missing = std::env::temp_dir().join("fairdraw-no-such-file.json").to_string_lossy().into_owned();
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["verify", "--chain", "quicknet", &missing],
        vec!["verify", "--chain", "quicknet", &junk],
        vec!["verify", "--nist", &junk],
        vec!["verify", "--chain", "fastnet", &junk],
        vec!["verify", "--chain", "quicknet"],
        vec!["verify", &junk],
        vec!["round", "--chain", "quicknet"],
        vec!["round", "--chain", "quicknet", "--at", "2026-12-01 9点"],
        vec!["time", "--chain", "quicknet", "0"],
        vec!["time", "--chain", "quicknet", "abc"],
        vec!["time", "--chain", "quicknet"],
        vec!["frobnicate"],
    ];
    for args in cases {
        let o = fairdraw(&args);
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(!o.stderr.is_empty() && !o.stderr.contains("panicked"), "{args:?}: {}", o.stderr);
    }
}

#[test]
fn round_finds_the_first_round_at_or_after_a_time() {
    // 2026-12-01T01:00:00Z = 1796086800 = quicknet genesis + 34427811 × 3 exactly
    let o = fairdraw(&["round", "--chain", "quicknet", "--at", "2026-12-01T09:00:00+08:00"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("round 34427812"), "{}", o.stdout);
    assert!(o.stdout.contains("emitted: 2026-12-01T09:00:00+08:00 = 2026-12-01T01:00:00Z"), "{}", o.stdout);
    let o = fairdraw(&["round", "--chain", "quicknet", "--at", "2026-12-01T01:00:01Z"]);
    assert!(o.stdout.contains("round 34427813") && o.stdout.contains("2026-12-01T01:00:03Z"), "{}", o.stdout);
    let o = fairdraw(&["round", "--chain", "default", "--at", "2026-12-01T09:00:00+08:00"]);
    assert!(o.stdout.contains("round 6688526"), "{}", o.stdout);
}

#[test]
fn time_tells_when_a_round_is_emitted() {
    let o = fairdraw(&["time", "--chain", "quicknet", "1000"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("2023-08-23T23:59:24+08:00 = 2023-08-23T15:59:24Z"), "{}", o.stdout);
    assert!(o.stdout.contains("already emitted"), "{}", o.stdout);
    let o = fairdraw(&["time", "--chain", "default", "1"]);
    assert!(o.stdout.contains("2020-07-22T23:17:30+08:00 = 2020-07-22T15:17:30Z"), "{}", o.stdout);
    let o = fairdraw(&["time", "--chain", "quicknet", "83903165811"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("9999-12-31") && o.stdout.contains("not yet emitted"), "{}", o.stdout);
    // One round later is in the year 10000, which no TIME can name (SPEC §3.5).
    let o = fairdraw(&["time", "--chain", "quicknet", "83903165812"]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(o.stderr.contains("out of range"), "{}", o.stderr);
}
