//! Properties that must hold for every seed: the hard rules of a team, exact stratum
//! counts, balanced loads; and chi-square tests that selection within a stratum and
//! membership of teams are uniform.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use fairdraw::draw::{self, DrawResult};
use fairdraw::hashing::{sha256, Hash};
use fairdraw::model::{Directories, Enterprise, Inspector, Plan};
use fairdraw::plan::{self, Membership};

fn seed(i: u32) -> Hash {
    sha256(format!("property seed {i}").as_bytes())
}

fn run(plan: &Plan, d: &Directories, s: &Hash) -> (plan::PlanReport, DrawResult) {
    let report = plan::evaluate(plan, d);
    assert!(report.is_feasible(), "{}", report.problems);
    let result = draw::draw(plan, d, &report, s);
    (report, result)
}

/// The demo inputs with every team rule switched on: 所所交叉, a joint department,
/// an expert, a load cap, and declared conflicts.
fn strict_inputs() -> (Plan, Directories) {
    let inputs = common::demo_inputs(600, 70);
    let mut plan = inputs.plan;
    let mut d = inputs.directories;
    let second_department = d
        .inspectors
        .iter()
        .map(|i| i.department.clone())
        .find(|dep| *dep != plan.department)
        .expect("the demo has inspectors of a second department");
    for t in &mut plan.tasks {
        t.team.departments = vec![plan.department.clone()];
        t.team.expert = true;
        t.team.load_cap = 12;
        t.team.size = 3;
    }
    plan.tasks[1].team.departments.push(second_department);
    // Every third inspector declares a conflict with a few firms.
    let ids: Vec<String> = d.enterprises.iter().map(|e| e.id.clone()).collect();
    for (k, ins) in d.inspectors.iter_mut().enumerate() {
        if k % 3 == 0 {
            ins.conflicts = ids.iter().skip(k * 7 % ids.len()).step_by(41).take(4).cloned().collect();
            ins.conflicts.sort();
            ins.conflicts.dedup();
        }
    }
    (plan, d)
}

fn ins<'a>(d: &'a Directories, id: &str) -> &'a Inspector {
    d.inspectors.iter().find(|i| i.id == id).unwrap()
}

fn firm<'a>(d: &'a Directories, id: &str) -> &'a Enterprise {
    d.enterprises.iter().find(|e| e.id == id).unwrap()
}

