//! 公示 without a server: a folder of commitment and bundle files plus an
//! `index.json` listing them, which a static site reads and shows.
//!
//! The index is derived from the files alone, so anyone can rebuild it and compare.
//! Pure: the caller reads the folder and writes the results.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::hashing::hex;
use crate::problem::{Problem, Problems};
use crate::read::{Document, Unreadable};
use crate::protocol::{BeaconRef, Commitment, PlanRef, StratumSummary};
pub use crate::sealed::{reveal_after, seal, Sealed, SEALED_DOCUMENT};

pub mod shards;

/// `format` of `index.json`.
pub const INDEX_FORMAT: &str = "fairdraw/1/publication";
/// The index's own file name, skipped when a folder is read.
pub const INDEX_FILE: &str = "index.json";
/// Where the site serves the published folder, relative to `index.html`.
pub const SITE_FOLDER: &str = "draws";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationIndex {
    pub format: String,
    /// Sorted by department, sequence, then commitment hash.
    pub entries: Vec<Entry>,
    /// Breaks in the departments' commitment chains; a reader should ask about them.
    pub warnings: Vec<ChainWarning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已承诺: the inputs are fixed, the beacon round is awaited or the draw not yet published.
    Committed,
    /// 已抽取: the bundle is published.
    Drawn,
    /// 已抽取，结果封存: drawn, only the sealed result is published until the
    /// inspections are over.
    Sealed,
    /// 演练: never a valid draw, whether drawn or not.
    Rehearsal,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Committed => "committed",
            Status::Drawn => "drawn",
            Status::Sealed => "sealed",
            Status::Rehearsal => "rehearsal",
        }
    }
}

/// One commitment and, once drawn, its bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The commitment hash (hex), which names the entry everywhere.
    pub commitment: String,
    pub status: Status,
    /// A bundle is published (also for rehearsals).
    pub drawn: bool,
    pub rehearsal: bool,
    pub department: String,
    pub sequence: u64,
    pub previous: String,
    pub plan: PlanRef,
    pub tasks: Vec<EntryTask>,
    /// RFC 3339 UTC, as committed.
    pub committed_at: String,
    pub beacon: BeaconRef,
    /// File names relative to the folder; absent when that file is not published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed_file: Option<String>,
    /// When the sealed result says the full bundle will be published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reveal_after: Option<String>,
    /// For a format 2 sealed document: the quicknet round whose signature opens its
    /// time-locked list (SPEC §10.9); the 公示 page counts down to it, then opens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_round: Option<u64>,
    /// The bundle's (or sealed result's) `result_sha256`, so a printed notice can quote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_sha256: Option<String>,
    /// The QR code of [`Entry::link`], relative to the folder.
    pub qr_file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryTask {
    pub number: String,
    pub name: String,
    /// 定向 (true) or 不定向.
    pub directed: bool,
    pub pool: u64,
    pub count: u64,
    /// Each stratum's size and count, as committed: public from the commitment on,
    /// while the list itself may stay sealed.
    #[serde(default)]
    pub strata: Vec<StratumSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainProblem {
    /// Sequence numbers skip one or more values (or do not start at 1).
    Gap,
    /// `previous` is not the hash of the department's commitment just before.
    PreviousMismatch,
    /// Two different commitments carry the same sequence number.
    DuplicateSequence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainWarning {
    pub kind: ChainProblem,
    pub department: String,
    pub sequence: u64,
    /// The commitment at which the chain breaks.
    pub commitment: String,
    pub zh: String,
    pub en: String,
}

impl Entry {
    /// What the entry's QR code and main link open: the verification of the bundle,
    /// or the commitment while there is no bundle. `base` is the site's address
    /// ending in `/`, or empty for a link relative to the site.
    pub fn link(&self, base: &str) -> String {
        match &self.bundle_file {
            Some(file) => verify_link(base, file),
            None => commitment_link(base, &self.commitment),
        }
    }
}

/// `index.html#/verify?bundle=draws/FILE`, after `base`.
pub fn verify_link(base: &str, bundle_file: &str) -> String {
    format!("{base}index.html#/verify?bundle={SITE_FOLDER}/{}", encode_path(bundle_file))
}

/// What a selected firm's QR code opens (its 检查通知书, format 2): the verification
/// of the published public document, then 查询我的企业 for this firm with its 核验码,
/// which shows its team as the committed draw made it.
pub fn firm_link(base: &str, public_file: &str, id: &str, code: &str) -> String {
    format!("{}&id={}&key={}", verify_link(base, public_file), encode_path(id), encode_path(code))
}

/// `index.html#/publication?c=HASH`, after `base`.
pub fn commitment_link(base: &str, commitment: &str) -> String {
    format!("{base}index.html#/publication?c={}", encode_path(commitment))
}

/// Keeps unreserved characters and `/`; the site's router decodes the rest.
pub fn encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The files `fairdraw publish` adds to a folder, as `(path relative to the folder,
/// text)`: `index.json`, the split index the 公示 page reads ([`shards`]) and the QR
/// code of each entry's link. `base` as in [`Entry::link`].
pub fn outputs(index: &PublicationIndex, base: &str) -> Result<Vec<(String, String)>, Problem> {
    outputs_since(None, index, base)
}

/// What an earlier publication wrote: its index and the address its links start with.
#[derive(Debug, Clone, Copy)]
pub struct Written<'a> {
    pub index: &'a PublicationIndex,
    pub base: &'a str,
}

/// [`outputs`], leaving out what `earlier` wrote already with the same text:
/// an unchanged entry's QR code and the split index's unchanged files. `index.json`
/// is always written.
pub fn outputs_since(earlier: Option<Written>, index: &PublicationIndex, base: &str) -> Result<Vec<(String, String)>, Problem> {
    let before: BTreeMap<&str, &Entry> = match earlier {
        Some(w) if w.base == base => w.index.entries.iter().map(|e| (e.commitment.as_str(), e)).collect(),
        _ => BTreeMap::new(),
    };
    let mut files = Vec::with_capacity(index.entries.len() + 1);
    for entry in &index.entries {
        if before.get(entry.commitment.as_str()).is_some_and(|old| *old == entry) {
            continue;
        }
        let svg = crate::qr::qr_svg(&entry.link(base)).map_err(|p| p.in_file(entry.qr_file.clone()))?;
        files.push((entry.qr_file.clone(), svg));
    }
    let split_before: BTreeMap<String, String> = earlier.map(|w| shards::split(w.index, w.base).into_iter().collect()).unwrap_or_default();
    files.extend(shards::split(index, base).into_iter().filter(|(path, text)| split_before.get(path) != Some(text)));
    let mut text = serde_json::to_string_pretty(index).unwrap_or_default();
    text.push('\n');
    files.push((INDEX_FILE.to_string(), text));
    Ok(files)
}

/// A site's address as every link and QR code starts it: a web address (never
/// `javascript:`, `data:` or a scheme-relative `//host`), as the folder holding
/// `index.html`, ending in `/`.
pub fn site_base(url: &str) -> Result<String, Problem> {
    let url = url.trim();
    let refused = || {
        Problem::new(
            format!("网站地址应为以 http:// 或 https:// 开头的网址，而不是“{url}”"),
            format!("the site's address must be a web address starting with http:// or https://, not “{url}”"),
        )
    };
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).ok_or_else(refused)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let harmless = |c: char| !c.is_whitespace() && !c.is_control() && !matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\');
    if host.is_empty() || !url.chars().all(harmless) || url.contains(['?', '#']) {
        return Err(refused());
    }
    let url = url.strip_suffix("index.html").unwrap_or(url);
    Ok(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}

/// Whether an address only this computer reaches (`localhost`, `127.0.0.1`, `[::1]`,
/// `0.0.0.0`, a file): printed in a QR code, it would open nothing for the public.
pub fn is_local_site(base: &str) -> bool {
    let lower = base.trim().to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return true;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = if host.starts_with('[') { host.split(']').next().map(|h| format!("{h}]")).unwrap_or_default() } else { host.split(':').next().unwrap_or("").to_string() };
    host.is_empty() || host == "localhost" || host.ends_with(".localhost") || (host.starts_with("127.") && host.chars().all(|c| c.is_ascii_digit() || c == '.')) || host == "[::1]" || host == "0.0.0.0"
}

/// The files an index lists, relative to its folder: what a publisher fetches to
/// rebuild the index with more files beside them.
pub fn listed_files(index: &PublicationIndex) -> Vec<String> {
    let mut files: Vec<String> = index
        .entries
        .iter()
        .flat_map(|e| [&e.commitment_file, &e.bundle_file, &e.sealed_file])
        .flatten()
        .cloned()
        .collect();
    files.sort();
    files.dedup();
    files
}

/// A published folder as a publisher sees it: what its index lists, the address its
/// links were written with (`None` when unknown: every derived file is made again),
/// and the text of each listed file a new file is named as.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    pub index: PublicationIndex,
    pub base: Option<String>,
    pub texts: Vec<(String, String)>,
}

