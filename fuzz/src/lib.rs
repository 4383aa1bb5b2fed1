//! What each fuzz target does with its bytes: the same calls the command line and
//! the site make on a file someone handed them. Kept apart from the targets so
//! that `tests/fuzz_regressions.rs` feeds a saved crash to exactly the same code
//! (it includes this file as a module), and without any dependency but the
//! `fairdraw` crate and `serde_json`.
//!
//! Each function must return normally for any input: a panic is a finding.

use std::sync::OnceLock;

use fairdraw::beacon;
use fairdraw::import::{self, ImportOptions, Table, TextEncoding};
use fairdraw::model::{Directories, Plan};
use fairdraw::protocol::{self, Bundle, CommitOptions, Commitment, Inputs};
use fairdraw::sealed::Sealed;
use fairdraw::{export, plan, publication, verify};

/// The day the importers check dates against; any fixed day does, the core has no clock.
const AS_OF: &str = "2026-06-01";
/// Unix time of the commitments the harness makes (2026-01-01); they are rehearsals,
/// so the committed round may lie in the past.
const COMMITTED_AT: i64 = 1_767_225_600;
const BASE_URL: &str = "https://example.gov.cn/fairdraw/";

/// Text as the CLI reads it (UTF-8 only) and the site takes it (a BOM dropped).
fn text_of(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok().map(|t| t.trim_start_matches('\u{feff}'))
}

const ENCODINGS: [TextEncoding; 5] =
    [TextEncoding::Auto, TextEncoding::Utf8, TextEncoding::Gb18030, TextEncoding::Utf16Le, TextEncoding::Utf16Be];

fn import_options(encoding: TextEncoding) -> ImportOptions {
    ImportOptions { encoding, as_of: Some(AS_OF.to_string()), ..ImportOptions::default() }
}

/// A table read as each of the four kinds of input, as the site's import preview
/// does (each importer maps the headers itself).
fn import_table_as_every_kind(table: &Table, o: &ImportOptions) {
    let _ = import::enterprises_from_table(table, o);
    let _ = import::inspectors_from_table(table, o);
    let _ = import::checklist_from_table(table, o);
    let _ = import::history_from_table(table, o);
}

/// A CSV file in every encoding the user can choose (auto-detection included), read
/// as every kind of directory; and once through the command line's entry point.
/// Encodings that decode to the same text are read once: recognising headers is
/// slow enough to dominate a fuzzing run.
pub fn csv_import(data: &[u8]) {
    let mut seen: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    for encoding in ENCODINGS {
        let Ok((text, _used)) = import::decode("f.csv", data, encoding) else { continue };
        if seen.contains(&text) {
            continue;
        }
        if let Ok(table) = import::parse_csv("f.csv", &text) {
            import_table_as_every_kind(&table, &import_options(encoding));
        }
        seen.push(text);
    }
    let _ = import::import_enterprises_csv("f.csv", data, &import_options(TextEncoding::Auto));
}

/// A workbook: every sheet read (the site's XLSX module), each table imported as
/// every kind; and the first sheet through the command line's entry point.
pub fn xlsx_import(data: &[u8]) {
    let _ = import::xlsx::is_xlsx(data);
    let o = import_options(TextEncoding::Auto);
    if let Ok(sheets) = import::xlsx::read_workbook("f.xlsx", data) {
        for sheet in &sheets {
            if let Some(table) = &sheet.table {
                import_table_as_every_kind(table, &o);
            }
            let _ = import::import_sheet(sheet, &o, import::inspectors_from_table);
        }
        let _ = import::xlsx::import_history_xlsx("f.xlsx", data, None, &o);
    }
}

/// Small directories to evaluate fuzzed plans against, built once.
fn demo_directories() -> &'static Directories {
    static DIRS: OnceLock<Directories> = OnceLock::new();
    DIRS.get_or_init(|| fairdraw::demo::demo_inputs(60, 12).into_parts().1)
}

