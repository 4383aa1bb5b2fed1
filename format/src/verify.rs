//! Verification of a bundle by anyone: every check, and on a mismatch exactly what
//! differs. SPEC.md §8.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::beacon;
use crate::draw::{self, DrawResult, Selection, TaskResult};
use crate::hashing::{hex, unhex32, Hash};
use crate::model::{Enterprise, Plan, Task};
use crate::named::named_enum;
use crate::plan::{self, Membership, PlanReport, TaskPool};
use crate::problem::{Problem, Text};
use crate::beacon::{ChainInfo, DrandRound, VerifiedDrand, VerifiedNist};
use crate::protocol::{
    check_committed_nist, section_hashes, seed_from_evidence, task_summaries, BeaconEvidence, Bundle, Commitment, NistRef, SectionHashes,
    FORMAT,
};

/// At most this many differences are listed per check; the rest are counted.
const MAX_DETAILS: usize = 20;

named_enum! {
    /// The checks of a verification, in the order they run.
    pub enum CheckId {
        Format = "format",
        Inputs = "inputs",
        Commitment = "commitment",
        Beacon = "beacon",
        Timing = "timing",
        Result = "result",
    }
}

impl CheckId {
    /// Every check, in the order a report lists them.
    pub const ALL: [CheckId; 6] =
        [CheckId::Format, CheckId::Inputs, CheckId::Commitment, CheckId::Beacon, CheckId::Timing, CheckId::Result];
}

named_enum! {
    /// The conclusion of a verification.
    pub enum Verdict {
        /// Every check passed: a real draw that recomputes.
        Valid = "valid",
        /// Some check failed.
        Invalid = "invalid",
        /// Every check passed, but the draw was a 演练.
        Rehearsal = "rehearsal",
        /// A sealed result whose checks passed; its list is published later.
        Sealed = "sealed",
        /// Not a document that can be checked (cut short, not JSON, another kind of
        /// file): says nothing about the draw either way.
        Unreadable = "unreadable",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub id: CheckId,
    pub ok: bool,
    /// What was found; on failure, what differs.
    pub details: Vec<Text>,
}

/// An outside witness of a commitment: a time-stamping authority's token over the
/// commitment hash, verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Witness {
    /// Who signed the token (the authority's certificate subject).
    pub authority: String,
    /// When the authority says the commitment existed (UTC TIME).
    pub time: String,
    /// Accepted only under a root trusted for this verification (`--trust-tsa`, or
    /// a root added on the verification page), not a pinned one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub added_root: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub verdict: Verdict,
    pub checks: Vec<Check>,
    pub plan_number: String,
    pub plan_name: String,
    pub department: String,
    pub chain: String,
    pub round: u64,
    pub emission_time: String,
    pub committed_at: String,
    pub commitment: String,
    pub seed: String,
    /// For a sealed result: the result hash the full bundle must carry, and the day
    /// after which it is to be published. Empty for a bundle.
    /// Whether an outside witness proves that the commitment existed before the
    /// beacon round. Without one, a draw that passes every check is valid only on
    /// [`Report::condition`]: the stated commitment time is the organiser's word.
    pub witnessed: bool,
    /// Who witnessed the commitment, and when.
    pub witnesses: Vec<Witness>,
    /// The condition a passing verdict holds on when nothing witnessed the
    /// commitment: it was published before the round was emitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Text>,
    /// Which document was verified: `auditor` (all inputs), `public` or `sealed`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub document: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sealed_result_sha256: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reveal_after: String,
    /// For a format 2 sealed document: the quicknet round whose signature opens its
    /// list, and that round's emission time (UTC TIME). 0 and empty otherwise.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub opens_round: u64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub opens_at: String,
    /// Why the file is unreadable (verdict `unreadable`), in plain words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
    /// The reader's own words after the reason, cut to a short excerpt.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason_detail: String,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Report {
    pub fn check(&self, id: CheckId) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// Plain-language meaning of each check, for people: (title, what it proves, what it
/// does not prove), each in Chinese and English.
pub fn check_text(id: CheckId) -> [(&'static str, &'static str); 3] {
    match id {
        CheckId::Format => [
            ("文件格式", "File format"),
            ("文件是本软件可以完整重算的格式。", "The file is in a format this software recomputes in full."),
            ("不说明抽取是否公正。", "Says nothing yet about fairness."),
        ],
        CheckId::Inputs => [
            ("输入与承诺一致", "Inputs match the commitment"),
            (
                "计划、企业名录、检查人员名录、事项清单和检查记录与事先公布的承诺逐字节一致：承诺之后没有任何改动。",
                "The plan, both directories, the checklist and the history are byte for byte what the published commitment fixed: nothing changed after it.",
            ),
            (
                "不证明名录本身完整真实（这需要与原始名录库核对）。",
                "Does not prove the directories themselves are complete and true (compare with the source registers).",
            ),
        ],
        CheckId::Commitment => [
            ("承诺文件完整", "Commitment is intact"),
            (
                "承诺文件的哈希值与其内容一致，其中公布的各任务企业数和抽取数与输入重新计算的结果一致。",
                "The commitment's hash matches its content, and the pool sizes and counts it published match a recomputation from the inputs.",
            ),
            (
                "承诺的公布时间需要外部见证（如政府网站的发布记录或时间戳）。",
                "When the commitment was published needs an outside witness (a dated notice on the department's website, a timestamp).",
            ),
        ],
        CheckId::Beacon => [
            ("随机信标签名有效", "Beacon signature is valid"),
            (
                "随机数来自 drand 公共随机信标所承诺的轮次，其 BLS 签名经验证有效（承诺了 NIST 随机信标脉冲时，该脉冲的签名也经验证）：这一轮产生之前，任何人（包括组织方）都无法选择或预知它。",
                "The randomness is the committed round of the drand public beacon and its BLS signature verifies (and, when a NIST beacon pulse is committed, that pulse's signature too): before that round was emitted, nobody, the organizer included, could choose or foresee it.",
            ),
            (
                "不证明承诺是在这一轮产生之前公布的：没有外部见证时，这一点要与部门事先发布的公告核对（见结论中的前提）。",
                "Does not prove that the commitment was published before the round: without an outside witness, compare it with the department's notice published beforehand (the condition in the verdict).",
            ),
        ],
        CheckId::Timing => [
            ("信标轮次晚于承诺", "Beacon round comes after the commitment"),
            (
                "所用信标轮次的产生时间晚于承诺中声明的时间：承诺时随机数尚不存在。",
                "The round was emitted after the commitment's stated time: when committing, the randomness did not exist yet.",
            ),
            (
                "声明的承诺时间本身需要外部见证。",
                "The stated commitment time itself needs an outside witness.",
            ),
        ],
        CheckId::Result => [
            ("抽取结果可重算", "Result recomputes identically"),
            (
                "用承诺的输入和信标随机数重新计算，抽中的企业、签号、检查组和检查事项与公布结果完全相同。",
                "Recomputing from the committed inputs and the beacon gives exactly the published firms, tickets, teams and items.",
            ),
            ("不涉及检查是否实际按结果执行。", "Does not show that the inspections were carried out as drawn."),
        ],
    }
}

/// [`check_text`] for the document verified (`Report::document`): what a check of a
/// public or sealed document proves is less than the same check of all inputs, and
/// the page must not say more than was proven.
pub fn check_text_for(document: &str, id: CheckId) -> [(&'static str, &'static str); 3] {
    let public = document == crate::v2::PUBLIC || document == crate::v2::SEALED;
    match (public, id) {
        (true, CheckId::Inputs) => [
            ("公开输入与承诺一致", "Public inputs match the commitment"),
            (
                "计划、检查人员名录、事项清单、每一层企业的匿名条目和名录汇总数与事先公布的承诺逐字节一致：承诺之后没有任何改动。",
                "The plan, the inspector directory, the checklist, every stratum's anonymous entries and the directory's counts are byte for byte what the published commitment fixed: nothing changed after it.",
            ),
            (
                "不证明匿名的企业池就是真实完整的名录：这由审计核验（完整输入）证明，每家企业也可以用核验码查到自己的条目。",
                "Does not prove that the anonymous pool is the true, complete directory: the auditor's verification (full inputs) does, and each firm can find its own entry with its 核验码.",
            ),
        ],
        (true, CheckId::Commitment) => [
            ("承诺文件完整", "Commitment is intact"),
            (
                "承诺文件的哈希值与其内容一致；各层企业数与公开条目一致，抽取数符合计划规则；企业池加上各项排除的家数等于名录企业数。",
                "The commitment's hash matches its content; each stratum's size is its public entries' and its count follows the plan's rules; the pool plus the firms each rule excluded equals the directory's size.",
            ),
            (
                "每家企业因哪条规则被排除、每家企业都能组成检查组，只有审计核验能够检查；承诺的公布时间需要外部见证。",
                "Which rule excluded which firm, and that every firm of the pool could get a team, only the auditor's verification can check; when the commitment was published needs an outside witness.",
            ),
        ],
        (true, CheckId::Result) if document == crate::v2::SEALED => [
            ("抽中的令牌可重算", "Selected tokens recompute"),
            (
                "用公开条目和信标随机数重新计算，每一层抽中的令牌、签号和候补与封存文件完全相同。",
                "Recomputing from the public entries and the beacon gives exactly the sealed tokens, tickets and reserves of every stratum.",
            ),
            ("名单公布前不说明抽中的是哪些企业。", "Does not say which firms the tokens are before the list is published."),
        ],
        (true, CheckId::Result) => [
            ("抽取结果可重算", "Result recomputes identically"),
            (
                "每一层抽中的正是签号最小的令牌；每家列明的企业用其核验码证明令牌属于它，其记录与抽取前封存的一致；检查组和检查事项重新计算完全相同。",
                "Each stratum selected exactly its smallest tickets; each named firm's key proves the token is its own and its record is the one sealed before the draw; teams and items recompute identically.",
            ),
            ("不涉及检查是否实际按结果执行。", "Does not show that the inspections were carried out as drawn."),
        ],
        _ => check_text(id),
    }
}

/// The checks made so far, and who hears of each as it is made.
pub(crate) struct Checks(pub(crate) Vec<Check>, Progress);

impl Checks {
    pub(crate) fn new(progress: Progress) -> Checks {
        Checks(Vec::new(), progress)
    }

    pub(crate) fn push(&mut self, id: CheckId, details: Vec<Text>, failures: Vec<Text>) {
        let ok = failures.is_empty();
        let mut shown = if ok { details } else { failures };
        let extra = shown.len().saturating_sub(MAX_DETAILS);
        shown.truncate(MAX_DETAILS);
        if extra > 0 {
            shown.push(Text::new(format!("……另有 {extra} 处不同"), format!("… and {extra} more differences")));
        }
        self.0.push(Check { id, ok, details: shown });
        (self.1)(id);
    }

    /// Adds a failure to a check already made.
    pub(crate) fn fail(&mut self, id: CheckId, failure: Text) {
        if let Some(check) = self.0.iter_mut().find(|c| c.id == id) {
            if check.ok {
                check.ok = false;
                check.details.clear();
            }
            check.details.push(failure);
        }
    }
}

pub(crate) fn section_zh(name: &str) -> &'static str {
    match name {
        "plan" => "抽查计划",
        "enterprises" => "检查对象名录",
        "inspectors" => "执法检查人员名录",
        "checklist" => "抽查事项清单",
        _ => "已检查记录",
    }
}

