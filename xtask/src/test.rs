//! `cargo xtask test`: provisions the tools, then runs every layer (native, a
//! brief run of every fuzz target, wasm in headless Chromium, end-to-end against
//! the built site) and prints one
//! `N passed, N failed` line per layer. A layer that fails does not stop the
//! others, so one run shows the whole picture.

use crate::tools::{self, WasmStd};
use crate::util::{self, err, root, Context, Result};
use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};

/// Benchmarks share the wasm test crate but run only under `cargo xtask bench`.
pub const BENCH_PREFIX: &str = "bench_";

pub struct Layer {
    pub name: &'static str,
    pub passed: u64,
    pub failed: u64,
    /// Why the layer did not complete normally, if it did not.
    pub problem: Option<String>,
    pub took: Duration,
}

impl Layer {
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.problem.is_none()
    }
}

pub struct Ctx {
    pub wasm: WasmStd,
    pub bindgen_bin: std::path::PathBuf,
}

pub fn cmd(args: &[String]) -> Result<()> {
    let mut only: Vec<String> = Vec::new();
    for a in args {
        match a.as_str() {
            "native" | "fuzz" | "wasm" | "e2e" => only.push(a.clone()),
            other => return err(format!("unknown argument `{other}` for test (usage: cargo xtask test [native|fuzz|wasm|e2e]…)")),
        }
    }
    let want = |l: &str| only.is_empty() || only.iter().any(|o| o == l);

    let started = Instant::now();
    println!("== Checking tools");
    let ctx = provision(want("wasm") || want("e2e"), want("wasm") || want("e2e"))?;

    let mut layers = Vec::new();
    if want("native") {
        println!("\n== native: cargo test --workspace");
        layers.push(timed("native", native));
    }
    if want("fuzz") {
        println!("\n== fuzz: every target in fuzz/ for {} s in all", FUZZ_LAYER_SECONDS);
        layers.push(timed("fuzz", fuzz));
    }
    if want("wasm") {
        println!("\n== wasm: tests/wasm in headless Chromium");
        layers.push(timed("wasm", || wasm(&ctx)));
    }
    if want("e2e") {
        println!("\n== e2e: tests/e2e against the built site");
        layers.push(timed("e2e", || e2e(&ctx)));
    }

    println!();
    for l in &layers {
        if let Some(p) = &l.problem {
            println!("{}: did not complete normally: {p}", l.name);
        }
    }
    let timings: Vec<String> = layers.iter().map(|l| format!("{} {}", l.name, util::mins(l.took))).collect();
    println!("time: {} (total {})", timings.join(", "), util::mins(started.elapsed()));
    let (mut passed, mut failed) = (0, 0);
    for l in &layers {
        println!("{}: {} passed, {} failed", l.name, l.passed, l.failed);
        passed += l.passed;
        failed += l.failed;
    }
    println!("{passed} passed, {failed} failed");
    let bad: Vec<&str> = layers.iter().filter(|l| !l.ok()).map(|l| l.name).collect();
    if bad.is_empty() {
        Ok(())
    } else {
        err(format!("test layers failed: {}", bad.join(", ")))
    }
}

pub fn provision(wasm: bool, browser: bool) -> Result<Ctx> {
    let wasm_std = if wasm { tools::wasm_std()? } else { WasmStd::Rustup };
    let bindgen_bin = if wasm { tools::wasm_bindgen()? } else { Default::default() };
    if wasm {
        tools::npm_packages()?;
    }
    if browser {
        tools::browser()?;
    }
    Ok(Ctx { wasm: wasm_std, bindgen_bin })
}

fn timed(name: &'static str, f: impl FnOnce() -> Layer) -> Layer {
    let start = Instant::now();
    let mut l = f();
    l.name = name;
    l.took = start.elapsed();
    l
}

fn layer(passed: u64, failed: u64, problem: Option<String>) -> Layer {
    Layer { name: "", passed, failed, problem, took: Duration::ZERO }
}

/// Turns a finished (or killed) run and its counts into a layer result.
fn judge(status: Option<ExitStatus>, passed: u64, failed: u64, what: &str) -> Layer {
    let problem = match status {
        None => Some(format!("{what} timed out")),
        Some(s) if !s.success() && failed == 0 => Some(format!("{what} failed ({})", util::status_text(s))),
        Some(_) if passed + failed == 0 => Some("no tests ran".to_string()),
        _ => None,
    };
    layer(passed, failed, problem)
}

