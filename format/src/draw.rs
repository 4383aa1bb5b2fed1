//! The draw: given the evaluated plan and the seed, select firms by ticket, form
//! teams and draw checklist items. SPEC.md §5–§7.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::canonical::{self, CanonicalObject, CanonicalRecord};
use crate::hashing::{framed, hex, Hash};
use crate::model::{ChecklistItem, Directories, Inspector, Plan, Task};
use crate::named::named_enum;
use crate::plan::{expert_candidate, regular_candidate, steps_aside_by_region, Membership, PlanReport, Stratum, TaskPool};
use crate::rng::Stream;

pub const TICKET_TAG: &str = "fairdraw/1/ticket";
pub const STREAM_TAG: &str = "fairdraw/1/stream";

/// A firm's ticket in a task: `H("fairdraw/1/ticket", seed, task number, firm ID)`.
/// Anyone holding the seed recomputes their own.
pub fn ticket(seed: &Hash, task_number: &str, enterprise_id: &str) -> Hash {
    framed(TICKET_TAG, &[seed, task_number.as_bytes(), enterprise_id.as_bytes()])
}

/// [`ticket`] for many firms of one task: the framed prefix (tag, seed, task number)
/// is hashed once, and each firm's ID completes it.
pub struct TicketHasher(crate::hashing::FramedPrefix);

impl TicketHasher {
    pub fn new(seed: &Hash, task_number: &str) -> Self {
        TicketHasher(crate::hashing::FramedPrefix::new(TICKET_TAG, &[seed, task_number.as_bytes()]))
    }

    pub fn ticket(&self, enterprise_id: &str) -> Hash {
        self.0.finish_with(enterprise_id.as_bytes())
    }
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
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub size: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
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
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub stratum: u64,
    pub ticket: String,
    pub team: Vec<TeamMember>,
    /// Checklist item codes, sorted.
    pub items: Vec<String>,
    /// Slots filled beyond an inspector's load cap because nobody under it was
    /// eligible (the declared fallback, SPEC.md §6.3).
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub over_cap: u64,
    /// Slots left empty because nobody at all was eligible.
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub unfilled: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub department: String,
    pub role: Role,
}

named_enum! {
    /// What a member does in a team.
    pub enum Role {
        /// A regular slot: an inspector holding a valid 执法证.
        Inspector = "inspector",
        /// The added expert (专家).
        Expert = "expert",
        /// Format 2: the inspector who leads an inspection group (组长).
        Leader = "leader",
    }
}

// The result is written field by field in canonical order (SPEC.md §7), so that
// hashing a large result never builds a `serde_json::Value` of it.

impl CanonicalRecord for TeamMember {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("department", &self.department);
        o.str("id", &self.id);
        o.str("name", &self.name);
        o.str("role", self.role.as_str());
        o.end();
    }
}

impl CanonicalRecord for Selection {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("id", &self.id);
        o.strs("items", &self.items);
        o.str("name", &self.name);
        o.u64("over_cap", self.over_cap);
        o.u64("stratum", self.stratum);
        o.records("team", &self.team);
        o.str("ticket", &self.ticket);
        o.u64("unfilled", self.unfilled);
        o.end();
    }
}

impl CanonicalRecord for Reserve {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("id", &self.id);
        o.str("ticket", &self.ticket);
        o.end();
    }
}

impl CanonicalRecord for StratumResult {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.bool("census", self.census);
        o.u64("count", self.count);
        o.str("cutoff", &self.cutoff);
        o.str("cutoff_id", &self.cutoff_id);
        o.records("reserves", &self.reserves);
        o.u64("size", self.size);
        o.strs("values", &self.values);
        o.end();
    }
}

impl CanonicalRecord for TaskResult {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.bool("directed", self.directed);
        o.str("name", &self.name);
        o.str("number", &self.number);
        o.records("selected", &self.selected);
        o.records("strata", &self.strata);
        o.end();
    }
}

