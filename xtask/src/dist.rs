//! `cargo xtask dist`: the deployable folder. Plain pipeline (cargo build →
//! wasm-bindgen → wasm-opt → copy www/static) so nothing is fetched at build time.

use crate::tools::{self, WasmStd};
use crate::util::{self, err, root, run, sha256_hex, Context, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const CRATE: &str = "fairdraw-www";
const WASM_NAME: &str = "fairdraw_www";
/// The XLSX reader and writer, a second wasm the organiser's pages load on first
/// use. Built by its own cargo invocation, so feature unification cannot pull
/// its code into the main wasm.
const XLSX_CRATE: &str = "fairdraw-xlsx";
const XLSX_WASM_NAME: &str = "fairdraw_xlsx";
/// The verification page's small module: the site crate without its feature `full`
/// (the organiser's pages, NIST and time-stamp signatures), which www/static/boot.js
/// starts on the verification page. Built by its own cargo invocation, as the
/// workbook module is, and copied away before the next build overwrites it.
const VERIFY_WASM_NAME: &str = "fairdraw_verify";
/// The cargo profile the site is built with (Cargo.toml); the wasm benchmarks use it too.
pub const PROFILE: &str = "wasm-release";

/// Whether the built site carries the demo draws in its 公示 folder. A deployment
/// does not: a real department's 公示 page must never show invented draws.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    /// `draws/` holds an empty index until the department publishes its own.
    Without,
    /// `draws/` holds the demo draws (the served demo, the end-to-end tests).
    With,
}

pub fn cmd(args: &[String]) -> Result<()> {
    let mut out = root().join("dist");
    let mut demo = Demo::Without;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => {
                let v = it.next().ok_or_else(|| util::Error("--out needs a folder".into()))?;
                out = std::env::current_dir().map(|d| d.join(v)).unwrap_or_else(|_| PathBuf::from(v));
            }
            "--with-demo" => demo = Demo::With,
            other => return err(format!("unknown option `{other}` for dist (usage: cargo xtask dist [--out DIR] [--with-demo])")),
        }
    }
    let wasm = tools::wasm_std()?;
    let bindgen = tools::wasm_bindgen()?;
    tools::npm_packages()?;
    build(wasm, &bindgen, &out, demo)?;
    println!("dist ready: {}", out.display());
    Ok(())
}

/// Builds the site into `out`, replacing what was there. Tools must already be
/// provisioned.
pub fn build(wasm: WasmStd, bindgen_bin: &Path, out: &Path, demo: Demo) -> Result<()> {
    let static_dir = root().join("www/static");
    if !static_dir.join("index.html").is_file() {
        return err(format!("{} is missing: the site's static files live there", static_dir.join("index.html").display()));
    }
    check_static(&static_dir)?;

    // Build next to the destination and swap at the end, so a failed build
    // never leaves a half-written dist behind.
    let staging = out.with_extension("staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).ctx(|| format!("removing {}", staging.display()))?;
    }
    let pkg = staging.join("pkg");
    util::copy_dir(&static_dir, &staging)?;
    write_draws(&staging.join(fairdraw::publication::SITE_FOLDER), demo)?;
    // wasm-opt runs on one core: the site's module is optimised while cargo builds
    // the workbook module (separately, so that neither gets the other's features).
    let pkg = pkg.as_path();
    let (bg, verify_bg) = std::thread::scope(|s| -> Result<(PathBuf, PathBuf)> {
        // Both builds of the site crate write one file: each is copied away first.
        let set_aside = |built: PathBuf, name: &str| -> Result<PathBuf> {
            let kept = built.with_file_name(format!("{name}.built.wasm"));
            std::fs::copy(&built, &kept).ctx(|| format!("copying {} to {}", built.display(), kept.display()))?;
            Ok(kept)
        };
        let built = set_aside(cargo_wasm(wasm, CRATE, WASM_NAME, &[])?, WASM_NAME)?;
        let site = s.spawn(move || bindgen_and_optimize(bindgen_bin, &built, pkg, WASM_NAME));
        let small = cargo_wasm(wasm, CRATE, WASM_NAME, &["--no-default-features"]).and_then(|built| set_aside(built, VERIFY_WASM_NAME));
        let small = small.map(|built| s.spawn(move || bindgen_and_optimize(bindgen_bin, &built, pkg, VERIFY_WASM_NAME)));
        let workbook = cargo_wasm(wasm, XLSX_CRATE, XLSX_WASM_NAME, &[])
            .and_then(|built_xlsx| bindgen_and_optimize(bindgen_bin, &built_xlsx, pkg, XLSX_WASM_NAME));
        let bg = site.join().unwrap_or_else(|_| err("optimising the site's wasm panicked"))?;
        let verify_bg = small?.join().unwrap_or_else(|_| err("optimising the verification page's wasm panicked"))?;
        workbook?;
        Ok((bg, verify_bg))
    })?;

    write_build_info(&staging, &bg, &verify_bg)?;
    write_single_file(&staging)?;
    inline_start(&staging)?;
    write_precompressed(&staging)?;
    write_sums(&staging)?;

    if out.exists() {
        std::fs::remove_dir_all(out).ctx(|| format!("removing the old {}", out.display()))?;
    }
    std::fs::rename(&staging, out).ctx(|| format!("moving {} to {}", staging.display(), out.display()))?;
    print_sizes(out)?;
    Ok(())
}

