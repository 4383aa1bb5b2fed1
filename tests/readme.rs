//! The command-line example in README.md runs as written.

use std::path::Path;
use std::process::Command;

#[test]
fn the_readme_command_line_example_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme.split("## Command line").nth(1).expect("README has a Command line section");
    let block = section.split("```sh").nth(1).and_then(|b| b.split("```").next()).expect("a sh block");
    let commands: Vec<&str> = block.lines().map(str::trim).filter(|l| l.starts_with("fairdraw ")).collect();
    assert!(commands.len() >= 6, "{commands:?}");

    // A scratch copy of the repository paths the example uses.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-example");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tests/fixtures/ceremony")).unwrap();
    std::fs::copy(root.join("tests/fixtures/ceremony/round-1000.json"), dir.join("tests/fixtures/ceremony/round-1000.json"))
        .unwrap();

    for line in commands {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_fairdraw")).args(&args).current_dir(&dir).output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "`{line}` failed:\n{text}");
        if line.starts_with("fairdraw lookup") {
            assert!(text.contains("结果 / outcome"), "{text}");
        }
        if line.starts_with("fairdraw verify") {
            assert!(text.contains("演练 / REHEARSAL"), "{text}");
        }
    }
}

/// Every `--flag` the README's command-line section mentions is in `fairdraw --help`.
#[test]
fn every_flag_the_readme_documents_is_in_the_help() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme.split("## Command line").nth(1).expect("README has a Command line section");
    let section = section.split("\n## ").next().unwrap_or(section);
    // Code spans that run cargo name cargo's flags, not fairdraw's.
    let fairdraw_text: String = section
        .split('`')
        .enumerate()
        .filter(|(i, part)| i % 2 == 0 || !part.trim_start().starts_with("cargo "))
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join(" ");
    let mut flags: Vec<String> = Vec::new();
    for (start, _) in fairdraw_text.match_indices("--") {
        let name: String = fairdraw_text[start + 2..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '-').collect();
        if !name.is_empty() && !flags.contains(&format!("--{name}")) {
            flags.push(format!("--{name}"));
        }
    }
    assert!(flags.len() >= 15, "{flags:?}");

    let out = Command::new(env!("CARGO_BIN_EXE_fairdraw")).arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    let missing: Vec<&String> = flags.iter().filter(|f| !help.contains(&format!("{f} ")) && !help.contains(&format!("{f}\n"))).collect();
    assert!(missing.is_empty(), "documented in README.md but not in fairdraw --help: {missing:?}\n{help}");
}

/// The README's "Host settings" section.
fn host_settings() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme.split("### Host settings").nth(1).expect("README has a Host settings section");
    section.split("\n### ").next().unwrap_or(section).to_string()
}

/// The code block of the section fenced as `lang`.
fn block(section: &str, lang: &str) -> String {
    let fence = format!("```{lang}\n");
    let start = section.find(&fence).unwrap_or_else(|| panic!("no {lang} block")) + fence.len();
    section[start..].split("```").next().unwrap().to_string()
}

/// The extensions `cargo xtask dist` writes a `.gz` copy for, read from its source.
fn compressed_extensions() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dist = std::fs::read_to_string(root.join("xtask/src/dist.rs")).unwrap();
    let line = dist.lines().find(|l| l.contains("const COMPRESSIBLE")).expect("dist.rs names what it compresses");
    let list = line.split('[').nth(2).expect("an array of extensions");
    let extensions: Vec<String> = list.split('"').skip(1).step_by(2).map(str::to_string).collect();
    assert!(extensions.len() >= 5 && extensions.iter().all(|e| e.starts_with('.')), "{extensions:?}");
    extensions
}

/// Each extension's type as a browser needs it, known here independently of the README.
fn mime_of(extension: &str) -> &'static str {
    match extension {
        ".html" => "text/html",
        ".js" => "text/javascript",
        ".css" => "text/css",
        ".wasm" => "application/wasm",
        ".json" => "application/json",
        ".svg" => "image/svg+xml",
        ".txt" => "text/plain",
        other => panic!("dist compresses {other}: give the README's host settings its type"),
    }
}

#[test]
fn the_readme_names_exactly_what_dist_compresses() {
    let section = host_settings();
    let first = section.split("\n\n").find(|p| p.contains(".gz")).unwrap();
    for extension in compressed_extensions() {
        assert!(first.contains(&format!("`{extension}`")), "the README does not say dist compresses {extension}:\n{first}");
    }
    assert!(first.contains("no name and time 0"), "{first}");
}

#[test]
fn the_nginx_settings_serve_every_compressed_type_and_forbid_framing() {
    let nginx = block(&host_settings(), "nginx");
    assert_eq!(nginx.matches('{').count(), nginx.matches('}').count(), "{nginx}");
    for directive in nginx.lines().map(str::trim).filter(|l| !l.is_empty() && !l.ends_with('{') && l != &"}") {
        assert!(directive.ends_with(';') || directive.ends_with('}'), "not an nginx directive: {directive}");
    }
    for needed in ["gzip_static on;", "gzip_vary on;", "types { application/wasm wasm; }", "add_header X-Frame-Options SAMEORIGIN", "add_header Content-Security-Policy \"frame-ancestors 'self'\"", "Cache-Control no-cache"] {
        assert!(nginx.contains(needed), "nginx lacks {needed}:\n{nginx}");
    }
    // The brotli line is given beside the block: nginx without the module refuses it.
    assert!(!nginx.contains("brotli") && host_settings().contains("add `brotli_static on;`"), "{nginx}");
    let types = nginx.lines().find(|l| l.trim().starts_with("gzip_types")).expect("gzip_types");
    // nginx always compresses text/html, and names it a duplicate if listed.
    for extension in compressed_extensions().iter().filter(|e| *e != ".html") {
        assert!(types.split_whitespace().any(|t| t.trim_end_matches(';') == mime_of(extension)), "gzip_types lacks {extension}: {types}");
    }
}

