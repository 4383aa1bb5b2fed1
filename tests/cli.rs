//! The `fairdraw` command line as an auditor uses it: real files, real exit codes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fairdraw<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fairdraw")).args(args).output().expect("the binary runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A path inside `dir` as a `&str` that lives for the whole test run.
fn at(dir: &Path, name: &str) -> &'static str {
    Box::leak(dir.join(name).to_str().unwrap().to_string().into_boxed_str())
}

/// `fairdraw commit` of the demo files in `dir` to quicknet round 1000, into `out`.
fn commit_args(dir: &Path, out: &Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["commit", "--plan", at(dir, "plan.json"), "--enterprises", at(dir, "enterprises.csv")]
        .into_iter()
        .chain(["--inspectors", at(dir, "inspectors.csv"), "--items", at(dir, "checklist.csv")])
        .chain(["--history", at(dir, "history.csv"), "--beacon", "quicknet:1000", "--out", s(out)])
        .map(str::to_string)
        .collect();
    args.extend(extra.iter().map(|a| a.to_string()));
    args
}

/// demo → commit (rehearsal on a recorded round) → draw → verify → lookup.
#[test]
fn the_whole_cycle_on_the_command_line() {
    let dir = scratch("cli-cycle");
    let out = fairdraw(&["demo", "--out", s(&dir), "--enterprises", "300", "--inspectors", "40"]);
    assert!(out.status.success(), "{}", text(&out));

    let commit_dir = dir.join("commit");
    let common_args = commit_args(&dir, &commit_dir, &[]);
    // Round 1000 was emitted in 2023: a real commitment to it is refused.
    let refused = fairdraw(&common_args);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("演练"), "{}", text(&refused));

    let mut rehearsal_args = common_args.clone();
    rehearsal_args.push("--rehearsal".to_string());
    let committed = fairdraw(&rehearsal_args);
    assert!(committed.status.success(), "{}", text(&committed));
    let stdout = String::from_utf8_lossy(&committed.stdout).to_string();
    let commitment: serde_json::Value =
        serde_json::from_slice(&std::fs::read(commit_dir.join("commitment.json")).unwrap()).unwrap();
    let hash = commitment["commitment"].as_str().unwrap();
    assert!(stdout.contains(hash), "the printed hash is the file's: {stdout}");
    assert_eq!(commitment["rehearsal"], true);

    // The beacon file as a relay serves it.
    let round = common::quicknet_round_1000();
    let beacon_file = dir.join("round-1000.json");
    std::fs::write(&beacon_file, serde_json::to_vec(&round).unwrap()).unwrap();
    let wrong_round_file = dir.join("round-123.json");
    std::fs::write(&wrong_round_file, serde_json::to_vec(&common::quicknet_round_123()).unwrap()).unwrap();

    let bundle = dir.join("bundle.json");
    let refused = fairdraw(&["draw", s(&commit_dir), "--beacon-file", s(&wrong_round_file), "--out", s(&bundle)]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(!bundle.exists());
    // Nor the part of it written while the draw ran.
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).filter(|n| n.to_string_lossy().contains("bundle")).collect();
    assert!(left.is_empty(), "{left:?}");

    let drawn = fairdraw(&["draw", s(&commit_dir), "--beacon-file", s(&beacon_file), "--out", s(&bundle)]);
    assert!(drawn.status.success(), "{}", text(&drawn));

    let verified = fairdraw(&["verify", s(&bundle)]);
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
    assert!(text(&verified).contains("演练 / REHEARSAL"), "{}", text(&verified));

    let json = fairdraw(&["verify", s(&bundle), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["verdict"], "rehearsal");

    // Published as .json.gz (written by flate2, not by the reader under test), it
    // verifies the same; a damaged copy is an input problem, not a verdict.
    let gz = dir.join("bundle.json.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, &std::fs::read(&bundle).unwrap()).unwrap();
    let compressed = encoder.finish().unwrap();
    std::fs::write(&gz, &compressed).unwrap();
    let from_gz = fairdraw(&["verify", s(&gz), "--json"]);
    assert_eq!(from_gz.status.code(), Some(0), "{}", text(&from_gz));
    assert_eq!(from_gz.stdout, json.stdout, "the same report from the compressed copy");
    let mut damaged = compressed.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x55;
    std::fs::write(&gz, &damaged).unwrap();
    let refused = fairdraw(&["verify", s(&gz)]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("gzip") && text(&refused).contains("无法解压"), "{}", text(&refused));

    // Tamper with one team member: verification fails with exit 1 and names the firm.
    let mut b: serde_json::Value = serde_json::from_slice(&std::fs::read(&bundle).unwrap()).unwrap();
    let firm = b["result"]["tasks"][0]["selected"][0]["id"].as_str().unwrap().to_string();
    b["result"]["tasks"][0]["selected"][0]["team"][0]["id"] = "13039999999".into();
    let tampered = dir.join("tampered.json");
    std::fs::write(&tampered, serde_json::to_vec(&b).unwrap()).unwrap();
    let failed = fairdraw(&["verify", s(&tampered)]);
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed));
    assert!(text(&failed).contains(&firm) && text(&failed).contains("检查组不同"), "{}", text(&failed));

    let found = fairdraw(&["lookup", s(&bundle), "--id", &firm]);
    assert!(found.status.success());
    assert!(text(&found).contains("抽中 / selected"), "{}", text(&found));
    let unknown = fairdraw(&["lookup", s(&bundle), "--id", "91110108551385082Q"]);
    assert!(text(&unknown).contains("不在承诺的检查对象名录中"), "{}", text(&unknown));
}

