//! Tidy: the boundaries ARCHITECTURE.md states, checked so that they keep holding.
//!
//! - Every Rust source file of the workspace is in the code map, in the section of
//!   its crate folder, by its path inside that folder.
//! - `fairdraw-format` depends on no other crate of the workspace and on none of the
//!   I/O, UI, spreadsheet, text-encoding or QR crates, directly or through another.
//! - `fairdraw-format` reads no clock, touches no file, network or environment,
//!   keeps no global state and computes nothing with floating point outside its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The folders whose files the code map must list, each a `### \`folder\`` section.
const MAPPED: &[&str] = &["format/src/", "src/", "www/src/", "www/xlsx/src/", "xtask/src/"];

/// The sections of ARCHITECTURE.md's code map: heading path → the section's text.
fn code_map_sections() -> BTreeMap<String, String> {
    let text = read(&root().join("ARCHITECTURE.md"));
    let mut sections = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if line.starts_with("## ") || line.starts_with("### ") {
            if let Some((name, body)) = current.take() {
                sections.insert(name, body);
            }
            if let Some(rest) = line.strip_prefix("### `") {
                if let Some(name) = rest.strip_suffix('`') {
                    current = Some((name.to_string(), String::new()));
                }
            }
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((name, body)) = current {
        sections.insert(name, body);
    }
    sections
}

/// How the code map names a file: `lib.rs`, `main.rs` and `mod.rs` are covered by
/// their crate's section or their folder (`beacon/`); any other file by its path
/// inside the section's folder (`beacon/drand.rs`).
fn map_name(relative: &str) -> Option<String> {
    let (dir, file) = match relative.rsplit_once('/') {
        Some((dir, file)) => (format!("{dir}/"), file),
        None => (String::new(), relative),
    };
    match file {
        "lib.rs" | "main.rs" if dir.is_empty() => None,
        "mod.rs" | "main.rs" => Some(dir),
        _ => Some(relative.to_string()),
    }
}

#[test]
fn every_module_is_in_the_code_map() {
    let sections = code_map_sections();
    let mut missing = Vec::new();
    for folder in MAPPED {
        let Some(body) = sections.get(*folder) else {
            missing.push(format!("the section ### `{folder}`"));
            continue;
        };
        let mut files = Vec::new();
        rust_files(&root().join(folder), &mut files);
        for file in files {
            let relative = file.strip_prefix(root().join(folder)).unwrap().to_string_lossy().replace('\\', "/");
            if let Some(name) = map_name(&relative) {
                if !body.contains(&format!("`{name}`")) {
                    missing.push(format!("{folder}{relative} (as `{name}` under ### `{folder}`)"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "ARCHITECTURE.md's code map does not mention:\n  {}", missing.join("\n  "));
}

/// Crates `fairdraw-format` must never reach: I/O and UI, spreadsheets, text
/// encodings, QR codes, and the rest of this workspace.
const FORBIDDEN_IN_FORMAT: &[&str] = &[
    "calamine",
    "rust_xlsxwriter",
    "encoding_rs",
    "qrcode",
    "yew",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "wasm-bindgen-futures",
    "getrandom",
    "fairdraw",
    "fairdraw-www",
    "fairdraw-xlsx",
    "xtask",
];

/// Each package of Cargo.lock with the names of its dependencies.
fn lock_graph() -> BTreeMap<String, Vec<String>> {
    let lock = read(&root().join("Cargo.lock"));
    let mut graph = BTreeMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let mut name = None;
        let mut deps = Vec::new();
        let mut in_deps = false;
        for line in block.lines() {
            let line = line.trim();
            if let Some(v) = line.strip_prefix("name = ") {
                name = Some(v.trim_matches('"').to_string());
            } else if line.starts_with("dependencies = [") {
                in_deps = true;
            } else if in_deps && line.starts_with(']') {
                in_deps = false;
            } else if in_deps {
                // `"name"` or `"name version"` or `"name version (source)"`.
                let dep = line.trim_matches(|c| c == '"' || c == ',');
                deps.push(dep.split(' ').next().unwrap_or(dep).to_string());
            }
        }
        if let Some(name) = name {
            graph.entry(name).or_insert_with(Vec::new).extend(deps);
        }
    }
    graph
}

#[test]
fn the_format_reaches_no_forbidden_crate() {
    let graph = lock_graph();
    assert!(graph.contains_key("fairdraw-format"), "Cargo.lock has no fairdraw-format");
    let mut seen = BTreeSet::new();
    let mut stack = vec!["fairdraw-format".to_string()];
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            stack.extend(graph.get(&name).into_iter().flatten().cloned());
        }
    }
    seen.remove("fairdraw-format");
    // The walk itself works: the format's own hashing crate is reached.
    assert!(seen.contains("sha2") && seen.contains("bls12_381"), "Cargo.lock was not read: {seen:?}");
    let reached: Vec<_> = FORBIDDEN_IN_FORMAT.iter().filter(|f| seen.contains(**f)).collect();
    assert!(reached.is_empty(), "fairdraw-format depends on {reached:?} (ARCHITECTURE.md forbids it)");
    let manifest = read(&root().join("format/Cargo.toml"));
    assert!(!manifest.contains("path ="), "fairdraw-format must not depend on another crate of the workspace");
}

/// The code of a file before its unit tests.
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    }
}

#[test]
fn the_format_has_no_clock_io_global_state_or_floating_point() {
    const FORBIDDEN: &[&str] = &[
        "std::fs",
        "std::net",
        "std::env",
        "std::process",
        "SystemTime",
        "Instant",
        "static mut",
        "thread_local!",
        "OnceLock",
        "lazy_static",
        "f32",
        "f64",
        "println!",
        "eprintln!",
    ];
    let mut files = Vec::new();
    rust_files(&root().join("format/src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = read(&file);
        for (n, line) in without_tests(&text).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in FORBIDDEN {
                if code.contains(word) {
                    found.push(format!("{}:{}: {word}", file.strip_prefix(root()).unwrap().display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "fairdraw-format must stay pure:\n  {}", found.join("\n  "));
}

#[test]
fn map_names_follow_the_folders() {
    assert_eq!(map_name("lib.rs"), None);
    assert_eq!(map_name("plan.rs"), Some("plan.rs".into()));
    assert_eq!(map_name("beacon/mod.rs"), Some("beacon/".into()));
    assert_eq!(map_name("bin/fairdraw/main.rs"), Some("bin/fairdraw/".into()));
    assert_eq!(map_name("beacon/drand.rs"), Some("beacon/drand.rs".into()));
}
