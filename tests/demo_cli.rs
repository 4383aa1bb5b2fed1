//! `fairdraw demo`: files that import back into exactly the generated inputs, the
//! same bytes for the same arguments, and exit code 2 with a message for bad usage.

use std::path::{Path, PathBuf};
use std::process::Command;

use fairdraw::demo;
use fairdraw::import::{self, ImportOptions};
use fairdraw::model::Plan;

fn fairdraw(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_fairdraw"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fairdraw-demo-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn files_import_back_into_the_generated_inputs() {
    let dir = scratch("roundtrip");
    let out = fairdraw(&[
        "demo",
        "--out",
        dir.to_str().unwrap(),
        "--enterprises",
        "700",
        "--inspectors",
        "40",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("700") && summary.contains("001"),
        "{summary}"
    );

    let expected = demo::demo_inputs(700, 40);
    let plan: Plan = serde_json::from_slice(&read(&dir, "plan.json")).unwrap();
    assert_eq!(plan, expected.plan);
    let o = ImportOptions::default();
    let imported =
        import::import_enterprises_csv("enterprises.csv", &read(&dir, "enterprises.csv"), &o)
            .unwrap();
    assert_eq!(imported.records, expected.enterprises);
    let imported =
        import::import_inspectors_csv("inspectors.csv", &read(&dir, "inspectors.csv"), &o).unwrap();
    assert_eq!(imported.records, expected.inspectors);
    let imported =
        import::import_checklist_csv("checklist.csv", &read(&dir, "checklist.csv"), &o).unwrap();
    assert_eq!(imported.records, expected.checklist);
    let imported =
        import::import_history_csv("history.csv", &read(&dir, "history.csv"), &o).unwrap();
    assert_eq!(imported.records, expected.history);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn same_arguments_same_files() {
    let (a, b) = (scratch("a"), scratch("b"));
    assert_eq!(
        fairdraw(&["demo", "--out", a.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let b_arg = format!("--out={}", b.display());
    assert_eq!(
        fairdraw(&["demo", &b_arg, "--enterprises=2000", "--inspectors", "60"])
            .status
            .code(),
        Some(0)
    );
    for name in [
        "plan.json",
        "enterprises.csv",
        "inspectors.csv",
        "checklist.csv",
        "history.csv",
    ] {
        assert!(read(&a, name) == read(&b, name), "{name} differs");
    }
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn bad_usage_exits_2_with_a_bilingual_message() {
    let dir = scratch("bad");
    let d = dir.to_str().unwrap();
    for args in [
        vec!["demo"],
        vec!["demo", "--out"],
        vec!["demo", "--out", d, "--enterprises", "0"],
        vec!["demo", "--out", d, "--enterprises", "many"],
        vec!["demo", "--out", d, "--inspectors", "100001"],
        vec!["demo", "--out", d, "--frobnicate"],
    ] {
        let out = fairdraw(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(" / ") && stderr.contains("usage"),
            "{args:?}: {stderr}"
        );
    }
    assert!(!dir.exists());
    assert_eq!(fairdraw(&["demo", "--help"]).status.code(), Some(0));
}

#[test]
fn unwritable_output_exits_2() {
    let file = scratch("file");
    std::fs::write(&file, "not a folder").unwrap();
    let out = fairdraw(&["demo", "--out", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    let _ = std::fs::remove_file(&file);
}

/// GB18030 CSV and XLSX hold the same records as the UTF-8 CSV: importing any of
/// them gives exactly the generated inputs.
#[test]
fn gbk_and_xlsx_files_hold_the_same_records() {
    let expected = demo::demo_inputs(300, 30);
    let o = ImportOptions::default();
    for format in ["gbk", "xlsx"] {
        let dir = scratch(format);
        let out = fairdraw(&["demo", "--out", dir.to_str().unwrap(), "--enterprises", "300", "--inspectors", "30", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        if format == "gbk" {
            let bytes = read(&dir, "enterprises.csv");
            assert!(std::str::from_utf8(&bytes).is_err(), "GB18030, not UTF-8");
            let imported = import::import_enterprises_csv("enterprises.csv", &bytes, &o).unwrap();
            assert_eq!(imported.records, expected.enterprises);
            let imported = import::import_inspectors_csv("inspectors.csv", &read(&dir, "inspectors.csv"), &o).unwrap();
            assert_eq!(imported.records, expected.inspectors);
            let imported = import::import_history_csv("history.csv", &read(&dir, "history.csv"), &o).unwrap();
            assert_eq!(imported.records, expected.history);
        } else {
            assert!(!dir.join("enterprises.csv").exists());
            let imported = import::xlsx::import_enterprises_xlsx("enterprises.xlsx", &read(&dir, "enterprises.xlsx"), None, &o).unwrap();
            assert_eq!(imported.records, expected.enterprises);
            let imported = import::xlsx::import_inspectors_xlsx("inspectors.xlsx", &read(&dir, "inspectors.xlsx"), None, &o).unwrap();
            assert_eq!(imported.records, expected.inspectors);
            let imported = import::xlsx::import_checklist_xlsx("checklist.xlsx", &read(&dir, "checklist.xlsx"), None, &o).unwrap();
            assert_eq!(imported.records, expected.checklist);
            let imported = import::xlsx::import_history_xlsx("history.xlsx", &read(&dir, "history.xlsx"), None, &o).unwrap();
            assert_eq!(imported.records, expected.history);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    let out = fairdraw(&["demo", "--out", scratch("bad-format").to_str().unwrap(), "--format", "ods"]);
    assert_eq!(out.status.code(), Some(2));
}