/// commit → draw → verify with a NIST pulse as second beacon: a real chain 2 pulse
/// (tests/vectors/beacons/nist-chain2-pulse1921300.json, 2026-08-31T19:04:00Z).
#[test]
fn a_nist_pulse_as_second_beacon_on_the_command_line() {
    let dir = scratch("cli-nist");
    let out = fairdraw(&["demo", "--out", s(&dir), "--enterprises", "200", "--inspectors", "30"]);
    assert!(out.status.success(), "{}", text(&out));
    let commit_dir = dir.join("commit");
    let committed = fairdraw(&commit_args(&dir, &commit_dir, &["--nist-pulse-at", "2026-09-01T03:03:01+08:00", "--rehearsal"]));
    assert!(committed.status.success(), "{}", text(&committed));
    // The first whole minute at or after that time, on chain 2 unless --nist-chain says otherwise.
    assert!(text(&committed).contains("chain 2"), "{}", text(&committed));
    let commitment: serde_json::Value =
        serde_json::from_slice(&std::fs::read(commit_dir.join("commitment.json")).unwrap()).unwrap();
    assert_eq!(commitment["beacon"]["nist"]["chain_index"], 2, "{commitment}");

    let round_file = dir.join("round-1000.json");
    std::fs::write(&round_file, serde_json::to_vec(&common::quicknet_round_1000()).unwrap()).unwrap();
    let pulse_file = dir.join("pulse-1921300.json");
    std::fs::write(&pulse_file, include_str!("vectors/beacons/nist-chain2-pulse1921300.json")).unwrap();
    let other_pulse_file = dir.join("pulse-1918805.json");
    std::fs::write(&other_pulse_file, include_str!("vectors/beacons/nist-chain2-pulse1918805.json")).unwrap();
    let bundle = dir.join("bundle.json");

    let without = fairdraw(&["draw", s(&commit_dir), "--beacon-file", s(&round_file), "--out", s(&bundle)]);
    assert_eq!(without.status.code(), Some(1), "{}", text(&without));
    assert!(text(&without).contains("give that pulse too"), "{}", text(&without));
    let other = fairdraw(&[
        "draw",
        s(&commit_dir),
        "--beacon-file",
        s(&round_file),
        "--nist-file",
        s(&other_pulse_file),
        "--out",
        s(&bundle),
    ]);
    assert_eq!(other.status.code(), Some(1), "{}", text(&other));
    assert!(text(&other).contains("NIST 脉冲不是承诺的那一个"), "{}", text(&other));
    assert!(!bundle.exists());

    let drawn = fairdraw(&[
        "draw",
        s(&commit_dir),
        "--beacon-file",
        s(&round_file),
        "--nist-file",
        s(&pulse_file),
        "--out",
        s(&bundle),
    ]);
    assert!(drawn.status.success(), "{}", text(&drawn));
    let verified = fairdraw(&["verify", s(&bundle)]);
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
    assert!(text(&verified).contains("NIST chain 2 pulse 1921300 (2026-08-31T19:04:00.000Z), signature valid"), "{}", text(&verified));
}

#[test]
fn bad_usage_and_bad_input_exit_2_with_a_message() {
    fn check(args: &[&str], expected: &str) {
        let args: Vec<&str> = args.to_vec();
        let out = fairdraw(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(expected), "{args:?}: {}", text(&out));
        assert!(!text(&out).contains("panicked"), "{args:?}");
    }
    check(&[], "用法 / usage");
    check(&["verify"], "bundle file");
    check(&["verify", "/nonexistent/bundle.json"], "无法读取文件");
    check(&["commit", "--beacon", "moonnet:5"], "moonnet");
    check(&["commit", "--beacon", "quicknet:soon"], "--beacon");
    check(&["lookup", "x.json", "--bogus"], "--bogus");
}

/// Unreadable is not invalid (a download cut short says nothing about the draw):
/// exit 2, the plain reason first, the reader's words after it on their own line.
#[test]
fn a_file_that_cannot_be_read_is_unreadable_not_invalid() {
    let dir = scratch("cli-unreadable");
    let golden = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/spec/bundle-small.json")).unwrap();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("cut.json", golden[..golden.len() / 3].to_vec(), "没有下载完整"),
        ("empty.json", Vec::new(), "文件是空的"),
        ("picture.json", b"\x89PNG\r\n\x1a\n\xff\xd8\xff".to_vec(), "不是文本文件"),
        ("page.json", b"<html><body>404</body></html>".to_vec(), "不是 JSON"),
    ];
    for (name, bytes, reason) in cases {
        let f = dir.join(name);
        std::fs::write(&f, &bytes).unwrap();
        let out = fairdraw(&["verify", s(&f)]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out));
        let t = text(&out);
        assert!(t.contains("UNREADABLE") && t.contains(reason), "{name}: {t}");
        assert!(!t.contains("INVALID"), "{name}: {t}");
        let json = fairdraw(&["verify", "--json", s(&f)]);
        let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(report["verdict"], "unreadable", "{name}");
        assert!(report["reason"]["en"].as_str().is_some_and(|r| !r.is_empty()), "{name}");
    }
    // The detail of a cut file is the parser's, on a line of its own, short.
    let t = text(&fairdraw(&["verify", s(&dir.join("cut.json"))]));
    assert!(t.lines().any(|l| l.trim_start().starts_with("(EOF")), "{t}");
    assert!(t.len() < 2_000, "never the input echoed: {} bytes", t.len());
}

/// A bundle re-saved by Notepad (UTF-8 with BOM, or UTF-16) verifies as on the page.
#[test]
fn a_bundle_saved_by_notepad_verifies() {
    let dir = scratch("cli-notepad");
    let golden = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/spec/bundle-small.json")).unwrap();
    let bom = [b"\xEF\xBB\xBF".as_slice(), golden.as_bytes()].concat();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(golden.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    for (name, bytes) in [("bom.json", bom), ("utf16.json", utf16)] {
        let f = dir.join(name);
        std::fs::write(&f, bytes).unwrap();
        let out = fairdraw(&["verify", s(&f)]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out));
        assert!(text(&out).contains("VALID"), "{name}: {}", text(&out));
    }
}

