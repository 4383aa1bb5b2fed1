//! Inspection groups (检查组), SPEC §10.10: the task's groups are drawn first, each
//! member once, and the selected firms are then assigned to the groups at random and
//! balanced, every member of a firm's group honouring 回避 and 所所交叉.

use std::collections::HashMap;

use crate::draw::{team_slots, Assignment, FirmView, Group, LoadLevels, Role, Slot, Team, TeamMember};
use crate::model::{Inspector, Task};
use crate::plan::{expert_candidate, regular_candidate};
use crate::rng::Stream;

/// Forms the task's groups with the task's `team` stream, then assigns the firms
/// with the same stream.
pub(crate) fn form_and_assign(t: &Task, firms: &[FirmView], ins: &[Inspector], mut stream: Stream) -> Assignment {
    let formed = form(t, ins, &mut stream);
    let teams = assign(t, firms, ins, &formed, &mut stream);
    let groups = formed
        .members
        .iter()
        .zip(&formed.unfilled)
        .enumerate()
        .map(|(g, (members, &unfilled))| Group { number: g as u64 + 1, members: to_members(ins, members), unfilled })
        .collect();
    Assignment { teams, groups }
}

struct Formed {
    /// Per group, its members (inspector indices) and roles in slot order.
    members: Vec<Vec<(u32, Role)>>,
    /// Per group, its empty slots.
    unfilled: Vec<u64>,
    /// Per inspector, the group it belongs to.
    group_of: Vec<Option<u32>>,
}

/// Slot by slot (SPEC §6.3's order), each slot in every group in turn: a scarce joint
/// department's members are spread over the groups before any group takes a
/// second slot.
fn form(t: &Task, ins: &[Inspector], stream: &mut Stream) -> Formed {
    let team = &t.team;
    let count = team.group_count() as usize;
    let regular: Vec<u32> = (0..ins.len() as u32).filter(|&i| regular_candidate(&ins[i as usize], team, &t.window.end)).collect();
    let experts: Vec<u32> = if team.expert {
        (0..ins.len() as u32).filter(|&i| expert_candidate(&ins[i as usize], team)).collect()
    } else {
        Vec::new()
    };
    let mut taken = vec![false; ins.len()];
    let mut members: Vec<Vec<(u32, Role)>> = vec![Vec::new(); count];
    let (slots, never_filled) = team_slots(team, regular.len());
    let mut unfilled = vec![never_filled; count];
    for (s, &Slot { expert, department }) in slots.iter().enumerate() {
        let pool = if expert { &experts } else { &regular };
        let fits = |i: u32| department.is_none_or(|d| ins[i as usize].department == team.departments[d]);
        for g in 0..count {
            let candidates: Vec<u32> = pool.iter().copied().filter(|&i| !taken[i as usize] && fits(i)).collect();
            if candidates.is_empty() {
                // Nobody is freed later: the slot stays empty in every remaining group.
                for u in &mut unfilled[g..] {
                    *u += 1;
                }
                break;
            }
            let i = candidates[stream.below(candidates.len() as u64) as usize];
            taken[i as usize] = true;
            let role = match (expert, s == 0 && team.has_leader()) {
                (true, _) => Role::Expert,
                (false, true) => Role::Leader,
                (false, false) => Role::Inspector,
            };
            members[g].push((i, role));
        }
    }
    let mut group_of = vec![None; ins.len()];
    for (g, m) in members.iter().enumerate() {
        for &(i, _) in m {
            group_of[i as usize] = Some(g as u32);
        }
    }
    Formed { members, unfilled, group_of }
}

/// Firms in order of fewest eligible groups first (ties in ticket order); each goes
/// to one of the least-loaded eligible groups, chosen uniformly.
fn assign(t: &Task, firms: &[FirmView], ins: &[Inspector], formed: &Formed, stream: &mut Stream) -> Vec<Team> {
    let team = &t.team;
    let count = formed.members.len() as u32;
    let every_group: Vec<u32> = (0..count).collect();
    let mut levels = LoadLevels::new(&every_group, count as usize);
    // Per firm region, the groups with a member and no regular member of that
    // region (所所交叉 binds the regular members, not the expert).
    let mut by_region: HashMap<&str, Vec<u64>> = HashMap::new();
    let mut eligible = |k: usize| -> Vec<u64> {
        let region = firms[k].region;
        let mut mask = by_region
            .entry(region)
            .or_insert_with(|| {
                group_mask(count, (0..count).filter(|&g| {
                    let m = &formed.members[g as usize];
                    !m.is_empty() && !(team.cross_region && m.iter().any(|&(i, role)| role != Role::Expert && ins[i as usize].region == region))
                }))
            })
            .clone();
        for &i in &firms[k].conflicts {
            if let Some(g) = formed.group_of.get(i as usize).copied().flatten() {
                mask[g as usize / 64] &= !(1 << (g % 64));
            }
        }
        mask
    };
    let mut order: Vec<(u64, usize)> = (0..firms.len()).map(|k| (eligible(k).iter().map(|w| w.count_ones() as u64).sum(), k)).collect();
    order.sort_unstable();
    let slots = team.size as u64 + team.expert as u64;
    let mut teams: Vec<Option<Team>> = (0..firms.len()).map(|_| None).collect();
    for &(_, k) in &order {
        let mask = eligible(k);
        teams[k] = Some(match levels.pick_least_loaded(&mask, team.load_cap, stream) {
            Some((g, beyond_cap)) => {
                levels.raise(g);
                Team {
                    members: to_members(ins, &formed.members[g as usize]),
                    over_cap: beyond_cap as u64,
                    unfilled: formed.unfilled[g as usize],
                    group: g as u64 + 1,
                }
            }
            None => Team { members: Vec::new(), over_cap: 0, unfilled: slots, group: 0 },
        });
    }
    teams.into_iter().map(|t| t.expect("every firm is in the order")).collect()
}

/// The bitset over groups `0..count` holding `groups`.
fn group_mask(count: u32, groups: impl Iterator<Item = u32>) -> Vec<u64> {
    let mut mask = vec![0; (count as usize).div_ceil(64)];
    for g in groups {
        mask[g as usize / 64] |= 1 << (g % 64);
    }
    mask
}

fn to_members(ins: &[Inspector], members: &[(u32, Role)]) -> Vec<TeamMember> {
    members
        .iter()
        .map(|&(i, role)| {
            let x = &ins[i as usize];
            TeamMember { id: x.id.clone(), name: x.name.clone(), department: x.department.clone(), role }
        })
        .collect()
}
