//! The verification page's logic: what the background verifier returns, the result
//! table (search, sort, CSV), 查询我的企业 and the page's state. Pure: no browser
//! calls, so all of it is tested natively.

use std::cell::RefCell;
use std::rc::Rc;

use fairdraw::protocol::Bundle;
use fairdraw::verify::{self, Lookup, Report};
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::state::Lang;

/// The checks of SPEC.md §8, in the order they are run and shown.
pub const CHECK_IDS: [verify::CheckId; 6] = verify::CheckId::ALL;

/// What a verification returns to the page: the core's report, plus the published
/// result in the shape the table shows (absent when the file could not be read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    // Not flattened: serde's flattening buffers every member through a generic
    // value first, which costs the small module tens of kilobytes.
    pub report: Report,
    pub view: Option<ResultView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ResultView {
    pub rehearsal: bool,
    pub tasks: Vec<TaskView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub number: String,
    pub name: String,
    pub directed: bool,
    pub strata: Vec<StratumView>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StratumView {
    pub label: String,
    pub census: bool,
    pub size: u64,
    pub count: u64,
    pub cutoff: String,
    pub cutoff_id: String,
    /// How many declared replacements (候补) follow the cutoff, in ticket order.
    pub reserves: u64,
}

/// One selected firm, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// Position in the published (ticket) order, the default sort.
    pub order: usize,
    pub id: String,
    pub name: String,
    pub stratum: String,
    pub ticket: String,
    /// "姓名（部门）" per member; experts are marked.
    pub team: Vec<String>,
    pub items: Vec<String>,
}

fn visible(s: &str) -> String {
    fairdraw::wellformed::visible(s).into_owned()
}

/// A stratum as the table shows it; `cutoff_id` is the cutoff's firm (format 1) or
/// token (format 2).
fn stratum_view(values: &[String], census: bool, size: u64, count: u64, (cutoff, cutoff_id): (&str, &str), reserves: usize) -> StratumView {
    StratumView {
        label: fairdraw::plan::stratum_label(values, census),
        census,
        size,
        count,
        cutoff: cutoff.to_string(),
        cutoff_id: cutoff_id.to_string(),
        reserves: reserves as u64,
    }
}

/// One selected firm's row, in published (ticket) order.
struct Published<'a> {
    id: &'a str,
    name: &'a str,
    stratum: u64,
    ticket: &'a str,
    team: &'a [fairdraw::draw::TeamMember],
    /// The inspection group (format 2), 0 for none.
    group: u64,
    items: &'a [String],
}

fn row(order: usize, s: Published, strata: &[StratumView]) -> Row {
    Row {
        order,
        // A published name is shown as it is, hidden characters written out, never
        // obeyed (a forged document can hold them).
        id: visible(s.id),
        name: visible(s.name),
        stratum: usize::try_from(s.stratum)
            .ok()
            .and_then(|k| strata.get(k))
            .map(|st| st.label.clone())
            .unwrap_or_else(|| format!("#{}", s.stratum)),
        ticket: s.ticket.to_string(),
        team: (s.group > 0)
            .then(|| format!("第 {} 组", s.group))
            .into_iter()
            .chain(s.team.iter().map(|m| {
                let role = match m.role {
                    fairdraw::draw::Role::Expert => "，专家",
                    fairdraw::draw::Role::Leader => "，组长",
                    fairdraw::draw::Role::Inspector => "",
                };
                format!("{}（{}{}）", visible(&m.name), visible(&m.department), role)
            }))
            .collect(),
        items: s.items.to_vec(),
    }
}

/// The published result of a bundle, shaped for the table. Shows what was published,
/// not a recomputation: the checks say whether the two agree.
pub fn view_of(b: &Bundle) -> ResultView {
    let tasks = b
        .result
        .tasks
        .iter()
        .map(|t| {
            let strata: Vec<StratumView> =
                t.strata.iter().map(|s| stratum_view(&s.values, s.census, s.size, s.count, (&s.cutoff, &s.cutoff_id), s.reserves.len())).collect();
            let rows = t
                .selected
                .iter()
                .enumerate()
                .map(|(order, s)| {
                    let published = Published { id: &s.id, name: &s.name, stratum: s.stratum, ticket: &s.ticket, team: &s.team, group: 0, items: &s.items };
                    row(order, published, &strata)
                })
                .collect();
            TaskView { number: t.number.clone(), name: t.name.clone(), directed: t.directed, strata, rows }
        })
        .collect();
    ResultView { rehearsal: b.commitment.rehearsal, tasks }
}

/// The published result of a format 2 document, shaped for the table: the same
/// rows, stratum cutoffs named by token.
pub fn view_of_result2(result: &fairdraw::v2::draw::Result2, rehearsal: bool) -> ResultView {
    let tasks = result
        .tasks
        .iter()
        .map(|t| {
            let strata: Vec<StratumView> =
                t.strata.iter().map(|s| stratum_view(&s.values, s.census, s.size, s.count, (&s.cutoff, &s.cutoff_token), s.reserves.len())).collect();
            let rows = t
                .selected
                .iter()
                .enumerate()
                .map(|(order, s)| {
                    let published = Published { id: &s.id, name: &s.name, stratum: s.stratum, ticket: &s.ticket, team: &s.team, group: s.group, items: &s.items };
                    row(order, published, &strata)
                })
                .collect();
            TaskView { number: t.number.clone(), name: t.name.clone(), directed: t.directed, strata, rows }
        })
        .collect();
    ResultView { rehearsal, tasks }
}

/// The last document verified that can answer 查询我的企业, kept so a large file is
/// parsed once.
#[derive(Clone)]
enum Loaded {
    #[cfg(feature = "full")]
    Bundle(Rc<Bundle>),
    #[cfg(feature = "full")]
    Auditor(Rc<fairdraw::v2::Auditor>),
    Public(Rc<fairdraw::v2::Public>),
}

thread_local! {
    static LOADED: RefCell<Option<Loaded>> = const { RefCell::new(None) };
}

/// Reads and verifies a document's text (SPEC §8 "Reading", as every entry point
/// reads it); keeps a bundle for [`lookup_loaded`].
/// Root certificates given as hex DER, one per line (blank lines ignored).
pub fn roots_of(lines: &str) -> Vec<Vec<u8>> {
    lines.lines().filter_map(|l| fairdraw::hashing::unhex(l.trim())).filter(|d| !d.is_empty()).collect()
}

/// Verifies a document; `roots` are time-stamping roots trusted besides the pinned ones.
/// `None` from the verification page's small module (built without the feature
/// `full`) for a document that needs more than drand: the full verifier answers it.
pub fn verify_text_trusting(text: &str, roots: &[Vec<u8>]) -> Option<Outcome> {
    verify_text_told(text, roots, verify::no_progress)
}

/// [`verify_text_trusting`], telling `progress` of each check as it is made (the
/// worker passes it on to the page, which says which check runs).
#[cfg(feature = "full")]
pub fn verify_text_told(text: &str, roots: &[Vec<u8>], progress: verify::Progress) -> Option<Outcome> {
    LOADED.with(|l| *l.borrow_mut() = None);
    use fairdraw::read::Document;
    let document = match fairdraw::read::read_text(text) {
        Ok(document) => document,
        Err(reason) => return Some(Outcome { report: verify::unreadable(&reason), view: None }),
    };
    let report = verify::verify_document_trusting_told(&document, roots, progress);
    let (view, loaded) = match document {
        Document::Bundle(bundle) => (Some(view_of(&bundle)), Some(Loaded::Bundle(Rc::from(bundle)))),
        Document::Auditor(a) => (Some(view_of_result2(&a.result, a.commitment.rehearsal)), Some(Loaded::Auditor(Rc::from(a)))),
        Document::Public(p) => (Some(view_of_result2(&p.result, p.commitment.rehearsal)), Some(Loaded::Public(Rc::from(p)))),
        Document::Sealed(_) | Document::Sealed2(_) => (None, None),
    };
    LOADED.with(|l| *l.borrow_mut() = loaded);
    Some(Outcome { report, view })
}

