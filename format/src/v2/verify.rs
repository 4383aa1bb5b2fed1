//! SPEC §10.7: verification of the three format 2 documents. Each check says what
//! differs; a document is never taken at its word for anything it can be checked on.

use std::collections::{HashMap, HashSet};

use super::codes::{self, ENTRY_BYTES, KEY_BYTES};
use super::draw::{self, Firm, Result2, SelectedToken, StratumResult2, TaskPicks};
use super::public::{self, Derived, PublicInputs};
use super::{Auditor, Public, Revealed, Sealed2, AUDITOR, FORMAT, PUBLIC, SEALED};
use crate::draw::FirmView;
use crate::canonical::CanonicalError;
use crate::hashing::{hex, is_hex_of, unhex, unhex32, unhex_array, Hash};
use crate::par::Ahead;
use crate::model::Task;
use crate::plan::{self, ratio_count, Rounding, Stratum};
use crate::problem::{Problem, Text};
use crate::protocol::{section_hashes, Commitment};
use crate::verify::{
    check_beacon, check_commitment, check_inputs, commitment_hash_mismatch, commitment_named, finish_for, reveal_too_early_at, short,
    CheckId, Checks, NistVerifier, Report, Seams, Verdict,
};

/// Every stratum's count, task by task, by §4.4 and §10.11 from the sizes the public
/// entries give and the directory's active firms.
pub fn public_counts(p: &PublicInputs) -> Vec<Vec<u64>> {
    let strata: Vec<Vec<Stratum>> = p
        .tasks
        .iter()
        .map(|pt| {
            pt.strata
                .iter()
                .map(|s| Stratum { values: s.values.clone(), census: s.census, members: (0..s.len() as u32).collect(), count: 0 })
                .collect()
        })
        .collect();
    let strata: Vec<&[Stratum]> = strata.iter().map(Vec::as_slice).collect();
    // Warnings about the plan are the commitment check's business, not the counts'.
    plan::plan_counts(&p.plan, &strata, p.directory.active, None)
}

fn formats(documents: &[(&str, &str)]) -> Vec<Text> {
    documents
        .iter()
        .filter(|(_, f)| *f != FORMAT)
        .map(|(what, f)| Text::new(format!("{what} 的格式“{f}”不是 {FORMAT}"), format!("{what} has format “{f}”, not {FORMAT}")))
        .collect()
}

fn document_kind(stated: &str, expected: &str) -> Option<Text> {
    (stated != expected).then(|| {
        Text::new(format!("文件类型“{stated}”应为“{expected}”"), format!("document “{stated}” should be “{expected}”"))
    })
}

fn missing(member: &str) -> Text {
    Text::new(format!("缺少格式 2 的成员 {member}"), format!("the format 2 member {member} is missing"))
}

/// What the checks before the result leave for drawing or recomputing it.
pub(crate) struct Before {
    pub checks: Checks,
    pub derived: Option<Derived>,
    pub seed: Option<Hash>,
    /// The failed checks' reasons, when any failed.
    pub failures: Option<Vec<Problem>>,
}

/// Checks 1 to 5 of an auditor document (SPEC §10.7).
pub(crate) fn auditor_before_result(a: &Auditor, seams: Seams) -> Before {
    let nist = seams.nist;
    let mut checks = Checks::new(seams.progress);
    let c = &a.commitment;
    let mut fails = formats(&[("document", &a.format), ("commitment", &c.format), ("inputs", &a.inputs.format)]);
    fails.extend(document_kind(&a.document, AUDITOR));
    if a.inputs.secret.is_none() {
        fails.push(missing("inputs.secret"));
    }
    if a.inputs.plan.public_fields.is_none() {
        fails.push(missing("inputs.plan.public_fields"));
    }
    if c.public.is_none() {
        fails.push(missing("commitment.public"));
    }
    if c.inputs.secret.is_none() {
        fails.push(missing("commitment.inputs.secret"));
    }
    // Every value's form is checked while the inputs are hashed and the plan
    // evaluated: for a large directory each takes about as long.
    let (unfit, (sections, report)) = crate::par::join(
        || {
            let mut unfit: Vec<Text> = plan::validate_directories(&a.inputs.directories).0.iter().map(Problem::lines).collect();
            unfit.extend(crate::wellformed::auditor(a).iter().map(Problem::lines));
            unfit
        },
        || (section_hashes(&a.inputs), plan::evaluate(&a.inputs.plan, &a.inputs.directories)),
    );
    fails.extend(unfit);
    checks.push(CheckId::Format, vec![Text::new(format!("格式 {FORMAT}，审计文件（完整输入）"), format!("format {FORMAT}, auditor document (full inputs)"))], fails);
    check_inputs(c, sections, &mut checks);
    check_commitment(c, &a.inputs.plan, &report, &mut checks);
    let derived = a.inputs.secret.as_deref().and_then(unhex32).map(|secret| public::derive(&a.inputs.plan, &a.inputs.directories, &report, &secret));
    match (&derived, &c.public) {
        (Some(d), Some(stated)) => match d.public.digest() {
            Ok(ours) if hex(&ours) == *stated => {}
            Ok(ours) => checks.fail(
                CheckId::Commitment,
                Text::new(
                    format!("承诺的公开输入哈希 {}… 与按完整输入重新计算的 {}… 不同：公开文件的条目、分层或汇总数与输入不符", short(stated), short(&hex(&ours))),
                    format!("the committed public inputs hash {}… differs from {}… recomputed from the full inputs: the public document's entries, strata or counts do not follow from the inputs", short(stated), short(&hex(&ours))),
                ),
            ),
            Err(e) => checks.fail(CheckId::Commitment, Text::new(format!("公开输入无法计算：{e}"), format!("the public inputs cannot be computed: {e}"))),
        },
        _ => checks.fail(CheckId::Commitment, Text::new("无法计算公开输入", "the public inputs cannot be computed")),
    }
    let seed = check_beacon(c, &a.beacon, nist, &mut checks);
    let failures = failures_of(&checks);
    Before { checks, derived, seed, failures }
}