/// `cargo build` of one site crate for wasm32; the path of the built module.
fn cargo_wasm(wasm: WasmStd, krate: &str, name: &str, extra: &[&str]) -> Result<PathBuf> {
    let mut c = wasm.cargo("build", remap_flags());
    c.args(["-p", krate, "--profile", PROFILE]).args(extra);
    run(&mut c).map_err(|e| util::Error(format!("building the wasm of {krate} failed: {e}")))?;
    let built = util::target_dir().join(tools::WASM_TARGET).join(PROFILE).join(format!("{name}.wasm"));
    if !built.is_file() {
        return err(format!("cargo reported success but {} is missing", built.display()));
    }
    Ok(built)
}

/// wasm-bindgen's `--target web` module and glue into `pkg`, then `wasm-opt -Oz`;
/// the path of the optimised `NAME_bg.wasm`.
fn bindgen_and_optimize(bindgen_bin: &Path, built: &Path, pkg: &Path, name: &str) -> Result<PathBuf> {
    let mut c = Command::new(bindgen_bin.join("wasm-bindgen"));
    c.arg(built).arg("--out-dir").arg(pkg).args(["--out-name", name, "--target", "web", "--no-typescript"]);
    run(&mut c)?;

    let bg = pkg.join(format!("{name}_bg.wasm"));
    let optimized = pkg.join(format!("{name}_bg.opt.wasm"));
    let mut c = Command::new("node");
    c.current_dir(root())
        .arg(tools::wasm_opt_script())
        .arg(&bg)
        .args(["-Oz", "--strip-debug", "--strip-producers", "-o"])
        .arg(&optimized);
    run(&mut c).map_err(|e| util::Error(format!("wasm-opt failed: {e}")))?;
    std::fs::rename(&optimized, &bg).ctx(|| format!("replacing {}", bg.display()))?;
    Ok(bg)
}

/// The 公示 folder `draws/`: a deployment's lists nothing; the demo's, examples.
fn write_draws(dir: &Path, demo: Demo) -> Result<()> {
    match demo {
        Demo::With => write_demo_draws(dir),
        Demo::Without => write_empty_index(dir),
    }
}

/// The 公示 folder of a deployment before anything is published: an index that
/// lists nothing, so the page says so instead of failing.
fn write_empty_index(dir: &Path) -> Result<()> {
    let index = fairdraw::publication::build_index(&[]).map_err(|p| util::Error(format!("an empty index: {p}")))?;
    for (rel, text) in fairdraw::publication::outputs(&index, "").map_err(|p| util::Error(p.to_string()))? {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).ctx(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text).ctx(|| format!("writing {rel}"))?;
    }
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

/// `build-info.json`, which the verification page shows so a visitor can compare
/// the wasm they run with one they build themselves.
fn write_build_info(dir: &Path, wasm: &Path, verify_wasm: &Path) -> Result<()> {
    let hash = |path: &Path| std::fs::read(path).ctx(|| format!("reading {}", path.display())).map(|bytes| sha256_hex(&bytes));
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).ctx(|| "reading Cargo.toml".to_string())?;
    let version = package_version(&manifest).unwrap_or("unknown");
    let text = format!(
        "{{\"version\":\"{version}\",\"wasm_sha256\":\"{}\",\"verify_wasm_sha256\":\"{}\"}}\n",
        hash(wasm)?,
        hash(verify_wasm)?
    );
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

