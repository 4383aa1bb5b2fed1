//! Installs what the build and the tests need, into the git-ignored `.tools/`
//! and `node_modules/` when it can (the tools compiled from source into the user's
//! cache, [`compiled_tools_dir`]). Every step checks first, so a second run
//! only probes.

use crate::util::{self, err, is_root, probe, root, run, run_with_timeout, Context, Result, Waited};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Flags every headless Chromium gets: root needs --no-sandbox, and the
/// networking flags keep it from hammering a closed network.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
const DEBIAN_WASM_LD: &str = "/usr/lib/llvm-19/bin/wasm-ld";
/// The workspace's rust-version; an older Debian rustc cannot build it.
const MIN_RUSTC: (u32, u32) = (1, 85);

pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// Where the tools compiled from source (wasm-bindgen-cli, cargo-fuzz) are
/// installed, each in a folder named by its pinned version: the user's cache
/// (`$XDG_CACHE_HOME/fairdraw/tools` or `~/.cache/fairdraw/tools`, or
/// `FAIRDRAW_TOOLS_CACHE`), shared by every checkout, so that a fresh clone does
/// not compile them again (three minutes on two cores); `.tools/` when there is no
/// writable cache.
pub fn compiled_tools_dir() -> PathBuf {
    let given = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    let cache = given("FAIRDRAW_TOOLS_CACHE")
        .or_else(|| given("XDG_CACHE_HOME").map(|c| c.join("fairdraw/tools")))
        .or_else(|| given("HOME").map(|h| h.join(".cache/fairdraw/tools")));
    match cache {
        Some(dir) if dir.is_absolute() && std::fs::create_dir_all(&dir).is_ok() => dir,
        _ => tools_dir(),
    }
}

/// How wasm32 code gets built on this machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WasmStd {
    /// rustup's prebuilt wasm32 standard library.
    Rustup,
    /// Debian's rustc-web with its std sources, std rebuilt by cargo
    /// (`-Zbuild-std`), linked by lld-19. Used when rustup cannot fetch the target.
    Debian,
}

impl WasmStd {
    /// A `cargo <sub> --target wasm32-unknown-unknown` command set up for this
    /// route. `rustflags` apply to the wasm artifacts only, because cargo does
    /// not pass target rustflags to build scripts and proc macros when
    /// `--target` is given.
    pub fn cargo(self, sub: &str, mut rustflags: Vec<String>) -> Command {
        let mut c = util::cargo();
        c.arg(sub).arg("--target").arg(WASM_TARGET);
        if self == WasmStd::Debian {
            c.env("RUSTC", DEBIAN_RUSTC).env("RUSTC_BOOTSTRAP", "1");
            c.arg("-Zbuild-std=std,panic_abort");
            rustflags.insert(0, format!("-Clinker={DEBIAN_WASM_LD}"));
        }
        if let Ok(user) = std::env::var("RUSTFLAGS") {
            let user: Vec<String> = user.split_whitespace().map(String::from).collect();
            rustflags.splice(0..0, user);
        }
        c.env_remove("RUSTFLAGS");
        if rustflags.is_empty() {
            c.env_remove("CARGO_ENCODED_RUSTFLAGS");
        } else {
            c.env("CARGO_ENCODED_RUSTFLAGS", rustflags.join("\x1f"));
        }
        c
    }
}

/// The wasm32 standard library: rustup's if present or installable, else the
/// Debian route.
pub fn wasm_std() -> Result<WasmStd> {
    if std::env::var("FAIRDRAW_WASM_STD").as_deref() == Ok("debian") {
        return debian_wasm_std();
    }
    if rustup_has_wasm_std() {
        return Ok(WasmStd::Rustup);
    }
    if probe(Command::new("rustup").arg("--version")).is_some() {
        println!("Installing the {WASM_TARGET} standard library with rustup…");
        let mut c = Command::new("rustup");
        c.args(["target", "add", WASM_TARGET]);
        match run_with_timeout(&mut c, Duration::from_secs(300))? {
            Waited::Finished(s) if s.success() && rustup_has_wasm_std() => return Ok(WasmStd::Rustup),
            Waited::Finished(s) => {
                eprintln!("rustup target add failed ({}); trying Debian's rustc-web instead", util::status_text(s))
            }
            Waited::TimedOut => {
                eprintln!("rustup target add did not finish in 5 minutes; trying Debian's rustc-web instead")
            }
        }
    }
    debian_wasm_std()
}

fn rustup_has_wasm_std() -> bool {
    let Some(sysroot) = probe(Command::new("rustc").args(["--print", "sysroot"])) else {
        return false;
    };
    Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .join("lib")
        .is_dir()
}