/// plan.json (`fairdraw commit --plan`, the site's plan file): validated, evaluated
/// against small directories, summarised as a commitment would, and drawn.
pub fn plan_json(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let Ok(p) = serde_json::from_str::<Plan>(text) else { return };
    let dirs = demo_directories();
    let codes: Vec<&str> = dirs.checklist.iter().map(|c| c.code.as_str()).collect();
    let _ = plan::validate_plan(&p, &codes);
    let report = plan::evaluate(&p, dirs);
    let _ = protocol::task_summaries(&p, &report);
    let _ = fairdraw::sealed::reveal_after(&p);
    let _ = fairdraw::draw::draw(&p, dirs, &report, &[7u8; 32]);
}

fn rehearsal_options() -> CommitOptions {
    let chain = beacon::chain_by_name("quicknet").expect("quicknet is a known chain");
    CommitOptions { sequence: 1, previous: String::new(), committed_at: COMMITTED_AT, rehearsal: true, chain, round: 1000 }
}

/// inputs.json: committed (the site's 承诺), then drawn with the recorded quicknet
/// round 1000 (`fairdraw draw`) and the bundle verified.
pub fn inputs_json(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let Ok(inputs) = serde_json::from_str::<Inputs>(text) else { return };
    let _ = protocol::section_hashes(&inputs);
    let _ = protocol::inputs_file(&inputs);
    let Ok((commitment, _report)) = protocol::commit(&inputs, &rehearsal_options()) else { return };
    let _ = protocol::commitment_file(&commitment);
    if let Ok(bundle) = protocol::draw_bundle(inputs, commitment, fairdraw::demo::quicknet_round_1000()) {
        let _ = verify::verify(&bundle);
    }
}

/// The inputs recorded with the ceremony fixture, for drawing fuzzed commitments.
fn fixture_inputs() -> Option<&'static Inputs> {
    static INPUTS: OnceLock<Option<Inputs>> = OnceLock::new();
    INPUTS
        .get_or_init(|| serde_json::from_str(include_str!("../../tests/fixtures/ceremony/inputs.json")).ok())
        .as_ref()
}

/// commitment.json: its hash checked (the site's “previous commitment”), the drand
/// check and seed the ceremony page shows, and `fairdraw draw` with the fixture's inputs.
pub fn commitment_json(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let Ok(c) = serde_json::from_str::<Commitment>(text) else { return };
    let _ = fairdraw::hashing::hex(&c.compute_hash()) == c.commitment.to_ascii_lowercase();
    let _ = protocol::commitment_file(&c);
    if let (Some(chain), Some(hash)) = (beacon::chain_by_hash(&c.beacon.chain_hash), fairdraw::hashing::unhex32(&c.commitment)) {
        let round = fairdraw::demo::quicknet_round_1000();
        if let Ok(v) = beacon::verify_drand(chain, c.beacon.round, &round) {
            let _ = protocol::derive_seed(&hash, &chain.chain_hash, v.round, &v.randomness);
        }
    }
    if let Some(inputs) = fixture_inputs() {
        if let Ok(bundle) = protocol::draw_bundle(inputs.clone(), c, fairdraw::demo::quicknet_round_1000()) {
            let _ = verify::verify(&bundle);
        }
    }
}

/// A bundle as the command line takes it: verified, looked up (`fairdraw lookup`
/// does not verify first), sealed and exported when it verifies.
pub fn bundle_json(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let Ok(b) = serde_json::from_str::<Bundle>(text) else { return };
    let report = verify::verify(&b);
    let mut queries = vec!["91110108551385082Q".to_string(), "  9111 0108-5513 8508 2q ".to_string()];
    queries.extend(b.inputs.directories.enterprises.iter().take(2).map(|e| e.id.clone()));
    for q in &queries {
        let _ = verify::lookup(&b, q);
    }
    let _ = serde_json::to_string(&report);
    if report.verdict != verify::Verdict::Invalid {
        let _ = publication::seal(&b);
        for sheet in export::all_sheets(&b, &Default::default()) {
            let _ = export::csv(&sheet);
        }
        let _ = export::file_name(&b, "抽取结果", "csv");
    }
}

