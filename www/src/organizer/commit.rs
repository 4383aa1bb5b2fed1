//! The 承诺 page's logic: whether the project can be committed, which beacon round
//! a China-time moment names, the lead the site requires before that round, the
//! department's chain of commitments, and the files the commitment is published and
//! kept as. Pure: the page passes in the browser's clock and random salt.
//!
//! A project's commitments are kept in the project itself (so the draft and the
//! project file hold them): each record is the full public commitment plus the
//! salt. While the project is locked, its plan and directories are exactly the
//! committed ones, so the private inputs are the project's own plan and directories
//! with that salt; [`current`] rebuilds them and checks them against the
//! commitment's section hashes before anything uses them. This keeps one copy of
//! the directories in the draft instead of two.

use fairdraw::beacon::{self, ChainInfo};
use fairdraw::organizer::committed_inputs2;
use fairdraw::plan::PlanReport;
use fairdraw::problem::Problem;
use fairdraw::protocol::{self, CommitOptions, Commitment, Inputs};
use fairdraw::time::{format_china, parse_rfc3339};

use super::project::Project;

/// The chain of commitments and the record of one are the application crate's,
/// shared with the command line.
pub use fairdraw::organizer::{chain_start_from_previous, parse_chain_start, ChainLink, CommitRecord};

/// The shortest time from committing in the browser to the committed round: one
/// hour. The 公告 has to be approved and put on the department's website (or notice
/// board) before the randomness exists, which takes longer than the ten minutes the
/// command line requires of an operator at a terminal; and a browser's clock may be
/// minutes off, which an hour absorbs.
pub const MIN_LEAD_SECONDS: i64 = 3600;

/// The chain a new commitment names unless the organiser picks another: quicknet,
/// whose unchained rounds every three seconds let a round be named to the second.
pub const DEFAULT_CHAIN: &str = "quicknet";

/// What a commitment of the project is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordStatus {
    /// The last commitment, and the project is locked to it: the one to draw.
    Current,
    /// The last commitment, but the project was unlocked to change it: the next
    /// commitment will supersede it. It is never drawn.
    Withdrawn,
    /// A later commitment (of this number) replaced it.
    Superseded(u64),
}

impl RecordStatus {
    pub fn code(self) -> &'static str {
        match self {
            RecordStatus::Current => "current",
            RecordStatus::Withdrawn => "withdrawn",
            RecordStatus::Superseded(_) => "superseded",
        }
    }
}

/// The status of each of the project's commitments, in order.
pub fn statuses(project: &Project) -> Vec<RecordStatus> {
    let records = &project.commitments;
    records
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let c = &record.commitment;
            let successor = records[i + 1..].iter().find(|r| fairdraw::organizer::in_chain(&r.commitment, &c.department, c.rehearsal));
            match successor {
                Some(next) => RecordStatus::Superseded(next.sequence()),
                None if project.locked && i + 1 == records.len() => RecordStatus::Current,
                None => RecordStatus::Withdrawn,
            }
        })
        .collect()
}

/// The sequence number and previous hash the project's next commitment carries:
/// after its own last commitment of the same chain (the plan's department, real or
/// rehearsal); for a first real one, where it was set to continue, else where the
/// department's chain stood when an earlier project was replaced.
pub fn next_link(project: &Project, rehearsal: bool) -> ChainLink {
    let department = &project.plan.department;
    let known = if rehearsal { &project.rehearsal_chains } else { &project.chains }.get(department);
    let start = match known {
        Some(known) if rehearsal || project.chain_start == ChainLink::default() => known.clone(),
        _ if rehearsal => ChainLink::default(),
        _ => project.chain_start.clone(),
    };
    fairdraw::organizer::next_link(&project.commitments, &start, department, rehearsal)
}

/// Why the project cannot be committed yet, besides the plan's own problems.
pub fn missing_parts(project: &Project) -> Vec<Problem> {
    let mut out = Vec::new();
    let d = &project.directories;
    if d.enterprises.is_empty() {
        out.push(Problem::new(
            "尚未导入检查对象名录（在“计划”页导入）",
            "the enterprise directory is not imported yet (on the Plan page)",
        ));
    }
    if d.inspectors.is_empty() {
        out.push(Problem::new(
            "尚未导入执法检查人员名录（在“计划”页导入）",
            "the inspector directory is not imported yet (on the Plan page)",
        ));
    }
    let plan = &project.plan;
    if plan.department.trim().is_empty() {
        out.push(Problem::new("计划没有填写组织抽查的部门", "the plan does not name the organising department"));
    }
    if plan.number.trim().is_empty() {
        out.push(Problem::new("计划没有编号", "the plan has no number"));
    }
    if plan.tasks.is_empty() {
        out.push(Problem::new("计划中没有抽查任务", "the plan has no task"));
    }
    out
}

/// Everything that stops a commitment now: missing parts, then the plan's errors
/// (an infeasible plan is never committed). Empty when the project is ready.
pub fn readiness(project: &Project, report: &PlanReport) -> Vec<Problem> {
    let mut out = missing_parts(project);
    out.extend(report.problems.0.iter().filter(|p| !p.warning).cloned());
    out
}

/// A moment typed as the date-time field gives it (`2026-12-01T09:00`, seconds
/// optional), read as China time; a full RFC 3339 time with its own offset is
/// taken as written.
pub fn parse_china_time(text: &str) -> Result<i64, Problem> {
    let t = text.trim();
    let bad = || {
        Problem::new(
            format!("“{t}”不是有效的日期和时间，应写成 2026-12-01 09:00（北京时间）"),
            format!("“{t}” is not a valid date and time; write it as 2026-12-01 09:00 (China time)"),
        )
    };
    if t.is_empty() {
        return Err(Problem::new(
            "请填写抽取的日期和时间（北京时间）",
            "enter the date and time of the draw (China time)",
        ));
    }
    let full = match t.len() {
        16 => format!("{t}:00+08:00"),
        19 => format!("{t}+08:00"),
        _ => t.to_string(),
    };
    parse_rfc3339(&full).map_err(|_| bad())
}

/// Unix seconds as the date-time field shows them: China time, to the minute.
pub fn china_field(unix: i64) -> String {
    format_china(unix).chars().take(16).collect()
}

