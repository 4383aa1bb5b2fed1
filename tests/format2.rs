//! Format 2 end to end: the auditor, public and sealed documents of one draw verify;
//! the public document names no unselected firm; each forgery is caught by the
//! verification that can catch it, naming what differs.

mod common;

use fairdraw::read::{read_text, Document};
use fairdraw::v2::{self, codes};
use fairdraw::verify::{verify_json, CheckId, Report, Verdict};

fn verdict_of(json: &str) -> Report {
    verify_json(json)
}

fn failing(report: &Report) -> Vec<(CheckId, String)> {
    report.checks.iter().filter(|c| !c.ok).flat_map(|c| c.details.iter().map(move |d| (c.id, d.en.clone()))).collect()
}

#[test]
fn the_three_documents_of_a_draw_verify() {
    let a = common::demo_auditor(400, 40, false);
    let auditor = serde_json::to_string(&a).unwrap();
    let r = verdict_of(&auditor);
    assert_eq!(r.verdict, Verdict::Valid, "{:?}", failing(&r));
    assert_eq!(r.document, "auditor");

    let p = v2::public_document(&a).unwrap();
    let public = serde_json::to_string(&p).unwrap();
    assert!(matches!(read_text(&public), Ok(Document::Public(_))));
    // Made from what verification derived, it is the same document.
    let (report, again) = v2::verify_and_publish(&a);
    assert_eq!(report.verdict, Verdict::Valid);
    assert_eq!(serde_json::to_string(&again.unwrap().unwrap()).unwrap(), public);
    let r = verdict_of(&public);
    assert_eq!(r.verdict, Verdict::Valid, "{:?}", failing(&r));
    assert_eq!(r.document, "public");

    let s = v2::sealed_document(&p, None, &[0x5a; 48]).unwrap();
    let r = verdict_of(&serde_json::to_string(&s).unwrap());
    assert_eq!(r.verdict, Verdict::Sealed, "{:?}", failing(&r));
    assert_eq!(r.document, "sealed");
    assert_eq!(r.sealed_result_sha256, a.result_sha256);
}

#[test]
fn the_public_document_names_no_unselected_firm() {
    // A county directory with the columns bureaus' workbooks carry: 法定代表人 and a
    // mobile number, confidential unless declared.
    let mut inputs = common::demo_inputs2(400, 40);
    for (k, e) in inputs.directories.enterprises.iter_mut().enumerate() {
        e.attrs.insert("法定代表人".into(), format!("法人代表{k:04}号"));
        e.attrs.insert("联系电话".into(), format!("139{:08}", 10_000_000 + k * 7919));
    }
    let a = common::auditor_of(inputs, false);
    assert!(a.inputs.directories.enterprises.iter().all(|e| e.attrs.len() == 2));
    let p = v2::public_document(&a).unwrap();
    let public = serde_json::to_string(&p).unwrap();
    let selected: std::collections::BTreeSet<&str> = a.result.tasks.iter().flat_map(|t| t.selected.iter().map(|s| s.id.as_str())).collect();
    assert!(!selected.is_empty());
    // A value a selected firm shares (two firms at one address) may rightly appear.
    let firms = &a.inputs.directories.enterprises;
    let revealed_values: std::collections::BTreeSet<&str> = firms
        .iter()
        .filter(|e| selected.contains(e.id.as_str()))
        .flat_map(|e| [e.name.as_str(), e.address.as_str()].into_iter().chain(e.attrs.values().map(String::as_str)))
        .collect();
    let mut searched = 0;
    for e in firms {
        if selected.contains(e.id.as_str()) {
            continue;
        }
        searched += 1;
        assert!(!public.contains(&e.id), "unselected firm {} is named", e.id);
        let own = |v: &str| !v.is_empty() && !revealed_values.contains(v);
        for v in [e.name.as_str(), e.address.as_str()] {
            assert!(!own(v) || !public.contains(v), "unselected firm {}'s value {v} is published", e.id);
        }
        for v in e.attrs.values().map(String::as_str) {
            assert!(!own(v) || !public.contains(v), "unselected firm {}'s column value {v}", e.id);
        }
    }
    assert!(searched > 300);
    // Risk classes appear as the plan's rules and the strata's values, never per firm.
    let per_firm = serde_json::to_string(&(&p.revealed, &p.result)).unwrap();
    assert!(!per_firm.contains("\"risk\""), "a firm's risk class is published");
    // Not even a selected firm's undeclared columns are published.
    for e in firms.iter().filter(|e| selected.contains(e.id.as_str())) {
        assert!(!public.contains(&e.attrs["联系电话"]), "a selected firm's mobile number is published");
    }
    // No inspector's conflict with an unselected firm, and no history.
    for i in &a.inputs.directories.inspectors {
        for c in &i.conflicts {
            assert!(selected.contains(c.as_str()) || !public.contains(c), "conflict with {c} is published");
        }
    }
    assert!(!public.contains("\"directories\""));
    assert!(!public.contains(a.inputs.secret.as_deref().unwrap()) && !public.contains(&a.inputs.salt));
    for r in &a.inputs.directories.history {
        assert!(selected.contains(r.enterprise_id.as_str()) || !public.contains(&r.enterprise_id), "history of {} is published", r.enterprise_id);
    }
    // Risk classes appear only as stratum values, never per firm.
    assert!(p.revealed.iter().all(|r| !r.public.contains_key("risk") && !r.public.contains_key("flag:key")), "a firm's risk class is published");
    assert!(p.public.inspectors.iter().all(|i| i.conflicts.is_empty()));
}

