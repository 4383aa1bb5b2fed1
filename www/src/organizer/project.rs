//! The project: everything the organiser prepares before committing, as one plain
//! serde value. It is what the browser keeps as a draft, what "导出项目" writes and
//! "导入项目" reads, and what the commitment and draw pages take their inputs from.
//!
//! Shape (JSON):
//!
//! ```text
//! {
//!   "format": "fairdraw-project",
//!   "version": 1,
//!   "plan": { …fairdraw::model::Plan… },
//!   "directories": { "enterprises": […], "inspectors": […], "checklist": […], "history": […] },
//!   "sources": { "enterprises": { "file": "名录.csv", "encoding": "gb18030", "records": 2000,
//!                                 "warnings": [ …Problem… ] } | null, "inspectors": …, … },
//!   "header_choices": { "enterprises": { "企业代码": "id" }, … },
//!   "commitments": [ { "commitment": { …commitment.json… }, "salt": HEX,
//!                      "drawn": { "beacon": "…drand JSON…", "source": "…",
//!                                 "timelock_randomness": HEX } } … ],
//!   "locked": true,
//!   "chain_start": { "sequence": 1, "previous": "" },
//!   "chains": { "开发区应急管理局": { "sequence": 3, "previous": HEX } }
//! }
//! ```
//!
//! `commitments`, `locked` and `chain_start` are the project's place in the
//! department's chain of commitments (see `organizer::commit`); a file without them
//! is a project never committed.
//!
//! `directories` is exactly `fairdraw::model::Directories` (sorted, keys distinct,
//! as the importers produce it), so `project.plan` and `project.directories` can be
//! handed to `fairdraw::plan::evaluate` and to the commitment as they are.

use std::collections::BTreeMap;
use std::rc::Rc;

use fairdraw::import::{FileKind, TextEncoding};
use fairdraw::model::{Directories, Plan, PlanRules};
use fairdraw::problem::Problem;
use fairdraw::organizer::{ChainLink, CommitRecord};
use serde::{Deserialize, Serialize};

/// The value of `format` in a project file, so a wrong file is named as such.
pub const FORMAT: &str = "fairdraw-project";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub format: String,
    pub version: u32,
    pub plan: Plan,
    /// Shared: the page's state is copied on every action, the directories (up to
    /// millions of firms) only when they change.
    pub directories: Rc<Directories>,
    /// Where each directory came from; `None` while it has not been imported.
    #[serde(default)]
    pub sources: Sources,
    /// The user's column choices: file kind code (`enterprises`, …) → header text
    /// as in the file → canonical field name, `attr:NAME`, or "" to ignore.
    #[serde(default)]
    pub header_choices: BTreeMap<String, BTreeMap<String, String>>,
    /// The commitments made from this project, oldest first.
    #[serde(default)]
    pub commitments: Vec<CommitRecord>,
    /// The plan and directories are those of the last commitment and may not change.
    #[serde(default)]
    pub locked: bool,
    /// The sequence number and previous hash of the project's first commitment.
    #[serde(default)]
    pub chain_start: ChainLink,
    /// Where each department's next real commitment goes, as learned from the
    /// projects this one replaced: a department's chain goes on in its next
    /// project, and another department's does not.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub chains: BTreeMap<String, ChainLink>,
    /// The same for each department's rehearsals, numbered apart from its real
    /// commitments.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rehearsal_chains: BTreeMap<String, ChainLink>,
}

/// What `Source::file` says of the demo's directories.
pub const DEMO_SOURCE: &str = "演示数据";

/// One entry per input file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sources {
    #[serde(default)]
    pub enterprises: Option<Source>,
    #[serde(default)]
    pub inspectors: Option<Source>,
    #[serde(default)]
    pub checklist: Option<Source>,
    #[serde(default)]
    pub history: Option<Source>,
}

