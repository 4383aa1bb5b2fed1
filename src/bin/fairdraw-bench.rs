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
}
