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