/// The archived verifier: one HTML file that verifies a bundle offline, opened
/// straight from disk years after the site is gone.
pub const SINGLE_FILE: &str = "fairdraw-verify.html";

/// Writes [`SINGLE_FILE`] from the files already in `dir` (the site, its wasm
/// and build-info.json), so it runs exactly the wasm the site ships.
fn write_single_file(dir: &Path) -> Result<()> {
    let read = |rel: &str| std::fs::read_to_string(dir.join(rel)).ctx(|| format!("reading {rel} for {SINGLE_FILE}"));
    let index = read("index.html")?;
    let styles = merged_styles(dir, &stylesheets(&index))?;
    let wasm_rel = format!("pkg/{WASM_NAME}_bg.wasm");
    let wasm = std::fs::read(dir.join(&wasm_rel)).ctx(|| format!("reading {wasm_rel}"))?;
    let build_info = read("build-info.json")?;
    let parts = SingleFileParts {
        index: &index,
        styles: &styles,
        favicon: &read("favicon.svg")?,
        glue: &read(&format!("pkg/{WASM_NAME}.js"))?,
        boot: &read("boot.js")?,
        build_info: build_info.trim(),
        wasm: &wasm,
    };
    let html = single_file_html(&parts).map_err(|e| util::Error(format!("building {SINGLE_FILE}: {}", e.0)))?;
    std::fs::write(dir.join(SINGLE_FILE), html).ctx(|| format!("writing {SINGLE_FILE}"))
}

struct SingleFileParts<'a> {
    index: &'a str,
    styles: &'a str,
    favicon: &'a str,
    /// wasm-bindgen's `--target web` module.
    glue: &'a str,
    boot: &'a str,
    build_info: &'a str,
    wasm: &'a [u8],
}

/// The `href` of an index.html line that links a stylesheet.
fn stylesheet_href(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("<link rel=\"stylesheet\" href=\"./")?;
    rest.split_once('"').map(|(href, _)| href)
}

/// The script tag www/static/index.html starts the site with.
const BOOT_TAG: &str = "<script type=\"module\" src=\"./boot.js\"></script>";

/// Puts what the site needs to start inside index.html, each allowed by its hash in
/// the CSP: boot.js as a classic script (a module script would wait for the styles),
/// and the stylesheets, merged in their order, as one `<style>`. On a phone's slow
/// network each file of its own cost a round trip, and several at once delayed
/// boot.js behind the browser's few connections; now the first paint and the wasm's
/// download both start as soon as index.html has arrived. Runs after the single-file
/// build, which reads the files as www/static has them.
fn inline_start(dir: &Path) -> Result<()> {
    let index_path = dir.join("index.html");
    let read = |rel: &str| std::fs::read_to_string(dir.join(rel)).ctx(|| format!("reading {rel}"));
    let index = read("index.html")?;
    let boot = read("boot.js")?;
    let sheets = stylesheets(&index);
    let styles = merged_styles(dir, &sheets)?;
    std::fs::write(&index_path, with_inline_start(&index, &boot, &styles)?).ctx(|| "writing index.html".to_string())?;
    for rel in sheets.iter().map(String::as_str).chain(["boot.js"]) {
        std::fs::remove_file(dir.join(rel)).ctx(|| format!("removing {rel} once inlined"))?;
    }
    Ok(())
}

fn with_inline_start(index: &str, boot: &str, styles: &str) -> Result<String> {
    const SELF_SCRIPTS: &str = "script-src 'self'";
    const SELF_STYLES: &str = "style-src 'self'";
    check_inlinable("boot.js", boot, "</script")?;
    check_inlinable("the stylesheets", styles, "</style")?;
    if index.matches(BOOT_TAG).count() != 1 || index.matches(SELF_SCRIPTS).count() != 1 || index.matches(SELF_STYLES).count() != 1 {
        return err(format!("index.html no longer has one `{BOOT_TAG}`, one `{SELF_SCRIPTS}` and one `{SELF_STYLES}`; update the inlining"));
    }
    // The CSP first: what is inlined may itself mention it.
    let index = index
        .replace(SELF_SCRIPTS, &format!("{SELF_SCRIPTS} '{}'", csp_hash(boot)))
        .replace(SELF_STYLES, &format!("{SELF_STYLES} '{}'", csp_hash(styles)));
    let mut out = String::with_capacity(index.len() + boot.len() + styles.len());
    let mut styled = false;
    for line in index.split_inclusive('\n') {
        if line.trim() == BOOT_TAG {
            out.push_str(&format!("<script>{boot}</script>\n"));
        } else if stylesheet_href(line).is_some() {
            if !styled {
                out.push_str(&format!("<style>{styles}</style>\n"));
                styled = true;
            }
        } else {
            out.push_str(line);
        }
    }
    Ok(out)
}