impl CanonicalRecord for DrawResult {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("seed", &self.seed);
        o.records("tasks", &self.tasks);
        o.end();
    }
}

/// `result_sha256` of a result (SPEC.md §7).
pub fn result_digest(result: &DrawResult) -> [u8; 32] {
    canonical::digest_record(result)
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
    // Tickets in one pass in directory order: visiting firms stratum by stratum
    // would jump across the whole directory for every stratum.
    let hasher = TicketHasher::new(seed, &t.number);
    let tickets_of = |firms: &[crate::model::Enterprise], memberships: &[Membership]| -> Vec<Hash> {
        firms
            .iter()
            .zip(memberships)
            .map(|(e, m)| if matches!(m, Membership::Stratum(_)) { hasher.ticket(&e.id) } else { [0; 32] })
            .collect()
    };
    let half = d.enterprises.len() / 2;
    let (mut tickets, rest) = crate::par::join(
        || tickets_of(&d.enterprises[..half], &pool.membership[..half]),
        || tickets_of(&d.enterprises[half..], &pool.membership[half..]),
    );
    tickets.extend(rest);
    let mut strata = Vec::with_capacity(pool.strata.len());
    let mut picked: Vec<Picked> = Vec::new();
    for (k, st) in pool.strata.iter().enumerate() {
        let (result, chosen) = select_in_stratum(st, &tickets, d, t.sampling.reserves as usize);
        strata.push(result);
        picked.extend(chosen.into_iter().map(|(ticket, firm)| Picked { stratum: k as u32, ticket, firm }));
    }
    picked.sort_by(|a, b| a.ticket.cmp(&b.ticket).then(a.firm.cmp(&b.firm)));
    let conflicted_by = conflicted_by(&d.inspectors);
    let firms: Vec<FirmView> = picked
        .iter()
        .map(|p| {
            let e = &d.enterprises[p.firm as usize];
            FirmView {
                region: &e.region,
                industry: &e.industry,
                conflicts: conflicted_by.get(e.id.as_str()).cloned().unwrap_or_default(),
            }
        })
        .collect();
    // Format 1 plans have no inspection groups (check 1 refuses them).
    let (assigned, items) = teams_and_items(t, &firms, &d.inspectors, &d.checklist, seed, STREAM_TAG);
    let selected = picked
        .iter()
        .zip(assigned.teams)
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
fn select_in_stratum(st: &Stratum, tickets: &[Hash], d: &Directories, reserves: usize) -> (StratumResult, Vec<(Hash, u32)>) {
    let count = st.count as usize;
    let wanted = (count + if st.census { 0 } else { reserves }).min(st.members.len());
    // Sorted by the ticket's first eight bytes, then the whole ticket, then the
    // member index — the same order as (ticket, ID), since members are in ID order,
    // but almost every comparison is one integer comparison.
    let mut keyed: Vec<(u64, Hash, u32)> = st
        .members
        .iter()
        .map(|&m| {
            let t = tickets[m as usize];
            (u64::from_be_bytes(t[..8].try_into().expect("8 bytes")), t, m)
        })
        .collect();
    if wanted < keyed.len() && wanted > 0 {
        keyed.select_nth_unstable(wanted - 1);
    }
    keyed.truncate(wanted);
    keyed.sort_unstable();
    let mut tickets: Vec<(Hash, u32)> = keyed.into_iter().map(|(_, t, m)| (t, m)).collect();
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

pub struct Team {
    pub members: Vec<TeamMember>,
    pub over_cap: u64,
    pub unfilled: u64,
    /// The firm's inspection group (1-based); 0 with a team per firm, or when no
    /// group was eligible.
    pub group: u64,
}

/// One inspection group (检查组) of a task, SPEC §10.10.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// 1-based, in the order the groups were formed.
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub number: u64,
    /// In the order their slots were filled.
    pub members: Vec<TeamMember>,
    /// Slots left empty because nobody was left to fill them.
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub unfilled: u64,
}

impl CanonicalRecord for Group {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.records("members", &self.members);
        o.u64("number", self.number);
        o.u64("unfilled", self.unfilled);
        o.end();
    }
}

