//! A small static file server (std only) for `serve` and the end-to-end tests.
//! It serves a folder read-only on 127.0.0.1; it is not meant for production.

use crate::util::{self, err, Context, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;
use std::time::Duration;

pub fn cmd(args: &[String]) -> Result<()> {
    let mut port: u16 = 8080;
    let mut build = true;
    let mut host = Host::Plain;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" | "-p" => {
                let v = it.next().ok_or_else(|| util::Error("--port needs a number".into()))?;
                port = v.parse().map_err(|_| util::Error(format!("--port: `{v}` is not a port number")))?;
            }
            "--no-build" => build = false,
            "--configured" => host = Host::Configured,
            other => {
                return err(format!(
                    "unknown option `{other}` for serve (usage: cargo xtask serve [--port N] [--no-build] [--configured])"
                ))
            }
        }
    }
    let dir = util::root().join("dist");
    if build {
        // The served demo keeps its example draws; a deployable `dist` has none.
        crate::dist::cmd(&["--with-demo".to_string()])?;
    } else if !dir.join("index.html").is_file() {
        return err("dist/ has not been built yet; run `cargo xtask serve` without --no-build");
    }
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        util::Error(format!("cannot listen on 127.0.0.1:{port} ({e}); pick another port with --port N"))
    })?;
    println!();
    println!("Serving {} at http://127.0.0.1:{port}/  (Ctrl-C to stop)", dir.display());
    accept_loop(listener, dir, Vec::new(), host);
    Ok(())
}

/// Starts serving `dir` on a free port in a background thread. Requests under
/// any of `mounts` (like "/a/sub/path/") are served from `dir` too, so tests can
/// prove the site works below a sub-path.
pub fn start(dir: PathBuf, mounts: Vec<String>) -> Result<SocketAddr> {
    start_as(dir, mounts, Host::Plain)
}

/// How much of a real web host the server imitates.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// Every file as it is, every time: what the end-to-end tests expect.
    Plain,
    /// As nginx with `brotli_static on`, `gzip_static on` and `etag on` (the
    /// README's settings): a file's `.br` copy with `Content-Encoding: br` to a
    /// browser that accepts brotli, else its `.gz` copy to one that accepts gzip,
    /// and `304 Not Modified` for a copy the browser already holds.
    Configured,
}

/// [`start`], imitating `host`.
pub fn start_as(dir: PathBuf, mounts: Vec<String>, host: Host) -> Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).ctx(|| "opening a port on 127.0.0.1".to_string())?;
    let addr = listener.local_addr().ctx(|| "reading the server address".to_string())?;
    thread::spawn(move || accept_loop(listener, dir, mounts, host));
    Ok(addr)
}

fn accept_loop(listener: TcpListener, dir: PathBuf, mounts: Vec<String>, host: Host) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let dir = dir.clone();
        let mounts = mounts.clone();
        thread::spawn(move || {
            let _ = handle(stream, &dir, &mounts, host);
        });
    }
}

fn handle(mut stream: TcpStream, dir: &Path, mounts: &[String], host: Host) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let (mut accepts, mut holds) = (Vec::<String>::new(), None::<String>);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "accept-encoding" => accepts = value.split(',').filter_map(|e| e.split(';').next()).map(|e| e.trim().to_ascii_lowercase()).collect(),
                "if-none-match" => holds = Some(value.trim().to_string()),
                _ => {}
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(&mut stream, 405, "text/plain; charset=utf-8", b"method not allowed\n", head_only);
    }
    match resolve(dir, mounts, target) {
        Some(path) if host == Host::Configured => {
            let copy = |suffix: &str| path.with_file_name(format!("{}.{suffix}", path.file_name().unwrap_or_default().to_string_lossy()));
            let served = [("br", "br"), ("gz", "gzip")].into_iter().find_map(|(suffix, encoding)| {
                let file = copy(suffix);
                (accepts.iter().any(|a| a == encoding) && file.is_file()).then_some((file, Some(encoding)))
            });
            let (file, encoding) = served.unwrap_or_else(|| (path.clone(), None));
            // As nginx makes it, from the file's time and size: hashing a document of
            // hundreds of MB on every request would be most of the time measured.
            let meta = std::fs::metadata(&file)?;
            let modified = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
            let tag = format!("\"{modified:x}-{:x}\"", meta.len());
            if holds.as_deref() == Some(tag.as_str()) {
                let header = format!("HTTP/1.1 304 Not Modified\r\nETag: {tag}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n");
                stream.write_all(header.as_bytes())?;
                return stream.flush();
            }
            let body = std::fs::read(&file)?;
            let encoding = encoding.map(|e| format!("Content-Encoding: {e}\r\n")).unwrap_or_default();
            let header = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\n{encoding}Vary: Accept-Encoding\r\nETag: {tag}\r\n\
                 Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
                content_type(&path),
                body.len()
            );
            stream.write_all(header.as_bytes())?;
            if !head_only {
                stream.write_all(&body)?;
            }
            stream.flush()
        }
        Some(path) => match std::fs::File::open(&path) {
            Ok(mut f) => {
                let mut body = Vec::new();
                f.read_to_end(&mut body)?;
                respond(&mut stream, 200, content_type(&path), &body, head_only)
            }
            Err(_) => respond(&mut stream, 404, "text/plain; charset=utf-8", b"not found\n", head_only),
        },
        None => respond(&mut stream, 404, "text/plain; charset=utf-8", b"not found\n", head_only),
    }
}