/// Reads and verifies a bundle or a sealed result given as JSON text.
pub fn verify_json(text: &str) -> Report {
    match crate::read::read_text(text) {
        Ok(document) => verify_document(&document),
        Err(reason) => unreadable(&reason),
    }
}

/// Reads and verifies a file's bytes (SPEC §8 "Reading": any encoding a verifier
/// accepts, up to `limit` bytes).
pub fn verify_bytes(bytes: &[u8], limit: usize) -> Report {
    match crate::read::read_document(bytes, limit) {
        Ok(document) => verify_document(&document),
        Err(reason) => unreadable(&reason),
    }
}

/// Verifies a document that was read.
pub fn verify_document(document: &crate::read::Document) -> Report {
    verify_document_trusting(document, &[])
}

/// [`verify_document`], trusting these time-stamping roots (DER) beside the pinned
/// ones for this verification only.
pub fn verify_document_trusting(document: &crate::read::Document, extra_roots: &[Vec<u8>]) -> Report {
    verify_document_trusting_told(document, extra_roots, no_progress)
}

/// [`verify_document_trusting`], telling `progress` of each check as it is made.
pub fn verify_document_trusting_told(document: &crate::read::Document, extra_roots: &[Vec<u8>], progress: Progress) -> Report {
    use crate::v2::verify::attach_witnesses;
    let mut report = verify_document_seamed(document, Seams { nist: beacon::verify_nist, progress });
    match document {
        crate::read::Document::Auditor(a) => attach_witnesses(&mut report, &a.commitment, &a.witnesses, extra_roots),
        crate::read::Document::Public(p) => attach_witnesses(&mut report, &p.commitment, &p.witnesses, extra_roots),
        crate::read::Document::Sealed2(s) => attach_witnesses(&mut report, &s.commitment, &s.witnesses, extra_roots),
        _ => {}
    }
    report
}

/// Checks a NIST Beacon pulse's signature (SPEC §4.2): [`beacon::verify_nist`], or
/// [`cannot_verify_nist`] in a verifier built without RSA.
pub type NistVerifier = fn(&crate::beacon::NistPulse) -> Result<VerifiedNist, crate::beacon::BeaconError>;

/// Told of each check once it is made, in the order the report lists them: what a
/// page shows while a large document is verified (which check runs next).
pub type Progress = fn(CheckId);

/// A [`Progress`] that tells nobody.
pub fn no_progress(_: CheckId) {}

/// What the caller of a verification supplies: how a NIST pulse is checked, and
/// who hears of each check as it is made.
#[derive(Clone, Copy)]
pub struct Seams {
    pub nist: NistVerifier,
    pub progress: Progress,
}

impl Seams {
    /// The full verifier, telling nobody.
    pub const FULL: Seams = Seams { nist: beacon::verify_nist, progress: no_progress };
}

/// The verification of a document that relies on drand alone: no NIST pulse and no
/// time-stamp token (see [`relies_on_drand_alone`]), with `nist` for any pulse it
/// still carries. The code for the other signatures (RSA, CMS, X.509, ECDSA) is
/// most of a verifier's size and is not reachable from here, so the verification
/// page's small module holds none of it; a document that needs it goes to the
/// full verifier, whose answer is the same as [`verify_document_trusting`]'s.
pub fn verify_document_with(document: &crate::read::Document, nist: NistVerifier) -> Report {
    verify_document_seamed(document, Seams { nist, progress: no_progress })
}