fn debian_wasm_std() -> Result<WasmStd> {
    if !debian_wasm_std_ready() {
        apt_install(
            &["rustc-web", "rust-web-src", "lld-19"],
            "the wasm32 standard library (rustup could not install it)",
            "rustup target add wasm32-unknown-unknown",
        )?;
        if !debian_wasm_std_ready() {
            return err(format!(
                "Debian's rustc-web is installed but not usable for wasm: need {DEBIAN_RUSTC} \
                 >= {}.{} with its std sources (rust-web-src) and {DEBIAN_WASM_LD} (lld-19).",
                MIN_RUSTC.0, MIN_RUSTC.1
            ));
        }
    }
    println!("Building wasm with Debian's rustc-web (-Zbuild-std).");
    Ok(WasmStd::Debian)
}

fn debian_wasm_std_ready() -> bool {
    let Some(v) = probe(Command::new(DEBIAN_RUSTC).arg("--version")) else {
        return false;
    };
    let new_enough = parse_rustc_version(&v).is_some_and(|mm| mm >= MIN_RUSTC);
    let src = probe(Command::new(DEBIAN_RUSTC).args(["--print", "sysroot"]))
        .map(|s| Path::new(s.trim()).join("lib/rustlib/src/rust/library/std").is_dir())
        .unwrap_or(false);
    new_enough && src && Path::new(DEBIAN_WASM_LD).exists()
}

fn parse_rustc_version(v: &str) -> Option<(u32, u32)> {
    let ver = v.split_whitespace().nth(1)?;
    let mut it = ver.split('.');
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

/// The `wasm-bindgen` version in Cargo.lock. The crate is pinned with `=`, and
/// the CLI must be exactly the same version or the generated glue breaks.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock_path = root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path).ctx(|| format!("reading {}", lock_path.display()))?;
    let versions = lock_versions(&lock, "wasm-bindgen");
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => err("Cargo.lock has no `wasm-bindgen` package; run `cargo generate-lockfile` or check www/Cargo.toml"),
        many => err(format!(
            "Cargo.lock has several `wasm-bindgen` versions ({}); pin one version with `=` in every Cargo.toml",
            many.join(", ")
        )),
    }
}

fn lock_versions(lock: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        if field("name").as_deref() == Some(name) {
            if let Some(v) = field("version") {
                out.push(v);
            }
        }
    }
    out
}

/// The directory holding `wasm-bindgen` and `wasm-bindgen-test-runner` at the
/// pinned version, installing them if needed.
pub fn wasm_bindgen() -> Result<PathBuf> {
    let version = wasm_bindgen_version()?;
    let install_root = compiled_tools_dir().join(format!("wasm-bindgen-{version}"));
    let bin = install_root.join("bin");
    if wasm_bindgen_ready(&bin, &version) {
        return Ok(bin);
    }
    println!("Installing wasm-bindgen-cli {version} into {} (about 2 minutes)…", install_root.display());
    let mut c = util::cargo();
    c.args(["install", "wasm-bindgen-cli", "--version"])
        .arg(format!("={version}"))
        .arg("--root")
        .arg(&install_root);
    let manual = format!(
        "Install it by hand with `cargo install wasm-bindgen-cli --version ={version} --root {}`.",
        install_root.display()
    );
    match run_with_timeout(&mut c, Duration::from_secs(40 * 60))? {
        Waited::Finished(s) if s.success() => {}
        Waited::Finished(s) => {
            return err(format!("could not install wasm-bindgen-cli {version} ({}). {manual}", util::status_text(s)))
        }
        Waited::TimedOut => return err(format!("installing wasm-bindgen-cli {version} took over 40 minutes. {manual}")),
    }
    if !wasm_bindgen_ready(&bin, &version) {
        return err(format!("wasm-bindgen-cli {version} was installed but {} is not usable. {manual}", bin.display()));
    }
    Ok(bin)
}

fn wasm_bindgen_ready(bin: &Path, version: &str) -> bool {
    let ok = probe(&mut Command::new(bin.join("wasm-bindgen")).arg("--version"))
        .is_some_and(|v| v.split_whitespace().nth(1) == Some(version));
    ok && bin.join("wasm-bindgen-test-runner").exists()
}

/// cargo-fuzz, pinned: its command line and its libFuzzer glue change between releases.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// The toolchain cargo-fuzz builds with (libFuzzer needs nightly-only flags).
pub const FUZZ_TOOLCHAIN: &str = "nightly";