/// The small module reads and verifies only what a link to a published draw names
/// (format 2's public and sealed documents) and only what relies on drand alone:
/// it carries no reader for other documents and no code for NIST or time-stamp
/// signatures. Anything else is the full verifier's (`None`).
#[cfg(not(feature = "full"))]
pub fn verify_text_told(text: &str, _roots: &[Vec<u8>], progress: verify::Progress) -> Option<Outcome> {
    use fairdraw::read::Published;
    LOADED.with(|l| *l.borrow_mut() = None);
    let document = match fairdraw::read::read_published(text) {
        Ok(document) => document,
        Err(reason) => return Some(Outcome { report: verify::unreadable(&reason), view: None }),
    };
    let report = verify::verify_published_seamed(&document, verify::Seams { nist: verify::cannot_verify_nist, progress })?;
    let view = match document {
        Published::Public(p) => {
            let view = view_of_result2(&p.result, p.commitment.rehearsal);
            LOADED.with(|l| *l.borrow_mut() = Some(Loaded::Public(Rc::from(p))));
            Some(view)
        }
        Published::Sealed2(_) | Published::Other => None,
    };
    Some(Outcome { report, view })
}

/// What [`verify_bytes_json_told`] answers instead of an outcome when the document needs
/// the full verifier; the worker (www/static/verify-worker.js) knows it too.
pub const NEEDS_FULL_VERIFIER: &str = "{\"needs_full_verifier\":true}";

/// The text of a file's bytes as every verifier decodes them (UTF-8 with or without
/// BOM, UTF-16 with BOM), within the page's size limit; otherwise the report on an
/// unreadable file.
/// UTF-8 is read where it lies, not copied: a page's document may be hundreds of MB.
fn decode_for_page(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, Outcome> {
    fairdraw::read::decode(bytes, fairdraw::read::MAX_BYTES_BROWSER)
        .map_err(|reason| Outcome { report: verify::unreadable(&reason), view: None })
}

/// A gzip file's bytes inflated (a bundle published as `.json.gz`), other bytes as
/// they are. `inflated_by_browser`: the browser's own `DecompressionStream` result,
/// `None` where it has none (then this crate inflates). Corrupt gzip is unreadable.
pub fn gunzip_for_page(bytes: Vec<u8>, inflated_by_browser: Option<Result<Vec<u8>, String>>) -> Result<Vec<u8>, Outcome> {
    if !fairdraw::gzip::is_gzip(&bytes) {
        return Ok(bytes);
    }
    let limit = fairdraw::read::MAX_BYTES_BROWSER;
    let inflated = match inflated_by_browser {
        Some(Ok(out)) if out.len() > limit => Err(fairdraw::gzip::Corrupt::TooLarge { limit }),
        Some(Ok(out)) => Ok(out),
        Some(Err(_)) => Err(fairdraw::gzip::Corrupt::Data),
        None => fairdraw::gzip::gunzip(&bytes, limit),
    };
    inflated.map_err(corrupt_gzip)
}

fn corrupt_gzip(why: fairdraw::gzip::Corrupt) -> Outcome {
    use fairdraw::gzip::Corrupt;
    let (zh, en) = match why {
        Corrupt::TooLarge { limit } => {
            let reason = fairdraw::read::Unreadable::TooLarge { bytes: limit as u64 + 1, limit: limit as u64 };
            return Outcome { report: verify::unreadable(&reason), view: None };
        }
        other => other.words(),
    };
    // Any reason stands in for the kind; the words are set just below.
    let mut report = verify::unreadable(&fairdraw::read::Unreadable::NotText);
    report.reason = Some(fairdraw::Text::new(
        format!("这是 gzip 压缩文件（.gz），但无法解压：{zh}。请重新下载，或改用未压缩的 .json 文件。"),
        format!("This is a gzip-compressed file (.gz), but it cannot be decompressed: {en}. Download it again, or use the uncompressed .json file."),
    ));
    Outcome { report, view: None }
}

/// The report on a file too large for the page, known from its size alone.
pub fn too_large_for_page(size: u64) -> Option<Outcome> {
    fairdraw::read::too_large(size, fairdraw::read::MAX_BYTES_BROWSER)
        .map(|reason| Outcome { report: verify::unreadable(&reason), view: None })
}

/// What the page asks its verifier (the worker, or the page itself where no worker
/// can run).
#[derive(Debug, Clone, Copy)]
pub enum Question<'a> {
    /// Verify a document: its bytes, and the time-stamping roots the visitor added
    /// (hex DER, one per line).
    Verify { document: &'a [u8], roots: &'a str },
    /// 查询我的企业 in the document verified last ([`lookup_query`]'s form).
    Lookup { query: &'a str },
}

/// What the verification worker answers, computed on the page where no worker can run.
pub fn answer_here(question: Question) -> String {
    match question {
        Question::Lookup { query } => lookup_loaded_json(query),
        Question::Verify { document, roots } => verify_bytes_json_told(document, &roots_of(roots), verify::no_progress),
    }
}

/// A document's bytes as read or downloaded (inflated, not yet decoded), verified as
/// [`verify_text_json_told`] verifies its text; bytes that are not text are
/// unreadable. The page hands the verifier bytes, not text: a JavaScript string of a
/// large document would take twice its size and be copied twice on the way.
pub fn verify_bytes_json_told(document: &[u8], roots: &[Vec<u8>], progress: verify::Progress) -> String {
    match decode_for_page(document) {
        Ok(text) => verify_text_json_told(&text, roots, progress),
        Err(outcome) => serde_json::to_string(&outcome).unwrap_or_default(),
    }
}

/// [`verify_text_trusting`] as JSON, the form that crosses from the background worker.
pub fn verify_text_json(text: &str, roots: &[Vec<u8>]) -> String {
    verify_text_json_told(text, roots, verify::no_progress)
}

/// [`verify_text_json`], telling `progress` of each check as it is made.
pub fn verify_text_json_told(text: &str, roots: &[Vec<u8>], progress: verify::Progress) -> String {
    match verify_text_told(text, roots, progress) {
        Some(outcome) => serde_json::to_string(&outcome).unwrap_or_default(),
        None => NEEDS_FULL_VERIFIER.to_string(),
    }
}

/// A lookup as it crosses to the worker: the firm's code and, for a firm a public
/// document does not name, its 核验码, on a second line.
pub fn lookup_query(id: &str, key: &str) -> String {
    if key.trim().is_empty() {
        id.to_string()
    } else {
        format!("{id}\n{key}")
    }
}

/// 查询我的企业 in the last document verified, as JSON of [`Lookup`]; `null` when none
/// is loaded. `query` is [`lookup_query`]'s.
pub fn lookup_loaded_json(query: &str) -> String {
    let (id, key) = match query.split_once('\n') {
        Some((id, key)) => (id, Some(key)),
        None => (query, None),
    };
    let loaded = LOADED.with(|l| l.borrow().clone());
    let answer = match loaded {
        #[cfg(feature = "full")]
        Some(Loaded::Bundle(b)) => verify::lookup(&b, id),
        #[cfg(feature = "full")]
        Some(Loaded::Auditor(a)) => fairdraw::v2::lookup::lookup_auditor(&a, id),
        Some(Loaded::Public(p)) => fairdraw::v2::lookup::lookup(&p, id, key),
        None => return "null".to_string(),
    };
    let mut answer = answer;
    relabel_reasons(&mut answer);
    serde_json::to_string(&answer).unwrap_or_else(|_| "null".into())
}

/// A directory field as the public reads it, in Chinese and English: the document
/// keeps the codes its conditions name (`risk`), a reader needs the label.
pub fn field_words(field: &str) -> (String, String) {
    let known = match field {
        "risk" => Some(("信用风险分类", "credit risk class")),
        "region" => Some(("区域", "region")),
        "industry" => Some(("行业", "industry")),
        "kind" => Some(("企业类型", "firm type")),
        "status" => Some(("登记状态", "registration status")),
        "flag" => Some(("标记", "mark")),
        _ => None,
    };
    match (known, field.strip_prefix("attr:")) {
        (Some((zh, en)), _) => (zh.to_string(), en.to_string()),
        (None, Some(column)) => (column.to_string(), column.to_string()),
        (None, None) => (field.to_string(), field.to_string()),
    }
}

/// `（条件：risk 属于 D）` → `（条件：信用风险分类属于 D）`, and `(condition: risk in D)` →
/// `(condition: credit risk class is one of D)`: a task condition in a reason, its
/// field by label. Text without such a condition is returned as it is.
fn relabel_condition(reason: &str, lang: Lang) -> String {
    let (open, close) = match lang {
        Lang::Zh => ("（条件：", "）"),
        Lang::En => ("(condition: ", ")"),
    };
    let Some(start) = reason.find(open).map(|i| i + open.len()) else { return reason.to_string() };
    let Some(end) = reason.rfind(close).filter(|&e| e >= start) else { return reason.to_string() };
    let mut parts = reason[start..end].splitn(3, ' ');
    let (Some(field), Some(op), Some(values)) = (parts.next(), parts.next(), parts.next()) else { return reason.to_string() };
    let (zh, en) = field_words(field);
    let condition = match lang {
        Lang::Zh => format!("{zh}{op} {values}"),
        Lang::En if op == "in" => format!("{en} is one of {values}"),
        Lang::En => format!("{en} is not one of {values}"),
    };
    format!("{}{condition}{}", &reason[..start], &reason[end..])
}

/// A lookup's reasons in the page's words (see [`relabel_condition`]).
pub fn relabel_reasons(answer: &mut Lookup) {
    for outcome in &mut answer.outcomes {
        outcome.reason_zh = relabel_condition(&outcome.reason_zh, Lang::Zh);
        outcome.reason_en = relabel_condition(&outcome.reason_en, Lang::En);
    }
}

/// Whether a code that is not in the directory has only its last character wrong:
/// a typing error, said as such rather than “not in the directory”.
pub fn check_character_wrong(id: &str) -> bool {
    matches!(fairdraw::uscc::validate(id), Err(fairdraw::uscc::UsccError::CheckCharacter { .. }))
}

/// The 公示 index beside a document opened from a publication folder: `…/draws/x.json`
/// → `…/draws/index.json`. `None` for a document not opened by address.
pub fn index_url_beside(document_url: &str) -> Option<String> {
    let path = document_url.split(['#', '?']).next()?;
    let (folder, file) = path.rsplit_once('/')?;
    (!file.is_empty() && file != fairdraw::publication::INDEX_FILE).then(|| format!("{folder}/{}", fairdraw::publication::INDEX_FILE))
}

/// A file of the 公示 folder a document was opened from: `…/draws/x.json` and
/// `index/c/ab.json` → `…/draws/index/c/ab.json`.
pub fn file_beside(document_url: &str, file: &str) -> Option<String> {
    let index = index_url_beside(document_url)?;
    let folder = index.strip_suffix(fairdraw::publication::INDEX_FILE)?;
    Some(format!("{folder}{}", fairdraw::publication::encode_path(file)))
}

/// What the 公示 site a document came from says of its commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteListing {
    /// The site's index lists the commitment; `chain_breaks` are the breaks of the
    /// department's chain up to it (none: numbers 1 to `sequence` all published and
    /// linked).
    Listed { sequence: u64, chain_breaks: Vec<(String, String)> },
    /// The index does not list it.
    NotListed,
    /// No index could be read there.
    NoIndex,
}

