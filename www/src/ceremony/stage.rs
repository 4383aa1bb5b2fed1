//! What the livestream stage may show: only what the public may see. A format 2 draw
//! shows its firms as the public document publishes them (the document a department
//! publishes, so nothing confidential can reach the screen); a format 1 bundle is
//! published whole. The strata and their counts come from the commitment, which is
//! public before the draw.

use std::collections::HashMap;

use fairdraw::draw::TeamMember;
use fairdraw::protocol::{Bundle, Commitment};

use super::Format2Documents;

/// A member as a team line shows them: "name（department）", or the name alone when
/// the department is empty.
pub fn member_label(member: &TeamMember) -> String {
    let department = member.department.trim();
    if department.is_empty() {
        member.name.clone()
    } else {
        format!("{}（{department}）", member.name)
    }
}

/// One selected firm on the stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageFirm {
    /// The task's number.
    pub task: String,
    pub id: String,
    pub name: String,
    pub region: String,
    /// The stratum's values ("A", "东区 / B"); empty for the census stratum, an
    /// unstratified task, and strata by a field the plan keeps confidential.
    pub stratum: String,
    /// Drawn from a 100 % stratum: every firm of it is inspected.
    pub census: bool,
    pub team: Vec<String>,
}

/// A selected firm as any result shape holds it.
struct Pick<'a> {
    id: &'a str,
    name: &'a str,
    stratum: u64,
    team: &'a [TeamMember],
}

/// A task's strata as (values, census), in the result's order.
type Strata<'a> = Vec<(&'a [String], bool)>;

/// Whether a firm's stratum may be named beside it: every field the task's strata are
/// made of is published for a selected firm. A risk class the plan keeps confidential
/// is not put on a screen beside a firm's name, although the public document's counts
/// would let a reader work it out.
fn strata_fields_public(strata_by: &[String], public_fields: &[String]) -> bool {
    strata_by.iter().all(|f| f == "region" || f == "industry" || public_fields.contains(f))
}

fn stage_firm(task: &str, strata: &Strata, pick: Pick, regions: &HashMap<&str, &str>) -> StageFirm {
    let (values, census) = usize::try_from(pick.stratum).ok().and_then(|k| strata.get(k)).copied().unwrap_or((&[], false));
    StageFirm {
        task: task.to_string(),
        id: pick.id.to_string(),
        name: fairdraw::wellformed::visible(pick.name).into_owned(),
        region: regions.get(pick.id).map(|r| r.to_string()).unwrap_or_default(),
        stratum: if census { String::new() } else { values.join(" / ") },
        census,
        team: pick.team.iter().map(member_label).collect(),
    }
}

/// Every selected firm, in the reveal's order (task by task, in ticket order). In
/// format 2 from the public document alone; in format 1 from the bundle, which is
/// published whole.
pub fn stage_firms(bundle: &Bundle, format2: Option<&Format2Documents>) -> Vec<StageFirm> {
    match format2 {
        Some(documents) => {
            let public = &documents.public;
            let regions: HashMap<&str, &str> = public.revealed.iter().map(|r| (r.id.as_str(), r.region.as_str())).collect();
            let plan = &public.public.plan;
            let public_fields = fairdraw::v2::public::public_fields(plan);
            let mut firms = Vec::new();
            for task in &public.result.tasks {
                let label = task.number.clone();
                let strata_by = plan.tasks.iter().find(|t| t.number == task.number).map(|t| t.sampling.strata_by.as_slice()).unwrap_or_default();
                let named = strata_fields_public(strata_by, &public_fields);
                let strata: Strata = task.strata.iter().map(|s| (if named { s.values.as_slice() } else { &[] }, s.census)).collect();
                for s in &task.selected {
                    let pick = Pick { id: &s.id, name: &s.name, stratum: s.stratum, team: &s.team };
                    firms.push(stage_firm(&label, &strata, pick, &regions));
                }
            }
            firms
        }
        None => {
            let regions: HashMap<&str, &str> =
                bundle.inputs.directories.enterprises.iter().map(|e| (e.id.as_str(), e.region.as_str())).collect();
            let mut firms = Vec::new();
            for task in &bundle.result.tasks {
                let label = task.number.clone();
                let strata: Strata = task.strata.iter().map(|s| (s.values.as_slice(), s.census)).collect();
                for s in &task.selected {
                    let pick = Pick { id: &s.id, name: &s.name, stratum: s.stratum, team: &s.team };
                    firms.push(stage_firm(&label, &strata, pick, &regions));
                }
            }
            firms
        }
    }
}