impl Sources {
    pub fn get(&self, kind: FileKind) -> Option<&Source> {
        match kind {
            FileKind::Enterprises => self.enterprises.as_ref(),
            FileKind::Inspectors => self.inspectors.as_ref(),
            FileKind::Checklist => self.checklist.as_ref(),
            FileKind::History => self.history.as_ref(),
        }
    }

    pub fn set(&mut self, kind: FileKind, source: Option<Source>) {
        match kind {
            FileKind::Enterprises => self.enterprises = source,
            FileKind::Inspectors => self.inspectors = source,
            FileKind::Checklist => self.checklist = source,
            FileKind::History => self.history = source,
        }
    }
}

/// A file accepted into the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// File name as chosen, or 演示数据 for the demo.
    pub file: String,
    /// How the bytes were read; `None` for the demo.
    #[serde(default)]
    pub encoding: Option<TextEncoding>,
    pub records: u64,
    /// Warnings of the import (they did not block it).
    #[serde(default)]
    pub warnings: Vec<Problem>,
}

/// The code a file kind is stored under (`enterprises`, …).
pub fn kind_code(kind: FileKind) -> &'static str {
    kind.code()
}

impl Default for Project {
    /// A blank project: nothing imported, and a plan of one task to fill in. The
    /// demo is only ever loaded on purpose ([`Project::demo`]).
    fn default() -> Self {
        Project::blank(fairdraw::demo::demo_plan().year)
    }
}

pub fn empty_directories() -> Directories {
    Directories { enterprises: Vec::new(), inspectors: Vec::new(), checklist: Vec::new(), history: Vec::new() }
}

impl Project {
    pub fn new(plan: Plan, directories: Directories) -> Project {
        Project {
            format: FORMAT.to_string(),
            version: VERSION,
            plan,
            directories: Rc::new(directories),
            sources: Sources::default(),
            header_choices: BTreeMap::new(),
            commitments: Vec::new(),
            locked: false,
            chain_start: ChainLink::default(),
            chains: BTreeMap::new(),
            rehearsal_chains: BTreeMap::new(),
        }
    }

    /// A blank project for `year`: no department, number or name, no directories,
    /// and one task with a single rule, ready to be filled in.
    pub fn blank(year: u32) -> Project {
        let mut plan = Plan {
            number: String::new(),
            name: String::new(),
            department: String::new(),
            year,
            rules: PlanRules::default(),
            tasks: Vec::new(),
            public_fields: None,
        };
        plan.tasks.push(super::edit::new_task(&plan));
        Project::new(plan, empty_directories())
    }

    /// Whether replacing the project loses nothing: it is still as [`Project::blank`]
    /// made it (column choices and where chains stand are kept when it is replaced).
    pub fn is_blank(&self) -> bool {
        let blank = Project::blank(self.plan.year);
        self.plan == blank.plan
            && self.directories == blank.directories
            && self.sources == blank.sources
            && self.commitments.is_empty()
            && self.chain_start == blank.chain_start
    }

    /// Whether anything on the page still comes from the demo: its invented
    /// directories, or its plan (named as the demo's).
    pub fn shows_demo(&self) -> bool {
        !self.demo_directories().is_empty() || self.plan.name.contains(DEMO_SOURCE)
    }

    /// The demo: [`fairdraw::demo::demo_inputs`] with 2,000 firms and 60 inspectors.
    pub fn demo() -> Project {
        let (plan, directories) = fairdraw::demo::demo_inputs(2000, 60).into_parts();
        let mut p = Project::new(plan, directories);
        for kind in FileKind::ALL {
            let records = p.records(kind);
            p.sources.set(kind, Some(Source { file: DEMO_SOURCE.to_string(), encoding: None, records, warnings: Vec::new() }));
        }
        p
    }

    /// The directories still holding the demo's invented firms or inspectors.
    pub fn demo_directories(&self) -> Vec<FileKind> {
        FileKind::ALL
            .into_iter()
            .filter(|&kind| self.sources.get(kind).is_some_and(|s| s.file == DEMO_SOURCE && s.encoding.is_none()))
            .collect()
    }