impl SiteListing {
    pub fn code(&self) -> &'static str {
        match self {
            SiteListing::Listed { chain_breaks, .. } if chain_breaks.is_empty() => "listed",
            SiteListing::Listed { .. } => "listed-chain-broken",
            SiteListing::NotListed => "not-listed",
            SiteListing::NoIndex => "no-index",
        }
    }
}

/// Reads the split index's file for one department and year (SiteListing::NoIndex
/// when it is not one) for `commitment`.
pub fn site_listing_in_shard(shard_text: Option<&str>, commitment: &str) -> SiteListing {
    let Some(shard) = shard_text.and_then(|t| serde_json::from_str::<fairdraw::publication::shards::Shard>(t).ok()) else {
        return SiteListing::NoIndex;
    };
    match fairdraw::publication::shards::find_in_shard(&shard, commitment) {
        Some((entry, breaks)) => SiteListing::Listed {
            sequence: entry.sequence,
            chain_breaks: breaks.into_iter().map(|w| (w.zh.clone(), w.en.clone())).collect(),
        },
        None => SiteListing::NotListed,
    }
}

/// Reads a 公示 index (`index.json`) for `commitment`.
pub fn site_listing(index_text: Option<&str>, commitment: &str) -> SiteListing {
    let Some(index) = index_text.and_then(|t| serde_json::from_str::<fairdraw::publication::PublicationIndex>(t).ok()) else {
        return SiteListing::NoIndex;
    };
    let Some(entry) = index.entries.iter().find(|e| e.commitment == commitment) else {
        return SiteListing::NotListed;
    };
    let chain_breaks = index
        .warnings
        .iter()
        .filter(|w| w.department == entry.department && w.sequence <= entry.sequence)
        .map(|w| (w.zh.clone(), w.en.clone()))
        .collect();
    SiteListing::Listed { sequence: entry.sequence, chain_breaks }
}

/// The single answer shown for a lookup: selected in any task wins, then not
/// selected, then the reasons a firm was never in the draw.
pub fn lookup_status(l: &Lookup) -> &'static str {
    if !l.found {
        return if !l.candidates.is_empty() {
            "choose"
        } else if l.key_problem.is_some() {
            "key_problem"
        } else if l.needs_key {
            "needs_key"
        } else {
            "not_found"
        };
    }
    for status in ["selected", "reserve", "not_selected", "not_in_pool", "excluded", "out_of_scope", "inactive"] {
        if l.outcomes.iter().any(|o| o.status.as_str() == status) {
            return status;
        }
    }
    "not_found"
}

/// What a check card says, true in every case: passed; failed; not applicable yet (a
/// sealed result has no list to check); not run (an earlier check failed); the file
/// could not be read; a timing that holds on a condition (the commitment published
/// before the round) or that a time-stamping authority witnessed; or a rehearsal's
/// timing (a rehearsal may draw with a round emitted before its commitment, so the
/// check shows nothing about fairness there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckState {
    Passed,
    Failed,
    NotApplicable,
    NotRun,
    Unreadable,
    Conditional,
    Witnessed,
    RehearsalTiming,
}

impl CheckState {
    pub fn of(id: verify::CheckId, check: Option<&verify::Check>, report: &Report) -> CheckState {
        let timing = id == verify::CheckId::Timing;
        match check {
            Some(c) if !c.ok => CheckState::Failed,
            Some(_) if timing && report.verdict == verify::Verdict::Rehearsal && round_came_first(report) => {
                CheckState::RehearsalTiming
            }
            Some(_) if timing && report.witnessed => CheckState::Witnessed,
            Some(_) if timing && report.condition.is_some() => CheckState::Conditional,
            Some(_) => CheckState::Passed,
            None if report.verdict == verify::Verdict::Sealed => CheckState::NotApplicable,
            None if report.verdict == verify::Verdict::Unreadable => CheckState::Unreadable,
            None => CheckState::NotRun,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            CheckState::Passed => "passed",
            CheckState::Failed => "failed",
            CheckState::NotApplicable => "not-applicable",
            CheckState::NotRun => "not-run",
            CheckState::Unreadable => "unreadable",
            CheckState::Conditional => "conditional",
            CheckState::Witnessed => "witnessed",
            CheckState::RehearsalTiming => "rehearsal",
        }
    }

    pub fn mark(self) -> &'static str {
        match self {
            CheckState::Passed | CheckState::Witnessed => "✓",
            CheckState::Failed => "✗",
            CheckState::Conditional => "✓*",
            CheckState::NotApplicable => "…",
            CheckState::NotRun | CheckState::Unreadable => "–",
            CheckState::RehearsalTiming => "!",
        }
    }

    /// The card's colour: green, red, or neutral for what is not a pass or a failure.
    pub fn class(self) -> &'static str {
        match self {
            CheckState::Passed | CheckState::Witnessed => "check-ok",
            CheckState::Conditional => "check-ok check-conditional",
            CheckState::Failed => "check-bad",
            CheckState::NotApplicable | CheckState::NotRun | CheckState::Unreadable => "check-pending",
            CheckState::RehearsalTiming => "check-rehearsal",
        }
    }
}