/// What to upload so that the site's 公示 lists `new` beside what it lists now: the
/// new files, the QR codes and split index files that change, and the extended
/// `index.json`, as `(path relative to the site, text)`, each under `draws/`. `base`
/// as in [`Entry::link`], the public site's address.
///
/// A new file named as a published one must have its content, since a published
/// document never changes; the rest is [`extend_index`]'s to judge.
pub fn publish_package(published: &Folder, new: &[(String, String)], base: &str) -> Result<Vec<(String, String)>, Problems> {
    let mut problems = Problems::default();
    let listed = listed_files(&published.index);
    let mut adding: Vec<(String, String)> = Vec::new();
    for (name, text) in new {
        if name.contains(['/', '\\']) || name == INDEX_FILE || name.is_empty() {
            problems.push(Problem::new(format!("文件名“{name}”不能发布"), format!("the file name “{name}” cannot be published")));
            continue;
        }
        if !listed.contains(name) {
            adding.push((name.clone(), text.clone()));
            continue;
        }
        match published.texts.iter().find(|(n, _)| n == name) {
            Some((_, old)) if old.trim_end() == text.trim_end() => {}
            _ => problems.push(
                Problem::new(
                    "网站上已有同名文件，内容却不同：已公布的文件不能改动。若是另一次抽取，请检查文件名",
                    "the site already has a file of this name with other content: a published file never changes; if this is another draw, check the file name",
                )
                .in_file(name.clone()),
            ),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    let index = extend_index(&published.index, &adding)?;
    let earlier = published.base.as_deref().map(|b| Written { index: &published.index, base: b });
    let outputs = outputs_since(earlier, &index, base).map_err(Problems::from)?;
    Ok(adding.into_iter().chain(outputs).map(|(name, text)| (format!("{SITE_FOLDER}/{name}"), text)).collect())
}

/// What the index keeps of a published result (format 1's bundle, format 2's public
/// document, or a sealed one).
#[derive(Clone, PartialEq)]
struct Outcome {
    result_sha256: String,
    /// `None` when the result is known from an earlier index only, which records
    /// its hash and not its beacon.
    beacon: Option<crate::protocol::BeaconEvidence>,
    /// For a sealed result: the day after which the list is published.
    reveal_after: String,
    /// For a format 2 sealed document: the quicknet round that opens its list.
    opens_round: Option<u64>,
}

impl Outcome {
    /// The same result: its hash, and its beacon wherever both are known.
    fn same(&self, other: &Outcome) -> bool {
        self.result_sha256 == other.result_sha256 && (self.beacon.is_none() || other.beacon.is_none() || self.beacon == other.beacon)
    }
}

/// What an entry takes from its commitment.
#[derive(Clone)]
struct Head {
    rehearsal: bool,
    department: String,
    sequence: u64,
    previous: String,
    plan: PlanRef,
    tasks: Vec<EntryTask>,
    committed_at: String,
    beacon: BeaconRef,
}

impl Head {
    fn of(c: Commitment) -> Head {
        let tasks = c
            .tasks
            .into_iter()
            .map(|t| EntryTask { number: t.number, name: t.name, directed: t.directed, pool: t.pool, count: t.count, strata: t.strata })
            .collect();
        Head {
            rehearsal: c.rehearsal,
            department: c.department,
            sequence: c.sequence,
            previous: c.previous,
            plan: c.plan,
            tasks,
            committed_at: c.committed_at,
            beacon: c.beacon,
        }
    }
}

enum Parsed {
    Commitment(Box<Commitment>),
    Bundle(Box<Commitment>, Outcome),
    Sealed(Box<Commitment>, Outcome),
}

fn parse_file(name: &str, text: &str) -> Result<Parsed, Problem> {
    let unreadable = |reason: Unreadable| reason.problem().in_file(name);
    let outcome = |beacon, result_sha256, reveal_after, opens_round| Outcome { result_sha256, beacon: Some(beacon), reveal_after, opens_round };
    // Read as every verifier reads a document (SPEC §8 "Reading"), so that what the
    // index lists and what the verification page opens cannot disagree.
    let parsed = match crate::read::read_text(text) {
        Ok(Document::Bundle(b)) => Parsed::Bundle(Box::new(b.commitment), outcome(b.beacon, b.result_sha256, String::new(), None)),
        Ok(Document::Public(p)) => Parsed::Bundle(Box::new(p.commitment), outcome(p.beacon, p.result_sha256, String::new(), None)),
        Ok(Document::Sealed(s)) => Parsed::Sealed(Box::new(s.commitment), outcome(s.beacon, s.result_sha256, s.reveal_after, None)),
        Ok(Document::Sealed2(s)) => {
            Parsed::Sealed(Box::new(s.commitment), outcome(s.beacon, s.result_sha256, s.reveal_after, Some(s.timelock.round)))
        }
        Ok(Document::Auditor(_)) => {
            return Err(Problem::new(
                "这是审计文件，含有保密的完整输入（风险分类、检查记录、回避关系等），绝不能公示：请公示 fairdraw public 生成的公开文件",
                "this is an auditor document with the confidential full inputs (risk classes, history, conflicts…) and is never published: publish the public document made by fairdraw public",
            )
            .in_file(name))
        }
        Err(Unreadable::Commitment) => Parsed::Commitment(Box::new(crate::read::read_commitment(text).map_err(unreadable)?)),
        Err(reason) => return Err(unreadable(reason)),
    };
    let bad = |zh: String, en: String| Problem::new(zh, en).in_file(name);
    let (commitment, used) = match &parsed {
        Parsed::Commitment(c) => (c.as_ref(), None),
        Parsed::Bundle(c, o) | Parsed::Sealed(c, o) => (c.as_ref(), o.beacon.as_ref()),
    };
    // A value not in its one form (a name that would show reversed, an ID in another
    // form) is refused as a verifier refuses it, so that the 公示 page never shows it.
    if let Some(p) = crate::wellformed::commitment(commitment).into_iter().next() {
        return Err(bad(p.text.zh, p.text.en));
    }
    if hex(&commitment.compute_hash()) != commitment.commitment {
        return Err(bad(
            "承诺的哈希值与内容不符：承诺在计算哈希值之后被改动过".into(),
            "the commitment hash does not match its content: it was changed after it was hashed".into(),
        ));
    }
    if let Some(used) = used {
        if used.drand.round != commitment.beacon.round {
            return Err(bad(
                format!("抽取使用的是第 {} 轮随机数，而承诺的是第 {} 轮", used.drand.round, commitment.beacon.round),
                format!("the draw used round {} but the commitment names round {}", used.drand.round, commitment.beacon.round),
            ));
        }
    }
    Ok(parsed)
}

#[derive(Default)]
struct Found {
    head: Option<Head>,
    commitment_file: Option<String>,
    bundle: Option<(String, Outcome)>,
    sealed: Option<(String, Outcome)>,
}

impl Found {
    /// An earlier index's entry, as the files it lists would give it.
    fn listed(e: &Entry) -> Found {
        let outcome = |reveal_after: &Option<String>, opens_round| Outcome {
            result_sha256: e.result_sha256.clone().unwrap_or_default(),
            beacon: None,
            reveal_after: reveal_after.clone().unwrap_or_default(),
            opens_round,
        };
        Found {
            head: Some(Head {
                rehearsal: e.rehearsal,
                department: e.department.clone(),
                sequence: e.sequence,
                previous: e.previous.clone(),
                plan: e.plan.clone(),
                tasks: e.tasks.clone(),
                committed_at: e.committed_at.clone(),
                beacon: e.beacon.clone(),
            }),
            commitment_file: e.commitment_file.clone(),
            bundle: e.bundle_file.clone().map(|f| (f, outcome(&None, None))),
            sealed: e.sealed_file.clone().map(|f| (f, outcome(&e.reveal_after, e.opens_round))),
        }
    }
}

/// Builds the index of a published folder from `(file name, JSON text)` pairs.
///
/// Every file must be a commitment, a sealed result or a bundle of this format with a
/// correct commitment hash; all files that are not are reported together. Two
/// different bundles for one commitment are an error: a draw happens once; so is a
/// bundle whose result differs from the one sealed earlier. Chain breaks are
/// warnings in the index, since a folder may rightly hold only part of a history.
pub fn build_index(files: &[(String, String)]) -> Result<PublicationIndex, Problems> {
    extend_index(&PublicationIndex::default(), files)
}

/// The index of the files `earlier` lists plus `files`, reading only `files`: what
/// [`build_index`] gives for all of them together, as long as the listed files are
/// still what they were when `earlier` was built (a published file never changes).
pub fn extend_index(earlier: &PublicationIndex, files: &[(String, String)]) -> Result<PublicationIndex, Problems> {
    let mut problems = Problems::default();
    let mut found: BTreeMap<String, Found> = earlier.entries.iter().map(|e| (e.commitment.clone(), Found::listed(e))).collect();
    gather(&mut found, files, &mut problems);
    check_sealed_against_bundles(&found, &mut problems);
    if problems.has_errors() {
        return Err(problems);
    }
    let mut entries: Vec<Entry> = found.into_iter().filter_map(|(hash, f)| entry_of(hash, f)).collect();
    // A department's rehearsals are numbered apart from its real commitments: two
    // chains, each walked in sequence order.
    entries.sort_by(|a, b| {
        (&a.department, a.rehearsal, a.sequence, &a.commitment).cmp(&(&b.department, b.rehearsal, b.sequence, &b.commitment))
    });
    let warnings = chain_warnings(&entries);
    Ok(PublicationIndex { format: INDEX_FORMAT.to_string(), entries, warnings })
}

/// The files of a folder grouped by commitment, the first by name of each kind kept.
fn gather(found: &mut BTreeMap<String, Found>, files: &[(String, String)], problems: &mut Problems) {
    // File names sorted so that which duplicate is kept never depends on read order.
    let mut sorted: Vec<&(String, String)> = files.iter().filter(|(name, _)| name != INDEX_FILE).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in sorted {
        match parse_file(name, text) {
            Err(p) => problems.push(p),
            Ok(Parsed::Commitment(c)) => {
                let slot = found.entry(c.commitment.clone()).or_default();
                match &slot.commitment_file {
                    Some(first) if first <= name => {}
                    _ => {
                        slot.commitment_file = Some(name.clone());
                        slot.head = Some(Head::of(*c));
                    }
                }
            }
            Ok(Parsed::Sealed(c, sealed)) => {
                let slot = found.entry(c.commitment.clone()).or_default();
                slot.head.get_or_insert_with(|| Head::of(*c));
                let differs = |first: &str| {
                    Problem::new(
                        format!("同一承诺有两份不同的结果封存公告（另一份是 {first}）"),
                        format!("a second, different sealed result for the same commitment (the other is {first})"),
                    )
                };
                problems.0.extend(keep_first(&mut slot.sealed, name, sealed, differs));
            }
            Ok(Parsed::Bundle(c, b)) => {
                let slot = found.entry(c.commitment.clone()).or_default();
                slot.head.get_or_insert_with(|| Head::of(*c));
                let differs = |first: &str| {
                    Problem::new(
                        format!("同一承诺有两份不同的抽取结果（另一份是 {first}）：每个承诺只能抽取一次"),
                        format!("a second, different draw for the same commitment (the other is {first}): a commitment is drawn once"),
                    )
                };
                problems.0.extend(keep_first(&mut slot.bundle, name, b, differs));
            }
        }
    }
}

/// A bundle published after its sealed result must carry the sealed result and beacon.
fn check_sealed_against_bundles(found: &BTreeMap<String, Found>, problems: &mut Problems) {
    for f in found.values() {
        if let (Some((bundle_file, b)), Some((sealed_file, sealed))) = (&f.bundle, &f.sealed) {
            if !b.same(sealed) {
                problems.push(
                    Problem::new(
                        format!("公布的抽取结果与先前的结果封存公告 {sealed_file} 不一致：结果在封存后被改动过"),
                        format!("the published draw differs from the earlier sealed result {sealed_file}: the result was changed after it was sealed"),
                    )
                    .in_file(bundle_file.clone()),
                );
            }
        }
    }
}

/// One commitment's line of the index; none when only a result names it.
fn entry_of(hash: String, f: Found) -> Option<Entry> {
    let c = f.head?;
    let drawn = f.bundle.is_some();
    let status = if c.rehearsal {
        Status::Rehearsal
    } else if drawn {
        Status::Drawn
    } else if f.sealed.is_some() {
        Status::Sealed
    } else {
        Status::Committed
    };
    let result_sha256 =
        f.bundle.as_ref().map(|(_, b)| b.result_sha256.clone()).or_else(|| f.sealed.as_ref().map(|(_, s)| s.result_sha256.clone()));
    Some(Entry {
        qr_file: format!("qr/{hash}.svg"),
        commitment: hash,
        status,
        drawn,
        rehearsal: c.rehearsal,
        department: c.department,
        sequence: c.sequence,
        previous: c.previous,
        plan: c.plan,
        tasks: c.tasks,
        committed_at: c.committed_at,
        beacon: c.beacon,
        commitment_file: f.commitment_file,
        result_sha256,
        bundle_file: f.bundle.map(|(name, _)| name),
        reveal_after: f.sealed.as_ref().map(|(_, s)| s.reveal_after.clone()),
        opens_round: f.sealed.as_ref().and_then(|(_, s)| s.opens_round),
        sealed_file: f.sealed.map(|(name, _)| name),
    })
}

/// Keeps the first file (in name order) of a kind for one commitment. Another file
/// that is the same is a harmless copy; one that differs is a problem of the later file.
fn keep_first(kept: &mut Option<(String, Outcome)>, name: &str, item: Outcome, differs: impl FnOnce(&str) -> Problem) -> Option<Problem> {
    match kept {
        Some((first, earlier)) if !earlier.same(&item) => {
            let (first, later) = if first.as_str() <= name { (first.clone(), name.to_string()) } else { (name.to_string(), first.clone()) };
            Some(differs(&first).in_file(later))
        }
        Some((first, earlier)) => {
            if name < first.as_str() {
                // A copy under an earlier name stands, as a rebuild would keep it;
                // the fuller of the two beacons is kept for the checks that follow.
                let beacon = item.beacon.clone().or_else(|| earlier.beacon.clone());
                *kept = Some((name.to_string(), Outcome { beacon, ..item }));
            } else if earlier.beacon.is_none() {
                earlier.beacon = item.beacon;
            }
            None
        }
        None => {
            *kept = Some((name.to_string(), item));
            None
        }
    }
}

/// Walks each department's real commitments, and apart from them its rehearsals, in
/// sequence order (entries are sorted so).
fn chain_warnings(entries: &[Entry]) -> Vec<ChainWarning> {
    let mut out = Vec::new();
    let mut prior: Option<&Entry> = None;
    for e in entries {
        let warn = |kind, zh: String, en: String| ChainWarning {
            kind,
            department: e.department.clone(),
            sequence: e.sequence,
            commitment: e.commitment.clone(),
            zh,
            en,
        };
        let before = prior.filter(|p| p.department == e.department && p.rehearsal == e.rehearsal);
        match before {
            None if e.sequence > 1 => out.push(warn(
                ChainProblem::Gap,
                format!("{}的第 1 至 {} 号承诺没有公示", e.department, e.sequence - 1),
                format!("{}: commitments 1 to {} are not published", e.department, e.sequence - 1),
            )),
            None => {}
            Some(p) if p.sequence == e.sequence => out.push(warn(
                ChainProblem::DuplicateSequence,
                format!("{}有两份不同的第 {} 号承诺", e.department, e.sequence),
                format!("{}: two different commitments carry number {}", e.department, e.sequence),
            )),
            Some(p) if p.sequence + 1 != e.sequence => out.push(warn(
                ChainProblem::Gap,
                format!("{}的承诺序号从 {} 跳到 {}：中间的承诺没有公示", e.department, p.sequence, e.sequence),
                format!("{}: commitment numbers jump from {} to {}; the ones between are not published", e.department, p.sequence, e.sequence),
            )),
            Some(p) if p.commitment != e.previous => out.push(warn(
                ChainProblem::PreviousMismatch,
                format!("{}的第 {} 号承诺所记的上一承诺，不是公示的第 {} 号承诺", e.department, e.sequence, p.sequence),
                format!(
                    "{}: commitment {} names a previous commitment other than the published number {}",
                    e.department, e.sequence, p.sequence
                ),
            )),
            Some(_) => {}
        }
        prior = Some(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::site_demo;
    use crate::protocol::Bundle;

    fn index_of(files: &[(String, String)]) -> PublicationIndex {
        build_index(files).unwrap_or_else(|p| panic!("{p}"))
    }

    #[test]
    fn the_site_demo_is_three_rehearsals_drawn_and_not() {
        let files = site_demo();
        let index = index_of(&files);
        let statuses: Vec<Status> = index.entries.iter().map(|e| e.status).collect();
        assert_eq!(statuses, [Status::Rehearsal; 3], "an example is never a real draw");
        let drawn: Vec<bool> = index.entries.iter().map(|e| e.drawn).collect();
        assert_eq!(drawn, [true, true, false]);
        assert!(index.warnings.is_empty(), "{:?}", index.warnings);
        let drawn = &index.entries[0];
        assert_eq!(drawn.bundle_file.as_deref(), Some("demo-2026001-bundle.json"));
        assert_eq!(drawn.commitment_file.as_deref(), Some("demo-2026001-commitment.json"));
        assert_eq!(drawn.link(""), "index.html#/verify?bundle=draws/demo-2026001-bundle.json");
        assert_eq!(drawn.tasks.len(), 2);
        assert!(drawn.tasks.iter().all(|t| t.count > 0 && t.pool >= t.count));
        for task in &drawn.tasks {
            assert!(!task.strata.is_empty());
            assert_eq!(task.strata.iter().map(|s| s.count).sum::<u64>(), task.count, "task {}", task.number);
        }
        let committed = &index.entries[2];
        assert!(committed.bundle_file.is_none() && committed.result_sha256.is_none());
        assert_eq!(committed.link("https://example.org/x/"), format!("https://example.org/x/index.html#/publication?c={}", committed.commitment));
        assert_eq!(committed.beacon.emission_time, "2027-06-01T01:00:00Z");
        // Order of the files does not matter.
        let mut reversed = files.clone();
        reversed.reverse();
        assert_eq!(index_of(&reversed), index);
    }

    #[test]
    fn an_empty_folder_gives_an_empty_index() {
        let index = build_index(&[]).unwrap();
        assert!(index.entries.is_empty() && index.warnings.is_empty());
        let files = outputs(&index, "").unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, [shards::ROOT_FILE, INDEX_FILE], "the index and its empty root");
    }

    #[test]
    fn site_demo_is_reproducible() {
        assert_eq!(site_demo(), site_demo());
    }

    #[test]
    fn a_bundle_alone_still_gives_a_drawn_entry() {
        let files: Vec<_> = site_demo().into_iter().filter(|(n, _)| n == "demo-2026001-bundle.json").collect();
        let index = index_of(&files);
        assert_eq!(index.entries.len(), 1);
        assert!(index.entries[0].drawn);
        assert_eq!(index.entries[0].commitment_file, None);
    }

    fn commitment(department: &str, sequence: u64, previous: &str, salt: u8) -> Commitment {
        let mut c: Commitment = serde_json::from_str(
            &site_demo().into_iter().find(|(n, _)| n == "demo-2027001-commitment.json").unwrap().1,
        )
        .unwrap();
        c.department = department.into();
        c.rehearsal = false;
        c.sequence = sequence;
        c.previous = previous.into();
        c.committed_at = format!("2026-01-0{salt}T00:00:00Z");
        c.commitment = hex(&c.compute_hash());
        c
    }

    fn file(name: &str, c: &Commitment) -> (String, String) {
        (name.to_string(), serde_json::to_string(c).unwrap())
    }

    #[test]
    fn sorts_by_department_then_sequence_and_flags_chain_breaks() {
        let a1 = commitment("乙局", 1, "", 1);
        let a2 = commitment("乙局", 2, &a1.commitment, 2);
        let a4 = commitment("乙局", 4, &a2.commitment, 3);
        let b2 = commitment("甲局", 2, &a1.commitment, 4);
        let b3 = commitment("甲局", 3, &a1.commitment, 5);
        let files = vec![file("x.json", &b3), file("a4.json", &a4), file("a2.json", &a2), file("a1.json", &a1), file("b2.json", &b2)];
        let index = index_of(&files);
        let order: Vec<(&str, u64)> = index.entries.iter().map(|e| (e.department.as_str(), e.sequence)).collect();
        // Departments compare by their UTF-8 bytes: 乙 (U+4E59) before 甲 (U+7532).
        assert_eq!(order, [("乙局", 1), ("乙局", 2), ("乙局", 4), ("甲局", 2), ("甲局", 3)]);
        let kinds: Vec<(ChainProblem, &str, u64)> =
            index.warnings.iter().map(|w| (w.kind, w.department.as_str(), w.sequence)).collect();
        assert_eq!(
            kinds,
            [(ChainProblem::Gap, "乙局", 4), (ChainProblem::Gap, "甲局", 2), (ChainProblem::PreviousMismatch, "甲局", 3)]
        );
        assert!(index.warnings[0].zh.contains("从 2 跳到 4"), "{}", index.warnings[0].zh);
        assert!(index.entries.iter().all(|e| e.status == Status::Committed));
    }

    #[test]
    fn a_departments_rehearsals_are_a_chain_of_their_own() {
        let real1 = commitment("乙局", 1, "", 1);
        let real2 = commitment("乙局", 2, &real1.commitment, 2);
        let mut rehearsal1 = commitment("乙局", 1, "", 3);
        rehearsal1.rehearsal = true;
        rehearsal1.commitment = hex(&rehearsal1.compute_hash());
        let files = vec![file("r2.json", &real2), file("h1.json", &rehearsal1), file("r1.json", &real1)];
        let index = index_of(&files);
        assert!(index.warnings.is_empty(), "{:?}", index.warnings);
        let order: Vec<(bool, u64)> = index.entries.iter().map(|e| (e.rehearsal, e.sequence)).collect();
        assert_eq!(order, [(false, 1), (false, 2), (true, 1)]);
    }

    #[test]
    fn duplicate_sequence_is_flagged() {
        let a1 = commitment("乙局", 1, "", 1);
        let other = commitment("乙局", 1, "", 2);
        let index = index_of(&[file("a.json", &a1), file("b.json", &other)]);
        assert_eq!(index.warnings.len(), 1);
        assert_eq!(index.warnings[0].kind, ChainProblem::DuplicateSequence);
    }

    #[test]
    fn bad_files_are_named_and_reported_together() {
        let mut tampered = commitment("乙局", 1, "", 1);
        tampered.plan.name.push('!');
        let files = vec![
            ("broken.json".to_string(), "{".to_string()),
            ("other.json".to_string(), "{\"format\":\"something/2\"}".to_string()),
            file("tampered.json", &tampered),
            ("index.json".to_string(), "ignored".to_string()),
        ];
        let problems = build_index(&files).unwrap_err();
        let named: Vec<&str> = problems.0.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(named, ["broken.json", "other.json", "tampered.json"]);
        assert!(problems.0[2].text.en.contains("hash does not match"), "{}", problems.0[2]);
    }

    #[test]
    fn two_different_draws_of_one_commitment_are_refused() {
        let files = site_demo();
        let (name, text) = files.iter().find(|(n, _)| n == "demo-2026001-bundle.json").unwrap().clone();
        let mut b: Bundle = serde_json::from_str(&text).unwrap();
        b.result_sha256 = "00".repeat(32);
        let problems = build_index(&[(name, text), ("again.json".into(), serde_json::to_string(&b).unwrap())]).unwrap_err();
        // Files are taken in name order, so the later name is the one reported.
        assert_eq!(problems.0[0].file, "demo-2026001-bundle.json");
        assert!(problems.0[0].text.zh.contains("again.json"), "{}", problems.0[0]);
    }

    #[test]
    fn site_addresses_are_web_addresses_and_local_ones_are_known() {
        assert_eq!(site_base(" https://yjj.example.gov.cn/fairdraw ").unwrap(), "https://yjj.example.gov.cn/fairdraw/");
        assert_eq!(site_base("http://example.org/index.html").unwrap(), "http://example.org/");
        for bad in ["javascript:alert(1)", "//example.org/", "ftp://example.org/", "https://", "https://a b/", "https://x/?q=1"] {
            assert!(site_base(bad).is_err(), "{bad}");
        }
        for local in ["http://127.0.0.1:8080/", "http://localhost/", "https://LOCALHOST:9/x/", "http://[::1]:80/", "http://0.0.0.0/", "file:///C:/site/", "", "http://user@127.0.0.1/"] {
            assert!(is_local_site(local), "{local}");
        }
        for public in ["https://yjj.example.gov.cn/", "http://10.1.2.3/", "https://127.example.org/"] {
            assert!(!is_local_site(public), "{public}");
        }
    }

    #[test]
    fn links_escape_what_needs_it() {
        assert_eq!(verify_link("", "抽取 1.json"), "index.html#/verify?bundle=draws/%E6%8A%BD%E5%8F%96%201.json");
    }

    /// Extending an index with more files gives what reading every file gives, however
    /// the files are split between the two, and in whichever name order.
    #[test]
    fn extending_an_index_is_building_it_from_every_file() {
        let mut files = site_demo();
        let (c, b, _) = drawn_demo();
        files.push(c.clone());
        files.push(b.clone());
        // A copy under a name that sorts first, which a rebuild keeps.
        files.push((format!("0-{}", b.0), b.1.clone()));
        let whole = index_of(&files);
        for split in 0..=files.len() {
            for order in [false, true] {
                let mut files = files.clone();
                if order {
                    files.reverse();
                }
                let (first, rest) = files.split_at(split);
                let earlier = index_of(first);
                let extended = extend_index(&earlier, rest).unwrap_or_else(|p| panic!("{p}"));
                assert_eq!(extended, whole, "split at {split}, reversed {order}");
            }
        }
    }

    #[test]
    fn extending_refuses_a_second_draw_of_a_listed_commitment() {
        let (c, b, bundle) = drawn_demo();
        let earlier = index_of(&[c.clone(), b.clone()]);
        let mut other = bundle.clone();
        other.result_sha256 = "ab".repeat(32);
        let forged = ("z-bundle.json".to_string(), serde_json::to_string(&other).unwrap());
        // The forged copy's own checks may refuse it first; either way it never enters.
        assert!(extend_index(&earlier, &[forged]).is_err());
    }

    /// What a publication writes after an earlier one is what changed: the new
    /// entries' QR codes, the split index's files that differ, and index.json.
    #[test]
    fn outputs_since_an_earlier_publication_are_what_changed() {
        let files = site_demo();
        let (c, _, _) = drawn_demo();
        let base = "https://yjj.example.gov.cn/";
        let earlier = index_of(&files);
        let mut all = files.clone();
        all.push(c.clone());
        let index = extend_index(&earlier, &[c]).unwrap();
        assert_eq!(index, index_of(&all));
        let full = outputs(&index, base).unwrap();
        let since = outputs_since(Some(Written { index: &earlier, base }), &index, base).unwrap();
        let new = index.entries.iter().find(|e| !earlier.entries.contains(e)).unwrap();
        let qr: Vec<&str> = since.iter().map(|(n, _)| n.as_str()).filter(|n| n.starts_with("qr/")).collect();
        assert_eq!(qr, [new.qr_file.as_str()]);
        assert!(since.len() < full.len());
        // Every file it leaves out is one the earlier publication wrote with the same text.
        let before: BTreeMap<String, String> = outputs(&earlier, base).unwrap().into_iter().collect();
        for (name, text) in &full {
            if !since.iter().any(|(n, _)| n == name) {
                assert_eq!(before.get(name), Some(text), "{name}");
            } else {
                assert_eq!(since.iter().find(|(n, _)| n == name).map(|(_, t)| t), Some(text), "{name}");
            }
        }
        // Another site address makes every QR code again.
        let moved = outputs_since(Some(Written { index: &earlier, base: "" }), &index, base).unwrap();
        assert_eq!(moved.iter().filter(|(n, _)| n.starts_with("qr/")).count(), index.entries.len());
    }

    /// The split index lists every entry once, in the file of its plan year and
    /// department, with that department's chain breaks; the lookup files find it.
    #[test]
    fn the_split_index_holds_every_entry_once() {
        let mut files = site_demo();
        files.push(file("x-1.json", &commitment("乙局", 1, "", 1)));
        files.push(file("x-3.json", &commitment("乙局", 3, "", 2)));
        let index = index_of(&files);
        let split: BTreeMap<String, String> = shards::split(&index, "").into_iter().collect();
        let root: shards::Root = serde_json::from_str(&split[shards::ROOT_FILE]).unwrap();
        let mut seen = Vec::new();
        for r in &root.shards {
            let shard: shards::Shard = serde_json::from_str(&split[&r.file]).unwrap();
            assert_eq!((shard.year, &shard.department), (r.year, &r.department));
            assert_eq!(r.file, shards::shard_file(r.year, &r.department));
            assert_eq!(shard.entries.len() as u64, r.entries);
            assert_eq!(r.drawn + r.sealed + r.rehearsal + r.committed, r.entries);
            assert!(shard.entries.iter().all(|e| e.plan.year == r.year && e.department == r.department));
            assert!(shard.warnings.iter().all(|w| w.department == r.department));
            assert_eq!(shard.warnings.len() as u64, r.warnings);
            for e in &shard.entries {
                let lookup: shards::Lookup = serde_json::from_str(&split[&shards::lookup_file(&e.commitment).unwrap()]).unwrap();
                assert_eq!(lookup.shards[&e.commitment], r.file);
                let (found, breaks) = shards::find_in_shard(&shard, &e.commitment.to_ascii_uppercase()).unwrap();
                assert_eq!(found, e);
                assert!(breaks.iter().all(|w| w.sequence <= e.sequence));
                seen.push(e.clone());
            }
        }
        assert!(root.shards.windows(2).all(|w| (std::cmp::Reverse(w[0].year), &w[0].department) < (std::cmp::Reverse(w[1].year), &w[1].department)));
        seen.sort_by(|a, b| a.commitment.cmp(&b.commitment));
        let mut all = index.entries.clone();
        all.sort_by(|a, b| a.commitment.cmp(&b.commitment));
        assert_eq!(seen, all);
        assert!(root.shards.iter().any(|r| r.department == "乙局" && r.warnings == 1), "{root:?}");
        for bad in ["", "../x", &"g".repeat(64), &"a".repeat(63)] {
            assert_eq!(shards::lookup_file(bad), None, "{bad}");
        }
    }

    #[test]
    fn index_json_round_trips() {
        let index = index_of(&site_demo());
        let text = serde_json::to_string_pretty(&index).unwrap();
        assert!(text.contains("\"status\": \"rehearsal\""));
        assert_eq!(serde_json::from_str::<PublicationIndex>(&text).unwrap(), index);
    }

    /// A real (not rehearsal) draw of demo inputs, committed two hours before the
    /// recorded round 1000: the site's own examples are rehearsals.
    fn drawn_demo() -> ((String, String), (String, String), Bundle) {
        let inputs = crate::demo::demo_inputs(200, 30).into_inputs("00112233445566778899aabbccddeeff");
        let chain = crate::beacon::chain_by_name("quicknet").unwrap();
        let opts = crate::protocol::CommitOptions {
            sequence: 1,
            previous: String::new(),
            committed_at: chain.round_time(1000) - 7200,
            rehearsal: false,
            chain,
            round: 1000,
        };
        let (c, _) = crate::protocol::commit(&inputs, &opts).unwrap();
        let b = crate::protocol::draw_bundle(inputs, c, crate::demo::quicknet_round_1000()).unwrap();
        let commitment = ("demo-2026001-commitment.json".to_string(), crate::protocol::commitment_file(&b.commitment));
        let bundle = ("demo-2026001-bundle.json".to_string(), serde_json::to_string(&b).unwrap());
        (commitment, bundle, b)
    }

    fn sealed_file(s: &Sealed) -> (String, String) {
        ("demo-2026001-sealed.json".to_string(), serde_json::to_string(s).unwrap())
    }

    #[test]
    fn a_sealed_result_stands_for_the_draw_until_the_bundle_is_published() {
        let (commitment, bundle, b) = drawn_demo();
        let sealed = seal(&b);
        assert_eq!(sealed.result_sha256, b.result_sha256);
        let last_day = b.inputs.plan.tasks.iter().map(|t| t.window.end.as_str()).max().unwrap();
        assert_eq!(sealed.reveal_after, last_day);

        let index = index_of(&[commitment.clone(), sealed_file(&sealed)]);
        let e = &index.entries[0];
        assert_eq!(e.status, Status::Sealed);
        assert!(!e.drawn && e.bundle_file.is_none());
        assert_eq!(e.result_sha256.as_deref(), Some(b.result_sha256.as_str()));
        assert_eq!(e.reveal_after.as_deref(), Some(last_day));
        assert_eq!(e.link(""), commitment_link("", &e.commitment), "nothing to verify in full yet");

        let later = index_of(&[commitment, sealed_file(&sealed), bundle]);
        let e = &later.entries[0];
        assert_eq!(e.status, Status::Drawn);
        assert_eq!(e.sealed_file.as_deref(), Some("demo-2026001-sealed.json"));
        assert_eq!(e.bundle_file.as_deref(), Some("demo-2026001-bundle.json"));
    }

    #[test]
    fn a_bundle_that_differs_from_its_sealed_result_is_refused() {
        let (commitment, bundle, b) = drawn_demo();
        let mut sealed = seal(&b);
        sealed.result_sha256 = "11".repeat(32);
        let problems = build_index(&[commitment, sealed_file(&sealed), bundle]).unwrap_err();
        assert_eq!(problems.0.len(), 1);
        assert_eq!(problems.0[0].file, "demo-2026001-bundle.json");
        assert!(problems.0[0].text.zh.contains("demo-2026001-sealed.json"), "{}", problems.0[0]);
    }

    #[test]
    fn sealed_results_are_verified_on_their_own() {
        let (_, _, b) = drawn_demo();
        let sealed = seal(&b);
        let report = crate::verify::verify_sealed(&sealed);
        assert_eq!(report.verdict, crate::verify::Verdict::Sealed, "{report:#?}");
        assert_eq!(report.commitment, b.commitment.commitment);
        let full = crate::verify::verify(&b);
        assert_eq!(report.seed, full.seed, "the same seed as the full verification");

        let mut forged = sealed.clone();
        forged.beacon.drand.signature.replace_range(0..2, if forged.beacon.drand.signature.starts_with("aa") { "bb" } else { "aa" });
        let report = crate::verify::verify_sealed(&forged);
        assert_eq!(report.verdict, crate::verify::Verdict::Invalid);
        assert!(!report.check(crate::verify::CheckId::Beacon).unwrap().ok);
        assert!(report.check(crate::verify::CheckId::Commitment).unwrap().ok);

        let mut other = sealed.clone();
        other.document = "notes".into();
        assert!(!crate::verify::verify_sealed(&other).check(crate::verify::CheckId::Format).unwrap().ok);

        let mut changed = sealed.clone();
        changed.commitment.plan.name.push('!');
        let report = crate::verify::verify_sealed(&changed);
        assert!(!report.check(crate::verify::CheckId::Commitment).unwrap().ok);

        let mut rehearsal_b = b.clone();
        rehearsal_b.commitment.rehearsal = true;
        rehearsal_b.commitment.commitment = hex(&rehearsal_b.commitment.compute_hash());
        let report = crate::verify::verify_sealed(&seal(&rehearsal_b));
        assert_ne!(report.verdict, crate::verify::Verdict::Sealed, "a rehearsal is never reported as a sealed real draw");
    }
}