/// [`verify_document_with`], telling `seams.progress` of each check as it is made.
pub fn verify_document_seamed(document: &crate::read::Document, seams: Seams) -> Report {
    match document {
        crate::read::Document::Bundle(b) => verify_with(b, seams),
        crate::read::Document::Sealed(s) => verify_sealed_with(s, seams),
        crate::read::Document::Auditor(a) => crate::v2::verify::verify_auditor_with(a, seams),
        crate::read::Document::Public(p) => crate::v2::verify::verify_public_with(p, seams),
        crate::read::Document::Sealed2(s) => crate::v2::verify::verify_sealed_with(s, seams),
    }
}

/// Whether a document's verification needs nothing but drand's signature: its
/// commitment names no NIST pulse, it carries none, and no time-stamp token
/// witnesses it.
pub fn relies_on_drand_alone(document: &crate::read::Document) -> bool {
    use crate::read::Document;
    match document {
        Document::Bundle(b) => drand_alone(&b.commitment, &b.beacon, &[]),
        Document::Sealed(s) => drand_alone(&s.commitment, &s.beacon, &[]),
        Document::Auditor(a) => drand_alone(&a.commitment, &a.beacon, &a.witnesses),
        Document::Public(p) => drand_alone(&p.commitment, &p.beacon, &p.witnesses),
        Document::Sealed2(s) => drand_alone(&s.commitment, &s.beacon, &s.witnesses),
    }
}

fn drand_alone(commitment: &Commitment, evidence: &BeaconEvidence, tokens: &[String]) -> bool {
    commitment.beacon.nist.is_none() && evidence.nist_pulse.is_none() && tokens.is_empty()
}

/// [`verify_document_seamed`] for what [`crate::read::read_published`] reads, when it
/// relies on drand alone; `None` for anything else, which a verifier holding only
/// this code leaves to the full one.
pub fn verify_published_seamed(document: &crate::read::Published, seams: Seams) -> Option<Report> {
    use crate::read::Published;
    match document {
        Published::Public(p) if drand_alone(&p.commitment, &p.beacon, &p.witnesses) => Some(crate::v2::verify::verify_public_with(p, seams)),
        Published::Sealed2(s) if drand_alone(&s.commitment, &s.beacon, &s.witnesses) => Some(crate::v2::verify::verify_sealed_with(s, seams)),
        _ => None,
    }
}

/// The NIST check of a verifier built without RSA: it refuses every pulse, so a
/// document it should not have been given fails rather than passes.
pub fn cannot_verify_nist(_: &crate::beacon::NistPulse) -> Result<VerifiedNist, crate::beacon::BeaconError> {
    Err(crate::beacon::BeaconError::new(
        crate::beacon::BeaconErrorKind::NistNotInThisVerifier,
        "本核验程序不含 NIST 签名的核验代码，请使用完整核验程序",
        "this verifier has no code for NIST signatures: use the full verifier",
    ))
}

/// The report on a file that is not a document that can be checked: no check ran,
/// and it says nothing about the draw either way.
pub fn unreadable(reason: &crate::read::Unreadable) -> Report {
    let mut report = finish(Checks::new(no_progress), None, String::new());
    report.verdict = Verdict::Unreadable;
    report.reason = Some(Text::new(reason.zh(), reason.en()));
    report.reason_detail = reason.detail().to_string();
    report
}

/// Runs every check on a bundle.
pub fn verify(b: &Bundle) -> Report {
    verify_with(b, Seams::FULL)
}

fn verify_with(b: &Bundle, seams: Seams) -> Report {
    let (mut checks, report, seed) = checks_before_result(b, seams);
    check_result(b, &report, seed.as_ref(), &mut checks);
    let mut report = finish(checks, Some(b), seed.map(|s| hex(&s)).unwrap_or_default());
    report.document = crate::v2::AUDITOR.to_string();
    report
}

/// Every check of a bundle but the recomputation of its result: what a draw makes
/// sure of before its bundle is written, so that no draw is ever made from a
/// commitment, inputs or beacon value a verifier would refuse.
pub fn verify_before_result(b: &Bundle) -> Report {
    let (checks, _, seed) = checks_before_result(b, Seams::FULL);
    finish(checks, Some(b), seed.map(|s| hex(&s)).unwrap_or_default())
}

/// Format 1 has no inspection groups, ratio ranges or department names: beyond
/// check 1 and the plan's hash, a format 1 plan's `groups`, `leader`,
/// `ratio_max_bp`, `range_choice` and `department_names` count for nothing (SPEC
/// §10.10–§10.12), so the plan is evaluated and drawn without them.
fn format1_plan(plan: &Plan) -> std::borrow::Cow<'_, Plan> {
    if !plan.uses_format2_members() {
        return std::borrow::Cow::Borrowed(plan);
    }
    let mut plan = plan.clone();
    plan.rules.range_choice = None;
    plan.rules.department_names = None;
    for t in &mut plan.tasks {
        t.team.groups = None;
        t.team.leader = None;
        t.sampling.rules.iter_mut().for_each(|r| r.ratio_max_bp = None);
    }
    std::borrow::Cow::Owned(plan)
}

fn checks_before_result(b: &Bundle, seams: Seams) -> (Checks, PlanReport, Option<Hash>) {
    let mut checks = Checks::new(seams.progress);
    check_format(b, &mut checks);
    let plan = format1_plan(&b.inputs.plan);
    // The section hashes and the plan's evaluation read the same inputs and are
    // independent: one can run on another core.
    let (sections, report) = crate::par::join(|| section_hashes(&b.inputs), || plan::evaluate(&plan, &b.inputs.directories));
    check_inputs(&b.commitment, sections, &mut checks);
    check_commitment(&b.commitment, &plan, &report, &mut checks);
    let seed = check_beacon(&b.commitment, &b.beacon, seams.nist, &mut checks);
    (checks, report, seed)
}

/// Every document is of this format, and the directories are in canonical order.
pub(crate) fn check_format(b: &Bundle, checks: &mut Checks) {
    let c = &b.commitment;
    let mut fails = unsupported_formats(&[("bundle", &b.format), ("commitment", &c.format), ("inputs", &b.inputs.format)]);
    for p in plan::validate_directories(&b.inputs.directories).0 {
        fails.push(p.lines());
    }
    fails.extend(crate::wellformed::bundle(b).iter().map(Problem::lines));
    checks.push(CheckId::Format, vec![Text::new(format!("格式 {FORMAT}"), format!("format {FORMAT}"))], fails);
}

/// The inputs hash, section by section, to what the commitment published.
pub(crate) fn check_inputs(c: &Commitment, sections: Result<SectionHashes, Problem>, checks: &mut Checks) {
    let mut fails = Vec::new();
    match sections {
        Ok(s) => {
            for ((name, ours), (_, theirs)) in s.entries().iter().zip(c.inputs.entries()) {
                if *ours != theirs {
                    fails.push(Text::new(
                        format!("{}与承诺不符（承诺 {}…，实际 {}…）", section_zh(name), short(theirs), short(ours)),
                        format!("the {name} section differs from the commitment (committed {}…, found {}…)", short(theirs), short(ours)),
                    ));
                }
            }
        }
        Err(p) => fails.push(p.lines()),
    }
    let n = c.inputs.entries().len();
    let zh_n = ["零", "一", "二", "三", "四", "五", "六", "七"].get(n).copied().unwrap_or("各");
    let en_n = ["zero", "one", "two", "three", "four", "five", "six", "seven"].get(n).copied().unwrap_or("all");
    checks.push(
        CheckId::Inputs,
        vec![Text::new(format!("{zh_n}部分输入的哈希值均与承诺一致"), format!("all {en_n} input sections hash to the committed values"))],
        fails,
    );
}