/// A long hash as its first and last 8 characters; a short one as it is.
pub fn shorten_hash(full: &str) -> String {
    let chars: Vec<char> = full.chars().collect();
    if chars.len() <= 20 {
        return full.to_string();
    }
    let head: String = chars[..8].iter().collect();
    let tail: String = chars[chars.len() - 8..].iter().collect();
    format!("{head}…{tail}")
}

/// Whether the round was emitted before the commitment says it was made.
fn round_came_first(report: &Report) -> bool {
    match (fairdraw::time::parse_rfc3339(&report.emission_time), fairdraw::time::parse_rfc3339(&report.committed_at)) {
        (Ok(emitted), Ok(committed)) => emitted <= committed,
        _ => false,
    }
}

/// The overall verdict is only ever one of these; anything else (a newer core) is
/// shown as invalid rather than guessed at.
pub fn verdict(report: &Report) -> &'static str {
    match report.verdict.as_str() {
        "valid" if report.checks.iter().all(|c| c.ok) => "valid",
        "rehearsal" if report.checks.iter().all(|c| c.ok) => "rehearsal",
        "sealed" if report.checks.iter().all(|c| c.ok) => "sealed",
        "unreadable" => "unreadable",
        _ => "invalid",
    }
}

/// The columns the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Published order: by ticket.
    #[default]
    Ticket,
    Id,
    Name,
    Stratum,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// A click on a column header: the same column flips, another starts ascending.
    pub fn click(self, key: SortKey) -> Sort {
        if self.key == key {
            Sort { key, descending: !self.descending }
        } else {
            Sort { key, descending: false }
        }
    }
}

/// Whether a row matches a search: any of ID, name, stratum, team or items contains
/// the text (case-insensitive for Latin letters); an empty search matches all.
pub fn matches(row: &Row, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    let hit = |s: &str| s.to_lowercase().contains(&q);
    hit(&row.id) || hit(&row.name) || hit(&row.stratum) || hit(&row.ticket) || row.team.iter().any(|m| hit(m)) || row.items.iter().any(|i| hit(i))
}

/// The rows to show, searched and sorted. Ties keep the published order.
pub fn visible_rows<'a>(task: &'a TaskView, query: &str, sort: Sort) -> Vec<&'a Row> {
    let mut rows: Vec<&Row> = task.rows.iter().filter(|r| matches(r, query)).collect();
    rows.sort_by(|a, b| {
        let primary = match sort.key {
            SortKey::Ticket => a.order.cmp(&b.order),
            SortKey::Id => a.id.cmp(&b.id),
            SortKey::Name => a.name.cmp(&b.name),
            SortKey::Stratum => a.stratum.cmp(&b.stratum),
        };
        let primary = if sort.descending { primary.reverse() } else { primary };
        primary.then(a.order.cmp(&b.order))
    });
    rows
}

/// The selected firms of every task as CSV, written as every export of the
/// application is ([`fairdraw::export::csv`]): UTF-8 with a byte order mark, CRLF
/// line ends, RFC 4180 quoting, and a `'` before text a spreadsheet would run as a
/// formula, since names come from the published file.
pub fn csv(view: &ResultView, lang: Lang) -> String {
    let header: [&str; 9] = match lang {
        Lang::Zh => ["任务编号", "任务名称", "序号", "统一社会信用代码", "企业名称", "分层", "签号", "检查组", "检查事项"],
        Lang::En => ["Task", "Task name", "No.", "Credit code", "Firm", "Stratum", "Ticket", "Team", "Items"],
    };
    let mut rows = vec![header.map(String::from).to_vec()];
    // A rehearsal says so on every row, first, so that no printout of it can pass for
    // a real draw.
    let mark = match lang {
        Lang::Zh => "演练（非正式抽取）",
        Lang::En => "Rehearsal (not a real draw)",
    };
    if view.rehearsal {
        rows[0].insert(0, if lang == Lang::Zh { "演练".into() } else { "Rehearsal".into() });
    }
    for task in &view.tasks {
        for row in &task.rows {
            let prefix = view.rehearsal.then(|| mark.to_string());
            rows.push(prefix.into_iter().chain([
                task.number.clone(),
                task.name.clone(),
                (row.order + 1).to_string(),
                row.id.clone(),
                row.name.clone(),
                row.stratum.clone(),
                row.ticket.clone(),
                row.team.join("、"),
                row.items.join("、"),
            ]).collect());
        }
    }
    fairdraw::export::csv(&fairdraw::export::Sheet { name: String::new(), rows })
}

/// The file name offered for the CSV: the plan number when it is safe in a name, and
/// 演练 first for a rehearsal.
pub fn csv_file_name(plan_number: &str, rehearsal: bool) -> String {
    let name = plain_csv_file_name(plan_number);
    if rehearsal {
        name.replacen("fairdraw-", "fairdraw-演练-", 1)
    } else {
        name
    }
}

fn plain_csv_file_name(plan_number: &str) -> String {
    let safe: String = plan_number
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control())
        .collect();
    let safe = safe.trim();
    if safe.is_empty() {
        "fairdraw-result.csv".to_string()
    } else {
        format!("fairdraw-{safe}.csv")
    }
}

/// How much of a download has arrived, in percent, when the server gave the size
/// and the bytes fit in it (a server that compresses on the fly states the
/// compressed size, which the received bytes outgrow).
pub fn percent_of(received: u64, total: Option<u64>) -> Option<u8> {
    match total {
        Some(total) if total > 0 && received <= total => Some((received.saturating_mul(100) / total) as u8),
        _ => None,
    }
}

/// `1.2 MB / 33.7 MB (3%)`, or the bytes alone when the size is not known.
pub fn received_words(received: u64, total: Option<u64>) -> String {
    match (percent_of(received, total), total) {
        (Some(p), Some(total)) => format!("{} / {}（{p}%）", human_size(received as usize), human_size(total as usize)),
        _ => human_size(received as usize),
    }
}

/// Where the bundle being checked came from, for the progress line and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(String),
    Pasted,
    Url(String),
}