fn failures_of(checks: &Checks) -> Option<Vec<Problem>> {
    let failed: Vec<Problem> =
        checks.0.iter().filter(|c| !c.ok).flat_map(|c| c.details.iter().map(|t| Problem::new(t.zh.clone(), t.en.clone()))).collect();
    (!failed.is_empty()).then_some(failed)
}

/// The result the full inputs give (SPEC §10.4).
pub(crate) fn auditor_result(a: &Auditor, derived: &Derived, seed: &Hash) -> Result2 {
    let d = &a.inputs.directories;
    let picks = draw::select(&derived.public, seed);
    let conflicted = crate::draw::conflicted_by(&d.inspectors);
    let firms: Vec<Vec<Firm>> = picks
        .iter()
        .enumerate()
        .map(|(t, tp)| {
            tp.picked
                .iter()
                .map(|p| {
                    let e = &d.enterprises[derived.firms[t][p.stratum as usize][p.entry as usize] as usize];
                    Firm {
                        id: &e.id,
                        name: &e.name,
                        view: FirmView {
                            region: &e.region,
                            industry: &e.industry,
                            conflicts: conflicted.get(e.id.as_str()).cloned().unwrap_or_default(),
                        },
                    }
                })
                .collect()
        })
        .collect();
    draw::complete(&a.inputs.plan, &derived.public, &picks, &firms, &d.inspectors, &d.checklist, seed)
}

/// Every check of an auditor document.
pub fn verify_auditor(a: &Auditor) -> Report {
    verify_auditor_with(a, Seams::FULL)
}

pub(crate) fn verify_auditor_with(a: &Auditor, seams: Seams) -> Report {
    verify_auditor_keeping(a, seams).0
}

/// [`verify_auditor_with`], keeping the public inputs it derived (SPEC §10.3) for
/// whoever needs them next.
pub(crate) fn verify_auditor_keeping(a: &Auditor, seams: Seams) -> (Report, Option<Derived>) {
    crate::par::ahead(|| draw::result_digest(&a.result), |result_digest| verify_auditor_given(a, seams, result_digest))
}

fn verify_auditor_given(a: &Auditor, seams: Seams, result_digest: &mut Ahead<Hash>) -> (Report, Option<Derived>) {
    let mut before = auditor_before_result(a, seams);
    let mut fails = Vec::new();
    match (&before.seed, &before.derived) {
        (Some(seed), Some(derived)) if before.checks.0.iter().find(|c| c.id == CheckId::Format).is_some_and(|c| c.ok) => {
            let ours = auditor_result(a, derived, seed);
            compare(&ours, &a.result, &mut fails);
            digest_matches(result_digest.get(), &a.result_sha256, &mut fails);
        }
        _ => fails.push(cannot_recompute()),
    }
    let selected: usize = a.result.tasks.iter().map(|t| t.selected.len()).sum();
    before.checks.push(CheckId::Result, vec![recomputed(selected)], fails);
    (finish(before.checks, &a.commitment, before.seed, AUDITOR), before.derived)
}

/// SPEC §10.8: the tokens that witness the commitment before its round make the
/// report witnessed (and drop its condition); every other token is listed with the
/// reason it witnesses nothing. `extra_roots` are trusted for this verification only.
pub fn attach_witnesses(report: &mut Report, c: &Commitment, tokens: &[String], extra_roots: &[Vec<u8>]) {
    if tokens.is_empty() {
        return;
    }
    let pinned = crate::witness::pinned_roots();
    let mut roots = pinned.clone();
    roots.extend(extra_roots.iter().cloned());
    let emitted = crate::beacon::chain_by_hash(&c.beacon.chain_hash)
        .filter(|chain| chain.round_in_bounds(c.beacon.round))
        .map(|chain| chain.round_time(c.beacon.round));
    let commitment = unhex32(&c.commitment);
    let mut notes = Vec::new();
    for (k, token) in tokens.iter().enumerate() {
        let n = k + 1;
        let outcome = match (unhex(token), commitment) {
            (Some(der), Some(hash)) => crate::witness::verify(&der, &hash, &roots).map(|w| {
                let added_root = !extra_roots.is_empty() && crate::witness::verify(&der, &hash, &pinned).is_err();
                (w, added_root)
            }),
            _ => Err(Text::new("不是十六进制的时间戳令牌", "not a time-stamp token in hex")),
        };
        match outcome {
            Ok((w, added_root)) if emitted.is_some_and(|at| w.latest < at) => {
                let time = crate::time::format_utc(w.gen_time);
                let (root_zh, root_en) =
                    if added_root { ("（其根证书为本次核验另行信任，不在内置名单中）", " (under a root trusted for this verification only, not a pinned one)") } else { ("", "") };
                notes.push(Text::new(
                    format!("见证 {n}：{} 证明此承诺在 {} 已经存在，早于信标轮次{root_zh}", w.authority, crate::time::format_china(w.gen_time)),
                    format!("witness {n}: {} proves the commitment existed at {time}, before the beacon round{root_en}", w.authority),
                ));
                report.witnesses.push(crate::verify::Witness { authority: w.authority, time, added_root });
            }
            Ok((w, _)) => notes.push(Text::new(
                format!("见证 {n}（{}）的时间 {} 不早于信标轮次：不能证明承诺在随机数产生之前", w.authority, crate::time::format_china(w.gen_time)),
                format!("witness {n} ({}) is timed {}, not before the beacon round: it does not show the commitment came first", w.authority, crate::time::format_utc(w.gen_time)),
            )),
            Err(why) => notes.push(Text::new(format!("见证 {n} 不被接受：{}", why.zh), format!("witness {n} is refused: {}", why.en))),
        }
    }
    report.witnessed = !report.witnesses.is_empty() && report.verdict != Verdict::Invalid;
    if report.witnessed {
        report.condition = None;
    }
    if let Some(timing) = report.checks.iter_mut().find(|c| c.id == CheckId::Timing) {
        timing.details.extend(notes);
    }
}

fn cannot_recompute() -> Text {
    Text::new("信标或文件格式未通过验证，无法重新计算抽取结果", "the beacon or the format did not verify, so the draw cannot be recomputed")
}

fn recomputed(selected: usize) -> Text {
    Text::new(
        format!("重新计算的 {selected} 家企业及其检查组、检查事项与公布结果完全一致"),
        format!("the {selected} selected firms, their teams and items recompute identically"),
    )
}

