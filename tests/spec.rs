//! SPEC.md's vectors: `tests/vectors/spec/*.json` hold every intermediate value of
//! formats fairdraw/1 and fairdraw/2. This test recomputes them all from the stored inputs and
//! fails on any difference (released outputs never change), and checks that the
//! example values quoted in SPEC.md are the ones computed.
//!
//! `FAIRDRAW_BLESS=1 cargo test --test spec` rewrites the files; only do that for a
//! new format version.

mod common;

use std::path::PathBuf;

use fairdraw::canonical;
use fairdraw::draw::{stream_key, ticket};
use fairdraw::hashing::{framed, hex, unhex, unhex32};
use fairdraw::plan::{self, largest_remainder, ratio_count, Rounding};
use fairdraw::protocol::{self, derive_seed, section_hashes, Bundle};
use fairdraw::rng::Stream;
use serde_json::{json, Value};

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/spec")
}

fn blessing() -> bool {
    std::env::var("FAIRDRAW_BLESS").is_ok_and(|v| v == "1")
}

/// Writes (bless) or compares against the stored file.
fn check_vector_file(name: &str, computed: &Value) {
    let path = vectors_dir().join(name);
    if blessing() {
        std::fs::write(&path, serde_json::to_string_pretty(computed).unwrap() + "\n").unwrap();
        return;
    }
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(stored == *computed, "{name} differs from its recomputation: a released format's output changed");
}

fn primitives() -> Value {
    let framing = [("t", vec!["ab"]), ("fairdraw/1/ticket", vec!["", "001", "91130302MA0A0B0C0X"]), ("x", vec![])]
        .iter()
        .map(|(tag, parts)| {
            let bytes: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
            json!({"tag": tag, "parts_utf8": parts, "hash": hex(&framed(tag, &bytes))})
        })
        .collect::<Vec<_>>();
    let jcs = [
        json!({"b": 1, "a": [true, null, "企业\n"]}),
        json!({"\u{e000}": 1, "😀": 2, "a": {"z": "", "y": "\u{1f}\u{7f}\"\\"}}),
        json!([9007199254740991u64, 0, "A/B"]),
    ]
    .iter()
    .map(|v| json!({"value": v, "canonical": String::from_utf8(canonical::to_canonical(v).unwrap()).unwrap()}))
    .collect::<Vec<_>>();
    let streams = [[0u8; 32], fairdraw::hashing::sha256(b"fairdraw stream example")]
        .iter()
        .map(|key| {
            let mut s = Stream::new(*key);
            let words: Vec<String> = (0..20).map(|_| format!("{:08x}", s.next_word())).collect();
            json!({"key": hex(key), "words": words})
        })
        .collect::<Vec<_>>();
    let below = {
        let key = fairdraw::hashing::sha256(b"fairdraw below example");
        let mut s = Stream::new(key);
        let ns: Vec<u64> = vec![1, 2, 3, 6, 10, 1000, (1 << 31) + 1, 3 << 30, 1 << 32, 7];
        let draws: Vec<Value> = ns
            .iter()
            .map(|&n| {
                let before = s.words_used();
                let v = s.below(n);
                json!({"n": n, "value": v, "words_read": s.words_used() - before})
            })
            .collect();
        json!({"key": hex(&key), "draws_in_sequence": draws})
    };
    let ratio = [(100u64, 1500u32), (101, 1500), (110, 1500), (109, 1500), (1, 1), (7, 5000), (0, 300)]
        .iter()
        .map(|&(size, bp)| {
            json!({"size": size, "bp": bp,
                   "ceil": ratio_count(size, bp, Rounding::Ceil), "floor": ratio_count(size, bp, Rounding::Floor),
                   "half_up": ratio_count(size, bp, Rounding::HalfUp)})
        })
        .collect::<Vec<_>>();
    let lr = [(10u64, vec![66u64, 27, 7], vec![66u64, 27, 7]), (10, vec![10, 10, 10], vec![10, 10, 10]), (1, vec![1, 3], vec![1, 3]), (5, vec![10, 1], vec![3, 1]), (7, vec![5, 5, 5, 5], vec![5, 5, 5, 5])]
        .iter()
        .map(|(t, w, c)| json!({"total": t, "weights": w, "caps": c, "shares": largest_remainder(*t, w, c)}))
        .collect::<Vec<_>>();
    json!({"framing": framing, "canonical_json": jcs, "chacha20_words": streams, "below": below,
           "ratio_count": ratio, "largest_remainder": lr})
}

