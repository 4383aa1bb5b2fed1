//! The protocol end to end: commit, draw with a real beacon round, verify; and every
//! single-field tampering detected by the right check.

mod common;

use common::*;
use fairdraw::protocol::{self, Bundle};
use fairdraw::hashing::hex;
use fairdraw::verify::{self, Report};

fn failing(report: &Report) -> Vec<&str> {
    report.checks.iter().filter(|c| !c.ok).map(|c| c.id.as_str()).collect()
}

#[test]
fn a_draw_on_a_committed_future_round_verifies_as_valid() {
    let bundle = demo_bundle(false);
    let report = verify::verify(&bundle);
    assert_eq!(failing(&report), Vec::<&str>::new(), "{report:#?}");
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Valid);
    let ids: Vec<&str> = report.checks.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["format", "inputs", "commitment", "beacon", "timing", "result"]);
    assert!(bundle.result.tasks.iter().all(|t| !t.selected.is_empty()));
}

#[test]
fn a_rehearsal_is_never_reported_valid() {
    let bundle = demo_bundle(true);
    assert_eq!(verify::verify(&bundle).verdict, fairdraw::verify::Verdict::Rehearsal);
}

#[test]
fn a_round_emitted_before_the_commitment_is_invalid_unless_rehearsal() {
    let inputs = demo_inputs(200, 30);
    let late = commit_to_round_1000(&inputs, -60, false);
    let bundle = protocol::draw_bundle(inputs.clone(), late, quicknet_round_1000()).unwrap();
    let report = verify::verify(&bundle);
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Invalid);
    assert_eq!(failing(&report), ["timing"]);

    let rehearsal = commit_to_round_1000(&inputs, -60, true);
    let bundle = protocol::draw_bundle(inputs, rehearsal, quicknet_round_1000()).unwrap();
    assert_eq!(verify::verify(&bundle).verdict, fairdraw::verify::Verdict::Rehearsal);
}

#[test]
fn the_draw_is_a_function_of_its_inputs() {
    let a = demo_bundle(false);
    let b = demo_bundle(false);
    assert_eq!(a, b);
    let json_a = serde_json::to_string(&a).unwrap();
    let reread: Bundle = serde_json::from_str(&json_a).unwrap();
    assert_eq!(verify::verify(&reread).verdict, fairdraw::verify::Verdict::Valid);
}

#[test]
fn drawing_refuses_another_round_or_changed_inputs() {
    let inputs = demo_inputs(200, 30);
    let commitment = commit_to_round_1000(&inputs, 3600, false);
    let err = protocol::draw_bundle(inputs.clone(), commitment.clone(), quicknet_round_123()).unwrap_err();
    assert!(err.to_string().contains("123"), "{err}");

    let mut changed = inputs;
    changed.directories.enterprises[0].name.push('X');
    assert!(protocol::draw_bundle(changed, commitment, quicknet_round_1000()).is_err());
}

/// One tampering of one field, and the check that must catch it.
fn check_tamper(what: &str, expected_check: &str, tamper: impl Fn(&mut Bundle)) {
    let mut bundle = demo_bundle(false);
    tamper(&mut bundle);
    let report = verify::verify(&bundle);
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Invalid, "{what}: {report:#?}");
    let failed = failing(&report);
    assert!(failed.contains(&expected_check), "{what}: expected {expected_check} to fail, failed: {failed:?}");
    let check = report.checks.iter().find(|c| c.id.as_str() == expected_check).unwrap();
    assert!(!check.details.is_empty(), "{what}: a failure must say what differs");
}

