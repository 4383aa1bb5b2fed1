//! `cargo xtask bench cli`: what a user of the command line waits for. Each
//! command runs as a whole process from files on disk, timed with its peak memory,
//! beside its floor measured in the same run: `sha256sum` of the same file (reading
//! and hashing it once, the least any command that commits to it must do), and for
//! verification also a peer's bare selection over the same IDs (Arlo's
//! `consistent_sampler`, from PyPI, in a virtual environment under `.tools/`).
//!
//! Sizes come from `FAIRDRAW_BENCH_FIRMS` (comma-separated; 100000,1000000,5000000
//! unless set: a province's five million firms take a few minutes and about 6 GB of
//! disk under target/bench-cli).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{self, err, Result};

/// The peer's version, pinned so that figures compare over time.
const PEER: &str = "consistent-sampler==1.0.10";

/// One timed process: wall seconds and peak resident memory (MiB).
#[derive(Debug, Clone, Copy)]
struct Measured {
    seconds: f64,
    peak_mib: f64,
}

pub fn run(figures: &mut Vec<String>) -> Result<()> {
    let sizes = sizes()?;
    let bin = release_binary()?;
    let peer = peer_python()?;
    let mut by_size: Vec<(u64, Vec<(&'static str, Measured)>)> = Vec::new();
    for &firms in &sizes {
        let dir = util::target_dir().join("bench-cli").join(firms.to_string());
        let steps = one_size(&bin, &peer, &dir, firms, figures)?;
        by_size.push((firms, steps));
    }
    growth(&by_size, figures);
    Ok(())
}

fn sizes() -> Result<Vec<u64>> {
    let text = std::env::var("FAIRDRAW_BENCH_FIRMS").unwrap_or_else(|_| "100000,1000000,5000000".into());
    text.split(',')
        .map(|s| s.trim().parse::<u64>().map_err(|_| util::Error(format!("FAIRDRAW_BENCH_FIRMS: “{s}” is not a number of firms"))))
        .collect()
}

/// The command line, built as it ships.
pub fn release_binary() -> Result<PathBuf> {
    util::run(util::cargo().args(["build", "--release", "--features", "xlsx", "--bin", "fairdraw"]))?;
    Ok(util::target_dir().join("release").join("fairdraw"))
}

/// A draw of `firms` firms made in `dir` (demo data, a rehearsal on the recorded
/// quicknet round 1000): the path of its public document.
pub fn public_document(bin: &Path, dir: &Path, firms: u64) -> Result<PathBuf> {
    for (_, cmd, _) in draw_steps(bin, dir, firms)?.iter_mut().take(3) {
        run_quiet(cmd)?;
    }
    Ok(dir.join("public.json"))
}

/// Prepares `dir` (demo files once, the round, no commitment yet) and returns the
/// steps of a draw from its files: each step's name, command, and the file it
/// reads first (its floor's input).
fn draw_steps(bin: &Path, dir: &Path, firms: u64) -> Result<Vec<(&'static str, Command, PathBuf)>> {
    let at = |name: &str| dir.join(name);
    if !at("enterprises.csv").is_file() {
        let inspectors = (firms / 500).max(100).to_string();
        run_quiet(Command::new(bin).args(["demo", "--enterprises", &firms.to_string(), "--inspectors", &inspectors, "--out"]).arg(dir))?;
    }
    let round = at("round-1000.json");
    std::fs::copy(util::root().join("tests/fixtures/ceremony/round-1000.json"), &round)
        .map_err(|e| util::Error(format!("copying the recorded round: {e}")))?;
    let commit_dir = at("commit");
    if commit_dir.exists() {
        std::fs::remove_dir_all(&commit_dir).map_err(|e| util::Error(format!("removing {}: {e}", commit_dir.display())))?;
    }
    let (auditor, public) = (at("auditor.json"), at("public.json"));

    let mut commit = Command::new(bin);
    commit.arg("commit");
    for (flag, file) in [("--plan", "plan.json"), ("--enterprises", "enterprises.csv"), ("--inspectors", "inspectors.csv"), ("--items", "checklist.csv"), ("--history", "history.csv")] {
        commit.arg(flag).arg(at(file));
    }
    commit.args(["--beacon", "quicknet:1000", "--rehearsal", "--out"]).arg(&commit_dir);
    let mut draw = Command::new(bin);
    draw.arg("draw").arg(&commit_dir).arg("--beacon-file").arg(&round).arg("--out").arg(&auditor);
    let mut public_cmd = Command::new(bin);
    public_cmd.arg("public").arg(&auditor).arg("--out").arg(&public);
    let mut verify_auditor = Command::new(bin);
    verify_auditor.arg("verify").arg(&auditor);
    let mut verify_public = Command::new(bin);
    verify_public.arg("verify").arg(&public);
    Ok(vec![
        ("commit", commit, at("enterprises.csv")),
        ("draw", draw, commit_dir.join("inputs.json")),
        ("public", public_cmd, auditor.clone()),
        ("verify_auditor", verify_auditor, auditor),
        ("verify_public", verify_public, public),
    ])
}

/// demo → commit → draw → public → verify (both documents), each beside its floor.
fn one_size(bin: &Path, peer: &Path, dir: &Path, firms: u64, figures: &mut Vec<String>) -> Result<Vec<(&'static str, Measured)>> {
    let mut measured = Vec::new();
    for (step, mut cmd, floor_file) in draw_steps(bin, dir, firms)? {
        let m = timed(&mut cmd)?;
        // The floor's file exists only once the step before has written it.
        let floor = timed(Command::new("sha256sum").arg(&floor_file))?;
        let name = floor_file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        figures.push(format!(
            "cli: BENCH firms={firms} step={step} seconds={:.2} peak_mib={:.0} floor=sha256sum({name}) floor_seconds={:.2} ratio={:.2}",
            m.seconds,
            m.peak_mib,
            floor.seconds,
            m.seconds / floor.seconds.max(0.01)
        ));
        measured.push((step, m));
    }
    let take = (firms * 3).div_ceil(100);
    let selection = timed(Command::new(peer).arg("-c").arg(PEER_SCRIPT).arg(dir.join("enterprises.csv")).arg(take.to_string()))?;
    let verify = measured.iter().find(|(s, _)| *s == "verify_public").map_or(f64::NAN, |(_, m)| m.seconds);
    figures.push(format!(
        "cli: BENCH firms={firms} peer=consistent_sampler take={take} seconds={:.2} peak_mib={:.0} fairdraw_verify_public_seconds={verify:.2} peer_over_fairdraw={:.2}",
        selection.seconds,
        selection.peak_mib,
        selection.seconds / verify.max(0.01)
    ));
    Ok(measured)
}

/// The peer's bare selection: every ID of the directory (its first column), the
/// sample of `take` in ticket order, nothing else (no strata, teams or beacon).
const PEER_SCRIPT: &str = r#"
import csv, sys
from consistent_sampler import sampler
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = csv.reader(f)
    next(rows)
    ids = [r[0] for r in rows if r]
picked = list(sampler(ids, seed="fairdraw bench", take=int(sys.argv[2]), output="id"))
print(len(picked))
"#;

/// Per step, how time and memory grew from each size to the next, against the
/// growth of the directory: 1.0 is linear.
fn growth(by_size: &[(u64, Vec<(&'static str, Measured)>)], figures: &mut Vec<String>) {
    for pair in by_size.windows(2) {
        let [(base, base_steps), (firms, steps)] = pair else { continue };
        let scale = *firms as f64 / *base as f64;
        for ((step, m), (_, b)) in steps.iter().zip(base_steps) {
            figures.push(format!(
                "cli: BENCH growth step={step} firms={base}->{firms} time_per_firm_ratio={:.2} memory_per_firm_ratio={:.2}",
                m.seconds / b.seconds.max(0.001) / scale,
                m.peak_mib / b.peak_mib.max(0.001) / scale
            ));
        }
    }
}

/// Runs `cmd` under `/usr/bin/time`, which reports the wall time and the peak
/// resident memory of the whole process; its output is discarded.
fn timed(cmd: &mut Command) -> Result<Measured> {
    let report = util::target_dir().join("bench-cli").join("time.txt");
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped.args(["-f", "%e %M", "-o"]).arg(&report).arg(cmd.get_program()).args(cmd.get_args());
    run_quiet(&mut wrapped)?;
    let text = std::fs::read_to_string(&report).map_err(|e| util::Error(format!("reading {}: {e}", report.display())))?;
    let mut words = text.split_whitespace();
    let parse = |w: Option<&str>| w.and_then(|w| w.parse::<f64>().ok());
    match (parse(words.next()), parse(words.next())) {
        (Some(seconds), Some(kib)) => Ok(Measured { seconds, peak_mib: kib / 1024.0 }),
        _ => err(format!("/usr/bin/time wrote “{}” for {}", text.trim(), util::describe(cmd))),
    }
}

fn run_quiet(cmd: &mut Command) -> Result<()> {
    let out = cmd.output().map_err(|e| util::Error(format!("{} could not start: {e} (is /usr/bin/time installed? apt-get install time)", util::describe(cmd))))?;
    if out.status.success() {
        Ok(())
    } else {
        err(format!("{} failed ({}): {}", util::describe(cmd), util::status_text(out.status), String::from_utf8_lossy(&out.stderr)))
    }
}

/// Python with the peer installed, in `.tools/bench-venv`.
fn peer_python() -> Result<PathBuf> {
    let venv = crate::tools::tools_dir().join("bench-venv");
    let python = venv.join("bin").join("python");
    let installed = venv.join(format!("{PEER}.installed"));
    if !installed.is_file() {
        run_quiet(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run_quiet(Command::new(&python).args(["-m", "pip", "install", "--quiet", PEER]))?;
        std::fs::write(&installed, "").map_err(|e| util::Error(format!("writing {}: {e}", installed.display())))?;
    }
    Ok(python)
}
