//! The shared negative vectors (tests/vectors/negative/): documents an organiser
//! could write to fool a verifier or crash it, each with the verdict it must get and
//! the check that must fail. They were made by tests/independent/make_negative.py,
//! written from SPEC.md alone, so this test also holds the Rust verifier to SPEC.md;
//! tests/independent/run_negative.py holds the Python verifier to the same file.

use std::path::{Path, PathBuf};

use fairdraw::read::{read_document, MAX_BYTES_NATIVE};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    file: String,
    verdict: String,
    check: Option<String>,
    origin: String,
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/negative")
}

/// The verdict and the failed checks, as `fairdraw verify --json` names them.
fn judge(bytes: &[u8]) -> (String, Vec<String>) {
    let report = match read_document(bytes, MAX_BYTES_NATIVE) {
        Err(_) => return ("unreadable".to_string(), Vec::new()),
        Ok(document) => fairdraw::verify::verify_document(&document),
    };
    let json = serde_json::to_value(&report).unwrap();
    let verdict = json["verdict"].as_str().unwrap().to_string();
    let failed = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["ok"] == serde_json::Value::Bool(false))
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    (verdict, failed)
}

#[test]
fn every_negative_vector_gets_its_verdict_and_fails_its_check() {
    let index: Vec<Case> = serde_json::from_slice(&std::fs::read(folder().join("index.json")).unwrap()).unwrap();
    assert!(index.len() >= 40, "the index lists {} vectors", index.len());
    let mut wrong = Vec::new();
    for case in &index {
        let bytes = std::fs::read(folder().join(&case.file)).unwrap();
        let (verdict, failed) = std::panic::catch_unwind(|| judge(&bytes))
            .unwrap_or_else(|_| ("panic".to_string(), Vec::new()));
        let check_ok = case.check.as_ref().is_none_or(|c| failed.contains(c));
        if verdict != case.verdict || !check_ok {
            wrong.push(format!(
                "{}: expected {} {:?}, got {verdict} {failed:?} — {}",
                case.file, case.verdict, case.check, case.origin
            ));
        }
    }
    assert!(wrong.is_empty(), "{} of {} vectors judged wrongly:\n{}", wrong.len(), index.len(), wrong.join("\n"));
}

#[test]
fn every_file_of_the_folder_is_in_the_index() {
    let index: Vec<Case> = serde_json::from_slice(&std::fs::read(folder().join("index.json")).unwrap()).unwrap();
    for entry in std::fs::read_dir(folder()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name != "index.json" {
            assert!(index.iter().any(|c| c.file == name), "{name} is not in index.json");
        }
    }
}

/// The verification page's small module verifies with `verify_document_with` and a NIST
/// check that refuses every pulse, and only documents that rely on drand alone: for
/// those it must answer exactly as the full verifier does, and every document it is
/// not given must be one that needs more.
#[test]
fn the_drand_only_verifier_agrees_wherever_it_is_used() {
    use fairdraw::verify::{cannot_verify_nist, relies_on_drand_alone, verify_document_trusting, verify_document_with};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("tests/vectors/spec"))
        .expect("tests/vectors/spec")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && !p.to_string_lossy().contains("primitives") && !p.to_string_lossy().contains("intermediates"))
        .collect();
    files.push(root.join("tests/fixtures/witness/public-witnessed.json"));
    files.sort();
    let mut needing_more = Vec::new();
    let mut left_by_small_module = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("readable vector");
        let document = fairdraw::read::read_document(&bytes, usize::MAX).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let full = verify_document_trusting(&document, &[]);
        // As the small module reads and verifies it.
        let text = fairdraw::read::decode(&bytes, usize::MAX).unwrap();
        let published = fairdraw::read::read_published(&text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let seams = fairdraw::verify::Seams { nist: cannot_verify_nist, progress: fairdraw::verify::no_progress };
        match fairdraw::verify::verify_published_seamed(&published, seams) {
            Some(report) => assert_eq!(report, full, "{}", path.display()),
            None => left_by_small_module.push(path.file_name().unwrap().to_string_lossy().into_owned()),
        }
        if relies_on_drand_alone(&document) {
            assert_eq!(verify_document_with(&document, cannot_verify_nist), full, "{}", path.display());
        } else {
            needing_more.push(path.file_name().unwrap().to_string_lossy().into_owned());
            assert_ne!(verify_document_with(&document, cannot_verify_nist), full, "{}", path.display());
        }
    }
    needing_more.sort();
    assert_eq!(needing_more, ["bundle-nist.json", "public-witnessed.json"]);
    left_by_small_module.sort();
    assert_eq!(
        left_by_small_module,
        ["bundle-nist.json", "bundle-small.json", "format2-auditor-groups.json", "format2-auditor-ranges.json", "format2-auditor-small.json", "public-witnessed.json"]
    );
}