/// Who inspects each selected firm: its team, and the task's groups when it has them.
pub struct Assignment {
    /// One per selected firm, in the selected list's order.
    pub teams: Vec<Team>,
    /// Empty with a team per firm.
    pub groups: Vec<Group>,
}

/// What a selected firm's team and items depend on.
pub struct FirmView<'a> {
    pub region: &'a str,
    pub industry: &'a str,
    /// Indices of the inspectors who declared a conflict with it, ascending.
    pub conflicts: Vec<u32>,
}

/// For each enterprise ID, the indices of the inspectors who declared a conflict with it.
pub fn conflicted_by(inspectors: &[Inspector]) -> HashMap<&str, Vec<u32>> {
    let mut by: HashMap<&str, Vec<u32>> = HashMap::new();
    for (k, i) in inspectors.iter().enumerate() {
        for c in &i.conflicts {
            by.entry(c.as_str()).or_default().push(k as u32);
        }
    }
    by
}

/// SPEC §6.3 (or, with inspection groups, §10.10) and §6.4 for a task's selected
/// firms, in the selected list's order; the streams' keys use `stream_tag`.
pub fn teams_and_items(
    t: &Task,
    firms: &[FirmView],
    inspectors: &[Inspector],
    checklist: &[ChecklistItem],
    seed: &Hash,
    stream_tag: &str,
) -> (Assignment, Vec<Vec<String>>) {
    // Teams and items come from streams of their own, so they are drawn at once.
    crate::par::join(
        || {
            let team_stream = Stream::new(framed(stream_tag, &[seed, t.number.as_bytes(), b"team"]));
            if t.team.group_count() > 0 {
                crate::groups::form_and_assign(t, firms, inspectors, team_stream)
            } else {
                Assignment { teams: form_teams(t, firms, inspectors, team_stream), groups: Vec::new() }
            }
        },
        || draw_items(t, firms, checklist, framed(stream_tag, &[seed, t.number.as_bytes(), b"items"])),
    )
}

/// A slot of a team or group: whether it is the expert's, and the joint department
/// it is restricted to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub expert: bool,
    pub department: Option<usize>,
}

/// The slots of a team in the order they are filled (SPEC §6.3), and how many
/// unrestricted slots were left out because they can never be filled: members of
/// one team are distinct, so once `regular` candidates are taken the candidates of
/// an unrestricted slot only shrink. Leaving them out changes no outcome (an empty
/// slot reads no word of the stream) but bounds the work by the directory, whatever
/// `size` a document states.
pub(crate) fn team_slots(team: &crate::model::TeamRule, regular: usize) -> (Vec<Slot>, u64) {
    let departments = team.departments.len();
    let unrestricted = (team.size as u64).saturating_sub(departments as u64);
    let kept = unrestricted.min(regular as u64);
    let mut slots: Vec<Slot> = (0..departments).map(|k| Slot { expert: false, department: Some(k) }).collect();
    slots.extend((0..kept).map(|_| Slot { expert: false, department: None }));
    if team.expert {
        slots.push(Slot { expert: true, department: None });
    }
    (slots, unrestricted - kept)
}