/// A `rustup run nightly …` command: the nightly toolchain first on PATH, and none of
/// the variables cargo set for the stable xtask that would pull the build back to it.
pub fn nightly(program: &Path) -> Command {
    let mut c = Command::new("rustup");
    c.args(["run", FUZZ_TOOLCHAIN]).arg(program).current_dir(root());
    for var in ["CARGO", "RUSTC", "RUSTDOC", "RUSTC_WRAPPER", "RUSTUP_TOOLCHAIN", "RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS"] {
        c.env_remove(var);
    }
    c
}

/// The nightly toolchain, installed with rustup's minimal profile when missing.
pub fn nightly_toolchain() -> Result<()> {
    let has = || probe(Command::new("rustup").args(["run", FUZZ_TOOLCHAIN, "rustc", "--version"])).is_some();
    if has() {
        return Ok(());
    }
    if probe(Command::new("rustup").arg("--version")).is_none() {
        return err("fuzzing needs nightly Rust through rustup, and rustup is not on PATH. Install rustup (https://rustup.rs), then run `rustup toolchain install nightly --profile minimal`.");
    }
    println!("Installing the nightly Rust toolchain (minimal profile) for cargo-fuzz…");
    let mut c = Command::new("rustup");
    c.args(["toolchain", "install", FUZZ_TOOLCHAIN, "--profile", "minimal"]);
    let manual = "Install it by hand with `rustup toolchain install nightly --profile minimal`.";
    match run_with_timeout(&mut c, Duration::from_secs(15 * 60))? {
        Waited::Finished(s) if s.success() && has() => Ok(()),
        Waited::Finished(s) => err(format!("could not install nightly Rust ({}). {manual}", util::status_text(s))),
        Waited::TimedOut => err(format!("installing nightly Rust took over 15 minutes. {manual}")),
    }
}

/// The `cargo-fuzz` binary at the pinned version, installed if needed.
pub fn cargo_fuzz() -> Result<PathBuf> {
    let install_root = compiled_tools_dir().join(format!("cargo-fuzz-{CARGO_FUZZ_VERSION}"));
    let bin = install_root.join("bin/cargo-fuzz");
    let ready = |bin: &Path| {
        probe(Command::new(bin).arg("--version")).is_some_and(|v| v.split_whitespace().nth(1) == Some(CARGO_FUZZ_VERSION))
    };
    if ready(&bin) {
        return Ok(bin);
    }
    println!("Installing cargo-fuzz {CARGO_FUZZ_VERSION} into {} (about 2 minutes)…", install_root.display());
    let mut c = util::cargo();
    c.args(["install", "cargo-fuzz", "--locked", "--version"])
        .arg(format!("={CARGO_FUZZ_VERSION}"))
        .arg("--root")
        .arg(&install_root);
    let manual = format!(
        "Install it by hand with `cargo install cargo-fuzz --locked --version ={CARGO_FUZZ_VERSION} --root {}`.",
        install_root.display()
    );
    match run_with_timeout(&mut c, Duration::from_secs(20 * 60))? {
        Waited::Finished(s) if s.success() && ready(&bin) => Ok(bin),
        Waited::Finished(s) => err(format!("could not install cargo-fuzz {CARGO_FUZZ_VERSION} ({}). {manual}", util::status_text(s))),
        Waited::TimedOut => err(format!("installing cargo-fuzz {CARGO_FUZZ_VERSION} took over 20 minutes. {manual}")),
    }
}

/// node and the npm packages in package-lock.json (wasm-opt, playwright-core).
pub fn npm_packages() -> Result<()> {
    let node_version = match probe(Command::new("node").arg("--version")) {
        Some(v) => v.trim().to_string(),
        None => {
            apt_install(&["nodejs", "npm"], "node (runs wasm-opt and the end-to-end tests)", "")?;
            probe(Command::new("node").arg("--version"))
                .map(|v| v.trim().to_string())
                .ok_or_else(|| util::Error("node is still not runnable after installing nodejs".into()))?
        }
    };
    let major: u32 = node_version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 18 {
        return err(format!("node {node_version} is too old; the tools need node 18 or newer"));
    }
    let lock_path = root().join("package-lock.json");
    let lock = std::fs::read(&lock_path).ctx(|| format!("reading {}", lock_path.display()))?;
    let stamp_want = format!("{} node {node_version}\n", util::sha256_hex(&lock));
    let stamp_path = tools_dir().join("npm-ci.stamp");
    let installed = wasm_opt_script().exists() && root().join("node_modules/playwright-core/package.json").exists();
    if installed && std::fs::read_to_string(&stamp_path).ok().as_deref() == Some(stamp_want.as_str()) {
        return Ok(());
    }
    println!("Installing npm packages from package-lock.json…");
    let mut c = Command::new("npm");
    c.current_dir(root()).args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
    run(&mut c).map_err(|e| {
        util::Error(format!(
            "{e}\nnpm could not install binaryen and playwright-core. Run `npm ci` in {} by hand \
             (it needs the npm registry).",
            root().display()
        ))
    })?;
    if !wasm_opt_script().exists() {
        return err(format!("npm ci finished but {} is missing", wasm_opt_script().display()));
    }
    std::fs::create_dir_all(tools_dir()).ctx(|| format!("creating {}", tools_dir().display()))?;
    std::fs::write(&stamp_path, stamp_want).ctx(|| format!("writing {}", stamp_path.display()))?;
    Ok(())
}