#[test]
fn a_firm_finds_its_own_token_with_its_code() {
    let a = common::demo_auditor(400, 40, false);
    let p = v2::public_document(&a).unwrap();
    let codes_list = v2::codes_list(&a.inputs).unwrap();
    assert_eq!(codes_list.len(), a.inputs.directories.enterprises.len());
    let (id, _, code) = &codes_list[7];
    let key = codes::parse_code(code).unwrap();
    let token = fairdraw::hashing::hex(&codes::token(&key, "001", id));
    let found = p.public.tasks[0].strata.iter().any(|s| s.find(&token).is_some());
    let e = a.inputs.directories.enterprises.iter().find(|e| &e.id == id).unwrap();
    let in_pool = fairdraw::plan::evaluate(&a.inputs.plan, &a.inputs.directories).tasks[0].membership
        [a.inputs.directories.enterprises.iter().position(|x| x.id == e.id).unwrap()];
    assert_eq!(found, matches!(in_pool, fairdraw::plan::Membership::Stratum(_)));
}

fn tamper(json: &str, f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    f(&mut v);
    v.to_string()
}

/// Recomputes the commitment hash after a change, as a forger would.
fn rehash(v: &mut serde_json::Value) {
    let c: fairdraw::protocol::Commitment = serde_json::from_value(v["commitment"].clone()).unwrap();
    v["commitment"]["commitment"] = serde_json::Value::String(fairdraw::hashing::hex(&c.compute_hash()));
}

#[test]
fn forgeries_are_caught_naming_what_differs() {
    let a = common::demo_auditor(400, 40, false);
    let p = v2::public_document(&a).unwrap();
    let public = serde_json::to_string(&p).unwrap();

    // A tampered token: the public inputs no longer hash to the commitment.
    let forged = tamper(&public, |v| {
        let e = v["public"]["tasks"][0]["strata"][1]["entries"].as_str().unwrap().to_string();
        let flipped = format!("{}{}", if e.starts_with('0') { "1" } else { "0" }, &e[1..]);
        v["public"]["tasks"][0]["strata"][1]["entries"] = flipped.into();
    });
    let r = verdict_of(&forged);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Inputs && en.contains("public inputs differ")), "{:?}", failing(&r));

    // A duplicated firm: one entry twice, the commitment re-made to match.
    let forged = tamper(&public, |v| {
        let e = v["public"]["tasks"][0]["strata"][1]["entries"].as_str().unwrap().to_string();
        v["public"]["tasks"][0]["strata"][1]["entries"] = format!("{}{}", &e[..64], e).into();
    });
    let r = verdict_of(&forged);
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && en.contains("token order or repeat")), "{:?}", failing(&r));

    // A dropped firm, with the commitment's public hash and stratum size re-made:
    // the pool no longer adds up to the directory.
    let mut forged_public = p.clone();
    let st = &mut forged_public.public.tasks[0].strata[1];
    st.entries = st.entries[64..].to_string();
    forged_public.commitment.tasks[0].strata[1].size -= 1;
    forged_public.commitment.tasks[0].pool -= 1;
    forged_public.commitment.public = Some(fairdraw::hashing::hex(&forged_public.public.digest().unwrap()));
    forged_public.commitment.commitment = fairdraw::hashing::hex(&forged_public.commitment.compute_hash());
    let r = verdict_of(&serde_json::to_string(&forged_public).unwrap());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Commitment && en.contains("is not the directory's")), "{:?}", failing(&r));

    // A wrong aggregate: the directory's size changed and re-committed; the public
    // check sees the pool no longer adds up, the auditor check sees the inputs differ.
    let mut forged_public = p.clone();
    forged_public.public.directory.enterprises += 5;
    forged_public.commitment.public = Some(fairdraw::hashing::hex(&forged_public.public.digest().unwrap()));
    forged_public.commitment.commitment = fairdraw::hashing::hex(&forged_public.commitment.compute_hash());
    let r = verdict_of(&serde_json::to_string(&forged_public).unwrap());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Commitment && en.contains("is not the directory's")), "{:?}", failing(&r));
    let mut forged_auditor = a.clone();
    forged_auditor.commitment = forged_public.commitment.clone();
    let r = verdict_of(&serde_json::to_string(&forged_auditor).unwrap());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Commitment && en.contains("committed public inputs hash")), "{:?}", failing(&r));

    // A revealed record changed after the draw (another region, to steer the team).
    let forged = tamper(&public, |v| {
        v["revealed"][0]["region"] = "别的片区".into();
    });
    let r = verdict_of(&forged);
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Result && en.contains("is not the one sealed")), "{:?}", failing(&r));

    // A selected firm claimed by another firm's ID.
    let other = a.inputs.directories.enterprises.iter().find(|e| !p.revealed.iter().any(|r| r.id == e.id)).unwrap().id.clone();
    let forged = tamper(&public, |v| {
        let old = v["revealed"][0]["id"].as_str().unwrap().to_string();
        v["revealed"][0]["id"] = other.clone().into();
        for t in v["result"]["tasks"].as_array_mut().unwrap() {
            for s in t["selected"].as_array_mut().unwrap() {
                if s["id"] == old.as_str() {
                    s["id"] = other.clone().into();
                }
            }
        }
    });
    let r = verdict_of(&forged);
    assert_eq!(r.verdict, Verdict::Invalid);
    let _ = rehash;
}