/// The commitment is intact, names this plan, and published the pools and counts
/// the inputs give; the plan is feasible.
pub(crate) fn check_commitment(c: &Commitment, plan: &crate::model::Plan, report: &PlanReport, checks: &mut Checks) {
    let mut fails = Vec::new();
    fails.extend(commitment_hash_mismatch(c));
    let summaries = task_summaries(plan, report);
    if summaries != c.tasks {
        for (ours, theirs) in summaries.iter().zip(&c.tasks) {
            if ours != theirs {
                fails.push(Text::new(
                    format!(
                        "任务 {}：承诺公布企业池 {} 家、抽取 {} 家，按输入重新计算为 {} 家、{} 家（或分层不同）",
                        ours.number, theirs.pool, theirs.count, ours.pool, ours.count
                    ),
                    format!(
                        "task {}: the commitment states a pool of {} drawing {}, the inputs give {} drawing {} (or different strata)",
                        ours.number, theirs.pool, theirs.count, ours.pool, ours.count
                    ),
                ));
            }
        }
        if summaries.len() != c.tasks.len() {
            fails.push(Text::new(
                format!("承诺有 {} 个任务，计划有 {} 个", c.tasks.len(), summaries.len()),
                format!("the commitment lists {} tasks, the plan has {}", c.tasks.len(), summaries.len()),
            ));
        }
    }
    if c.department != plan.department || c.plan.number != plan.number || c.plan.name != plan.name || c.plan.year != plan.year {
        fails.push(Text::new(
            "承诺中的部门、计划编号、名称或年度与计划不符",
            "the commitment's department, plan number, name or year differ from the plan",
        ));
    }
    fails.extend(chain_rule(c));
    if report.problems.has_errors() {
        for p in report.problems.errors().take(5) {
            fails.push(p.lines().after("计划不可执行", "the plan is infeasible"));
        }
    }
    checks.push(CheckId::Commitment, vec![commitment_named(c)], fails);
}

/// The draw, recomputed from the seed, is the published result, and the result hash
/// is the published result's.
fn check_result(b: &Bundle, report: &PlanReport, seed: Option<&Hash>, checks: &mut Checks) {
    let mut fails = Vec::new();
    match seed {
        Some(seed) => {
            let ours = draw::draw(&format1_plan(&b.inputs.plan), &b.inputs.directories, report, seed);
            compare_results(&ours, &b.result, &mut fails);
            let stated = &b.result_sha256;
            let computed = hex(&draw::result_digest(&b.result));
            if *stated != computed {
                fails.push(Text::new("结果哈希值与公布结果不符", "the result hash does not match the published result"));
            }
        }
        None => fails.push(Text::new(
            "信标未通过验证，无法重新计算抽取结果",
            "the beacon did not verify, so the draw cannot be recomputed",
        )),
    }
    let selected: usize = b.result.tasks.iter().map(|t| t.selected.len()).sum();
    checks.push(
        CheckId::Result,
        vec![Text::new(
            format!("重新计算的 {selected} 家企业及其检查组、检查事项与公布结果完全一致"),
            format!("the {selected} selected firms, their teams and items recompute identically"),
        )],
        fails,
    );
}

/// Checks a sealed result (结果封存公告): the commitment is intact, the beacon
/// verifies for the committed round and came after the commitment. Its result hash
/// can only be checked against the full bundle, once published (the 公示 index does).
/// The verdict is `sealed` when all checks pass (`rehearsal` for a rehearsal).
pub fn verify_sealed(s: &crate::sealed::Sealed) -> Report {
    verify_sealed_with(s, Seams::FULL)
}

fn verify_sealed_with(s: &crate::sealed::Sealed, seams: Seams) -> Report {
    let nist = seams.nist;
    let mut checks = Checks::new(seams.progress);
    let c = &s.commitment;
    let mut fails = unsupported_formats(&[("sealed result", &s.format), ("commitment", &c.format)]);
    if s.document != crate::sealed::SEALED_DOCUMENT {
        fails.push(Text::new(
            format!("文件类型“{}”不是结果封存公告（{}）", s.document, crate::sealed::SEALED_DOCUMENT),
            format!("document “{}” is not a sealed result ({})", s.document, crate::sealed::SEALED_DOCUMENT),
        ));
    }
    fails.extend(crate::wellformed::sealed(s).iter().map(Problem::lines));
    checks.push(CheckId::Format, vec![Text::new(format!("格式 {FORMAT}，结果封存公告"), format!("format {FORMAT}, sealed result"))], fails);

    let commitment_fails = commitment_hash_mismatch(c).into_iter().chain(chain_rule(c)).collect();
    checks.push(CheckId::Commitment, vec![commitment_named(c)], commitment_fails);
    let seed = check_beacon(c, &s.beacon, nist, &mut checks);
    if let Some(early) = reveal_too_early_at(&s.commitment, &s.reveal_after) {
        checks.fail(CheckId::Timing, early);
    }
    let mut report = finish_for(checks, c, seed.map(|h| hex(&h)).unwrap_or_default());
    if report.verdict == Verdict::Valid {
        report.verdict = Verdict::Sealed;
    }
    report.sealed_result_sha256 = s.result_sha256.clone();
    report.reveal_after = s.reveal_after.clone();
    report.document = crate::v2::SEALED.to_string();
    report
}

/// SPEC §7.1: the list cannot be due before the draw that made it (China's day of
/// the committed round's emission).
pub(crate) fn reveal_too_early_at(c: &Commitment, reveal_after: &str) -> Option<Text> {
    let chain = beacon::chain_by_hash(&c.beacon.chain_hash)?;
    if !chain.round_in_bounds(c.beacon.round) {
        return None;
    }
    let emitted = chain.round_time(c.beacon.round);
    let emission_day = crate::time::format_china(emitted)[..10].to_string();
    (crate::time::is_date(reveal_after) && *reveal_after < *emission_day).then(|| {
        Text::new(
            format!("公布日期 {} 早于抽取当天 {}（北京时间）", reveal_after, emission_day),
            format!("reveal_after {} is before the day of the draw, {} (China time)", reveal_after, emission_day),
        )
    })
}

/// A failure for each document whose `format` is not this format.
pub(crate) fn unsupported_formats(documents: &[(&str, &str)]) -> Vec<Text> {
    documents
        .iter()
        .filter(|(_, f)| *f != FORMAT)
        .map(|(what, f)| Text::new(format!("{what} 的格式“{f}”不受支持"), format!("{what} has unsupported format “{f}”")))
        .collect()
}

/// The failure when the commitment was changed after it was hashed.
pub(crate) fn commitment_hash_mismatch(c: &Commitment) -> Option<Text> {
    let recomputed = hex(&c.compute_hash());
    (recomputed != c.commitment).then(|| {
        Text::new(
            format!("承诺文件的哈希值与其内容不符（文件中 {}…，按内容计算 {}…）", short(&c.commitment), short(&recomputed)),
            format!("the commitment's hash does not match its content (stated {}…, computed {}…)", short(&c.commitment), short(&recomputed)),
        )
    })
}

/// SPEC §3.4's chain rule, as the commitment was made under it.
pub(crate) fn chain_rule(c: &Commitment) -> Option<Text> {
    crate::protocol::chain_rule(c.sequence, &c.previous).map(|p| p.lines())
}

