//! `cargo xtask bench`: performance figures. Each runner is one function in
//! `RUNNERS`; adding a benchmark means adding one entry.

use crate::test::{self, Ctx, BENCH_PREFIX};
use crate::util::{self, err, Result};
use std::time::Duration;

type Runner = fn(&mut Session) -> Result<()>;

/// Runs in order; a failing runner is reported and the rest still run.
const RUNNERS: &[(&str, Runner)] = &[
    ("wasm", wasm_bench),
    ("native", native_bench),
    ("size", size_bench),
    ("cli", cli_bench),
    ("phone", phone_bench),
    ("browser", browser_bench),
];

/// Tools are provisioned lazily, so a runner that needs no browser does not
/// install one.
pub struct Session {
    ctx: Option<Ctx>,
    /// `BENCH …` lines collected from every runner, printed together at the end.
    figures: Vec<String>,
}

impl Session {
    fn ctx(&mut self) -> Result<&Ctx> {
        if self.ctx.is_none() {
            self.ctx = Some(test::provision(true, true)?);
        }
        Ok(self.ctx.as_ref().expect("just set"))
    }
}

pub fn cmd(args: &[String]) -> Result<()> {
    let names: Vec<&str> = RUNNERS.iter().map(|(n, _)| *n).collect();
    for a in args {
        if !names.contains(&a.as_str()) {
            return err(format!("unknown benchmark `{a}` (choose from: {})", names.join(", ")));
        }
    }
    let mut s = Session { ctx: None, figures: Vec::new() };
    let mut failed = Vec::new();
    for (name, run) in RUNNERS {
        if !args.is_empty() && !args.iter().any(|a| a == name) {
            continue;
        }
        println!("\n== bench: {name}");
        if let Err(e) = run(&mut s) {
            eprintln!("bench {name} failed: {e}");
            failed.push(*name);
        }
    }
    println!("\n== figures");
    if s.figures.is_empty() {
        println!("(no figures reported)");
    }
    for f in &s.figures {
        println!("{f}");
    }
    if failed.is_empty() {
        Ok(())
    } else {
        err(format!("benchmarks failed: {}", failed.join(", ")))
    }
}

fn collect(s: &mut Session, out: &str, source: &str) {
    for line in out.lines() {
        // Browser console lines may come prefixed or indented.
        if let Some(i) = line.find("BENCH ") {
            s.figures.push(format!("{source}: {}", line[i..].trim_end()));
        }
    }
}

/// Tests named `bench_…` in tests/wasm, in headless Chromium; their `BENCH …`
/// console lines are the figures. Built with the site's own profile, so the
/// figures are those of the code the site ships.
fn wasm_bench(s: &mut Session) -> Result<()> {
    let mut c = test::wasm_test_command(s.ctx()?, Some(crate::dist::PROFILE))?;
    // A city's directory takes minutes in one page, not the tests' two; the page's
    // thread, busy that long, answers the driver only when done.
    c.env("WASM_BINDGEN_TEST_TIMEOUT", "1800").env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "1800");
    // Every benchmark binary runs, even after one fails (a size the browser cannot hold).
    c.args(["--no-fail-fast", "--", BENCH_PREFIX, "--nocapture"]);
    let (status, out) = util::run_tee(&mut c, Duration::from_secs(45 * 60))?;
    collect(s, &out, "wasm");
    match status {
        Some(st) if st.success() => Ok(()),
        Some(st) => err(format!("wasm benchmark tests failed ({})", util::status_text(st))),
        None => err("wasm benchmark tests timed out"),
    }
}

/// `fairdraw-bench`, when the workspace has such a binary.
fn native_bench(s: &mut Session) -> Result<()> {
    let meta = util::probe(util::cargo().args(["metadata", "--no-deps", "--format-version", "1"]))
        .ok_or_else(|| util::Error("`cargo metadata` failed".into()))?;
    if !meta.contains("\"name\":\"fairdraw-bench\"") {
        println!("no fairdraw-bench binary in the workspace; skipping");
        return Ok(());
    }
    let mut c = util::cargo();
    c.args(["run", "--release", "--bin", "fairdraw-bench"]);
    let (status, out) = util::run_tee(&mut c, Duration::from_secs(45 * 60))?;
    collect(s, &out, "native");
    match status {
        Some(st) if st.success() => Ok(()),
        Some(st) => err(format!("fairdraw-bench failed ({})", util::status_text(st))),
        None => err("fairdraw-bench timed out"),
    }
}

/// Whole command-line processes from files, beside their floors (bench_cli.rs).
fn cli_bench(s: &mut Session) -> Result<()> {
    crate::bench_cli::run(&mut s.figures)
}

/// The verification page on a throttled phone, from a link (bench_phone.rs).
fn phone_bench(s: &mut Session) -> Result<()> {
    with_browser(s, crate::bench_phone::run)
}

/// A city's draw verified on the page, and its directory imported on the plan page,
/// in Chromium on a desktop (bench_browser.rs).
fn browser_bench(s: &mut Session) -> Result<()> {
    with_browser(s, crate::bench_browser::run)
}

/// Runs a benchmark of the built site with the provisioned tools, its figures
/// going to the session's.
fn with_browser(s: &mut Session, run: fn(&Ctx, &mut Vec<String>) -> Result<()>) -> Result<()> {
    s.ctx()?;
    let ctx = s.ctx.take().expect("provisioned just above");
    let result = run(&ctx, &mut s.figures);
    s.ctx = Some(ctx);
    result
}

/// Download size matters on slow government networks: the shipped wasm,
/// raw and gzipped.
fn size_bench(s: &mut Session) -> Result<()> {
    let (wasm, bin) = {
        let ctx = s.ctx()?;
        (ctx.wasm, ctx.bindgen_bin.clone())
    };
    let dist = util::root().join("dist");
    crate::dist::build(wasm, &bin, &dist, crate::dist::Demo::Without)?;
    for rel in util::list_files(&dist)? {
        if rel.ends_with(".wasm") {
            let raw = std::fs::metadata(dist.join(&rel)).map_err(|e| util::Error(format!("reading {rel}: {e}")))?.len();
            s.figures.push(format!("size: BENCH {rel} raw_bytes={raw} gzip_bytes={}", crate::dist::served_gzip_len(&dist, &rel)?));
        }
    }
    Ok(())
}