/// A sensible first suggestion: 09:00 China time on the day after tomorrow, at least
/// a day away, so that the 公告 can be published in office hours.
pub fn suggested_time(now: i64) -> String {
    let china_day = (now + fairdraw::time::CHINA_OFFSET_SECONDS).div_euclid(86_400);
    let at = (china_day + 2) * 86_400 + 9 * 3600 - fairdraw::time::CHINA_OFFSET_SECONDS;
    china_field(at)
}

/// The round a commitment names and when it is emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundChoice {
    pub chain: &'static ChainInfo,
    pub round: u64,
    /// Unix seconds.
    pub emission: i64,
}

pub fn chain(name: &str) -> Result<&'static ChainInfo, Problem> {
    beacon::chain_by_name(name).ok_or_else(|| beacon::unknown_chain(name).to_problem())
}

/// The round named by the form: in a rehearsal a round number typed directly (a
/// past, recorded round); otherwise the first round at or after the China-time
/// moment.
pub fn choose_round(chain_name: &str, at: &str, rehearsal: bool, round: &str) -> Result<RoundChoice, Problem> {
    let chain = chain(chain_name)?;
    let typed = fairdraw::import::normalize::fold_width(round.trim());
    let round = if rehearsal && !typed.trim().is_empty() {
        match typed.trim().parse::<u64>() {
            Ok(r) if r >= 1 => r,
            _ => {
                return Err(Problem::new(
                    format!("轮次应为正整数，“{}”不是", round.trim()),
                    format!("the round must be a positive whole number, not “{}”", round.trim()),
                ))
            }
        }
    } else {
        chain.round_at_or_after(parse_china_time(at)?)
    };
    Ok(RoundChoice { chain, round, emission: chain.round_time(round) })
}

/// The core's rule with the site's lead: a real draw names a round at least
/// [`MIN_LEAD_SECONDS`] after `now`; a rehearsal any round.
pub fn check_lead(choice: &RoundChoice, now: i64, rehearsal: bool) -> Result<(), Problem> {
    protocol::check_round_is_future(choice.chain, choice.round, now, MIN_LEAD_SECONDS, rehearsal)
}

/// A salt as typed: empty (the page then draws one), or hex of whole bytes.
pub fn parse_salt(text: &str) -> Result<String, Problem> {
    let t = text.trim().to_ascii_lowercase();
    if t.len() % 2 == 0 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(t)
    } else {
        Err(Problem::new(
            "盐值应为十六进制（0–9、a–f），位数为偶数；留空则自动随机生成",
            "the salt must be hexadecimal (0–9, a–f) with an even number of digits; leave it empty for a random one",
        ))
    }
}

/// What the organiser asks for when pressing 承诺.
#[derive(Debug, Clone)]
pub struct CommitRequest {
    pub choice: RoundChoice,
    pub rehearsal: bool,
    /// Hex, already checked by [`parse_salt`] or drawn by the page.
    pub salt: String,
    /// Hex of 32 random bytes drawn by the page: the secret of the firms' 核验码.
    pub secret: String,
    /// The browser's clock, Unix seconds: the stated commitment time and the base of
    /// the lead.
    pub now: i64,
}

/// Commits the project: every check, then the core's commitment. The record goes
/// into the project; nothing is changed here.
pub fn make_commitment(project: &Project, request: &CommitRequest) -> Result<CommitRecord, Vec<Problem>> {
    let link = link_unless_refused(project, request)?;
    let inputs = committed_inputs2(project.plan.clone(), fairdraw::model::Directories::clone(&project.directories), &request.salt, &request.secret);
    commit_inputs(inputs, link, request)
}

/// [`make_commitment`] of a project read only to be committed, as the worker reads
/// it: its directories become the inputs instead of being copied (a city's directory
/// is gigabytes of the worker's memory, which ends at 4 GiB).
fn make_commitment_of(project: Project, request: &CommitRequest) -> Result<CommitRecord, Vec<Problem>> {
    let link = link_unless_refused(&project, request)?;
    let Project { plan, directories, .. } = project;
    let directories = std::rc::Rc::try_unwrap(directories).unwrap_or_else(|shared| fairdraw::model::Directories::clone(&shared));
    commit_inputs(committed_inputs2(plan, directories, &request.salt, &request.secret), link, request)
}

/// The link the commitment takes in the project's chain, unless it is refused.
fn link_unless_refused(project: &Project, request: &CommitRequest) -> Result<ChainLink, Vec<Problem>> {
    let problems = commit_refusals(project, request);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(next_link(project, request.rehearsal))
}

/// The core's commitment of `inputs` as the next link of the chain.
fn commit_inputs(inputs: Inputs, link: ChainLink, request: &CommitRequest) -> Result<CommitRecord, Vec<Problem>> {
    let options = CommitOptions {
        sequence: link.sequence,
        previous: link.previous,
        committed_at: request.now,
        rehearsal: request.rehearsal,
        chain: request.choice.chain,
        round: request.choice.round,
    };
    let (commitment, _) = protocol::commit(&inputs, &options)
        .map_err(|problems| problems.0.into_iter().filter(|p| !p.warning).collect::<Vec<_>>())?;
    Ok(CommitRecord { commitment, salt: inputs.salt, secret: inputs.secret, witnesses: Vec::new(), drawn: None })
}

/// Why [`make_commitment`] would refuse before hashing anything: the page asks this
/// at once, before it hands the project to its worker.
pub fn commit_refusals(project: &Project, request: &CommitRequest) -> Vec<Problem> {
    if project.locked {
        return vec![Problem::new(
            "本项目已经承诺并锁定；要修改，请先点“修改计划（需重新承诺）”",
            "this project is already committed and locked; to change it, first press “Change the plan (new commitment needed)”",
        )];
    }
    let mut problems = missing_parts(project);
    if let Err(p) = parse_salt(&request.salt) {
        problems.push(p);
    }
    if let Err(p) = check_lead(&request.choice, request.now, request.rehearsal) {
        problems.push(p);
    }
    // Invented firms never enter a department's real chain.
    let demo = project.demo_directories();
    if !request.rehearsal && !demo.is_empty() {
        let zh: Vec<&str> = demo.iter().map(|k| k.label_zh()).collect();
        let en: Vec<&str> = demo.iter().map(|k| k.label_en()).collect();
        problems.push(Problem::new(
            format!("{}仍是演示数据，只能作演练承诺：请先在“计划”页导入本部门的名录", zh.join("、")),
            format!("the {} still hold the demo's invented data and can only be committed as a rehearsal: import the department's own files on the Plan page first", en.join(", ")),
        ));
    }
    problems
}

