//! The site's boundary: components render and dispatch, and every call into the
//! browser goes through `www/src/browser/`. A component that names the browser's
//! bindings directly fails this test; add a function to `browser/` instead.

use std::path::{Path, PathBuf};

const BROWSER_BINDINGS: [&str; 3] = ["web_sys", "js_sys", "wasm_bindgen"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn components_reach_the_browser_only_through_the_browser_module() {
    let components = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/components");
    let mut files = Vec::new();
    rust_files(&components, &mut files);
    assert!(files.len() > 10, "the components were not found under {}", components.display());
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        for (number, line) in text.lines().enumerate() {
            if let Some(name) = BROWSER_BINDINGS.iter().find(|name| line.contains(*name)) {
                found.push(format!("{}:{}: {name}: {}", file.display(), number + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "browser bindings used outside www/src/browser:\n{}", found.join("\n"));
}
