//! `cargo xtask bench phone`: the verification page as a journalist opens it from a
//! QR code on a phone (tests/bench/phone.mjs drives Chromium at 390×844 with "Fast
//! 3G" and a CPU 4× slower), against the built site served as the README tells a
//! host to serve it (precompressed `.br` and `.gz` copies, ETags). Two public
//! documents, made by the command line: 1,000 firms published as `.json` and 100,000
//! firms published as `.json.gz`. Besides the times it prints the gzip and brotli
//! size of every wasm the page and its worker loaded, against the budgets of the
//! verification page.

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
    let out = browser_script("phone", &addr, &args, Duration::from_secs(30 * 60), figures)?;
    let (mut total, mut total_brotli) = (0, 0);
    for path in out.lines().filter_map(|l| l.strip_prefix("WASM ")) {
        let gzip = gzip_size(&site, path)?;
        // What the bench's Chromium received: it asks for brotli first.
        let brotli = crate::dist::served_brotli_len(&site, path.trim_start_matches('/')).unwrap_or(gzip);
        total += gzip;
        total_brotli += brotli;
        figures.push(format!("phone: BENCH wasm={path} gzip_bytes={gzip} brotli_bytes={brotli}"));
    }
    figures.push(format!("phone: BENCH wasm_total gzip_bytes={total} brotli_bytes={total_brotli} budget_gzip_bytes={}", 300 * 1024));
    publication_site(&bin, &site, addr, figures)
}

/// Draws on a site holding a province's year: the 公示 folder of `fairdraw demo
/// --published`, indexed by `fairdraw publish` read afresh and then extended by one
/// file (each beside `sha256sum` of every document, the least a full read must do),
/// then the 公示 page on a desktop and on the phone (tests/bench/publication.mjs).
fn publication_site(bin: &Path, site: &Path, addr: std::net::SocketAddr, figures: &mut Vec<String>) -> Result<()> {
    const DRAWS: usize = 10_000;
    let work = util::target_dir().join("bench-phone").join("published");
    let _ = std::fs::remove_dir_all(&work);
    let mut demo = Command::new(bin);
    demo.args(["demo", "--enterprises", "100", "--inspectors", "10", "--published", &DRAWS.to_string(), "--out"]).arg(&work);
    util::run(&mut demo)?;
    let draws = site.join("draws");
    let _ = std::fs::remove_dir_all(&draws);
    std::fs::rename(work.join("draws"), &draws).ctx(|| format!("moving the draws into {}", draws.display()))?;
    let documents: Vec<std::path::PathBuf> = std::fs::read_dir(&draws).ctx(|| "listing the draws".to_string())?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    let timed = |c: &mut Command| -> Result<f64> {
        let start = std::time::Instant::now();
        util::run(c.stdout(std::process::Stdio::null()))?;
        Ok(start.elapsed().as_secs_f64())
    };
    let floor = timed(Command::new("sha256sum").args(&documents))?;
    let full = timed(Command::new(bin).arg("publish").arg(&draws).arg("--rebuild"))?;
    let added = draws.join("zz-added-commitment.json");
    let template = fairdraw::demo::published_commitments(DRAWS + 1).pop().ok_or_else(|| util::Error("no commitment made".into()))?;
    std::fs::write(&added, template.1).ctx(|| format!("writing {}", added.display()))?;
    let again = timed(Command::new(bin).arg("publish").arg(&draws))?;
    figures.push(format!(
        "publication: BENCH draws={DRAWS} publish_full_seconds={full:.2} publish_one_more_seconds={again:.2} floor=sha256sum(documents) floor_seconds={floor:.2} full_over_floor={:.2} one_more_over_floor={:.2}",
        full / floor.max(0.01),
        again / floor.max(0.01)
    ));
    let size = |rel: &str| std::fs::metadata(draws.join(rel)).map(|m| m.len()).unwrap_or(0);
    let root: fairdraw::publication::shards::Root =
        serde_json::from_slice(&std::fs::read(draws.join(fairdraw::publication::shards::ROOT_FILE)).ctx(|| "reading the root".to_string())?)
            .map_err(|e| util::Error(format!("the root: {e}")))?;
    let largest = root.shards.iter().map(|s| size(&s.file)).max().unwrap_or(0);
    figures.push(format!(
        "publication: BENCH draws={DRAWS} index_json_bytes={} root_bytes={} shards={} largest_shard_bytes={largest}",
        size(fairdraw::publication::INDEX_FILE),
        size(fairdraw::publication::shards::ROOT_FILE),
        root.shards.len()
    ));
    // A commitment of the oldest year, for the `?c=` link.
    let oldest = root.shards.last().ok_or_else(|| util::Error("an empty root".into()))?;
    let shard: fairdraw::publication::shards::Shard = serde_json::from_slice(&std::fs::read(draws.join(&oldest.file)).ctx(|| "reading a shard".to_string())?)
        .map_err(|e| util::Error(format!("a shard: {e}")))?;
    let hash = shard.entries.first().map(|e| e.commitment.clone()).ok_or_else(|| util::Error("an empty shard".into()))?;
    browser_script("publication", &addr, &[hash], Duration::from_secs(20 * 60), figures)?;
    Ok(())
}

/// Runs `tests/bench/NAME.mjs` against the site at `addr` in the pinned Chromium,
/// with its temporary files kept apart; its `BENCH` lines become figures under
/// `NAME`. Its whole output is returned for what else it prints.
pub(crate) fn browser_script(name: &str, addr: &std::net::SocketAddr, args: &[String], limit: Duration, figures: &mut Vec<String>) -> Result<String> {
    let script = format!("tests/bench/{name}.mjs");
    let mut c = Command::new("node");
    c.current_dir(util::root())
        .arg(&script)
        .arg(format!("http://{addr}/"))
        .args(args)
        .env("FAIRDRAW_CHROMIUM", tools::CHROMIUM)
        .env("FAIRDRAW_CHROMIUM_FLAGS", tools::CHROMIUM_FLAGS.join(" "));
    let scratch = util::Scratch::new(&format!("bench-{name}"))?;
    c.env("TMPDIR", scratch.path());
    let (status, out) = util::run_tee(&mut c, limit)?;
    if !status.is_some_and(|s| s.success()) {
        return err(format!("{script} failed (see above)"));
    }
    for line in out.lines() {
        if let Some(i) = line.find("BENCH ") {
            figures.push(format!("{name}: {}", line[i..].trim_end()));
        }
    }
    Ok(out)
}

fn gzip_size(site: &Path, path: &str) -> Result<u64> {
    crate::dist::served_gzip_len(site, path.trim_start_matches('/'))
}
