//! `cargo xtask fuzz [--seconds N] [--keep-going] [TARGET…]`: builds the cargo-fuzz
//! targets in `fuzz/` with nightly Rust and runs each for N seconds, then prints one
//! line per target with its executions and crashes, and a total.
//!
//! Everything it writes lives under `<target dir>/fuzz/`: the build, the seed
//! corpora (regenerated from `tests/vectors/` and `tests/fixtures/` on every run),
//! the corpus each target grows (kept, so later runs start where earlier ones
//! stopped), the crashing inputs (`artifacts/<target>/`) and one log per target.

use crate::tools;
use crate::util::{self, err, probe, root, Context, Result, Waited};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DEFAULT_SECONDS: u64 = 60;
/// One input running this long is a finding (a hang someone could feed the site).
const INPUT_TIMEOUT_SECONDS: u64 = 20;
/// libFuzzer's name prefixes for saved findings.
const FINDING_PREFIXES: [&str; 4] = ["crash-", "oom-", "timeout-", "leak-"];

/// How one target's run went.
pub struct Outcome {
    pub target: String,
    pub executions: u64,
    /// The inputs libFuzzer saved during this run.
    pub findings: Vec<PathBuf>,
    /// Why the run did not complete normally, if it did not.
    pub problem: Option<String>,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.findings.is_empty() && self.problem.is_none()
    }
}

pub struct Options {
    pub seconds: u64,
    /// libFuzzer's fork mode: go on after a crash and collect every one (campaigns).
    pub keep_going: bool,
}

pub fn cmd(args: &[String]) -> Result<()> {
    let usage = "usage: cargo xtask fuzz [--seconds N] [--keep-going] [TARGET…]";
    let known = targets()?;
    let mut options = Options { seconds: DEFAULT_SECONDS, keep_going: false };
    let mut chosen = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => {
                let n = it.next().and_then(|n| n.parse::<u64>().ok()).filter(|&n| n > 0);
                options.seconds = n.ok_or_else(|| util::Error(format!("--seconds needs a positive whole number\n{usage}")))?;
            }
            "--keep-going" => options.keep_going = true,
            name if known.iter().any(|k| k == name) => chosen.push(name.to_string()),
            other => return err(format!("unknown argument `{other}` (targets: {})\n{usage}", known.join(", "))),
        }
    }
    if chosen.is_empty() {
        chosen = known;
    }
    let started = Instant::now();
    let binaries = build()?;
    let outcomes = run_targets(&binaries, &chosen, &options);
    print_summary(&outcomes);
    println!("time: {}", util::mins(started.elapsed()));
    if outcomes.iter().all(Outcome::ok) {
        Ok(())
    } else {
        err("fuzzing found crashes or could not run every target (see above)")
    }
}

/// The targets, from `fuzz/fuzz_targets/*.rs`, sorted.
pub fn targets() -> Result<Vec<String>> {
    let dir = root().join("fuzz/fuzz_targets");
    let listing = std::fs::read_dir(&dir).ctx(|| format!("reading {}", dir.display()))?;
    let mut names: Vec<String> = listing
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".rs")).map(String::from))
        .collect();
    names.sort();
    Ok(names)
}

/// Where the fuzz build and its data live: apart from the normal build, since the
/// instrumented flags would otherwise make cargo rebuild everything in turn.
pub fn fuzz_dir() -> PathBuf {
    util::target_dir().join("fuzz")
}

fn host_triple() -> Result<String> {
    let info = probe(Command::new("rustc").arg("-vV")).ok_or_else(|| util::Error("`rustc -vV` failed".into()))?;
    info.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(|h| h.trim().to_string())
        .ok_or_else(|| util::Error("`rustc -vV` does not name the host".into()))
}