/// `digest` is the published result's [`draw::result_digest`].
fn digest_matches(digest: &Hash, stated: &str, fails: &mut Vec<Text>) {
    if hex(digest) != stated {
        fails.push(Text::new("结果哈希值与公布结果不符", "the result hash does not match the published result"));
    }
}

fn finish(checks: Checks, c: &Commitment, seed: Option<Hash>, document: &str) -> Report {
    let mut report = finish_for(checks, c, seed.map(|s| hex(&s)).unwrap_or_default());
    report.document = document.to_string();
    report
}

/// Check 1 for the public inputs: entries in token order, no token twice in a task,
/// strata in §4.3's order, one public task per planned task.
fn public_shape(p: &PublicInputs, fails: &mut Vec<Text>) {
    if p.plan.public_fields.is_none() {
        fails.push(missing("public.plan.public_fields"));
    }
    if p.tasks.len() != p.plan.tasks.len() || p.tasks.iter().zip(&p.plan.tasks).any(|(a, b)| a.number != b.number) {
        fails.push(Text::new("公开输入的任务与计划的任务不一一对应", "the public inputs' tasks are not the plan's tasks, one for one"));
    }
    if p.inspectors.windows(2).any(|w| w[0].id >= w[1].id) || p.checklist.windows(2).any(|w| w[0].code >= w[1].code) {
        fails.push(Text::new("检查人员或检查事项未按编号排序或有重复", "the inspectors or the checklist are not sorted by ID or repeat one"));
    }
    for (pt, t) in p.tasks.iter().zip(&p.plan.tasks) {
        let census = pt.strata.iter().filter(|s| s.census).count();
        // A firm of the census stratum has a census flag that no `flag not_in`
        // condition excludes.
        let census_possible = t.sampling.census_flags.iter().any(|f| {
            !t.filter.iter().any(|c| c.field == "flag" && c.op == "not_in" && c.values.contains(f))
        });
        if census > 0 && !census_possible {
            fails.push(Text::new(
                format!("任务 {}：本任务的企业不可能带有 100% 抽取的标记，却有 100% 分层", pt.number),
                format!("task {}: a census stratum, but no firm of the task can carry a census flag", pt.number),
            ));
        }
        let census_first = pt.strata.iter().take_while(|s| s.census).count() == census && census <= 1;
        let regular: Vec<&Vec<String>> = pt.strata.iter().filter(|s| !s.census).map(|s| &s.values).collect();
        let ordered = regular.windows(2).all(|w| w[0] < w[1])
            && regular.iter().all(|v| v.len() == t.sampling.strata_by.len())
            && pt.strata.iter().filter(|s| s.census).all(|s| s.values.is_empty());
        if !census_first || !ordered || pt.strata.iter().any(|s| s.is_empty()) {
            fails.push(Text::new(
                format!("任务 {}：分层的顺序、取值或数目不符合规范（§4.3）", pt.number),
                format!("task {}: the strata are not in the order, shape or number §4.3 gives", pt.number),
            ));
        }
        for st in pt.strata.iter().filter(|s| !s.census) {
            if let Some(why) = impossible_stratum(&p.plan, t, &st.values) {
                fails.push(Text::new(
                    format!("任务 {} 分层“{}”：{}", pt.number, plan::stratum_label(&st.values, false), why.zh),
                    format!("task {} stratum “{}”: {}", pt.number, plan::stratum_label(&st.values, false), why.en),
                ));
            }
        }
        let mut tokens: Vec<&str> = Vec::new();
        for st in &pt.strata {
            if st.entries.len() % (2 * ENTRY_BYTES) != 0 || !st.entries.is_ascii() {
                continue; // well-formedness reports it
            }
            let before = tokens.len();
            tokens.extend((0..st.len()).map(|k| st.entry(k).0));
            if tokens[before..].windows(2).any(|w| w[0] >= w[1]) {
                fails.push(Text::new(
                    format!("任务 {} 分层“{}”：条目未按令牌排序或有重复令牌", pt.number, plan::stratum_label(&st.values, st.census)),
                    format!("task {} stratum “{}”: the entries are not in token order or repeat a token", pt.number, plan::stratum_label(&st.values, st.census)),
                ));
            }
        }
        // Runs already in order (each stratum's, checked above) merge in linear time.
        tokens.sort();
        if let Some(w) = tokens.windows(2).find(|w| w[0] == w[1]) {
            fails.push(Text::new(
                format!("任务 {}：令牌 {} 出现不止一次（同一企业不能有两个令牌）", pt.number, w[0]),
                format!("task {}: token {} appears more than once (one firm cannot hold two tokens)", pt.number, w[0]),
            ));
        }
    }
}

/// Why no firm of the pool can have these stratum values, if none can: a risk class
/// outside the list, a status the plan excludes first, a value the task's own
/// conditions rule out.
fn impossible_stratum(plan: &crate::model::Plan, t: &Task, values: &[String]) -> Option<Text> {
    for (field, value) in t.sampling.strata_by.iter().zip(values) {
        if field == "risk" && !crate::wellformed::RISK_CLASSES.contains(&value.as_str()) {
            return Some(Text::new(format!("“{value}”不是信用风险分类"), format!("“{value}” is not a risk class")));
        }
        if field == "status" && !plan.rules.active_statuses.contains(value) {
            return Some(Text::new(format!("登记状态“{value}”的企业已先被排除"), format!("firms of status “{value}” are excluded first")));
        }
        for c in t.filter.iter().filter(|c| c.field == *field) {
            if c.values.contains(value) != (c.op == "in") {
                return Some(Text::new(
                    format!("取值“{value}”不符合本任务的定向条件"),
                    format!("the value “{value}” is ruled out by the task's conditions"),
                ));
            }
        }
    }
    None
}