/// Least-loaded random assignment (SPEC.md §6.3): firms in order of fewest eligible
/// inspectors first, each slot taking, among the eligible inspectors with the lowest
/// load so far, one chosen uniformly. Picking only among the least loaded keeps the
/// loads of interchangeable inspectors within one of each other.
///
/// One function because its parts share a dozen precomputed tables (regions as
/// integers, conflicts, load levels, masks) built for speed on large directories;
/// the order of stream draws it fixes is specified, so it reads top to bottom.
fn form_teams(t: &Task, firms: &[FirmView], ins: &[Inspector], mut stream: Stream) -> Vec<Team> {
    let team = &t.team;
    let regular: Vec<u32> =
        (0..ins.len() as u32).filter(|&i| regular_candidate(&ins[i as usize], team, &t.window.end)).collect();
    let experts: Vec<u32> = if team.expert {
        (0..ins.len() as u32).filter(|&i| expert_candidate(&ins[i as usize], team)).collect()
    } else {
        Vec::new()
    };
    // Regions as small integers, so that per-region counts and member lists are
    // plain vectors.
    let mut region_ids: HashMap<&str, u32> = HashMap::new();
    let inspector_region: Vec<u32> = ins.iter().map(|i| intern(&mut region_ids, &i.region)).collect();
    let firm_region: Vec<u32> = firms.iter().map(|f| intern(&mut region_ids, f.region)).collect();
    let firm_conflicts: Vec<&Vec<u32>> = firms.iter().map(|f| &f.conflicts).collect();

    // The number of eligible regular inspectors per firm, from counts per region
    // rather than by looking at every inspector for every firm.
    let mut is_regular = vec![false; ins.len()];
    let mut regular_in_region = vec![0u64; region_ids.len()];
    for &i in &regular {
        is_regular[i as usize] = true;
        regular_in_region[inspector_region[i as usize] as usize] += 1;
    }
    let mut order: Vec<(u64, usize)> = (0..firms.len())
        .map(|k| {
            let same_region = |i: u32| steps_aside_by_region(team.cross_region, &inspector_region[i as usize], &firm_region[k]);
            let local = if team.cross_region { regular_in_region[firm_region[k] as usize] } else { 0 };
            let conflicted =
                firm_conflicts[k].iter().filter(|&&i| is_regular[i as usize] && !same_region(i)).count() as u64;
            (regular.len() as u64 - local - conflicted, k)
        })
        .collect();
    // `firms` is in ticket order, so ties on the count keep ticket order.
    order.sort_unstable();

    let mut regular_levels = LoadLevels::new(&regular, ins.len());
    let mut expert_levels = LoadLevels::new(&experts, ins.len());
    // What narrows a regular slot: the members of the firm's own region step aside
    // (所所交叉); a joint department's slot takes only that department.
    let mut regular_by_region: Vec<Vec<u32>> = vec![Vec::new(); region_ids.len()];
    for &i in &regular {
        regular_by_region[inspector_region[i as usize] as usize].push(i);
    }
    // For a region with more members than a mask has words (a province's regions
    // hold thousands of inspectors), who a regular slot may take in its firms as one
    // mask, instead of removing each member for every slot. Smaller regions remove
    // their members one by one, which also bounds these masks to at most 64.
    let words = regular_levels.everyone().len();
    let outside_region: Vec<Option<Vec<u64>>> = regular_by_region
        .iter()
        .map(|members| {
            (members.len() > words).then(|| {
                let mut mask = regular_levels.everyone().to_vec();
                for &i in members {
                    regular_levels.exclude(&mut mask, i);
                }
                mask
            })
        })
        .collect();
    let department_masks: Vec<Vec<u64>> = team
        .departments
        .iter()
        .map(|dp| regular_levels.mask_of(regular.iter().copied().filter(|&i| ins[i as usize].department == *dp)))
        .collect();
    let (slots, never_filled) = team_slots(team, regular.len());
    let mut candidates: Vec<u64> = Vec::new();
    let mut teams: Vec<Option<Team>> = (0..firms.len()).map(|_| None).collect();
    for &(_, k) in &order {
        let conflicts = firm_conflicts[k];
        let mut chosen: Vec<(u32, Role)> = Vec::with_capacity(slots.len());
        let mut over_cap = 0;
        let mut unfilled = never_filled;
        for &Slot { expert: expert_slot, department } in &slots {
            let levels = if expert_slot { &expert_levels } else { &regular_levels };
            candidates.clear();
            match department {
                Some(d) => candidates.extend_from_slice(&department_masks[d]),
                None => candidates.extend_from_slice(levels.everyone()),
            }
            // 所所交叉 binds the regular inspectors, not the added expert.
            if team.cross_region && !expert_slot {
                let region = firm_region[k] as usize;
                match &outside_region[region] {
                    Some(allowed) => candidates.iter_mut().zip(allowed).for_each(|(c, a)| *c &= a),
                    None => regular_by_region[region].iter().for_each(|&i| levels.exclude(&mut candidates, i)),
                }
            }
            for &i in conflicts.iter().chain(chosen.iter().map(|(i, _)| i)) {
                levels.exclude(&mut candidates, i);
            }
            match levels.pick_least_loaded(&candidates, team.load_cap, &mut stream) {
                Some((i, beyond_cap)) => {
                    regular_levels.raise(i);
                    expert_levels.raise(i);
                    over_cap += beyond_cap as u64;
                    chosen.push((i, if expert_slot { Role::Expert } else { Role::Inspector }));
                }
                None => unfilled += 1,
            }
        }
        let members = chosen
            .iter()
            .map(|&(i, role)| {
                let x = &ins[i as usize];
                TeamMember { id: x.id.clone(), name: x.name.clone(), department: x.department.clone(), role }
            })
            .collect();
        teams[k] = Some(Team { members, over_cap, unfilled, group: 0 });
    }
    teams.into_iter().map(|t| t.expect("every firm is in the order")).collect()
}