#[test]
fn the_apache_settings_serve_every_compressed_copy_with_its_type() {
    let apache = block(&host_settings(), "apache");
    for (suffix, encoding) in [("br", "br"), ("gz", "gzip")] {
        let serve = apache.lines().find(|l| l.contains(&format!(" $1.$2.{suffix} "))).expect("the rule that serves the copy");
        for extension in compressed_extensions() {
            let name = &extension[1..];
            assert!(serve.contains(&format!("|{name}|")) || serve.contains(&format!("({name}|")) || serve.contains(&format!("|{name})")), "{serve} skips {extension}");
            let typed = format!("RewriteRule \\.{name}\\.{suffix}$ - [T={}", mime_of(&extension));
            assert!(apache.contains(&typed), "apache lacks `{typed}`");
        }
        let condition = format!("RewriteCond %{{HTTP:Accept-Encoding}} {encoding}\nRewriteCond %{{REQUEST_FILENAME}}.{suffix} -s\n");
        assert!(apache.contains(&condition), "apache lacks\n{condition}");
        assert!(apache.contains(&format!("<FilesMatch \"\\.{suffix}$\">\n    Header set Content-Encoding {encoding}\n")), "{apache}");
    }
    // The first rule that matches serves its copy: brotli, which is smaller, first.
    assert!(apache.find(" $1.$2.br ") < apache.find(" $1.$2.gz "), "{apache}");
    for needed in ["AddType application/wasm .wasm", "Header always set X-Frame-Options SAMEORIGIN", "frame-ancestors 'self'"] {
        assert!(apache.contains(needed), "apache lacks {needed}");
    }
    assert_eq!(apache.matches("<FilesMatch").count(), apache.matches("</FilesMatch>").count());
}

/// Checks that XML text is well-formed as far as a config file needs: every element
/// closed in order, attributes quoted, one root.
fn check_well_formed_xml(xml: &str) -> Result<Vec<String>, String> {
    let mut open: Vec<String> = Vec::new();
    let mut elements = Vec::new();
    let mut rest = xml.trim();
    if let Some(after) = rest.strip_prefix("<?xml") {
        rest = after.split_once("?>").ok_or("unclosed declaration")?.1;
    }
    let mut roots = 0;
    while let Some(start) = rest.find('<') {
        if !rest[..start].trim().is_empty() && open.is_empty() {
            return Err(format!("text outside the root: {}", &rest[..start]));
        }
        let (tag, after) = rest[start + 1..].split_once('>').ok_or("unclosed tag")?;
        rest = after;
        if tag.starts_with("!--") {
            continue;
        }
        if tag.matches('"').count() % 2 != 0 {
            return Err(format!("unbalanced quotes in <{tag}>"));
        }
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            continue;
        }
        let name: String = tag.chars().take_while(|c| !c.is_whitespace() && *c != '/').collect();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' || c == ':') {
            return Err(format!("bad element name in <{tag}>"));
        }
        if open.is_empty() {
            roots += 1;
        }
        elements.push(tag.to_string());
        if !tag.ends_with('/') {
            open.push(name);
        }
    }
    if !open.is_empty() || roots != 1 || !rest.trim().is_empty() {
        return Err(format!("unclosed {open:?}, {roots} roots, trailing {rest:?}"));
    }
    Ok(elements)
}

#[test]
fn the_xml_checker_refuses_what_is_not_well_formed() {
    assert!(check_well_formed_xml("<a><b x=\"1\" /></a>").is_ok());
    for bad in ["<a><b></a></b>", "<a>", "<a x=\"1></a>", "<a/><b/>", "<a></a>text"] {
        assert!(check_well_formed_xml(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_iis_web_config_is_well_formed_and_serves_wasm() {
    let xml = block(&host_settings(), "xml");
    let elements = check_well_formed_xml(&xml).unwrap_or_else(|e| panic!("web.config: {e}\n{xml}"));
    assert!(elements[0] == "configuration", "{elements:?}");
    let has = |needle: &str| elements.iter().any(|e| e.contains(needle));
    assert!(has("mimeMap fileExtension=\".wasm\" mimeType=\"application/wasm\""), "{elements:?}");
    assert!(has("urlCompression doStaticCompression=\"true\""));
    assert!(has("add name=\"X-Frame-Options\" value=\"SAMEORIGIN\""));
    assert!(has("add name=\"Content-Security-Policy\" value=\"frame-ancestors 'self'\""));
}

#[test]
fn the_object_storage_upload_gives_every_compressed_file_its_type() {
    let script = block(&host_settings().split("**Object storage**").nth(1).unwrap().to_string(), "sh");
    let function = script.split("\n}\n").next().unwrap().to_string() + "\n}\n";
    for extension in compressed_extensions() {
        let out = Command::new("sh").arg("-c").arg(format!("{function}type_of \"pkg/a{extension}\"")).output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.starts_with(mime_of(&extension)), "type_of a{extension} says {said}");
    }
    assert!(script.contains("--content-encoding gzip") && script.contains("\"$f.gz\""), "{script}");
    // Object storage cannot choose a copy by what the browser accepts: the brotli
    // copies stay out, and are not uploaded as files of their own either.
    assert!(script.contains("! -name '*.gz' ! -name '*.br'") && !script.contains("content-encoding br"), "{script}");
}