#[test]
fn a_lowered_count_of_active_firms_and_an_undeclared_field_are_caught() {
    let a = common::demo_auditor(400, 40, false);
    let p = v2::public_document(&a).unwrap();

    // Fewer active firms lowers the year-level minimum; the inactive exclusions give it away.
    let mut forged = p.clone();
    forged.public.directory.active -= 3;
    forged.commitment.public = Some(fairdraw::hashing::hex(&forged.public.digest().unwrap()));
    forged.commitment.commitment = fairdraw::hashing::hex(&forged.commitment.compute_hash());
    let r = verdict_of(&serde_json::to_string(&forged).unwrap());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Commitment && en.contains("excluded as inactive")), "{:?}", failing(&r));

    // A field the plan does not declare public is not revealed.
    let mut forged = p.clone();
    forged.revealed[0].public.insert("risk".into(), "D".into());
    let r = verdict_of(&serde_json::to_string(&forged).unwrap());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && en.contains("other fields than the plan declares")), "{:?}", failing(&r));

    // The sealed document's publication date is the plan's, not one the organiser picks.
    let mut sealed = v2::sealed_document(&p, None, &[0x5a; 48]).unwrap();
    sealed.reveal_after = "2099-12-31".into();
    let r = verdict_of(&serde_json::to_string(&sealed).unwrap());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Timing && en.contains("last inspection window")), "{:?}", failing(&r));
}

#[test]
fn a_stratum_no_firm_can_be_in_is_refused() {
    let a = common::demo_auditor(400, 40, false);
    let p = v2::public_document(&a).unwrap();
    let json = serde_json::to_string(&p).unwrap();
    let regular = p.public.tasks[0].strata.iter().position(|s| !s.census).unwrap();
    // Task 001 draws classes A–C: a class D stratum (or a class E one) cannot be in it.
    for value in ["D", "E"] {
        let forged = tamper(&json, |v| v["public"]["tasks"][0]["strata"][regular]["values"] = serde_json::json!([value]));
        let r = verdict_of(&forged);
        assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && (en.contains("ruled out") || en.contains("not a risk class"))), "{value}: {:?}", failing(&r));
    }
}

/// Whatever a forged public document holds, reading, verifying and looking firms up
/// in it never panics: entries that are not hex, strata with too few values.
#[test]
fn malformed_public_documents_are_refused_without_panicking() {
    let a = common::demo_auditor(200, 30, false);
    let p = v2::public_document(&a).unwrap();
    let json = serde_json::to_string(&p).unwrap();
    let edits: Vec<Box<dyn Fn(&mut serde_json::Value)>> = vec![
        Box::new(|v| v["public"]["tasks"][0]["strata"][0]["entries"] = "é".repeat(64).into()),
        Box::new(|v| v["public"]["tasks"][0]["strata"][0]["entries"] = "abc".into()),
        Box::new(|v| v["public"]["tasks"][0]["strata"][1]["values"] = serde_json::json!([])),
        Box::new(|v| v["public"]["tasks"][0]["strata"][1]["values"] = serde_json::json!(["A", "B", "C"])),
        Box::new(|v| v["public"]["tasks"].as_array_mut().unwrap().clear()),
        Box::new(|v| v["result"]["tasks"].as_array_mut().unwrap().clear()),
        Box::new(|v| v["revealed"][0]["key"] = "zz".into()),
    ];
    for edit in edits {
        let forged = tamper(&json, |v| edit(v));
        let r = verdict_of(&forged);
        assert_eq!(r.verdict, Verdict::Invalid, "{:?}", failing(&r));
        if let Ok(Document::Public(doc)) = read_text(&forged) {
            for key in [None, Some("0000-0000-0000-0000")] {
                let _ = v2::lookup::lookup(&doc, &p.revealed[0].id, key);
                let _ = v2::lookup::lookup(&doc, "91110108551385082Q", key);
            }
        }
    }
}