fn native() -> Layer {
    let mut c = util::cargo();
    c.args(["test", "--workspace"]);
    let scratch = match util::Scratch::new("native") {
        Ok(s) => s,
        Err(e) => return layer(0, 0, Some(e.0)),
    };
    c.env("TMPDIR", scratch.path());
    match util::run_tee(&mut c, Duration::from_secs(45 * 60)) {
        Ok((status, out)) => {
            let (p, f) = count_cargo(&out);
            judge(status, p, f, "cargo test --workspace")
        }
        Err(e) => layer(0, 0, Some(e.0)),
    }
}

/// The fuzz layer's fuzzing time, shared by the targets (building comes on top; the
/// targets run side by side, one per core, so the wall time is this over the cores).
const FUZZ_LAYER_SECONDS: u64 = 55;

/// Every fuzz target briefly; a target passes when it found no crash.
fn fuzz() -> Layer {
    let run = || -> Result<Vec<crate::fuzz::Outcome>> {
        let targets = crate::fuzz::targets()?;
        let per_target = (FUZZ_LAYER_SECONDS / targets.len().max(1) as u64).max(1);
        let binaries = crate::fuzz::build()?;
        let options = crate::fuzz::Options { seconds: per_target, keep_going: false };
        Ok(crate::fuzz::run_targets(&binaries, &targets, &options))
    };
    match run() {
        Ok(outcomes) => {
            crate::fuzz::print_summary(&outcomes);
            let passed = outcomes.iter().filter(|o| o.ok()).count() as u64;
            layer(passed, outcomes.len() as u64 - passed, None)
        }
        Err(e) => layer(0, 0, Some(e.0)),
    }
}

/// `cargo test` for the wasm test crate, run by wasm-bindgen-test-runner in
/// headless Chromium, in the dev profile or the named one. Shared with `bench`.
pub fn wasm_test_command(ctx: &Ctx, profile: Option<&str>) -> Result<Command> {
    ensure_webdriver_json()?;
    let mut c = ctx.wasm.cargo("test", Vec::new());
    c.args(["-p", "fairdraw-wasm-tests"]);
    if let Some(profile) = profile {
        c.args(["--profile", profile]);
    }
    c.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        ctx.bindgen_bin.join("wasm-bindgen-test-runner"),
    )
    .env("CHROMEDRIVER", tools::CHROMEDRIVER)
    .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", root().join("tests/wasm/webdriver.json"))
    // The defaults are tight for a busy 2-core machine.
    .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
    .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "30")
    .env_remove("GECKODRIVER")
    .env_remove("SAFARIDRIVER")
    .env_remove("WASM_BINDGEN_USE_BROWSER")
    .env_remove("WASM_BINDGEN_TEST_ONLY_NODE")
    .env_remove("NO_HEADLESS");
    Ok(c)
}

/// Chromium's flags for wasm-bindgen-test live next to the crate; written
/// here only when absent so local edits stay.
fn ensure_webdriver_json() -> Result<()> {
    let path = root().join("tests/wasm/webdriver.json");
    if path.exists() {
        return Ok(());
    }
    let args: Vec<String> = tools::CHROMIUM_FLAGS.iter().map(|f| format!("\"{f}\"")).collect();
    let json = format!(
        "{{\n  \"goog:chromeOptions\": {{\n    \"binary\": \"{}\",\n    \"args\": [\n      {}\n    ]\n  }}\n}}\n",
        tools::CHROMIUM,
        args.join(",\n      ")
    );
    std::fs::write(&path, json).ctx(|| format!("writing {}", path.display()))
}

fn wasm(ctx: &Ctx) -> Layer {
    let mut c = match wasm_test_command(ctx, None) {
        Ok(c) => c,
        Err(e) => return layer(0, 0, Some(e.0)),
    };
    c.args(["--", "--skip", BENCH_PREFIX]);
    let scratch = match util::Scratch::new("wasm") {
        Ok(s) => s,
        Err(e) => return layer(0, 0, Some(e.0)),
    };
    c.env("TMPDIR", scratch.path());
    match util::run_tee(&mut c, Duration::from_secs(45 * 60)) {
        Ok((status, out)) => {
            let (p, f) = count_cargo(&out);
            judge(status, p, f, "the wasm tests")
        }
        Err(e) => layer(0, 0, Some(e.0)),
    }
}