/// Check 3 on the public side: the commitment is intact and states what the public
/// inputs give (SPEC §10.7).
fn check_public_commitment(c: &Commitment, p: &PublicInputs, checks: &mut Checks) {
    let mut fails: Vec<Text> = commitment_hash_mismatch(c).into_iter().collect();
    fails.extend(crate::verify::chain_rule(c));
    let plan = &p.plan;
    if c.department != plan.department || c.plan.number != plan.number || c.plan.name != plan.name || c.plan.year != plan.year {
        fails.push(Text::new("承诺中的部门、计划编号、名称或年度与计划不符", "the commitment's department, plan number, name or year differ from the plan"));
    }
    if c.tasks.len() != plan.tasks.len() {
        fails.push(Text::new(
            format!("承诺有 {} 个任务，计划有 {} 个", c.tasks.len(), plan.tasks.len()),
            format!("the commitment lists {} tasks, the plan has {}", c.tasks.len(), plan.tasks.len()),
        ));
    }
    let directory = &p.directory;
    if directory.active > directory.enterprises {
        fails.push(Text::new("在业企业数大于名录企业数", "more active firms than firms in the directory"));
    }
    let mut total = 0u64;
    let all_counts = public_counts(p);
    for (((t, pt), ct), counts) in plan.tasks.iter().zip(&p.tasks).zip(&c.tasks).zip(all_counts) {
        total += counts.iter().sum::<u64>();
        let tz = format!("任务 {}：", t.number);
        let te = format!("task {}: ", t.number);
        if ct.number != t.number || ct.name != t.name || ct.directed != t.directed {
            fails.push(Text::new(format!("{tz}承诺中的编号、名称或定向与计划不符"), format!("{te}the commitment's number, name or directed differ from the plan")));
        }
        if ct.strata.len() != pt.strata.len() {
            fails.push(Text::new(
                format!("{tz}承诺有 {} 个分层，公开条目有 {} 个", ct.strata.len(), pt.strata.len()),
                format!("{te}the commitment has {} strata, the public entries {}", ct.strata.len(), pt.strata.len()),
            ));
        }
        for ((cs, ps), count) in ct.strata.iter().zip(&pt.strata).zip(&counts) {
            let label = plan::stratum_label(&ps.values, ps.census);
            if cs.values != ps.values || cs.census != ps.census || cs.size != ps.len() as u64 || cs.count != *count {
                fails.push(Text::new(
                    format!("{tz}分层“{label}”：承诺为 {} 家抽 {} 家，公开条目为 {} 家，按规则应抽 {} 家", cs.size, cs.count, ps.len(), count),
                    format!("{te}stratum “{label}”: the commitment states {} drawing {}, the public entries hold {} and the rules draw {}", cs.size, cs.count, ps.len(), count),
                ));
            }
        }
        let pool: u64 = pt.strata.iter().map(|s| s.len() as u64).sum();
        if ct.pool != pool || ct.count != counts.iter().sum::<u64>() {
            fails.push(Text::new(
                format!("{tz}承诺的企业池 {} 家、抽取 {} 家与公开条目不符", ct.pool, ct.count),
                format!("{te}the committed pool of {} drawing {} differs from the public entries", ct.pool, ct.count),
            ));
        }
        let x = &ct.excluded;
        // §4.2 decides `inactive` first, the same way in every task.
        if directory.enterprises.checked_sub(directory.active) != Some(x.inactive) {
            fails.push(Text::new(
                format!("{tz}不在业而排除 {} 家，但名录 {} 家中在业 {} 家", x.inactive, directory.enterprises, directory.active),
                format!("{te}{} excluded as inactive, but {} of the directory's {} are active", x.inactive, directory.active, directory.enterprises),
            ));
        }
        for shortage in plan::group_shortages(t, &p.inspectors, counts.iter().sum()) {
            fails.push(shortage.after("计划不可执行", "the plan is infeasible"));
        }
        if t.team.load_cap > 0 && t.team.group_count() == 0 {
            let regular = p.inspectors.iter().filter(|i| plan::regular_candidate(i, &t.team, &t.window.end)).count() as u64;
            let slots = counts.iter().sum::<u64>().saturating_mul(t.team.size as u64);
            if slots > regular.saturating_mul(t.team.load_cap as u64) {
                fails.push(Text::new(
                    format!("计划不可执行：{tz}需要 {slots} 人次，{regular} 名检查人员每人最多 {} 次", t.team.load_cap),
                    format!("the plan is infeasible: {te}{slots} assignments are needed, {regular} inspectors give at most {} each", t.team.load_cap),
                ));
            }
        }
        let accounted = [x.inactive, x.yearly_cap, x.higher_level, x.out_of_scope].iter().try_fold(pool, |a, b| a.checked_add(*b));
        if accounted != Some(directory.enterprises) {
            fails.push(Text::new(
                format!(
                    "{tz}企业池 {pool} 家加上排除的 {}（不在业）+{}（年度上限）+{}（上级已查）+{}（范围外）家，不等于名录的 {} 家",
                    x.inactive, x.yearly_cap, x.higher_level, x.out_of_scope, directory.enterprises
                ),
                format!(
                    "{te}the pool of {pool} plus the excluded {} (inactive) + {} (yearly cap) + {} (higher level) + {} (out of scope) is not the directory's {}",
                    x.inactive, x.yearly_cap, x.higher_level, x.out_of_scope, directory.enterprises
                ),
            ));
        }
    }
    let codes: Vec<&str> = p.checklist.iter().map(|c| c.code.as_str()).collect();
    for problem in plan::validate_plan(plan, &codes).errors().take(5) {
        fails.push(problem.lines().after("计划不可执行", "the plan is infeasible"));
    }
    if plan.rules.min_total_bp > 0 {
        let need = ratio_count(directory.active, plan.rules.min_total_bp, Rounding::Ceil);
        if total < need {
            fails.push(Text::new(
                format!("计划不可执行：各任务合计抽取 {total} 家，低于全年最低比例要求的 {need} 家"),
                format!("the plan is infeasible: the tasks draw {total} firms, below the year-level minimum of {need}"),
            ));
        }
    }
    checks.push(CheckId::Commitment, vec![commitment_named(c)], fails);
}

