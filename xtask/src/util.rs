//! Process running, errors and small file helpers shared by every command.

use std::fmt;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A failure already worded for the person at the terminal: it is printed as is,
/// never with a backtrace.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

pub fn err<T>(msg: impl Into<String>) -> Result<T> {
    Err(Error(msg.into()))
}

/// Attaches what we were doing to a low-level error (an `io::Error` alone says
/// "No such file or directory" without saying which).
pub trait Context<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: fmt::Display> Context<T> for std::result::Result<T, E> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error(format!("{}: {e}", what())))
    }
}

/// The workspace root. The xtask is always compiled from the checkout it runs
/// on, so its own manifest directory is a reliable anchor wherever the command
/// is started from.
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// A folder for one layer's temporary files, given to its processes as `TMPDIR`:
/// Chromium's profiles and the tests' own temporary folders land there and go
/// with it, instead of piling up in the machine's /tmp run after run (a browser
/// killed at a timeout never cleans up after itself).
pub struct Scratch(PathBuf);

impl Scratch {
    /// Emptied if a killed run left it behind.
    pub fn new(name: &str) -> Result<Scratch> {
        let dir = target_dir().join("scratch").join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).ctx(|| format!("removing {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).ctx(|| format!("creating {}", dir.display()))?;
        Ok(Scratch(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Where cargo puts build output for this workspace.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                root().join(d)
            }
        }
        _ => root().join("target"),
    }
}

pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(root());
    c
}

pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn spawn_error(cmd: &Command, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error(format!(
            "`{}` was not found on PATH (needed for `{}`)",
            cmd.get_program().to_string_lossy(),
            describe(cmd)
        ))
    } else {
        Error(format!("could not start `{}`: {e}", describe(cmd)))
    }
}

pub fn status_text(status: ExitStatus) -> String {
    match status.code() {
        Some(c) => format!("exit status {c}"),
        None => "killed by a signal".to_string(),
    }
}

/// Runs a command with inherited output and stdin closed (CI has no stdin; an
/// interactive prompt must fail fast instead of hanging).
pub fn run(cmd: &mut Command) -> Result<()> {
    println!("$ {}", describe(cmd));
    let status = cmd
        .stdin(Stdio::null())
        .status()
        .map_err(|e| spawn_error(cmd, e))?;
    if status.success() {
        Ok(())
    } else {
        err(format!("`{}` failed ({})", describe(cmd), status_text(status)))
    }
}

/// Runs a command quietly and returns its stdout, or None if it could not be
/// started or failed. For probing what is installed.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd.stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    if out.status.success() {
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        None
    }
}

pub enum Waited {
    Finished(ExitStatus),
    TimedOut,
}

/// Runs a command, killing it after `limit`. Output is inherited.
pub fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Result<Waited> {
    println!("$ {}", describe(cmd));
    let mut child = cmd
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| spawn_error(cmd, e))?;
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().ctx(|| format!("waiting for `{}`", describe(cmd)))? {
            return Ok(Waited::Finished(status));
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Waited::TimedOut);
        }
        thread::sleep(Duration::from_millis(200));
    }
}

/// Runs a command, echoing its stdout and stderr live while keeping a copy of
/// both, so test counts can be read from output the user also sees. Killed
/// after `limit`; the returned status is None in that case.
pub fn run_tee(cmd: &mut Command, limit: Duration) -> Result<(Option<ExitStatus>, String)> {
    println!("$ {}", describe(cmd));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(cmd, e))?;
    let captured = Arc::new(Mutex::new(String::new()));
    let mut pumps = Vec::new();
    if let Some(out) = child.stdout.take() {
        pumps.push(pump(out, captured.clone(), false));
    }
    if let Some(errp) = child.stderr.take() {
        pumps.push(pump(errp, captured.clone(), true));
    }
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().ctx(|| format!("waiting for `{}`", describe(cmd)))? {
            break Some(status);
        }
        if start.elapsed() > limit {
            eprintln!(
                "`{}` still running after {} minutes; stopping it",
                describe(cmd),
                limit.as_secs() / 60
            );
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(200));
    };
    for p in pumps {
        let _ = p.join();
    }
    let text = captured.lock().map(|s| s.clone()).unwrap_or_default();
    Ok((status, text))
}

fn pump<R: Read + Send + 'static>(
    src: R,
    sink: Arc<Mutex<String>>,
    to_stderr: bool,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(src);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let line = String::from_utf8_lossy(&buf);
                    if to_stderr {
                        let _ = std::io::stderr().write_all(line.as_bytes());
                    } else {
                        let mut o = std::io::stdout().lock();
                        let _ = o.write_all(line.as_bytes());
                        let _ = o.flush();
                    }
                    if let Ok(mut s) = sink.lock() {
                        s.push_str(&line);
                    }
                }
            }
        }
    })
}

pub fn is_root() -> bool {
    // std has no getuid; /proc is always there on the Linux machines this runs on.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).ctx(|| format!("creating {}", to.display()))?;
    let entries = std::fs::read_dir(from).ctx(|| format!("reading {}", from.display()))?;
    for entry in entries {
        let entry = entry.ctx(|| format!("reading {}", from.display()))?;
        let src = entry.path();
        let dst = to.join(entry.file_name());
        let kind = entry.file_type().ctx(|| format!("reading {}", src.display()))?;
        if kind.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst)
                .ctx(|| format!("copying {} to {}", src.display(), dst.display()))?;
        }
    }
    Ok(())
}

/// Every regular file under `dir`, as sorted '/'-separated relative paths.
pub fn list_files(dir: &Path) -> Result<Vec<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        let entries = std::fs::read_dir(dir).ctx(|| format!("reading {}", dir.display()))?;
        for entry in entries {
            let entry = entry.ctx(|| format!("reading {}", dir.display()))?;
            let p = entry.path();
            let kind = entry.file_type().ctx(|| format!("reading {}", p.display()))?;
            if kind.is_dir() {
                walk(base, &p, out)?;
            } else {
                let rel = p.strip_prefix(base).unwrap_or(&p);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

pub fn human_bytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.2} MiB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

pub fn mins(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// Lower-case hex SHA-256, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}