    pub fn records(&self, kind: FileKind) -> u64 {
        let d = &self.directories;
        (match kind {
            FileKind::Enterprises => d.enterprises.len(),
            FileKind::Inspectors => d.inspectors.len(),
            FileKind::Checklist => d.checklist.len(),
            FileKind::History => d.history.len(),
        }) as u64
    }

    pub fn choices(&self, kind: FileKind) -> BTreeMap<String, String> {
        self.header_choices.get(kind_code(kind)).cloned().unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        // Serialising plain data of strings and integers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a project file, saying in both languages what is wrong with it.
    pub fn from_json(text: &str) -> Result<Project, Problem> {
        let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
            Problem::new(format!("文件不是有效的 JSON：{e}"), format!("the file is not valid JSON: {e}"))
        })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(Problem::new(
                "这不是本网站导出的项目文件（缺少 \"format\": \"fairdraw-project\"）",
                "this is not a project file exported by this site (no \"format\": \"fairdraw-project\")",
            ));
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version != u64::from(VERSION) {
            return Err(Problem::new(
                format!("项目文件的版本 {version} 本网站不认识（应为 {VERSION}）"),
                format!("project file version {version} is not known to this site (expected {VERSION})"),
            ));
        }
        serde_json::from_value(value).map_err(|e| {
            Problem::new(format!("项目文件内容有误：{e}"), format!("the project file is malformed: {e}"))
        })
    }

    /// The draft kept in the browser, in two parts: the project without its
    /// directories, written after every change, and the directories, written only
    /// when they change ([`DirectoriesDraft`]). An edit of the plan of a
    /// million-firm project then writes kilobytes, not the whole directory.
    pub fn draft_json(&self) -> String {
        Project { directories: Rc::new(empty_directories()), ..self.clone() }.to_json()
    }

    /// The directories as the draft keeps them, written at once (the page writes them
    /// in steps, [`DirectoriesDraft`]).
    pub fn directories_draft(&self) -> Vec<u8> {
        let mut draft = DirectoriesDraft::new(self.directories.clone());
        while !draft.step(usize::MAX) {}
        draft.into_bytes()
    }

    /// A draft read back: [`Project::draft_json`]'s text and the directories kept
    /// apart, as [`DirectoriesDraft`] writes them or, in a draft written before it,
    /// as JSON. A draft saved whole, as before they were kept apart, has its
    /// directories inside and none apart.
    pub fn from_draft(project: &str, directories: Option<&[u8]>) -> Result<Project, Problem> {
        let mut p = Project::from_json(project)?;
        if let Some(bytes) = directories {
            let read = read_directories(bytes).map_err(|e| {
                Problem::new(format!("草稿中的名录无法读取：{e}"), format!("the draft's directories cannot be read: {e}"))
            })?;
            p.directories = Rc::new(read);
        }
        Ok(p)
    }
}

/// How the draft's directories begin as [`DirectoriesDraft`] writes them, naming the
/// version of the firms' encoding (see `organizer/wire.rs`). A draft's directories
/// written before, as JSON, begin with `{`.
const FIRMS_FIRST: &[u8] = b"fairdraw-firms/1\n";

fn read_directories(bytes: &[u8]) -> Result<Directories, String> {
    let Some(rest) = bytes.strip_prefix(FIRMS_FIRST) else {
        return serde_json::from_slice(bytes).map_err(|e| e.to_string());
    };
    let (firms, used) = super::wire::read_firms(rest)?;
    let mut read: Directories = serde_json::from_slice(&rest[used..]).map_err(|e| e.to_string())?;
    if !read.enterprises.is_empty() {
        return Err("the firms are written twice".into());
    }
    read.enterprises = firms;
    Ok(read)
}