/// The stylesheets' texts one after the other, each ending in a line break.
fn merged_styles(dir: &Path, sheets: &[String]) -> Result<String> {
    let mut styles = String::new();
    for rel in sheets {
        styles.push_str(&std::fs::read_to_string(dir.join(rel)).ctx(|| format!("reading {rel}"))?);
        if !styles.ends_with('\n') {
            styles.push('\n');
        }
    }
    Ok(styles)
}

/// Refuses text that would end the inline element holding it early (`close` is
/// `</script` or `</style`).
fn check_inlinable(what: &str, text: &str, close: &str) -> Result<()> {
    let lower = text.to_ascii_lowercase();
    if lower.contains(close) || lower.contains("<!--") {
        return err(format!("{what} contains `{close}` or `<!--`, which would end the inline element early"));
    }
    Ok(())
}

/// The `href`s of index.html's stylesheets, in order (the cascade depends on it).
fn stylesheets(index: &str) -> Vec<String> {
    index.lines().filter_map(stylesheet_href).map(str::to_string).collect()
}

/// index.html with everything it loads inlined. A `file://` page can load
/// neither module scripts nor workers from disk, so the glue and boot code run
/// as one inline module that instantiates the wasm from base64, and the CSP
/// allows exactly these inline blocks (by hash) and no network at all.
fn single_file_html(p: &SingleFileParts) -> Result<String> {
    const CHOICE_BEGIN: &str = "// begin module choice";
    const CHOICE_END: &str = "// end module choice";
    const GLUE_EXPORT: &str = "__wbg_init as default";
    let begins = p.boot.lines().filter(|l| l.starts_with(CHOICE_BEGIN)).count();
    let ends = p.boot.lines().filter(|l| l.trim() == CHOICE_END).count();
    if begins != 1 || ends != 1 {
        return err(format!("boot.js no longer has one `{CHOICE_BEGIN}` … `{CHOICE_END}` block; update the single-file build"));
    }
    if !p.glue.contains(GLUE_EXPORT) {
        return err(format!("the wasm-bindgen glue no longer exports `{GLUE_EXPORT}`; update the single-file build"));
    }
    if p.glue.lines().any(|l| l.trim_start().starts_with("import ")) {
        return err("the wasm-bindgen glue imports other files (JS snippets), which one file cannot hold");
    }
    // Must run before the glue's start function reads the route.
    let prelude = "if (!location.hash) location.replace('#/verify');\n\
        const startSite = async () => __wbg_init({ module_or_path: inlinedWasm() });\n\
        function inlinedWasm() {\n  \
          const raw = atob(document.getElementById('fairdraw-wasm').textContent.trim());\n  \
          const bytes = new Uint8Array(raw.length);\n  \
          for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);\n  \
          return bytes;\n\
        }\n";
    // The file's own start replaces boot.js's choice between the served modules.
    let mut in_choice = false;
    let boot: String = p
        .boot
        .lines()
        .skip_while(|l| l.starts_with("//") && !l.starts_with(CHOICE_BEGIN))
        .filter(|l| {
            let choice_line = in_choice || l.starts_with(CHOICE_BEGIN);
            in_choice = (in_choice || l.starts_with(CHOICE_BEGIN)) && l.trim() != CHOICE_END;
            !choice_line
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let module = format!("{}\n{prelude}{boot}", p.glue.trim_end());
    for (what, text, close) in [("the glue", p.glue, "</script"), ("boot.js", p.boot, "</script"), ("build-info.json", p.build_info, "</script"), ("the stylesheets", p.styles, "</style")] {
        check_inlinable(what, text, close)?;
    }
    let csp = format!(
        "default-src 'none'; script-src '{}' 'wasm-unsafe-eval'; style-src '{}'; img-src data:; connect-src 'none'; \
         worker-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(&module),
        csp_hash(p.styles)
    );
    let mut out = String::new();
    let mut styled = false;
    let mut scripted = false;
    for line in p.index.lines() {
        let t = line.trim();
        if t.starts_with("<meta http-equiv=\"Content-Security-Policy\"") {
            out.push_str(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"));
        } else if t.starts_with("<link rel=\"stylesheet\"") {
            if !styled {
                out.push_str(&format!("<style>{}</style>\n", p.styles));
                styled = true;
            }
        } else if t.starts_with("<link rel=\"icon\"") {
            out.push_str(&format!(
                "<link rel=\"icon\" href=\"data:image/svg+xml;base64,{}\" type=\"image/svg+xml\">\n",
                base64(p.favicon.trim().as_bytes())
            ));
        } else if t == BOOT_TAG {
            out.push_str(&format!("<script type=\"application/json\" id=\"fairdraw-build-info\">{}</script>\n", p.build_info));
            out.push_str(&format!("<script type=\"application/octet-stream\" id=\"fairdraw-wasm\">{}</script>\n", base64(p.wasm)));
            out.push_str(&format!("<script type=\"module\">{module}</script>\n"));
            scripted = true;
        } else if t.contains("src=\"") || t.contains("href=\"") {
            return err(format!("index.html loads a file the single-file build does not inline: {t}"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !styled || !scripted {
        return err("index.html no longer has the stylesheet links and the boot.js module this build inlines");
    }
    Ok(out)
}

/// A CSP source allowing one inline element with exactly this content.
fn csp_hash(content: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(content.as_bytes())))
}

/// Standard base64 with padding (RFC 4648), as `atob` and CSP hashes read it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
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
    gzip(bytes).len() as u64
}

/// Gzip at the best level with a fixed header (no name, time 0): the same bytes give
/// the same file, so builds stay reproducible.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// The smallest gzip this build can make (zopfli), for the site's own files, which
/// every visitor downloads: slower to make than [`gzip`], as reproducible.
pub fn gzip_smallest(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match zopfli::compress(zopfli::Options::default(), zopfli::Format::Gzip, bytes, &mut out) {
        Ok(()) => out,
        Err(_) => gzip(bytes),
    }
}

/// Brotli at its best (quality 11, the 4 MiB window of the reference `brotli` tool):
/// about a fifth smaller than [`gzip_smallest`] for the site's wasm, and the same
/// bytes from the same file.
pub fn brotli_smallest(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut out = Vec::new();
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => out,
        Err(_) => Vec::new(),
    }
}

/// What `bytes` decompress to as brotli, if they do.
fn unbrotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).ok().map(|_| out)
}

/// The size of `rel`'s `.br` copy in `dir`, which a host that serves them sends to
/// a browser that accepts brotli; `None` where there is none.
pub fn served_brotli_len(dir: &Path, rel: &str) -> Option<u64> {
    std::fs::metadata(dir.join(format!("{rel}.br"))).ok().map(|m| m.len())
}

/// The size a host that serves precompressed files sends for `rel` in `dir`: its
/// `.gz` copy's, or where it has none, what [`gzip`] makes of it.
pub fn served_gzip_len(dir: &Path, rel: &str) -> Result<u64> {
    if let Ok(meta) = std::fs::metadata(dir.join(format!("{rel}.gz"))) {
        return Ok(meta.len());
    }
    let bytes = std::fs::read(dir.join(rel)).ctx(|| format!("reading {rel}"))?;
    Ok(gzip_len(&bytes))
}

/// What a host may serve compressed: text and wasm.
const COMPRESSIBLE: [&str; 7] = [".html", ".js", ".css", ".wasm", ".json", ".svg", ".txt"];

/// `FILE.gz` and `FILE.br` beside every compressible file they shrink (outside
/// `draws/`), for hosts that serve precompressed files as they are (nginx
/// `gzip_static` and `brotli_static`, Caddy `precompressed`, object storage with
/// `Content-Encoding: gzip`); each is checked to decompress to its file.
fn write_precompressed(dir: &Path) -> Result<()> {
    // The 公示 folder changes after the build (`fairdraw publish`): a stale `.gz`
    // there would be served instead of the new index.
    let draws = format!("{}/", fairdraw::publication::SITE_FOLDER);
    let mut files: Vec<String> = util::list_files(dir)?
        .into_iter()
        .filter(|rel| COMPRESSIBLE.iter().any(|ext| rel.ends_with(ext)) && !rel.starts_with(&draws))
        .collect();
    // Largest first, shared by one thread per core: zopfli takes seconds a megabyte.
    files.sort_by_key(|rel| std::cmp::Reverse(std::fs::metadata(dir.join(rel)).map_or(0, |m| m.len())));
    let next = std::sync::Mutex::new(files.into_iter());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    while let Some(rel) = next.lock().ok().and_then(|mut files| files.next()) {
                        write_compressed_copies(dir, &rel)?;
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| w.join().unwrap_or_else(|_| err("compressing the site's files panicked")))
    })
}