/// A sealed result (结果封存公告), verified.
pub fn sealed_json(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let Ok(s) = serde_json::from_str::<Sealed>(text) else { return };
    let report = verify::verify_sealed(&s);
    let _ = serde_json::to_string(&report);
}

/// A drand round as served or pasted (`fairdraw beacon verify`, the ceremony page),
/// checked against both pinned chains, at its own round and at round 1000.
pub fn drand_json(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let Ok(r) = beacon::parse_drand_json(text) else { return };
    for name in ["quicknet", "default"] {
        let Some(chain) = beacon::chain_by_name(name) else { continue };
        let _ = beacon::verify_drand(chain, r.round, &r);
        let _ = beacon::verify_drand(chain, 1000, &r);
        let _ = chain.round_time(r.round);
    }
}

/// A NIST Beacon 2.0 pulse (`fairdraw beacon verify --nist`, `draw --nist-file`).
pub fn nist_json(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let Ok(p) = beacon::parse_nist_json(text) else { return };
    let _ = beacon::nist_signature_input(&p);
    if let Ok(v) = beacon::verify_nist(&p) {
        let committed = protocol::NistRef { chain_index: 2, time_stamp: "2026-01-01T00:00:00Z".to_string() };
        let _ = protocol::check_committed_nist(&committed, &v);
    }
}

/// Up to four files of a published folder, separated by NUL bytes (which JSON
/// text never holds), indexed as `fairdraw publish` does, with the QR codes.
/// Mutated files rarely keep a correct commitment hash, so each file is also tried
/// with its hash recomputed, to reach what comes after that check.
pub fn publication_index(data: &[u8]) {
    let files: Vec<(String, String)> = data
        .split(|&b| b == 0)
        .take(4)
        .enumerate()
        .map(|(i, part)| (format!("{i}.json"), String::from_utf8_lossy(part).into_owned()))
        .collect();
    index_and_outputs(&files);
    let fixed: Vec<(String, String)> = files.iter().map(|(n, t)| (n.clone(), with_commitment_hash(t).unwrap_or_else(|| t.clone()))).collect();
    if fixed != files {
        index_and_outputs(&fixed);
    }
}

fn index_and_outputs(files: &[(String, String)]) {
    if let Ok(index) = publication::build_index(files) {
        let _ = publication::outputs(&index, BASE_URL);
        let _ = publication::outputs(&index, "");
    }
}

/// The file with its commitment's `commitment` field set to the commitment's own
/// hash; None when it holds no readable commitment.
pub fn with_commitment_hash(text: &str) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let object = value.as_object()?;
    let nested = object.contains_key("result") || object.contains_key("document");
    let slot = if nested { value.get_mut("commitment")? } else { &mut value };
    let c: Commitment = serde_json::from_value(slot.clone()).ok()?;
    let hash = c.compute_hash();
    slot.as_object_mut()?.insert("commitment".into(), fairdraw::hashing::hex(&hash).into());
    serde_json::to_string(&value).ok()
}