fn respond(stream: &mut TcpStream, code: u16, ctype: &str, body: &[u8], head_only: bool) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let header = format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Maps a request target to a file inside `dir`, refusing anything that would
/// leave it.
fn resolve(dir: &Path, mounts: &[String], target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut path = percent_decode(path)?;
    for m in mounts {
        if let Some(rest) = path.strip_prefix(m.trim_end_matches('/')) {
            if rest.is_empty() || rest.starts_with('/') {
                path = if rest.is_empty() { "/".into() } else { rest.to_string() };
                break;
            }
        }
    }
    let mut out = dir.to_path_buf();
    for comp in Path::new(path.trim_start_matches('/')).components() {
        match comp {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    (!s.contains('\0')).then_some(s)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        _ if path.file_name().is_some_and(|n| n == "SHA256SUMS") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(addr: SocketAddr, headers: &str) -> Vec<u8> {
        get_path(addr, "/a.json", headers)
    }

    fn get_path(addr: SocketAddr, path: &str, headers: &str) -> Vec<u8> {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n{headers}\r\n").as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        answer
    }

    fn head_and_body(answer: &[u8]) -> (String, Vec<u8>) {
        let end = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        (String::from_utf8_lossy(&answer[..end]).into_owned(), answer[end + 4..].to_vec())
    }

    #[test]
    fn a_configured_host_serves_compressed_copies_and_answers_304_for_a_held_copy() {
        let dir = std::env::temp_dir().join(format!("fairdraw-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.json"), b"{\"plain\":true}").unwrap();
        std::fs::write(dir.join("a.json.gz"), b"gzip bytes").unwrap();
        std::fs::write(dir.join("a.json.br"), b"brotli bytes").unwrap();
        std::fs::write(dir.join("b.json"), b"{}").unwrap();
        std::fs::write(dir.join("b.json.gz"), b"b gzip bytes").unwrap();
        let addr = start_as(dir.clone(), Vec::new(), Host::Configured).unwrap();
        let at = |path: &str, headers: &str| head_and_body(&get_path(addr, path, headers));

        let (head, body) = at("/a.json", "Accept-Encoding: gzip, deflate, br, zstd\r\n");
        assert!(head.contains("Content-Encoding: br") && head.contains("Vary: Accept-Encoding"), "{head}");
        assert_eq!(body, b"brotli bytes");
        assert_eq!(at("/a.json", "Accept-Encoding: br;q=1.0\r\n").1, b"brotli bytes");
        // Without a .br copy, a browser that accepts both gets the .gz one.
        let (head, body) = at("/b.json", "Accept-Encoding: gzip, deflate, br\r\n");
        assert!(head.contains("Content-Encoding: gzip"), "{head}");
        assert_eq!(body, b"b gzip bytes");

        let (head, body) = head_and_body(&get(addr, "Accept-Encoding: gzip, deflate\r\n"));
        assert!(head.starts_with("HTTP/1.1 200") && head.contains("Content-Encoding: gzip") && head.contains("Vary: Accept-Encoding"), "{head}");
        assert_eq!(body, b"gzip bytes");
        let tag = head.lines().find_map(|l| l.strip_prefix("ETag: ")).unwrap().to_string();
        let (head, body) = head_and_body(&get(addr, &format!("Accept-Encoding: gzip\r\nIf-None-Match: {tag}\r\n")));
        assert!(head.starts_with("HTTP/1.1 304"), "{head}");
        assert!(body.is_empty());

        let (head, body) = head_and_body(&get(addr, ""));
        assert!(head.starts_with("HTTP/1.1 200") && !head.contains("Content-Encoding"), "{head}");
        assert_eq!(body, b"{\"plain\":true}");
        let plain = start(dir.clone(), Vec::new()).unwrap();
        let (head, _) = head_and_body(&get(plain, "Accept-Encoding: gzip\r\n"));
        assert!(!head.contains("Content-Encoding"), "the tests' server sends files as they are: {head}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn refuses_to_leave_the_folder() {
        let dir = std::env::temp_dir();
        assert!(resolve(&dir, &[], "/../etc/passwd").is_none());
        assert!(resolve(&dir, &[], "/%2e%2e/etc/passwd").is_none());
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/bad%zz"), None);
    }

    #[test]
    fn wasm_gets_its_mime_type() {
        assert_eq!(content_type(Path::new("pkg/x_bg.wasm")), "application/wasm");
    }
}