/// Every intermediate of a bundle, computed from the bundle's inputs, commitment
/// metadata and beacon value only.
fn intermediates(b: &Bundle) -> Value {
    let c = &b.commitment;
    let sections = section_hashes(&b.inputs).unwrap();
    let commitment_hash = c.compute_hash();
    let chain = fairdraw::beacon::chain_by_hash(&c.beacon.chain_hash).unwrap();
    let verified = fairdraw::beacon::verify_drand(chain, c.beacon.round, &b.beacon.drand).unwrap();
    let seed = derive_seed(&commitment_hash, &chain.chain_hash, c.beacon.round, &verified.randomness);
    let report = plan::evaluate(&b.inputs.plan, &b.inputs.directories);
    let salt = unhex(&b.inputs.salt).unwrap();
    let section_digests = json!({
        "plan": hex(&canonical::digest(&b.inputs.plan).unwrap()),
        "enterprises": hex(&canonical::digest_records(&b.inputs.directories.enterprises)),
        "inspectors": hex(&canonical::digest_records(&b.inputs.directories.inspectors)),
        "checklist": hex(&canonical::digest_records(&b.inputs.directories.checklist)),
        "history": hex(&canonical::digest_records(&b.inputs.directories.history)),
    });
    let tasks: Vec<Value> = b
        .inputs
        .plan
        .tasks
        .iter()
        .zip(&report.tasks)
        .map(|(t, pool)| {
            let tickets: Vec<Value> = pool
                .strata
                .iter()
                .enumerate()
                .flat_map(|(k, st)| {
                    st.members.iter().map(move |&m| (k, m)).collect::<Vec<_>>()
                })
                .map(|(k, m)| {
                    let id = &b.inputs.directories.enterprises[m as usize].id;
                    json!({"id": id, "stratum": k, "ticket": hex(&ticket(&seed, &t.number, id))})
                })
                .collect();
            let membership: Vec<Value> = b
                .inputs
                .directories
                .enterprises
                .iter()
                .zip(&pool.membership)
                .map(|(e, m)| json!([e.id, format!("{m:?}")]))
                .collect();
            let mut team = Stream::new(stream_key(&seed, &t.number, "team"));
            let mut items = Stream::new(stream_key(&seed, &t.number, "items"));
            json!({
                "number": t.number,
                "membership": membership,
                "tickets": tickets,
                "team_stream_key": hex(&stream_key(&seed, &t.number, "team")),
                "team_stream_first_words": (0..8).map(|_| format!("{:08x}", team.next_word())).collect::<Vec<_>>(),
                "items_stream_key": hex(&stream_key(&seed, &t.number, "items")),
                "items_stream_first_words": (0..8).map(|_| format!("{:08x}", items.next_word())).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "salt": hex(&salt),
        "section_digests": section_digests,
        "section_hashes": sections,
        "commitment_canonical": String::from_utf8({
            let mut v = serde_json::to_value(c).unwrap();
            v.as_object_mut().unwrap().remove("commitment");
            canonical::to_canonical(&v).unwrap()
        }).unwrap(),
        "commitment": hex(&commitment_hash),
        "randomness": hex(&verified.randomness),
        "seed": hex(&seed),
        "tasks": tasks,
        "result_sha256": hex(&canonical::digest(&b.result).unwrap()),
    })
}

fn small_bundle() -> Bundle {
    let path = vectors_dir().join("bundle-small.json");
    if blessing() {
        let inputs = common::demo_inputs(60, 16);
        let commitment = common::commit_to_round_1000(&inputs, 7200, false);
        let b = protocol::draw_bundle(inputs, commitment, common::quicknet_round_1000()).unwrap();
        std::fs::write(&path, serde_json::to_string_pretty(&b).unwrap() + "\n").unwrap();
        return b;
    }
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The commit options a stored bundle's commitment states, to commit again from its inputs.
fn stated_commit_options(b: &Bundle) -> protocol::CommitOptions {
    protocol::CommitOptions {
        sequence: b.commitment.sequence,
        previous: b.commitment.previous.clone(),
        committed_at: fairdraw::time::parse_rfc3339(&b.commitment.committed_at).unwrap(),
        rehearsal: b.commitment.rehearsal,
        chain: fairdraw::beacon::chain_by_hash(&b.commitment.beacon.chain_hash).unwrap(),
        round: b.commitment.beacon.round,
    }
}

#[test]
fn primitive_vectors_are_unchanged() {
    check_vector_file("primitives.json", &primitives());
}

#[test]
fn the_small_bundle_recomputes_exactly() {
    let b = small_bundle();
    // Recompute the commitment and the result from the stored inputs alone.
    let opts = stated_commit_options(&b);
    let (commitment, _) = protocol::commit(&b.inputs, &opts).unwrap();
    assert_eq!(commitment, b.commitment);
    let redrawn = protocol::draw_bundle(b.inputs.clone(), commitment, b.beacon.drand.clone()).unwrap();
    assert!(redrawn == b, "the stored bundle no longer recomputes");
    assert_eq!(fairdraw::verify::verify(&b).verdict, fairdraw::verify::Verdict::Valid);
    check_vector_file("bundle-small-intermediates.json", &intermediates(&b));
}

/// The worked example of SPEC.md §9, as it must appear there.
fn worked_example(b: &Bundle) -> String {
    let i = intermediates(b);
    let t = &b.result.tasks[0];
    let st = t.strata.iter().find(|s| !s.census && s.count > 0).unwrap();
    let first = &t.selected[0];
    let members: Vec<String> = first.team.iter().map(|m| format!("{} ({}, {})", m.id, m.name, m.department)).collect();
    format!(
        "- inputs: {} enterprises, {} inspectors, {} checklist items, {} history records; salt `{}` (the whole `inputs` document is the member of that name in `bundle-small.json`)\n\
         - committed with `sequence` {}, `previous` `{:?}`, `committed_at` `{}`, `rehearsal` {}, to {} round {}\n\
         - section hash of `enterprises`: `{}`\n\
         - commitment: `{}` (quicknet round {}, emitted {})\n\
         - beacon randomness: `{}`\n\
         - seed: `{}`\n\
         - task {} stratum {:?}: size {}, count {}, cutoff `{}` ({})\n\
         - first selected firm of task {}: {} with ticket `{}`, team {}, items {}\n\
         - task {} team stream key: `{}`, first words {}\n\
         - result_sha256: `{}`\n",
        b.inputs.directories.enterprises.len(),
        b.inputs.directories.inspectors.len(),
        b.inputs.directories.checklist.len(),
        b.inputs.directories.history.len(),
        b.inputs.salt,
        b.commitment.sequence,
        b.commitment.previous,
        b.commitment.committed_at,
        b.commitment.rehearsal,
        b.commitment.beacon.chain,
        b.commitment.beacon.round,
        i["section_hashes"]["enterprises"].as_str().unwrap(),
        b.commitment.commitment,
        b.commitment.beacon.round,
        b.commitment.beacon.emission_time,
        i["randomness"].as_str().unwrap(),
        b.result.seed,
        t.number,
        st.values,
        st.size,
        st.count,
        st.cutoff,
        st.cutoff_id,
        t.number,
        first.id,
        first.ticket,
        members.join(" and "),
        first.items.join(", "),
        t.number,
        i["tasks"][0]["team_stream_key"].as_str().unwrap(),
        i["tasks"][0]["team_stream_first_words"].as_array().unwrap().iter().take(4).map(|w| w.as_str().unwrap()).collect::<Vec<_>>().join(" "),
        b.result_sha256,
    )
}

#[test]
fn spec_md_quotes_the_computed_values() {
    let spec = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("SPEC.md")).unwrap();
    let example = worked_example(&small_bundle());
    assert!(spec.contains(&example), "SPEC.md §9 must contain exactly:\n{example}");
    let framed_example = hex(&framed("t", &[b"ab"]));
    let manual = fairdraw::hashing::sha256(&unhex("0000000174000000026162").unwrap());
    assert_eq!(framed_example, hex(&manual));
    let jcs = canonical::to_canonical(&json!({"b": 1, "a": [true, null, "企业\n"]})).unwrap();
    assert!(spec.contains(&format!("`{}`", String::from_utf8(jcs).unwrap())));
    assert!(spec.contains("`largest_remainder(10, [66,27,7], [66,27,7])` = `[6,3,1]`"));
    assert_eq!(largest_remainder(10, &[66, 27, 7], &[66, 27, 7]), vec![6, 3, 1]);
    assert_eq!(largest_remainder(10, &[10, 10, 10], &[10, 10, 10]), vec![4, 3, 3]);
    let mut s = Stream::new([0; 32]);
    let words: Vec<String> = (0..4).map(|_| format!("{:08x}", s.next_word())).collect();
    assert!(spec.contains(&words.join(" ")));
    let _ = unhex32;
}

/// The drand-and-NIST vector: the small inputs committed to quicknet round 1000 and
/// NIST chain 1 pulse 54610 (2018-08-30T17:44:00Z), two hours before the pulse.
fn nist_bundle() -> Bundle {
    let path = vectors_dir().join("bundle-nist.json");
    if blessing() {
        let inputs = common::demo_inputs(60, 16);
        let chain = fairdraw::beacon::chain_by_name("quicknet").unwrap();
        let pulse_at = fairdraw::time::parse_rfc3339("2018-08-30T17:44:00Z").unwrap();
        let opts = protocol::CommitOptions {
            sequence: 1,
            previous: String::new(),
            committed_at: pulse_at - 7200,
            rehearsal: false,
            chain,
            round: 1000,
        };
        let (commitment, _) = protocol::commit_with_nist(&inputs, &opts, Some((1, pulse_at))).unwrap();
        let vectors: Value = serde_json::from_str(
            &std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/beacons/nist-pulses.json")).unwrap(),
        )
        .unwrap();
        let pulse = fairdraw::beacon::parse_nist_json(&vectors["vectors"][0]["pulse"].to_string()).unwrap();
        let b = protocol::draw_bundle_with_nist(inputs, commitment, common::quicknet_round_1000(), Some(pulse)).unwrap();
        std::fs::write(&path, serde_json::to_string_pretty(&b).unwrap() + "\n").unwrap();
        return b;
    }
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn the_nist_bundle_recomputes_exactly() {
    let b = nist_bundle();
    let committed = b.commitment.beacon.nist.clone().expect("the vector commits to a NIST pulse");
    let opts = stated_commit_options(&b);
    let chain = opts.chain;
    let nist = Some((committed.chain_index, fairdraw::time::parse_rfc3339(&committed.time_stamp).unwrap()));
    let (commitment, _) = protocol::commit_with_nist(&b.inputs, &opts, nist).unwrap();
    assert_eq!(commitment, b.commitment);
    let redrawn =
        protocol::draw_bundle_with_nist(b.inputs.clone(), commitment, b.beacon.drand.clone(), b.beacon.nist_pulse.clone()).unwrap();
    assert!(redrawn == b, "the stored NIST bundle no longer recomputes");
    assert_eq!(fairdraw::verify::verify(&b).verdict, fairdraw::verify::Verdict::Valid);

    // The seed from SPEC.md §5.3's bytes, written out here rather than through the library.
    let pulse = b.beacon.nist_pulse.as_ref().unwrap();
    let drand = fairdraw::beacon::verify_drand(chain, b.commitment.beacon.round, &b.beacon.drand).unwrap();
    let output = unhex(&pulse.output_value).unwrap();
    assert_eq!(output.len(), 64);
    let seed = framed(
        "fairdraw/1/seed2",
        &[
            &unhex32(&b.commitment.commitment).unwrap(),
            &chain.chain_hash,
            &1000u64.to_be_bytes(),
            &drand.randomness,
            &1u64.to_be_bytes(),
            &54610u64.to_be_bytes(),
            &output,
        ],
    );
    assert_eq!(hex(&seed), b.result.seed);

    // The one-beacon rule on the same commitment gives another seed.
    let one = derive_seed(&unhex32(&b.commitment.commitment).unwrap(), &chain.chain_hash, 1000, &drand.randomness);
    assert_ne!(hex(&one), b.result.seed);

    let spec = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("SPEC.md")).unwrap();
    for quoted in [&b.commitment.commitment, &b.result.seed, &b.result_sha256] {
        assert!(spec.contains(&format!("`{quoted}`")), "SPEC.md §5.3 must quote {quoted}");
    }
}

// Format 2 (SPEC §10), released like format 1: its vectors never change.

const SECRET2: &str = "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2";

fn format2_primitives() -> Value {
    use fairdraw::v2::codes;
    let secret = unhex32(SECRET2).unwrap();
    let ids = ["91130302MA0RFAB6AK", "92130371MACLME9QF1"];
    let record = codes::Record {
        id: ids[0].into(),
        name: "秦皇岛示例机械有限公司".into(),
        industry: "机械".into(),
        region: "东区片区".into(),
        conflicts: vec!["13030036102".into()],
        public: [("address".to_string(), "河北省秦皇岛市经济技术开发区永定河道1号".to_string()), ("flag:abnormal".to_string(), "false".to_string())]
            .into_iter()
            .collect(),
    };
    let mut record_json = Vec::new();
    fairdraw::canonical::CanonicalRecord::write_canonical(&record, &mut record_json);
    let seed = unhex32("ac09155813d1485fa90d952c01d71b0a65d1dd83fab51bab70cf2803568ac385").unwrap();
    let firms: Vec<Value> = ids
        .iter()
        .map(|id| {
            let key = codes::key(&secret, id);
            let token = codes::token(&key, "001", id);
            json!({
                "id": id,
                "key": hex(&key),
                "code": codes::code_text(&key),
                "token_001": hex(&token),
                "ticket_001": hex(&codes::TicketHasher::new(&seed, "001").ticket(&token)),
            })
        })
        .collect();
    let key0 = codes::key(&secret, ids[0]);
    json!({
        "secret": SECRET2,
        "seed": hex(&seed),
        "firms": firms,
        "record": {"jcs": String::from_utf8(record_json).unwrap(), "seal_001": hex(&codes::seal(&key0, "001", &record))},
        "codes": [
            {"key": "00000000000000000000", "code": codes::code_text(&[0; 10])},
            {"key": "ffffffffffffffffffff", "code": codes::code_text(&[0xff; 10])},
            {"key": "0123456789abcdef0123", "code": codes::code_text(&[0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23])},
        ],
    })
}

#[test]
fn format2_primitive_vectors_are_unchanged() {
    let computed = format2_primitives();
    check_vector_file("format2-primitives.json", &computed);
    // SPEC.md §10.2 quotes the first firm's values.
    let firm = &computed["firms"][0];
    let quoted = format!(
        "with the secret\n`{}` the firm\n`{}` has the key `{}` (核验码 `{}`)\nand in task `001` the token `{}`.",
        computed["secret"].as_str().unwrap(),
        firm["id"].as_str().unwrap(),
        firm["key"].as_str().unwrap(),
        firm["code"].as_str().unwrap(),
        firm["token_001"].as_str().unwrap()
    );
    let spec = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("SPEC.md")).unwrap();
    assert!(spec.contains(&quoted), "SPEC.md §10.2 must quote:\n{quoted}");
}

/// The small draw of §9 in format 2: its inputs with a secret and the default
/// declaration, committed and drawn the same way.
fn format2_documents() -> (fairdraw::v2::Auditor, fairdraw::v2::Public, fairdraw::v2::Sealed2) {
    let b = small_bundle();
    let inputs = fairdraw::organizer::committed_inputs2(b.inputs.plan.clone(), b.inputs.directories.clone(), &b.inputs.salt, SECRET2);
    let (commitment, _) = protocol::commit(&inputs, &stated_commit_options(&b)).unwrap();
    let a = fairdraw::v2::draw_auditor(inputs, commitment, b.beacon.clone()).unwrap();
    let p = fairdraw::v2::public_document(&a).unwrap();
    // Locked to quicknet round 1000, whose signature is among the beacon vectors, so
    // that the vector opens; the randomness is fixed so that the vector is too.
    let s = fairdraw::v2::sealed_document(&p, Some(1000), &[0x5a; 48]).unwrap();
    (a, p, s)
}

#[test]
fn the_format2_documents_recompute_exactly() {
    use fairdraw::verify::{verify_json, Verdict};
    let (a, p, s) = format2_documents();
    for (name, document, verdict) in [
        ("format2-auditor-small.json", serde_json::to_value(&a).unwrap(), Verdict::Valid),
        ("format2-public-small.json", serde_json::to_value(&p).unwrap(), Verdict::Valid),
        ("format2-sealed-small.json", serde_json::to_value(&s).unwrap(), Verdict::Sealed),
    ] {
        let report = verify_json(&document.to_string());
        assert_eq!(report.verdict, verdict, "{name}: {:?}", report.checks);
        check_vector_file(name, &document);
    }
}

/// §10.10: the small draw with inspection groups in task 001 (three groups with a
/// 组长, at most four firms each, 所所交叉 binding every member) and a team per firm
/// in task 002, so that one document holds both.
fn format2_group_documents() -> (fairdraw::v2::Auditor, fairdraw::v2::Public) {
    let b = small_bundle();
    let mut plan = b.inputs.plan.clone();
    let team = &mut plan.tasks[0].team;
    team.groups = Some(3);
    team.leader = Some(true);
    team.load_cap = 4;
    let inputs = fairdraw::organizer::committed_inputs2(plan, b.inputs.directories.clone(), &b.inputs.salt, SECRET2);
    let (commitment, _) = protocol::commit(&inputs, &stated_commit_options(&b)).unwrap();
    let a = fairdraw::v2::draw_auditor(inputs, commitment, b.beacon.clone()).unwrap();
    let p = fairdraw::v2::public_document(&a).unwrap();
    (a, p)
}

#[test]
fn the_format2_group_documents_recompute_exactly() {
    use fairdraw::verify::{verify_json, Verdict};
    let (a, p) = format2_group_documents();
    for (name, document) in [("format2-auditor-groups.json", serde_json::to_value(&a).unwrap()), ("format2-public-groups.json", serde_json::to_value(&p).unwrap())] {
        let report = verify_json(&document.to_string());
        assert_eq!(report.verdict, Verdict::Valid, "{name}: {:?}", report.checks);
        check_vector_file(name, &document);
    }
}

/// §10.11: the small draw with seed 003's ranges — 15–20 % of the A, B and C classes,
/// 1–2 % of the D class — and the year's minimum raised to 21 %, which the lower ends
/// miss and the ranges reach.
fn format2_range_plan() -> fairdraw::model::Plan {
    let mut plan = small_bundle().inputs.plan.clone();
    plan.rules.min_total_bp = 2100;
    plan.rules.range_choice = Some("year_minimum".into());
    for rule in &mut plan.tasks[0].sampling.rules {
        rule.ratio_max_bp = Some(2000);
    }
    let d = &mut plan.tasks[1].sampling.rules[0];
    d.ratio_bp = Some(100);
    d.ratio_max_bp = Some(200);
    plan
}

fn format2_range_documents() -> (fairdraw::v2::Auditor, fairdraw::v2::Public) {
    let b = small_bundle();
    let inputs = fairdraw::organizer::committed_inputs2(format2_range_plan(), b.inputs.directories.clone(), &b.inputs.salt, SECRET2);
    let (commitment, _) = protocol::commit(&inputs, &stated_commit_options(&b)).unwrap();
    let a = fairdraw::v2::draw_auditor(inputs, commitment, b.beacon.clone()).unwrap();
    let p = fairdraw::v2::public_document(&a).unwrap();
    (a, p)
}

#[test]
fn the_format2_range_documents_recompute_exactly() {
    use fairdraw::verify::{verify_json, Verdict};
    let (a, p) = format2_range_documents();
    for (name, document) in [("format2-auditor-ranges.json", serde_json::to_value(&a).unwrap()), ("format2-public-ranges.json", serde_json::to_value(&p).unwrap())] {
        let report = verify_json(&document.to_string());
        assert_eq!(report.verdict, Verdict::Valid, "{name}: {:?}", report.checks);
        check_vector_file(name, &document);
    }
}

/// SPEC.md §10.11's example states the range vector's counts, recomputed here by hand
/// from the strata's sizes: the low and high ends of each range, then the extra of
/// the year's minimum split by largest remainder.
#[test]
fn spec_md_quotes_the_range_vector() {
    let (a, _) = format2_range_documents();
    let sizes: Vec<(String, u64, u64)> = a
        .commitment
        .tasks
        .iter()
        .flat_map(|t| t.strata.iter().filter(|s| !s.census).map(move |s| (format!("{} {}", t.number, s.values.join("")), s.size, s.count)))
        .collect();
    let active = a.inputs.directories.enterprises.iter().filter(|e| e.status == "active").count() as u64;
    let need = (active * 2100).div_ceil(10_000);
    let ceil = |size: u64, bp: u64| (size * bp).div_ceil(10_000);
    let low: Vec<u64> = sizes.iter().map(|(n, size, _)| ceil(*size, if n.starts_with("001") { 1500 } else { 100 })).collect();
    let high: Vec<u64> = sizes.iter().map(|(n, size, _)| ceil(*size, if n.starts_with("001") { 2000 } else { 200 })).collect();
    let census: u64 = a.commitment.tasks.iter().flat_map(|t| &t.strata).filter(|s| s.census).map(|s| s.count).sum();
    assert_eq!(census, 0, "the example has no census stratum");
    let short = need - low.iter().sum::<u64>();
    let room: Vec<u64> = high.iter().zip(&low).map(|(h, l)| h - l).collect();
    let expected: Vec<u64> = low.iter().zip(fairdraw::plan::largest_remainder(short, &room, &room)).map(|(l, x)| l + x).collect();
    let stated: Vec<u64> = sizes.iter().map(|s| s.2).collect();
    assert_eq!(stated, expected, "the committed counts are the ranges settled for the year's minimum");
    let strata: Vec<String> = sizes
        .iter()
        .zip(low.iter().zip(&high))
        .zip(&stated)
        .map(|(((name, size, _), (l, h)), c)| format!("{name}: {size} firms, {l}–{h}, draws {c}"))
        .collect();
    let quoted = format!(
        "of {active} active firms the year's 21 % needs {need}; the lower ends give {} (there is no census stratum), so the {short} missing are spread over the rooms {:?} — {}.",
        low.iter().sum::<u64>(),
        room,
        strata.join("; ")
    );
    let spec = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("SPEC.md")).unwrap();
    let flat = spec.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&quoted), "SPEC.md §10.11 must say:\n{quoted}");
}