fn check_public_inputs(side: &PublicSide, checks: &mut Checks) {
    let (c, p) = (side.commitment, side.inputs);
    let mut fails = Vec::new();
    match (side.inputs_digest, &c.public) {
        (Ok(ours), Some(stated)) if hex(ours) == *stated => {}
        (Ok(ours), Some(stated)) => fails.push(Text::new(
            format!("公开输入与承诺不符（承诺 {}…，实际 {}…）：承诺之后条目、计划、人员或事项被改动过", short(stated), short(&hex(ours))),
            format!("the public inputs differ from the commitment (committed {}…, found {}…): entries, plan, inspectors or checklist changed after it", short(stated), short(&hex(ours))),
        )),
        (Ok(_), None) => fails.push(missing("commitment.public")),
        (Err(e), _) => fails.push(Text::new(format!("公开输入无法计算：{e}"), format!("the public inputs cannot be computed: {e}"))),
    }
    let entries: usize = p.tasks.iter().flat_map(|t| &t.strata).map(|s| s.len()).sum();
    checks.push(
        CheckId::Inputs,
        vec![Text::new(
            format!("公开输入（计划、人员、事项、{entries} 个企业条目和名录汇总数）与承诺一致"),
            format!("the public inputs (plan, inspectors, checklist, {entries} firm entries and the directory's counts) match the commitment"),
        )],
        fails,
    );
}

type InputsDigest = Result<Hash, CanonicalError>;

/// What checks 1 to 5 read of a public or sealed document.
struct PublicSide<'a> {
    commitment: &'a Commitment,
    inputs: &'a PublicInputs,
    /// `inputs.digest()`, computed beside the checks that do not need it.
    inputs_digest: &'a InputsDigest,
    beacon: &'a crate::protocol::BeaconEvidence,
}

/// Checks 1 to 5 of a public or sealed document.
fn public_before(side: &PublicSide, nist: NistVerifier, format_fails: Vec<Text>, title: Text, checks: &mut Checks) -> Option<Hash> {
    let (c, p) = (side.commitment, side.inputs);
    let mut fails = format_fails;
    if c.public.is_none() {
        fails.push(missing("commitment.public"));
    }
    public_shape(p, &mut fails);
    checks.push(CheckId::Format, vec![title], fails);
    check_public_inputs(side, checks);
    check_public_commitment(c, p, checks);
    check_beacon(c, side.beacon, nist, checks)
}

fn format_ok(checks: &Checks) -> bool {
    checks.0.iter().find(|c| c.id == CheckId::Format).is_some_and(|c| c.ok)
}

/// Every check of a public document.
pub fn verify_public(p: &Public) -> Report {
    verify_public_with(p, Seams::FULL)
}

pub(crate) fn verify_public_with(p: &Public, seams: Seams) -> Report {
    // The two hashes over the whole document run beside the checks that precede
    // their use.
    crate::par::ahead(
        || p.public.digest(),
        |inputs_digest| crate::par::ahead(|| draw::result_digest(&p.result), |result_digest| verify_public_given(p, seams, inputs_digest, result_digest)),
    )
}

fn verify_public_given(p: &Public, seams: Seams, inputs_digest: &mut Ahead<InputsDigest>, result_digest: &mut Ahead<Hash>) -> Report {
    let nist = seams.nist;
    let mut checks = Checks::new(seams.progress);
    let c = &p.commitment;
    let mut fails = formats(&[("document", &p.format), ("commitment", &c.format)]);
    fails.extend(document_kind(&p.document, PUBLIC));
    fails.extend(crate::wellformed::public(p).iter().map(Problem::lines));
    let declared = public::public_fields(&p.public.plan);
    for r in &p.revealed {
        let of_form = |field: &str, value: &str| match field {
            "kind" => value.chars().count() <= crate::wellformed::NAME_MAX,
            "risk" => crate::wellformed::RISK_CLASSES.contains(&value),
            "status" => crate::wellformed::STATUSES.contains(&value),
            f if f.starts_with("flag:") => value == "true" || value == "false",
            _ => true,
        };
        if let Some((field, value)) = r.public.iter().find(|(f, v)| !of_form(f, v)) {
            fails.push(Text::new(
                format!("企业 {} 的公开字段 {field} 的值“{}”不是允许的形式", r.id, crate::read::excerpt(value, 40)),
                format!("firm {}'s public field {field} has the value “{}”, not of its form", r.id, crate::read::excerpt(value, 40)),
            ));
        }
        if r.public.keys().ne(declared.iter()) {
            fails.push(Text::new(
                format!("企业 {} 公开的字段与计划声明的公开字段（{}）不一致", r.id, declared.join("、")),
                format!("firm {} reveals other fields than the plan declares public ({})", r.id, declared.join(", ")),
            ));
        }
    }
    let title = Text::new(format!("格式 {FORMAT}，公开文件"), format!("format {FORMAT}, public document"));
    let side = PublicSide { commitment: c, inputs: &p.public, inputs_digest: inputs_digest.get(), beacon: &p.beacon };
    let seed = public_before(&side, nist, fails, title, &mut checks);
    let mut fails = Vec::new();
    match seed {
        Some(seed) if format_ok(&checks) => {
            let picks = draw::select(&p.public, &seed);
            match reveal(p, &picks, &mut fails) {
                Some(firms) => {
                    let ours = draw::complete(&p.public.plan, &p.public, &picks, &firms, &p.public.inspectors, &p.public.checklist, &seed);
                    compare(&ours, &p.result, &mut fails);
                }
                None => compare_selection(&view_of_selection(&selection_of(&picks, &p.public, &seed)), &view_of_result(&p.result), &mut fails),
            }
            digest_matches(result_digest.get(), &p.result_sha256, &mut fails);
        }
        _ => fails.push(cannot_recompute()),
    }
    let selected: usize = p.result.tasks.iter().map(|t| t.selected.len()).sum();
    checks.push(CheckId::Result, vec![recomputed(selected)], fails);
    finish(checks, c, seed, PUBLIC)
}