pub(crate) fn commitment_named(c: &Commitment) -> Text {
    Text::new(format!("承诺 {}，第 {} 号", c.commitment, c.sequence), format!("commitment {}, number {}", c.commitment, c.sequence))
}

/// What the beacon check found of the NIST pulse.
enum NistCheck {
    /// The commitment names no pulse and the evidence carries none.
    NotCommitted,
    /// The committed pulse, verified.
    Verified(VerifiedNist),
    /// Missing, not committed, or not the committed one: no seed can be derived.
    Failed,
}

/// The beacon and timing checks of a commitment and the beacon values given for it,
/// shared by bundles and sealed results; the seed when the beacon verified.
pub(crate) fn check_beacon(c: &Commitment, evidence: &BeaconEvidence, nist: NistVerifier, checks: &mut Checks) -> Option<Hash> {
    let chain = beacon::chain_by_hash(&c.beacon.chain_hash);
    let mut fails = Vec::new();
    let drand = check_drand(c, chain, &evidence.drand, &mut fails);
    let mut found = vec![Text::new(
        format!("drand {} 第 {} 轮，签名有效", c.beacon.chain, c.beacon.round),
        format!("drand {} round {}, signature valid", c.beacon.chain, c.beacon.round),
    )];
    let nist = check_nist(c, evidence, nist, &mut found, &mut fails);
    checks.push(CheckId::Beacon, found, fails);

    let mut found = Vec::new();
    let mut fails = Vec::new();
    match chain {
        Some(chain) => check_round_timing(c, chain, &mut found, &mut fails),
        None => fails.push(Text::new("信标链未知，无法核对时间", "unknown beacon chain: the times cannot be checked")),
    }
    if let Some(committed) = &c.beacon.nist {
        check_nist_timing(c, committed, &mut found, &mut fails);
    }
    checks.push(CheckId::Timing, found, fails);

    let commitment_hash = unhex32(&c.commitment)?;
    match (chain, drand, nist) {
        (Some(chain), Some(drand), NistCheck::NotCommitted) => Some(seed_from_evidence(&commitment_hash, chain, &drand, None)),
        (Some(chain), Some(drand), NistCheck::Verified(n)) => Some(seed_from_evidence(&commitment_hash, chain, &drand, Some(&n))),
        _ => None,
    }
}

/// The committed chain and the drand round given for it; the round when it verifies.
fn check_drand(c: &Commitment, chain: Option<&ChainInfo>, round: &DrandRound, fails: &mut Vec<Text>) -> Option<VerifiedDrand> {
    let Some(chain) = chain else {
        fails.push(Text::new("承诺中的信标链未知", "the committed beacon chain is unknown"));
        return None;
    };
    if chain.name != c.beacon.chain {
        fails.push(Text::new("承诺中的信标链名称与链哈希不符", "the committed chain name does not match its hash"));
    }
    match beacon::verify_drand(chain, c.beacon.round, round) {
        Ok(v) => Some(v),
        Err(e) => {
            fails.push(e.text().after("drand", "drand"));
            None
        }
    }
}

/// The NIST pulse: given exactly when committed, verifying, and the committed one.
fn check_nist(c: &Commitment, evidence: &BeaconEvidence, verify_nist: NistVerifier, found: &mut Vec<Text>, fails: &mut Vec<Text>) -> NistCheck {
    let (committed, pulse) = match (&c.beacon.nist, &evidence.nist_pulse) {
        (None, None) => return NistCheck::NotCommitted,
        (Some(committed), None) => {
            fails.push(Text::new(
                format!("NIST：承诺指定了第 {} 链 {} 的脉冲，但验证文件中没有 NIST 脉冲", committed.chain_index, committed.time_stamp),
                format!("NIST: the commitment names the pulse of chain {} at {}, but the bundle carries no NIST pulse", committed.chain_index, committed.time_stamp),
            ));
            return NistCheck::Failed;
        }
        (None, Some(p)) => {
            fails.push(Text::new(
                format!("NIST：验证文件带有第 {} 号脉冲，但承诺没有指定 NIST 脉冲", p.pulse_index),
                format!("NIST: the bundle carries pulse {}, but the commitment names no NIST pulse", p.pulse_index),
            ));
            return NistCheck::Failed;
        }
        (Some(committed), Some(p)) => (committed, p),
    };
    let v = match verify_nist(pulse) {
        Ok(v) => v,
        Err(e) => {
            fails.push(e.text().after("NIST", "NIST"));
            return NistCheck::Failed;
        }
    };
    if let Err(problem) = check_committed_nist(committed, &v) {
        fails.push(problem.lines().after("NIST", "NIST"));
        return NistCheck::Failed;
    }
    found.push(Text::new(
        format!("NIST 第 {} 链第 {} 号脉冲（{}），签名有效，证书 {}", v.chain_index, v.pulse_index, v.time_stamp, v.certificate_subject),
        format!("NIST chain {} pulse {} ({}), signature valid, certificate {}", v.chain_index, v.pulse_index, v.time_stamp, v.certificate_subject),
    ));
    NistCheck::Verified(v)
}

/// The stated emission time of the round, and that the round came after the commitment.
fn check_round_timing(c: &Commitment, chain: &ChainInfo, found: &mut Vec<Text>, fails: &mut Vec<Text>) {
    if let Err(t) = chain.check_round_bounds(c.beacon.round) {
        fails.push(t);
        return;
    }
    let at = chain.round_time(c.beacon.round);
    let stated = crate::time::format_utc(at);
    if stated != c.beacon.emission_time {
        fails.push(Text::new(
            format!("承诺写明的信标产生时间 {} 与该轮次的实际时间 {} 不符", c.beacon.emission_time, stated),
            format!("the commitment states emission at {} but the round is emitted at {}", c.beacon.emission_time, stated),
        ));
    }
    match time_member("committed_at", &c.committed_at) {
        Ok(committed) if committed < at => found.push(Text::new(
            format!(
                "承诺时间 {}，信标产生时间 {}（晚 {}）",
                crate::time::format_china(committed),
                crate::time::format_china(at),
                duration_zh(at - committed)
            ),
            format!(
                "committed at {}, round emitted at {} ({} later)",
                crate::time::format_utc(committed),
                crate::time::format_utc(at),
                duration_en(at - committed)
            ),
        )),
        Ok(_) if c.rehearsal => found.push(Text::new(
            format!("演练：使用了承诺前已产生的信标轮次（{}）", crate::time::format_china(at)),
            format!("rehearsal: the round was emitted before the commitment ({})", crate::time::format_utc(at)),
        )),
        Ok(committed) => fails.push(Text::new(
            format!(
                "信标轮次产生于 {}，早于承诺时间 {}：承诺时随机数已经公开",
                crate::time::format_china(at),
                crate::time::format_china(committed)
            ),
            format!(
                "the round was emitted at {}, before the commitment at {}: the randomness was already public",
                crate::time::format_utc(at),
                crate::time::format_utc(committed)
            ),
        )),
        Err(t) => fails.push(t),
    }
}

/// A TIME member as an instant; one in another form cannot be compared (SPEC §8
/// check 5: it fails here too).
fn time_member(member: &str, value: &str) -> Result<i64, Text> {
    crate::time::parse_time(value).ok_or_else(|| {
        Text::new(
            format!("{member}“{}”不是 YYYY-MM-DDTHH:MM:SSZ 形式的时间，无法比较先后", crate::read::excerpt(value, 40)),
            format!("{member} “{}” is not a time written YYYY-MM-DDTHH:MM:SSZ, so it cannot be compared", crate::read::excerpt(value, 40)),
        )
    })
}