/// What a compressed copy is made and read back with.
struct CompressedCopy {
    suffix: &'static str,
    compress: fn(&[u8]) -> Vec<u8>,
    decompress: fn(&[u8]) -> Option<Vec<u8>>,
}

const COPIES: [CompressedCopy; 2] = [
    CompressedCopy { suffix: "gz", compress: gzip_smallest, decompress: ungzip },
    CompressedCopy { suffix: "br", compress: brotli_smallest, decompress: unbrotli },
];

/// `REL.gz` and `REL.br` beside `REL`, each when it is smaller, checked to
/// decompress to it.
fn write_compressed_copies(dir: &Path, rel: &str) -> Result<()> {
    let bytes = std::fs::read(dir.join(rel)).ctx(|| format!("reading {rel}"))?;
    for CompressedCopy { suffix, compress, decompress } in COPIES {
        let copy = compress(&bytes);
        if copy.is_empty() || copy.len() >= bytes.len() {
            continue;
        }
        if decompress(&copy).as_deref() != Some(&bytes[..]) {
            return err(format!("{rel}.{suffix} does not decompress to {rel}"));
        }
        std::fs::write(dir.join(format!("{rel}.{suffix}")), copy).ctx(|| format!("writing {rel}.{suffix}"))?;
    }
    Ok(())
}