/// A stratum as the stage counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageStratum {
    /// Its values ("A"); empty for the census stratum and an unstratified task.
    pub label: String,
    pub census: bool,
    pub size: u64,
    pub count: u64,
}

/// A task as the stage counts it, from the public commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageTask {
    pub number: String,
    pub name: String,
    pub pool: u64,
    pub count: u64,
    pub strata: Vec<StageStratum>,
}

pub fn stage_tasks(commitment: &Commitment) -> Vec<StageTask> {
    commitment
        .tasks
        .iter()
        .map(|t| StageTask {
            number: t.number.clone(),
            name: fairdraw::wellformed::visible(&t.name).into_owned(),
            pool: t.pool,
            count: t.count,
            strata: t
                .strata
                .iter()
                .map(|s| StageStratum {
                    label: if s.census { String::new() } else { s.values.join(" / ") },
                    census: s.census,
                    size: s.size,
                    count: s.count,
                })
                .collect(),
        })
        .collect()
}

/// When a sealed list opens: the day after which it is published and, in format 2
/// once drawn, the quicknet round that unlocks its timelock with the round's time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedUntil {
    pub reveal_after: String,
    pub timelock: Option<(u64, i64)>,
}

pub fn sealed_until(state: &super::CeremonyState) -> SealedUntil {
    let reveal_after = state.inputs.as_ref().map(|i| fairdraw::publication::reveal_after(&i.plan)).unwrap_or_default();
    let timelock = state.format2.as_ref().and_then(|d| {
        let lock = &d.sealed.timelock;
        let chain = fairdraw::beacon::chain_by_hash(&lock.chain)?;
        Some((lock.round, chain.round_time(lock.round)))
    });
    SealedUntil { reveal_after, timelock }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ceremony::{read_file, run_draw, CeremonyInput, Loaded};
    use fairdraw::draw::Role;
    use fairdraw::protocol::{self, CommitOptions, Inputs};

    const INPUTS: &str = include_str!("../../../tests/fixtures/ceremony/inputs.json");
    const ROUND_1000: &str = include_str!("../../../tests/fixtures/ceremony/round-1000.json");
    /// A value no public field holds: an extra column of the bureau's spreadsheet.
    const CONFIDENTIAL: &str = "内部备注";

    /// The fixture's directories as a format 2 rehearsal whose plan publishes only
    /// `public_fields`: with `["kind"]` the risk classes (the strata), addresses and the
    /// extra column stay confidential. Three firms of
    /// task 001's classes are on the 黑名单, so that task has a census stratum.
    fn format2_input(public_fields: &[&str]) -> CeremonyInput {
        let Ok(Loaded::Inputs(inputs)) = read_file(INPUTS) else { panic!("inputs") };
        let Inputs { mut plan, mut directories, salt, .. } = *inputs;
        plan.public_fields = Some(public_fields.iter().map(|f| f.to_string()).collect());
        let mut listed = 0;
        for e in &mut directories.enterprises {
            e.attrs.insert(CONFIDENTIAL.into(), format!("{CONFIDENTIAL}-{}", e.id));
            let eligible = ["A", "B", "C"].contains(&e.risk.as_str()) && e.status == "active" && e.flags.is_empty();
            if eligible && listed < 3 {
                e.flags = vec!["blacklist".into()];
                listed += 1;
            }
        }
        let secret = "11".repeat(32);
        let inputs = fairdraw::organizer::committed_inputs2(plan, directories, &salt, &secret);
        let chain = fairdraw::beacon::chain_by_name("quicknet").expect("quicknet");
        let options = CommitOptions { sequence: 1, previous: String::new(), committed_at: 1_692_000_000, rehearsal: true, chain, round: 1000 };
        let (commitment, _) = protocol::commit(&inputs, &options).expect("commits");
        CeremonyInput { inputs, commitment, witnesses: Vec::new() }
    }

    fn drawn(input: CeremonyInput) -> crate::ceremony::Drawn {
        let value = fairdraw::beacon::parse_drand_json(ROUND_1000).expect("round 1000");
        run_draw(input, value, &[7; fairdraw::timelock::RANDOMNESS_LEN]).expect("draws")
    }

    #[test]
    fn format_2_firms_are_shown_as_the_public_document_publishes_them() {
        let input = format2_input(&["kind"]);
        let tasks = stage_tasks(&input.commitment);
        let census = tasks[0].strata.iter().find(|s| s.census).expect("a census stratum");
        assert_eq!((census.size, census.count), (3, 3));
        let d = drawn(input);
        let documents = d.format2.as_deref().expect("format 2");
        let firms = stage_firms(&d.bundle, Some(documents));
        let published: Vec<&str> = documents.public.result.tasks.iter().flat_map(|t| &t.selected).map(|s| s.id.as_str()).collect();
        assert_eq!(firms.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), published);
        assert_eq!(firms.iter().filter(|f| f.census).count(), 3);
        assert!(firms.iter().all(|f| f.stratum.is_empty()), "the risk class is confidential");
        let shown = format!("{firms:?}");
        let auditor = &documents.auditor.inputs.directories.enterprises;
        for firm in &firms {
            let record = auditor.iter().find(|e| e.id == firm.id).expect("a directory firm");
            assert!(!record.address.is_empty() && !shown.contains(&record.address), "{} is confidential", record.address);
            assert_eq!(firm.region, record.region);
        }
        assert!(!shown.contains(CONFIDENTIAL), "an extra column reached the stage");
    }

    #[test]
    fn a_stratum_is_named_beside_a_firm_when_its_field_is_published() {
        let d = drawn(format2_input(&["kind", "risk"]));
        let firms = stage_firms(&d.bundle, d.format2.as_deref());
        assert!(firms.iter().filter(|f| !f.census).all(|f| ["A", "B", "C", "D"].contains(&f.stratum.as_str())), "{firms:?}");
        assert!(firms.iter().filter(|f| f.census).all(|f| f.stratum.is_empty()));
    }

    #[test]
    fn format_1_firms_follow_the_reveal_with_their_census_mark() {
        let Ok(Loaded::Inputs(inputs)) = read_file(INPUTS) else { panic!("inputs") };
        let Ok(Loaded::Commitment(commitment)) = read_file(include_str!("../../../tests/fixtures/ceremony/commitment.json")) else { panic!("commitment") };
        let d = drawn(CeremonyInput { inputs: *inputs, commitment: *commitment, witnesses: Vec::new() });
        let firms = stage_firms(&d.bundle, None);
        let items = crate::ceremony::reveal_items(&d.bundle);
        assert_eq!(firms.len(), items.len());
        assert!(firms.iter().zip(&items).all(|(f, i)| f.id == i.id && f.census == i.census && f.team == i.team));
        assert!(firms.iter().all(|f| !f.census && !f.stratum.is_empty() && !f.region.is_empty()));
    }

    fn member(name: &str, department: &str) -> TeamMember {
        TeamMember { id: "1".into(), name: name.into(), department: department.into(), role: Role::Inspector }
    }

    #[test]
    fn a_member_without_a_department_has_no_empty_brackets() {
        assert_eq!(member_label(&member("林立新", "")), "林立新");
        assert_eq!(member_label(&member("林立新", "  ")), "林立新");
        assert_eq!(member_label(&member("林立新", "东区所")), "林立新（东区所）");
    }
}
