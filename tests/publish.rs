//! `fairdraw publish` on a folder like the one the site ships: the index, the QR
//! codes, and refusals that name the file at fault.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fairdraw::publication::{PublicationIndex, Status};

fn fairdraw<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fairdraw")).args(args).output().expect("the binary runs")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn demo_folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, json) in fairdraw::demo::site_demo() {
        std::fs::write(dir.join(file), json).unwrap();
    }
    dir
}

/// A folder with a real (not rehearsal) format 2 draw: its commitment and, as the
/// test needs them, its sealed and public documents.
fn real_draw() -> (String, String, String) {
    let auditor = common::demo_auditor(300, 30, false);
    let public = fairdraw::v2::public_document(&auditor).unwrap();
    let sealed = fairdraw::v2::sealed_document(&public, None, &[0x5a; 48]).unwrap();
    (
        fairdraw::protocol::commitment_file(&auditor.commitment),
        serde_json::to_string(&sealed).unwrap(),
        serde_json::to_string(&public).unwrap(),
    )
}

fn read_index(dir: &Path) -> PublicationIndex {
    serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap()
}

#[test]
fn publishes_the_demo_folder() {
    let dir = demo_folder("publish-demo");
    // Other files in the folder are left alone; a stale index is replaced.
    std::fs::write(dir.join("README.txt"), "公示").unwrap();
    std::fs::write(dir.join("index.json"), "not json").unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let printed = text(&out);
    // The site's example draws are rehearsals, drawn or not.
    assert!(printed.contains("已抽取 0，已抽取待公布名单 0，演练 3，已承诺待抽取 0"), "{printed}");
    assert!(printed.contains("0 drawn, 0 drawn with the list sealed, 3 rehearsal, 0 committed"), "{printed}");

    let index = read_index(&dir);
    let statuses: Vec<Status> = index.entries.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Status::Rehearsal; 3]);
    for e in &index.entries {
        let svg = std::fs::read_to_string(dir.join(&e.qr_file)).unwrap();
        assert!(svg.contains(&e.link("")), "the QR title names its link: {}", e.link(""));
    }
    let drawn = std::fs::read_to_string(dir.join(&index.entries[0].qr_file)).unwrap();
    assert!(drawn.contains("index.html#/verify?bundle=draws/demo-2026001-bundle.json"));

    // The same folder gives the same bytes: the index is derived from the files only.
    let first = std::fs::read(dir.join("index.json")).unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(std::fs::read(dir.join("index.json")).unwrap(), first);
}