#[test]
fn every_single_field_tampering_is_caught_by_the_right_check() {
    check_tamper("directory row", "inputs", |b| b.inputs.directories.enterprises[3].risk = "A".into());
    check_tamper("inspector row", "inputs", |b| b.inputs.directories.inspectors[0].region = "别处".into());
    check_tamper("history row", "inputs", |b| b.inputs.directories.history.clear());
    check_tamper("rule", "inputs", |b| b.inputs.plan.tasks[0].sampling.rules[0].ratio_bp = Some(2000));
    check_tamper("team rule", "inputs", |b| b.inputs.plan.tasks[0].team.cross_region = false);
    check_tamper("salt", "inputs", |b| b.inputs.salt = "ff".into());
    check_tamper("beacon signature", "beacon", |b| b.beacon.drand = quicknet_round_123());
    check_tamper("beacon randomness", "beacon", |b| {
        b.beacon.drand.randomness = Some("00".repeat(32));
    });
    check_tamper("committed round", "commitment", |b| b.commitment.beacon.round = 123);
    check_tamper("commitment hash", "commitment", |b| b.commitment.commitment = "00".repeat(32));
    check_tamper("committed count", "commitment", |b| b.commitment.tasks[0].count += 1);
    check_tamper("committed time", "commitment", |b| b.commitment.committed_at = "2020-01-01T00:00:00Z".into());
    check_tamper("seed", "result", |b| b.result.seed = "11".repeat(32));
    check_tamper("ticket", "result", |b| b.result.tasks[0].selected[0].ticket = "22".repeat(32));
    check_tamper("selected firm", "result", |b| {
        let not_selected = b
            .inputs
            .directories
            .enterprises
            .iter()
            .find(|e| b.result.tasks[0].selected.iter().all(|s| s.id != e.id))
            .unwrap()
            .clone();
        let s = &mut b.result.tasks[0].selected[0];
        s.id = not_selected.id;
        s.name = not_selected.name;
    });
    check_tamper("team", "result", |b| {
        let team = &mut b.result.tasks[0].selected[0].team;
        team.swap(0, 1);
        team[0].id.push('9');
    });
    check_tamper("item", "result", |b| b.result.tasks[1].selected[0].items.push("AQ-999".into()));
    check_tamper("cutoff", "result", |b| b.result.tasks[0].strata[0].cutoff = "33".repeat(32));
    check_tamper("result hash", "result", |b| b.result_sha256 = "44".repeat(32));
}

#[test]
fn a_failed_result_check_names_the_firm() {
    let mut bundle = demo_bundle(false);
    let removed = bundle.result.tasks[0].selected.remove(0);
    let report = verify::verify(&bundle);
    let check = report.check(fairdraw::verify::CheckId::Result).unwrap();
    assert!(!check.ok);
    assert!(check.details.iter().any(|d| d.zh.contains(&removed.id) && d.zh.contains("公布结果中没有")), "{check:#?}");
}

#[test]
fn an_infeasible_plan_is_refused_with_the_reason() {
    let mut inputs = demo_inputs(200, 30);
    inputs.plan.tasks[0].team.size = 40;
    let chain = fairdraw::beacon::chain_by_name("quicknet").unwrap();
    let opts = protocol::CommitOptions { sequence: 1, previous: String::new(), committed_at: 0, rehearsal: false, chain, round: 1000 };
    let problems = protocol::commit(&inputs, &opts).unwrap_err();
    let text = problems.to_string();
    assert!(text.contains("找不到 40 名符合条件的检查人员"), "{text}");
    assert!(text.contains("lack 40 eligible inspectors"), "{text}");
}

#[test]
fn a_plan_below_the_year_minimum_is_refused() {
    let mut inputs = demo_inputs(400, 40);
    inputs.plan.rules.min_total_bp = 5000;
    let chain = fairdraw::beacon::chain_by_name("quicknet").unwrap();
    let opts = protocol::CommitOptions { sequence: 1, previous: String::new(), committed_at: 0, rehearsal: false, chain, round: 1000 };
    let text = protocol::commit(&inputs, &opts).unwrap_err().to_string();
    assert!(text.contains("低于全年最低比例 50%"), "{text}");
}

#[test]
fn commitment_chain_needs_a_previous_hash_after_the_first() {
    let inputs = demo_inputs(100, 30);
    let chain = fairdraw::beacon::chain_by_name("quicknet").unwrap();
    let opts = protocol::CommitOptions { sequence: 2, previous: String::new(), committed_at: 0, rehearsal: false, chain, round: 1000 };
    assert!(protocol::commit(&inputs, &opts).is_err());
    let first = commit_to_round_1000(&inputs, 3600, false);
    let opts = protocol::CommitOptions { sequence: 2, previous: first.commitment.clone(), ..opts };
    let (second, _) = protocol::commit(&inputs, &opts).unwrap();
    assert_eq!(second.previous, first.commitment);
    assert_ne!(second.commitment, first.commitment);
}