#[test]
fn a_census_stratum_the_task_rules_out_is_refused() {
    let mut inputs = common::demo_inputs2(400, 40);
    // Two firms of task 001's classes on the 黑名单, drawn at 100 %.
    for e in inputs.directories.enterprises.iter_mut().filter(|e| e.risk == "A" && !e.flags.iter().any(|f| f == "key")).take(2) {
        e.flags.push("blacklist".into());
        e.flags.sort();
    }
    let a = common::auditor_of(inputs, false);
    let p = v2::public_document(&a).unwrap();
    assert!(p.public.tasks[0].strata[0].census, "task 001 has a census stratum");
    let forged = tamper(&serde_json::to_string(&p).unwrap(), |v| {
        let filter = v["public"]["plan"]["tasks"][0]["filter"].as_array_mut().unwrap();
        filter.push(serde_json::json!({"field": "flag", "op": "not_in", "values": ["blacklist"]}));
    });
    let r = verdict_of(&forged);
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && en.contains("no firm of the task can carry a census flag")), "{:?}", failing(&r));
}

/// The sealed document's timelock (SPEC §10.9): checked before its round — quicknet,
/// the round no later than the one after the inspections end, the envelope locked to
/// that round — and opened after it, where a sealed list that is not the draw's is
/// caught.
#[test]
fn the_sealed_list_is_locked_no_longer_than_the_inspections_and_opens_into_the_draw() {
    let a = common::demo_auditor(300, 30, true);
    let p = v2::public_document(&a).unwrap();
    let due = v2::seal::due_round(&fairdraw::sealed::reveal_after(&p.public.plan)).unwrap();
    let s = v2::sealed_document(&p, None, &[3; 48]).unwrap();
    assert_eq!(s.timelock.round, due);
    let r = verdict_of(&serde_json::to_string(&s).unwrap());
    assert_eq!(r.verdict, Verdict::Rehearsal, "{:?}", failing(&r));
    assert_eq!(r.opens_round, due);

    // A later round is refused when sealing, and by every verifier.
    assert!(v2::sealed_document(&p, Some(due + 1), &[3; 48]).is_err());
    let mut late = s.clone();
    late.timelock.round = due + 1;
    late.timelock.ciphertext = fairdraw::timelock::lock(b"x", due + 1, &[4; 48]).unwrap();
    let r = verdict_of(&serde_json::to_string(&late).unwrap());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Timing && en.contains("may not stay sealed")), "{:?}", failing(&r));

    // Another chain, or a ciphertext locked to another round than the document says.
    let mut other_chain = s.clone();
    other_chain.timelock.chain = fairdraw::beacon::DEFAULT.chain_hash_hex();
    let r = verdict_of(&serde_json::to_string(&other_chain).unwrap());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && en.contains("only quicknet")), "{:?}", failing(&r));
    let mut mismatch = s.clone();
    mismatch.timelock.ciphertext = fairdraw::timelock::lock(b"x", 1000, &[5; 48]).unwrap();
    let r = verdict_of(&serde_json::to_string(&mismatch).unwrap());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && en.contains("locked to round 1000")), "{:?}", failing(&r));

    // Opened with its round: the public document; a list that is not the draw's (here
    // the reveal with one firm's record altered, properly locked) is caught on opening.
    let rounds: serde_json::Value = serde_json::from_str(include_str!("vectors/beacons/drand-rounds.json")).unwrap();
    let round_1000 = rounds["vectors"].as_array().unwrap().iter().find(|v| v["round"] == 1000 && v["expect"] == true).unwrap();
    let round_1000 = fairdraw::beacon::parse_drand_json(&round_1000.to_string()).unwrap();
    let early = v2::sealed_document(&p, Some(1000), &[6; 48]).unwrap();
    assert_eq!(serde_json::to_vec(&v2::seal::open(&early, &round_1000).unwrap()).unwrap(), serde_json::to_vec(&p).unwrap());
    let mut forged_public = p.clone();
    forged_public.revealed[0].name.push_str("（改）");
    let forged = v2::sealed_document(&forged_public, Some(1000), &[6; 48]).unwrap();
    assert_eq!(verdict_of(&serde_json::to_string(&forged).unwrap()).verdict, Verdict::Rehearsal, "the form verifies before the round");
    let refused = v2::seal::open(&forged, &round_1000).unwrap_err();
    assert!(refused.en.contains("does not verify"), "{refused:?}");
}