/// Installs what is missing, writes the seed corpora and builds every target.
/// Returns the folder holding the target binaries.
pub fn build() -> Result<PathBuf> {
    println!("== Checking fuzzing tools");
    tools::nightly_toolchain()?;
    let cargo_fuzz = tools::cargo_fuzz()?;
    write_seeds(&fuzz_dir().join("seeds"))?;
    let host = host_triple()?;
    println!("\n== Building the fuzz targets (nightly, release, no sanitizer)");
    let started = Instant::now();
    let mut c = tools::nightly(&cargo_fuzz);
    // Safe Rust needs no AddressSanitizer; without it the build and the runs are
    // much faster. fuzz/Cargo.toml switches overflow checks on for fairdraw's crates.
    c.args(["fuzz", "build", "--release", "--sanitizer", "none", "--target"])
        .arg(&host)
        .arg("--target-dir")
        .arg(fuzz_dir());
    match util::run_with_timeout(&mut c, Duration::from_secs(60 * 60))? {
        Waited::Finished(s) if s.success() => {}
        Waited::Finished(s) => return err(format!("building the fuzz targets failed ({})", util::status_text(s))),
        Waited::TimedOut => return err("building the fuzz targets took over an hour"),
    }
    println!("fuzz targets built in {}", util::mins(started.elapsed()));
    Ok(fuzz_dir().join(host).join("release"))
}