/// The draft's directories written some records at a time: the page writes a
/// million firms' draft between its other tasks instead of holding its thread for
/// seconds. First [`FIRMS_FIRST`], then the firms as [`super::wire`] writes them
/// (JSON took seconds to write here and again to read in the commitment's worker),
/// then serde_json's bytes for the other lists, with the firms' list empty.
pub struct DirectoriesDraft {
    directories: Rc<Directories>,
    out: Vec<u8>,
    /// Firms written.
    firms: usize,
    /// The other lists, as JSON: the list being written (in `Directories`' field
    /// order, the firms' written empty), and its next record.
    list: usize,
    next: usize,
    opened: bool,
    closed: bool,
}

impl DirectoriesDraft {
    const LISTS: [&'static str; 4] = ["enterprises", "inspectors", "checklist", "history"];

    pub fn new(directories: Rc<Directories>) -> DirectoriesDraft {
        let mut out = FIRMS_FIRST.to_vec();
        super::wire::put_len(&mut out, directories.enterprises.len());
        DirectoriesDraft { directories, out, firms: 0, list: 0, next: 0, opened: false, closed: false }
    }

    /// Writes up to `records` more records (at least one, where any is left);
    /// true once everything is written.
    pub fn step(&mut self, records: usize) -> bool {
        let mut budget = records.max(1);
        let firms = &self.directories.enterprises;
        if self.firms < firms.len() {
            let n = budget.min(firms.len() - self.firms);
            for firm in &firms[self.firms..self.firms + n] {
                super::wire::put_firm(&mut self.out, firm);
            }
            self.firms += n;
            budget -= n;
            if self.firms < firms.len() || budget == 0 {
                return false;
            }
        }
        while self.list < Self::LISTS.len() {
            if !self.opened {
                self.out.push(if self.list == 0 { b'{' } else { b',' });
                self.out.extend_from_slice(format!("\"{}\":[", Self::LISTS[self.list]).as_bytes());
                self.opened = true;
            }
            let d = &*self.directories;
            let (written, left) = match self.list {
                0 => (0, false),
                1 => write_records(&mut self.out, &d.inspectors[self.next..], self.next == 0, budget),
                2 => write_records(&mut self.out, &d.checklist[self.next..], self.next == 0, budget),
                _ => write_records(&mut self.out, &d.history[self.next..], self.next == 0, budget),
            };
            self.next += written;
            budget -= written;
            if left {
                return false;
            }
            self.out.push(b']');
            (self.list, self.next, self.opened) = (self.list + 1, 0, false);
            if budget == 0 && self.list < Self::LISTS.len() {
                return false;
            }
        }
        if !self.closed {
            self.out.push(b'}');
            self.closed = true;
        }
        true
    }

    /// The bytes written since the last call, for a caller that stores them in parts.
    pub fn take_written(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }

    /// How many bytes are written and not yet taken.
    pub fn written(&self) -> usize {
        self.out.len()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

/// Writes up to `budget` of `records`, each after a comma unless it is its list's
/// first; returns how many it wrote and whether any are left.
fn write_records<T: serde::Serialize>(out: &mut Vec<u8>, records: &[T], first: bool, budget: usize) -> (usize, bool) {
    let n = records.len().min(budget);
    for (i, record) in records[..n].iter().enumerate() {
        if i > 0 || !first {
            out.push(b',');
        }
        // A record of the model always serialises; the bytes are serde_json's own.
        let _ = serde_json::to_writer(&mut *out, record);
    }
    (n, n < records.len())
}

/// Parses a percentage as people type it (`15`, `1.5`, `0.05`, `15%`, `１５％`)
/// into basis points, exactly: no floating point.
pub fn parse_percent(text: &str) -> Option<u32> {
    let folded = fairdraw::import::normalize::fold_width(text.trim());
    let s = folded.trim().trim_end_matches('%').trim();
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if (whole.is_empty() && frac.is_empty()) || frac.len() > 2 {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: u32 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac_bp: u32 = match frac.len() {
        0 => 0,
        1 => frac.parse::<u32>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    let bp = whole.checked_mul(100)?.checked_add(frac_bp)?;
    (bp <= 10_000).then_some(bp)
}

/// Parses a ratio or a ratio range as plans state them (`15`, `15-20`, `15%–20%`,
/// `1%～2%`, `15至20`) into its lower end and, for a range, its upper end.
pub fn parse_percent_range(text: &str) -> Option<(u32, Option<u32>)> {
    let folded = fairdraw::import::normalize::fold_width(text.trim());
    match folded.split_once(['-', '–', '—', '~', '～', '至', '到']) {
        None => parse_percent(&folded).map(|bp| (bp, None)),
        Some((low, high)) => {
            let (low, high) = (parse_percent(low)?, parse_percent(high)?);
            (low <= high).then_some((low, (high > low).then_some(high)))
        }
    }
}

/// A rule's ratio as typed back into its field: `15` or `15-20`.
pub fn ratio_field(low: u32, high: Option<u32>) -> String {
    match high {
        Some(high) => format!("{}-{}", percent_field(low), percent_field(high)),
        None => percent_field(low),
    }
}

/// Basis points as typed back into a field: `1500` → `15`, `150` → `1.5`.
pub fn percent_field(bp: u32) -> String {
    fairdraw::plan::percent(bp).trim_end_matches('%').to_string()
}

/// A list as typed into one field: split on commas, 、, semicolons or spaces.
pub fn parse_list(text: &str) -> Vec<String> {
    fairdraw::import::normalize::split_list(text)
}

pub fn list_field(values: &[String]) -> String {
    values.join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_round_trips_exactly() {
        assert_eq!(parse_percent("15"), Some(1500));
        assert_eq!(parse_percent("1.5"), Some(150));
        assert_eq!(parse_percent("0.05"), Some(5));
        assert_eq!(parse_percent(".5"), Some(50));
        assert_eq!(parse_percent("１５％"), Some(1500));
        assert_eq!(parse_percent(" 100 % "), Some(10_000));
        assert_eq!(parse_percent("100.01"), None);
        assert_eq!(parse_percent("1.234"), None);
        assert_eq!(parse_percent("-1"), None);
        assert_eq!(parse_percent("abc"), None);
        assert_eq!(parse_percent(""), None);
        assert_eq!(parse_percent_range("15-20"), Some((1500, Some(2000))));
        assert_eq!(parse_percent_range("15%–20%"), Some((1500, Some(2000))));
        assert_eq!(parse_percent_range("1%～2%"), Some((100, Some(200))));
        assert_eq!(parse_percent_range("１５至２０"), Some((1500, Some(2000))));
        assert_eq!(parse_percent_range("15"), Some((1500, None)));
        assert_eq!(parse_percent_range("15-15"), Some((1500, None)));
        assert_eq!(parse_percent_range("20-15"), None);
        assert_eq!(parse_percent_range("-1"), None);
        assert_eq!(parse_percent_range("15-"), None);
        assert_eq!(parse_percent_range("15-20-25"), None);
        for (low, high) in [(1500, Some(2000)), (150, Some(175)), (5, None)] {
            assert_eq!(parse_percent_range(&ratio_field(low, high)), Some((low, high)));
        }
        for bp in [0, 5, 50, 150, 1500, 1525, 10_000] {
            assert_eq!(parse_percent(&percent_field(bp)), Some(bp));
        }
    }

    #[test]
    fn project_json_round_trips() {
        let mut p = Project::demo();
        p.header_choices.entry("enterprises".into()).or_default().insert("企业代码".into(), "id".into());
        let back = Project::from_json(&p.to_json()).expect("round trip");
        assert_eq!(back, p);
        let pretty = Project::from_json(&p.to_json_pretty()).expect("pretty round trip");
        assert_eq!(pretty, p);
    }

    #[test]
    fn the_directories_written_in_steps_are_the_same_bytes_whatever_the_step() {
        let demo = Project::demo().directories;
        let mut no_history = (*demo).clone();
        no_history.history.clear();
        no_history.checklist.truncate(1);
        let mut no_firms = (*demo).clone();
        no_firms.enterprises.clear();
        let empty = Rc::new(empty_directories());
        for directories in [demo, Rc::new(no_history), Rc::new(no_firms), empty] {
            // The mark, the firms as the worker's parts carry them, the rest as serde_json writes it.
            let rest = Directories { enterprises: Vec::new(), ..(*directories).clone() };
            let expected = [FIRMS_FIRST, &super::super::wire::encode(&directories.enterprises), &serde_json::to_vec(&rest).unwrap()].concat();
            for records in [0, 1, 2, 7, 1000, usize::MAX] {
                let mut draft = DirectoriesDraft::new(directories.clone());
                let mut steps = 1;
                while !draft.step(records) {
                    steps += 1;
                    assert!(steps < 1_000_000, "ends");
                }
                assert!(draft.step(records), "stays done");
                assert!(draft.into_bytes() == expected, "{records} a step");
                // Taken in parts as it is written, the parts make the same bytes.
                let mut draft = DirectoriesDraft::new(directories.clone());
                let mut parts = Vec::new();
                while !draft.step(records) {
                    parts.push(draft.take_written());
                }
                parts.push(draft.take_written());
                assert!(parts.concat() == expected, "{records} a step, in parts");
            }
            assert_eq!(read_directories(&expected).unwrap(), *directories);
        }
    }

    #[test]
    fn a_draft_kept_in_two_parts_reads_back_as_the_project_and_drafts_written_before_still_read() {
        let p = Project::demo();
        let shell = p.draft_json();
        assert!(shell.len() * 20 < p.to_json().len(), "the part written on every edit holds no firm: {} bytes", shell.len());
        assert!(!shell.contains(&p.directories.enterprises[0].id));
        assert_eq!(Project::from_draft(&shell, Some(&p.directories_draft())).expect("two parts"), p);
        // Directories kept as JSON, and a draft saved whole, as earlier versions of the site wrote them.
        assert_eq!(Project::from_draft(&shell, Some(&serde_json::to_vec(&*p.directories).unwrap())).expect("JSON apart"), p);
        assert_eq!(Project::from_draft(&p.to_json(), None).expect("saved whole"), p);
        for broken in [&b"{"[..], FIRMS_FIRST, &p.directories_draft()[..100], &[FIRMS_FIRST, &[0, 0, 0, 0], b"{"].concat()] {
            let broken = Project::from_draft(&shell, Some(broken)).unwrap_err();
            assert!(broken.text.zh.contains("名录") && broken.text.en.contains("directories"), "{broken:?}");
        }
        // Firms in both places are not two directories merged.
        let twice = [FIRMS_FIRST, &super::super::wire::encode(&p.directories.enterprises), &serde_json::to_vec(&*p.directories).unwrap()].concat();
        assert!(Project::from_draft(&shell, Some(&twice)).is_err());
    }

    #[test]
    fn wrong_files_are_named() {
        assert!(Project::from_json("not json").unwrap_err().text.zh.contains("JSON"));
        assert!(Project::from_json("{\"a\":1}").unwrap_err().text.zh.contains("项目文件"));
        let mut v: serde_json::Value = serde_json::from_str(&Project::default().to_json()).unwrap();
        v["version"] = 99.into();
        assert!(Project::from_json(&v.to_string()).unwrap_err().text.zh.contains("99"));
    }

    #[test]
    fn a_new_project_is_blank_and_holds_nothing_of_the_demo() {
        let p = Project::default();
        assert!(p.is_blank() && !p.shows_demo());
        assert_eq!((p.plan.department.as_str(), p.plan.number.as_str(), p.plan.name.as_str()), ("", "", ""));
        assert_eq!(p.plan.tasks.len(), 1);
        assert_eq!(p.records(FileKind::Enterprises), 0);
        assert!(p.sources.enterprises.is_none());
        let demo = Project::demo();
        assert!(!demo.is_blank() && demo.shows_demo());
        let mut edited = p.clone();
        edited.plan.tasks[0].name = "改过".into();
        assert!(!edited.is_blank());
    }
}
