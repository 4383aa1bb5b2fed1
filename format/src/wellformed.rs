//! SPEC §3.5: what every value of a document must be beyond its JSON shape —
//! identifiers in their one canonical form, text that shows what it says, bounded
//! numbers and times. The organiser writes every byte a verifier reads, so the
//! verifier checks these; the importers apply the very same functions, so that a
//! file the importer accepts is one the verifier accepts.

use crate::text::is_nfc;

use crate::beacon::{ChainInfo, DrandRound};
use crate::draw::DrawResult;
use crate::model::{inspector_status, status, ChecklistItem, Directories, Enterprise, HistoryRecord, Inspector, Plan};
use crate::protocol::{Bundle, Commitment, Inputs};
use crate::sealed::Sealed;
use crate::problem::Problem;
use crate::uscc;

/// Longest name (of a firm, a person, an item, a plan or a task), in characters.
pub const NAME_MAX: usize = 100;
/// Longest other text (an address, a legal basis, a further column's value).
pub const TEXT_MAX: usize = 500;
/// Longest inspector ID or checklist code, in characters.
pub const CODE_MAX: usize = 32;
/// The most inspection groups a task forms (SPEC §10.10).
pub const GROUPS_MAX: u32 = 10_000;

/// A character that changes how the text around it is shown without being seen
/// itself, or that ends a line: SPEC §3.5's list (Unicode Cc, Cf, Zl, Zp).
pub fn is_hidden(c: char) -> bool {
    // Printable ASCII and everything from U+2070 to U+FEFE (the CJK blocks among
    // them) hold none: most text is answered without the list.
    if matches!(c as u32, 0x20..=0x7E | 0x2070..=0xFEFE) {
        return false;
    }
    matches!(c as u32,
        0x00..=0x1F | 0x7F..=0x9F          // Cc: controls
        | 0xAD                              // soft hyphen
        | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2
        | 0x180E
        | 0x200B..=0x200F                   // zero-width space, joiners, LRM, RLM
        | 0x2028..=0x2029                   // line and paragraph separators
        | 0x202A..=0x202E                   // bidi embeddings and overrides
        | 0x2060..=0x2064 | 0x2066..=0x206F // word joiner, bidi isolates, deprecated formats
        | 0xFEFF                            // BOM / zero-width no-break space
        | 0xFFF9..=0xFFFB
        | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0001 | 0xE0020..=0xE007F)
}

