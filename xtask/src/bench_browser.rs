//! `cargo xtask bench browser`: a city's draw verified on the verification page in
//! Chromium, on a desktop, from a `#/verify?bundle=` link: the public documents of
//! 100,000, 1,000,000 and 3,000,000 firms made by the command line, the site built and
//! served as for the phone benchmark. tests/bench/browser.mjs prints the time to the
//! verdict, the verification's own time as the page reports it, and the peak
//! memory of the page's renderer process (the page and its verification worker).
//!
//! Then the 计划 page (tests/bench/organiser.mjs): the demo's enterprise directory
//! imported from its CSV (read in the import worker), a sampling ratio edited, and a
//! rehearsal commitment made on the 承诺 page, each timed with the longest task that
//! held the page's thread, and the whole from the file chosen to the commitment.
//!
//! Sizes come from `FAIRDRAW_BENCH_BROWSER_FIRMS` (comma-separated;
//! 100000,1000000,3000000 unless set) and `FAIRDRAW_BENCH_ORGANISER_FIRMS` (100000,1000000,3000000 unless
//! set: a city of three million firms takes about two minutes from file to commitment).

use std::process::Command;
use std::time::Duration;

use crate::serve::{self, Host};
use crate::util::{self, Context, Result};

pub fn run(ctx: &crate::test::Ctx, figures: &mut Vec<String>) -> Result<()> {
    let work = util::target_dir().join("bench-browser");
    let site = work.join("site");
    crate::dist::build(ctx.wasm, &ctx.bindgen_bin, &site, crate::dist::Demo::Without)?;
    let bin = crate::bench_cli::release_binary()?;
    let mut args = Vec::new();
    for firms in sizes("FAIRDRAW_BENCH_BROWSER_FIRMS", "100000,1000000,3000000")? {
        let made = crate::bench_cli::public_document(&bin, &work.join(firms.to_string()), firms)?;
        let name = format!("public-{firms}.json");
        // Moved, not copied: the largest is half a gigabyte.
        std::fs::rename(&made, site.join(&name)).ctx(|| format!("moving {} into the site", made.display()))?;
        args.push(format!("firms={firms}={name}"));
    }
    let addr = serve::start_as(site, Vec::new(), Host::Configured)?;
    crate::bench_phone::browser_script("browser", &addr, &args, LIMIT, figures)?;

    let mut files = Vec::new();
    for firms in sizes("FAIRDRAW_BENCH_ORGANISER_FIRMS", "100000,1000000,3000000")? {
        let dir = work.join(format!("organiser-{firms}"));
        let csv = dir.join("enterprises.csv");
        if !csv.is_file() {
            let inspectors = (firms / 500).max(100).to_string();
            util::run(Command::new(&bin).args(["demo", "--enterprises", &firms.to_string(), "--inspectors", &inspectors, "--out"]).arg(&dir))?;
        }
        files.push(format!("firms={firms}={}", csv.display()));
    }
    crate::bench_phone::browser_script("organiser", &addr, &files, LIMIT, figures)?;
    Ok(())
}

const LIMIT: Duration = Duration::from_secs(30 * 60);

fn sizes(variable: &str, default: &str) -> Result<Vec<u64>> {
    let text = std::env::var(variable).unwrap_or_else(|_| default.into());
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse::<u64>().map_err(|_| util::Error(format!("{variable}: “{s}” is not a number of firms"))))
        .collect()
}