/// `fairdraw seal --open-round` with a round already emitted would open the list at
/// once: refused for a real draw, accepted for a rehearsal.
#[test]
fn a_real_draw_cannot_be_locked_to_a_past_round() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("seal-past-round");
    std::fs::create_dir_all(&dir).unwrap();
    for (rehearsal, expected) in [(false, 2), (true, 0)] {
        let auditor = dir.join(format!("auditor-{rehearsal}.json"));
        std::fs::write(&auditor, serde_json::to_vec(&common::demo_auditor(200, 20, rehearsal)).unwrap()).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_fairdraw"))
            .args(["seal", auditor.to_str().unwrap(), "--open-round", "1000", "--out"])
            .arg(dir.join(format!("sealed-{rehearsal}.json")))
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(expected), "{text}");
        if !rehearsal {
            assert!(text.contains("only a rehearsal"), "{text}");
        }
    }
}

/// 查询我的企业 by name in a public document: only the firms it names (the selected
/// ones) can be found so; a part of a name lists those it fits.
#[test]
fn a_public_document_is_searched_by_the_names_it_reveals() {
    let a = common::demo_auditor(300, 30, false);
    let p = v2::public_document(&a).unwrap();
    let first = &p.revealed[0];
    let found = v2::lookup::lookup(&p, &format!(" {} ", first.name), None);
    assert!(found.found && found.id == first.id, "{found:?}");
    let part: String = first.name.chars().skip(3).take(2).collect();
    let several = v2::lookup::lookup(&p, &part, None);
    let fits: Vec<_> = p.revealed.iter().filter(|r| r.name.contains(&part)).collect();
    if fits.len() > 1 {
        assert_eq!(several.candidates.len(), fits.len(), "{several:?}");
    } else {
        assert!(several.found);
    }
    // A firm that was not selected is not named, so its name finds nothing.
    let hidden = a.inputs.directories.enterprises.iter().find(|e| !p.revealed.iter().any(|r| r.id == e.id)).unwrap();
    let none = v2::lookup::lookup(&p, &hidden.name, None);
    assert!(!none.found && none.candidates.iter().all(|c| c.id != hidden.id));
}

/// A firm's place by ticket in its stratum (the outcome says it in words): the
/// selected firms of a stratum are ranks 1 to its count, in ticket order.
#[test]
fn a_public_lookup_gives_the_firms_place_in_its_stratum() {
    let a = common::demo_auditor(300, 30, false);
    let p = v2::public_document(&a).unwrap();
    let task = &p.result.tasks[0];
    let mut by_stratum: std::collections::BTreeMap<u64, Vec<_>> = Default::default();
    for s in &task.selected {
        by_stratum.entry(s.stratum).or_default().push(s);
    }
    let mut checked = 0;
    for (k, selected) in by_stratum.iter_mut() {
        if p.public.tasks[0].strata[*k as usize].census {
            continue;
        }
        selected.sort_by(|x, y| x.ticket.cmp(&y.ticket));
        for (place, s) in selected.iter().enumerate() {
            let answer = v2::lookup::lookup(&p, &s.id, None);
            let outcome = &answer.outcomes[0];
            assert_eq!(outcome.rank, place as u64 + 1, "{}: {outcome:#?}", s.id);
            assert!(outcome.reason_zh.contains(&format!("排第 {} 位，被抽中", place + 1)), "{}", outcome.reason_zh);
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// SPEC §10.10 on a county-sized draw: groups with a 组长 and a joint department,
/// every firm in one group all of whose members may inspect it, loads balanced.
#[test]
fn inspection_groups_keep_every_rule_and_verify() {
    let mut inputs = common::demo_inputs2(400, 40);
    for t in &mut inputs.plan.tasks {
        t.team.groups = Some(4);
        t.team.leader = Some(true);
    }
    let a = common::auditor_of(inputs, false);
    let d = &a.inputs.directories;
    for (plan_task, task) in a.inputs.plan.tasks.iter().zip(&a.result.tasks) {
        assert_eq!(task.groups.len(), 4);
        let members: Vec<&str> = task.groups.iter().flat_map(|g| g.members.iter().map(|m| m.id.as_str())).collect();
        let distinct: std::collections::BTreeSet<&str> = members.iter().copied().collect();
        assert_eq!(distinct.len(), members.len(), "an inspector in two groups");
        for g in &task.groups {
            assert_eq!(g.members.first().map(|m| m.role.as_str()), Some("leader"));
        }
        let mut loads = vec![0usize; 4];
        for s in &task.selected {
            let firm = d.enterprises.iter().find(|e| e.id == s.id).unwrap();
            if s.group == 0 {
                // No group was eligible: every group has someone who must step aside.
                assert!(task.groups.iter().all(|g| g.members.iter().any(|m| {
                    let i = d.inspectors.iter().find(|i| i.id == m.id).unwrap();
                    i.conflicts.contains(&s.id) || (plan_task.team.cross_region && i.region == firm.region)
                })));
                continue;
            }
            loads[s.group as usize - 1] += 1;
            let g = &task.groups[s.group as usize - 1];
            assert_eq!(s.team, g.members);
            for m in &g.members {
                let i = d.inspectors.iter().find(|i| i.id == m.id).unwrap();
                assert!(!i.conflicts.contains(&s.id));
                assert!(!(plan_task.team.cross_region && i.region == firm.region), "所所交叉 broken");
            }
        }
        // Four interchangeable groups under 所所交叉 need not be equally loaded, but
        // none may take more than its share plus the firms no other group could take.
        assert_eq!(loads.iter().sum::<usize>(), task.selected.iter().filter(|s| s.group > 0).count());
    }
    let auditor = serde_json::to_string(&a).unwrap();
    let r = verdict_of(&auditor);
    assert_eq!(r.verdict, Verdict::Valid, "{:?}", failing(&r));
    let p = v2::public_document(&a).unwrap();
    let public = serde_json::to_string(&p).unwrap();
    let r = verdict_of(&public);
    assert_eq!(r.verdict, Verdict::Valid, "{:?}", failing(&r));

    // A forger who moves a firm to another group, or swaps a group's members, is caught.
    let task = &a.result.tasks[0];
    let k = task.selected.iter().position(|s| s.group > 0).unwrap();
    let other = task.selected[k].group % 4 + 1;
    let moved = tamper(&public, |v| {
        v["result"]["tasks"][0]["selected"][k]["group"] = other.into();
        v["result"]["tasks"][0]["selected"][k]["team"] = v["result"]["tasks"][0]["groups"][other as usize - 1]["members"].clone();
    });
    let r = verdict_of(&moved);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Result && en.contains("different team")), "{:?}", failing(&r));
    let swapped = tamper(&public, |v| {
        let g = &mut v["result"]["tasks"][0]["groups"][0]["members"];
        let first = g[0].clone();
        g[0] = g[1].clone();
        g[1] = first;
    });
    let r = verdict_of(&swapped);
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Result && en.contains("inspection groups differ")), "{:?}", failing(&r));
}