fn intern<'a>(ids: &mut HashMap<&'a str, u32>, s: &'a str) -> u32 {
    let next = ids.len() as u32;
    *ids.entry(s).or_insert(next)
}

/// The members of one pool (inspectors, or inspection groups) grouped by their
/// current load. Each occupied load
/// level is a bitset over the pool's members in ID order, and a slot's candidates
/// are a mask of the same shape: counting the candidates of a level, and finding
/// the `k`-th of them in ID order, take a few word operations instead of a look at
/// every inspector. The choice is the one SPEC.md §6.3 defines.
pub(crate) struct LoadLevels {
    /// The pool's members (inspector indices), ascending: bit `p` stands for `members[p]`.
    members: Vec<u32>,
    /// Bit position of every inspector index, `NOT_A_MEMBER` outside the pool.
    position: Vec<u32>,
    /// Current load by bit position.
    load: Vec<u32>,
    /// Every member set.
    everyone: Vec<u64>,
    /// Only the loads someone currently has, so that a slot never walks past empty
    /// levels: (number of members, members) by load.
    levels: BTreeMap<u32, (u32, Vec<u64>)>,
}

const NOT_A_MEMBER: u32 = u32::MAX;

impl LoadLevels {
    pub(crate) fn new(pool: &[u32], inspectors: usize) -> Self {
        let mut position = vec![NOT_A_MEMBER; inspectors];
        for (p, &i) in pool.iter().enumerate() {
            position[i as usize] = p as u32;
        }
        let mut levels = LoadLevels {
            members: pool.to_vec(),
            position,
            load: vec![0; pool.len()],
            everyone: Vec::new(),
            levels: BTreeMap::new(),
        };
        levels.everyone = levels.mask_of(pool.iter().copied());
        if !pool.is_empty() {
            levels.levels.insert(0, (pool.len() as u32, levels.everyone.clone()));
        }
        levels
    }

    fn words(&self) -> usize {
        self.members.len().div_ceil(64)
    }

    /// The mask of the given inspectors (those of them in the pool).
    pub(crate) fn mask_of(&self, inspectors: impl Iterator<Item = u32>) -> Vec<u64> {
        let mut mask = vec![0; self.words()];
        for i in inspectors {
            if let Some(&p) = self.position.get(i as usize).filter(|&&p| p != NOT_A_MEMBER) {
                mask[p as usize / 64] |= 1 << (p % 64);
            }
        }
        mask
    }