/// SPEC.md §10.10's example states the group vector's groups, the conflicted firm's
/// group and the loads.
#[test]
fn spec_md_quotes_the_group_vector() {
    let (a, _) = format2_group_documents();
    let task = &a.result.tasks[0];
    let pairs: Vec<String> = task.groups.iter().map(|g| format!("({} leading, {})", g.members[0].id, g.members[1].id)).collect();
    let conflicted = &a.inputs.directories.inspectors.iter().find(|i| i.id == task.groups[0].members[0].id).unwrap().conflicts;
    let firm = task.selected.iter().find(|s| conflicted.contains(&s.id)).unwrap();
    let loads: Vec<String> = (1..=3).map(|g| task.selected.iter().filter(|s| s.group == g).count().to_string()).collect();
    let quoted = format!(
        "forms the groups {}, {} and {}; firm {}, for which {} declared a conflict, goes to group {}, and the groups take {}, {} and {} firms.",
        pairs[0], pairs[1], pairs[2], firm.id, task.groups[0].members[0].id, firm.group, loads[0], loads[1], loads[2]
    );
    let spec = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("SPEC.md")).unwrap();
    let flat = spec.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(&quoted), "SPEC.md §10.10 must say:\n{quoted}");
}

/// What §10.10 promises of the group vector, checked on its own terms rather than
/// by recomputation: every member in one group only, a leader first in each, every
/// selected firm in one group whose members all may inspect it, the loads balanced
/// under the cap.
#[test]
fn the_group_vector_keeps_the_rules_of_groups() {
    let (a, _) = format2_group_documents();
    let task = &a.result.tasks[0];
    assert_eq!(task.groups.len(), 3);
    let mut seen = std::collections::BTreeSet::new();
    for (k, g) in task.groups.iter().enumerate() {
        assert_eq!(g.number, k as u64 + 1);
        assert_eq!((g.members.len(), g.unfilled), (2, 0));
        assert_eq!(g.members[0].role.as_str(), "leader");
        assert_eq!(g.members[1].role.as_str(), "inspector");
        for m in &g.members {
            assert!(seen.insert(m.id.clone()), "{} is in two groups", m.id);
        }
    }
    let d = &a.inputs.directories;
    let mut loads = vec![0u32; 3];
    for s in &task.selected {
        assert!(s.group >= 1, "{} has no group", s.id);
        let g = &task.groups[s.group as usize - 1];
        assert_eq!(s.team, g.members);
        loads[s.group as usize - 1] += 1;
        let firm = d.enterprises.iter().find(|e| e.id == s.id).unwrap();
        for m in &g.members {
            let inspector = d.inspectors.iter().find(|i| i.id == m.id).unwrap();
            assert_ne!(inspector.region, firm.region, "所所交叉 broken for {}", s.id);
            assert!(!inspector.conflicts.contains(&s.id), "回避 broken for {}", s.id);
        }
    }
    assert_eq!(loads.iter().sum::<u32>() as usize, task.selected.len());
    assert!(loads.iter().all(|&l| l <= 4), "load cap: {loads:?}");
    assert!(a.result.tasks[1].groups.is_empty() && a.result.tasks[1].selected.iter().all(|s| s.group == 0));
}