/// A [`CommitRequest`] as it crosses to the organiser's worker.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommitAsk {
    pub chain: String,
    pub round: u64,
    pub emission: i64,
    pub rehearsal: bool,
    pub salt: String,
    pub secret: String,
    pub now: i64,
}

impl CommitRequest {
    pub fn ask(&self) -> CommitAsk {
        CommitAsk {
            chain: self.choice.chain.name.to_string(),
            round: self.choice.round,
            emission: self.choice.emission,
            rehearsal: self.rehearsal,
            salt: self.salt.clone(),
            secret: self.secret.clone(),
            now: self.now,
        }
    }
}

impl CommitAsk {
    pub fn request(&self) -> Result<CommitRequest, Problem> {
        Ok(CommitRequest {
            choice: RoundChoice { chain: chain(&self.chain)?, round: self.round, emission: self.emission },
            rehearsal: self.rehearsal,
            salt: self.salt.clone(),
            secret: self.secret.clone(),
            now: self.now,
        })
    }
}

/// What the organiser's worker answers.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
enum CommitAnswer {
    Committed(Box<CommitRecord>),
    Refused(Vec<Problem>),
}

/// [`make_commitment`] of a project as its draft holds it ([`Project::draft_json`]
/// and [`Project::directories_draft`]), as JSON: what the organiser's worker runs, so
/// that hashing a city's directory (seconds) never holds the page's thread.
pub fn commit_draft(project: &str, directories: &[u8], ask: &str) -> String {
    let made = Project::from_draft(project, Some(directories)).map_err(|p| vec![p]).and_then(|project| {
        let ask: CommitAsk = serde_json::from_str(ask).map_err(|e| {
            vec![Problem::new(format!("承诺请求无法读取：{e}"), format!("the commitment request cannot be read: {e}"))]
        })?;
        make_commitment_of(project, &ask.request().map_err(|p| vec![p])?)
    });
    let answer = match made {
        Ok(record) => CommitAnswer::Committed(Box::new(record)),
        Err(problems) => CommitAnswer::Refused(problems),
    };
    serde_json::to_string(&answer).unwrap_or_default()
}

/// [`commit_draft`]'s answer read back on the page.
pub fn read_commit_answer(json: &str) -> Result<CommitRecord, Vec<Problem>> {
    match serde_json::from_str(json) {
        Ok(CommitAnswer::Committed(record)) => Ok(*record),
        Ok(CommitAnswer::Refused(problems)) => Err(problems),
        Err(e) => Err(vec![Problem::new(
            format!("后台承诺的答复无法读取（{e}），请重试"),
            format!("the answer of the commitment made in the background cannot be read ({e}); try again"),
        )]),
    }
}

/// A TSA's reply (`.tsr`) for the project's current commitment: its token when it is
/// accepted under the pinned roots, with who witnessed it and whether before the
/// round; otherwise why not.
pub fn witness_reply(project: &Project, reply: &[u8]) -> Result<(String, fairdraw::witness::Witnessed, bool), Problem> {
    let record = project.commitments.last().filter(|_| project.locked).ok_or_else(|| {
        Problem::new("项目还没有承诺：先承诺，再申请时间戳见证", "the project has no commitment yet: commit first, then ask for a witness")
    })?;
    let hash = fairdraw::hashing::unhex32(&record.commitment.commitment)
        .ok_or_else(|| Problem::new("承诺哈希值无效", "the commitment hash is not valid"))?;
    let token = fairdraw::witness::token_of_reply(reply).map_err(|t| Problem::new(t.zh, t.en))?;
    let witnessed = fairdraw::witness::verify(&token, &hash, &fairdraw::witness::pinned_roots()).map_err(|t| Problem::new(t.zh, t.en))?;
    let c = &record.commitment;
    let before = beacon::chain_by_hash(&c.beacon.chain_hash).is_some_and(|chain| witnessed.latest < chain.round_time(c.beacon.round));
    Ok((fairdraw::hashing::hex(&token), witnessed, before))
}

/// The commitment the project is locked to and its inputs, checked against the
/// commitment; `None` when the project is not locked to one.
pub fn current(project: &Project) -> Option<Result<(CurrentInputs, Commitment), Problem>> {
    if !project.locked {
        return None;
    }
    let record = project.commitments.last()?;
    let held = CurrentInputs { record: record.clone(), plan: project.plan.clone(), directories: project.directories.clone() };
    if LAST_CHECKED.with(|last| last.borrow().as_ref().is_some_and(|checked| checked.holds(record, project))) {
        return Some(Ok((held, record.commitment.clone())));
    }
    let checked = record.inputs(project.plan.clone(), fairdraw::model::Directories::clone(&project.directories));
    if checked.is_ok() {
        LAST_CHECKED.with(|last| *last.borrow_mut() = Some(Checked::of(record, project)));
    }
    Some(checked.map(|_| (held, record.commitment.clone())))
}

/// A locked project's inputs, found to be its commitment's, built when they are used
/// (a download, a draw): building them copies the directories, and the pages ask
/// for the current commitment after every change of the project (a million firms
/// copied took a second and as much memory again).
#[derive(Debug, Clone, PartialEq)]
pub struct CurrentInputs {
    record: CommitRecord,
    plan: fairdraw::model::Plan,
    directories: std::rc::Rc<fairdraw::model::Directories>,
}

impl CurrentInputs {
    pub fn inputs(&self) -> Inputs {
        self.record.inputs_unchecked(self.plan.clone(), fairdraw::model::Directories::clone(&self.directories))
    }

    /// The plan as the project holds it (the committed inputs add the public fields
    /// it leaves to their default).
    pub fn plan(&self) -> &fairdraw::model::Plan {
        &self.plan
    }

    pub fn directories(&self) -> &fairdraw::model::Directories {
        &self.directories
    }
}

