//! `fairdraw-bench`: the engine's figures at full scale (run by `cargo xtask bench`):
//! 1,000,000 enterprises in 40 strata, 2,000 inspectors, two tasks drawing about
//! 30,000 firms in teams of two. Prints `BENCH name=value` lines.

use std::time::Instant;

use fairdraw::beacon;
use fairdraw::protocol::{self, CommitOptions};


/// Peak resident memory of this process so far (Linux `VmHWM`), in MiB.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

fn seconds(start: Instant) -> String {
    format!("{:.3}", start.elapsed().as_secs_f64())
}

fn main() {
    let t = Instant::now();
    let inputs = fairdraw::demo::bench_inputs().into_inputs(&"0f".repeat(16));
    println!("BENCH generate_inputs_seconds={}", seconds(t));
    println!("BENCH enterprises={} inspectors={}", inputs.directories.enterprises.len(), inputs.directories.inspectors.len());

    let chain = beacon::chain_by_name("quicknet").expect("pinned chain");
    let opts = CommitOptions {
        sequence: 1,
        previous: String::new(),
        committed_at: chain.round_time(1000) - 3600,
        rehearsal: false,
        chain,
        round: 1000,
    };
    let t = Instant::now();
    let (commitment, report) = match protocol::commit(&inputs, &opts) {
        Ok(ok) => ok,
        Err(p) => {
            eprintln!("the benchmark plan is infeasible:\n{p}");
            std::process::exit(1);
        }
    };
    println!("BENCH commit_seconds={}", seconds(t));
    let strata: usize = report.tasks.iter().map(|t| t.strata.len()).sum();
    let drawn: u64 = report.tasks.iter().map(|t| t.count()).sum();
    println!("BENCH strata={strata} firms_drawn={drawn}");

    // The phases that both drawing and verifying go through, one at a time.
    let t = Instant::now();
    let _ = protocol::section_hashes(&inputs);
    println!("BENCH phase_section_hashes_seconds={}", seconds(t));
    let t = Instant::now();
    let report = fairdraw::plan::evaluate(&inputs.plan, &inputs.directories);
    println!("BENCH phase_plan_evaluation_seconds={}", seconds(t));
    let t = Instant::now();
    let seed = fairdraw::hashing::sha256(b"phase timing seed");
    let _ = fairdraw::draw::draw(&inputs.plan, &inputs.directories, &report, &seed);
    println!("BENCH phase_draw_only_seconds={}", seconds(t));
    drop(report);

    let t = Instant::now();
    let bundle = match protocol::draw_bundle(inputs, commitment, fairdraw::demo::quicknet_round_1000()) {
        Ok(b) => b,
        Err(p) => {
            eprintln!("the draw failed:\n{p}");
            std::process::exit(1);
        }
    };
    println!("BENCH draw_seconds={} (beacon check, commitment check, plan, tickets, teams, items)", seconds(t));

    let t = Instant::now();
    let report = fairdraw::verify::verify(&bundle);
    println!("BENCH verify_seconds={} verdict={}", seconds(t), report.verdict);

    let t = Instant::now();
    let text = serde_json::to_string(&bundle).expect("bundles serialise");
    println!("BENCH bundle_bytes={} serialise_seconds={}", text.len(), seconds(t));
    drop(bundle);
    let t = Instant::now();
    let report = fairdraw::verify::verify_json(&text);
    println!("BENCH verify_from_json_seconds={} verdict={} (parse included)", seconds(t), report.verdict);
    match peak_rss_mib() {
        Some(mib) => println!("BENCH peak_memory_mib={mib}"),
        None => println!("BENCH peak_memory_mib=unknown"),
    }
    if report.verdict != fairdraw::verify::Verdict::Valid {
        std::process::exit(1);
    }
    let bundle_bytes = text.len();
    drop(text);
    format2(bundle_bytes);
}

/// The same draw in format 2: the three documents' sizes, the public document's
/// size as a share of format 1's bundle, and the time to verify each from its text.
fn format2(bundle_bytes: usize) {
    let inputs = fairdraw::demo::bench_inputs().into_inputs2(&"0f".repeat(16), &"5e".repeat(32));
    let chain = beacon::chain_by_name("quicknet").expect("pinned chain");
    let opts =
        CommitOptions { sequence: 1, previous: String::new(), committed_at: chain.round_time(1000) - 3600, rehearsal: false, chain, round: 1000 };
    let t = Instant::now();
    let Ok((commitment, _)) = protocol::commit(&inputs, &opts) else {
        eprintln!("the benchmark plan is infeasible in format 2");
        std::process::exit(1);
    };
    println!("BENCH format2_commit_seconds={}", seconds(t));
    let t = Instant::now();
    let evidence = protocol::BeaconEvidence { drand: fairdraw::demo::quicknet_round_1000(), nist_pulse: None };
    let auditor = match fairdraw::v2::draw_auditor(inputs, commitment, evidence) {
        Ok(a) => a,
        Err(p) => {
            eprintln!("the format 2 draw failed:\n{p}");
            std::process::exit(1);
        }
    };
    println!("BENCH format2_draw_seconds={}", seconds(t));
    let t = Instant::now();
    let public = fairdraw::v2::public_document(&auditor).expect("a verified draw has its public document");
    println!("BENCH format2_public_document_seconds={}", seconds(t));
    let sealed = fairdraw::v2::sealed_document(&public, None, &[0x5a; 48]).expect("the plan has a last window");
    let auditor_text = serde_json::to_string(&auditor).expect("documents serialise");
    drop(auditor);
    let public_text = serde_json::to_string(&public).expect("documents serialise");
    drop(public);
    let sealed_text = serde_json::to_string(&sealed).expect("documents serialise");
    drop(sealed);
    println!(
        "BENCH format2_auditor_bytes={} format2_public_bytes={} format2_sealed_bytes={} public_to_format1_bundle_ratio={:.3} (budget 0.333)",
        auditor_text.len(),
        public_text.len(),
        sealed_text.len(),
        public_text.len() as f64 / bundle_bytes as f64
    );
    for (name, text) in [("auditor", &auditor_text), ("public", &public_text), ("sealed", &sealed_text)] {
        let t = Instant::now();
        let report = fairdraw::verify::verify_json(text);
        println!("BENCH format2_verify_{name}_seconds={} verdict={}", seconds(t), report.verdict);
        if report.verdict == fairdraw::verify::Verdict::Invalid {
            std::process::exit(1);
        }
    }
}