/// The sealed vector opens with quicknet round 1000 (a real round) into exactly the
/// public vector, and no other round opens it (SPEC §10.9).
#[test]
fn the_format2_sealed_vector_opens_into_the_public_one() {
    let (_, p, s) = format2_documents();
    let rounds: serde_json::Value = serde_json::from_str(include_str!("vectors/beacons/drand-rounds.json")).unwrap();
    let quicknet = |round: u64| {
        let v = rounds["vectors"].as_array().unwrap().iter().find(|v| v["round"] == round && v["expect"] == true).unwrap();
        fairdraw::beacon::parse_drand_json(&v.to_string()).unwrap()
    };
    // 2026-07-01T00:00:00+08:00 is Unix 1782835200; ceil((1782835200 − 1692803367) / 3) + 1.
    assert_eq!(fairdraw::v2::seal::due_round("2026-06-30"), Some(30_010_612));
    let opened = fairdraw::v2::seal::open(&s, &quicknet(1000)).expect("round 1000 opens it");
    assert_eq!(serde_json::to_vec(&opened).unwrap(), serde_json::to_vec(&p).unwrap());
    let mut other = s.clone();
    other.timelock.round = 123;
    assert!(fairdraw::v2::seal::open(&other, &quicknet(123)).is_err());
}

/// Every released vector file, byte for byte: `SHA256SUMS` (written once with
/// `sha256sum *.json`) lists each file and its digest, so even a blessing run cannot
/// change a released output unnoticed, and a new file must be listed to count.
#[test]
fn released_vector_files_keep_their_bytes() {
    let dir = vectors_dir();
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    let listed: std::collections::BTreeMap<String, String> = sums
        .lines()
        .map(|l| {
            let (digest, name) = l.split_once("  ").unwrap_or_else(|| panic!("not a sha256sum line: {l}"));
            (name.to_string(), digest.to_string())
        })
        .collect();
    let mut present = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") {
            present.push(name);
        }
    }
    present.sort();
    assert_eq!(present, listed.keys().cloned().collect::<Vec<_>>(), "every vector file is listed in SHA256SUMS, and only those");
    for (name, digest) in &listed {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(&hex(&fairdraw::hashing::sha256(&bytes)), digest, "{name}: a released vector file changed");
    }
}