/// Says that `record` was just made from `project` as it is: by
/// [`make_commitment`] on the page, or in the worker from the project's draft (which
/// makes the same commitment: `the_worker_makes_the_commitment_the_page_would`).
/// [`current`] then does not hash the whole directory again on the page's thread
/// right after the worker did (6.6 s of a 3,000,000-firm commitment); anything else
/// (another plan, other directories, a project read back from storage) is still
/// checked.
pub fn made_from(record: &CommitRecord, project: &Project) {
    LAST_CHECKED.with(|last| *last.borrow_mut() = Some(Checked::of(record, project)));
}

/// A commitment whose inputs were found to be the project's: the same record, plan
/// and directories (the same shared value, never copied while the project is
/// locked) are the same inputs. The page rebuilds them after every change of a
/// committed project (a draw kept, a witness added), and checking them again would
/// hash the whole directory each time: seconds for a million firms.
struct Checked {
    commitment: Commitment,
    salt: String,
    secret: Option<String>,
    plan: fairdraw::model::Plan,
    /// Not kept alive by this: a project replaced lets its directories go.
    directories: std::rc::Weak<fairdraw::model::Directories>,
}

impl Checked {
    fn of(record: &CommitRecord, project: &Project) -> Checked {
        Checked {
            commitment: record.commitment.clone(),
            salt: record.salt.clone(),
            secret: record.secret.clone(),
            plan: project.plan.clone(),
            directories: std::rc::Rc::downgrade(&project.directories),
        }
    }

    fn holds(&self, record: &CommitRecord, project: &Project) -> bool {
        self.commitment == record.commitment
            && self.salt == record.salt
            && self.secret == record.secret
            && self.plan == project.plan
            && self.directories.upgrade().is_some_and(|d| std::rc::Rc::ptr_eq(&d, &project.directories))
    }
}

thread_local! {
    static LAST_CHECKED: std::cell::RefCell<Option<Checked>> = const { std::cell::RefCell::new(None) };
}


/// The address a notice's QR code opens: this commitment on the 公示 page, which
/// lists it once `commitment.json` is copied into the site's `draws/` folder and
/// `fairdraw publish` has run, and links to the verification of its result once the
/// bundle is published beside it. `base` is the site's address ending in `/`.
pub fn notice_link(base: &str, commitment: &Commitment) -> String {
    fairdraw::publication::commitment_link(base, &commitment.commitment)
}

/// "2026-12-01 09:00:00", China time, as read aloud and printed.
pub fn china_display(unix: i64) -> String {
    format_china(unix).trim_end_matches("+08:00").replace('T', " ")
}

/// "2026-12-01 01:00:00", UTC.
pub fn utc_display(unix: i64) -> String {
    fairdraw::time::format_utc(unix).trim_end_matches('Z').replace('T', " ")
}

/// A time written into a commitment (RFC 3339), in China time; as written when it
/// does not parse.
pub fn china_display_of(rfc3339: &str) -> String {
    parse_rfc3339(rfc3339).map(china_display).unwrap_or_else(|_| rfc3339.to_string())
}

/// The 承诺 page's form, before anything is committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitForm {
    pub chain: String,
    /// The date-time field, China time.
    pub at: String,
    pub rehearsal: bool,
    /// A round typed for a rehearsal.
    pub round: String,
    pub salt: String,
    /// Why the last commitment, chain start or previous file was refused.
    pub refused: Vec<Problem>,
    /// A commitment is being made: the button waits for it.
    pub committing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormAction {
    Chain(String),
    At(String),
    Rehearsal(bool),
    Round(String),
    Salt(String),
    Refused(Vec<Problem>),
    Accepted,
    /// The commitment is being made off the page's thread.
    Committing,
}

impl CommitForm {
    pub fn new(now: i64) -> CommitForm {
        CommitForm {
            chain: DEFAULT_CHAIN.to_string(),
            at: suggested_time(now),
            rehearsal: false,
            round: String::new(),
            salt: String::new(),
            refused: Vec::new(),
            committing: false,
        }
    }

    /// The round the form names now.
    pub fn choice(&self) -> Result<RoundChoice, Problem> {
        choose_round(&self.chain, &self.at, self.rehearsal, &self.round)
    }

    /// A changed field clears the last refusal: it may no longer hold.
    pub fn apply(mut self, action: FormAction) -> CommitForm {
        match action {
            FormAction::Chain(c) => self.chain = c,
            FormAction::At(a) => self.at = a,
            FormAction::Rehearsal(r) => self.rehearsal = r,
            FormAction::Round(r) => self.round = r,
            FormAction::Salt(s) => self.salt = s,
            FormAction::Refused(problems) => {
                self.refused = problems;
                self.committing = false;
                return self;
            }
            FormAction::Accepted => self.committing = false,
            FormAction::Committing => {
                self.committing = true;
                return self;
            }
        }
        self.refused.clear();
        self
    }
}

impl yew::Reducible for CommitForm {
    type Action = FormAction;