#[test]
fn lookup_explains_each_outcome() {
    let bundle = demo_bundle(false);
    let task = &bundle.result.tasks[0];
    let chosen = &task.selected[0];
    let answer = verify::lookup(&bundle, &chosen.id.to_lowercase());
    assert!(answer.found);
    assert_eq!(answer.outcomes[0].status, fairdraw::verify::LookupStatus::Selected);
    assert_eq!(answer.outcomes[0].ticket, chosen.ticket);
    assert_eq!(answer.outcomes[0].team, chosen.team);

    let in_pool_not_chosen = bundle
        .inputs
        .directories
        .enterprises
        .iter()
        .find(|e| {
            let a = verify::lookup(&bundle, &e.id);
            a.outcomes[0].status == fairdraw::verify::LookupStatus::NotSelected
        })
        .expect("most of the pool is not selected");
    let a = verify::lookup(&bundle, &in_pool_not_chosen.id);
    assert!(a.outcomes[0].ticket > a.outcomes[0].cutoff, "{a:#?}");
    assert!(a.outcomes[0].reason_zh.contains("未被抽中"));

    // Each outcome's place by ticket: the selected firms of a stratum are exactly ranks
    // 1 to its count, in ticket order; a firm not selected ranks after them.
    let o = &a.outcomes[0];
    assert!(o.rank > o.stratum_count && o.rank <= o.stratum_size, "{o:#?}");
    assert!(o.reason_zh.contains(&format!("排第 {} 位", o.rank)));
    let mut by_stratum: std::collections::BTreeMap<u64, Vec<&fairdraw::draw::Selection>> = Default::default();
    for s in &task.selected {
        by_stratum.entry(s.stratum).or_default().push(s);
    }
    for selected in by_stratum.values_mut() {
        selected.sort_by(|x, y| x.ticket.cmp(&y.ticket));
        for (place, s) in selected.iter().enumerate() {
            let answer = verify::lookup(&bundle, &s.id);
            let outcome = &answer.outcomes[0];
            if outcome.stratum_count < outcome.stratum_size {
                assert_eq!(outcome.rank, place as u64 + 1, "{}: {outcome:#?}", s.id);
            }
        }
    }

    let unknown = verify::lookup(&bundle, "91110108551385082Q");
    assert!(!unknown.found);
}

/// Real NIST chain 1 pulse 54610 (2018-08-30T17:44:00Z), from the beacon vectors.
fn nist_pulse_54610() -> fairdraw::beacon::NistPulse {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/beacons/nist-pulses.json");
    let vectors: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    fairdraw::beacon::parse_nist_json(&vectors["vectors"][0]["pulse"].to_string()).unwrap()
}

const NIST_54610_AT: &str = "2018-08-30T17:44:00Z";

/// Commits to quicknet round 1000 and NIST chain `chain` at `at`, `lead` seconds
/// before pulse 54610.
fn commit_with_nist(inputs: &protocol::Inputs, lead: i64, rehearsal: bool, chain_index: u64, at: &str) -> protocol::Commitment {
    let chain = fairdraw::beacon::chain_by_name("quicknet").unwrap();
    let pulse_at = fairdraw::time::parse_rfc3339(NIST_54610_AT).unwrap();
    let opts = protocol::CommitOptions {
        sequence: 1,
        previous: String::new(),
        committed_at: pulse_at - lead,
        rehearsal,
        chain,
        round: 1000,
    };
    let nist = Some((chain_index, fairdraw::time::parse_rfc3339(at).unwrap()));
    protocol::commit_with_nist(inputs, &opts, nist).unwrap().0
}

fn nist_bundle() -> Bundle {
    let inputs = demo_inputs(400, 40);
    let commitment = commit_with_nist(&inputs, 3600, false, 1, NIST_54610_AT);
    protocol::draw_bundle_with_nist(inputs, commitment, quicknet_round_1000(), Some(nist_pulse_54610())).unwrap()
}

#[test]
fn a_draw_on_drand_and_nist_verifies_as_valid_with_its_own_seed() {
    let bundle = nist_bundle();
    let report = verify::verify(&bundle);
    assert_eq!(failing(&report), Vec::<&str>::new(), "{report:#?}");
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Valid);
    let beacon = report.check(fairdraw::verify::CheckId::Beacon).unwrap();
    assert!(beacon.details.iter().any(|d| d.en.contains("NIST chain 1 pulse 54610")), "{beacon:#?}");
    assert_ne!(bundle.result.seed, demo_bundle(false).result.seed);

    let json = serde_json::to_string(&bundle).unwrap();
    assert!(json.contains("\"nist\":{\"chain_index\":1,\"time_stamp\":\"2018-08-30T17:44:00Z\"}"), "{json:.2000}");
    let reread: Bundle = serde_json::from_str(&json).unwrap();
    assert_eq!(reread, bundle);
    assert_eq!(verify::verify(&reread).verdict, fairdraw::verify::Verdict::Valid);
}

#[test]
fn a_commitment_without_nist_serialises_as_before() {
    let bundle = demo_bundle(false);
    let json = serde_json::to_string(&bundle).unwrap();
    assert!(!json.contains("nist"), "{json:.2000}");
}