/// `fairdraw verify FILE` and the verification page: a bundle or a sealed result.
pub fn verify_json(data: &[u8]) {
    // As the command line and the page read a file: the bytes, whatever their encoding.
    let report = verify::verify_bytes(data, fairdraw::read::MAX_BYTES_NATIVE);
    let _ = serde_json::to_string(&report);
    if let Some(text) = text_of(data) {
        let _ = serde_json::to_string(&verify::verify_json(text));
        // The verification page's small module reads with read_published: it must
        // read what read_text reads, or give the same reason, or step aside.
        {
            use fairdraw::read::{read_published, read_text, Document, Published};
            match (read_published(text), read_text(text)) {
                (Ok(Published::Public(a)), Ok(Document::Public(b))) => assert!(a == b),
                (Ok(Published::Sealed2(a)), Ok(Document::Sealed2(b))) => assert!(a == b),
                (Ok(Published::Other), Ok(Document::Public(_) | Document::Sealed2(_))) => panic!("read_published stepped aside from a published document"),
                (Ok(Published::Other), _) => {}
                (Err(a), Err(b)) => assert_eq!(a, b),
                (a, b) => panic!("read_published gave {a:?}, read_text {b:?}"),
            }
        }
        // 查询我的企业 in whatever format 2 document was read, with and without codes.
        match fairdraw::read::read_text(text) {
            Ok(fairdraw::read::Document::Public(p)) => {
                let ids: Vec<String> = p.revealed.iter().take(1).map(|r| r.id.clone()).chain(["91110108551385082Q".to_string()]).collect();
                for id in &ids {
                    for key in [None, Some("0000-0000-0000-0000"), Some("ＺＺＺＺ－ｚｚｚｚ　1111-IIII"), Some("not a code")] {
                        let _ = serde_json::to_string(&fairdraw::v2::lookup::lookup(&p, id, key));
                    }
                }
            }
            Ok(fairdraw::read::Document::Auditor(a)) => {
                let _ = fairdraw::v2::lookup::lookup_auditor(&a, "91110108551385082Q");
                let _ = fairdraw::v2::public_document(&a);
            }
            _ => {}
        }
    }
}

/// A time-stamping authority's reply or token (SPEC §10.8), as `witness add` and the
/// 承诺 page read it, verified against a commitment hash under the pinned roots.
pub fn witness_der(data: &[u8]) {
    let commitment = [0xab; 32];
    let _ = fairdraw::witness::token_of_reply(data);
    let _ = fairdraw::witness::verify(data, &commitment, &fairdraw::witness::pinned_roots());
}

/// A document published as `.json.gz`, inflated as the command line and the site do
/// where the browser cannot: any bytes return an answer within the limit. And the
/// same bytes wrapped by hand in stored deflate blocks must come back unchanged, so
/// a reader that refuses or alters good gzip is a finding too.
pub fn gzip(data: &[u8]) {
    const LIMIT: usize = 1 << 20;
    if let Ok(out) = fairdraw::gzip::gunzip(data, LIMIT) {
        assert!(out.len() <= LIMIT, "inflated {} bytes past the limit", out.len());
    }
    let wrapped = stored_gzip(data);
    assert_eq!(fairdraw::gzip::gunzip(&wrapped, LIMIT).as_deref(), Ok(data), "a stored gzip member did not inflate to its bytes");
}

/// `data` as one gzip member of stored (uncompressed) deflate blocks (RFC 1951 §3.2.4,
/// RFC 1952), checksummed here rather than by the code under test.
fn stored_gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut blocks = data.chunks(u16::MAX as usize).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let last = u8::from(blocks.peek().is_none());
        let len = block.len() as u16;
        out.push(last);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&bitwise_crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn bitwise_crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A timelock envelope (SPEC §10.9), armored or not, as `fairdraw open` and the 公示
/// page read it, opened with a genuine quicknet round (round 1000).
pub fn timelock_age(data: &[u8]) {
    const ROUND_1000: &str = "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39";
    let signature = fairdraw::hashing::unhex(ROUND_1000).unwrap_or_default();
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(envelope) = fairdraw::timelock::Envelope::parse(text) {
            let _ = envelope.open(&signature);
        }
    }
    if let Ok(envelope) = fairdraw::timelock::Envelope::parse_binary(data) {
        let _ = envelope.open(&signature);
    }
}

/// Every target by name, for the regression tests and the seed check.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("csv_import", csv_import),
    ("xlsx_import", xlsx_import),
    ("plan_json", plan_json),
    ("inputs_json", inputs_json),
    ("commitment_json", commitment_json),
    ("bundle_json", bundle_json),
    ("sealed_json", sealed_json),
    ("drand_json", drand_json),
    ("nist_json", nist_json),
    ("publication_index", publication_index),
    ("verify_json", verify_json),
    ("witness_der", witness_der),
    ("timelock_age", timelock_age),
    ("gzip", gzip),
];