/// Groups need enough inspectors, of each joint department, under the load cap; the
/// plan says which is short before anything is committed, and the public's
/// verification says the same from the public inspectors.
#[test]
fn groups_the_inspectors_cannot_fill_are_refused_before_committing() {
    let mut inputs = common::demo_inputs2(400, 40);
    inputs.plan.tasks[0].team.groups = Some(30);
    let report = fairdraw::plan::evaluate(&inputs.plan, &inputs.directories);
    let errors: Vec<String> = report.problems.errors().map(|p| p.text.en.clone()).collect();
    assert!(errors.iter().any(|e| e.contains("30 groups of 2 need 60 eligible inspectors")), "{errors:?}");

    let mut inputs = common::demo_inputs2(400, 40);
    inputs.plan.tasks[0].team.groups = Some(2);
    inputs.plan.tasks[0].team.load_cap = 1;
    let report = fairdraw::plan::evaluate(&inputs.plan, &inputs.directories);
    assert!(report.problems.errors().any(|p| p.text.en.contains("groups take at most 1 each")));

    let mut inputs = common::demo_inputs2(400, 40);
    inputs.plan.tasks[0].team.leader = Some(true);
    let report = fairdraw::plan::evaluate(&inputs.plan, &inputs.directories);
    assert!(report.problems.errors().any(|p| p.text.en.contains("only for inspection groups")));
}

/// Whatever team size or group count a document states, verifying it takes no more
/// than the directory's worth of work and never aborts.
#[test]
fn absurd_team_sizes_and_group_counts_are_judged_not_obeyed() {
    let a = common::demo_auditor(200, 30, false);
    let p = v2::public_document(&a).unwrap();
    let json = serde_json::to_string(&p).unwrap();
    for edit in [
        serde_json::json!({"size": 4_000_000_000u32}),
        serde_json::json!({"size": 4_000_000_000u32, "groups": 10_000}),
        serde_json::json!({"groups": 4_000_000_000u32}),
        serde_json::json!({"groups": 10_000, "leader": true, "expert": true}),
    ] {
        let forged = tamper(&json, |v| {
            for (k, value) in edit.as_object().unwrap() {
                v["public"]["plan"]["tasks"][0]["team"][k] = value.clone();
            }
        });
        let r = verdict_of(&forged);
        assert_eq!(r.verdict, Verdict::Invalid, "{edit}");
    }
    // Format 1 has no groups.
    let b = common::demo_bundle(false);
    let mut v = serde_json::to_value(&b).unwrap();
    v["inputs"]["plan"]["tasks"][0]["team"]["groups"] = 0.into();
    let r = verdict_of(&v.to_string());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && en.contains("format 2 only")), "{:?}", failing(&r));
    let mut v = serde_json::to_value(&b).unwrap();
    v["result"]["tasks"][0]["selected"][0]["team"][0]["role"] = "leader".into();
    let r = verdict_of(&v.to_string());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && en.contains("leader belongs to format 2 only")), "{:?}", failing(&r));
    v["result"]["tasks"][0]["selected"][0]["team"][0]["role"] = "boss".into();
    assert_eq!(verdict_of(&v.to_string()).verdict, Verdict::Unreadable);
}