fn check_nist_tamper(what: &str, expected_check: &str, tamper: impl Fn(&mut Bundle)) {
    let mut bundle = nist_bundle();
    tamper(&mut bundle);
    let report = verify::verify(&bundle);
    assert_eq!(report.verdict, fairdraw::verify::Verdict::Invalid, "{what}: {report:#?}");
    let check = report.checks.iter().find(|c| c.id.as_str() == expected_check).unwrap();
    assert!(!check.ok, "{what}: expected {expected_check} to fail: {report:#?}");
    assert!(check.details.iter().any(|d| d.en.starts_with("NIST") && d.zh.starts_with("NIST")), "{what}: {check:#?}");
}

fn flip_first_hex(s: &mut String) {
    let first = s.remove(0);
    s.insert(0, if first == '0' { '1' } else { '0' });
}

#[test]
fn a_tampered_or_uncommitted_nist_pulse_fails_the_beacon_check_naming_nist() {
    check_nist_tamper("outputValue", "beacon", |b| flip_first_hex(&mut b.beacon.nist_pulse.as_mut().unwrap().output_value));
    check_nist_tamper("localRandomValue", "beacon", |b| flip_first_hex(&mut b.beacon.nist_pulse.as_mut().unwrap().local_random_value));
    check_nist_tamper("missing pulse", "beacon", |b| b.beacon.nist_pulse = None);
    check_nist_tamper("uncommitted pulse", "beacon", |b| {
        b.commitment.beacon.nist = None;
        b.commitment.commitment = hex(&b.commitment.compute_hash());
    });
    // Another chain or minute: the pulse verifies but is not the committed one.
    check_nist_tamper("committed chain", "beacon", |b| {
        b.commitment.beacon.nist.as_mut().unwrap().chain_index = 2;
        b.commitment.commitment = hex(&b.commitment.compute_hash());
    });
    check_nist_tamper("committed minute", "beacon", |b| {
        b.commitment.beacon.nist.as_mut().unwrap().time_stamp = "2018-08-30T17:45:00Z".into();
        b.commitment.commitment = hex(&b.commitment.compute_hash());
    });
}

#[test]
fn drawing_refuses_a_pulse_other_than_the_committed_one() {
    let inputs = demo_inputs(200, 30);
    let next_minute = commit_with_nist(&inputs, 3600, false, 1, "2018-08-30T17:45:00Z");
    let err = protocol::draw_bundle_with_nist(inputs.clone(), next_minute, quicknet_round_1000(), Some(nist_pulse_54610())).unwrap_err();
    assert!(err.to_string().contains("54610"), "{err}");

    let committed = commit_with_nist(&inputs, 3600, false, 1, NIST_54610_AT);
    assert!(protocol::draw_bundle_with_nist(inputs.clone(), committed.clone(), quicknet_round_1000(), None).is_err());
    assert!(protocol::draw_bundle(inputs.clone(), committed, quicknet_round_1000()).is_err());
    let without = commit_to_round_1000(&inputs, 3600, false);
    assert!(protocol::draw_bundle_with_nist(inputs, without, quicknet_round_1000(), Some(nist_pulse_54610())).is_err());
}

#[test]
fn a_nist_pulse_emitted_before_the_commitment_fails_timing_unless_rehearsal() {
    let inputs = demo_inputs(200, 30);
    let late = commit_with_nist(&inputs, -60, false, 1, NIST_54610_AT);
    let bundle = protocol::draw_bundle_with_nist(inputs.clone(), late, quicknet_round_1000(), Some(nist_pulse_54610())).unwrap();
    let report = verify::verify(&bundle);
    assert_eq!(failing(&report), ["timing"], "{report:#?}");
    assert!(report.check(fairdraw::verify::CheckId::Timing).unwrap().details.iter().any(|d| d.en.contains("NIST")));

    let rehearsal = commit_with_nist(&inputs, -60, true, 1, NIST_54610_AT);
    let bundle = protocol::draw_bundle_with_nist(inputs, rehearsal, quicknet_round_1000(), Some(nist_pulse_54610())).unwrap();
    assert_eq!(verify::verify(&bundle).verdict, fairdraw::verify::Verdict::Rehearsal);
}

#[test]
fn a_nist_commitment_names_a_whole_minute() {
    assert_eq!(protocol::nist_time_at_or_after(1_535_651_040), 1_535_651_040);
    assert_eq!(protocol::nist_time_at_or_after(1_535_651_041), 1_535_651_100);
    let inputs = demo_inputs(100, 30);
    let chain = fairdraw::beacon::chain_by_name("quicknet").unwrap();
    let opts = protocol::CommitOptions { sequence: 1, previous: String::new(), committed_at: 0, rehearsal: false, chain, round: 1000 };
    let text = protocol::commit_with_nist(&inputs, &opts, Some((1, 1_535_651_041))).unwrap_err().to_string();
    assert!(text.contains("whole minute"), "{text}");
}
