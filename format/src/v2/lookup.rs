//! 查询我的企业 in format 2: a firm's outcome from the public document, its credit
//! code and its 核验码, offline and without anyone else's data.

use super::codes::{self, Key, TicketHasher, KEY_BYTES, TOKEN_BYTES};
use super::draw::Result2;
use super::public::PublicInputs;
use super::{Auditor, Public};
use crate::hashing::{hex, unhex32, unhex_array};
use crate::plan;
use crate::problem::Text;
use crate::verify::{FirmOutcome, Lookup, LookupStatus};

/// Finds a firm in a public document. A selected firm is named there and needs no
/// key; any other firm's outcome needs its 核验码 (`key`, as typed).
pub fn lookup(p: &Public, query: &str, key: Option<&str>) -> Lookup {
    // A name finds only the firms the document names (the selected ones).
    match by_name(p.revealed.iter().map(|r| (r.id.as_str(), r.name.as_str())), query) {
        Ok(id) => lookup_in(&p.public, &p.result, &p.revealed, &id, key),
        Err(answer) => answer,
    }
}

/// A query typed as a name: the one firm it means (its ID), or the answer listing
/// the firms it could mean, or saying it fits none. A code goes through unchanged.
fn by_name<'a>(firms: impl Iterator<Item = (&'a str, &'a str)> + Clone, query: &str) -> Result<String, Lookup> {
    let id = crate::text::fold_id(query);
    if crate::verify::meant_as_code(&id) || firms.clone().any(|(f, _)| f == id) {
        return Ok(id);
    }
    let mut candidates = crate::verify::name_matches(firms, query);
    if candidates.len() == 1 {
        return Ok(candidates.remove(0).id);
    }
    let mut answer = not_found(id, None);
    answer.candidates = candidates;
    Err(answer)
}

/// As [`lookup`] on an auditor document: the key comes from the secret, and a firm
/// outside a task's pool is told which rule kept it out.
pub fn lookup_auditor(a: &Auditor, query: &str) -> Lookup {
    let d = &a.inputs.directories;
    let id = match by_name(d.enterprises.iter().map(|e| (e.id.as_str(), e.name.as_str())), query) {
        Ok(id) => id,
        Err(answer) => return answer,
    };
    let query = id.as_str();
    let Ok(index) = d.enterprises.binary_search_by(|e| e.id.as_str().cmp(&id)) else {
        let problem = crate::verify::id_problem(&id);
        return not_found(id, problem);
    };
    let key = a.inputs.secret.as_deref().and_then(unhex32).map(|s| hex(&codes::key(&s, &id)));
    let Ok(p) = super::public_document(a) else { return not_found(id, None) };
    let mut answer = lookup_in(&p.public, &p.result, &p.revealed, query, key.as_deref());
    let report = plan::evaluate(&a.inputs.plan, d);
    for (outcome, pool) in answer.outcomes.iter_mut().zip(&report.tasks) {
        if outcome.status != LookupStatus::NotInPool {
            continue;
        }
        let (status, zh, en) = match pool.membership[index] {
            plan::Membership::Inactive => (LookupStatus::Inactive, "登记状态不在本计划的在业状态之列", "its status is not one of the plan's active statuses"),
            plan::Membership::YearlyCap(_) => (LookupStatus::Excluded, "本年度已被本部门检查达到上限次数", "already inspected this year as often as the yearly cap allows"),
            plan::Membership::HigherLevel => (LookupStatus::Excluded, "本年度已被上级部门检查", "already inspected this year by the level above"),
            plan::Membership::OutOfScope(_) => (LookupStatus::OutOfScope, "不符合本任务的定向条件", "outside the task's conditions"),
            plan::Membership::Stratum(_) => continue,
        };
        outcome.status = status;
        outcome.reason_zh = zh.to_string();
        outcome.reason_en = en.to_string();
    }
    answer.found = true;
    answer.key_problem = None;
    answer.name = d.enterprises[index].name.clone();
    answer
}

fn not_found(id: String, id_problem: Option<Text>) -> Lookup {
    Lookup { id, name: String::new(), found: false, outcomes: Vec::new(), id_problem, needs_key: false, key_problem: None, candidates: Vec::new() }
}

