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