/// `lookup` explains only a draw that recomputes, and says why a code cannot be one.
#[test]
fn lookup_verifies_first_and_names_a_wrong_check_character() {
    let dir = scratch("cli-lookup-verified");
    let golden_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/spec/bundle-small.json");
    let mut bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&golden_path).unwrap()).unwrap();
    let selected = bundle["result"]["tasks"][0]["selected"][0]["id"].as_str().unwrap().to_string();

    let found = fairdraw(&["lookup", s(&golden_path), "--id", &selected]);
    assert_eq!(found.status.code(), Some(0), "{}", text(&found));

    // One hex digit of the published seed changed: the result no longer recomputes.
    let seed = bundle["result"]["seed"].as_str().unwrap().to_string();
    let flipped = format!("{}{}", if seed.starts_with('0') { "1" } else { "0" }, &seed[1..]);
    bundle["result"]["seed"] = flipped.into();
    let tampered = dir.join("tampered.json");
    std::fs::write(&tampered, serde_json::to_vec(&bundle).unwrap()).unwrap();
    let refused = fairdraw(&["lookup", s(&tampered), "--id", &selected]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(!text(&refused).contains("抽中 / selected"), "{}", text(&refused));

    // The same code with its last character changed: a typing error, said as such.
    let last = selected.chars().last().unwrap();
    let wrong = format!("{}{}", &selected[..17], if last == '0' { '1' } else { '0' });
    let answer = fairdraw(&["lookup", s(&golden_path), "--id", &wrong]);
    assert_eq!(answer.status.code(), Some(3), "{}", text(&answer));
    assert!(text(&answer).contains("校验位") && text(&answer).contains("check character"), "{}", text(&answer));
    let unknown = fairdraw(&["lookup", s(&golden_path), "--id", "91110000100000000J"]);
    assert!(matches!(unknown.status.code(), Some(3)), "{}", text(&unknown));
}

#[test]
fn import_errors_name_file_row_and_column_and_reject_the_commit() {
    let dir = scratch("cli-bad-import");
    let out = fairdraw(&["demo", "--out", s(&dir), "--enterprises", "50", "--inspectors", "20"]);
    assert!(out.status.success(), "{}", text(&out));
    let csv = std::fs::read_to_string(dir.join("enterprises.csv")).unwrap();
    // Break the check character of the first data row's code.
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let first = lines[1].clone();
    let code_end = first.find(',').unwrap();
    let code = &first[..code_end].trim_start_matches('\u{feff}').to_string();
    let last = code.chars().last().unwrap();
    let broken_char = if last == '0' { '1' } else { '0' };
    lines[1] = format!("{}{}{}", &code[..code.len() - 1], broken_char, &first[code_end..]);
    std::fs::write(dir.join("enterprises.csv"), lines.join("\n")).unwrap();
    let out = fairdraw(&[
        "commit", "--plan", at(&dir, "plan.json"), "--enterprises", at(&dir, "enterprises.csv"),
        "--inspectors", at(&dir, "inspectors.csv"), "--items", at(&dir, "checklist.csv"),
        "--beacon", "quicknet:1000", "--rehearsal", "--out", at(&dir, "c"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("enterprises.csv") && t.contains("第 2 行") && t.contains("校验位"), "{t}");
    assert!(!dir.join("c").exists());
}

fn write_bundle(dir: &Path, b: &fairdraw::protocol::Bundle) -> &'static str {
    let path = at(dir, "bundle.json");
    std::fs::write(path, serde_json::to_vec(b).unwrap()).unwrap();
    path
}

/// seal → verify the sealed result → export; a tampered bundle is refused by both.
#[test]
fn seal_and_export_build_only_on_a_bundle_that_verifies() {
    let dir = scratch("cli-seal-export");
    let b = common::demo_bundle(false);
    let bundle = write_bundle(&dir, &b);

    let sealed = at(&dir, "sealed.json");
    let out = fairdraw(&["seal", bundle, "--out", sealed]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(&b.result_sha256), "{}", text(&out));
    let sealed_doc: fairdraw::publication::Sealed = serde_json::from_str(&std::fs::read_to_string(sealed).unwrap()).unwrap();
    assert_eq!(sealed_doc, fairdraw::publication::seal(&b));
    let out = fairdraw(&["verify", sealed]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("SEALED"), "{}", text(&out));

    let exported = dir.join("export");
    let out = fairdraw(&["export", bundle, "--out", s(&exported)]);
    assert!(out.status.success(), "{}", text(&out));
    let number = &b.inputs.plan.number;
    for (what, rows) in [
        ("抽取结果", b.result.tasks.iter().map(|t| t.selected.len()).sum::<usize>()),
        ("任务单", b.result.tasks.iter().map(|t| t.selected.len()).sum::<usize>()),
        ("候补名单", b.result.tasks.iter().flat_map(|t| &t.strata).map(|st| st.reserves.len()).sum::<usize>()),
        ("公示信息", b.result.tasks.iter().flat_map(|t| &t.selected).map(|s| s.items.len().max(1)).sum::<usize>()),
    ] {
        let path = exported.join(format!("{number}-{what}.csv"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "{what}: a BOM for Excel");
        let table = fairdraw::import::parse_csv(what, std::str::from_utf8(&bytes).unwrap()).unwrap();
        assert_eq!(table.rows.len(), rows, "{what}");
    }
    let workbook = std::fs::read(exported.join(format!("{number}-抽取结果.xlsx"))).unwrap();
    let sheets = fairdraw::import::xlsx::read_workbook("book.xlsx", &workbook).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["抽取结果", "任务单", "候补名单", "公示信息"]);
    for (sheet, expected) in sheets.iter().zip(fairdraw::export::all_sheets(&b, &Default::default())) {
        let table = sheet.table.as_ref().unwrap();
        assert_eq!(table.headers, expected.rows[0]);
        // A workbook has no empty trailing cells; what is there must be the same.
        let trimmed = |row: &[String]| -> Vec<String> {
            let end = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
            row[..end].to_vec()
        };
        let read: Vec<Vec<String>> = table.rows.iter().map(|r| trimmed(&r.cells.to_vec())).collect();
        let wanted: Vec<Vec<String>> = expected.rows[1..].iter().map(|r| trimmed(r)).collect();
        assert!(read == wanted, "{}: the workbook's rows differ from the export tables", sheet.name);
    }

    let mut tampered = b.clone();
    tampered.result.tasks[0].selected[0].team.swap(0, 1);
    tampered.result.tasks[0].selected[0].team[0].id = "13039999999".into();
    let bad = write_bundle(&dir, &tampered);
    for args in [vec!["seal", bad, "--out", at(&dir, "bad-sealed.json")], vec!["export", bad, "--out", at(&dir, "bad-export")]] {
        let out = fairdraw(&args);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains(&tampered.result.tasks[0].selected[0].id), "names the firm: {}", text(&out));
    }
    assert!(!dir.join("bad-sealed.json").exists() && !dir.join("bad-export").exists(), "nothing written");
}