/// That the committed NIST pulse came after the commitment. The committed time, not
/// the pulse's: the beacon check ties the two together, and this way the timing
/// stands on its own when the pulse is missing.
fn check_nist_timing(c: &Commitment, committed: &NistRef, found: &mut Vec<Text>, fails: &mut Vec<Text>) {
    match (time_member("committed_at", &c.committed_at), time_member("beacon.nist.time_stamp", &committed.time_stamp)) {
        (Ok(committed_at), Ok(at)) if committed_at < at => found.push(Text::new(
            format!("NIST 脉冲时间 {}（晚于承诺 {}）", crate::time::format_china(at), duration_zh(at - committed_at)),
            format!("NIST pulse at {} ({} after the commitment)", crate::time::format_utc(at), duration_en(at - committed_at)),
        )),
        (Ok(_), Ok(at)) if c.rehearsal => found.push(Text::new(
            format!("演练：使用了承诺前已产生的 NIST 脉冲（{}）", crate::time::format_china(at)),
            format!("rehearsal: the NIST pulse was emitted before the commitment ({})", crate::time::format_utc(at)),
        )),
        (Ok(committed_at), Ok(at)) => fails.push(Text::new(
            format!(
                "NIST 脉冲产生于 {}，不晚于承诺时间 {}：承诺时该随机数已经公开",
                crate::time::format_china(at),
                crate::time::format_china(committed_at)
            ),
            format!(
                "the NIST pulse was emitted at {}, not after the commitment at {}: its value was already public",
                crate::time::format_utc(at),
                crate::time::format_utc(committed_at)
            ),
        )),
        (Err(t), _) | (_, Err(t)) => fails.push(t),
    }
}

/// What a passing verdict rests on when no witness proves the commitment's time:
/// that this commitment was public before its round existed.
pub fn publication_condition(c: &Commitment) -> Text {
    let emitted = beacon::chain_by_hash(&c.beacon.chain_hash)
        .filter(|chain| chain.round_in_bounds(c.beacon.round))
        .map(|chain| chain.round_time(c.beacon.round));
    let (zh_at, en_at) = match emitted {
        Some(at) => (crate::time::format_china(at), crate::time::format_utc(at)),
        None => (c.beacon.emission_time.clone(), c.beacon.emission_time.clone()),
    };
    Text::new(
        format!(
            "前提：承诺 {} 在 {}（北京时间）之前已经公布。承诺的时间是组织方自己写的，没有外部见证；请与部门在此之前发布的公告上印的承诺哈希值逐位核对。",
            c.commitment, zh_at
        ),
        format!(
            "Provided that commitment {} was published before {} (when the beacon round was emitted). The commitment's time is the organiser's own statement, with no outside witness: compare the hash digit by digit with the one printed on the department's notice published before then.",
            c.commitment, en_at
        ),
    )
}

pub(crate) fn finish_for(checks: Checks, c: &Commitment, seed: String) -> Report {
    let all_ok = checks.0.iter().all(|c| c.ok);
    let verdict = match (all_ok, c.rehearsal) {
        (false, _) => Verdict::Invalid,
        (true, true) => Verdict::Rehearsal,
        (true, false) => Verdict::Valid,
    };
    let condition = (verdict != Verdict::Invalid).then(|| publication_condition(c));
    Report {
        verdict,
        witnessed: false,
        witnesses: Vec::new(),
        condition,
        checks: checks.0,
        plan_number: c.plan.number.clone(),
        plan_name: c.plan.name.clone(),
        department: c.department.clone(),
        chain: c.beacon.chain.clone(),
        round: c.beacon.round,
        emission_time: c.beacon.emission_time.clone(),
        committed_at: c.committed_at.clone(),
        commitment: c.commitment.clone(),
        seed,
        document: String::new(),
        sealed_result_sha256: String::new(),
        reveal_after: String::new(),
        opens_round: 0,
        opens_at: String::new(),
        reason: None,
        reason_detail: String::new(),
    }
}

/// The report of `checks`; without a bundle (it could not be read) only the checks.
fn finish(checks: Checks, b: Option<&Bundle>, seed: String) -> Report {
    match b {
        Some(b) => finish_for(checks, &b.commitment, seed),
        None => Report {
            verdict: if checks.0.iter().all(|c| c.ok) { Verdict::Valid } else { Verdict::Invalid },
            witnessed: false,
            witnesses: Vec::new(),
            condition: None,
            checks: checks.0,
            plan_number: String::new(),
            plan_name: String::new(),
            department: String::new(),
            chain: String::new(),
            round: 0,
            emission_time: String::new(),
            committed_at: String::new(),
            commitment: String::new(),
            seed,
            document: String::new(),
            sealed_result_sha256: String::new(),
            reveal_after: String::new(),
            opens_round: 0,
            opens_at: String::new(),
            reason: None,
            reason_detail: String::new(),
        },
    }
}