fn e2e(ctx: &Ctx) -> Layer {
    let dist = root().join("dist");
    if let Err(e) = crate::dist::build(ctx.wasm, &ctx.bindgen_bin, &dist, crate::dist::Demo::With) {
        return layer(0, 0, Some(format!("building dist failed: {e}")));
    }
    let sub = "/deploy/under/a/sub-path/";
    let addr = match crate::serve::start(dist, vec![sub.to_string()]) {
        Ok(a) => a,
        Err(e) => return layer(0, 0, Some(e.0)),
    };
    let shots = util::target_dir().join("e2e");
    if let Err(e) = std::fs::create_dir_all(&shots) {
        return layer(0, 0, Some(format!("creating {}: {e}", shots.display())));
    }
    let base = format!("http://{addr}/");
    println!("serving dist at {base} (and below {sub})");
    // Much of a browser test is waiting for the page, so files run one per
    // processor (node's default leaves one processor idle).
    let files = std::thread::available_parallelism().map_or(2, |n| n.get());
    let scratch = match util::Scratch::new("e2e") {
        Ok(s) => s,
        Err(e) => return layer(0, 0, Some(e.0)),
    };
    let mut c = Command::new("node");
    c.current_dir(root())
        .args(["--test", &format!("--test-concurrency={files}"), "--test-reporter=tap", "tests/e2e/"])
        .env("FAIRDRAW_URL", &base)
        .env("FAIRDRAW_SUBPATH_URL", format!("http://{addr}{sub}"))
        .env("FAIRDRAW_CHROMIUM", tools::CHROMIUM)
        .env("FAIRDRAW_CHROMIUM_FLAGS", tools::CHROMIUM_FLAGS.join(" "))
        .env("FAIRDRAW_SCREENSHOTS", &shots)
        .env("TMPDIR", scratch.path());
    match util::run_tee(&mut c, Duration::from_secs(30 * 60)) {
        Ok((status, out)) => {
            let (p, f) = count_node(&out);
            judge(status, p, f, "node --test tests/e2e/")
        }
        Err(e) => layer(0, 0, Some(e.0)),
    }
}

/// Sums libtest's `test result: ok. 3 passed; 1 failed; …` lines (the
/// wasm-bindgen-test runner prints the same shape).
pub fn count_cargo(out: &str) -> (u64, u64) {
    let (mut passed, mut failed) = (0, 0);
    for line in out.lines() {
        let Some(i) = line.find("test result:") else { continue };
        for part in line[i..].split([';', '.']) {
            let mut w = part.split_whitespace();
            if let (Some(n), Some(kind)) = (w.next(), w.next()) {
                match (n.parse::<u64>(), kind) {
                    (Ok(n), "passed") => passed += n,
                    (Ok(n), "failed") => failed += n,
                    _ => {}
                }
            }
        }
    }
    (passed, failed)
}

/// Reads node's TAP summary (`# pass N`, `# fail N`); cancelled tests count as
/// failed, since they did not pass.
pub fn count_node(out: &str) -> (u64, u64) {
    let (mut passed, mut failed) = (0, 0);
    for line in out.lines() {
        let mut w = line.split_whitespace();
        if w.next() != Some("#") {
            continue;
        }
        let (Some(kind), Some(n)) = (w.next(), w.next().and_then(|n| n.parse::<u64>().ok())) else { continue };
        match kind {
            "pass" => passed += n,
            "fail" | "cancelled" => failed += n,
            _ => {}
        }
    }
    (passed, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_libtest_lines() {
        let out = "test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\
                   noise\n\
                   test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 filtered out; finished in 1.20s\n";
        assert_eq!(count_cargo(out), (5, 1));
    }

    #[test]
    fn counts_tap_summary() {
        let out = "ok 1 - a\n# tests 4\n# pass 3\n# fail 1\n# cancelled 0\n# skipped 0\n";
        assert_eq!(count_node(out), (3, 1));
    }
}