#[test]
fn every_hard_rule_holds_for_every_seed() {
    let (plan, d) = strict_inputs();
    for i in 0..60 {
        let s = seed(i);
        let (report, result) = run(&plan, &d, &s);
        for ((task, pool), tr) in plan.tasks.iter().zip(&report.tasks).zip(&result.tasks) {
            // Stratum counts are exact and selections come from the right stratum.
            let mut per_stratum = vec![0u64; pool.strata.len()];
            for sel in &tr.selected {
                per_stratum[sel.stratum as usize] += 1;
                let idx = d.enterprises.iter().position(|e| e.id == sel.id).unwrap();
                assert_eq!(pool.membership[idx], Membership::Stratum(sel.stratum as u32));
                assert_eq!(sel.ticket, fairdraw::hashing::hex(&draw::ticket(&s, &task.number, &sel.id)));
            }
            for (st, n) in pool.strata.iter().zip(&per_stratum) {
                assert_eq!(st.count, *n, "seed {i} task {}", task.number);
            }
            // Selected in ticket order.
            assert!(tr.selected.windows(2).all(|w| w[0].ticket <= w[1].ticket));
            for sel in &tr.selected {
                let e = firm(&d, &sel.id);
                let team = &sel.team;
                assert_eq!(sel.unfilled, 0, "seed {i}: {} has unfilled slots", e.id);
                let regular: Vec<_> = team.iter().filter(|m| m.role == fairdraw::draw::Role::Inspector).collect();
                let experts: Vec<_> = team.iter().filter(|m| m.role == fairdraw::draw::Role::Expert).collect();
                assert_eq!(regular.len(), task.team.size as usize);
                assert_eq!(experts.len(), 1);
                let distinct: BTreeSet<&str> = team.iter().map(|m| m.id.as_str()).collect();
                assert_eq!(distinct.len(), team.len(), "seed {i}: a person twice in one team");
                for m in &regular {
                    let x = ins(&d, &m.id);
                    assert_eq!(x.status, "active");
                    assert!(!x.cert_expiry.is_empty() && x.cert_expiry >= task.window.end, "certificate valid through the window");
                    assert!(task.team.qualification.is_empty() || x.qualifications.contains(&task.team.qualification));
                    assert_ne!(x.region, e.region, "所所交叉");
                    assert!(!x.conflicts.contains(&e.id), "回避");
                }
                for m in &experts {
                    let x = ins(&d, &m.id);
                    assert!(x.expert && x.status == "active" && !x.conflicts.contains(&e.id));
                }
                for (slot, dept) in task.team.departments.iter().enumerate() {
                    assert_eq!(&team[slot].department, dept, "one inspector from each joint department");
                }
                // Items: the fixed ones plus `draw` applicable others, sorted, no repeats.
                let applicable: BTreeSet<&str> = d
                    .checklist
                    .iter()
                    .filter(|c| c.categories.is_empty() || c.categories.contains(&e.industry))
                    .map(|c| c.code.as_str())
                    .collect();
                let items: BTreeSet<&str> = sel.items.iter().map(String::as_str).collect();
                assert_eq!(items.len(), sel.items.len());
                assert!(task.items.fixed.iter().all(|f| items.contains(f.as_str())));
                let others = applicable.iter().filter(|c| !task.items.fixed.iter().any(|f| f == *c)).count();
                assert_eq!(sel.items.len(), task.items.fixed.len() + (task.items.draw as usize).min(others));
                assert!(items.iter().all(|c| applicable.contains(c) || task.items.fixed.iter().any(|f| f == c)));
                assert!(sel.items.windows(2).all(|w| w[0] < w[1]));
            }
            assert_loads_balanced(task, &tr.selected, &d, i);
        }
    }
}

/// Inspectors eligible for exactly the same selected firms and slots are
/// interchangeable: their loads may differ by at most one.
fn assert_loads_balanced(task: &fairdraw::model::Task, selected: &[draw::Selection], d: &Directories, seed_no: u32) {
    let mut load: BTreeMap<&str, u32> = BTreeMap::new();
    let mut over_cap = 0;
    for s in selected {
        over_cap += s.over_cap;
        for m in s.team.iter().filter(|m| m.role == fairdraw::draw::Role::Inspector) {
            *load.entry(m.id.as_str()).or_default() += 1;
        }
    }
    let candidates: Vec<&Inspector> =
        d.inspectors.iter().filter(|i| plan::regular_candidate(i, &task.team, &task.window.end)).collect();
    let mut classes: BTreeMap<(String, Vec<bool>), Vec<&str>> = BTreeMap::new();
    for i in &candidates {
        let eligibility: Vec<bool> = selected
            .iter()
            .map(|s| !plan::must_step_aside(i, firm(d, &s.id), task.team.cross_region))
            .collect();
        classes.entry((i.department.clone(), eligibility)).or_default().push(i.id.as_str());
    }
    if over_cap > 0 {
        return; // the declared fallback may break balance; it is recorded per firm
    }
    for members in classes.values().filter(|m| m.len() > 1) {
        let loads: Vec<u32> = members.iter().map(|id| load.get(id).copied().unwrap_or(0)).collect();
        let (lo, hi) = (loads.iter().min().unwrap(), loads.iter().max().unwrap());
        assert!(hi - lo <= 1, "seed {seed_no} task {}: interchangeable inspectors {members:?} have loads {loads:?}", task.number);
    }
}