/// The text as a person may safely be shown it: each hidden character written out
/// as `⟨U+202E⟩`, so that a name cannot reverse, hide or break what surrounds it
/// (the verifier shows the text of documents it refuses, too).
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_hidden(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Why a text is not in its one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextFault {
    Empty,
    TooLong { chars: usize, max: usize },
    Hidden { position: usize, code_point: u32 },
    Untrimmed,
    NotNfc,
    /// Not one of the characters an identifier may hold.
    IdCharacter { position: usize, found: char },
    Uscc(uscc::UsccError),
}

impl TextFault {
    pub fn zh(&self) -> String {
        match self {
            TextFault::Empty => "不能为空".into(),
            TextFault::TooLong { chars, max } => format!("长度为 {chars} 个字符，超过上限 {max}"),
            TextFault::Hidden { position, code_point } => {
                format!("第 {position} 个字符是不可见的控制或格式字符 U+{code_point:04X}（可改变文字显示方向或隐藏内容）")
            }
            TextFault::Untrimmed => "首尾有空白字符".into(),
            TextFault::NotNfc => "不是 Unicode NFC 规范形式".into(),
            TextFault::IdCharacter { position, found } => {
                format!("第 {position} 个字符“{found}”不能用于编号（只能用数字、大写字母、“-”“.”“_”和汉字）")
            }
            TextFault::Uscc(e) => e.zh(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            TextFault::Empty => "must not be empty".into(),
            TextFault::TooLong { chars, max } => format!("is {chars} characters long, more than the limit of {max}"),
            TextFault::Hidden { position, code_point } => format!(
                "character {position} is the invisible control or format character U+{code_point:04X} (it can reverse or hide text)"
            ),
            TextFault::Untrimmed => "has white space at its start or end".into(),
            TextFault::NotNfc => "is not in Unicode normalization form NFC".into(),
            TextFault::IdCharacter { position, found } => format!(
                "character {position} “{found}” cannot be part of a code (only digits, upper-case letters, “-”, “.”, “_” and Chinese characters)"
            ),
            TextFault::Uscc(e) => e.en(),
        }
    }

    /// This fault of the value at `member` (e.g. `directories.enterprises[3].name`).
    pub fn at(&self, member: &str) -> Problem {
        Problem::new(format!("成员 {member}：{}", self.zh()), format!("member {member}: {}", self.en()))
    }
}

/// A text of at most `max` characters: NFC, trimmed, with no hidden character.
/// Empty text is allowed here; [`required`] refuses it.
pub fn text(s: &str, max: usize) -> Result<(), TextFault> {
    match crate::text::plain_chars(s) {
        Some(chars) if chars <= max && !s.starts_with(' ') && !s.ends_with(' ') => Ok(()),
        _ => text_in_full(s, max),
    }
}

/// [`text`] of `raw` once cleaned ([`crate::text::clean`]), as an importer checks a
/// cell. A text of plain characters, as nearly every cell is, is answered from one
/// look at it: cleaning it only trims its spaces, and it is then well formed unless
/// too long.
pub fn cleaned_text(raw: &str, max: usize) -> Result<(), TextFault> {
    if let Some(chars) = crate::text::plain_chars(raw) {
        let spaces = raw.len() - raw.trim_matches(' ').len();
        if chars - spaces <= max {
            return Ok(());
        }
    }
    text(&crate::text::clean_borrowed(raw), max)
}

/// [`text`], one character at a time.
fn text_in_full(s: &str, max: usize) -> Result<(), TextFault> {
    let mut chars = 0usize;
    let mut fast_nfc = true;
    for c in s.chars() {
        if is_hidden(c) {
            return Err(TextFault::Hidden { position: chars + 1, code_point: c as u32 });
        }
        chars += 1;
        fast_nfc &= crate::text::is_fast_nfc(c);
    }
    if chars > max {
        return Err(TextFault::TooLong { chars, max });
    }
    if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        return Err(TextFault::Untrimmed);
    }
    if !fast_nfc && !is_nfc(s) {
        return Err(TextFault::NotNfc);
    }
    Ok(())
}

/// A text that must not be empty.
pub fn required(s: &str, max: usize) -> Result<(), TextFault> {
    if s.is_empty() {
        return Err(TextFault::Empty);
    }
    text(s, max)
}

/// An enterprise ID: a valid 统一社会信用代码 (GB 32100-2015), upper case.
pub fn enterprise_id(id: &str) -> Result<(), TextFault> {
    text(id, 18)?;
    uscc::validate(id).map_err(TextFault::Uscc)
}

/// A character an inspector ID or a checklist code may hold: ASCII digits and
/// upper-case letters, `-`, `.`, `_`, and CJK unified ideographs (a province's
/// abbreviation leads some 执法证号). Folding (full width, case) cannot make two
/// such codes equal, so distinct codes are distinct people and items.
pub fn is_code_char(c: char) -> bool {
    c.is_ascii_digit() || c.is_ascii_uppercase() || matches!(c, '-' | '.' | '_') || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// An inspector ID (执法证号) or a checklist code: 1 to [`CODE_MAX`] characters of
/// [`is_code_char`].
pub fn code(s: &str) -> Result<(), TextFault> {
    required(s, CODE_MAX)?;
    match s.chars().enumerate().find(|(_, c)| !is_code_char(*c)) {
        Some((i, found)) => Err(TextFault::IdCharacter { position: i + 1, found }),
        None => Ok(()),
    }
}

/// Lower-case hex of exactly `bytes` bytes (`None`: any whole number of bytes).
pub fn lower_hex(s: &str, bytes: Option<usize>) -> bool {
    // Without a branch per byte: a stratum's published entries are one text of up to
    // tens of megabytes, which a test per byte read three times slower in the browser.
    let digits_ok = s.as_bytes().chunks(4096).all(|chunk| chunk.iter().fold(true, |ok, &b| ok & ((b.wrapping_sub(b'0') < 10) | (b.wrapping_sub(b'a') < 6))));
    let length_ok = match bytes {
        Some(n) => s.len() == 2 * n,
        None => s.len() % 2 == 0,
    };
    digits_ok && length_ok
}

/// Collects the problems of one document, each naming its member.
#[derive(Default)]
pub struct Findings {
    pub problems: Vec<Problem>,
}

impl Findings {
    fn of(find: impl FnOnce(&mut Findings)) -> Findings {
        let mut f = Findings::default();
        find(&mut f);
        f
    }

    fn check(&mut self, member: impl FnOnce() -> String, result: Result<(), TextFault>) {
        if let Err(fault) = result {
            self.problems.push(fault.at(&member()));
        }
    }

    fn one_of(&mut self, member: impl FnOnce() -> String, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            let member = member();
            let list = allowed.iter().map(|a| format!("“{a}”")).collect::<Vec<_>>().join("、");
            self.problems.push(Problem::new(
                format!("成员 {member}：“{}”不是允许的值（{list}）", excerpt(value)),
                format!("member {member}: “{}” is not one of the allowed values ({})", excerpt(value), allowed.join(", ")),
            ));
        }
    }

    fn sorted_distinct(&mut self, member: impl FnOnce() -> String, list: &[String]) {
        if list.windows(2).any(|w| w[0] >= w[1]) {
            let member = member();
            self.problems.push(Problem::new(
                format!("成员 {member}：列表未按字节顺序排序或有重复项"),
                format!("member {member}: the list is not sorted in byte order or has a repeated entry"),
            ));
        }
    }
}

/// Risk classes (信用风险分类): empty when not classified, or A–D.
pub const RISK_CLASSES: [&str; 5] = ["", "A", "B", "C", "D"];
/// Enterprise status codes.
pub const STATUSES: [&str; 5] = [status::ACTIVE, status::REVOKED, status::CANCELLED, status::MOVED_OUT, status::SUSPENDED];
/// Inspector status codes.
pub const INSPECTOR_STATUSES: [&str; 2] = [inspector_status::ACTIVE, inspector_status::INACTIVE];
/// Checklist item levels.
pub const ITEM_LEVELS: [&str; 2] = ["general", "key"];
/// History record levels.
pub const HISTORY_LEVELS: [&str; 2] = ["same", "higher"];

fn enterprise(f: &mut Findings, pre: &str, i: usize, e: &Enterprise) {
    let at = |m: &str| format!("{pre}.enterprises[{i}].{m}");
    f.check(|| at("id"), enterprise_id(&e.id));
    f.check(|| at("name"), required(&e.name, NAME_MAX));
    for (m, v) in [("kind", &e.kind), ("industry", &e.industry), ("region", &e.region)] {
        f.check(|| at(m), text(v, NAME_MAX));
    }
    f.check(|| at("address"), text(&e.address, TEXT_MAX));
    f.one_of(|| at("risk"), &e.risk, &RISK_CLASSES);
    f.one_of(|| at("status"), &e.status, &STATUSES);
    f.sorted_distinct(|| at("flags"), &e.flags);
    for flag in &e.flags {
        f.one_of(|| at("flags"), flag, &crate::model::flag::ALL);
    }
    for (name, value) in &e.attrs {
        f.check(|| format!("{pre}.enterprises[{i}].attrs"), required(name, NAME_MAX));
        f.check(|| format!("{pre}.enterprises[{i}].attrs.{name}"), text(value, TEXT_MAX));
    }
}

fn inspector(f: &mut Findings, pre: &str, i: usize, p: &Inspector) {
    let at = |m: &str| format!("{pre}.inspectors[{i}].{m}");
    f.check(|| at("id"), code(&p.id));
    f.check(|| at("name"), required(&p.name, NAME_MAX));
    for (m, v) in [("unit", &p.unit), ("department", &p.department), ("region", &p.region)] {
        f.check(|| at(m), text(v, NAME_MAX));
    }
    f.sorted_distinct(|| at("qualifications"), &p.qualifications);
    for q in &p.qualifications {
        f.check(|| at("qualifications"), required(q, NAME_MAX));
    }
    if !p.cert_expiry.is_empty() {
        f.date(|| at("cert_expiry"), &p.cert_expiry);
    }
    f.one_of(|| at("status"), &p.status, &INSPECTOR_STATUSES);
    f.sorted_distinct(|| at("conflicts"), &p.conflicts);
    for c in &p.conflicts {
        f.check(|| at("conflicts"), enterprise_id(c));
    }
}

fn item(f: &mut Findings, pre: &str, i: usize, it: &ChecklistItem) {
    let at = |m: &str| format!("{pre}.checklist[{i}].{m}");
    f.check(|| at("code"), code(&it.code));
    f.check(|| at("name"), required(&it.name, NAME_MAX));
    f.check(|| at("basis"), text(&it.basis, TEXT_MAX));
    f.one_of(|| at("level"), &it.level, &ITEM_LEVELS);
    f.sorted_distinct(|| at("categories"), &it.categories);
    for c in &it.categories {
        f.check(|| at("categories"), required(c, NAME_MAX));
    }
}

fn record(f: &mut Findings, pre: &str, i: usize, r: &HistoryRecord) {
    let at = |m: &str| format!("{pre}.history[{i}].{m}");
    f.check(|| at("enterprise_id"), enterprise_id(&r.enterprise_id));
    f.date(|| at("date"), &r.date);
    f.check(|| at("department"), text(&r.department, NAME_MAX));
    f.one_of(|| at("level"), &r.level, &HISTORY_LEVELS);
}

/// Every value of the directories in its one form (SPEC §3.5), each problem naming
/// its member. Sorting and distinct keys are checked with the format (§8 check 1).
fn directories_at(f: &mut Findings, pre: &str, d: &Directories) {
    for (i, e) in d.enterprises.iter().enumerate() {
        enterprise(f, pre, i, e);
    }
    for (i, p) in d.inspectors.iter().enumerate() {
        inspector(f, pre, i, p);
    }
    for (i, it) in d.checklist.iter().enumerate() {
        item(f, pre, i, it);
    }
    for (i, r) in d.history.iter().enumerate() {
        record(f, pre, i, r);
    }
}

impl Findings {
    fn list(&mut self, member: &str, values: &[String]) {
        for v in values {
            self.check(|| member.to_string(), required(v, NAME_MAX));
        }
    }

    fn hex(&mut self, member: impl FnOnce() -> String, value: &str, bytes: Option<usize>) {
        if !lower_hex(value, bytes) {
            let member = member();
            let (zh, en) = match bytes {
                Some(n) => (format!("应为 {} 位小写十六进制数", 2 * n), format!("must be {} lower-case hex digits", 2 * n)),
                None => ("应为小写十六进制数".to_string(), "must be lower-case hex digits".to_string()),
            };
            self.problems.push(Problem::new(
                format!("成员 {member}：“{}”{zh}", excerpt(value)),
                format!("member {member}: “{}” {en}", excerpt(value)),
            ));
        }
    }

    fn time(&mut self, member: impl FnOnce() -> String, value: &str) {
        if crate::time::parse_time(value).is_none() {
            let member = member();
            self.problems.push(Problem::new(
                format!("成员 {member}：“{}”不是 YYYY-MM-DDTHH:MM:SSZ 形式的协调世界时（1970 至 9999 年）", excerpt(value)),
                format!("member {member}: “{}” is not a UTC time written YYYY-MM-DDTHH:MM:SSZ (years 1970 to 9999)", excerpt(value)),
            ));
        }
    }

    fn date(&mut self, member: impl FnOnce() -> String, value: &str) {
        if !crate::time::is_date(value) {
            let member = member();
            self.problems.push(Problem::new(
                format!("成员 {member}：“{}”不是有效日期（YYYY-MM-DD）", excerpt(value)),
                format!("member {member}: “{}” is not a valid date (YYYY-MM-DD)", excerpt(value)),
            ));
        }
    }
}

/// At most 80 characters of a value, hidden characters written out: enough to
/// recognise it, never a whole forged file.
fn excerpt(s: &str) -> String {
    crate::read::excerpt(&visible(s), 80)
}

fn plan_at(f: &mut Findings, pre: &str, p: &Plan) {
    f.check(|| format!("{pre}.number"), required(&p.number, NAME_MAX));
    f.check(|| format!("{pre}.name"), required(&p.name, NAME_MAX));
    f.check(|| format!("{pre}.department"), required(&p.department, NAME_MAX));
    f.list(&format!("{pre}.rules.cap_exempt_flags"), &p.rules.cap_exempt_flags);
    f.list(&format!("{pre}.rules.active_statuses"), &p.rules.active_statuses);
    if let Some(names) = &p.rules.department_names {
        f.sorted_distinct(|| format!("{pre}.rules.department_names"), names);
        for name in names {
            f.check(|| format!("{pre}.rules.department_names"), required(name, NAME_MAX));
        }
    }
    if let Some(choice) = &p.rules.range_choice {
        f.check(|| format!("{pre}.rules.range_choice"), text(choice, NAME_MAX));
    }
    for (t, task) in p.tasks.iter().enumerate() {
        let at = |m: &str| format!("{pre}.tasks[{t}].{m}");
        f.check(|| at("number"), required(&task.number, NAME_MAX));
        f.check(|| at("name"), required(&task.name, NAME_MAX));
        for (c, condition) in task.filter.iter().enumerate() {
            f.check(|| at(&format!("filter[{c}].field")), required(&condition.field, NAME_MAX));
            f.check(|| at(&format!("filter[{c}].op")), required(&condition.op, NAME_MAX));
            f.list(&at(&format!("filter[{c}].values")), &condition.values);
        }
        let sampling = &task.sampling;
        f.list(&at("sampling.strata_by"), &sampling.strata_by);
        f.list(&at("sampling.census_flags"), &sampling.census_flags);
        for (r, rule) in sampling.rules.iter().enumerate() {
            for (field, value) in &rule.when {
                f.check(|| at(&format!("sampling.rules[{r}].when")), required(field, NAME_MAX));
                f.check(|| at(&format!("sampling.rules[{r}].when.{field}")), text(value, NAME_MAX));
            }
        }
        for code_value in &task.items.fixed {
            f.check(|| at("items.fixed"), code(code_value));
        }
        f.check(|| at("team.qualification"), text(&task.team.qualification, NAME_MAX));
        f.check(|| at("team.expert_qualification"), text(&task.team.expert_qualification, NAME_MAX));
        f.list(&at("team.departments"), &task.team.departments);
        if task.team.group_count() > GROUPS_MAX {
            f.problems.push(Problem::new(
                format!("成员 {}：检查组不得多于 {GROUPS_MAX} 个", at("team.groups")),
                format!("member {}: at most {GROUPS_MAX} inspection groups", at("team.groups")),
            ));
        }
    }
    if let Some(fields) = &p.public_fields {
        f.sorted_distinct(|| format!("{pre}.public_fields"), fields);
        for field in fields {
            f.check(|| format!("{pre}.public_fields"), required(field, NAME_MAX + "attr:".len()));
            if !crate::v2::codes::is_public_field(field) {
                f.problems.push(Problem::new(
                    format!("成员 {pre}.public_fields：“{}”不是可以公开的字段", excerpt(field)),
                    format!("member {pre}.public_fields: “{}” is not a field that can be public", excerpt(field)),
                ));
            }
        }
    }
}

/// The inputs document: its salt, plan and directories (`pre` names where it sits).
fn inputs_at(f: &mut Findings, pre: &str, inputs: &Inputs) {
    if !inputs.salt.is_empty() {
        f.hex(|| format!("{pre}.salt"), &inputs.salt, Some(16));
    }
    if let Some(secret) = &inputs.secret {
        f.hex(|| format!("{pre}.secret"), secret, Some(32));
    }
    plan_at(f, &format!("{pre}.plan"), &inputs.plan);
    directories_at(f, &format!("{pre}.directories"), &inputs.directories);
}

/// The commitment's own values (SPEC §3.4, §3.5); the chain rule on `sequence` and
/// `previous` belongs to check 3.
fn commitment_at(f: &mut Findings, pre: &str, c: &Commitment) {
    let at = |m: &str| format!("{pre}.{m}");
    f.check(|| at("department"), required(&c.department, NAME_MAX));
    f.check(|| at("plan.number"), required(&c.plan.number, NAME_MAX));
    f.check(|| at("plan.name"), required(&c.plan.name, NAME_MAX));
    if !c.previous.is_empty() {
        f.hex(|| at("previous"), &c.previous, Some(32));
    }
    f.time(|| at("committed_at"), &c.committed_at);
    f.hex(|| at("beacon.chain_hash"), &c.beacon.chain_hash, Some(32));
    f.time(|| at("beacon.emission_time"), &c.beacon.emission_time);
    if let Some(nist) = &c.beacon.nist {
        f.time(|| at("beacon.nist.time_stamp"), &nist.time_stamp);
        if crate::time::parse_time(&nist.time_stamp).is_some_and(|t| t % 60 != 0) {
            f.problems.push(Problem::new(
                format!("成员 {}：NIST 脉冲时间应为整分钟", at("beacon.nist.time_stamp")),
                format!("member {}: a NIST pulse time is a whole minute", at("beacon.nist.time_stamp")),
            ));
        }
        if nist.chain_index == 0 {
            f.problems.push(Problem::new(
                format!("成员 {}：NIST 链编号从 1 开始", at("beacon.nist.chain_index")),
                format!("member {}: NIST chains are numbered from 1", at("beacon.nist.chain_index")),
            ));
        }
    }
    for (name, hash) in c.inputs.entries() {
        f.hex(|| at(&format!("inputs.{name}")), hash, Some(32));
    }
    for (t, task) in c.tasks.iter().enumerate() {
        f.check(|| at(&format!("tasks[{t}].number")), required(&task.number, NAME_MAX));
        f.check(|| at(&format!("tasks[{t}].name")), required(&task.name, NAME_MAX));
        for (k, stratum) in task.strata.iter().enumerate() {
            for v in &stratum.values {
                f.check(|| at(&format!("tasks[{t}].strata[{k}].values")), text(v, NAME_MAX));
            }
        }
    }
    if let Some(public) = &c.public {
        f.hex(|| at("public"), public, Some(32));
    }
    f.hex(|| at("commitment"), &c.commitment, Some(32));
}

/// The drand value as the committed chain signs it (when the chain is known).
fn drand_at(f: &mut Findings, pre: &str, round: &DrandRound, chain: Option<&ChainInfo>) {
    let unchained = chain.map(|c| c.scheme.contains("unchained"));
    let signature_bytes = match unchained {
        Some(true) => Some(48),
        Some(false) => Some(96),
        None => None,
    };
    f.hex(|| format!("{pre}.signature"), &round.signature, signature_bytes);
    match (&round.previous_signature, unchained) {
        (Some(p), Some(true)) if !p.is_empty() => f.problems.push(Problem::new(
            format!("成员 {pre}.previous_signature：quicknet 的轮次没有上一签名"),
            format!("member {pre}.previous_signature: a quicknet round has no previous signature"),
        )),
        (Some(p), Some(false)) => f.hex(|| format!("{pre}.previous_signature"), p, Some(96)),
        _ => {}
    }
    if let Some(r) = &round.randomness {
        f.hex(|| format!("{pre}.randomness"), r, Some(32));
    }
}

fn result_at(f: &mut Findings, pre: &str, r: &DrawResult) {
    f.hex(|| format!("{pre}.seed"), &r.seed, Some(32));
    for (t, task) in r.tasks.iter().enumerate() {
        let at = |m: &str| format!("{pre}.tasks[{t}].{m}");
        for (k, st) in task.strata.iter().enumerate() {
            if !(st.count == 0 && st.cutoff.is_empty()) {
                f.hex(|| at(&format!("strata[{k}].cutoff")), &st.cutoff, Some(32));
            }
            if !st.cutoff_id.is_empty() {
                f.check(|| at(&format!("strata[{k}].cutoff_id")), enterprise_id(&st.cutoff_id));
            }
            for (j, reserve) in st.reserves.iter().enumerate() {
                f.check(|| at(&format!("strata[{k}].reserves[{j}].id")), enterprise_id(&reserve.id));
                f.hex(|| at(&format!("strata[{k}].reserves[{j}].ticket")), &reserve.ticket, Some(32));
            }
        }
        for (j, s) in task.selected.iter().enumerate() {
            f.check(|| at(&format!("selected[{j}].id")), enterprise_id(&s.id));
            f.check(|| at(&format!("selected[{j}].name")), required(&s.name, NAME_MAX));
            f.hex(|| at(&format!("selected[{j}].ticket")), &s.ticket, Some(32));
            for (m, member) in s.team.iter().enumerate() {
                f.check(|| at(&format!("selected[{j}].team[{m}].id")), code(&member.id));
                f.check(|| at(&format!("selected[{j}].team[{m}].name")), required(&member.name, NAME_MAX));
                f.check(|| at(&format!("selected[{j}].team[{m}].department")), text(&member.department, NAME_MAX));
            }
            for item_code in &s.items {
                f.check(|| at(&format!("selected[{j}].items")), code(item_code));
            }
        }
    }
}

/// Every value of a bundle in its one form (SPEC §3.5, §8 check 1).
pub fn bundle(b: &Bundle) -> Vec<Problem> {
    let mut f = Findings::default();
    inputs_at(&mut f, "inputs", &b.inputs);
    if b.inputs.plan.rules.department_names.is_some() {
        f.problems.push(Problem::new(
            "成员 inputs.plan.rules.department_names：本部门的其他名称只属于格式 2",
            "member inputs.plan.rules.department_names: the department's other names belong to format 2 only",
        ));
    }
    if b.inputs.plan.rules.range_choice.is_some() {
        f.problems.push(Problem::new(
            "成员 inputs.plan.rules.range_choice：比例区间只属于格式 2",
            "member inputs.plan.rules.range_choice: ratio ranges belong to format 2 only",
        ));
    }
    for (t, task) in b.inputs.plan.tasks.iter().enumerate() {
        for (k, rule) in task.sampling.rules.iter().enumerate() {
            if rule.ratio_max_bp.is_some() {
                f.problems.push(Problem::new(
                    format!("成员 inputs.plan.tasks[{t}].sampling.rules[{k}].ratio_max_bp：比例区间只属于格式 2"),
                    format!("member inputs.plan.tasks[{t}].sampling.rules[{k}].ratio_max_bp: ratio ranges belong to format 2 only"),
                ));
            }
        }
        if task.team.uses_format2_members() {
            f.problems.push(Problem::new(
                format!("成员 inputs.plan.tasks[{t}].team：检查组（groups、leader）只属于格式 2"),
                format!("member inputs.plan.tasks[{t}].team: inspection groups (groups, leader) belong to format 2 only"),
            ));
        }
    }
    for (t, task) in b.result.tasks.iter().enumerate() {
        for (j, s) in task.selected.iter().enumerate() {
            if let Some(m) = s.team.iter().position(|m| m.role == crate::draw::Role::Leader) {
                f.problems.push(Problem::new(
                    format!("成员 result.tasks[{t}].selected[{j}].team[{m}].role：组长（leader）只属于格式 2"),
                    format!("member result.tasks[{t}].selected[{j}].team[{m}].role: leader belongs to format 2 only"),
                ));
            }
        }
    }
    commitment_at(&mut f, "commitment", &b.commitment);
    let chain = crate::beacon::chain_by_hash(&b.commitment.beacon.chain_hash);
    drand_at(&mut f, "beacon.drand", &b.beacon.drand, chain);
    result_at(&mut f, "result", &b.result);
    f.hex(|| "result_sha256".into(), &b.result_sha256, Some(32));
    f.problems
}

/// Every value of a sealed result in its one form (SPEC §7.1).
pub fn sealed(s: &Sealed) -> Vec<Problem> {
    let mut f = Findings::default();
    commitment_at(&mut f, "commitment", &s.commitment);
    let chain = crate::beacon::chain_by_hash(&s.commitment.beacon.chain_hash);
    drand_at(&mut f, "beacon.drand", &s.beacon.drand, chain);
    f.hex(|| "result_sha256".into(), &s.result_sha256, Some(32));
    f.date(|| "reveal_after".into(), &s.reveal_after);
    f.problems
}

/// Every value of a commitment on its own (a 公示 folder holds commitments alone).
pub fn commitment(c: &Commitment) -> Vec<Problem> {
    let mut f = Findings::default();
    commitment_at(&mut f, "commitment", c);
    f.problems
}

/// Every value of the inputs a commitment is made to, before it is made: what the
/// verifier will refuse is refused when committing. It needs no commitment, so it
/// runs while the commitment is being computed; [`commitment_alone`] checks the rest.
pub fn inputs_alone(inputs: &Inputs) -> Vec<Problem> {
    let mut f = Findings::default();
    inputs_at(&mut f, "inputs", inputs);
    f.problems
}

/// The commitment's own values, once it is made (see [`inputs_alone`]).
pub fn commitment_alone(c: &Commitment) -> Vec<Problem> {
    let mut f = Findings::default();
    commitment_at(&mut f, "commitment", c);
    f.problems
}

fn public_inputs_at(f: &mut Findings, pre: &str, p: &crate::v2::public::PublicInputs) {
    use crate::v2::codes::ENTRY_BYTES;
    plan_at(f, &format!("{pre}.plan"), &p.plan);
    for (i, ins) in p.inspectors.iter().enumerate() {
        inspector(f, pre, i, ins);
        if !ins.conflicts.is_empty() {
            f.problems.push(Problem::new(
                format!("成员 {pre}.inspectors[{i}].conflicts：公开文件不列出回避关系"),
                format!("member {pre}.inspectors[{i}].conflicts: a public document lists no conflicts"),
            ));
        }
    }
    for (i, it) in p.checklist.iter().enumerate() {
        item(f, pre, i, it);
    }
    for (t, task) in p.tasks.iter().enumerate() {
        f.check(|| format!("{pre}.tasks[{t}].number"), required(&task.number, NAME_MAX));
        for (k, st) in task.strata.iter().enumerate() {
            let at = || format!("{pre}.tasks[{t}].strata[{k}].entries");
            for v in &st.values {
                f.check(|| format!("{pre}.tasks[{t}].strata[{k}].values"), text(v, NAME_MAX));
            }
            if st.entries.len() % (2 * ENTRY_BYTES) != 0 || !lower_hex(&st.entries, None) {
                f.problems.push(Problem::new(
                    format!("成员 {}：应为若干个 {} 位小写十六进制条目", at(), 2 * ENTRY_BYTES),
                    format!("member {}: must be whole entries of {} lower-case hex digits", at(), 2 * ENTRY_BYTES),
                ));
            }
        }
    }
}

fn result2_strata_at(f: &mut Findings, at: &dyn Fn(&str) -> String, strata: &[crate::v2::draw::StratumResult2]) {
    use crate::v2::codes::TOKEN_BYTES;
    for (k, st) in strata.iter().enumerate() {
        if !(st.count == 0 && st.cutoff.is_empty() && st.cutoff_token.is_empty()) {
            f.hex(|| at(&format!("strata[{k}].cutoff")), &st.cutoff, Some(32));
            f.hex(|| at(&format!("strata[{k}].cutoff_token")), &st.cutoff_token, Some(TOKEN_BYTES));
        }
        for (j, reserve) in st.reserves.iter().enumerate() {
            f.hex(|| at(&format!("strata[{k}].reserves[{j}].token")), &reserve.token, Some(TOKEN_BYTES));
            f.hex(|| at(&format!("strata[{k}].reserves[{j}].ticket")), &reserve.ticket, Some(32));
        }
    }
}

fn members_at(f: &mut Findings, at: &dyn Fn(&str) -> String, list: &str, members: &[crate::draw::TeamMember]) {
    for (m, member) in members.iter().enumerate() {
        f.check(|| at(&format!("{list}[{m}].id")), code(&member.id));
        f.check(|| at(&format!("{list}[{m}].name")), required(&member.name, NAME_MAX));
        f.check(|| at(&format!("{list}[{m}].department")), text(&member.department, NAME_MAX));
    }
}

fn result2_at(f: &mut Findings, pre: &str, r: &crate::v2::draw::Result2) {
    use crate::v2::codes::TOKEN_BYTES;
    f.hex(|| format!("{pre}.seed"), &r.seed, Some(32));
    for (t, task) in r.tasks.iter().enumerate() {
        let at = |m: &str| format!("{pre}.tasks[{t}].{m}");
        result2_strata_at(f, &at, &task.strata);
        for (g, group) in task.groups.iter().enumerate() {
            members_at(f, &at, &format!("groups[{g}].members"), &group.members);
        }
        for (j, s) in task.selected.iter().enumerate() {
            f.hex(|| at(&format!("selected[{j}].token")), &s.token, Some(TOKEN_BYTES));
            f.check(|| at(&format!("selected[{j}].id")), enterprise_id(&s.id));
            f.check(|| at(&format!("selected[{j}].name")), required(&s.name, NAME_MAX));
            f.hex(|| at(&format!("selected[{j}].ticket")), &s.ticket, Some(32));
            members_at(f, &at, &format!("selected[{j}].team"), &s.team);
            for item_code in &s.items {
                f.check(|| at(&format!("selected[{j}].items")), code(item_code));
            }
        }
    }
}

fn selection2_at(f: &mut Findings, pre: &str, r: &crate::v2::draw::Selection2) {
    use crate::v2::codes::TOKEN_BYTES;
    f.hex(|| format!("{pre}.seed"), &r.seed, Some(32));
    for (t, task) in r.tasks.iter().enumerate() {
        let at = |m: &str| format!("{pre}.tasks[{t}].{m}");
        result2_strata_at(f, &at, &task.strata);
        for (j, s) in task.selected.iter().enumerate() {
            f.hex(|| at(&format!("selected[{j}].token")), &s.token, Some(TOKEN_BYTES));
            f.hex(|| at(&format!("selected[{j}].ticket")), &s.ticket, Some(32));
        }
    }
}

fn revealed_at(f: &mut Findings, pre: &str, revealed: &[crate::v2::Revealed]) {
    for (i, r) in revealed.iter().enumerate() {
        let at = |m: &str| format!("{pre}[{i}].{m}");
        f.check(|| at("id"), enterprise_id(&r.id));
        f.hex(|| at("key"), &r.key, Some(crate::v2::codes::KEY_BYTES));
        f.check(|| at("name"), required(&r.name, NAME_MAX));
        f.check(|| at("industry"), text(&r.industry, NAME_MAX));
        f.check(|| at("region"), text(&r.region, NAME_MAX));
        f.sorted_distinct(|| at("conflicts"), &r.conflicts);
        for c in &r.conflicts {
            f.check(|| at("conflicts"), code(c));
        }
        for (field, value) in &r.public {
            f.check(|| at("public"), required(field, NAME_MAX));
            f.check(|| at(&format!("public.{field}")), text(value, TEXT_MAX));
        }
    }
    let ids: Vec<String> = revealed.iter().map(|r| r.id.clone()).collect();
    f.sorted_distinct(|| pre.to_string(), &ids);
}

/// Every value of a format 2 auditor document in its one form.
pub fn auditor(a: &crate::v2::Auditor) -> Vec<Problem> {
    let mut f = Findings::default();
    inputs_at(&mut f, "inputs", &a.inputs);
    commitment_at(&mut f, "commitment", &a.commitment);
    let chain = crate::beacon::chain_by_hash(&a.commitment.beacon.chain_hash);
    drand_at(&mut f, "beacon.drand", &a.beacon.drand, chain);
    result2_at(&mut f, "result", &a.result);
    f.hex(|| "result_sha256".into(), &a.result_sha256, Some(32));
    f.problems
}

/// Every value of a format 2 public document in its one form.
pub fn public(p: &crate::v2::Public) -> Vec<Problem> {
    // The large parts (entries, result, revealed records) are read at once; their
    // problems are listed in the document's order all the same.
    let ((mut f, revealed), result) = crate::par::join(
        || {
            crate::par::join(
                || {
                    Findings::of(|f| {
                        commitment_at(f, "commitment", &p.commitment);
                        public_inputs_at(f, "public", &p.public);
                        let chain = crate::beacon::chain_by_hash(&p.commitment.beacon.chain_hash);
                        drand_at(f, "beacon.drand", &p.beacon.drand, chain);
                    })
                },
                || Findings::of(|f| revealed_at(f, "revealed", &p.revealed)),
            )
        },
        || Findings::of(|f| result2_at(f, "result", &p.result)),
    );
    f.problems.extend(result.problems);
    f.problems.extend(revealed.problems);
    f.hex(|| "result_sha256".into(), &p.result_sha256, Some(32));
    f.problems
}

/// Every value of a format 2 sealed document in its one form.
pub fn sealed2(s: &crate::v2::Sealed2) -> Vec<Problem> {
    let mut f = Findings::default();
    commitment_at(&mut f, "commitment", &s.commitment);
    public_inputs_at(&mut f, "public", &s.public);
    let chain = crate::beacon::chain_by_hash(&s.commitment.beacon.chain_hash);
    drand_at(&mut f, "beacon.drand", &s.beacon.drand, chain);
    selection2_at(&mut f, "selection", &s.selection);
    f.hex(|| "result_sha256".into(), &s.result_sha256, Some(32));
    f.date(|| "reveal_after".into(), &s.reveal_after);
    f.problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level answer for plain text is the one the characters give.
    #[test]
    fn text_answers_plain_text_as_in_full() {
        let pieces = ["a", "~", " ", "中", "\u{4DFF}", "\u{9FFF}", "\u{A000}", "\u{3000}", "\t", "\u{7F}", "\u{AD}", "é", "e\u{301}", "\u{202E}", "𠀀", ""];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    for max in [0, 1, 2, 3, 500] {
                        assert_eq!(text(&s, max), text_in_full(&s, max), "{s:?} within {max}");
                    }
                }
            }
        }
    }

    /// The quick answer for common characters agrees with the list for every one.
    #[test]
    fn hidden_characters_are_found_however_quickly() {
        let listed = |c: char| {
            matches!(c as u32,
                0x00..=0x1F | 0x7F..=0x9F | 0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E
                | 0x200B..=0x200F | 0x2028..=0x2029 | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
                | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
                | 0xE0001 | 0xE0020..=0xE007F)
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_hidden(c), listed(c), "U+{:04X}", c as u32);
        }
    }

    fn check(s: &str, expected: Result<(), TextFault>) {
        assert_eq!(text(s, NAME_MAX), expected, "{s:?}");
    }

    #[test]
    fn text_shows_what_it_says() {
        check("秦皇岛正常贸易有限公司", Ok(()));
        check("正常贸易有限公司\u{202E}gnp.exe", Err(TextFault::Hidden { position: 9, code_point: 0x202E }));
        check("91130302MA0\u{200B}X", Err(TextFault::Hidden { position: 12, code_point: 0x200B }));
        check(" 前导空格", Err(TextFault::Untrimmed));
        check("e\u{301}", Err(TextFault::NotNfc));
        check("a\tb", Err(TextFault::Hidden { position: 2, code_point: 9 }));
        assert_eq!(text(&"名".repeat(101), NAME_MAX), Err(TextFault::TooLong { chars: 101, max: 100 }));
        assert_eq!(required("", NAME_MAX), Err(TextFault::Empty));
    }

    #[test]
    fn ids_have_one_form() {
        // A code of SPEC §9's worked example, then the same code with a zero-width
        // space, in lower case, in full width, and with a wrong check character.
        assert_eq!(enterprise_id("92130371MACLME9QF1"), Ok(()));
        for forged in ["92130371MACLME9QF1\u{200B}", "92130371macLME9QF1", "９2130371MACLME9QF1"] {
            assert!(enterprise_id(forged).is_err(), "{forged}");
        }
        assert_eq!(
            enterprise_id("92130371MACLME9QF2"),
            Err(TextFault::Uscc(uscc::UsccError::CheckCharacter { expected: '1', found: '2' }))
        );
        assert!(code("13030036102").is_ok());
        assert!(code("冀13030036102").is_ok());
        assert!(code("AQ-001").is_ok());
        assert_eq!(code("aq-001"), Err(TextFault::IdCharacter { position: 1, found: 'a' }));
        assert_eq!(code("ＡＱ-001"), Err(TextFault::IdCharacter { position: 1, found: 'Ａ' }));
        assert_eq!(code(""), Err(TextFault::Empty));
    }

    #[test]
    fn hidden_characters_are_shown_not_obeyed() {
        assert_eq!(visible("正常贸易有限公司\u{202E}gnp.exe"), "正常贸易有限公司⟨U+202E⟩gnp.exe");
        assert_eq!(visible("a\u{200B}b\nc"), "a⟨U+200B⟩b⟨U+000A⟩c");
        assert!(matches!(visible("秦皇岛"), std::borrow::Cow::Borrowed("秦皇岛")));
    }

    #[test]
    fn hex_is_lower_case() {
        assert!(lower_hex("00ff", Some(2)));
        assert!(!lower_hex("00FF", Some(2)));
        assert!(!lower_hex("00f", None));
        assert!(lower_hex("", None));
        // Every byte, alone and at the far end of a long text (past the first chunk,
        // followed by digits), against the rule written per byte.
        let digit = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        for b in 0..=255u8 {
            let alone = [b, b'0'];
            let alone = std::str::from_utf8(&alone);
            if let Ok(alone) = alone {
                assert_eq!(lower_hex(alone, None), digit(b), "{b:#04x}");
            }
            if b.is_ascii() {
                let mut long = "ab".repeat(5_000).into_bytes();
                long[6_001] = b;
                let long = String::from_utf8(long).unwrap();
                assert_eq!(lower_hex(&long, Some(5_000)), digit(b), "{b:#04x}");
            }
        }
        assert!(!lower_hex("é00", None), "a letter outside ASCII");
    }

    #[test]
    fn a_cleaned_text_is_the_text_of_the_cleaned_cell() {
        let name = "名".repeat(NAME_MAX);
        for raw in [
            "甲公司",
            "  甲公司  ",
            &format!(" {name} "),
            &format!("{name}名"),
            &format!(" {name}名 "),
            "Cafe\u{301}",
            "甲\u{202E}乙",
            "甲\n乙",
            "\u{3000}甲\u{3000}",
            "",
            "   ",
        ] {
            assert_eq!(cleaned_text(raw, NAME_MAX), text(&crate::text::clean(raw), NAME_MAX), "{raw:?}");
        }
    }
}