pub fn wasm_opt_script() -> PathBuf {
    root().join("node_modules/binaryen/bin/wasm-opt")
}

/// Chromium, its WebDriver and a CJK font (without one every Chinese character
/// is a box in screenshots).
pub fn browser() -> Result<()> {
    let wanted = [
        ("chromium", Some(CHROMIUM)),
        ("chromium-driver", Some(CHROMEDRIVER)),
        ("fonts-wqy-microhei", None),
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(pkg, file)| !deb_installed(pkg, *file))
        .map(|(pkg, _)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing, "the headless browser used by the wasm and end-to-end tests", "")?;
    let still: Vec<&str> = wanted
        .iter()
        .filter(|(pkg, file)| !deb_installed(pkg, *file))
        .map(|(pkg, _)| *pkg)
        .collect();
    if !still.is_empty() {
        return err(format!("still missing after apt-get install: {}", still.join(", ")));
    }
    Ok(())
}

fn deb_installed(pkg: &str, file: Option<&str>) -> bool {
    let status = probe(Command::new("dpkg-query").args(["-W", "-f=${Status}", pkg]));
    let pkg_ok = match status {
        Some(s) => s.contains("install ok installed"),
        // Not a dpkg system: only the file can tell.
        None => file.is_some(),
    };
    pkg_ok && file.is_none_or(|f| Path::new(f).exists())
}

static APT_UPDATED: AtomicBool = AtomicBool::new(false);

/// Installs Debian packages when running as root; otherwise, or when apt
/// fails, stops with the command to run by hand.
fn apt_install(pkgs: &[&str], why: &str, alternative: &str) -> Result<()> {
    let list = pkgs.join(" ");
    let mut manual = format!("Install by hand: `sudo apt-get update && sudo apt-get install -y {list}`");
    if !alternative.is_empty() {
        manual.push_str(&format!(", or `{alternative}`"));
    }
    manual.push('.');
    if !is_root() {
        return err(format!("missing {list}, needed for {why}. {manual}"));
    }
    if probe(Command::new("apt-get").arg("--version")).is_none() {
        return err(format!("missing {list}, needed for {why}, and apt-get is not available. {manual}"));
    }
    println!("Installing {list} ({why})…");
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        let mut c = Command::new("apt-get");
        c.arg("update").env("DEBIAN_FRONTEND", "noninteractive");
        // Some configured sources may be unreachable on a closed network; the
        // install below still works from the ones that answered.
        match run_with_timeout(&mut c, Duration::from_secs(600))? {
            Waited::Finished(s) if s.success() => {}
            _ => eprintln!("apt-get update did not fully succeed; trying the install anyway"),
        }
    }
    let mut c = Command::new("apt-get");
    c.args(["install", "-y"]).args(pkgs).env("DEBIAN_FRONTEND", "noninteractive");
    match run_with_timeout(&mut c, Duration::from_secs(30 * 60))? {
        Waited::Finished(s) if s.success() => Ok(()),
        Waited::Finished(s) => err(format!("apt-get install {list} failed ({}). {manual}", util::status_text(s))),
        Waited::TimedOut => err(format!("apt-get install {list} took over 30 minutes. {manual}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_locked_version() {
        let lock = "version = 4\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\
                    source = \"registry\"\n\n[[package]]\nname = \"wasm-bindgen-shared\"\nversion = \"0.2.9\"\n";
        assert_eq!(lock_versions(lock, "wasm-bindgen"), vec!["0.2.130".to_string()]);
    }

    #[test]
    fn reads_rustc_version() {
        assert_eq!(parse_rustc_version("rustc 1.96.0 (abc 2026-01-01)"), Some((1, 96)));
        assert_eq!(parse_rustc_version("garbage"), None);
    }
}