fn lookup_in(public: &PublicInputs, result: &Result2, revealed: &[super::Revealed], query: &str, key: Option<&str>) -> Lookup {
    let id = crate::text::fold_id(query);
    if let Some(problem) = crate::verify::id_problem(&id) {
        return not_found(id, Some(problem));
    }
    let named = revealed.iter().find(|r| r.id == id);
    let given = key.filter(|k| !k.trim().is_empty()).map(|k| codes::parse_code(k).ok_or(k));
    let key: Key = match (named, given) {
        (_, Some(Err(typed))) => {
            let mut answer = not_found(id, None);
            answer.needs_key = true;
            answer.key_problem = Some(Text::new(
                format!("“{}”不是核验码：核验码是 16 位字母和数字（如 7K2M-Q9TB-…）", crate::read::excerpt(typed, 40)),
                format!("“{}” is not a 核验码: a code has 16 letters and digits (like 7K2M-Q9TB-…)", crate::read::excerpt(typed, 40)),
            ));
            return answer;
        }
        (Some(r), Some(Ok(k))) if hex(&k) != r.key => {
            let mut answer = not_found(id, None);
            answer.key_problem = Some(wrong_key());
            return answer;
        }
        (_, Some(Ok(k))) => k,
        (Some(r), None) => match unhex_array::<KEY_BYTES>(&r.key) {
            Some(k) => k,
            None => return not_found(id, None),
        },
        (None, None) => {
            let mut answer = not_found(id, None);
            answer.needs_key = true;
            return answer;
        }
    };
    let seed = unhex32(&result.seed).unwrap_or([0; 32]);
    let mut outcomes = Vec::with_capacity(public.tasks.len());
    let mut in_some_pool = false;
    for ((t, pt), tr) in public.plan.tasks.iter().zip(&public.tasks).zip(&result.tasks) {
        let token = hex(&codes::token(&key, &t.number, &id));
        let place = pt.strata.iter().enumerate().find_map(|(k, s)| s.find(&token).map(|_| k));
        let mut outcome = FirmOutcome {
            task: t.number.clone(),
            task_name: t.name.clone(),
            status: LookupStatus::NotInPool,
            ticket: String::new(),
            stratum: String::new(),
            stratum_size: 0,
            stratum_count: 0,
            rank: 0,
            cutoff: String::new(),
            group: 0,
            team: Vec::new(),
            items: Vec::new(),
            reason_zh: "不在本任务的企业池中：因登记状态、年度检查次数上限、上级已检查或任务的定向条件而排除（公开文件只公布各项排除的家数，不公布是哪一项）".into(),
            reason_en: "not in this task's pool: kept out by its status, the yearly cap, an inspection by the level above or the task's conditions (the public document gives how many each rule excluded, not which rule applied)".into(),
        };
        if let Some(k) = place {
            in_some_pool = true;
            let st = &pt.strata[k];
            let sr = tr.strata.get(k);
            let hasher = TicketHasher::new(&seed, &t.number);
            let mine = hasher.ticket(&codes::token(&key, &t.number, &id));
            let ticket = hex(&mine);
            outcome.ticket = ticket.clone();
            if !st.census {
                let tickets = (0..st.len()).filter_map(|e| unhex_array::<TOKEN_BYTES>(st.entry(e).0)).map(|t| hasher.ticket(&t));
                outcome.rank = crate::verify::rank_among(&mine, tickets);
            }
            outcome.stratum = plan::stratum_label(&st.values, st.census);
            outcome.stratum_size = st.len() as u64;
            outcome.stratum_count = sr.map_or(0, |s| s.count);
            outcome.cutoff = sr.map(|s| s.cutoff.clone()).unwrap_or_default();
            if let Some(s) = tr.selected.iter().find(|s| s.token == token) {
                outcome.status = LookupStatus::Selected;
                outcome.group = s.group;
                outcome.team = s.team.clone();
                outcome.items = s.items.clone();
                let reason = if st.census {
                    Text::new("属于 100% 抽查的分层（如黑名单），必然被抽中", "in a 100 % stratum (e.g. blacklist): always selected")
                } else {
                    crate::verify::ranked_reason(outcome.stratum_size, outcome.stratum_count, outcome.rank, true)
                };
                (outcome.reason_zh, outcome.reason_en) = (reason.zh, reason.en);
            } else if sr.is_some_and(|s| s.reserves.iter().any(|r| r.token == token)) {
                outcome.status = LookupStatus::Reserve;
                outcome.reason_zh = format!(
                    "本层共 {} 家，按签号从小到大抽前 {} 家；本企业排第 {} 位，紧随其后，是本层的候补",
                    outcome.stratum_size, outcome.stratum_count, outcome.rank
                );
                outcome.reason_en = format!(
                    "its stratum has {} firms and the {} with the smallest tickets are drawn; this firm is number {}, right after them: one of the stratum's reserves",
                    outcome.stratum_size, outcome.stratum_count, outcome.rank
                );
            } else {
                outcome.status = LookupStatus::NotSelected;
                let reason = crate::verify::ranked_reason(outcome.stratum_size, outcome.stratum_count, outcome.rank, false);
                (outcome.reason_zh, outcome.reason_en) = (reason.zh, reason.en);
            }
        }
        outcomes.push(outcome);
    }
    if !in_some_pool && named.is_none() {
        let mut answer = not_found(id, None);
        answer.key_problem = Some(Text::new(
            "用这个核验码在任何任务的企业池中都找不到本企业：企业不在任何任务的范围内，或核验码不是本企业的",
            "with this 核验码 the firm is in no task's pool: either it is in no task's scope, or the code is not its own",
        ));
        answer.outcomes = outcomes;
        return answer;
    }
    Lookup {
        id,
        name: named.map(|r| r.name.clone()).unwrap_or_default(),
        found: true,
        outcomes,
        id_problem: None,
        needs_key: false,
        key_problem: None,
        candidates: Vec::new(),
    }
}

fn wrong_key() -> Text {
    Text::new("核验码与公开的不符：这不是本企业的核验码", "the 核验码 differs from the published one: it is not this firm's code")
}
