//! `cargo xtask dist`: the deployable folder. Plain pipeline (cargo build →
//! wasm-bindgen → wasm-opt → copy www/static) so nothing is fetched at build time.

use crate::tools::{self, WasmStd};
use crate::util::{self, err, root, run, Context, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const CRATE: &str = "fairdraw-www";
const WASM_NAME: &str = "fairdraw_www";
const PROFILE: &str = "wasm-release";

pub fn cmd(args: &[String]) -> Result<()> {
    let mut out = root().join("dist");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => {
                let v = it.next().ok_or_else(|| util::Error("--out needs a folder".into()))?;
                out = std::env::current_dir().map(|d| d.join(v)).unwrap_or_else(|_| PathBuf::from(v));
            }
            other => return err(format!("unknown option `{other}` for dist (usage: cargo xtask dist [--out DIR])")),
        }
    }
    let wasm = tools::wasm_std()?;
    let bindgen = tools::wasm_bindgen()?;
    tools::npm_packages()?;
    build(wasm, &bindgen, &out)?;
    println!("dist ready: {}", out.display());
    Ok(())
}

/// Builds the site into `out`, replacing what was there. Tools must already be
/// provisioned.
pub fn build(wasm: WasmStd, bindgen_bin: &Path, out: &Path) -> Result<()> {
    let static_dir = root().join("www/static");
    if !static_dir.join("index.html").is_file() {
        return err(format!("{} is missing: the site's static files live there", static_dir.join("index.html").display()));
    }
    check_static(&static_dir)?;

    let mut c = wasm.cargo("build", remap_flags());
    c.args(["-p", CRATE, "--profile", PROFILE]);
    run(&mut c).map_err(|e| util::Error(format!("building the site's wasm failed: {e}")))?;
    let built = util::target_dir()
        .join(tools::WASM_TARGET)
        .join(PROFILE)
        .join(format!("{WASM_NAME}.wasm"));
    if !built.is_file() {
        return err(format!("cargo reported success but {} is missing", built.display()));
    }

    // Build next to the destination and swap at the end, so a failed build
    // never leaves a half-written dist behind.
    let staging = out.with_extension("staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).ctx(|| format!("removing {}", staging.display()))?;
    }
    let pkg = staging.join("pkg");
    util::copy_dir(&static_dir, &staging)?;
    write_demo_draws(&staging.join(fairdraw::publication::SITE_FOLDER))?;
    let mut c = Command::new(bindgen_bin.join("wasm-bindgen"));
    c.arg(&built)
        .arg("--out-dir")
        .arg(&pkg)
        .args(["--target", "web", "--no-typescript"]);
    run(&mut c)?;

    let bg = pkg.join(format!("{WASM_NAME}_bg.wasm"));
    let optimized = pkg.join(format!("{WASM_NAME}_bg.opt.wasm"));
    let mut c = Command::new("node");
    c.current_dir(root())
        .arg(tools::wasm_opt_script())
        .arg(&bg)
        .args(["-Oz", "--strip-debug", "--strip-producers", "-o"])
        .arg(&optimized);
    run(&mut c).map_err(|e| util::Error(format!("wasm-opt failed: {e}")))?;
    std::fs::rename(&optimized, &bg).ctx(|| format!("replacing {}", bg.display()))?;

    write_build_info(&staging, &bg)?;
    write_sums(&staging)?;

    if out.exists() {
        std::fs::remove_dir_all(out).ctx(|| format!("removing the old {}", out.display()))?;
    }
    std::fs::rename(&staging, out).ctx(|| format!("moving {} to {}", staging.display(), out.display()))?;
    print_sizes(out)?;
    Ok(())
}

/// The 公示 page's example folder: draws made by the engine from the demo data and
/// a recorded beacon round, indexed the way `fairdraw publish` does it.
fn write_demo_draws(dir: &Path) -> Result<()> {
    let files = fairdraw::demo::site_demo();
    if files.is_empty() {
        return err("the demo draws could not be built (fairdraw::demo::site_demo gave nothing)");
    }
    let index = fairdraw::publication::build_index(&files)
        .map_err(|p| util::Error(format!("indexing the demo draws failed:\n{p}")))?;
    let outputs = fairdraw::publication::outputs(&index, "")
        .map_err(|p| util::Error(format!("the demo draws' QR codes failed:\n{p}")))?;
    for (rel, text) in files.iter().chain(&outputs) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ctx(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).ctx(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// `--remap-path-prefix` for every absolute path that can leak into the wasm
/// (panic locations, type names), so builds from different folders or
/// machines are byte-identical. rustc lets a later flag win, so the workspace
/// (possibly under $HOME, like the cargo home) comes last.
fn remap_flags() -> Vec<String> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".cargo")));
    let rustup_home = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".rustup")));
    let mut maps: Vec<(PathBuf, &str)> = Vec::new();
    if let Some(p) = rustup_home {
        maps.push((p, "/rustup"));
    }
    if let Some(p) = cargo_home {
        maps.push((p, "/cargo"));
    }
    let target = util::target_dir();
    if !target.starts_with(root()) {
        maps.push((target, "/target"));
    }
    maps.push((root(), "/fairdraw"));
    maps.into_iter()
        .map(|(from, to)| {
            let from = std::fs::canonicalize(&from).unwrap_or(from);
            format!("--remap-path-prefix={}={to}", from.display())
        })
        .collect()
}