/// Runs `fairdraw` with its standard output a pipe nobody reads any more, as
/// `fairdraw … | head -1` leaves it once `head` has its line.
fn with_closed_stdout(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fairdraw"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Closed before the command has done its work and printed anything.
    drop(child.stdout.take());
    child.wait_with_output().expect("the binary ends")
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let dir = scratch("cli-closed-pipe");
    let out = with_closed_stdout(&["demo", "--out", s(&dir), "--enterprises", "20000"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("panicked"), "{}", text(&out));
    assert!(dir.join("plan.json").exists(), "the files are written before anything is printed");

    let b = common::demo_bundle(false);
    let bundle = write_bundle(&dir, &b);
    let firm = b.result.tasks[0].selected[0].id.clone();
    for args in [vec!["lookup", bundle, "--id", &firm], vec!["verify", bundle], vec!["verify", bundle, "--json"], vec!["--help"]] {
        let out = with_closed_stdout(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out));
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out));
    }
    // A closed pipe never turns a failed verification into a success.
    let mut tampered = b.clone();
    tampered.result.tasks[0].selected[0].team[0].id = "13039999999".into();
    let bad = write_bundle(&dir, &tampered);
    let out = with_closed_stdout(&["verify", bad]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

/// The demo files committed (a rehearsal) into `out`, with `extra` arguments.
fn commit_demo(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = commit_args(dir, out, &["--rehearsal"]);
    args.extend(extra.iter().map(|a| a.to_string()));
    fairdraw(&args)
}

#[test]
fn commit_does_not_overwrite_a_commitment_unless_forced() {
    let dir = scratch("cli-overwrite");
    let out = fairdraw(&["demo", "--out", s(&dir), "--enterprises", "100", "--inspectors", "20"]);
    assert!(out.status.success(), "{}", text(&out));
    let commit_dir = dir.join("commit");
    let first = commit_demo(&dir, &commit_dir, &[]);
    assert!(first.status.success(), "{}", text(&first));
    let published = std::fs::read(commit_dir.join("commitment.json")).unwrap();
    let kept_inputs = std::fs::read(commit_dir.join("inputs.json")).unwrap();

    let again = commit_demo(&dir, &commit_dir, &[]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    let t = text(&again);
    assert!(t.contains("commitment.json") && t.contains("--force"), "{t}");
    assert!(t.contains("已公布") && t.contains("already be published"), "{t}");
    assert_eq!(std::fs::read(commit_dir.join("commitment.json")).unwrap(), published, "left as it was");
    assert_eq!(std::fs::read(commit_dir.join("inputs.json")).unwrap(), kept_inputs, "left as it was");

    // inputs.json alone is protected too: it is what opens the published commitment.
    std::fs::remove_file(commit_dir.join("commitment.json")).unwrap();
    let again = commit_demo(&dir, &commit_dir, &[]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("inputs.json"), "{}", text(&again));

    let forced = commit_demo(&dir, &commit_dir, &["--force"]);
    assert!(forced.status.success(), "{}", text(&forced));
    assert_ne!(std::fs::read(commit_dir.join("inputs.json")).unwrap(), kept_inputs, "a new salt");
}

#[test]
fn a_failed_commit_lists_errors_first_then_warnings() {
    let dir = scratch("cli-errors-and-warnings");
    let out = fairdraw(&["demo", "--out", s(&dir), "--enterprises", "50", "--inspectors", "20"]);
    assert!(out.status.success(), "{}", text(&out));
    // A warning: a column nobody asked for in the inspectors.
    let inspectors = std::fs::read_to_string(dir.join("inspectors.csv")).unwrap();
    let with_extra: Vec<String> =
        inspectors.lines().enumerate().map(|(i, l)| format!("{l},{}", if i == 0 { "籍贯" } else { "x" })).collect();
    std::fs::write(dir.join("inspectors.csv"), with_extra.join("\n")).unwrap();
    // An error: a firm without its credit code.
    let enterprises = std::fs::read_to_string(dir.join("enterprises.csv")).unwrap();
    let mut lines: Vec<String> = enterprises.lines().map(str::to_string).collect();
    let comma = lines[1].find(',').unwrap();
    lines[1] = lines[1][comma..].to_string();
    std::fs::write(dir.join("enterprises.csv"), lines.join("\n")).unwrap();

    let out = commit_demo(&dir, &dir.join("c"), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let errors = stderr.find("错误 / errors").unwrap_or_else(|| panic!("an errors heading: {stderr}"));
    let warnings = stderr.find("提示 / warnings").unwrap_or_else(|| panic!("a warnings heading: {stderr}"));
    assert!(errors < warnings, "errors first: {stderr}");
    let error_line = stderr.find("enterprises.csv").expect("the error names its file");
    let warning_line = stderr.find("籍贯").expect("the warning names the column");
    assert!(errors < error_line && error_line < warnings && warnings < warning_line, "{stderr}");
    assert_eq!(stderr.matches("column not recognised").count(), 1, "each problem once: {stderr}");
}

#[test]
fn out_of_range_values_are_refused_naming_the_flag() {
    let dir = scratch("cli-ranges");
    let out = fairdraw(&["demo", "--out", s(&dir), "--enterprises", "50", "--inspectors", "20"]);
    assert!(out.status.success(), "{}", text(&out));
    let c = dir.join("c");
    for (extra, flag) in [
        (vec!["--nist-pulse-at", "2026-09-01T03:03:01+08:00", "--nist-chain", "0"], "--nist-chain"),
        (vec!["--nist-pulse-at", "2026-09-01T03:03:01+08:00", "--nist-chain", "-1"], "--nist-chain"),
        (vec!["--sequence", "0"], "--sequence"),
        (vec!["--sequence", "2", "--previous", "abc"], "--previous"),
        (vec!["--salt", "xyz"], "--salt"),
    ] {
        let out = commit_demo(&dir, &c, &extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", text(&out));
        assert!(text(&out).contains(flag), "{extra:?}: {}", text(&out));
        assert!(!c.exists(), "{extra:?}: no folder, no file left behind");
    }
    let out = fairdraw(&["beacon", "verify", "--chain", "quicknet", "--round", "0", "x.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--round"), "{}", text(&out));
}

#[test]
fn every_command_takes_flag_equals_value() {
    let dir = scratch("cli-equals");
    let out = fairdraw(&["demo", &format!("--out={}", s(&dir)), "--enterprises=100", "--inspectors=20"]);
    assert!(out.status.success(), "{}", text(&out));
    let commit_dir = dir.join("commit");
    let args: Vec<String> = vec![
        "commit".into(),
        format!("--plan={}", at(&dir, "plan.json")),
        format!("--enterprises={}", at(&dir, "enterprises.csv")),
        format!("--inspectors={}", at(&dir, "inspectors.csv")),
        format!("--items={}", at(&dir, "checklist.csv")),
        "--beacon=quicknet:1000".into(),
        "--rehearsal".into(),
        format!("--out={}", s(&commit_dir)),
    ];
    let out = fairdraw(&args);
    assert!(out.status.success(), "{}", text(&out));
    let round = dir.join("round-1000.json");
    std::fs::write(&round, serde_json::to_vec(&common::quicknet_round_1000()).unwrap()).unwrap();
    let bundle = dir.join("bundle.json");
    let out = fairdraw(&[
        "draw".to_string(),
        s(&commit_dir).to_string(),
        format!("--beacon-file={}", s(&round)),
        format!("--out={}", s(&bundle)),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let out = fairdraw(&["seal".to_string(), s(&bundle).to_string(), format!("--out={}", at(&dir, "sealed.json"))]);
    assert!(out.status.success(), "{}", text(&out));
    let publish_dir = dir.join("published");
    std::fs::create_dir_all(&publish_dir).unwrap();
    std::fs::copy(commit_dir.join("commitment.json"), publish_dir.join("commitment.json")).unwrap();
    let out = fairdraw(&["publish", s(&publish_dir), "--base-url=https://example.gov.cn/fairdraw/"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("https://example.gov.cn/fairdraw/index.html"), "{}", text(&out));
}

#[test]
fn unknown_flags_and_missing_values_are_exit_2_naming_the_flag() {
    for (args, flag) in [
        (vec!["commit", "--out=x", "--frobnicate"], "--frobnicate"),
        (vec!["publish", "x", "--frobnicate=1"], "--frobnicate"),
        (vec!["draw", "x", "--beacon-file"], "--beacon-file"),
        (vec!["draw", "x", "--out", "--beacon-file", "r.json"], "--out"),
        (vec!["verify", "x.json", "--json=yes"], "--json"),
        (vec!["seal", "x.json", "--id", "1"], "--id"),
        (vec!["beacon", "round", "--at"], "--at"),
        (vec!["demo", "--out", "a", "--out", "b"], "--out"),
    ] {
        let out = fairdraw(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
        let chinese = stderr.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let english = ["unknown", "needs a value", "takes no value", "more than once"].iter().any(|e| stderr.contains(e));
        assert!(chinese && english, "{args:?}: bilingual: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}");
    }
}

#[test]
fn help_lists_every_command_its_flags_and_its_exit_codes() {
    let out = fairdraw(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout).to_string();
    for flag in ["--sequence", "--previous", "--salt", "--format", "--force", "--nist-chain", "--base-url", "--round"] {
        assert!(help.contains(flag), "{flag}: {help}");
    }
    for command in ["demo", "commit", "draw", "verify", "seal", "export", "lookup", "publish", "beacon verify", "beacon round", "beacon time"] {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push("--help");
        let out = fairdraw(&args);
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(help.contains(&format!("fairdraw {command}")), "{command}: {help}");
        assert!(help.contains("退出码 / exit codes") && help.contains("  0 ") && help.contains("  2 "), "{command}: {help}");
    }
    let out = fairdraw(&["help", "publish"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("--base-url"), "{}", text(&out));
}

#[test]
fn a_previous_commitment_file_is_checked_before_the_chain_continues_from_it() {
    let dir = scratch("cli-previous-commitment");
    let out = fairdraw(&["demo", "--out", s(&dir), "--enterprises", "100", "--inspectors", "20"]);
    assert!(out.status.success(), "{}", text(&out));
    let first_dir = dir.join("first");
    assert!(commit_demo(&dir, &first_dir, &[]).status.success());
    let first: serde_json::Value = serde_json::from_slice(&std::fs::read(first_dir.join("commitment.json")).unwrap()).unwrap();

    let previous = first_dir.join("commitment.json");
    let second_dir = dir.join("second");
    let second = commit_demo(&dir, &second_dir, &["--previous-commitment", s(&previous)]);
    assert!(second.status.success(), "{}", text(&second));
    let second: serde_json::Value = serde_json::from_slice(&std::fs::read(second_dir.join("commitment.json")).unwrap()).unwrap();
    assert_eq!(second["sequence"], 2);
    assert_eq!(second["previous"], first["commitment"]);

    // An edited previous commitment no longer matches its own hash: refused, naming the file.
    let mut edited = first.clone();
    edited["sequence"] = 7.into();
    let edited_path = dir.join("edited-commitment.json");
    std::fs::write(&edited_path, serde_json::to_vec(&edited).unwrap()).unwrap();
    let refused = commit_demo(&dir, &dir.join("third"), &["--previous-commitment", s(&edited_path)]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("edited-commitment.json"), "{}", text(&refused));
    assert!(!dir.join("third").exists(), "no folder, no file left behind");

    // The file and a typed number at once: which one holds is not guessed.
    let both = commit_demo(&dir, &dir.join("fourth"), &["--previous-commitment", s(&previous), "--sequence", "3"]);
    assert_eq!(both.status.code(), Some(2), "{}", text(&both));
    assert!(text(&both).contains("--previous-commitment"), "{}", text(&both));
}

/// Rounds beyond the year 9999 and commitments a verifier would refuse never get as
/// far as a file: no panic, exit 2, the reason named.
#[test]
fn rounds_out_of_range_and_refusable_commitments_stop_before_any_file() {
    let dir = scratch("cli-bounds");
    let out = fairdraw(&["demo", "--out", s(&dir), "--enterprises", "100", "--inspectors", "20"]);
    assert!(out.status.success(), "{}", text(&out));
    let mut args = commit_args(&dir, &dir.join("huge"), &["--rehearsal"]);
    let beacon = args.iter().position(|a| a == "quicknet:1000").unwrap();
    args[beacon] = "quicknet:9007199254740992".into();
    let huge = fairdraw(&args);
    assert_eq!(huge.status.code(), Some(2), "{}", text(&huge));
    assert!(text(&huge).contains("超出范围") && text(&huge).contains("out of range"), "{}", text(&huge));
    assert!(!text(&huge).contains("panicked"), "{}", text(&huge));
    assert!(!dir.join("huge").exists(), "no folder, no file left behind");

    // A commitment whose chain name and chain hash disagree, its hash recomputed: `draw`
    // used to write a bundle that `verify` then refused.
    let good = dir.join("good");
    assert!(commit_demo(&dir, &good, &[]).status.success());
    let mut c: fairdraw::protocol::Commitment = serde_json::from_slice(&std::fs::read(good.join("commitment.json")).unwrap()).unwrap();
    c.beacon.chain = "default".into();
    c.commitment = fairdraw::hashing::hex(&c.compute_hash());
    std::fs::write(good.join("commitment.json"), serde_json::to_vec(&c).unwrap()).unwrap();
    let round = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ceremony/round-1000.json");
    let bundle = dir.join("bundle.json");
    let drawn = fairdraw(&["draw", s(&good), "--beacon-file", s(&round), "--out", s(&bundle)]);
    assert_eq!(drawn.status.code(), Some(1), "{}", text(&drawn));
    assert!(text(&drawn).contains("链名称与链哈希不符"), "{}", text(&drawn));
    assert!(!bundle.exists(), "no bundle is written");

    // beacon time of a round beyond 9999 no longer prints the year 292277026596.
    let far = fairdraw(&["beacon", "time", "--chain", "quicknet", "99999999999999"]);
    assert_eq!(far.status.code(), Some(2), "{}", text(&far));
    assert!(text(&far).contains("out of range"), "{}", text(&far));
}

/// Format 2 from the command line: the auditor document `draw` writes, the public
/// and sealed documents and the codes made from it, `verify --json` naming the kind,
/// and `lookup` of a firm the public document does not name, with and without its
/// 核验码.
#[test]
fn the_three_documents_and_the_codes_on_the_command_line() {
    let dir = scratch("cli-format2");
    let out = fairdraw(&["demo", "--out", s(&dir), "--enterprises", "300", "--inspectors", "40"]);
    assert!(out.status.success(), "{}", text(&out));
    let commit_dir = dir.join("commit");
    let committed = fairdraw(&commit_args(&dir, &commit_dir, &["--rehearsal"]));
    assert!(committed.status.success(), "{}", text(&committed));
    let round_file = dir.join("round-1000.json");
    std::fs::write(&round_file, serde_json::to_vec(&common::quicknet_round_1000()).unwrap()).unwrap();
    let auditor = dir.join("auditor.json");
    let drawn = fairdraw(&["draw", s(&commit_dir), "--beacon-file", s(&round_file), "--out", s(&auditor)]);
    assert!(drawn.status.success(), "{}", text(&drawn));
    assert!(text(&drawn).contains("fairdraw public"), "draw says how to make the document to publish: {}", text(&drawn));

    let public = dir.join("public.json");
    let made = fairdraw(&["public", s(&auditor), "--out", s(&public)]);
    assert!(made.status.success(), "{}", text(&made));
    let sealed = dir.join("sealed.json");
    assert!(fairdraw(&["seal", s(&auditor), "--out", s(&sealed)]).status.success());
    for (file, document, verdict) in [(&auditor, "auditor", "rehearsal"), (&public, "public", "rehearsal"), (&sealed, "sealed", "rehearsal")] {
        let json = fairdraw(&["verify", s(file), "--json"]);
        assert_eq!(json.status.code(), Some(0), "{}", text(&json));
        let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(report["document"], document, "{report}");
        assert_eq!(report["verdict"], verdict, "{report}");
    }
    // An auditor document that does not verify gives no public document.
    let mut forged: serde_json::Value = serde_json::from_slice(&std::fs::read(&auditor).unwrap()).unwrap();
    forged["result_sha256"] = "0".repeat(64).into();
    let forged_file = dir.join("forged-auditor.json");
    std::fs::write(&forged_file, serde_json::to_vec(&forged).unwrap()).unwrap();
    let refused = fairdraw(&["public", s(&forged_file), "--out", at(&dir, "forged-public.json")]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("forged-auditor.json"), "{}", text(&refused));
    assert!(!dir.join("forged-public.json").exists());
    let refused = fairdraw(&["seal", s(&forged_file), "--out", at(&dir, "forged-sealed.json")]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(!dir.join("forged-sealed.json").exists());

    // `public` needs the full inputs: a public document is refused with the reason.
    let again = fairdraw(&["public", s(&public), "--out", at(&dir, "again.json")]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("auditor document"), "{}", text(&again));

    let codes_file = dir.join("codes.csv");
    let codes = fairdraw(&["codes", s(&auditor), "--out", s(&codes_file)]);
    assert!(codes.status.success(), "{}", text(&codes));
    let csv = std::fs::read_to_string(&codes_file).unwrap();
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows[0], "统一社会信用代码,企业名称,核验码");
    assert_eq!(rows.len(), 301, "a row per firm");

    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&public).unwrap()).unwrap();
    let named: Vec<String> = doc["revealed"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    let selected = &named[0];
    let found = fairdraw(&["lookup", s(&public), "--id", selected]);
    assert_eq!(found.status.code(), Some(0), "{}", text(&found));
    assert!(text(&found).contains("抽中 / selected"), "{}", text(&found));

    let (other, code) = rows[1..]
        .iter()
        .map(|r| r.split(',').collect::<Vec<_>>())
        .find(|r| !named.contains(&r[0].to_string()))
        .map(|r| (r[0].to_string(), r[2].to_string()))
        .unwrap();
    let needs = fairdraw(&["lookup", s(&public), "--id", &other]);
    assert_eq!(needs.status.code(), Some(3), "{}", text(&needs));
    assert!(text(&needs).contains("--key"), "{}", text(&needs));
    let with_key = fairdraw(&["lookup", s(&public), "--id", &other, "--key", &code.to_lowercase()]);
    assert_eq!(with_key.status.code(), Some(0), "{}", text(&with_key));
    assert!(text(&with_key).contains("未抽中 / not selected") || text(&with_key).contains("不在企业池 / not in the pool"), "{}", text(&with_key));
    let wrong = fairdraw(&["lookup", s(&public), "--id", &other, "--key", "0000-0000-0000-0000"]);
    assert_eq!(wrong.status.code(), Some(3), "{}", text(&wrong));
    assert!(text(&wrong).contains("not its own"), "{}", text(&wrong));

    // An auditor document is never published.
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::copy(&auditor, site.join("auditor.json")).unwrap();
    let publish = fairdraw(&["publish", s(&site)]);
    assert_eq!(publish.status.code(), Some(2), "{}", text(&publish));
    assert!(text(&publish).contains("never published"), "{}", text(&publish));
    std::fs::remove_file(site.join("auditor.json")).unwrap();
    std::fs::copy(&public, site.join("public.json")).unwrap();
    std::fs::copy(commit_dir.join("commitment.json"), site.join("commitment.json")).unwrap();
    let publish = fairdraw(&["publish", s(&site)]);
    assert_eq!(publish.status.code(), Some(0), "{}", text(&publish));
    let index: serde_json::Value = serde_json::from_slice(&std::fs::read(site.join("index.json")).unwrap()).unwrap();
    assert_eq!(index["entries"][0]["bundle_file"], "public.json", "{index}");
}

/// Without an outside witness, `verify --json` says so and states the condition the
/// verdict rests on.
#[test]
fn a_verdict_says_it_is_not_witnessed() {
    let json = fairdraw(&["verify", "tests/vectors/spec/bundle-small.json", "--json"]);
    assert_eq!(json.status.code(), Some(0), "{}", text(&json));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["verdict"], "valid");
    assert_eq!(report["witnessed"], false);
    assert_eq!(report["witnesses"], serde_json::json!([]));
    let hash = report["commitment"].as_str().unwrap();
    assert!(report["condition"]["en"].as_str().unwrap().contains(hash), "{report}");
    let plain = fairdraw(&["verify", "tests/vectors/spec/bundle-small.json"]);
    assert!(text(&plain).contains("有效（附条件）") && text(&plain).contains("NOT WITNESSED"), "{}", text(&plain));
}

/// `fairdraw import KIND FILE --out RECORDS.json` checks one file as `commit` and the
/// 计划 page do, and writes the records exactly as they are committed.
#[test]
fn each_file_is_checked_alone_and_its_records_written_as_committed() {
    let dir = scratch("cli-import");
    for (folder, format) in [("utf8", "csv"), ("gbk", "gbk"), ("xlsx", "xlsx")] {
        let d = dir.join(folder);
        assert!(fairdraw(&["demo", "--out", s(&d), "--enterprises", "120", "--inspectors", "20", "--format", format]).status.success());
    }
    let commit_dir = dir.join("commit");
    assert!(fairdraw(&commit_args(&dir.join("utf8"), &commit_dir, &["--rehearsal"])).status.success());
    let inputs: serde_json::Value = serde_json::from_slice(&std::fs::read(commit_dir.join("inputs.json")).unwrap()).unwrap();
    for (kind, file, member) in [
        ("enterprises", "enterprises", "enterprises"),
        ("inspectors", "inspectors", "inspectors"),
        ("checklist", "checklist", "checklist"),
        ("history", "history", "history"),
    ] {
        for (folder, extension) in [("utf8", "csv"), ("gbk", "csv"), ("xlsx", "xlsx")] {
            let out = dir.join(format!("{folder}-{kind}.json"));
            let file = dir.join(folder).join(format!("{file}.{extension}"));
            let imported = fairdraw(&["import", kind, s(&file), "--out", s(&out)]);
            assert_eq!(imported.status.code(), Some(0), "{kind} {folder}: {}", text(&imported));
            let records: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
            assert_eq!(records, inputs["directories"][member], "{kind} from {folder}: the records are the committed ones");
        }
    }
    // A file with errors: every problem listed with its row and column, nothing written.
    let out = dir.join("bad.json");
    let bad = fairdraw(&["import", "inspectors", "tests/fixtures/import/inspectors_errors.xlsx", "--out", s(&out)]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert!(!out.exists(), "nothing is written when the file has errors");
    assert!(text(&bad).contains("inspectors_errors.xlsx"), "{}", text(&bad));
    // An enterprise file in the inspectors' slot is refused, not misread.
    let wrong = fairdraw(&["import", "inspectors", s(&dir.join("utf8/enterprises.csv")), "--out", s(&out)]);
    assert_eq!(wrong.status.code(), Some(2), "{}", text(&wrong));
}

/// A commit folder as the site's downloads fill it: the two files named with the plan
/// number, sequence and hash are found by those names; two commitments in one folder
/// are refused, naming both, rather than one being picked.
#[test]
fn draw_finds_the_sites_file_names_in_its_folder() {
    let dir = scratch("cli-draw-site-names");
    assert!(fairdraw(&["demo", "--out", s(&dir.join("demo")), "--enterprises", "120", "--inspectors", "20"]).status.success());
    let made = dir.join("made");
    assert!(fairdraw(&commit_args(&dir.join("demo"), &made, &["--rehearsal"])).status.success());
    let site = dir.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::copy(made.join("commitment.json"), site.join("2026001-1-0a1b2c3d-rehearsal-commitment.json")).unwrap();
    std::fs::copy(made.join("inputs.json"), site.join("2026001-1-0a1b2c3d-rehearsal-inputs.json")).unwrap();
    let round = "tests/fixtures/ceremony/round-1000.json";
    let (from_site, from_cli) = (dir.join("site.json"), dir.join("cli.json"));
    let drawn = fairdraw(&["draw", s(&site), "--beacon-file", round, "--out", s(&from_site)]);
    assert_eq!(drawn.status.code(), Some(0), "{}", text(&drawn));
    assert!(fairdraw(&["draw", s(&made), "--beacon-file", round, "--out", s(&from_cli)]).status.success());
    assert_eq!(std::fs::read(&from_site).unwrap(), std::fs::read(&from_cli).unwrap(), "the same draw from either folder");
    std::fs::copy(made.join("commitment.json"), site.join("2026002-1-99999999-commitment.json")).unwrap();
    let two = fairdraw(&["draw", s(&site), "--beacon-file", round, "--out", s(&dir.join("two.json"))]);
    assert_eq!(two.status.code(), Some(2), "{}", text(&two));
    assert!(text(&two).contains("2026002-1-99999999-commitment.json") && text(&two).contains("0a1b2c3d"), "{}", text(&two));
}

/// The column choices made on the site reach the command line through the project
/// file it exported: a column the site was told is the 统一社会信用代码, and one it
/// was told to leave out, read the same way by `fairdraw import --project`.
#[test]
fn the_sites_column_choices_come_from_its_project_file() {
    let dir = scratch("cli-import-project");
    let csv = dir.join("名录.csv");
    std::fs::write(&csv, "企业代号,企业名称,行业,区域,信用风险分类,联系电话\n91130302MA0RFAB6AN,秦皇岛示例有限公司,制造业,城关镇,A,0335-1234567\n").unwrap();
    let out = dir.join("records.json");
    // Alone, the file lacks its code column.
    let alone = fairdraw(&["import", "enterprises", s(&csv), "--out", s(&out)]);
    assert_eq!(alone.status.code(), Some(2), "{}", text(&alone));
    let project = dir.join("project.json");
    std::fs::write(
        &project,
        r#"{"format": "fairdraw-project", "header_choices": {"enterprises": {"企业代号": "uscc", "联系电话": ""}, "inspectors": {"企业代号": "name"}}}"#,
    )
    .unwrap();
    let chosen = fairdraw(&["import", "enterprises", s(&csv), "--out", s(&out), "--project", s(&project)]);
    assert_eq!(chosen.status.code(), Some(0), "{}", text(&chosen));
    let records: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(records[0]["id"], "91130302MA0RFAB6AN");
    assert_eq!(records[0]["attrs"], serde_json::json!({}), "the column left out is not kept");
    // Not a project file: said so, naming it.
    std::fs::write(&project, "{\"a\": 1}").unwrap();
    let refused = fairdraw(&["import", "enterprises", s(&csv), "--out", s(&out), "--project", s(&project)]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("project.json") && text(&refused).contains("fairdraw-project"), "{}", text(&refused));
}

/// A platform's export as it comes: an old .xls with a title, an export note, a
/// merged 所属乡镇 column and footer rows imports, and the command says on stderr
/// what it set apart or filled; a file with errors or in the wrong place does not.
#[test]
fn a_bureau_export_imports_with_its_notices_on_stderr() {
    let dir = scratch("cli-import-bureau");
    let out = dir.join("firms.json");
    let xls = "tests/fixtures/import/enterprises_bureau.xls";
    let imported = fairdraw(&["import", "enterprises", xls, "--out", s(&out)]);
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    let stderr = String::from_utf8_lossy(&imported.stderr);
    for notice in [
        "已跳过表头上方 3 行（第 1–3 行",
        "skipped 3 rows above the header (rows 1–3",
        "已跳过表尾 3 行（第 16–18 行",
        "“所属乡镇”列有 3 处合并单元格，已按合并范围向下填充",
        "has 3 merged cells",
    ] {
        assert!(stderr.contains(notice), "{notice:?} not on stderr:\n{stderr}");
    }
    assert!(String::from_utf8_lossy(&imported.stdout).contains("10 records"), "{}", text(&imported));
    let firms: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let regions: Vec<&str> = firms.as_array().unwrap().iter().map(|f| f["region"].as_str().unwrap()).collect();
    assert_eq!(regions.len(), 10);
    assert!(regions.iter().all(|r| !r.is_empty()), "every firm has its township: {regions:?}");

    // The export note named as the header: errors at that row, nothing written.
    let wrong_row = dir.join("wrong-row.json");
    let refused = fairdraw(&["import", "enterprises", xls, "--header-row", "2", "--out", s(&wrong_row)]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("第 2 行，“统一社会信用代码”列：缺少必填列"), "{}", text(&refused));
    assert!(!wrong_row.exists());
    let named = fairdraw(&["import", "enterprises", xls, "--header-row=4", "--out", s(&out)]);
    assert_eq!(named.status.code(), Some(0), "{}", text(&named));
    let zero = fairdraw(&["import", "enterprises", xls, "--header-row", "0", "--out", s(&out)]);
    assert_eq!(zero.status.code(), Some(2), "{}", text(&zero));
    assert!(text(&zero).contains("--header-row"), "{}", text(&zero));

    // An inspector list in the enterprises' place says what it looks like.
    let people = dir.join("执法人员.csv");
    std::fs::write(&people, "执法人员名录\r\n执法证号,姓名,执法证有效期至\r\n35010021001,林晓明,2027-06-30\r\n").unwrap();
    let misplaced = fairdraw(&["import", "enterprises", s(&people), "--out", s(&dir.join("x.json"))]);
    assert_eq!(misplaced.status.code(), Some(2), "{}", text(&misplaced));
    assert!(text(&misplaced).contains("这看起来是执法检查人员名录库，而不是检查对象名录库"), "{}", text(&misplaced));
    assert!(text(&misplaced).contains("this looks like an inspector directory, not an enterprise directory"), "{}", text(&misplaced));
    // The same list where it belongs imports, with the skipped title reported.
    let inspectors = fairdraw(&["import", "inspectors", s(&people), "--out", s(&dir.join("people.json"))]);
    assert_eq!(inspectors.status.code(), Some(0), "{}", text(&inspectors));
    assert!(String::from_utf8_lossy(&inspectors.stderr).contains("已跳过表头上方 1 行"), "{}", text(&inspectors));
    assert!(fairdraw(&["import", "inspectors", "--help"]).stdout.windows(12).any(|w| w == b"--header-row"));
}