/// The selected firms of each task, from the published result and the revealed
/// records, when every one is genuine: its token and seal recompute from its key
/// and record. Otherwise says which are not.
fn reveal<'a>(p: &'a Public, picks: &[TaskPicks], fails: &mut Vec<Text>) -> Option<Vec<Vec<Firm<'a>>>> {
    let revealed: HashMap<&str, &Revealed> = p.revealed.iter().map(|r| (r.id.as_str(), r)).collect();
    let inspector_index: HashMap<&str, u32> = p.public.inspectors.iter().enumerate().map(|(k, i)| (i.id.as_str(), k as u32)).collect();
    let mut used: HashSet<&str> = HashSet::with_capacity(p.revealed.len());
    let before = fails.len();
    let mut all = Vec::with_capacity(picks.len());
    for ((tp, pt), published) in picks.iter().zip(&p.public.tasks).zip(&p.result.tasks) {
        let task = RevealTask {
            public: pt,
            by_token: published.selected.iter().map(|s| (s.token.as_str(), s)).collect(),
            revealed: &revealed,
            inspector_index: &inspector_index,
        };
        // Two hashes for each firm, and the list in two halves at once.
        let (first, second) = tp.picked.split_at(tp.picked.len() / 2);
        let (first, second) = crate::par::join(|| task.firms(first), || task.firms(second));
        let mut firms = Vec::with_capacity(tp.picked.len());
        for half in [first, second] {
            firms.extend(half.firms);
            fails.extend(half.fails);
            used.extend(half.used);
        }
        all.push(firms);
    }
    let mut unused: Vec<&str> = p.revealed.iter().map(|r| r.id.as_str()).filter(|id| !used.contains(id)).collect();
    unused.sort_unstable();
    unused.dedup();
    for id in unused {
        fails.push(Text::new(
            format!("公开了未被抽中的企业 {id} 的记录"),
            format!("the record of firm {id}, which was not selected, is revealed"),
        ));
    }
    (fails.len() == before).then_some(all)
}

/// What revealing one task's picks reads.
struct RevealTask<'a, 'p> {
    public: &'p public::PublicTask,
    by_token: HashMap<&'a str, &'a draw::Selected2>,
    revealed: &'p HashMap<&'a str, &'a Revealed>,
    inspector_index: &'p HashMap<&'a str, u32>,
}

/// Some of a task's picks revealed: the genuine firms, what is wrong with the others,
/// and the revealed records used.
struct RevealedPicks<'a> {
    firms: Vec<Firm<'a>>,
    fails: Vec<Text>,
    used: Vec<&'a str>,
}

impl<'a> RevealTask<'a, '_> {
    fn firms(&self, picks: &[draw::Pick]) -> RevealedPicks<'a> {
        let pt = self.public;
        let mut out = RevealedPicks { firms: Vec::with_capacity(picks.len()), fails: Vec::new(), used: Vec::with_capacity(picks.len()) };
        let fail = |fails: &mut Vec<Text>, zh: String, en: String| {
            fails.push(Text::new(format!("任务 {}：{zh}", pt.number), format!("task {}: {en}", pt.number)));
        };
        let fails = &mut out.fails;
        for pick in picks {
            let (token, seal) = pt.strata[pick.stratum as usize].entry(pick.entry as usize);
            let Some(s) = self.by_token.get(token) else {
                fail(fails, format!("重新计算抽中令牌 {token}，公布结果中没有"), format!("token {token} is selected on recomputation but missing from the published result"));
                continue;
            };
            let Some(r) = self.revealed.get(s.id.as_str()).copied() else {
                fail(fails, format!("抽中企业 {} 没有公开其核验码和记录", s.id), format!("selected firm {} is not revealed (no key and record)", s.id));
                continue;
            };
            out.used.push(r.id.as_str());
            let Some(key) = unhex_array::<KEY_BYTES>(&r.key) else { continue };
            if !is_hex_of(token, &codes::token(&key, &pt.number, &r.id)) {
                fail(
                    fails,
                    format!("企业 {} 的核验码算出的令牌不是抽中的令牌 {token}：该企业不是这个令牌的主人", r.id),
                    format!("firm {}'s key does not give the selected token {token}: the firm does not own it", r.id),
                );
                continue;
            }
            if !is_hex_of(seal, &codes::seal(&key, &pt.number, &r.record_view())) {
                fail(
                    fails,
                    format!("企业 {} 公开的记录（名称、行业、区域、回避、公开字段）与抽取前封存的不符", r.id),
                    format!("firm {}'s revealed record (name, industry, region, conflicts, public fields) is not the one sealed before the draw", r.id),
                );
                continue;
            }
            if r.name != s.name {
                fail(fails, format!("企业 {} 的名称与公开记录不符", r.id), format!("firm {}'s name differs from its revealed record", r.id));
            }
            let mut conflicts = Vec::with_capacity(r.conflicts.len());
            for id in &r.conflicts {
                match self.inspector_index.get(id.as_str()) {
                    Some(&k) => conflicts.push(k),
                    None => fail(
                        fails,
                        format!("企业 {} 的回避人员 {id} 不在检查人员名录中", r.id),
                        format!("firm {}'s conflicted inspector {id} is not in the inspector directory", r.id),
                    ),
                }
            }
            conflicts.sort_unstable();
            out.firms.push(Firm { id: &r.id, name: &r.name, view: FirmView { region: &r.region, industry: &r.industry, conflicts } });
        }
        out
    }
}