/// A one-task plan over synthetic firms and inspectors, for the uniformity tests.
fn synthetic(firms: usize, count: u64, inspectors: usize, team_size: u32) -> (Plan, Directories) {
    let mut plan = common::demo_inputs(10, 10).plan;
    plan.rules.min_total_bp = 0;
    plan.tasks.truncate(1);
    let t = &mut plan.tasks[0];
    t.filter.clear();
    t.sampling.strata_by.clear();
    t.sampling.census_flags.clear();
    t.sampling.reserves = 0;
    t.sampling.rules = vec![fairdraw::model::StratumRule { when: Default::default(), ratio_bp: None, count: Some(count), min: 0, max: None, ratio_max_bp: None }];
    t.items = Default::default();
    t.team = fairdraw::model::TeamRule {
        size: team_size,
        qualification: String::new(),
        cross_region: false,
        departments: vec![],
        expert: false,
        expert_qualification: String::new(),
        load_cap: 0,
        groups: None,
        leader: None,
    };
    let enterprises = (0..firms)
        .map(|k| Enterprise {
            id: format!("E{k:03}"),
            name: format!("企业{k}"),
            kind: String::new(),
            industry: String::new(),
            region: "东区".into(),
            risk: "B".into(),
            flags: vec![],
            status: "active".into(),
            address: String::new(),
            attrs: Default::default(),
        })
        .collect();
    let inspectors = (0..inspectors)
        .map(|k| Inspector {
            id: format!("I{k:03}"),
            name: format!("检查员{k}"),
            unit: String::new(),
            department: plan.department.clone(),
            region: "西区".into(),
            qualifications: vec![],
            cert_expiry: "2099-12-31".into(),
            expert: false,
            status: "active".into(),
            conflicts: vec![],
        })
        .collect();
    (plan, Directories { enterprises, inspectors, checklist: vec![], history: vec![] })
}

/// Pearson's chi-square statistic against equal expected counts.
fn chi_square(counts: &[u64]) -> f64 {
    let total: u64 = counts.iter().sum();
    let expected = total as f64 / counts.len() as f64;
    counts.iter().map(|&c| (c as f64 - expected).powi(2) / expected).sum()
}

#[test]
fn every_subset_of_a_stratum_is_equally_likely() {
    // 6 firms, 2 drawn: 15 possible subsets, 6000 seeds → 400 expected each.
    let (plan, d) = synthetic(6, 2, 4, 2);
    let mut subsets: BTreeMap<Vec<String>, u64> = BTreeMap::new();
    let mut firms: BTreeMap<String, u64> = BTreeMap::new();
    for i in 0..6000 {
        let (_, r) = run(&plan, &d, &seed(i));
        let mut ids: Vec<String> = r.tasks[0].selected.iter().map(|s| s.id.clone()).collect();
        ids.sort();
        for id in &ids {
            *firms.entry(id.clone()).or_default() += 1;
        }
        *subsets.entry(ids).or_default() += 1;
    }
    assert_eq!(subsets.len(), 15, "every pair must be possible");
    let counts: Vec<u64> = subsets.values().copied().collect();
    // 14 degrees of freedom: 36.12 is the 0.999 quantile.
    assert!(chi_square(&counts) < 36.12, "subset counts {counts:?}");
    let per_firm: Vec<u64> = firms.values().copied().collect();
    // 5 degrees of freedom: 20.52 is the 0.999 quantile.
    assert!(chi_square(&per_firm) < 20.52, "firm counts {per_firm:?}");
}

#[test]
fn team_membership_is_uniform_among_interchangeable_inspectors() {
    // One firm drawn, a team of 2 out of 8 inspectors: 28 pairs, 5600 seeds → 200 each.
    let (plan, d) = synthetic(3, 1, 8, 2);
    let mut pairs: BTreeMap<Vec<String>, u64> = BTreeMap::new();
    let mut members: BTreeMap<String, u64> = BTreeMap::new();
    for i in 0..5600 {
        let (_, r) = run(&plan, &d, &seed(i));
        let mut team: Vec<String> = r.tasks[0].selected[0].team.iter().map(|m| m.id.clone()).collect();
        team.sort();
        for id in &team {
            *members.entry(id.clone()).or_default() += 1;
        }
        *pairs.entry(team).or_default() += 1;
    }
    assert_eq!(pairs.len(), 28, "every pair of inspectors must be possible");
    // 27 degrees of freedom: 55.48 is the 0.999 quantile.
    let counts: Vec<u64> = pairs.values().copied().collect();
    assert!(chi_square(&counts) < 55.48, "pair counts {counts:?}");
    // 7 degrees of freedom: 24.32 is the 0.999 quantile.
    let per_inspector: Vec<u64> = members.values().copied().collect();
    assert!(chi_square(&per_inspector) < 24.32, "inspector counts {per_inspector:?}");
}

