//! SPEC §10.4: the draw over tokens — selection from the public entries alone, then
//! teams and items from the selected firms' records.

use serde::{Deserialize, Serialize};

use super::codes::{TicketHasher, TOKEN_BYTES};
use super::public::PublicInputs;
use crate::canonical::{self, CanonicalObject, CanonicalRecord};
use crate::draw::{teams_and_items, FirmView, Group, TeamMember, STREAM_TAG};
use crate::hashing::{hex, is_hex, unhex_array, Hash};
use crate::model::{ChecklistItem, Inspector, Plan};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Result2 {
    pub seed: String,
    pub tasks: Vec<TaskResult2>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskResult2 {
    pub number: String,
    pub name: String,
    pub directed: bool,
    pub strata: Vec<StratumResult2>,
    /// In ticket order (ties by token).
    pub selected: Vec<Selected2>,
    /// The task's inspection groups (SPEC §10.10); empty with a team per firm.
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratumResult2 {
    pub values: Vec<String>,
    pub census: bool,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub size: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub count: u64,
    /// The largest selected ticket, `""` when the count is 0.
    pub cutoff: String,
    /// Its token, `""` when the count is 0.
    pub cutoff_token: String,
    /// The declared replacements (候补), in ticket order after the cutoff.
    pub reserves: Vec<TokenTicket>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenTicket {
    pub token: String,
    pub ticket: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selected2 {
    pub token: String,
    pub ticket: String,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub stratum: u64,
    pub id: String,
    pub name: String,
    /// The firm's inspection group, 0 with a team per firm or when none was eligible.
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub group: u64,
    pub team: Vec<TeamMember>,
    pub items: Vec<String>,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub over_cap: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub unfilled: u64,
}

/// The token-level result: what a sealed document fixes before any firm is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection2 {
    pub seed: String,
    pub tasks: Vec<TaskSelection2>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskSelection2 {
    pub number: String,
    pub name: String,
    pub directed: bool,
    pub strata: Vec<StratumResult2>,
    pub selected: Vec<SelectedToken>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectedToken {
    pub token: String,
    pub ticket: String,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub stratum: u64,
}

impl CanonicalRecord for TokenTicket {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("ticket", &self.ticket);
        o.str("token", &self.token);
        o.end();
    }
}

impl CanonicalRecord for StratumResult2 {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.bool("census", self.census);
        o.u64("count", self.count);
        o.str("cutoff", &self.cutoff);
        o.str("cutoff_token", &self.cutoff_token);
        o.records("reserves", &self.reserves);
        o.u64("size", self.size);
        o.strs("values", &self.values);
        o.end();
    }
}

impl CanonicalRecord for Selected2 {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.u64("group", self.group);
        o.str("id", &self.id);
        o.strs("items", &self.items);
        o.str("name", &self.name);
        o.u64("over_cap", self.over_cap);
        o.u64("stratum", self.stratum);
        o.records("team", &self.team);
        o.str("ticket", &self.ticket);
        o.str("token", &self.token);
        o.u64("unfilled", self.unfilled);
        o.end();
    }
}

impl CanonicalRecord for TaskResult2 {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.bool("directed", self.directed);
        o.records("groups", &self.groups);
        o.str("name", &self.name);
        o.str("number", &self.number);
        o.records("selected", &self.selected);
        o.records("strata", &self.strata);
        o.end();
    }
}

impl CanonicalRecord for Result2 {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("seed", &self.seed);
        o.records("tasks", &self.tasks);
        o.end();
    }
}

/// `result_sha256` of a format 2 result.
pub fn result_digest(result: &Result2) -> Hash {
    canonical::digest_record(result)
}