pub(crate) fn short(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

fn duration_zh(secs: i64) -> String {
    if secs >= 86_400 {
        format!("{} 天 {} 小时", secs / 86_400, secs % 86_400 / 3_600)
    } else if secs >= 3_600 {
        format!("{} 小时 {} 分", secs / 3_600, secs % 3_600 / 60)
    } else {
        format!("{} 分 {} 秒", secs / 60, secs % 60)
    }
}

fn duration_en(secs: i64) -> String {
    if secs >= 86_400 {
        format!("{} d {} h", secs / 86_400, secs % 86_400 / 3_600)
    } else if secs >= 3_600 {
        format!("{} h {} min", secs / 3_600, secs % 3_600 / 60)
    } else {
        format!("{} min {} s", secs / 60, secs % 60)
    }
}

pub(crate) fn names(team: &[draw::TeamMember]) -> String {
    team.iter().map(|m| format!("{}({})", m.name, m.id)).collect::<Vec<_>>().join("、")
}

/// Lists what differs between the recomputed (`ours`) and the published result.
fn compare_results(ours: &DrawResult, published: &DrawResult, fails: &mut Vec<Text>) {
    if ours.seed != published.seed {
        fails.push(Text::new(
            format!("公布的种子 {}… 与重新计算的种子 {}… 不同", short(&published.seed), short(&ours.seed)),
            format!("the published seed {}… differs from the recomputed seed {}…", short(&published.seed), short(&ours.seed)),
        ));
    }
    if ours.tasks.len() != published.tasks.len() {
        fails.push(Text::new(
            format!("公布结果有 {} 个任务，重新计算有 {} 个", published.tasks.len(), ours.tasks.len()),
            format!("the published result has {} tasks, the recomputation {}", published.tasks.len(), ours.tasks.len()),
        ));
    }
    for (o, p) in ours.tasks.iter().zip(&published.tasks) {
        compare_task(o, p, fails);
    }
}

fn compare_task(o: &TaskResult, p: &TaskResult, fails: &mut Vec<Text>) {
    let t = &o.number;
    if o.number != p.number || o.name != p.name || o.directed != p.directed {
        fails.push(Text::new(format!("任务 {t} 的编号、名称或类型与公布结果不同"), format!("task {t}: number, name or type differ")));
    }
    for (k, (os, ps)) in o.strata.iter().zip(&p.strata).enumerate() {
        if os != ps {
            let label = plan::stratum_label(&os.values, os.census);
            fails.push(Text::new(
                format!(
                    "任务 {t} 分层“{label}”：公布 {} 家中抽 {} 家、截止签号 {}…，重新计算为 {} 家中抽 {} 家、截止签号 {}…（或候补名单不同）",
                    ps.size,
                    ps.count,
                    short(&ps.cutoff),
                    os.size,
                    os.count,
                    short(&os.cutoff)
                ),
                format!(
                    "task {t} stratum {k} “{label}”: published {} drawing {} with cutoff {}…, recomputed {} drawing {} with cutoff {}… (or different reserves)",
                    ps.size,
                    ps.count,
                    short(&ps.cutoff),
                    os.size,
                    os.count,
                    short(&os.cutoff)
                ),
            ));
        }
    }
    if o.strata.len() != p.strata.len() {
        fails.push(Text::new(
            format!("任务 {t}：公布 {} 个分层，重新计算 {} 个", p.strata.len(), o.strata.len()),
            format!("task {t}: {} strata published, {} recomputed", p.strata.len(), o.strata.len()),
        ));
    }
    let ours: BTreeMap<&str, &Selection> = o.selected.iter().map(|s| (s.id.as_str(), s)).collect();
    let theirs: BTreeMap<&str, &Selection> = p.selected.iter().map(|s| (s.id.as_str(), s)).collect();
    for (id, s) in &theirs {
        if !ours.contains_key(id) {
            fails.push(Text::new(
                format!("任务 {t}：企业 {}（{id}）在公布结果中，但重新计算未被抽中", s.name),
                format!("task {t}: firm {} ({id}) is in the published result but is not selected on recomputation", s.name),
            ));
        }
    }
    for (id, s) in &ours {
        match theirs.get(id) {
            None => fails.push(Text::new(
                format!("任务 {t}：企业 {}（{id}）重新计算应被抽中，但公布结果中没有", s.name),
                format!("task {t}: firm {} ({id}) is selected on recomputation but missing from the published result", s.name),
            )),
            Some(p) => {
                if s.ticket != p.ticket || s.stratum != p.stratum || s.name != p.name {
                    fails.push(Text::new(
                        format!("任务 {t}：企业 {id} 的签号、分层或名称与公布结果不同"),
                        format!("task {t}: firm {id} has a different ticket, stratum or name"),
                    ));
                }
                if s.team != p.team || s.over_cap != p.over_cap || s.unfilled != p.unfilled {
                    fails.push(Text::new(
                        format!("任务 {t}：企业 {id} 的检查组不同：公布为 {}，重新计算为 {}", names(&p.team), names(&s.team)),
                        format!("task {t}: firm {id} has a different team: published {}, recomputed {}", names(&p.team), names(&s.team)),
                    ));
                }
                if s.items != p.items {
                    fails.push(Text::new(
                        format!("任务 {t}：企业 {id} 的检查事项不同：公布为 {}，重新计算为 {}", p.items.join("、"), s.items.join("、")),
                        format!("task {t}: firm {id} has different items: published {}, recomputed {}", p.items.join(", "), s.items.join(", ")),
                    ));
                }
            }
        }
    }
    let order_ours: Vec<&str> = o.selected.iter().map(|s| s.id.as_str()).collect();
    let order_theirs: Vec<&str> = p.selected.iter().map(|s| s.id.as_str()).collect();
    if order_ours != order_theirs && ours.keys().eq(theirs.keys()) {
        fails.push(Text::new(format!("任务 {t}：抽中企业的排列顺序与签号顺序不符"), format!("task {t}: the selected firms are not in ticket order")));
    }
}

named_enum! {
    /// Where a firm stands in one task.
    pub enum LookupStatus {
        Selected = "selected",
        NotSelected = "not_selected",
        /// Kept out of the pool by the yearly cap or an inspection by the level above.
        Excluded = "excluded",
        /// Outside the task's 定向 conditions.
        OutOfScope = "out_of_scope",
        /// Its 登记状态 is not active.
        Inactive = "inactive",
        /// Format 2: a declared replacement (候补) of its stratum.
        Reserve = "reserve",
        /// Format 2: no token of this firm is in the task's pool (the public
        /// document does not say which rule kept it out).
        NotInPool = "not_in_pool",
    }
}

/// One firm's outcome in one task, for 查询我的企业.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmOutcome {
    pub task: String,
    pub task_name: String,
    pub status: LookupStatus,
    pub ticket: String,
    pub stratum: String,
    pub stratum_size: u64,
    pub stratum_count: u64,
    /// The firm's place in its stratum by ticket, from 1 (the smallest tickets are
    /// drawn); 0 outside a pool and in a 100 % stratum.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rank: u64,
    pub cutoff: String,
    /// The firm's inspection group (format 2, SPEC §10.10); 0 for none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub group: u64,
    pub team: Vec<draw::TeamMember>,
    pub items: Vec<String>,
    pub reason_zh: String,
    pub reason_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lookup {
    /// The ID as normalised for the search.
    pub id: String,
    pub name: String,
    /// False when the ID is not in the committed directory.
    pub found: bool,
    pub outcomes: Vec<FirmOutcome>,
    /// When nothing was found: why the query cannot be a 统一社会信用代码 at all (a
    /// wrong check character is most often a typing error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_problem: Option<Text>,
    /// Format 2: the firm is not named in the public document, so its outcome
    /// needs its 核验码.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_key: bool,
    /// Format 2: why the 核验码 given cannot be used (not a code, or not this firm's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_problem: Option<Text>,
    /// A name that fits several firms (or only part of their names): each of them, to
    /// choose from. Empty when the query named one firm.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
}

/// A firm a name query could mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
}

/// How many firms a name query lists at most.
pub const MAX_CANDIDATES: usize = 50;

/// A name as a search compares it: the model's form, full-width folded, without
/// spaces, ASCII lower-cased — so “秦皇岛 某某（有限）公司” typed any way is found.
fn name_key(s: &str) -> String {
    crate::text::fold_width(&crate::text::clean(s)).chars().filter(|c| !crate::text::is_space(*c)).collect::<String>().to_ascii_lowercase()
}

/// Whether a query was meant as a code: letters and digits only.
pub(crate) fn meant_as_code(q: &str) -> bool {
    !q.is_empty() && q.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The firms (id, name) a name query means: those whose whole name it is, or else
/// those whose name contains it; at most [`MAX_CANDIDATES`], in the given order.
pub(crate) fn name_matches<'a>(firms: impl Iterator<Item = (&'a str, &'a str)> + Clone, query: &str) -> Vec<Candidate> {
    let q = name_key(query);
    if q.is_empty() {
        return Vec::new();
    }
    let pick = |whole: bool| -> Vec<Candidate> {
        firms
            .clone()
            .filter(|(_, name)| {
                let n = name_key(name);
                if whole { n == q } else { n.contains(&q) }
            })
            .take(MAX_CANDIDATES)
            .map(|(id, name)| Candidate { id: id.to_string(), name: name.to_string() })
            .collect()
    };
    let whole = pick(true);
    if whole.is_empty() { pick(false) } else { whole }
}

/// Why a query cannot be a 统一社会信用代码 at all, if it cannot (a wrong check
/// character is most often a typing error).
pub(crate) fn id_problem(q: &str) -> Option<Text> {
    crate::wellformed::enterprise_id(q).err().map(|fault| {
        Text::new(
            format!("“{}”不是有效的统一社会信用代码：{}", crate::wellformed::visible(q), fault.zh()),
            format!("“{}” is not a valid unified social credit code: {}", crate::wellformed::visible(q), fault.en()),
        )
    })
}

