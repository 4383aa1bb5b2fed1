//! The draw: given the evaluated plan and the seed, select firms by ticket, form
//! teams and draw checklist items. SPEC.md §5–§7.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::hashing::{framed, hex, Hash};
use crate::model::{Directories, Enterprise, Inspector, Plan, Task};
use crate::plan::{expert_candidate, must_step_aside, regular_candidate, PlanReport, Stratum, TaskPool};
use crate::rng::Stream;

pub const TICKET_TAG: &str = "fairdraw/1/ticket";
pub const STREAM_TAG: &str = "fairdraw/1/stream";

/// A firm's ticket in a task: `H("fairdraw/1/ticket", seed, task number, firm ID)`.
/// Anyone holding the seed recomputes their own.
pub fn ticket(seed: &Hash, task_number: &str, enterprise_id: &str) -> Hash {
    framed(TICKET_TAG, &[seed, task_number.as_bytes(), enterprise_id.as_bytes()])
}

/// Key of a task's ChaCha20 stream for one purpose (`team` or `items`).
pub fn stream_key(seed: &Hash, task_number: &str, purpose: &str) -> Hash {
    framed(STREAM_TAG, &[seed, task_number.as_bytes(), purpose.as_bytes()])
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawResult {
    /// Hex of the seed (SPEC.md §5.1).
    pub seed: String,
    pub tasks: Vec<TaskResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskResult {
    pub number: String,
    pub name: String,
    pub directed: bool,
    pub strata: Vec<StratumResult>,
    /// In ticket order (ties by ID).
    pub selected: Vec<Selection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratumResult {
    pub values: Vec<String>,
    pub census: bool,
    pub size: u64,
    pub count: u64,
    /// The largest selected ticket (hex), empty when none is selected. A firm of the
    /// stratum is selected exactly when (its ticket, its ID) ≤ (cutoff, cutoff_id).
    pub cutoff: String,
    pub cutoff_id: String,
    /// The declared replacements (候补), in ticket order after the cutoff.
    pub reserves: Vec<Reserve>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reserve {
    pub id: String,
    pub ticket: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    pub id: String,
    pub name: String,
    /// Index into the task's `strata`.
    pub stratum: u64,
    pub ticket: String,
    pub team: Vec<TeamMember>,
    /// Checklist item codes, sorted.
    pub items: Vec<String>,
    /// Slots filled beyond an inspector's load cap because nobody under it was
    /// eligible (the declared fallback, SPEC.md §6.3).
    pub over_cap: u64,
    /// Slots left empty because nobody at all was eligible.
    pub unfilled: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub department: String,
    /// `inspector` or `expert`
    pub role: String,
}

/// Runs the whole draw. The plan report must come from `plan::evaluate` on the same
/// plan and directories.
pub fn draw(plan: &Plan, d: &Directories, report: &PlanReport, seed: &Hash) -> DrawResult {
    let tasks = plan.tasks.iter().zip(&report.tasks).map(|(t, pool)| draw_task(t, pool, d, seed)).collect();
    DrawResult { seed: hex(seed), tasks }
}

struct Picked {
    stratum: u32,
    ticket: Hash,
    firm: u32,
}

fn draw_task(t: &Task, pool: &TaskPool, d: &Directories, seed: &Hash) -> TaskResult {
    let mut strata = Vec::with_capacity(pool.strata.len());
    let mut picked: Vec<Picked> = Vec::new();
    for (k, st) in pool.strata.iter().enumerate() {
        let (result, chosen) = select_in_stratum(st, &t.number, d, seed, t.sampling.reserves as usize);
        strata.push(result);
        picked.extend(chosen.into_iter().map(|(ticket, firm)| Picked { stratum: k as u32, ticket, firm }));
    }
    picked.sort_by(|a, b| a.ticket.cmp(&b.ticket).then(a.firm.cmp(&b.firm)));
    let teams = form_teams(t, &picked, d, seed);
    let items = draw_items(t, &picked, d, seed);
    let selected = picked
        .iter()
        .zip(teams)
        .zip(items)
        .map(|((p, team), items)| {
            let e = &d.enterprises[p.firm as usize];
            Selection {
                id: e.id.clone(),
                name: e.name.clone(),
                stratum: p.stratum as u64,
                ticket: hex(&p.ticket),
                team: team.members,
                items,
                over_cap: team.over_cap,
                unfilled: team.unfilled,
            }
        })
        .collect();
    TaskResult { number: t.number.clone(), name: t.name.clone(), directed: t.directed, strata, selected }
}

/// The `count` smallest (ticket, ID) of the stratum, plus the reserves after them.
fn select_in_stratum(
    st: &Stratum,
    task_number: &str,
    d: &Directories,
    seed: &Hash,
    reserves: usize,
) -> (StratumResult, Vec<(Hash, u32)>) {
    let count = st.count as usize;
    let wanted = (count + if st.census { 0 } else { reserves }).min(st.members.len());
    // Members are in ID order, so comparing indices breaks ticket ties by ID.
    let mut tickets: Vec<(Hash, u32)> =
        st.members.iter().map(|&m| (ticket(seed, task_number, &d.enterprises[m as usize].id), m)).collect();
    if wanted < tickets.len() && wanted > 0 {
        tickets.select_nth_unstable(wanted - 1);
    }
    tickets.truncate(wanted);
    tickets.sort_unstable();
    let reserve_list = tickets[count.min(tickets.len())..]
        .iter()
        .map(|(t, m)| Reserve { id: d.enterprises[*m as usize].id.clone(), ticket: hex(t) })
        .collect();
    tickets.truncate(count);
    let (cutoff, cutoff_id) = match tickets.last() {
        Some((t, m)) => (hex(t), d.enterprises[*m as usize].id.clone()),
        None => (String::new(), String::new()),
    };
    let result = StratumResult {
        values: st.values.clone(),
        census: st.census,
        size: st.size(),
        count: st.count,
        cutoff,
        cutoff_id,
        reserves: reserve_list,
    };
    (result, tickets)
}

struct Team {
    members: Vec<TeamMember>,
    over_cap: u64,
    unfilled: u64,
}

/// Least-loaded random assignment (SPEC.md §6.3): firms in order of fewest eligible
/// inspectors first, each slot taking, among the eligible inspectors with the lowest
/// load so far, one chosen uniformly. Picking only among the least loaded keeps the
/// loads of interchangeable inspectors within one of each other.
fn form_teams(t: &Task, picked: &[Picked], d: &Directories, seed: &Hash) -> Vec<Team> {
    let team = &t.team;
    let regular: Vec<u32> =
        (0..d.inspectors.len() as u32).filter(|&i| regular_candidate(&d.inspectors[i as usize], team, &t.window.end)).collect();
    let experts: Vec<u32> = if team.expert {
        (0..d.inspectors.len() as u32).filter(|&i| expert_candidate(&d.inspectors[i as usize], team)).collect()
    } else {
        Vec::new()
    };
    let eligible = |i: u32, e: &Enterprise| !must_step_aside(&d.inspectors[i as usize], e, team.cross_region);

    let mut order: Vec<(u64, usize)> = picked
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let e = &d.enterprises[p.firm as usize];
            (regular.iter().filter(|&&i| eligible(i, e)).count() as u64, k)
        })
        .collect();
    // `picked` is in ticket order, so ties on the count keep ticket order.
    order.sort();

    let mut stream = Stream::new(stream_key(seed, &t.number, "team"));
    let mut load: HashMap<u32, u32> = HashMap::new();
    let mut teams: Vec<Option<Team>> = (0..picked.len()).map(|_| None).collect();
    for &(_, k) in &order {
        let e = &d.enterprises[picked[k].firm as usize];
        let mut chosen: Vec<(u32, &'static str)> = Vec::new();
        let mut over_cap = 0;
        let mut unfilled = 0;
        let mut fill = |pool: &[u32], role: &'static str, dept: Option<&str>, chosen: &mut Vec<(u32, &'static str)>| {
            let candidates: Vec<u32> = pool
                .iter()
                .copied()
                .filter(|&i| {
                    let ins: &Inspector = &d.inspectors[i as usize];
                    (role == "expert" || eligible(i, e))
                        && (role != "expert" || ins.conflicts.binary_search(&e.id).is_err())
                        && dept.is_none_or(|dp| ins.department == dp)
                        && !chosen.iter().any(|&(c, _)| c == i)
                })
                .collect();
            match pick_least_loaded(&candidates, &load, team.load_cap, &mut stream) {
                Some((i, beyond_cap)) => {
                    *load.entry(i).or_default() += 1;
                    over_cap += beyond_cap as u64;
                    chosen.push((i, role));
                }
                None => unfilled += 1,
            }
        };
        for dept in &team.departments {
            fill(&regular, "inspector", Some(dept), &mut chosen);
        }
        for _ in team.departments.len()..team.size as usize {
            fill(&regular, "inspector", None, &mut chosen);
        }
        if team.expert {
            fill(&experts, "expert", None, &mut chosen);
        }
        let members = chosen
            .iter()
            .map(|&(i, role)| {
                let ins = &d.inspectors[i as usize];
                TeamMember { id: ins.id.clone(), name: ins.name.clone(), department: ins.department.clone(), role: role.to_string() }
            })
            .collect();
        teams[k] = Some(Team { members, over_cap, unfilled });
    }
    teams.into_iter().map(|t| t.expect("every firm is in the order")).collect()
}

/// Among `candidates` (ascending inspector index = ID order), those under the load
/// cap if any (else all, flagged), then those with the lowest load; one uniformly.
fn pick_least_loaded(candidates: &[u32], load: &HashMap<u32, u32>, cap: u32, stream: &mut Stream) -> Option<(u32, bool)> {
    if candidates.is_empty() {
        return None;
    }
    let load_of = |i: &u32| load.get(i).copied().unwrap_or(0);
    let under: Vec<u32> = if cap > 0 { candidates.iter().copied().filter(|i| load_of(i) < cap).collect() } else { Vec::new() };
    let (pool, beyond_cap) = if cap == 0 {
        (candidates, false)
    } else if under.is_empty() {
        (candidates, true)
    } else {
        (&under[..], false)
    };
    let least = pool.iter().map(load_of).min().expect("pool is not empty");
    let ties: Vec<u32> = pool.iter().copied().filter(|i| load_of(i) == least).collect();
    let k = stream.below(ties.len() as u64) as usize;
    Some((ties[k], beyond_cap))
}

/// Fixed items plus `draw` of the other applicable items, by a partial Fisher–Yates
/// shuffle on the task's item stream, firms in ticket order.
fn draw_items(t: &Task, picked: &[Picked], d: &Directories, seed: &Hash) -> Vec<Vec<String>> {
    let rule = &t.items;
    let mut stream = Stream::new(stream_key(seed, &t.number, "items"));
    picked
        .iter()
        .map(|p| {
            let e = &d.enterprises[p.firm as usize];
            let mut applicable: Vec<&str> = d
                .checklist
                .iter()
                .filter(|c| (c.categories.is_empty() || c.categories.contains(&e.industry)) && !rule.fixed.contains(&c.code))
                .map(|c| c.code.as_str())
                .collect();
            let n = applicable.len();
            let j = (rule.draw as usize).min(n);
            if j < n {
                for i in 0..j {
                    let k = i + stream.below((n - i) as u64) as usize;
                    applicable.swap(i, k);
                }
            }
            let mut items: Vec<String> = rule.fixed.iter().cloned().chain(applicable[..j].iter().map(|s| s.to_string())).collect();
            items.sort();
            items
        })
        .collect()
}