/// What `bytes` decompress to as gzip, if they do.
fn ungzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).ok().map(|_| out)
}

pub fn print_sizes(dir: &Path) -> Result<()> {
    for rel in util::list_files(dir)? {
        if !(rel.ends_with(".wasm") || rel == SINGLE_FILE) {
            continue;
        }
        let raw = std::fs::metadata(dir.join(&rel)).ctx(|| format!("reading {rel}"))?.len();
        let brotli = served_brotli_len(dir, &rel).map(|n| format!(", {} brotli", util::human_bytes(n))).unwrap_or_default();
        println!("{rel}: {} raw, {} gzip{brotli}", util::human_bytes(raw), util::human_bytes(served_gzip_len(dir, &rel)?));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real deployment shows no invented draw: its 公示 folder holds an index that
    /// lists nothing and the split index's empty root, and nothing else.
    #[test]
    fn a_deployment_publishes_no_demo_draw() {
        let dir = util::target_dir().join("dist-test-draws");
        let _ = std::fs::remove_dir_all(&dir);
        write_draws(&dir, Demo::Without).unwrap();
        let mut files = util::list_files(&dir).unwrap();
        files.sort();
        assert_eq!(files, ["index.json", "index/root.json"]);
        let index: fairdraw::publication::PublicationIndex = serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
        assert!(index.entries.is_empty() && index.warnings.is_empty());
        let root: fairdraw::publication::shards::Root = serde_json::from_slice(&std::fs::read(dir.join("index/root.json")).unwrap()).unwrap();
        assert!(root.shards.is_empty());
        // The demo build's examples are rehearsals, never real draws.
        let demo = util::target_dir().join("dist-test-demo-draws");
        let _ = std::fs::remove_dir_all(&demo);
        write_draws(&demo, Demo::With).unwrap();
        let index: fairdraw::publication::PublicationIndex = serde_json::from_slice(&std::fs::read(demo.join("index.json")).unwrap()).unwrap();
        assert_eq!(index.entries.len(), 3);
        assert!(index.entries.iter().all(|e| e.rehearsal));
    }

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

    #[test]
    fn the_smallest_gzip_is_gzip_and_reproducible() {
        let text = "公示 fairdraw 双随机 ".repeat(700);
        let gz = gzip_smallest(text.as_bytes());
        assert_eq!(gz, gzip_smallest(text.as_bytes()));
        assert!(gz.len() <= gzip(text.as_bytes()).len());
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn the_brotli_copy_is_reproducible_smaller_than_gzip_and_round_trips() {
        let text = "公示 fairdraw 双随机 ".repeat(700) + &(0..3000).map(|n| (n * 7919 % 1000).to_string()).collect::<String>();
        let br = brotli_smallest(text.as_bytes());
        assert_eq!(br, brotli_smallest(text.as_bytes()));
        assert!(br.len() < gzip_smallest(text.as_bytes()).len(), "{} bytes", br.len());
        assert_eq!(unbrotli(&br).as_deref(), Some(text.as_bytes()));
        assert_eq!(unbrotli(b"not brotli at all"), None);
    }

    #[test]
    fn gzip_is_reproducible_and_round_trips() {
        let text = "公示 fairdraw ".repeat(500);
        let gz = gzip(text.as_bytes());
        assert_eq!(gz, gzip(text.as_bytes()));
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "no time in the header");
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn base64_matches_rfc4648() {
        for (raw, enc) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(raw.as_bytes()), enc);
        }
        assert_eq!(base64(&[0xff, 0xfe]), "//4=");
    }

    fn parts<'a>(index: &'a str, glue: &'a str) -> SingleFileParts<'a> {
        SingleFileParts {
            index,
            styles: "body{color:red}\n",
            favicon: "<svg/>",
            glue,
            boot: "// comment\n// begin module choice\nconst startSite = () => import('./pkg/fairdraw_www.js');\n// end module choice\nstartSite().catch(e => e);\n",
            build_info: "{\"version\":\"1\"}",
            wasm: b"\0asm",
        }
    }

    const INDEX: &str = "<head>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n<link rel=\"icon\" href=\"./favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"./a.css\">\n<link rel=\"stylesheet\" href=\"./b.css\">\n<script type=\"module\" src=\"./boot.js\"></script>\n</head>\n";
    const GLUE: &str = "export function f() {}\nexport { initSync, __wbg_init as default };\n";

    #[test]
    fn the_start_runs_inline_allowed_by_its_hashes_alone() {
        let index = INDEX.replace("default-src 'self'", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
        let boot = "// allowed by script-src 'self'\nstart();\n";
        let styles = "/* style-src 'self' */\nbody{color:red}\n";
        let html = with_inline_start(&index, boot, styles).unwrap();
        assert!(!html.contains("boot.js") && !html.contains(".css"), "{html}");
        assert!(html.contains(&format!("<script>{boot}</script>")));
        assert_eq!(html.matches("<style>").count(), 1);
        assert!(html.contains(&format!("<style>{styles}</style>")));
        assert!(html.contains(&format!("script-src 'self' '{}' 'wasm-unsafe-eval'", csp_hash(boot))));
        assert!(html.contains(&format!("style-src 'self' '{}'", csp_hash(styles))));
        assert!(with_inline_start(&index, "x = '</SCRIPT>';\n", styles).is_err());
        assert!(with_inline_start(&index, boot, "</style>").is_err());
        assert!(with_inline_start(INDEX, boot, styles).is_err(), "no script-src to allow it in");
    }

    #[test]
    fn single_file_inlines_everything_and_hashes_it() {
        assert_eq!(stylesheets(INDEX), ["a.css", "b.css"]);
        let html = single_file_html(&parts(INDEX, GLUE)).unwrap();
        assert!(!html.contains("./"), "{html}");
        assert!(html.contains("id=\"fairdraw-wasm\">AGFzbQ==</script>"));
        assert_eq!(html.matches("<style>").count(), 1);
        let module = html.split("<script type=\"module\">").nth(1).unwrap().split("</script>").next().unwrap();
        assert!(module.contains("startSite().catch") && !module.contains("import(") && !module.contains("// comment"));
        assert_eq!(module.matches("const startSite").count(), 1);
        assert!(html.contains(&format!("script-src '{}' 'wasm-unsafe-eval'", csp_hash(module))));
        assert!(html.contains(&format!("style-src '{}';", csp_hash("body{color:red}\n"))));
        assert!(html.contains("connect-src 'none'") && !html.contains("'self'"));
        assert_eq!(single_file_html(&parts(INDEX, GLUE)).unwrap(), html);
    }

    #[test]
    fn single_file_refuses_what_it_cannot_inline() {
        let extra = INDEX.replace("</head>", "<script src=\"./other.js\"></script>\n</head>");
        assert!(single_file_html(&parts(&extra, GLUE)).is_err());
        assert!(single_file_html(&parts(INDEX, "import x from './snippets/a.js';\nexport { initSync, __wbg_init as default };")).is_err());
        assert!(single_file_html(&parts(INDEX, "let s = '</script>';\nexport { initSync, __wbg_init as default };")).is_err());
    }
}