    fn reduce(self: std::rc::Rc<Self>, action: FormAction) -> std::rc::Rc<Self> {
        std::rc::Rc::new((*self).clone().apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairdraw::hashing::hex;
    use crate::organizer::state::{Action, OrganizerState};
    use std::collections::BTreeMap;

    const CLI_COMMITMENT: &str = include_str!("../../../tests/fixtures/ceremony/commitment.json");
    const CLI_INPUTS: &str = include_str!("../../../tests/fixtures/ceremony/inputs.json");

    /// 2026-12-01T09:00:00+08:00, computed by hand: 20788 days after 1970-01-01 at 01:00 UTC.
    const DEC_1_9AM_CHINA: i64 = 20_788 * 86_400 + 3600;

    fn check<T: PartialEq + std::fmt::Debug>(input: &str, got: T, expected: T) {
        assert_eq!(got, expected, "for {input:?}");
    }

    #[test]
    fn china_time_as_typed() {
        let cases: [(&str, Option<i64>); 7] = [
            ("2026-12-01T09:00", Some(DEC_1_9AM_CHINA)),
            ("2026-12-01T09:00:30", Some(DEC_1_9AM_CHINA + 30)),
            (" 2026-12-01 09:00 ", Some(DEC_1_9AM_CHINA)),
            ("2026-12-01T01:00:00Z", Some(DEC_1_9AM_CHINA)),
            ("2026-12-01", None),
            ("2026-13-01T09:00", None),
            ("", None),
        ];
        for (text, expected) in cases {
            check(text, parse_china_time(text).ok(), expected);
        }
        assert_eq!(china_field(DEC_1_9AM_CHINA), "2026-12-01T09:00");
        // 23:30 UTC on 30 November is already 1 December in China.
        assert_eq!(suggested_time(DEC_1_9AM_CHINA - 5400), "2026-12-03T09:00");
    }

    #[test]
    fn the_round_is_the_first_at_or_after_the_china_time() {
        // quicknet: genesis 1692803367, a round every 3 s; round r at genesis + 3(r − 1).
        let genesis = 1_692_803_367i64;
        let at = DEC_1_9AM_CHINA;
        let expected = ((at - genesis) + 2) / 3 + 1;
        let c = choose_round("quicknet", "2026-12-01T09:00", false, "").unwrap();
        assert_eq!(c.round as i64, expected);
        assert!(c.emission >= at && c.emission < at + 3, "{} vs {at}", c.emission);
        // default: genesis 1595431050, every 30 s.
        let d = choose_round("default", "2026-12-01T09:00", false, "").unwrap();
        assert_eq!(d.round as i64, (at - 1_595_431_050 + 29) / 30 + 1);
        // A typed round counts only in a rehearsal.
        assert_eq!(choose_round("quicknet", "2026-12-01T09:00", true, "1000").unwrap().round, 1000);
        assert_eq!(choose_round("quicknet", "2026-12-01T09:00", false, "1000").unwrap().round as i64, expected);
        assert_eq!(choose_round("quicknet", "", true, "1000").unwrap().emission, genesis + 3 * 999);
        assert!(choose_round("quicknet", "", true, "0").is_err());
        assert!(choose_round("quicknet", "", false, "").is_err());
        assert!(choose_round("mainnet", "2026-12-01T09:00", false, "").is_err());
    }

    #[test]
    fn a_round_within_the_hour_is_refused_unless_rehearsing() {
        let c = choose_round("quicknet", "2026-12-01T09:00", false, "").unwrap();
        let margin = |now: i64, rehearsal| check_lead(&c, now, rehearsal);
        assert!(margin(c.emission - MIN_LEAD_SECONDS, false).is_ok());
        let e = margin(c.emission - MIN_LEAD_SECONDS + 1, false).unwrap_err();
        assert!(e.text.zh.contains("60 分钟"), "{}", e.text.zh);
        assert!(e.text.en.contains("60 minutes"), "{}", e.text.en);
        assert!(margin(c.emission + 86_400, true).is_ok());
    }

    #[test]
    fn files_are_byte_for_byte_those_of_the_command_line() {
        let c: Commitment = serde_json::from_str(CLI_COMMITMENT).unwrap();
        let i: Inputs = serde_json::from_str(CLI_INPUTS).unwrap();
        assert_eq!(protocol::commitment_file(&c), CLI_COMMITMENT);
        assert_eq!(protocol::inputs_file(&i), CLI_INPUTS);
    }

    fn demo() -> OrganizerState {
        OrganizerState::new(BTreeMap::new()).apply(Action::Restored(None)).apply(Action::LoadDemo)
    }

    /// The demo with every directory as if imported from the department's own files.
    fn own_files() -> OrganizerState {
        let mut s = demo();
        for kind in fairdraw::import::FileKind::ALL {
            let records = s.project.records(kind);
            s.project.sources.set(kind, Some(crate::organizer::project::Source { file: format!("{}.csv", kind.label_zh()), encoding: None, records, warnings: Vec::new() }));
        }
        s
    }

    fn rehearsal_request() -> CommitRequest {
        CommitRequest {
            choice: choose_round("quicknet", "", true, "1000").unwrap(),
            rehearsal: true,
            salt: "00112233445566778899aabbccddeeff".into(),
            secret: "5e".repeat(32),
            now: DEC_1_9AM_CHINA,
        }
    }

    /// A real commitment to a round an hour after the request.
    fn real_request() -> CommitRequest {
        CommitRequest {
            choice: choose_round("quicknet", "2026-12-01T10:00", false, "").unwrap(),
            rehearsal: false,
            salt: "00112233445566778899aabbccddeeff".into(),
            secret: "5e".repeat(32),
            now: DEC_1_9AM_CHINA,
        }
    }

    #[test]
    fn an_unready_project_is_refused_with_the_reasons() {
        let s = OrganizerState::new(BTreeMap::new()).apply(Action::Restored(None));
        let report = fairdraw::plan::evaluate(&s.project.plan, &s.project.directories);
        let reasons = readiness(&s.project, &report);
        assert!(reasons.iter().any(|p| p.text.zh.contains("检查对象名录")), "{reasons:?}");
        assert!(reasons.iter().any(|p| p.text.zh.contains("执法检查人员名录")), "{reasons:?}");
        let e = make_commitment(&s.project, &rehearsal_request()).unwrap_err();
        assert!(e.iter().any(|p| p.text.zh.contains("检查对象名录")), "{e:?}");

        let ready = demo();
        let report = fairdraw::plan::evaluate(&ready.project.plan, &ready.project.directories);
        assert_eq!(readiness(&ready.project, &report), Vec::<Problem>::new());
    }

    /// The worker's commitment, from the project as its draft is written.
    fn committed_from_draft(project: &Project, request: &CommitRequest) -> Result<CommitRecord, Vec<Problem>> {
        let ask = serde_json::to_string(&request.ask()).unwrap();
        read_commit_answer(&commit_draft(&project.draft_json(), &project.directories_draft(), &ask))
    }

    #[test]
    fn the_worker_makes_the_commitment_the_page_would() {
        let s = own_files();
        for request in [rehearsal_request(), real_request()] {
            let on_page = make_commitment(&s.project, &request).unwrap();
            assert_eq!(committed_from_draft(&s.project, &request), Ok(on_page));
        }
        // The demo's invented firms are refused a real commitment there too.
        let refused = committed_from_draft(&demo().project, &real_request()).unwrap_err();
        assert_eq!(refused, make_commitment(&demo().project, &real_request()).unwrap_err());
        assert!(refused.iter().any(|p| p.text.zh.contains("演示数据")), "{refused:?}");
        // An ask the worker cannot read, and an answer the page cannot, are said so.
        let garbled = read_commit_answer(&commit_draft(&s.project.draft_json(), &s.project.directories_draft(), "{")).unwrap_err();
        assert!(garbled[0].text.zh.contains("承诺请求无法读取"), "{garbled:?}");
        let unknown = CommitAsk { chain: "nochain".into(), ..rehearsal_request().ask() };
        let unknown = read_commit_answer(&commit_draft(&s.project.draft_json(), &s.project.directories_draft(), &serde_json::to_string(&unknown).unwrap()));
        assert!(unknown.is_err());
        assert!(read_commit_answer("").is_err());
    }

    #[test]
    fn inputs_are_checked_again_unless_they_are_the_ones_checked() {
        use fairdraw::model::Directories;
        use std::rc::Rc;
        let s = demo();
        let record = make_commitment(&s.project, &rehearsal_request()).unwrap();
        let s = s.with_commitment(record);
        assert!(current(&s.project).unwrap().is_ok());
        assert!(current(&s.project).unwrap().is_ok());
        // The same firms in another value: checked, and they match.
        let mut copy = s.project.clone();
        copy.directories = Rc::new(Directories::clone(&s.project.directories));
        assert!(current(&copy).unwrap().is_ok());
        // Changed right after a check: found out.
        let mut changed = s.project.clone();
        let mut directories = Directories::clone(&s.project.directories);
        directories.enterprises[0].name.push('X');
        changed.directories = Rc::new(directories);
        assert!(current(&changed).unwrap().is_err());
        assert!(current(&s.project).unwrap().is_ok());
        // The same commitment with another salt or secret: found out.
        let mut salted = s.project.clone();
        salted.commitments.last_mut().unwrap().salt = "ff".repeat(16);
        assert!(current(&salted).unwrap().is_err());
        assert!(current(&s.project).unwrap().is_ok());
        let mut other_secret = s.project.clone();
        other_secret.commitments.last_mut().unwrap().secret = Some("ab".repeat(32));
        assert!(current(&other_secret).unwrap().is_err());
    }

    #[test]
    fn a_commitment_just_made_is_not_hashed_again_but_other_inputs_are() {
        use fairdraw::model::Directories;
        use std::rc::Rc;
        let s = demo();
        let mut record = make_commitment(&s.project, &rehearsal_request()).unwrap();
        // A salt a check would find wrong: that it passes shows that no check ran.
        record.salt = "ff".repeat(16);
        made_from(&record, &s.project);
        let locked = s.with_commitment(record);
        assert!(current(&locked.project).unwrap().is_ok());
        // The same firms in another value, or another plan, are checked.
        let mut copy = locked.project.clone();
        copy.directories = Rc::new(Directories::clone(&locked.project.directories));
        assert!(current(&copy).unwrap().is_err());
        let mut replanned = locked.project.clone();
        replanned.plan.name.push('X');
        assert!(current(&replanned).unwrap().is_err());
    }

    #[test]
    fn a_commitment_of_a_project_changed_meanwhile_is_not_kept() {
        let s = demo();
        let revision = s.revision;
        let record = make_commitment(&s.project, &rehearsal_request()).unwrap();
        let s = s.apply(Action::SetPlanField(crate::organizer::edit::PlanField::Name, "改过的计划".into()));
        let s = s.apply(Action::Committed { revision, record: Box::new(record) });
        assert!(!s.project.locked);
        assert!(s.project.commitments.is_empty());
        assert!(s.notice.as_ref().is_some_and(|n| n.text.zh.contains("承诺期间项目被修改了")), "{:?}", s.notice);
    }

    #[test]
    fn committing_locks_and_the_inputs_come_back_unchanged() {
        let s = demo();
        let record = make_commitment(&s.project, &rehearsal_request()).unwrap();
        assert_eq!((record.sequence(), record.commitment.previous.as_str()), (1, ""));
        assert!(record.rehearsal());
        assert_eq!(record.commitment.committed_at, "2026-12-01T01:00:00Z");
        assert_eq!(record.commitment.beacon.round, 1000);
        assert_eq!(record.commitment.beacon.emission_time, "2023-08-23T15:59:24Z");
        assert_eq!(hex(&record.commitment.compute_hash()), record.hash());

        let s = s.with_commitment(record.clone());
        assert!(s.project.locked);
        // Said to be kept only once the browser has saved this very revision.
        assert_eq!(s.save_code(), "saving");
        let r = s.revision;
        assert_eq!(s.clone().apply(Action::SaveStarted(r)).save_code(), "saving");
        assert_eq!(s.clone().apply(Action::SaveFailed { revision: r, message: "quota".into() }).save_code(), "failed");
        let s = s.apply(Action::SaveStarted(r)).apply(Action::Saved(r));
        assert_eq!(s.save_code(), "saved");
        assert_eq!(statuses(&s.project), vec![RecordStatus::Current]);
        let (inputs, commitment) = current(&s.project).unwrap().unwrap();
        let inputs = inputs.inputs();
        assert_eq!(commitment, record.commitment);
        // The core draws these two files with the recorded round 1000.
        let round =
            fairdraw::beacon::parse_drand_json(include_str!("../../../tests/fixtures/ceremony/round-1000.json"))
                .unwrap();
        assert_eq!(inputs.format, fairdraw::v2::FORMAT, "the site commits in format 2");
        let evidence = protocol::BeaconEvidence { drand: round, nist_pulse: None };
        let auditor = fairdraw::v2::draw_auditor(inputs, commitment, evidence).unwrap();
        assert_eq!(fairdraw::v2::verify::verify_auditor(&auditor).verdict, fairdraw::verify::Verdict::Rehearsal);

        // A second commitment while locked is refused.
        assert!(make_commitment(&s.project, &rehearsal_request()).is_err());
    }

    #[test]
    fn a_real_draw_needs_the_lead() {
        let s = own_files();
        let soon = CommitRequest {
            choice: choose_round("quicknet", "2026-12-01T09:30", false, "").unwrap(),
            rehearsal: false,
            salt: String::new(),
            secret: "5e".repeat(32),
            now: DEC_1_9AM_CHINA,
        };
        let e = make_commitment(&s.project, &soon).unwrap_err();
        assert!(e.iter().any(|p| p.text.zh.contains("60 分钟")), "{e:?}");
        let later = CommitRequest { choice: choose_round("quicknet", "2026-12-01T10:00", false, "").unwrap(), ..soon };
        let record = make_commitment(&s.project, &later).unwrap();
        assert!(!record.rehearsal());
        assert_eq!(record.commitment.beacon.emission_time, "2026-12-01T02:00:00Z");
    }

    #[test]
    fn the_demo_is_committed_only_as_a_rehearsal() {
        let s = demo();
        let e = make_commitment(&s.project, &real_request()).unwrap_err();
        assert!(e.iter().any(|p| p.text.zh.contains("演示数据") && p.text.en.contains("rehearsal")), "{e:?}");
        assert!(make_commitment(&s.project, &rehearsal_request()).is_ok());
        // One directory still the demo's is enough to refuse.
        let mut mixed = own_files();
        mixed.project.sources = s.project.sources.clone();
        mixed.project.sources.set(fairdraw::import::FileKind::History, own_files().project.sources.get(fairdraw::import::FileKind::History).cloned());
        let e = make_commitment(&mixed.project, &real_request()).unwrap_err();
        assert!(e.iter().any(|p| p.text.zh.starts_with("检查对象名录库、执法检查人员名录库、随机抽查事项清单仍是演示数据")), "{e:?}");
        assert!(make_commitment(&own_files().project, &real_request()).is_ok());
    }

    #[test]
    fn edits_are_refused_while_locked_and_unlocking_chains_the_next_commitment() {
        use crate::organizer::edit::PlanField;
        let s = demo();
        let first = make_commitment(&s.project, &rehearsal_request()).unwrap();
        let s = s.with_commitment(first.clone());
        let r = s.revision;
        let before = s.project.clone();
        let refused = [
            Action::SetPlanField(PlanField::Name, "改过的计划".into()),
            Action::AddTask,
            Action::RemoveTask(0),
            Action::LoadDemo,
            Action::OpenProject(before.to_json()),
        ];
        for action in refused {
            let t = s.clone().apply(action.clone());
            assert_eq!(t.project, before, "{action:?} changed a locked project");
            assert_eq!(t.revision, r, "{action:?}");
            let notice = t.notice.expect("a notice");
            assert!(notice.text.zh.contains("锁定") && notice.text.en.contains("locked"), "{notice:?}");
        }

        let s = s.apply(Action::Unlock);
        assert!(!s.project.locked);
        assert_eq!(statuses(&s.project), vec![RecordStatus::Withdrawn]);
        assert!(current(&s.project).is_none());
        let s = s.apply(Action::SetPlanField(crate::organizer::edit::PlanField::Name, "改过的计划".into()));
        assert_eq!(s.project.plan.name, "改过的计划");
        // The chain start cannot be moved once the project has a commitment.
        let s = s.apply(Action::SetChainStart(ChainLink { sequence: 9, previous: "cd".repeat(32) }));
        assert_eq!(next_link(&s.project, true), ChainLink { sequence: 2, previous: first.hash().to_string() });
        // A rehearsal uses up no number of the department's real chain.
        assert_eq!(next_link(&s.project, false), ChainLink::default());

        let second = make_commitment(&s.project, &rehearsal_request()).unwrap();
        assert_eq!(second.sequence(), 2);
        assert_eq!(second.commitment.previous, first.hash());
        assert_eq!(second.commitment.plan.name, "改过的计划");
        let s = s.with_commitment(second.clone());
        assert_eq!(statuses(&s.project), vec![RecordStatus::Superseded(2), RecordStatus::Current]);

        // Kept through the draft and the project file.
        let back = crate::organizer::project::Project::from_json(&s.project.to_json()).unwrap();
        assert_eq!(back, s.project);
        assert_eq!(current(&back).unwrap().unwrap().1, second.commitment);

        // A changed project file no longer matches its commitment.
        let mut changed = back.clone();
        changed.plan.name = "偷偷改过".into();
        assert!(current(&changed).unwrap().is_err());

        // A new project of the department continues its chain; another department's
        // starts its own.
        let department = s.project.plan.department.clone();
        let s = s.apply(Action::NewProject);
        assert!(s.project.commitments.is_empty() && !s.project.locked);
        let mut same = s.project.clone();
        same.plan.department = department.clone();
        assert_eq!(next_link(&same, true), ChainLink { sequence: 3, previous: second.hash().to_string() });
        assert_eq!(next_link(&same, false), ChainLink::default());
        let mut other = s.project.clone();
        other.plan.department = format!("{department}以外的局");
        assert_eq!(next_link(&other, true), ChainLink::default());
        let back = crate::organizer::project::Project::from_json(&same.to_json()).unwrap();
        assert_eq!(back.rehearsal_chains, same.rehearsal_chains, "kept in the draft");
    }

    /// A department's real commitments are numbered on from its last real one, in
    /// this project and the next, whatever rehearsals came between.
    #[test]
    fn real_commitments_follow_the_real_chain_through_rehearsals_and_projects() {
        let s = own_files();
        let department = s.project.plan.department.clone();
        let real = make_commitment(&s.project, &real_request()).unwrap();
        assert_eq!(real.sequence(), 1);
        let s = s.with_commitment(real.clone()).apply(Action::Unlock);
        let rehearsal = make_commitment(&s.project, &rehearsal_request()).unwrap();
        assert_eq!(rehearsal.sequence(), 1, "rehearsals are numbered apart");
        let s = s.with_commitment(rehearsal).apply(Action::Unlock);
        let second = make_commitment(&s.project, &real_request()).unwrap();
        assert_eq!((second.sequence(), second.commitment.previous.as_str()), (2, real.hash()));
        let s = s.with_commitment(second.clone());
        assert_eq!(statuses(&s.project), vec![RecordStatus::Superseded(2), RecordStatus::Withdrawn, RecordStatus::Current]);
        let s = s.apply(Action::NewProject).apply(Action::LoadDemo);
        assert_eq!(s.project.plan.department, department);
        assert_eq!(next_link(&s.project, false), ChainLink { sequence: 3, previous: second.hash().to_string() });
    }

    /// Voiding a commitment is asked first, and undone it is locked to it again.
    #[test]
    fn unlocking_asks_first_and_undo_locks_again() {
        use crate::organizer::confirm::Destructive;
        let s = demo();
        let record = make_commitment(&s.project, &rehearsal_request()).unwrap();
        let s = s.with_commitment(record);
        let committed = s.project.clone();
        let asked = s.apply(Action::AskConfirm(Destructive::Unlock));
        assert!(asked.project.locked && asked.confirming == Some(Destructive::Unlock));
        assert_eq!(asked.clone().apply(Action::Cancel).project, committed);
        let unlocked = asked.apply(Action::Confirm);
        assert!(!unlocked.project.locked);
        let s = unlocked.apply(Action::Undo);
        assert_eq!(s.project, committed);
        // Locked again, so edits are refused again; deleting a task is not even asked.
        let s = s.apply(Action::AskConfirm(Destructive::DeleteTask(0)));
        assert!(s.confirming.is_none() && s.notice.is_some());
        assert_eq!(s.project, committed);
    }

    #[test]
    fn a_first_commitment_continues_a_loaded_previous_one() {
        let fixture: Commitment = serde_json::from_str(CLI_COMMITMENT).unwrap();
        let s = own_files();
        let link = chain_start_from_previous(CLI_COMMITMENT, &s.project.plan.department).unwrap();
        let s = s.apply(Action::SetChainStart(link));
        let record = make_commitment(&s.project, &real_request()).unwrap();
        assert_eq!(record.sequence(), fixture.sequence + 1);
        assert_eq!(record.commitment.previous, fixture.commitment);
    }

    #[test]
    fn the_form_names_a_round_and_forgets_a_stale_refusal() {
        let form = CommitForm::new(DEC_1_9AM_CHINA);
        assert_eq!(form.at, "2026-12-03T09:00");
        assert_eq!(form.choice().unwrap().chain.name, "quicknet");
        let form = form.apply(FormAction::Refused(vec![Problem::new("不行", "no")]));
        assert_eq!(form.refused.len(), 1);
        let form = form.apply(FormAction::Rehearsal(true)).apply(FormAction::Round("1000".into()));
        assert!(form.refused.is_empty());
        assert_eq!(form.choice().unwrap().round, 1000);
        let form = form.apply(FormAction::Chain("default".into())).apply(FormAction::Rehearsal(false));
        assert_eq!(form.choice().unwrap().emission, DEC_1_9AM_CHINA + 2 * 86_400);
        assert_eq!(china_display(DEC_1_9AM_CHINA), "2026-12-01 09:00:00");
        assert_eq!(utc_display(DEC_1_9AM_CHINA), "2026-12-01 01:00:00");
        assert_eq!(china_display_of("2023-08-23T15:59:24Z"), "2023-08-23 23:59:24");
    }

    #[test]
    fn a_typed_salt_is_used_and_a_bad_one_refused() {
        assert_eq!(parse_salt(" ABcd "), Ok("abcd".into()));
        assert_eq!(parse_salt(""), Ok(String::new()));
        assert!(parse_salt("abc").is_err());
        assert!(parse_salt("zz").is_err());
        let s = demo();
        let bad = CommitRequest { salt: "xyz".into(), ..rehearsal_request() };
        assert!(make_commitment(&s.project, &bad).unwrap_err().iter().any(|p| p.text.zh.contains("盐值")));
    }

    fn kept(beacon: &str) -> Box<fairdraw::organizer::KeptDraw> {
        Box::new(fairdraw::organizer::KeptDraw { beacon: beacon.into(), source: "粘贴".into(), timelock_randomness: Some("09".repeat(48)) })
    }

    #[test]
    fn a_commitment_keeps_its_first_draw_until_it_is_voided() {
        let s = demo();
        let record = make_commitment(&s.project, &rehearsal_request()).unwrap();
        let hash = record.hash().to_string();
        let s = s.with_commitment(record);
        let before = s.project.to_json();
        assert!(!before.contains("\"drawn\""), "a commitment not drawn writes no member");
        // A draw of another commitment is not kept with this one.
        let other = s.clone().apply(Action::Drew { commitment: "ab".repeat(32), kept: kept("x") });
        assert_eq!(other.project, s.project);

        let s = s.apply(Action::Drew { commitment: hash.clone(), kept: kept("first") });
        assert_eq!(s.kept_draw(&hash).map(|k| k.beacon.as_str()), Some("first"));
        assert!(s.needs_save(), "the draw is saved with the draft");
        // The first draw stays: a second never replaces it.
        let s = s.apply(Action::Drew { commitment: hash.clone(), kept: kept("second") });
        assert_eq!(s.kept_draw(&hash).map(|k| k.beacon.as_str()), Some("first"));
        let file = Project::from_json(&s.project.to_json_pretty()).unwrap();
        assert_eq!(file, s.project, "the project file carries the draw");

        // Voiding the commitment drops its draw, and the question says so; undo brings both back.
        let asked = crate::organizer::confirm::Destructive::Unlock;
        assert!(asked.question(&s.project, &crate::i18n::confirm::ZH).lost.contains("抽取记录将一并删除"));
        assert!(asked.question(&s.project, &crate::i18n::confirm::EN).lost.contains("draw kept in the project is removed"));
        let undrawn = demo();
        let undrawn = undrawn.clone().with_commitment(make_commitment(&undrawn.project, &rehearsal_request()).unwrap());
        assert!(!asked.question(&undrawn.project, &crate::i18n::confirm::ZH).lost.contains("抽取记录"));
        let voided = s.clone().apply(Action::AskConfirm(crate::organizer::confirm::Destructive::Unlock)).apply(Action::Confirm);
        assert!(!voided.project.locked);
        assert_eq!(voided.kept_draw(&hash), None);
        assert!(voided.project.commitments.iter().all(|r| r.drawn.is_none()));
        let undone = voided.apply(Action::Undo);
        assert_eq!(undone.kept_draw(&hash).map(|k| k.beacon.as_str()), Some("first"));
        // A new project replaces the commitment, and its draw with it.
        let replaced = s.apply(Action::NewProject);
        assert_eq!(replaced.kept_draw(&hash), None);
        assert!(replaced.project.commitments.is_empty());
    }

    #[test]
    fn a_project_file_from_before_kept_draws_loads_unchanged() {
        let s = demo();
        let record = make_commitment(&s.project, &rehearsal_request()).unwrap();
        let s = s.with_commitment(record);
        let old = s.project.to_json_pretty();
        let loaded = Project::from_json(&old).unwrap();
        assert_eq!(loaded.commitments[0].drawn, None);
        assert_eq!(loaded.to_json_pretty(), old, "an older file's bytes do not change");
    }
}