/// A verification tells its progress of each check as it is made, once each and in
/// the order of its report, for every kind of document and for the negative vectors
/// (whose checks stop early or fail); what it reports is unchanged by being told.
#[test]
fn progress_is_told_of_every_check_in_the_reports_order() {
    use fairdraw::verify::{verify_document, verify_document_seamed, CheckId, Seams};
    use std::sync::Mutex;
    static TOLD: Mutex<Vec<CheckId>> = Mutex::new(Vec::new());
    fn tell(id: CheckId) {
        TOLD.lock().unwrap().push(id);
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for folder in ["tests/vectors/spec", "tests/vectors/negative"] {
        files.extend(std::fs::read_dir(root.join(folder)).unwrap().map(|e| e.unwrap().path()).filter(|p| {
            p.extension().is_some_and(|x| x == "json") && !["primitives", "intermediates", "index.json"].iter().any(|n| p.to_string_lossy().contains(n))
        }));
    }
    files.sort();
    let mut told_some = 0;
    for path in &files {
        let Ok(document) = fairdraw::read::read_document(&std::fs::read(path).unwrap(), usize::MAX) else { continue };
        TOLD.lock().unwrap().clear();
        let report = verify_document_seamed(&document, Seams { progress: tell, ..Seams::FULL });
        let told = TOLD.lock().unwrap().clone();
        let listed: Vec<CheckId> = report.checks.iter().map(|c| c.id).collect();
        assert_eq!(told, listed, "{}", path.display());
        assert_eq!(report, verify_document(&document), "{}", path.display());
        told_some += usize::from(!told.is_empty());
    }
    assert!(told_some >= 9, "every spec vector was told: {told_some}");
}

/// The verification page's small module reads with `read_published`, which holds no
/// reader for any document but the public and sealed ones of format 2: for those, and
/// for text that is no document at all, it must give what `read_text` gives; for
/// every other document it must step aside (`Other`) rather than judge it.
#[test]
fn the_published_reader_reads_as_the_full_one_or_steps_aside() {
    use fairdraw::read::{decode, read_published, read_text, Document, Published};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["tests/vectors/spec", "tests/vectors/negative", "tests/fixtures/witness"] {
        files.extend(std::fs::read_dir(root.join(folder)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "json")));
    }
    files.sort();
    let mut texts: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| Some((p.display().to_string(), decode(&std::fs::read(p).unwrap(), usize::MAX).ok()?.into_owned())))
        .collect();
    // Text that is no fairdraw document, or a public one cut short or mislabelled.
    let public = texts.iter().find(|(_, t)| t.contains(r#""document": "public""#) || t.contains(r#""document":"public""#)).map(|(_, t)| t.clone()).unwrap();
    for (name, text) in [
        ("empty", String::new()),
        ("not json", "hello".to_string()),
        ("an array", "[1,2]".to_string()),
        ("another format", r#"{"format":"fairdraw/9"}"#.to_string()),
        ("not ours", r#"{"format":"x"}"#.to_string()),
        ("no kind", r#"{"format":"fairdraw/2"}"#.to_string()),
        ("a commitment", r#"{"format":"fairdraw/2","commitment":"ab"}"#.to_string()),
        ("an unknown kind", r#"{"format":"fairdraw/2","document":"other"}"#.to_string()),
        ("a kind that is no text", r#"{"format":"fairdraw/2","document":7}"#.to_string()),
        ("cut short", public[..public.len() / 2].to_string()),
        ("mislabelled", public.replacen("public", "sealed", 1)),
        ("written compactly", serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&public).unwrap()).unwrap()),
    ] {
        texts.push((name.to_string(), text));
    }
    let mut kinds = std::collections::BTreeSet::new();
    for (name, text) in &texts {
        let full = read_text(text);
        let published = read_published(text);
        let agrees = match (&published, &full) {
            (Ok(Published::Public(a)), Ok(Document::Public(b))) => a == b,
            (Ok(Published::Sealed2(a)), Ok(Document::Sealed2(b))) => a == b,
            (Ok(Published::Other), Ok(Document::Public(_) | Document::Sealed2(_))) => false,
            (Ok(Published::Other), _) => true,
            (Err(a), Err(b)) => a == b,
            _ => false,
        };
        assert!(agrees, "{name}: the published reader gives {published:?}, the full one {full:?}");
        kinds.insert(match published {
            Ok(Published::Public(_)) => "public",
            Ok(Published::Sealed2(_)) => "sealed",
            Ok(Published::Other) => "other",
            Err(_) => "unreadable",
        });
    }
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["other", "public", "sealed", "unreadable"]);
}