fn selection_of(picks: &[TaskPicks], public: &PublicInputs, seed: &Hash) -> draw::Selection2 {
    draw::Selection2 {
        seed: hex(seed),
        tasks: public
            .plan
            .tasks
            .iter()
            .zip(picks.iter().zip(&public.tasks))
            .map(|(t, (tp, pt))| draw::TaskSelection2 {
                number: t.number.clone(),
                name: t.name.clone(),
                directed: t.directed,
                strata: tp.strata.clone(),
                selected: tp
                    .picked
                    .iter()
                    .map(|p| SelectedToken {
                        token: pt.strata[p.stratum as usize].entry(p.entry as usize).0.to_string(),
                        ticket: hex(&p.ticket),
                        stratum: p.stratum as u64,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Every check of a sealed document: its selection recomputes from the public
/// entries and the seed; no firm is named yet.
pub fn verify_sealed(s: &Sealed2) -> Report {
    verify_sealed_with(s, Seams::FULL)
}

pub(crate) fn verify_sealed_with(s: &Sealed2, seams: Seams) -> Report {
    crate::par::ahead(|| s.public.digest(), |inputs_digest| verify_sealed_given(s, seams, inputs_digest))
}

fn verify_sealed_given(s: &Sealed2, seams: Seams, inputs_digest: &mut Ahead<InputsDigest>) -> Report {
    let nist = seams.nist;
    let mut checks = Checks::new(seams.progress);
    let c = &s.commitment;
    let mut fails = formats(&[("document", &s.format), ("commitment", &c.format)]);
    fails.extend(document_kind(&s.document, SEALED));
    fails.extend(crate::wellformed::sealed2(s).iter().map(Problem::lines));
    fails.extend(super::seal::timelock_form_problems(&s.timelock));
    let title = Text::new(format!("格式 {FORMAT}，封存文件"), format!("format {FORMAT}, sealed document"));
    let side = PublicSide { commitment: c, inputs: &s.public, inputs_digest: inputs_digest.get(), beacon: &s.beacon };
    let seed = public_before(&side, nist, fails, title, &mut checks);
    if let Some(late) = super::seal::timelock_too_late(s) {
        checks.fail(CheckId::Timing, late);
    }
    if let Some(early) = reveal_too_early_at(c, &s.reveal_after) {
        checks.fail(CheckId::Timing, early);
    }
    let due = crate::sealed::reveal_after(&s.public.plan);
    if crate::time::is_date(&s.reveal_after) && s.reveal_after != due {
        checks.fail(
            CheckId::Timing,
            Text::new(
                format!("公布日期 {} 不是计划最后一个检查期的结束日 {due}", s.reveal_after),
                format!("reveal_after {} is not the end of the plan's last inspection window, {due}", s.reveal_after),
            ),
        );
    }
    let mut fails = Vec::new();
    match seed {
        Some(seed) if format_ok(&checks) => {
            let picks = draw::select(&s.public, &seed);
            compare_selection(&view_of_selection(&selection_of(&picks, &s.public, &seed)), &view_of_selection(&s.selection), &mut fails);
        }
        _ => fails.push(cannot_recompute()),
    }
    let selected: usize = s.selection.tasks.iter().map(|t| t.selected.len()).sum();
    checks.push(
        CheckId::Result,
        vec![Text::new(
            format!("抽中的 {selected} 个令牌由公开条目和信标重新计算得出，完全一致；企业名单封存至 {} 之后公布", s.reveal_after),
            format!("the {selected} selected tokens recompute from the public entries and the beacon; the firms are named after {}", s.reveal_after),
        )],
        fails,
    );
    let mut report = finish(checks, c, seed, SEALED);
    if report.verdict == Verdict::Valid {
        report.verdict = Verdict::Sealed;
    }
    report.sealed_result_sha256 = s.result_sha256.clone();
    report.reveal_after = s.reveal_after.clone();
    report.opens_round = s.timelock.round;
    report.opens_at = crate::time::format_utc(crate::beacon::QUICKNET.round_time(s.timelock.round));
    report
}

fn stratum_diff(tz: &str, te: &str, k: usize, o: &StratumResult2, p: &StratumResult2, fails: &mut Vec<Text>) {
    let label = plan::stratum_label(&o.values, o.census);
    if o.values != p.values || o.census != p.census || o.size != p.size || o.count != p.count {
        fails.push(Text::new(
            format!("{tz}第 {k} 层“{label}”：重新计算为 {} 家抽 {} 家，公布为 {} 家抽 {} 家", o.size, o.count, p.size, p.count),
            format!("{te}stratum {k} “{label}”: recomputed {} drawing {}, published {} drawing {}", o.size, o.count, p.size, p.count),
        ));
    }
    if o.cutoff != p.cutoff || o.cutoff_token != p.cutoff_token {
        fails.push(Text::new(
            format!("{tz}分层“{label}”的分界签号不同（重新计算 {}…，公布 {}…）", short(&o.cutoff), short(&p.cutoff)),
            format!("{te}stratum “{label}” has a different cutoff (recomputed {}…, published {}…)", short(&o.cutoff), short(&p.cutoff)),
        ));
    }
    if o.reserves != p.reserves {
        fails.push(Text::new(format!("{tz}分层“{label}”的候补不同"), format!("{te}stratum “{label}” has different reserves")));
    }
}

fn tasks_match(tz: &str, te: &str, (on, onm, od): (&str, &str, bool), (pn, pnm, pd): (&str, &str, bool), fails: &mut Vec<Text>) -> bool {
    if on != pn || onm != pnm || od != pd {
        fails.push(Text::new(format!("{tz}任务的编号、名称或定向与公布的不同"), format!("{te}the task's number, name or directed differ from the published one")));
        return false;
    }
    true
}

/// What [`compare_selection`] reads of a selection, borrowed where it is kept: a
/// `Selection2`, or a result's tasks. Copying a result's tokens and tickets only to
/// compare them was a twelfth of verification's peak memory.
struct SelectionView<'a> {
    seed: &'a str,
    tasks: Vec<TaskSelectionView<'a>>,
}

struct TaskSelectionView<'a> {
    number: &'a str,
    name: &'a str,
    directed: bool,
    strata: &'a [draw::StratumResult2],
    picked: Picked<'a>,
}

enum Picked<'a> {
    Tokens(&'a [SelectedToken]),
    Firms(&'a [draw::Selected2]),
}

impl<'a> Picked<'a> {
    /// Each pick's token, ticket and stratum, in order.
    fn iter(&self) -> Box<dyn Iterator<Item = (&'a str, &'a str, u64)> + 'a> {
        match *self {
            Picked::Tokens(t) => Box::new(t.iter().map(|s| (s.token.as_str(), s.ticket.as_str(), s.stratum))),
            Picked::Firms(f) => Box::new(f.iter().map(|s| (s.token.as_str(), s.ticket.as_str(), s.stratum))),
        }
    }
}

fn view_of_selection(s: &draw::Selection2) -> SelectionView<'_> {
    SelectionView {
        seed: &s.seed,
        tasks: s
            .tasks
            .iter()
            .map(|t| TaskSelectionView { number: &t.number, name: &t.name, directed: t.directed, strata: &t.strata, picked: Picked::Tokens(&t.selected) })
            .collect(),
    }
}

fn view_of_result(r: &Result2) -> SelectionView<'_> {
    SelectionView {
        seed: &r.seed,
        tasks: r
            .tasks
            .iter()
            .map(|t| TaskSelectionView { number: &t.number, name: &t.name, directed: t.directed, strata: &t.strata, picked: Picked::Firms(&t.selected) })
            .collect(),
    }
}

/// What differs between a recomputed selection and a published one.
fn compare_selection(ours: &SelectionView, published: &SelectionView, fails: &mut Vec<Text>) {
    if ours.seed != published.seed {
        fails.push(seed_differs(ours.seed, published.seed));
    }
    if ours.tasks.len() != published.tasks.len() {
        fails.push(task_count_differs(ours.tasks.len(), published.tasks.len()));
    }
    for (o, p) in ours.tasks.iter().zip(&published.tasks) {
        let (tz, te) = (format!("任务 {}：", o.number), format!("task {}: ", o.number));
        if !tasks_match(&tz, &te, (o.number, o.name, o.directed), (p.number, p.name, p.directed), fails) {
            continue;
        }
        for (k, (os, ps)) in o.strata.iter().zip(p.strata).enumerate() {
            stratum_diff(&tz, &te, k, os, ps, fails);
        }
        if o.strata.len() != p.strata.len() {
            fails.push(Text::new(format!("{tz}分层数目不同"), format!("{te}the number of strata differs")));
        }
        token_diff(&tz, &te, o.picked.iter(), p.picked.iter(), fails);
    }
}

fn seed_differs(ours: &str, published: &str) -> Text {
    Text::new(
        format!("公布的种子 {}… 与重新计算的种子 {}… 不同", short(published), short(ours)),
        format!("the published seed {}… differs from the recomputed seed {}…", short(published), short(ours)),
    )
}

fn task_count_differs(ours: usize, published: usize) -> Text {
    Text::new(format!("重新计算有 {ours} 个任务，公布结果有 {published} 个"), format!("{ours} tasks recomputed, {published} published"))
}

fn token_diff<'a>(
    tz: &str,
    te: &str,
    ours: impl Iterator<Item = (&'a str, &'a str, u64)>,
    published: impl Iterator<Item = (&'a str, &'a str, u64)>,
    fails: &mut Vec<Text>,
) {
    let ours: Vec<_> = ours.collect();
    let published: Vec<_> = published.collect();
    let theirs: HashMap<&str, (&str, u64)> = published.iter().map(|(t, k, s)| (*t, (*k, *s))).collect();
    let mine: HashMap<&str, (&str, u64)> = ours.iter().map(|(t, k, s)| (*t, (*k, *s))).collect();
    for (token, ticket, stratum) in &ours {
        match theirs.get(token) {
            None => fails.push(Text::new(format!("{tz}令牌 {token} 重新计算为抽中，公布结果中没有"), format!("{te}token {token} is selected on recomputation but not in the published result"))),
            Some((t, s)) if t != ticket || s != stratum => fails.push(Text::new(
                format!("{tz}令牌 {token} 的签号或分层与重新计算不同"),
                format!("{te}token {token} has a different ticket or stratum than recomputed"),
            )),
            _ => {}
        }
    }
    for (token, _, _) in &published {
        if !mine.contains_key(token) {
            fails.push(Text::new(format!("{tz}公布结果中的令牌 {token} 重新计算时没有被抽中"), format!("{te}published token {token} is not selected on recomputation")));
        }
    }
    if fails.is_empty() && ours.iter().map(|o| o.0).ne(published.iter().map(|p| p.0)) {
        fails.push(Text::new(format!("{tz}抽中名单的顺序与签号顺序不同"), format!("{te}the selected list is not in ticket order")));
    }
}

/// What differs between a recomputed full result and a published one.
fn compare(ours: &Result2, published: &Result2, fails: &mut Vec<Text>) {
    // Equal results differ in nothing the comparisons below name: one pass decides.
    if ours == published {
        return;
    }
    let before = fails.len();
    compare_selection(&view_of_result(ours), &view_of_result(published), fails);
    for (o, p) in ours.tasks.iter().zip(&published.tasks) {
        let (tz, te) = (format!("任务 {}：", o.number), format!("task {}: ", o.number));
        if o.groups != p.groups {
            let listed = |groups: &[crate::draw::Group]| {
                groups.iter().map(|g| format!("{}（{}）", g.number, crate::verify::names(&g.members))).collect::<Vec<_>>().join("；")
            };
            fails.push(Text::new(
                format!("{tz}检查组不同：重新计算为 {}，公布为 {}", listed(&o.groups), listed(&p.groups)),
                format!("{te}the inspection groups differ: recomputed {}, published {}", listed(&o.groups), listed(&p.groups)),
            ));
        }
        let theirs: HashMap<&str, &draw::Selected2> = p.selected.iter().map(|s| (s.token.as_str(), s)).collect();
        for s in &o.selected {
            let Some(q) = theirs.get(s.token.as_str()) else { continue };
            if s.id != q.id || s.name != q.name {
                fails.push(Text::new(
                    format!("{tz}令牌 {} 属于企业 {}，公布为 {}", s.token, s.id, q.id),
                    format!("{te}token {} belongs to firm {}, published as {}", s.token, s.id, q.id),
                ));
            }
            if s.group != q.group || s.team != q.team || s.over_cap != q.over_cap || s.unfilled != q.unfilled {
                fails.push(Text::new(
                    format!("{tz}企业 {} 的检查组不同：重新计算为 {}，公布为 {}", s.id, crate::verify::names(&s.team), crate::verify::names(&q.team)),
                    format!("{te}firm {} has a different team: recomputed {}, published {}", s.id, crate::verify::names(&s.team), crate::verify::names(&q.team)),
                ));
            }
            if s.items != q.items {
                fails.push(Text::new(
                    format!("{tz}企业 {} 的检查事项不同：重新计算为 {}，公布为 {}", s.id, s.items.join("、"), q.items.join("、")),
                    format!("{te}firm {} has different items: recomputed {}, published {}", s.id, s.items.join(", "), q.items.join(", ")),
                ));
            }
        }
    }
    // Whatever the comparisons above do not name (a member they do not look at)
    // still fails.
    if fails.len() == before && ours != published {
        fails.push(Text::new("公布结果与重新计算的结果不一致", "the published result differs from the recomputed one"));
    }
}