#[test]
fn absolute_links_with_a_base_url() {
    let dir = demo_folder("publish-base");
    let out = fairdraw(&["publish", dir.to_str().unwrap(), "--base-url", "https://example.gov.cn/fairdraw"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let index = read_index(&dir);
    let committed = index.entries.iter().find(|e| !e.drawn).unwrap();
    let svg = std::fs::read_to_string(dir.join(&committed.qr_file)).unwrap();
    let link = format!("https://example.gov.cn/fairdraw/index.html#/publication?c={}", committed.commitment);
    assert!(svg.contains(&link), "{svg}");
}

/// A file that cannot be read, or read as a commitment, a sealed result or a bundle,
/// is left out with the reason; the rest is published.
#[test]
fn files_that_cannot_be_read_are_skipped_with_the_reason() {
    let dir = demo_folder("publish-skip");
    std::fs::write(dir.join("notes.json"), "{\"hello\": 1}").unwrap();
    std::fs::write(dir.join("half-copied.json"), "{\"format\": \"fairdraw/1\", \"comm").unwrap();
    std::fs::write(dir.join("latin1.json"), b"{\"name\": \"caf\xe9\"}").unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    for (file, why) in [
        ("notes.json", "not a fairdraw file"),
        ("half-copied.json", "not downloaded completely"),
        ("latin1.json", "not UTF-8"),
    ] {
        let line = stderr.lines().position(|l| l.contains(file)).unwrap_or_else(|| panic!("{file} is named: {stderr}"));
        let reason: String = stderr.lines().skip(line).take(3).collect::<Vec<_>>().join("\n");
        assert!(reason.contains(why), "{file}: {why}: {stderr}");
        assert!(reason.contains("跳过") && reason.contains("skipped"), "{file}: {stderr}");
    }
    let index = read_index(&dir);
    assert_eq!(index.entries.len(), 3, "the demo files are all published");
    assert!(String::from_utf8_lossy(&fairdraw(&["publish", "--help"]).stdout).contains("跳过"), "documented in --help");

    // Nothing at all that can be read: nothing to publish.
    let only_notes = Path::new(env!("CARGO_TARGET_TMPDIR")).join("publish-only-notes");
    let _ = std::fs::remove_dir_all(&only_notes);
    std::fs::create_dir_all(&only_notes).unwrap();
    std::fs::write(only_notes.join("notes.json"), "{}").unwrap();
    let out = fairdraw(&["publish", only_notes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("notes.json"), "{}", text(&out));
    assert!(!only_notes.join("index.json").exists());
}

/// A file that is a commitment, a sealed result or a bundle but fails its checks is
/// not skipped: the publication stops and names it.
#[test]
fn a_file_that_fails_its_checks_stops_the_publication() {
    // A commitment edited after hashing.
    let dir = demo_folder("publish-tampered");
    let path = dir.join("demo-2027001-commitment.json");
    let edited = std::fs::read_to_string(&path).unwrap().replace("2027001", "2027002");
    std::fs::write(&path, edited).unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("demo-2027001-commitment.json"), "{}", text(&out));
    assert!(!dir.join("index.json").exists(), "nothing is written");
}

#[test]
fn usage_errors_are_exit_2() {
    for args in [vec!["publish"], vec!["publish", "a", "b"], vec!["publish", "a", "--base-url"], vec!["publish", "--what"]] {
        let out = fairdraw(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("fairdraw publish"), "{}", text(&out));
    }
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("publish-no-such-folder");
    let out = fairdraw(&["publish", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("publish-no-such-folder"), "{}", text(&out));
    let empty = Path::new(env!("CARGO_TARGET_TMPDIR")).join("publish-empty");
    let _ = std::fs::remove_dir_all(&empty);
    std::fs::create_dir_all(&empty).unwrap();
    let out = fairdraw(&["publish", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

/// While the inspections go on the folder holds the sealed document instead of the
/// public one; publishing the public document later turns the entry into a drawn one.
#[test]
fn a_sealed_result_then_its_bundle() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("publish-sealed");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (commitment, sealed, public) = real_draw();
    std::fs::write(dir.join("real-commitment.json"), commitment).unwrap();
    std::fs::write(dir.join("real-sealed.json"), &sealed).unwrap();

    let out = fairdraw(&["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("1 drawn with the list sealed"), "{}", text(&out));
    let index = read_index(&dir);
    assert_eq!(index.entries[0].status, Status::Sealed);
    assert_eq!(index.entries[0].sealed_file.as_deref(), Some("real-sealed.json"));
    assert!(index.entries[0].reveal_after.is_some());

    std::fs::write(dir.join("real-public.json"), &public).unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(read_index(&dir).entries[0].status, Status::Drawn);
    assert_eq!(read_index(&dir).entries[0].bundle_file.as_deref(), Some("real-public.json"));

    // A public document whose result differs from the one sealed stops the publication.
    let mut forged: serde_json::Value = serde_json::from_str(&public).unwrap();
    forged["result_sha256"] = "00".repeat(32).into();
    std::fs::write(dir.join("real-public.json"), forged.to_string()).unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn the_base_url_must_be_an_http_or_https_address() {
    let dir = demo_folder("publish-base-scheme");
    for bad in ["javascript:alert(1)//", "data:text/html,x", "ftp://example.gov.cn/", "//example.gov.cn/", "https://", "https://exa mple.gov.cn/"] {
        let out = fairdraw(&["publish", dir.to_str().unwrap(), "--base-url", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", text(&out));
        assert!(text(&out).contains("--base-url") && text(&out).contains("https://"), "{bad}: {}", text(&out));
        assert!(!dir.join("index.json").exists(), "{bad}: nothing written");
    }
    for good in ["http://10.0.0.8/fairdraw", "HTTPS://example.gov.cn"] {
        let out = fairdraw(&["publish", dir.to_str().unwrap(), "--base-url", good]);
        assert_eq!(out.status.code(), Some(0), "{good}: {}", text(&out));
    }
}

/// One file with an integer above 2^53 in draws/ once crashed `publish` and blocked
/// every publication (tests/vectors/negative/sequence-2p53.json): now it is a file
/// that cannot be read, skipped with the member named.
#[test]
fn an_integer_above_2_53_is_skipped_not_a_crash() {
    let dir = demo_folder("publish-2p53");
    let forged = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/negative/sequence-2p53.json")).unwrap();
    std::fs::write(dir.join("forged.json"), forged).unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("panicked"), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.contains("forged.json") && stderr.contains("sequence"), "{stderr}");
    assert_eq!(read_index(&dir).entries.len(), 3);
}

/// A commitment whose plan name carries a right-to-left override, its hash
/// recomputed so that only the name is wrong, never reaches the 公示 page.
#[test]
fn a_name_that_would_show_reversed_stops_the_publication() {
    let dir = demo_folder("publish-rlo");
    let path = dir.join("demo-2027001-commitment.json");
    let mut c: fairdraw::protocol::Commitment = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    c.plan.name.push_str("\u{202E}gnp.exe");
    c.commitment = fairdraw::hashing::hex(&c.compute_hash());
    std::fs::write(&path, serde_json::to_vec(&c).unwrap()).unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("U+202E") && text(&out).contains("demo-2027001-commitment.json"), "{}", text(&out));
    assert!(!dir.join("index.json").exists(), "nothing is written");
}

/// Every file under `dir`, as paths relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        for e in std::fs::read_dir(dir.join(&rel)).unwrap() {
            let e = e.unwrap();
            let path = rel.join(e.file_name());
            if e.file_type().unwrap().is_dir() { todo.push(path) } else { found.push(path) }
        }
    }
    found.sort();
    found
}

/// Unpacks `zip` with Python's own zipfile module (another reader than ours) into
/// `dir`, after testing every entry's CRC.
fn unzip(zip: &Path, dir: &Path) {
    let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nbad = z.testzip()\nassert bad is None, bad\nz.extractall(sys.argv[2])\n";
    let out = Command::new("python3").args(["-c", script, zip.to_str().unwrap(), dir.to_str().unwrap()]).output().expect("python3 runs");
    assert!(out.status.success(), "{}", text(&out));
}

/// A folder as a publisher that fetched every file sees it, written by an older
/// version (so every derived file is made again).
fn folder_of(published: &[(String, String)]) -> fairdraw::publication::Folder {
    fairdraw::publication::Folder { index: fairdraw::publication::build_index(published).unwrap(), base: None, texts: published.to_vec() }
}

/// Publishing again reads only the files the index does not list, writes only what
/// changed, and gives the folder what reading every file gives (`--rebuild`).
#[test]
fn publishing_again_reads_only_new_files() {
    let dir = demo_folder("publish-again");
    let base = "https://yjj.example.gov.cn/";
    let out = fairdraw(&["publish", dir.to_str().unwrap(), "--base-url", base]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let root = std::fs::read(dir.join("index/root.json")).unwrap();
    let (commitment, sealed, public) = real_draw();
    for (step, (name, doc)) in [("2026001-1-commitment.json", &commitment), ("2026001-1-sealed.json", &sealed), ("2026001-1-public.json", &public)].into_iter().enumerate() {
        std::fs::write(dir.join(name), doc).unwrap();
        let out = fairdraw(&["publish", dir.to_str().unwrap(), "--base-url", base]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        assert!(text(&out).contains("read 1 new or changed files"), "step {step}: {}", text(&out));
        // The same folder read afresh gives the same files, byte for byte.
        let fresh = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("publish-again-fresh-{step}"));
        let _ = std::fs::remove_dir_all(&fresh);
        std::fs::create_dir_all(&fresh).unwrap();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap();
            let name = f.file_name().to_string_lossy().to_string();
            if name.ends_with(".json") && name != "index.json" {
                std::fs::copy(f.path(), fresh.join(&name)).unwrap();
            }
        }
        let out = fairdraw(&["publish", fresh.to_str().unwrap(), "--base-url", base, "--rebuild"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let names = files_under(&fresh);
        assert_eq!(files_under(&dir), names, "step {step}");
        for name in &names {
            assert_eq!(std::fs::read(dir.join(name)).unwrap(), std::fs::read(fresh.join(name)).unwrap(), "step {step}: {}", name.display());
        }
    }
    assert_ne!(std::fs::read(dir.join("index/root.json")).unwrap(), root, "the root counts the new draw");
    let index = read_index(&dir);
    assert_eq!(index.entries.iter().filter(|e| e.status == Status::Drawn).count(), 1);

    // A second, different draw of a listed commitment is refused, incrementally too.
    let auditor = common::demo_auditor(300, 30, false);
    let public2 = fairdraw::v2::public_document(&auditor).unwrap();
    let mut forged: serde_json::Value = serde_json::to_value(&public2).unwrap();
    forged["result_sha256"] = serde_json::Value::String("ab".repeat(32));
    std::fs::write(dir.join("zz-public.json"), forged.to_string()).unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap(), "--base-url", base]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("zz-public.json"), "{}", text(&out));
    std::fs::remove_file(dir.join("zz-public.json")).unwrap();

    // A listed file gone: every file is read again, and the index no longer lists it.
    std::fs::remove_file(dir.join("2026001-1-public.json")).unwrap();
    let out = fairdraw(&["publish", dir.to_str().unwrap(), "--base-url", base]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("reading every file again"), "{}", text(&out));
    let index = read_index(&dir);
    assert_eq!(index.entries.iter().filter(|e| e.status == Status::Sealed).count(), 1);
}

/// Publishing from the browser: the package for a folder as served plus a new
/// draw's files, packed as one ZIP, unpacked over the folder by another reader,
/// gives the folder exactly what `fairdraw publish` makes of it.
#[test]
fn the_publication_package_unpacks_into_what_publish_makes() {
    let published: Vec<(String, String)> = fairdraw::demo::site_demo().into_iter().map(|(f, j)| (f.to_string(), j)).collect();
    let (commitment, sealed, public) = real_draw();
    let base = "https://yjj.example.gov.cn/fairdraw/";
    for new in [vec![("2026001-1-commitment.json", commitment.clone())], vec![("2026001-1-commitment.json", commitment.clone()), ("2026001-1-sealed.json", sealed.clone()), ("2026001-1-public.json", public.clone())]] {
        let new: Vec<(String, String)> = new.into_iter().map(|(n, t)| (n.to_string(), t)).collect();
        let folder = folder_of(&published);
        let package = fairdraw::publication::publish_package(&folder, &new, base).unwrap();
        assert!(package.iter().all(|(path, _)| path.starts_with("draws/")));
        let files: Vec<fairdraw::archive::ArchiveFile> =
            package.iter().map(|(path, t)| fairdraw::archive::ArchiveFile { path: path.clone(), bytes: t.as_bytes().to_vec() }).collect();
        let zip = fairdraw::archive::zip(&files).unwrap();
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("publish-package-{}", new.len()));
        let _ = std::fs::remove_dir_all(&root);
        let unpacked = root.join("site");
        std::fs::create_dir_all(unpacked.join("draws")).unwrap();
        for (name, t) in &published {
            std::fs::write(unpacked.join("draws").join(name), t).unwrap();
        }
        std::fs::write(root.join("package.zip"), &zip).unwrap();
        unzip(&root.join("package.zip"), &unpacked);
        // The same folder, published by the command line.
        let by_cli = root.join("cli");
        std::fs::create_dir_all(&by_cli).unwrap();
        for (name, t) in published.iter().chain(&new) {
            std::fs::write(by_cli.join(name), t).unwrap();
        }
        let out = fairdraw(&["publish", by_cli.to_str().unwrap(), "--base-url", base]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let names = files_under(&by_cli);
        assert!(names.len() > published.len() + new.len(), "{names:?}");
        for name in &names {
            assert_eq!(
                std::fs::read(unpacked.join("draws").join(name)).unwrap(),
                std::fs::read(by_cli.join(name)).unwrap(),
                "{} differs between the package and fairdraw publish", name.display()
            );
        }
        let index = read_index(&unpacked.join("draws"));
        assert_eq!(index.entries.iter().filter(|e| !e.rehearsal).count(), 1);
    }
}

/// A published file never changes: a new file of a published name with other
/// content is refused, naming it; the same content again adds nothing.
#[test]
fn the_publication_package_never_replaces_a_published_file() {
    let published: Vec<(String, String)> = fairdraw::demo::site_demo().into_iter().map(|(f, j)| (f.to_string(), j)).collect();
    let (name, old) = published[0].clone();
    let (commitment, _, _) = real_draw();
    let folder = folder_of(&published);
    let err = fairdraw::publication::publish_package(&folder, &[(name.clone(), commitment)], "").unwrap_err();
    assert!(err.to_string().contains(&name) && err.to_string().contains("never changes"), "{err}");
    let package = fairdraw::publication::publish_package(&folder, &[(name.clone(), old)], "").unwrap();
    assert!(!package.iter().any(|(path, _)| *path == format!("draws/{name}")));
    for bad in ["../index.html", "index.json", "a/b.json"] {
        assert!(fairdraw::publication::publish_package(&folder, &[(bad.to_string(), "{}".into())], "").is_err(), "{bad}");
    }
}