/// The folder must work on any static host, under any sub-path, without
/// third-party requests; catch the easy mistakes before they ship.
fn check_static(dir: &Path) -> Result<()> {
    let index = std::fs::read_to_string(dir.join("index.html")).ctx(|| "reading www/static/index.html".to_string())?;
    if !index.contains("http-equiv=\"Content-Security-Policy\"") {
        return err("www/static/index.html has no <meta http-equiv=\"Content-Security-Policy\" …>; the site must carry its CSP");
    }
    let mut problems = Vec::new();
    for rel in util::list_files(dir)? {
        if !(rel.ends_with(".html") || rel.ends_with(".css")) {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(&rel)).unwrap_or_default();
        for pat in ["src=\"", "href=\"", "src='", "href='", "url(\"", "url('", "url("] {
            for (i, _) in text.match_indices(pat) {
                let v = &text[i + pat.len()..];
                if v.starts_with("http:") || v.starts_with("https:") || v.starts_with("//") {
                    problems.push(format!("{rel}: loads from another host ({pat}{})", first_word(v)));
                } else if v.starts_with('/') {
                    problems.push(format!("{rel}: absolute path breaks sub-path hosting ({pat}{})", first_word(v)));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        err(format!("www/static must use relative URLs only:\n  {}", problems.join("\n  ")))
    }
}

fn first_word(s: &str) -> &str {
    let end = s.find(['"', '\'', ')', ' ', '>']).unwrap_or(s.len().min(60));
    &s[..end]
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// `build-info.json`, which the verification page shows so a visitor can compare
/// the wasm they run with one they build themselves.
fn write_build_info(dir: &Path, wasm: &Path) -> Result<()> {
    let bytes = std::fs::read(wasm).ctx(|| format!("reading {}", wasm.display()))?;
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).ctx(|| "reading Cargo.toml".to_string())?;
    let version = package_version(&manifest).unwrap_or("unknown");
    let text = format!("{{\"version\":\"{version}\",\"wasm_sha256\":\"{}\"}}\n", sha256_hex(&bytes));
    std::fs::write(dir.join("build-info.json"), text).ctx(|| "writing build-info.json".to_string())
}

/// The `version` of the `[package]` table: the first one in the manifest, since
/// the package table comes before dependencies with inline versions.
fn package_version(manifest: &str) -> Option<&str> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if in_package {
            if let Some(value) = line.strip_prefix("version").map(str::trim_start).and_then(|v| v.strip_prefix('=')) {
                return Some(value.trim().trim_matches('"'));
            }
        }
    }
    None
}

/// `SHA256SUMS` in the format `sha256sum -c` reads.
fn write_sums(dir: &Path) -> Result<()> {
    let mut text = String::new();
    for rel in util::list_files(dir)? {
        if rel == "SHA256SUMS" {
            continue;
        }
        let bytes = std::fs::read(dir.join(&rel)).ctx(|| format!("reading {rel}"))?;
        text.push_str(&format!("{}  {rel}\n", sha256_hex(&bytes)));
    }
    std::fs::write(dir.join("SHA256SUMS"), text).ctx(|| "writing SHA256SUMS".to_string())
}

pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len() as u64).unwrap_or(0)
}

pub fn print_sizes(dir: &Path) -> Result<()> {
    for rel in util::list_files(dir)? {
        if !rel.ends_with(".wasm") {
            continue;
        }
        let bytes = std::fs::read(dir.join(&rel)).ctx(|| format!("reading {rel}"))?;
        println!(
            "{rel}: {} raw, {} gzip",
            util::human_bytes(bytes.len() as u64),
            util::human_bytes(gzip_len(&bytes))
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn package_version_reads_the_package_table() {
        let manifest = "[workspace]\nmembers = []\n[package]\nname = \"x\"\nversion = \"1.2.3\"\n[dependencies]\nversion-dep = { version = \"9\" }\n";
        assert_eq!(package_version(manifest), Some("1.2.3"));
        assert_eq!(package_version("[dependencies]\nversion = \"9\"\n"), None);
    }

    #[test]
    fn gzip_shrinks_repetition() {
        assert!(gzip_len(&[0u8; 10_000]) < 200);
    }
}