/// SPEC §10.11 on a county-sized draw: seed 003's 15–20 % and 1–2 % with the rule that
/// fixes the counts declared; each rule gives the counts it promises, both documents
/// verify, and a count outside what the declared rule gives is caught by the public.
#[test]
fn ratio_ranges_give_the_declared_counts_and_verify() {
    fn ranged(choice: &str, year_bp: u32) -> fairdraw::protocol::Inputs {
        let mut inputs = common::demo_inputs2(2_000, 60);
        inputs.plan.rules.min_total_bp = year_bp;
        inputs.plan.rules.range_choice = Some(choice.into());
        for t in &mut inputs.plan.tasks {
            for r in &mut t.sampling.rules {
                let low = r.ratio_bp.unwrap();
                r.ratio_max_bp = Some(low + low / 3);
            }
        }
        inputs
    }
    let count = |inputs: &fairdraw::protocol::Inputs| {
        let report = fairdraw::plan::evaluate(&inputs.plan, &inputs.directories);
        assert!(report.is_feasible(), "{:?}", report.problems.errors().map(|p| p.text.en.clone()).collect::<Vec<_>>());
        (report.tasks.iter().map(|t| t.count()).sum::<u64>(), report.active_firms)
    };
    let (low, active) = count(&ranged("low", 100));
    let (high, _) = count(&ranged("high", 100));
    assert!(low < high, "{low} {high}");
    // A year's minimum between the two ends is met exactly; one the lower ends meet
    // already changes nothing.
    let between = (low + high) / 2;
    let bp = (between * 10_000 / active) as u32;
    let need = (active * bp as u64).div_ceil(10_000);
    assert!(need > low && need <= high);
    let inputs = ranged("year_minimum", bp);
    assert_eq!(count(&inputs).0, need);
    assert_eq!(count(&ranged("year_minimum", 100)).0, low);
    // Beyond the upper ends the plan is refused.
    let beyond = ((high + 1) * 10_000).div_ceil(active) as u32;
    let report = fairdraw::plan::evaluate(&ranged("year_minimum", beyond).plan, &ranged("year_minimum", beyond).directories);
    assert!(report.problems.errors().any(|p| p.text.en.contains("year-level minimum")));

    let a = common::auditor_of(inputs, false);
    assert_eq!(verify_json(&serde_json::to_string(&a).unwrap()).verdict, Verdict::Valid);
    let p = v2::public_document(&a).unwrap();
    let public = serde_json::to_string(&p).unwrap();
    assert_eq!(verify_json(&public).verdict, Verdict::Valid);
    // The plan is committed: stating the rule `low` afterwards is a changed plan.
    let forged = tamper(&public, |v| v["public"]["plan"]["rules"]["range_choice"] = "low".into());
    let r = verdict_of(&forged);
    assert!(failing(&r).iter().any(|(id, _)| *id == CheckId::Inputs), "{:?}", failing(&r));
    // A commitment stating one firm fewer than the declared rule gives is caught, even
    // with the commitment's hash recomputed.
    let forged = tamper(&public, |v| {
        let task = &mut v["commitment"]["tasks"][0];
        let k = task["strata"].as_array().unwrap().iter().position(|s| s["count"].as_u64().unwrap() > 0 && s["census"] == false).unwrap();
        task["strata"][k]["count"] = (task["strata"][k]["count"].as_u64().unwrap() - 1).into();
        task["count"] = (task["count"].as_u64().unwrap() - 1).into();
        rehash(v);
    });
    let r = verdict_of(&forged);
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Commitment && en.contains("the rules draw")), "{:?}", failing(&r));
}