#[test]
fn loads_of_interchangeable_inspectors_differ_by_at_most_one() {
    // 40 firms drawn, teams of 2 from 7 inspectors: 80 slots over 7 people.
    let (plan, d) = synthetic(50, 40, 7, 2);
    for i in 0..200 {
        let (_, r) = run(&plan, &d, &seed(i));
        let mut load: BTreeMap<&str, u32> = BTreeMap::new();
        for s in &r.tasks[0].selected {
            for m in &s.team {
                *load.entry(m.id.as_str()).or_default() += 1;
            }
        }
        let loads: Vec<u32> = load.values().copied().collect();
        assert_eq!(loads.len(), 7);
        assert!(loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1, "seed {i}: {loads:?}");
    }
}

#[test]
fn the_load_cap_holds_and_its_fallback_is_recorded() {
    let (mut plan, d) = synthetic(30, 20, 5, 2);
    plan.tasks[0].team.load_cap = 8;
    for i in 0..50 {
        let (_, r) = run(&plan, &d, &seed(i));
        let mut load: BTreeMap<&str, u32> = BTreeMap::new();
        for s in &r.tasks[0].selected {
            assert_eq!(s.over_cap, 0);
            for m in &s.team {
                *load.entry(m.id.as_str()).or_default() += 1;
            }
        }
        assert!(load.values().all(|&l| l <= 8), "seed {i}: {load:?}");
    }
    // 40 slots but a cap of 7 × 5 = 35: the plan is refused before any draw.
    plan.tasks[0].team.load_cap = 7;
    let report = plan::evaluate(&plan, &d);
    assert!(!report.is_feasible());
    assert!(report.problems.to_string().contains("合计只有 35 人次"), "{}", report.problems);
}

#[test]
fn exclusions_follow_the_yearly_cap_and_the_higher_level_rule() {
    let (mut plan, mut d) = synthetic(6, 6, 4, 2);
    let dept = plan.department.clone();
    let rec = |id: &str, date: &str, department: &str, level: &str| fairdraw::model::HistoryRecord {
        enterprise_id: id.into(),
        date: date.into(),
        department: department.into(),
        level: level.into(),
    };
    d.history = vec![
        rec("E000", "2026-02-01", &dept, "same"),
        rec("E000", "2026-05-01", &dept, "same"), // twice this year: capped
        rec("E001", "2026-03-01", &dept, "same"), // once: stays
        rec("E002", "2025-03-01", &dept, "same"),
        rec("E002", "2025-04-01", &dept, "same"), // last year: stays
        rec("E003", "2026-06-01", "上级应急管理局", "higher"), // higher level: excluded
        rec("E004", "2026-02-01", "市场监督管理局", "same"),
        rec("E004", "2026-03-01", "市场监督管理局", "same"), // another department: stays
        rec("E005", "2026-01-01", &dept, "same"),
        rec("E005", "2026-02-01", &dept, "same"), // capped, but exempt by flag
    ];
    d.history.sort();
    d.enterprises[5].flags = vec!["serious_violation".into()];
    plan.tasks[0].sampling.rules[0].count = Some(6);
    let report = plan::evaluate(&plan, &d);
    let m = &report.tasks[0].membership;
    assert_eq!(m[0], Membership::YearlyCap(2));
    assert_eq!(m[1], Membership::Stratum(0));
    assert_eq!(m[2], Membership::Stratum(0));
    assert_eq!(m[3], Membership::HigherLevel);
    assert_eq!(m[4], Membership::Stratum(0));
    assert_eq!(m[5], Membership::Stratum(0));
    assert_eq!(report.tasks[0].excluded.yearly_cap, 1);
    assert_eq!(report.tasks[0].excluded.higher_level, 1);
    assert_eq!(report.tasks[0].count(), 4);
}