    pub(crate) fn everyone(&self) -> &[u64] {
        &self.everyone
    }

    /// Clears inspector `i` from a mask, if it is a member.
    pub(crate) fn exclude(&self, mask: &mut [u64], i: u32) {
        let p = self.position[i as usize];
        if p != NOT_A_MEMBER {
            mask[p as usize / 64] &= !(1 << (p % 64));
        }
    }

    /// One more assignment for `i`, if it is a member.
    pub(crate) fn raise(&mut self, i: u32) {
        let p = self.position[i as usize];
        if p == NOT_A_MEMBER {
            return;
        }
        let (word, bit) = (p as usize / 64, 1u64 << (p % 64));
        let from = self.load[p as usize];
        self.load[p as usize] = from + 1;
        let level = self.levels.get_mut(&from).expect("a member is at its load's level");
        level.0 -= 1;
        level.1[word] &= !bit;
        if level.0 == 0 {
            self.levels.remove(&from);
        }
        let words = self.words();
        let to = self.levels.entry(from + 1).or_insert_with(|| (0, vec![0; words]));
        to.0 += 1;
        to.1[word] |= bit;
    }

    /// Among the candidates: those under the load cap if any (else all, flagged),
    /// then those with the lowest load; one of them uniformly. Walking the levels
    /// upwards, the first level holding a candidate is the lowest load among all
    /// candidates, and it is under the cap exactly when some candidate is.
    pub(crate) fn pick_least_loaded(&self, candidates: &[u64], cap: u32, stream: &mut Stream) -> Option<(u32, bool)> {
        for (&load, (_, members)) in &self.levels {
            let ties: u64 = members.iter().zip(candidates).map(|(m, c)| (m & c).count_ones() as u64).sum();
            if ties == 0 {
                continue;
            }
            let beyond_cap = cap > 0 && load >= cap;
            let mut k = stream.below(ties);
            for (w, (m, c)) in members.iter().zip(candidates).enumerate() {
                let mut word = m & c;
                let here = word.count_ones() as u64;
                if k >= here {
                    k -= here;
                    continue;
                }
                for _ in 0..k {
                    word &= word - 1;
                }
                return Some((self.members[w * 64 + word.trailing_zeros() as usize], beyond_cap));
            }
            unreachable!("k < ties");
        }
        None
    }
}

/// Fixed items plus `draw` of the other applicable items, by a partial Fisher–Yates
/// shuffle on the task's item stream, firms in ticket order.
fn draw_items(t: &Task, firms: &[FirmView], checklist: &[ChecklistItem], stream_key: Hash) -> Vec<Vec<String>> {
    let rule = &t.items;
    let mut stream = Stream::new(stream_key);
    // Which items apply depends on the firm's industry alone.
    let mut applicable_in: HashMap<&str, Vec<&str>> = HashMap::new();
    firms
        .iter()
        .map(|f| {
            let industry = f.industry;
            let mut applicable = applicable_in
                .entry(industry)
                .or_insert_with(|| {
                    checklist
                        .iter()
                        .filter(|c| (c.categories.iter().any(|x| x == industry) || c.categories.is_empty()) && !rule.fixed.contains(&c.code))
                        .map(|c| c.code.as_str())
                        .collect()
                })
                .clone();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typed_result_writer_agrees_with_the_generic_writer() {
        let golden: crate::protocol::Bundle =
            serde_json::from_str(include_str!("../../tests/vectors/spec/bundle-small.json")).unwrap();
        let mut typed = Vec::new();
        golden.result.write_canonical(&mut typed);
        assert_eq!(typed, canonical::to_canonical(&golden.result).unwrap());
        assert_eq!(result_digest(&golden.result), canonical::digest(&golden.result).unwrap());
    }
}