impl Result2 {
    /// The token-level part of the result (SPEC §10.6).
    pub fn selection(&self) -> Selection2 {
        Selection2 {
            seed: self.seed.clone(),
            tasks: self
                .tasks
                .iter()
                .map(|t| TaskSelection2 {
                    number: t.number.clone(),
                    name: t.name.clone(),
                    directed: t.directed,
                    strata: t.strata.clone(),
                    selected: t
                        .selected
                        .iter()
                        .map(|s| SelectedToken { token: s.token.clone(), ticket: s.ticket.clone(), stratum: s.stratum })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A task's selection: the strata's results and the selected entries, in ticket
/// order (ties by token), as (stratum, entry index).
pub struct TaskPicks {
    pub strata: Vec<StratumResult2>,
    pub picked: Vec<Pick>,
}

#[derive(Debug, Clone, Copy)]
pub struct Pick {
    pub stratum: u32,
    pub entry: u32,
    pub ticket: Hash,
}

/// SPEC §10.4's selection, from the public inputs and the seed alone. The strata's
/// entries must be well formed (hex of whole entries), as check 1 makes sure.
pub fn select(public: &PublicInputs, seed: &Hash) -> Vec<TaskPicks> {
    public
        .plan
        .tasks
        .iter()
        .zip(&public.tasks)
        .zip(super::verify::public_counts(public))
        .map(|((t, pt), counts)| {
            let hasher = TicketHasher::new(seed, &t.number);
            let mut strata = Vec::with_capacity(pt.strata.len());
            let mut picked = Vec::new();
            for (k, (st, count)) in pt.strata.iter().zip(counts).enumerate() {
                // Entries that are not all hex count as none (check 1 refuses them).
                let size = if is_hex(&st.entries) { st.len() } else { 0 };
                // Each entry's ticket straight from its hex: a million entries are not
                // decoded into a copy first.
                let tickets = |from: usize, to: usize| -> Vec<(Hash, u32)> {
                    (from..to).map(|e| (hasher.ticket(&unhex_array::<TOKEN_BYTES>(st.entry(e).0).unwrap_or_default()), e as u32)).collect()
                };
                let half = size / 2;
                // Entries are in token order, so (ticket, index) orders as (ticket, token).
                let (mut order, rest) = crate::par::join(|| tickets(0, half), || tickets(half, size));
                order.extend(rest);
                let count = (count as usize).min(size);
                let reserves = if st.census { 0 } else { t.sampling.reserves as usize };
                let wanted = (count + reserves).min(size);
                if wanted > 0 && wanted < order.len() {
                    order.select_nth_unstable(wanted - 1);
                }
                order.truncate(wanted);
                order.sort_unstable();
                let token_hex = |i: u32| st.entry(i as usize).0.to_ascii_lowercase();
                let reserve_list = order[count..].iter().map(|(ticket, i)| TokenTicket { token: token_hex(*i), ticket: hex(ticket) }).collect();
                order.truncate(count);
                let (cutoff, cutoff_token) = match order.last() {
                    Some((ticket, i)) => (hex(ticket), token_hex(*i)),
                    None => (String::new(), String::new()),
                };
                strata.push(StratumResult2 {
                    values: st.values.clone(),
                    census: st.census,
                    size: size as u64,
                    count: count as u64,
                    cutoff,
                    cutoff_token,
                    reserves: reserve_list,
                });
                picked.extend(order.into_iter().map(|(ticket, entry)| Pick { stratum: k as u32, entry, ticket }));
            }
            picked.sort_by(|a, b| {
                let token = |p: &Pick| pt.strata[p.stratum as usize].entry(p.entry as usize).0;
                a.ticket.cmp(&b.ticket).then_with(|| token(a).cmp(token(b)))
            });
            TaskPicks { strata, picked }
        })
        .collect()
}

/// A selected firm as the draw needs it.
pub struct Firm<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub view: FirmView<'a>,
}

/// The whole result: the selection, and for each task its selected firms (in its
/// picks' order) with their teams and items.
pub fn complete(
    plan: &Plan,
    public: &PublicInputs,
    picks: &[TaskPicks],
    firms: &[Vec<Firm>],
    inspectors: &[Inspector],
    checklist: &[ChecklistItem],
    seed: &Hash,
) -> Result2 {
    let tasks = plan
        .tasks
        .iter()
        .zip(public.tasks.iter().zip(picks))
        .zip(firms)
        .map(|((t, (pt, picks)), firms)| {
            let views: Vec<FirmView> =
                firms.iter().map(|f| FirmView { region: f.view.region, industry: f.view.industry, conflicts: f.view.conflicts.clone() }).collect();
            let (assigned, items) = teams_and_items(t, &views, inspectors, checklist, seed, STREAM_TAG);
            let selected = picks
                .picked
                .iter()
                .zip(firms)
                .zip(assigned.teams.into_iter().zip(items))
                .map(|((p, f), (team, items))| Selected2 {
                    token: pt.strata[p.stratum as usize].entry(p.entry as usize).0.to_string(),
                    ticket: hex(&p.ticket),
                    stratum: p.stratum as u64,
                    id: f.id.to_string(),
                    name: f.name.to_string(),
                    group: team.group,
                    team: team.members,
                    items,
                    over_cap: team.over_cap,
                    unfilled: team.unfilled,
                })
                .collect();
            TaskResult2 {
                number: t.number.clone(),
                name: t.name.clone(),
                directed: t.directed,
                strata: picks.strata.clone(),
                selected,
                groups: assigned.groups,
            }
        })
        .collect();
    Result2 { seed: hex(seed), tasks }
}