/// Finds a firm by 统一社会信用代码 (or exact name) and explains its outcome in each
/// task from the bundle's own data, recomputing its ticket from the seed.
pub fn lookup(b: &Bundle, query: &str) -> Lookup {
    let q = crate::text::fold_id(query);
    let d = &b.inputs.directories;
    let mut candidates = Vec::new();
    let index = d.enterprises.binary_search_by(|e| e.id.as_str().cmp(&q)).ok().or_else(|| {
        candidates = name_matches(d.enterprises.iter().map(|e| (e.id.as_str(), e.name.as_str())), query);
        match candidates.as_slice() {
            [one] => d.enterprises.binary_search_by(|e| e.id.as_str().cmp(&one.id)).ok(),
            _ => None,
        }
    });
    let Some(index) = index else {
        // A query of letters and digits was meant as a code; anything else as a name.
        let id_problem = id_problem(&q).filter(|_| meant_as_code(&q) && candidates.is_empty());
        return Lookup { id: q, name: String::new(), found: false, outcomes: Vec::new(), id_problem, needs_key: false, key_problem: None, candidates };
    };
    let e = &d.enterprises[index];
    let report = plan::evaluate(&format1_plan(&b.inputs.plan), d);
    let seed = unhex32(&b.result.seed).unwrap_or_default();
    let outcomes = b
        .inputs
        .plan
        .tasks
        .iter()
        .zip(&report.tasks)
        .zip(&b.result.tasks)
        .map(|((task, pool), result)| firm_outcome(b, index, task, pool, result, &seed))
        .collect();
    Lookup { id: e.id.clone(), name: e.name.clone(), found: true, outcomes, id_problem: None, needs_key: false, key_problem: None, candidates: Vec::new() }
}

/// The outcome of the firm at `index` of the directory in one task.
fn firm_outcome(b: &Bundle, index: usize, task: &Task, pool: &TaskPool, result: &TaskResult, seed: &Hash) -> FirmOutcome {
    let e = &b.inputs.directories.enterprises[index];
    let (status, reason) = match pool.membership[index] {
        Membership::Stratum(k) => {
            return outcome_in_stratum(&b.inputs.directories.enterprises, index, task, &pool.strata[k as usize], k as usize, result, seed)
        }
        Membership::Inactive => (
            LookupStatus::Inactive,
            Text::new(
                format!("登记状态为“{}”，不在抽查范围内（只抽取存续企业）", e.status),
                format!("its registration status is “{}”; only active firms are drawn", e.status),
            ),
        ),
        Membership::YearlyCap(n) => (
            LookupStatus::Excluded,
            Text::new(
                format!("本年度已被本部门检查 {n} 次，达到每年最多 {} 次的上限，依规排除", b.inputs.plan.rules.yearly_cap),
                format!("already inspected {n} times this year by this department, the yearly cap of {}", b.inputs.plan.rules.yearly_cap),
            ),
        ),
        Membership::HigherLevel => (
            LookupStatus::Excluded,
            Text::new("本年度已被上级部门检查，依规排除", "already inspected this year by the level above, so excluded"),
        ),
        Membership::OutOfScope(k) => {
            let c = &task.filter[k as usize];
            (
                LookupStatus::OutOfScope,
                Text::new(
                    format!("不符合本任务的抽查范围（条件：{} {} {}）", c.field, if c.op == "in" { "属于" } else { "不属于" }, c.values.join("、")),
                    format!("outside the task's scope (condition: {} {} {})", c.field, c.op, c.values.join(", ")),
                ),
            )
        }
    };
    FirmOutcome {
        task: task.number.clone(),
        task_name: task.name.clone(),
        status,
        ticket: String::new(),
        stratum: String::new(),
        stratum_size: 0,
        stratum_count: 0,
        rank: 0,
        cutoff: String::new(),
        group: 0,
        team: Vec::new(),
        items: Vec::new(),
        reason_zh: reason.zh,
        reason_en: reason.en,
    }
}

/// 1 + how many of `tickets` are smaller than `mine`: a firm's place when a stratum's
/// tickets are sorted, the smallest first.
pub(crate) fn rank_among(mine: &Hash, tickets: impl Iterator<Item = Hash>) -> u64 {
    1 + tickets.filter(|t| t < mine).count() as u64
}

/// A firm's outcome in words that need no hex: its place by ticket against how many
/// its stratum draws (`selected` for the drawn ones).
pub(crate) fn ranked_reason(size: u64, count: u64, rank: u64, selected: bool) -> Text {
    if selected {
        Text::new(
            format!("本层共 {size} 家，按签号从小到大抽前 {count} 家；本企业排第 {rank} 位，被抽中"),
            format!("its stratum has {size} firms and the {count} with the smallest tickets are drawn; this firm is number {rank}: selected"),
        )
    } else {
        Text::new(
            format!("本层共 {size} 家，按签号从小到大抽前 {count} 家；本企业排第 {rank} 位，未被抽中"),
            format!("its stratum has {size} firms and the {count} with the smallest tickets are drawn; this firm is number {rank}: not selected"),
        )
    }
}

/// The outcome of a firm in the pool: its ticket against its stratum's cutoff.
fn outcome_in_stratum(
    enterprises: &[Enterprise],
    index: usize,
    task: &Task,
    st: &plan::Stratum,
    k: usize,
    result: &TaskResult,
    seed: &Hash,
) -> FirmOutcome {
    let e = &enterprises[index];
    let selection = result.selected.iter().find(|s| s.id == e.id);
    let hasher = draw::TicketHasher::new(seed, &task.number);
    let ticket = hasher.ticket(&e.id);
    let rank = if st.census {
        0
    } else {
        rank_among(&ticket, st.members.iter().filter_map(|&m| enterprises.get(m as usize)).map(|m| hasher.ticket(&m.id)))
    };
    let (status, reason) = match selection {
        Some(_) if st.census => (
            LookupStatus::Selected,
            Text::new("属于 100% 抽查的分层（如黑名单），必然被抽中", "in a 100 % stratum (e.g. blacklist): always selected"),
        ),
        Some(_) => (LookupStatus::Selected, ranked_reason(st.size(), st.count, rank, true)),
        None => (LookupStatus::NotSelected, ranked_reason(st.size(), st.count, rank, false)),
    };
    FirmOutcome {
        task: task.number.clone(),
        task_name: task.name.clone(),
        status,
        ticket: hex(&ticket),
        stratum: st.label(),
        stratum_size: st.size(),
        stratum_count: st.count,
        rank,
        cutoff: result.strata.get(k).map(|s| s.cutoff.clone()).unwrap_or_default(),
        group: 0,
        team: selection.map(|s| s.team.clone()).unwrap_or_default(),
        items: selection.map(|s| s.items.clone()).unwrap_or_default(),
        reason_zh: reason.zh,
        reason_en: reason.en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_keep_their_json_names() {
        let names = |json: String| json.trim_matches('"').to_string();
        for id in CheckId::ALL {
            assert_eq!(names(serde_json::to_string(&id).unwrap()), id.as_str());
        }
        assert_eq!(serde_json::to_string(&Verdict::Rehearsal).unwrap(), r#""rehearsal""#);
        assert_eq!(serde_json::to_string(&LookupStatus::NotSelected).unwrap(), r#""not_selected""#);
        assert_eq!(serde_json::from_str::<LookupStatus>(r#""out_of_scope""#).unwrap(), LookupStatus::OutOfScope);
        assert_eq!(serde_json::to_string(&draw::Role::Expert).unwrap(), r#""expert""#);
    }
}