/// How far a verification has got.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Phase {
    #[default]
    Idle,
    /// Reading the file or downloading the URL: the bytes so far and, when the
    /// server said, how many there are.
    Loading { source: Source, received: u64, total: Option<u64> },
    /// The text is with the verifier; `bytes` is its size, `done` the checks made
    /// so far (in the report's order), as the background verifier tells them.
    Verifying { source: Source, bytes: usize, done: Vec<verify::CheckId> },
    Done { source: Source, outcome: Rc<Outcome>, millis: u64 },
    /// The bundle could not be obtained at all (network, unreadable file).
    Failed { source: Source, zh: String, en: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LookupPhase {
    #[default]
    None,
    Asking(String),
    Answer(Rc<Lookup>),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerifyState {
    /// Increases with every new bundle, so late answers about an older one are dropped.
    pub run: u32,
    pub phase: Phase,
    pub search: String,
    pub sort: Sort,
    pub show_all: bool,
    pub lookup: LookupPhase,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyAction {
    /// A new bundle; `run` must be larger than any before (the page keeps the count).
    Start { run: u32, source: Source },
    /// More of a download has arrived.
    Received { run: u32, received: u64, total: Option<u64> },
    Verifying { run: u32, bytes: usize },
    /// The verifier has made one more check.
    Checked { run: u32, check: verify::CheckId },
    Done { run: u32, outcome: Rc<Outcome>, millis: u64 },
    Failed { run: u32, zh: String, en: String },
    Search(String),
    SortBy(SortKey),
    ShowAll,
    LookupAsked(String),
    LookupAnswered { run: u32, answer: Rc<Lookup> },
}

/// How many rows of a task are shown before 显示全部: enough for any notice, few
/// enough that a 100,000-firm draw does not stall the page.
pub const ROW_LIMIT: usize = 200;

impl VerifyState {
    fn source(&self) -> Option<Source> {
        match &self.phase {
            Phase::Idle => None,
            Phase::Loading { source, .. } => Some(source.clone()),
            Phase::Verifying { source, .. } | Phase::Done { source, .. } | Phase::Failed { source, .. } => {
                Some(source.clone())
            }
        }
    }

    pub fn apply(&self, action: VerifyAction) -> VerifyState {
        let mut next = self.clone();
        let current = |run: u32| run == self.run;
        match action {
            VerifyAction::Start { run, source } => {
                next = VerifyState { run, phase: Phase::Loading { source, received: 0, total: None }, ..Default::default() };
            }
            VerifyAction::Received { run, received, total } if current(run) => {
                if let Phase::Loading { source, .. } = &self.phase {
                    next.phase = Phase::Loading { source: source.clone(), received, total };
                }
            }
            VerifyAction::Verifying { run, bytes } if current(run) => {
                if let Some(source) = self.source() {
                    next.phase = Phase::Verifying { source, bytes, done: Vec::new() };
                }
            }
            VerifyAction::Checked { run, check } if current(run) => {
                if let Phase::Verifying { done, .. } = &mut next.phase {
                    done.push(check);
                }
            }
            VerifyAction::Done { run, outcome, millis } if current(run) => {
                if let Some(source) = self.source() {
                    next.phase = Phase::Done { source, outcome, millis };
                }
            }
            VerifyAction::Failed { run, zh, en } if current(run) => {
                if let Some(source) = self.source() {
                    next.phase = Phase::Failed { source, zh, en };
                }
            }
            VerifyAction::Search(text) => {
                next.search = text;
            }
            VerifyAction::SortBy(key) => next.sort = self.sort.click(key),
            VerifyAction::ShowAll => next.show_all = true,
            VerifyAction::LookupAsked(query) => next.lookup = LookupPhase::Asking(query),
            VerifyAction::LookupAnswered { run, answer } if current(run) => next.lookup = LookupPhase::Answer(answer),
            // An answer about a bundle no longer shown.
            _ => {}
        }
        next
    }

    pub fn outcome(&self) -> Option<&Rc<Outcome>> {
        match &self.phase {
            Phase::Done { outcome, .. } => Some(outcome),
            _ => None,
        }
    }

    pub fn busy(&self) -> bool {
        matches!(self.phase, Phase::Loading { .. } | Phase::Verifying { .. })
    }
}

impl Reducible for VerifyState {
    type Action = VerifyAction;

    fn reduce(self: Rc<Self>, action: VerifyAction) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// A bundle address from `#/verify?bundle=…`, resolved against the page: relative
/// addresses are relative to the site. Only http(s) is fetched.
pub fn bundle_url(given: &str, page_url: &str) -> Option<String> {
    let given = given.trim();
    if given.is_empty() {
        return None;
    }
    let lower = given.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(given.to_string());
    }
    let scheme_end = lower.find([':', '/', '?', '#']).filter(|&i| lower.as_bytes()[i] == b':');
    if scheme_end.is_some_and(|i| i > 0 && lower[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))) {
        // javascript:, data:, file: and the like.
        return None;
    }
    // The page's address without its hash and query, up to the last `/`.
    let page = page_url.split(['#', '?']).next().unwrap_or("");
    let origin_end = page.find("://").map(|i| i + 3).and_then(|i| page[i..].find('/').map(|j| i + j)).unwrap_or(page.len());
    if let Some(rest) = given.strip_prefix("//") {
        let scheme = page.split("://").next().unwrap_or("https");
        return Some(format!("{scheme}://{rest}"));
    }
    if given.starts_with('/') {
        return Some(format!("{}{}", &page[..origin_end], given));
    }
    let dir_end = page.rfind('/').filter(|&i| i >= origin_end).map(|i| i + 1);
    match dir_end {
        Some(end) => Some(format!("{}{}", &page[..end], given.trim_start_matches("./"))),
        None => Some(format!("{}/{}", &page[..origin_end], given.trim_start_matches("./"))),
    }
}

/// A size in bytes for the progress line.
pub fn human_size(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB {
        format!("{}.{} MB", bytes / MB, bytes % MB * 10 / MB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full verifier's outcome, with the pinned roots alone.
    fn verify_text(text: &str) -> Outcome {
        verify_text_trusting(text, &[]).expect("the full verifier answers every document")
    }

    #[test]
    fn a_download_says_how_far_it_has_got() {
        assert_eq!(percent_of(0, Some(1000)), Some(0));
        assert_eq!(percent_of(500, Some(1000)), Some(50));
        assert_eq!(percent_of(1000, Some(1000)), Some(100));
        // Compressed on the fly: the stated size is the compressed one.
        assert_eq!(percent_of(3000, Some(1000)), None);
        assert_eq!(percent_of(10, None), None);
        assert_eq!(percent_of(10, Some(0)), None);
        assert_eq!(received_words(3 * 1024 * 1024, Some(30 * 1024 * 1024)), "3.0 MB / 30.0 MB（10%）");
        assert_eq!(received_words(512 * 1024, None), "512 KB");

        let start = VerifyState::default().apply(VerifyAction::Start { run: 1, source: Source::Url("b.json".into()) });
        let moved = start.apply(VerifyAction::Received { run: 1, received: 300, total: Some(1000) });
        assert_eq!(moved.phase, Phase::Loading { source: Source::Url("b.json".into()), received: 300, total: Some(1000) });
        // A late report about an earlier download changes nothing.
        assert_eq!(moved.apply(VerifyAction::Received { run: 0, received: 900, total: Some(1000) }), moved);
        let verifying = moved.apply(VerifyAction::Verifying { run: 1, bytes: 1000 });
        assert_eq!(verifying.apply(VerifyAction::Received { run: 1, received: 1000, total: Some(1000) }), verifying);
        // Each check made is kept, in order; one told of an earlier run is not.
        let checked = verifying.apply(VerifyAction::Checked { run: 1, check: verify::CheckId::Format });
        let checked = checked.apply(VerifyAction::Checked { run: 1, check: verify::CheckId::Inputs });
        assert_eq!(checked.apply(VerifyAction::Checked { run: 0, check: verify::CheckId::Beacon }), checked);
        let Phase::Verifying { done, .. } = &checked.phase else { panic!("{:?}", checked.phase) };
        assert_eq!(done, &[verify::CheckId::Format, verify::CheckId::Inputs]);
    }

    #[test]
    fn a_document_from_a_publication_folder_is_looked_up_in_its_index() {
        assert_eq!(index_url_beside("https://x.gov.cn/fd/draws/a-public.json?v=1"), Some("https://x.gov.cn/fd/draws/index.json".into()));
        assert_eq!(index_url_beside("draws/a.json"), Some("draws/index.json".into()));
        assert_eq!(index_url_beside("draws/index.json"), None);
        assert_eq!(index_url_beside("a.json"), None);

        let files = fairdraw::demo::site_demo();
        let index = fairdraw::publication::build_index(&files).unwrap();
        let text = serde_json::to_string(&index).unwrap();
        let first = &index.entries[0];
        assert_eq!(site_listing(Some(&text), &first.commitment), SiteListing::Listed { sequence: first.sequence, chain_breaks: Vec::new() });
        assert_eq!(site_listing(Some(&text), &"ab".repeat(32)), SiteListing::NotListed);
        assert_eq!(site_listing(Some("<html>404</html>"), &first.commitment), SiteListing::NoIndex);
        assert_eq!(site_listing(None, &first.commitment), SiteListing::NoIndex);
        // Without number 1, number 2's chain is broken.
        let without_first: Vec<(String, String)> =
            files.iter().filter(|(name, _)| !name.starts_with(&format!("{}", files[0].0.split("-commitment").next().unwrap()))).cloned().collect();
        if let Ok(partial) = fairdraw::publication::build_index(&without_first) {
            if let Some(later) = partial.entries.iter().find(|e| e.sequence > 1) {
                let text = serde_json::to_string(&partial).unwrap();
                assert_eq!(site_listing(Some(&text), &later.commitment).code(), "listed-chain-broken");
            }
        }
    }

    /// The split index answers as the whole one does, from the one file that lists
    /// the commitment.
    #[test]
    fn the_split_index_answers_as_the_whole_one() {
        use fairdraw::publication::shards;
        assert_eq!(file_beside("https://x.gov.cn/fd/draws/a.json", "index/c/ab.json"), Some("https://x.gov.cn/fd/draws/index/c/ab.json".into()));
        assert_eq!(file_beside("a.json", "index/root.json"), None);
        let index = fairdraw::publication::build_index(&fairdraw::demo::site_demo()).unwrap();
        let whole = serde_json::to_string(&index).unwrap();
        let split: std::collections::BTreeMap<String, String> = shards::split(&index, "").into_iter().collect();
        for e in &index.entries {
            let lookup: shards::Lookup = serde_json::from_str(&split[&shards::lookup_file(&e.commitment).unwrap()]).unwrap();
            let shard = &split[&lookup.shards[&e.commitment]];
            assert_eq!(site_listing_in_shard(Some(shard), &e.commitment), site_listing(Some(&whole), &e.commitment));
            assert_eq!(site_listing_in_shard(Some(shard), &"ab".repeat(32)), SiteListing::NotListed);
        }
        assert_eq!(site_listing_in_shard(Some("<html>404</html>"), &index.entries[0].commitment), SiteListing::NoIndex);
    }

    fn bundle_text() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/spec/bundle-small.json"))
            .expect("the spec vectors are in the repository")
    }

    fn gzipped(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut enc, bytes).unwrap();
        enc.finish().unwrap()
    }

    /// The whole load path after the bytes arrive, as the page runs it without a
    /// browser stream: inflated on the page, decoded and verified by the verifier,
    /// whose answer crosses back as JSON.
    fn verify_bytes(bytes: Vec<u8>, by_browser: Option<Result<Vec<u8>, String>>) -> Outcome {
        match gunzip_for_page(bytes, by_browser) {
            Ok(document) => serde_json::from_str(&answer_here(Question::Verify { document: &document, roots: "" })).unwrap(),
            Err(outcome) => outcome,
        }
    }

    #[test]
    fn a_gzipped_bundle_verifies_like_the_plain_one() {
        let plain = bundle_text();
        let expected = verify_text(&plain);
        let gz = gzipped(plain.as_bytes());
        for by_browser in [None, Some(Ok(plain.clone().into_bytes()))] {
            let outcome = verify_bytes(gz.clone(), by_browser);
            assert_eq!(verdict(&outcome.report), "valid");
            assert_eq!(outcome.report, expected.report);
        }
        // Not gzip: the bytes go on as they are, whatever the browser would say.
        assert_eq!(gunzip_for_page(plain.clone().into_bytes(), None).unwrap(), plain.as_bytes());
    }

    #[test]
    fn a_corrupt_gzip_is_unreadable_with_the_reason() {
        let gz = gzipped(bundle_text().as_bytes());
        let mut flipped = gz.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0xff;
        let cases = [
            (gz[..gz.len() / 2].to_vec(), None),
            (flipped, None),
            (gz.clone(), Some(Err("TypeError: Decompression failed".to_string()))),
        ];
        for (bytes, by_browser) in cases {
            let outcome = verify_bytes(bytes, by_browser);
            assert_eq!(verdict(&outcome.report), "unreadable");
            let reason = outcome.report.reason.as_ref().expect("a reason");
            assert!(reason.zh.contains("gzip") && reason.zh.contains("无法解压"), "{}", reason.zh);
            assert!(reason.en.contains("cannot be decompressed"), "{}", reason.en);
        }
        let huge = Some(Ok(vec![b' '; fairdraw::read::MAX_BYTES_BROWSER + 1]));
        let outcome = verify_bytes(gz, huge);
        assert_eq!(verdict(&outcome.report), "unreadable");
        assert!(outcome.report.reason.unwrap().en.contains("MB"));
    }

    #[test]
    fn verifies_the_spec_bundle_and_keeps_it_for_lookups() {
        let outcome = verify_text(&bundle_text());
        assert_eq!(verdict(&outcome.report), "valid");
        let ids: Vec<verify::CheckId> = outcome.report.checks.iter().map(|c| c.id).collect();
        assert_eq!(ids, CHECK_IDS);
        let view = outcome.view.as_ref().expect("a view");
        let first = &view.tasks[0].rows[0];
        assert_eq!(first.id, "92130371MACLME9QF1");
        assert_eq!(first.team.len(), 2);
        assert!(first.team[0].contains("郑思佳（开发区应急管理局"), "{:?}", first.team);
        assert_eq!(view.tasks[0].strata[0].label, "A");
        // Each stratum says how many reserves the bundle declares for it.
        let bundle: fairdraw::protocol::Bundle = serde_json::from_str(&bundle_text()).unwrap();
        let declared: Vec<u64> = bundle.result.tasks.iter().flat_map(|t| t.strata.iter().map(|s| s.reserves.len() as u64)).collect();
        let shown: Vec<u64> = view.tasks.iter().flat_map(|t| t.strata.iter().map(|s| s.reserves)).collect();
        assert_eq!(shown, declared);

        let answer: Lookup = serde_json::from_str(&lookup_loaded_json("92130371MACLME9QF1")).unwrap();
        assert_eq!(lookup_status(&answer), "selected");
        let answer: Lookup = serde_json::from_str(&lookup_loaded_json("91110108551385082Q")).unwrap();
        assert_eq!(lookup_status(&answer), "not_found");

        // The JSON is the report with the view beside it.
        let json: serde_json::Value = serde_json::from_str(&verify_text_json(&bundle_text(), &[])).unwrap();
        assert_eq!(json["report"]["verdict"], "valid");
        assert!(json["view"]["tasks"].is_array());
    }

    #[test]
    fn unreadable_text_is_unreadable_not_invalid_and_forgets_the_last_bundle() {
        verify_text(&bundle_text());
        let outcome = verify_text("{ not json");
        assert_eq!(verdict(&outcome.report), "unreadable");
        assert!(outcome.report.checks.is_empty(), "no check ran");
        assert!(outcome.report.reason.as_ref().is_some_and(|r| r.zh.contains("不是 JSON")), "{:?}", outcome.report.reason);
        assert!(outcome.view.is_none());
        assert_eq!(lookup_loaded_json("92130371MACLME9QF1"), "null");
    }

    #[test]
    fn a_file_too_large_for_the_page_is_refused_before_it_is_read_and_suggests_the_command_line() {
        let limit = fairdraw::read::MAX_BYTES_BROWSER as u64;
        assert!(too_large_for_page(limit).is_none());
        let outcome = too_large_for_page(limit + 1).expect("refused");
        assert_eq!(verdict(&outcome.report), "unreadable");
        let reason = outcome.report.reason.expect("a reason");
        assert!(reason.zh.contains("fairdraw verify") && reason.en.contains("fairdraw verify"), "{reason:?}");
    }

    #[test]
    fn bytes_are_decoded_as_every_verifier_decodes_them() {
        let text = bundle_text();
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode_for_page(&utf16).ok().as_deref(), Some(text.as_str()));
        let not_text = decode_for_page(&[0x89, b'P', b'N', b'G', 0xFF, 0xD8]).expect_err("not text");
        assert_eq!(verdict(&not_text.report), "unreadable");
        // The verifier decodes what the page hands it.
        assert_eq!(verify_bytes(utf16, None).report, verify_text(&text).report);
        assert_eq!(verify_bytes(vec![0x89, b'P', b'N', b'G', 0xFF, 0xD8], None).report, not_text.report);
    }

    #[test]
    fn a_sealed_result_is_verified_without_its_list() {
        let bundle: Bundle = serde_json::from_str(&bundle_text()).unwrap();
        let sealed = fairdraw::publication::seal(&bundle);
        let outcome = verify_text(&serde_json::to_string(&sealed).unwrap());
        assert_eq!(verdict(&outcome.report), "sealed", "{:#?}", outcome.report);
        assert!(outcome.view.is_none(), "no list to show");
        assert_eq!(outcome.report.sealed_result_sha256, bundle.result_sha256);
        assert_eq!(outcome.report.reveal_after, "2026-12-31");
        assert!(outcome.report.check(fairdraw::verify::CheckId::Inputs).is_none() && outcome.report.check(fairdraw::verify::CheckId::Result).is_none());
    }

    #[test]
    fn every_check_card_has_a_true_state() {
        use fairdraw::verify::CheckId;
        let state = |outcome: &Outcome, id: CheckId| CheckState::of(id, outcome.report.check(id), &outcome.report).code();
        let bundle: Bundle = serde_json::from_str(&bundle_text()).unwrap();
        let valid = verify_text(&bundle_text());
        for id in [CheckId::Format, CheckId::Inputs, CheckId::Commitment, CheckId::Beacon, CheckId::Result] {
            assert_eq!(state(&valid, id), "passed", "{id}");
        }
        // Nothing outside the organiser witnessed the commitment's time: its timing
        // holds on the commitment having been published before the round.
        assert!(!valid.report.witnessed);
        assert_eq!(state(&valid, CheckId::Timing), "conditional");
        let mut witnessed = valid.report.clone();
        witnessed.witnessed = true;
        assert_eq!(CheckState::of(CheckId::Timing, witnessed.check(CheckId::Timing), &witnessed).code(), "witnessed");

        // A sealed result: the list is not there yet, so the checks that need it do
        // not apply; nothing failed.
        let sealed = verify_text(&serde_json::to_string(&fairdraw::publication::seal(&bundle)).unwrap());
        assert_eq!(state(&sealed, CheckId::Inputs), "not-applicable");
        assert_eq!(state(&sealed, CheckId::Result), "not-applicable");
        assert_eq!(state(&sealed, CheckId::Beacon), "passed");
        assert!(CHECK_IDS.iter().all(|&id| CheckState::of(id, sealed.report.check(id), &sealed.report).mark() != "✗"));

        // A rehearsal drawn with a round emitted before its commitment: its timing
        // card says so instead of a pass.
        let rehearsal = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/e2e/verify-rehearsal.json")).unwrap();
        let outcome = verify_text(&rehearsal);
        assert_eq!(verdict(&outcome.report), "rehearsal");
        let emitted = fairdraw::time::parse_rfc3339(&outcome.report.emission_time).unwrap();
        let committed = fairdraw::time::parse_rfc3339(&outcome.report.committed_at).unwrap();
        assert!(emitted <= committed, "the fixture is drawn with round 1000 (2023), committed later");
        assert_eq!(state(&outcome, CheckId::Timing), "rehearsal");
        assert!(!CheckState::of(CheckId::Timing, outcome.report.check(CheckId::Timing), &outcome.report).mark().contains('✓'));

        // A failed check is failed; a check that did not run after it is not run.
        let mut tampered: serde_json::Value = serde_json::from_str(&bundle_text()).unwrap();
        tampered["result"]["tasks"][0]["selected"][0]["team"][0]["id"] = "13039999999".into();
        let invalid = verify_text(&tampered.to_string());
        assert_eq!(state(&invalid, CheckId::Result), "failed");
        let mut skipped = invalid.report.clone();
        skipped.checks.retain(|c| c.id != CheckId::Result);
        assert_eq!(CheckState::of(CheckId::Result, None, &skipped).code(), "not-run");

        // Unreadable: nothing ran, and the card says why.
        let unreadable = verify_text("{ not json");
        assert_eq!(state(&unreadable, CheckId::Result), "unreadable");
    }

    #[test]
    fn long_hashes_are_shortened_to_their_ends() {
        let full = format!("{}{}{}", "0123abcd", "5".repeat(48), "ef98dc76");
        assert_eq!(shorten_hash(&full), "0123abcd…ef98dc76");
        assert_eq!(shorten_hash("2026-07"), "2026-07");
    }

    /// The rank the lookup gives a selected firm is its place among its stratum's
    /// selected firms by published ticket (the smallest tickets are drawn); a firm
    /// not selected ranks after the stratum's count.
    #[test]
    fn a_firms_rank_is_its_place_by_ticket_in_its_stratum() {
        let bundle: Bundle = serde_json::from_str(&bundle_text()).unwrap();
        let task = &bundle.result.tasks[0];
        let mut checked = 0;
        for firm in &task.selected {
            let stratum = &task.strata[firm.stratum as usize];
            if stratum.census {
                continue;
            }
            let place = 1 + task.selected.iter().filter(|o| o.stratum == firm.stratum && o.ticket < firm.ticket).count() as u64;
            let answer = verify::lookup(&bundle, &firm.id);
            let outcome = &answer.outcomes[0];
            assert_eq!((outcome.rank, outcome.stratum_size, outcome.stratum_count), (place, stratum.size, stratum.count), "{}", firm.id);
            checked += 1;
        }
        assert!(checked > 1, "the bundle has selected firms in sampled strata");
        let not_selected = bundle
            .inputs
            .directories
            .enterprises
            .iter()
            .map(|e| verify::lookup(&bundle, &e.id))
            .find(|l| l.outcomes[0].status == verify::LookupStatus::NotSelected)
            .expect("a firm in the pool, not drawn");
        let o = &not_selected.outcomes[0];
        assert!(o.rank > o.stratum_count && o.rank <= o.stratum_size, "{o:?}");
    }

    #[test]
    fn a_code_with_a_wrong_check_character_is_told_apart_from_an_unknown_firm() {
        verify_text(&bundle_text());
        let right = "92130371MACLME9QF1";
        let wrong = format!("{}{}", &right[..17], if right.ends_with('0') { '2' } else { '0' });
        assert!(!check_character_wrong(right));
        assert!(check_character_wrong(&wrong));
        let answer: Lookup = serde_json::from_str(&lookup_loaded_json(&wrong)).unwrap();
        assert!(!answer.found && answer.id_problem.is_some(), "{answer:?}");
        assert!(check_character_wrong(&answer.id));
        // Too short is another mistake, not the check character.
        assert!(!check_character_wrong(&right[..17]));
        // A real code of a firm not in the directory is not a typing error.
        assert!(!check_character_wrong("91110108551385082Q"));
    }

    #[test]
    fn reasons_name_fields_by_their_labels() {
        assert_eq!(relabel_condition("不符合本任务的抽查范围（条件：risk 属于 D）", Lang::Zh), "不符合本任务的抽查范围（条件：信用风险分类属于 D）");
        assert_eq!(relabel_condition("outside the task's scope (condition: risk in A, B)", Lang::En), "outside the task's scope (condition: credit risk class is one of A, B)");
        assert_eq!(relabel_condition("(condition: flag not_in key)", Lang::En), "(condition: mark is not one of key)");
        assert_eq!(relabel_condition("本层共 3 家", Lang::Zh), "本层共 3 家");

        // In the spec bundle, task 002 draws only risk D: a firm of class A is out of its scope.
        verify_text(&bundle_text());
        let bundle: Bundle = serde_json::from_str(&bundle_text()).unwrap();
        let firm = bundle.inputs.directories.enterprises.iter().find(|e| e.risk == "A" && e.flags.is_empty()).expect("a class A firm");
        let answer: Lookup = serde_json::from_str(&lookup_loaded_json(&firm.id)).unwrap();
        let out = answer.outcomes.iter().find(|o| o.status == verify::LookupStatus::OutOfScope).expect("out of task 002's scope");
        assert!(out.reason_zh.contains("信用风险分类属于 D") && !out.reason_zh.contains("risk"), "{}", out.reason_zh);
        assert!(out.reason_en.contains("credit risk class is one of D"), "{}", out.reason_en);
    }

    #[test]
    fn a_tampered_team_names_the_firm() {
        let mut b: serde_json::Value = serde_json::from_str(&bundle_text()).unwrap();
        b["result"]["tasks"][0]["selected"][0]["team"][0]["id"] = "13039999999".into();
        let outcome = verify_text(&b.to_string());
        assert_eq!(verdict(&outcome.report), "invalid");
        let result = outcome.report.check(fairdraw::verify::CheckId::Result).unwrap();
        assert!(!result.ok);
        assert!(result.details.iter().any(|d| d.zh.contains("92130371MACLME9QF1")), "{:?}", result.details);
    }

    /// 查询我的企业 by name: typed with other spaces and widths it is found; a part of a
    /// name, or a name two firms share, lists every firm it fits to choose from.
    #[test]
    fn names_find_every_firm_they_fit() {
        let mut bundle: Bundle = serde_json::from_str(&bundle_text()).unwrap();
        let ask = |b: &Bundle, q: &str| fairdraw::verify::lookup(b, q);
        let one = ask(&bundle, " 秦皇岛润安铸造 有限公司 ");
        assert!(one.found && one.name == "秦皇岛润安铸造有限公司", "{one:?}");
        let part = ask(&bundle, "润安");
        assert_eq!(lookup_status(&part), "choose");
        let names: Vec<&str> = part.candidates.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"秦皇岛润安铸造有限公司") && names.contains(&"秦皇岛经济技术开发区润安信科技商贸有限公司"), "{names:?}");
        assert!(names.iter().all(|n| n.contains("润安")));
        // Two firms with one name (after normalisation): both are offered.
        bundle.inputs.directories.enterprises[3].name = "秦皇岛润安铸造有限公司".into();
        let twice = ask(&bundle, "秦皇岛润安铸造有限公司");
        assert_eq!(twice.candidates.len(), 2, "{twice:?}");
        // Brackets typed half-width find a name written with full-width ones.
        bundle.inputs.directories.enterprises[5].name = "秦皇岛某某（分公司）".into();
        let bracketed = ask(&bundle, "某某(分公司)");
        assert!(bracketed.found && bracketed.id == bundle.inputs.directories.enterprises[5].id, "{bracketed:?}");
        // Nothing fits: not found, no list.
        let none = ask(&bundle, "不存在的公司");
        assert_eq!(lookup_status(&none), "not_found");
    }

    #[test]
    fn lookup_status_prefers_selected_then_reasons() {
        let text = bundle_text();
        let bundle: Bundle = serde_json::from_str(&text).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for e in &bundle.inputs.directories.enterprises {
            seen.insert(lookup_status(&verify::lookup(&bundle, &e.id)));
        }
        assert!(seen.contains("selected") && seen.contains("not_selected"), "{seen:?}");
        // By name too.
        let first = &bundle.inputs.directories.enterprises[0];
        assert!(verify::lookup(&bundle, &first.name).found);
    }

    fn row(order: usize, id: &str, name: &str, stratum: &str) -> Row {
        Row {
            order,
            id: id.into(),
            name: name.into(),
            stratum: stratum.into(),
            ticket: format!("{order:02}ab"),
            team: vec!["张三（市场监管局）".into()],
            items: vec!["AQ-001".into()],
        }
    }

    fn task() -> TaskView {
        TaskView {
            number: "001".into(),
            name: "安全".into(),
            directed: false,
            strata: vec![],
            rows: vec![row(0, "C3", "丙公司", "B"), row(1, "A1", "甲公司", "A"), row(2, "B2", "=HYPERLINK(\"x\")", "A")],
        }
    }

    #[test]
    fn sorting_and_searching() {
        let t = task();
        let ids = |rows: Vec<&Row>| rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(visible_rows(&t, "", Sort::default())), ["C3", "A1", "B2"]);
        let by_id = Sort::default().click(SortKey::Id);
        assert_eq!(ids(visible_rows(&t, "", by_id)), ["A1", "B2", "C3"]);
        assert_eq!(ids(visible_rows(&t, "", by_id.click(SortKey::Id))), ["C3", "B2", "A1"]);
        // Equal strata keep the published order.
        assert_eq!(ids(visible_rows(&t, "", Sort::default().click(SortKey::Stratum))), ["A1", "B2", "C3"]);
        assert_eq!(ids(visible_rows(&t, "甲", Sort::default())), ["A1"]);
        assert_eq!(ids(visible_rows(&t, " a1 ", Sort::default())), ["A1"]);
        assert_eq!(ids(visible_rows(&t, "张三", Sort::default())).len(), 3);
        assert!(visible_rows(&t, "nobody", Sort::default()).is_empty());
    }

    #[test]
    fn csv_has_a_bom_crlf_quoting_and_no_formulas() {
        let view = ResultView { rehearsal: false, tasks: vec![task()] };
        let text = csv(&view, Lang::Zh);
        assert!(text.starts_with("\u{feff}任务编号,任务名称,"));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines.len(), 5, "{lines:?}");
        assert_eq!(lines[4], "");
        // The task number 001 keeps its zeros in Excel (a leading tab, see `excel_safe_field`).
        assert_eq!(lines[1], "\"\t001\",安全,1,C3,丙公司,B,00ab,张三（市场监管局）,AQ-001");
        assert!(lines[3].contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{}", lines[3]);
        assert!(csv(&view, Lang::En).starts_with("\u{feff}Task,"));

        // A rehearsal: 演练 on the header and on every row.
        let rehearsal = csv(&ResultView { rehearsal: true, tasks: vec![task()] }, Lang::Zh);
        let lines: Vec<&str> = rehearsal.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines[0].starts_with("演练,任务编号,"), "{}", lines[0]);
        assert!(lines[1..].iter().all(|l| l.starts_with("演练（非正式抽取）,")), "{lines:?}");
    }

    #[test]
    fn csv_file_names_are_safe() {
        assert_eq!(csv_file_name("2025-07", false), "fairdraw-2025-07.csv");
        assert_eq!(csv_file_name("a/b:c", false), "fairdraw-abc.csv");
        assert_eq!(csv_file_name(" ", false), "fairdraw-result.csv");
        assert_eq!(csv_file_name("2025-07", true), "fairdraw-演练-2025-07.csv");
        assert_eq!(csv_file_name(" ", true), "fairdraw-演练-result.csv");
    }

    #[test]
    fn late_answers_about_an_older_bundle_are_ignored() {
        let s = VerifyState::default().apply(VerifyAction::Start { run: 1, source: Source::Pasted });
        assert_eq!(s.run, 1);
        assert!(s.busy());
        let s = s.apply(VerifyAction::Verifying { run: 1, bytes: 10 });
        assert_eq!(s.phase, Phase::Verifying { source: Source::Pasted, bytes: 10, done: Vec::new() });
        let s2 = s.apply(VerifyAction::Start { run: 2, source: Source::Url("u".into()) });
        let outcome = Rc::new(verify_text("{}"));
        let late = s2.apply(VerifyAction::Done { run: 1, outcome: outcome.clone(), millis: 3 });
        assert_eq!(late, s2);
        let done = s2.apply(VerifyAction::Done { run: 2, outcome, millis: 3 });
        assert!(done.outcome().is_some());
        assert!(!done.busy());
        let failed = s2.apply(VerifyAction::Failed { run: 2, zh: "网络".into(), en: "network".into() });
        assert!(matches!(failed.phase, Phase::Failed { .. }));
        // A new bundle clears the search and the last lookup.
        let searched = done.apply(VerifyAction::Search("x".into())).apply(VerifyAction::LookupAsked("q".into()));
        let again = searched.apply(VerifyAction::Start { run: 3, source: Source::Pasted });
        assert_eq!(again.search, "");
        assert_eq!(again.lookup, LookupPhase::None);
    }

    #[test]
    fn bundle_urls_resolve_against_the_site() {
        let page = "http://127.0.0.1:8080/sub/index.html#/verify?bundle=x";
        assert_eq!(bundle_url("b.json", page).as_deref(), Some("http://127.0.0.1:8080/sub/b.json"));
        assert_eq!(bundle_url("./data/b.json", page).as_deref(), Some("http://127.0.0.1:8080/sub/data/b.json"));
        assert_eq!(bundle_url("/b.json", page).as_deref(), Some("http://127.0.0.1:8080/b.json"));
        assert_eq!(bundle_url("https://example.org/b.json", page).as_deref(), Some("https://example.org/b.json"));
        assert_eq!(bundle_url("//example.org/b.json", page).as_deref(), Some("http://example.org/b.json"));
        assert_eq!(bundle_url("b.json", "http://h:1/").as_deref(), Some("http://h:1/b.json"));
        assert_eq!(bundle_url("b.json", "http://h:1").as_deref(), Some("http://h:1/b.json"));
        assert_eq!(bundle_url("javascript:alert(1)", page), None);
        assert_eq!(bundle_url("data:text/plain,x", page), None);
        assert_eq!(bundle_url("  ", page), None);
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(3 * 1024 * 1024 + 512 * 1024), "3.5 MB");
    }
}