fn findings_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(listing) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<PathBuf> = listing
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_str().is_some_and(|n| FINDING_PREFIXES.iter().any(|p| n.starts_with(p))))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Runs every target for `options.seconds`, as many at once as there are cores (each
/// libFuzzer process uses one), and returns their outcomes in the order given.
pub fn run_targets(binaries: &Path, targets: &[String], options: &Options) -> Vec<Outcome> {
    let lanes = std::thread::available_parallelism().map_or(1, |n| n.get()).min(targets.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let lane = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(target) = targets.get(i) else { return done };
                done.push((i, run_target(binaries, target, options)));
            }
        };
        let running: Vec<_> = (0..lanes).map(|_| scope.spawn(lane)).collect();
        running.into_iter().flat_map(|r| r.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    outcomes.sort_by_key(|(i, _)| *i);
    outcomes.into_iter().map(|(_, o)| o).collect()
}

/// Runs one target binary for `options.seconds`, its output kept in a log.
fn run_target(binaries: &Path, target: &str, options: &Options) -> Outcome {
    let mut outcome = Outcome { target: target.to_string(), executions: 0, findings: Vec::new(), problem: None };
    let dir = fuzz_dir();
    let (corpus, seeds, artifacts, logs) =
        (dir.join("corpus").join(target), dir.join("seeds").join(target), dir.join("artifacts").join(target), dir.join("logs"));
    for d in [&corpus, &seeds, &artifacts, &logs] {
        if let Err(e) = std::fs::create_dir_all(d) {
            outcome.problem = Some(format!("creating {}: {e}", d.display()));
            return outcome;
        }
    }
    let log_path = logs.join(format!("{target}.log"));
    let before = findings_in(&artifacts);
    let mut c = Command::new(binaries.join(target));
    c.arg(&corpus)
        .arg(&seeds)
        .arg(format!("-max_total_time={}", options.seconds))
        .arg(format!("-timeout={INPUT_TIMEOUT_SECONDS}"))
        .arg("-rss_limit_mb=2048")
        .arg("-print_final_stats=1")
        // libFuzzer pastes the prefix and the file name together.
        .arg(format!("-artifact_prefix={}/", artifacts.display()));
    if options.keep_going {
        c.args(["-fork=1", "-ignore_crashes=1", "-ignore_ooms=1", "-ignore_timeouts=1"]);
    }
    println!("fuzzing {target} for {} s (log: {})", options.seconds, log_path.display());
    let waited = std::fs::File::create(&log_path)
        .and_then(|log| Ok((log.try_clone()?, log)))
        .map_err(|e| util::Error(format!("creating {}: {e}", log_path.display())))
        .and_then(|(out, errs)| {
            c.stdout(Stdio::from(out)).stderr(Stdio::from(errs));
            util::run_with_timeout(&mut c, Duration::from_secs(options.seconds + 5 * 60))
        });
    let log = std::fs::read(&log_path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    outcome.executions = executions(&log);
    outcome.findings = findings_in(&artifacts).into_iter().filter(|f| !before.contains(f)).collect();
    outcome.problem = match waited {
        Err(e) => Some(e.0),
        Ok(Waited::TimedOut) => Some(format!("did not stop after {} s; see {}", options.seconds, log_path.display())),
        Ok(Waited::Finished(s)) if !s.success() && outcome.findings.is_empty() => {
            Some(format!("exited with {} without saving an input; see {}", util::status_text(s), log_path.display()))
        }
        Ok(Waited::Finished(_)) => None,
    };
    outcome
}

/// The executions libFuzzer reports: its status lines start with `#N` (cumulative,
/// in fork mode too), and the final statistics name the count.
fn executions(log: &str) -> u64 {
    log.lines()
        .filter_map(|l| {
            let digits = l.strip_prefix('#').or_else(|| l.strip_prefix("stat::number_of_executed_units:"))?.trim_start();
            let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
            digits[..end].parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0)
}

pub fn print_summary(outcomes: &[Outcome]) {
    println!();
    for o in outcomes {
        println!("{}: {} executions, {} crashes", o.target, o.executions, o.findings.len());
        for f in &o.findings {
            println!("    crashing input: {}", f.display());
        }
        if let Some(p) = &o.problem {
            println!("    did not complete normally: {p}");
        }
    }
    let executions: u64 = outcomes.iter().map(|o| o.executions).sum();
    let crashes: usize = outcomes.iter().map(|o| o.findings.len()).sum();
    println!("{executions} executions, {crashes} crashes in {} targets", outcomes.len());
    if crashes > 0 {
        println!(
            "Keep each crashing input as tests/vectors/fuzz/<target>-<short>.bin and add it to \
             tests/fuzz_regressions.rs; `cargo test --test fuzz_regressions` then shows the panic."
        );
    }
}

/// Starting inputs for each target, from the test vectors and fixtures and from
/// the engine itself (templates, small demo directories and a small draw). Written
/// afresh each run; the corpora the targets grow are kept separately.
pub fn write_seeds(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).ctx(|| format!("clearing {}", dir.display()))?;
    }
    let mut seeds = Seeds { dir: dir.to_path_buf(), count: 0 };
    seeds::vectors_and_fixtures(&mut seeds)?;
    seeds::generated(&mut seeds)?;
    println!("wrote {} seed inputs under {}", seeds.count, dir.display());
    Ok(())
}

pub struct Seeds {
    dir: PathBuf,
    count: usize,
}

impl Seeds {
    fn put(&mut self, target: &str, name: &str, bytes: impl AsRef<[u8]>) -> Result<()> {
        let d = self.dir.join(target);
        std::fs::create_dir_all(&d).ctx(|| format!("creating {}", d.display()))?;
        std::fs::write(d.join(name), bytes).ctx(|| format!("writing seed {target}/{name}"))?;
        self.count += 1;
        Ok(())
    }
}

mod seeds {
    use super::Seeds;
    use crate::util::{root, Context, Result};
    use fairdraw::import::{self, FileKind};
    use fairdraw::protocol::{self, Bundle, CommitOptions};
    use serde_json::Value;

    fn read(rel: &str) -> Result<Vec<u8>> {
        let p = root().join(rel);
        std::fs::read(&p).ctx(|| format!("reading {}", p.display()))
    }

    fn files_in(rel: &str, suffix: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let dir = root().join(rel);
        let mut out = Vec::new();
        for name in crate::util::list_files(&dir)? {
            if name.ends_with(suffix) && !name.contains('/') {
                out.push((name.clone(), read(&format!("{rel}/{name}"))?));
            }
        }
        Ok(out)
    }

    fn json(bytes: &[u8]) -> Option<Value> {
        serde_json::from_slice(bytes).ok()
    }

    /// A published folder's files joined as the publication target reads them.
    fn folder(files: &[&str]) -> Vec<u8> {
        files.join("\0").into_bytes()
    }

    /// Files as they are, and the parts of bundles each target reads on its own.
    pub fn vectors_and_fixtures(s: &mut Seeds) -> Result<()> {
        for (name, bytes) in files_in("tests/fixtures/import", ".csv")? {
            s.put("csv_import", &name, &bytes)?;
        }
        for (name, bytes) in files_in("tests/fixtures/import", ".xlsx")? {
            s.put("xlsx_import", &name, &bytes)?;
        }
        for (name, bytes) in files_in("tests/fixtures/ceremony", ".json")? {
            let target = match name.as_str() {
                "inputs.json" => "inputs_json",
                "commitment.json" => "commitment_json",
                _ => "drand_json",
            };
            s.put(target, &name, &bytes)?;
            if name == "inputs.json" {
                if let Some(plan) = json(&bytes).and_then(|v| v.get("plan").cloned()) {
                    s.put("plan_json", "ceremony-plan.json", plan.to_string())?;
                }
            }
            if name == "commitment.json" {
                s.put("publication_index", "ceremony-commitment", &bytes)?;
            }
        }
        for (name, bytes) in files_in("tests/vectors/beacons", ".json")? {
            if name.starts_with("nist-chain") {
                s.put("nist_json", &name, &bytes)?;
            }
            if name == "drand-rounds.json" {
                let vectors = json(&bytes).and_then(|v| v.get("vectors").and_then(Value::as_array).cloned()).unwrap_or_default();
                for (i, v) in vectors.iter().enumerate() {
                    let fields = ["round", "randomness", "signature", "previous_signature"];
                    let round: serde_json::Map<String, Value> =
                        fields.iter().filter_map(|&k| v.get(k).map(|x| (k.to_string(), x.clone()))).collect();
                    s.put("drand_json", &format!("drand-vector-{i}.json"), Value::Object(round).to_string())?;
                }
            }
        }
        // DER to start from: the pinned roots of time-stamping authorities.
        for (name, bytes) in files_in("format/src/witness_roots", ".der")? {
            s.put("witness_der", &name, &bytes)?;
        }
        // Timelock envelopes: drand tle's, and the sealed vector's own, armored and bare.
        for (name, bytes) in files_in("tests/vectors/timelock", ".age")? {
            s.put("timelock_age", &name, &bytes)?;
        }
        for (name, bytes) in files_in("tests/vectors/spec", ".json")? {
            if let Some(armored) = json(&bytes).and_then(|v| v.pointer("/timelock/ciphertext").and_then(Value::as_str).map(str::to_string)) {
                s.put("timelock_age", &format!("{name}.age"), armored.as_bytes())?;
                if let Ok(binary) = fairdraw::timelock::dearmor(&armored) {
                    s.put("timelock_age", &format!("{name}.bin"), &binary)?;
                }
            }
        }
        for (name, bytes) in files_in("tests/vectors/spec", ".json")? {
            s.put("gzip", &format!("{name}.gz"), gzip(&bytes, None))?;
            s.put("gzip", &format!("{name}.named.gz"), gzip(&bytes, Some(&name)))?;
            // Format 2's documents: read and verified as any document is.
            if name.starts_with("format2-") && !name.contains("primitives") {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                s.put("verify_json", &name, &text)?;
                // As the command line writes it, compact in its own member order:
                // the one-pass reading path.
                if let Some(written) = as_written(&text) {
                    s.put("verify_json", &format!("{}-written.json", name.trim_end_matches(".json")), written)?;
                }
                continue;
            }
            let Ok(bundle) = serde_json::from_slice::<Bundle>(&bytes) else { continue };
            bundle_seeds(s, name.trim_end_matches(".json"), &bundle, &bytes)?;
        }
        Ok(())
    }

    /// A format 2 document as fairdraw writes one.
    fn as_written(text: &str) -> Option<String> {
        use fairdraw::read::Document;
        match fairdraw::read::read_text(text).ok()? {
            Document::Public(p) => serde_json::to_string(&p).ok(),
            Document::Auditor(a) => serde_json::to_string(&a).ok(),
            Document::Sealed2(d) => serde_json::to_string(&d).ok(),
            _ => None,
        }
    }

    /// `bytes` gzipped as `gzip` and web servers write them, with the optional
    /// file name field (RFC 1952 FNAME) that the reader must step over.
    fn gzip(bytes: &[u8], file_name: Option<&str>) -> Vec<u8> {
        use std::io::Write;
        let mut builder = flate2::GzBuilder::new();
        if let Some(name) = file_name {
            builder = builder.filename(name);
        }
        let mut encoder = builder.write(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).and_then(|()| encoder.finish()).expect("gzip into memory cannot fail")
    }

    /// A bundle and everything that can be cut from it: its plan, inputs and
    /// commitment, its sealed result, and the folder publishing them.
    fn bundle_seeds(s: &mut Seeds, stem: &str, bundle: &Bundle, text: &[u8]) -> Result<()> {
        let sealed = serde_json::to_string_pretty(&fairdraw::sealed::seal(bundle)).unwrap_or_default();
        let commitment = protocol::commitment_file(&bundle.commitment);
        let text = String::from_utf8_lossy(text).into_owned();
        s.put("bundle_json", &format!("{stem}.json"), &text)?;
        s.put("verify_json", &format!("{stem}.json"), &text)?;
        s.put("sealed_json", &format!("{stem}-sealed.json"), &sealed)?;
        s.put("verify_json", &format!("{stem}-sealed.json"), &sealed)?;
        s.put("plan_json", &format!("{stem}-plan.json"), serde_json::to_string_pretty(&bundle.inputs.plan).unwrap_or_default())?;
        s.put("inputs_json", &format!("{stem}-inputs.json"), protocol::inputs_file(&bundle.inputs))?;
        s.put("commitment_json", &format!("{stem}-commitment.json"), &commitment)?;
        s.put("publication_index", &format!("{stem}-sealed"), folder(&[&commitment, &sealed]))?;
        s.put("publication_index", &format!("{stem}-all"), folder(&[&commitment, &sealed, &text]))
    }

    /// The templates and small demo directories in every encoding a regulator's
    /// spreadsheet saves, and a small committed, drawn and sealed demo.
    pub fn generated(s: &mut Seeds) -> Result<()> {
        let kinds = [
            (FileKind::Enterprises, "enterprises"),
            (FileKind::Inspectors, "inspectors"),
            (FileKind::Checklist, "checklist"),
            (FileKind::History, "history"),
        ];
        let demo = fairdraw::demo::demo_inputs(12, 6);
        let csvs = [
            import::write_enterprises_csv(&demo.enterprises),
            import::write_inspectors_csv(&demo.inspectors),
            import::write_checklist_csv(&demo.checklist),
            import::write_history_csv(&demo.history),
        ];
        for ((kind, name), demo_csv) in kinds.iter().zip(&csvs) {
            s.put("csv_import", &format!("{name}-template.csv"), import::template_csv(*kind))?;
            s.put("csv_import", &format!("{name}-demo.csv"), demo_csv)?;
            s.put("csv_import", &format!("{name}-demo-bom.csv"), format!("\u{feff}{demo_csv}"))?;
            // Excel's “Unicode text”: UTF-16 with a BOM, tab-separated.
            let tabbed = demo_csv.replace(',', "\t");
            let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(tabbed.encode_utf16().flat_map(u16::to_le_bytes)).collect();
            let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(demo_csv.encode_utf16().flat_map(u16::to_be_bytes)).collect();
            s.put("csv_import", &format!("{name}-demo-utf16le.txt"), le)?;
            s.put("csv_import", &format!("{name}-demo-utf16be.csv"), be)?;
        }
        for (name, plan) in [("demo-plan.json", fairdraw::demo::demo_plan()), ("bench-plan.json", fairdraw::demo::bench_plan())] {
            s.put("plan_json", name, serde_json::to_string_pretty(&plan).unwrap_or_default())?;
        }
        small_draw(s)
    }

    /// A rehearsal of the demo plan on 40 firms, drawn with the recorded quicknet
    /// round 1000: bundles small enough to mutate quickly.
    fn small_draw(s: &mut Seeds) -> Result<()> {
        let inputs = fairdraw::demo::demo_inputs(40, 10).into_inputs("00112233445566778899aabbccddeeff");
        s.put("inputs_json", "demo-inputs.json", protocol::inputs_file(&inputs))?;
        let Some(chain) = fairdraw::beacon::chain_by_name("quicknet") else { return Ok(()) };
        let opts = CommitOptions { sequence: 1, previous: String::new(), committed_at: 0, rehearsal: true, chain, round: 1000 };
        let Ok((commitment, _)) = protocol::commit(&inputs, &opts) else { return Ok(()) };
        let Ok(bundle) = protocol::draw_bundle(inputs, commitment, fairdraw::demo::quicknet_round_1000()) else { return Ok(()) };
        let text = serde_json::to_string(&bundle).unwrap_or_default();
        bundle_seeds(s, "demo-rehearsal", &bundle, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_executions_in_both_modes() {
        let plain = "#2\tINITED cov: 10\n#4096\tpulse  cov: 12\n#9000\tDONE   cov: 12\nstat::number_of_executed_units: 9001\n";
        assert_eq!(executions(plain), 9001);
        let fork = "#224: cov: 1235 ft: 2212 corp: 5 exec/s: 112\n#2615: cov: 1611 ft: 4802\n";
        assert_eq!(executions(fork), 2615);
        assert_eq!(executions("no numbers here\n#\n"), 0);
    }
}