/// Ranges are format 2's: a format 1 bundle that writes one fails check 1, and a
/// range that is no range is refused before committing.
#[test]
fn ranges_belong_to_format_2_and_must_be_ranges() {
    let b = common::demo_bundle(false);
    for edit in [("rules", "range_choice", serde_json::json!("low")), ("rule", "ratio_max_bp", serde_json::json!(2000))] {
        let mut v = serde_json::to_value(&b).unwrap();
        match edit.0 {
            "rules" => v["inputs"]["plan"]["rules"][edit.1] = edit.2.clone(),
            _ => v["inputs"]["plan"]["tasks"][0]["sampling"]["rules"][0][edit.1] = edit.2.clone(),
        }
        let r = verdict_of(&v.to_string());
        assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && en.contains("ratio ranges belong to format 2 only")), "{:?}", failing(&r));
    }
    for (low, high, choice, year, expected) in [
        (Some(2000), Some(1500), "low", 0, "a ratio range needs a lower ratio not above its upper one"),
        (None, Some(1500), "low", 0, "a ratio range needs a lower ratio"),
        (Some(1500), Some(10_001), "low", 0, "at most 100 %"),
        (Some(1500), Some(2000), "lowest", 0, "must be low, high or year_minimum"),
        (Some(1500), Some(2000), "year_minimum", 0, "the plan sets no year-level minimum"),
    ] {
        let mut inputs = common::demo_inputs2(400, 40);
        inputs.plan.rules.range_choice = Some(choice.into());
        inputs.plan.rules.min_total_bp = year;
        let r = &mut inputs.plan.tasks[0].sampling.rules[0];
        r.ratio_bp = low;
        r.count = if low.is_none() { Some(3) } else { None };
        r.ratio_max_bp = high;
        let report = fairdraw::plan::evaluate(&inputs.plan, &inputs.directories);
        let errors: Vec<String> = report.problems.errors().map(|p| p.text.en.clone()).collect();
        assert!(errors.iter().any(|e| e.contains(expected)), "{expected}: {errors:?}");
    }
}

/// SPEC §10.12: inspections recorded under another name of the plan's department
/// count towards the yearly cap once the plan states that name, and only then; the
/// public's verification and the auditor's agree; format 1 has no such member.
#[test]
fn the_departments_other_names_count_towards_the_yearly_cap() {
    let mut inputs = common::demo_inputs2(400, 40);
    let year = inputs.plan.year;
    let alias = "秦皇岛开发区应急局";
    // A firm in task 001's pool, inspected twice this year under the alias.
    let before = fairdraw::plan::evaluate(&inputs.plan, &inputs.directories);
    let k = before.tasks[0].membership.iter().position(|m| matches!(m, fairdraw::plan::Membership::Stratum(_))).unwrap();
    let id = inputs.directories.enterprises[k].id.clone();
    assert!(inputs.directories.enterprises[k].flags.is_empty(), "a firm the cap applies to");
    for date in ["03-01", "04-01"] {
        inputs.directories.history.push(fairdraw::model::HistoryRecord {
            enterprise_id: id.clone(),
            date: format!("{year}-{date}"),
            department: alias.into(),
            level: "same".into(),
        });
    }
    inputs.directories.history.sort();
    let unnamed = fairdraw::plan::evaluate(&inputs.plan, &inputs.directories);
    assert!(matches!(unnamed.tasks[0].membership[k], fairdraw::plan::Membership::Stratum(_)), "another department's inspections do not count");
    inputs.plan.rules.department_names = Some(vec![alias.into()]);
    let named = fairdraw::plan::evaluate(&inputs.plan, &inputs.directories);
    assert_eq!(named.tasks[0].membership[k], fairdraw::plan::Membership::YearlyCap(2));
    assert_eq!(named.tasks[0].excluded.yearly_cap, unnamed.tasks[0].excluded.yearly_cap + 1);

    let a = common::auditor_of(inputs, false);
    assert_eq!(verify_json(&serde_json::to_string(&a).unwrap()).verdict, Verdict::Valid);
    let p = v2::public_document(&a).unwrap();
    let public = serde_json::to_string(&p).unwrap();
    assert_eq!(verify_json(&public).verdict, Verdict::Valid);
    // Unsorted names are not in their one form.
    let forged = tamper(&public, |v| v["public"]["plan"]["rules"]["department_names"] = serde_json::json!(["甲", "乙"]));
    assert!(failing(&verdict_of(&forged)).iter().any(|(id, _)| *id == CheckId::Format));
    let forged = tamper(&public, |v| v["public"]["plan"]["rules"]["department_names"] = serde_json::Value::Null);
    assert_eq!(verdict_of(&forged).verdict, Verdict::Unreadable);

    let b = common::demo_bundle(false);
    let mut v = serde_json::to_value(&b).unwrap();
    v["inputs"]["plan"]["rules"]["department_names"] = serde_json::json!([]);
    let r = verdict_of(&v.to_string());
    assert!(failing(&r).iter().any(|(id, en)| *id == CheckId::Format && en.contains("other names belong to format 2 only")), "{:?}", failing(&r));
}
