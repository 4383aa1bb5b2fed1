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

/// The `<input …/>` tags of a source file, each from `<input` to its `/>`.
fn input_tags(text: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<input") {
        let tag = &rest[start..];
        let end = tag.find("/>").map_or(tag.len(), |e| e + 2);
        tags.push(&tag[..end]);
        rest = &tag[end..];
    }
    tags
}

/// Yew sets an `<input value=…>` back to the value held on every render of its
/// component, and the organiser's pages render while a draft is saved or a file is
/// read: a field that applies on change would lose what is being typed. Such a
/// field is `components::typed::Typed`.
#[test]
fn fields_that_apply_on_change_are_typed_fields() {
    let components = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/components");
    let mut files = Vec::new();
    rust_files(&components, &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        for tag in input_tags(&text) {
            let ticked = tag.contains("type=\"checkbox\"") || tag.contains("type=\"radio\"");
            let valued = tag.contains("value=") || tag.contains("{value}");
            if tag.contains("onchange") && valued && !ticked {
                found.push(format!("{}: {}", file.display(), tag.split_whitespace().collect::<Vec<_>>().join(" ")));
            }
        }
    }
    assert!(found.is_empty(), "fields that apply on change with a plain <input value=…>; use Typed:\n{}", found.join("\n"));
}

#[test]
fn input_tags_are_found_whole() {
    let text = "html! { <input type=\"text\"\n value={v} {onchange} /> <p/> <input type=\"checkbox\" {checked} /> }";
    assert_eq!(input_tags(text), ["<input type=\"text\"\n value={v} {onchange} />", "<input type=\"checkbox\" {checked} />"]);
}
