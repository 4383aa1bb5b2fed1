//! `cargo xtask bench phone`: the verification page as a journalist opens it from a
//! QR code on a phone (tests/bench/phone.mjs drives Chromium at 390×844 with "Fast
//! 3G" and a CPU 4× slower), against the built site served as the README tells a
//! host to serve it (precompressed `.gz` copies, ETags). Two public documents, made
//! by the command line: 1,000 firms published as `.json` and 100,000 firms published
//! as `.json.gz`. Besides the times it prints the gzip size of every wasm the page
//! and its worker loaded, against the budgets of the verification page.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::serve::{self, Host};
use crate::tools;
use crate::util::{self, err, Context, Result};

/// (label, firms, published gzipped).
const CASES: [(&str, u64, bool); 2] = [("firms=1000", 1_000, false), ("firms=100000", 100_000, true)];

pub fn run(ctx: &crate::test::Ctx, figures: &mut Vec<String>) -> Result<()> {
    let site = util::target_dir().join("bench-phone").join("site");
    crate::dist::build(ctx.wasm, &ctx.bindgen_bin, &site, crate::dist::Demo::Without)?;
    let bin = crate::bench_cli::release_binary()?;
    let mut args = Vec::new();
    for (label, firms, gzipped) in CASES {
        let made = crate::bench_cli::public_document(&bin, &util::target_dir().join("bench-phone").join(firms.to_string()), firms)?;
        let bytes = std::fs::read(&made).ctx(|| format!("reading {}", made.display()))?;
        let name = if gzipped { format!("public-{firms}.json.gz") } else { format!("public-{firms}.json") };
        let published = if gzipped { crate::dist::gzip(&bytes) } else { bytes.clone() };
        std::fs::write(site.join(&name), &published).ctx(|| format!("writing {name}"))?;
        if !gzipped {
            // As `gzip_static` finds it beside a file published as it is.
            std::fs::write(site.join(format!("{name}.gz")), crate::dist::gzip(&bytes)).ctx(|| format!("writing {name}.gz"))?;
        }
        figures.push(format!("phone: BENCH {label} bundle={name} raw_bytes={} published_bytes={}", bytes.len(), published.len()));
        args.push(format!("{label}={name}"));
    }
    let addr = serve::start_as(site.clone(), Vec::new(), Host::Configured)?;
    let mut c = Command::new("node");
    c.current_dir(util::root())
        .arg("tests/bench/phone.mjs")
        .arg(format!("http://{addr}/"))
        .args(&args)
        .env("FAIRDRAW_CHROMIUM", tools::CHROMIUM)
        .env("FAIRDRAW_CHROMIUM_FLAGS", tools::CHROMIUM_FLAGS.join(" "));
    let scratch = util::Scratch::new("bench-phone")?;
    c.env("TMPDIR", scratch.path());
    let (status, out) = util::run_tee(&mut c, Duration::from_secs(30 * 60))?;
    if !status.is_some_and(|s| s.success()) {
        return err("tests/bench/phone.mjs failed (see above)");
    }
    for line in out.lines() {
        if let Some(i) = line.find("BENCH ") {
            figures.push(format!("phone: {}", line[i..].trim_end()));
        }
    }
    let mut total = 0;
    for path in out.lines().filter_map(|l| l.strip_prefix("WASM ")) {
        let gzip = gzip_size(&site, path)?;
        total += gzip;
        figures.push(format!("phone: BENCH wasm={path} gzip_bytes={gzip}"));
    }
    figures.push(format!("phone: BENCH wasm_total gzip_bytes={total} budget_gzip_bytes={}", 300 * 1024));
    Ok(())
}

fn gzip_size(site: &Path, path: &str) -> Result<u64> {
    let file = site.join(path.trim_start_matches('/'));
    let bytes = std::fs::read(&file).ctx(|| format!("reading {}", file.display()))?;
    Ok(crate::dist::gzip_len(&bytes))
}
