//! Planning: which firms each task draws from, in which strata, how many from each,
//! and whether the teams can be formed — all fixed before any randomness exists.
//! SPEC.md §4.
//!
//! Everything here is a pure function of the plan and the directories, so the
//! commitment can publish pool sizes and counts, and the verifier recomputes them.

use std::collections::{BTreeMap, HashMap};

use crate::model::{
    flag, history_level, inspector_status, Condition, Directories, Enterprise, Inspector, Plan, Task, TeamRule,
};
use crate::problem::{Problem, Problems, Text};

/// How a task's count is shared among its strata (`sampling.allocation` in a plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allocation {
    /// Each stratum has its own rule.
    PerStratum,
    /// The task's total, split in proportion to the strata's sizes.
    Proportional,
}

impl Allocation {
    /// The allocation a plan names, `None` for a name that is none of them.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "per_stratum" => Some(Allocation::PerStratum),
            "proportional" => Some(Allocation::Proportional),
            _ => None,
        }
    }
}

/// How a ratio's count is made whole (`sampling.rounding` in a plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Ceil,
    Floor,
    HalfUp,
}

impl Rounding {
    /// The rounding a plan names, `None` for a name that is none of them.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "ceil" => Some(Rounding::Ceil),
            "floor" => Some(Rounding::Floor),
            "half_up" => Some(Rounding::HalfUp),
            _ => None,
        }
    }

    /// The rounding a task's counts use. An unknown name is already an error of the
    /// plan (`validate_plan`); the counts shown with that error round up.
    fn of(sampling: &crate::model::Sampling) -> Self {
        Rounding::parse(&sampling.rounding).unwrap_or(Rounding::Ceil)
    }
}
/// How a plan fixes a count inside a ratio range (`rules.range_choice`, SPEC §10.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeChoice {
    /// Every range at its lower end.
    Low,
    /// Every range at its upper end.
    High,
    /// The lower ends, raised inside the ranges just enough for the year-level minimum.
    YearMinimum,
}

impl RangeChoice {
    pub const NAMES: [&'static str; 3] = ["low", "high", "year_minimum"];

    /// The choice a plan names, `None` for a name that is none of them.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "low" => Some(RangeChoice::Low),
            "high" => Some(RangeChoice::High),
            "year_minimum" => Some(RangeChoice::YearMinimum),
            _ => None,
        }
    }

    /// The plan's choice; absent is `low`. An unknown name is already an error of the
    /// plan (`validate_plan`); the counts shown with that error take the lower ends.
    pub fn of(rules: &crate::model::PlanRules) -> Self {
        rules.range_choice.as_deref().and_then(RangeChoice::parse).unwrap_or(RangeChoice::Low)
    }

    pub fn name(self) -> &'static str {
        match self {
            RangeChoice::Low => "low",
            RangeChoice::High => "high",
            RangeChoice::YearMinimum => "year_minimum",
        }
    }
}

/// Which end of a ratio range a count is computed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RangeEnd {
    Low,
    High,
}

/// Fields a condition, a stratification or a rule's `when` may name (plus `attr:NAME`).
pub const FIELDS: [&str; 5] = ["kind", "industry", "region", "risk", "status"];

/// Why a firm is, or is not, in a task's pool. Published per firm by `lookup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    /// Its 登记状态 is not one of the plan's active statuses.
    Inactive,
    /// Already inspected `yearly_cap` times this year by this department.
    YearlyCap(u32),
    /// Already inspected this year by the level above.
    HigherLevel,
    /// Fails the task's condition with this index.
    OutOfScope(u32),
    /// In the pool, in the stratum with this index.
    Stratum(u32),
}

/// Counts of firms kept out of a task's pool, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusions {
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub inactive: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub yearly_cap: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub higher_level: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub out_of_scope: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stratum {
    /// The firms' values of the task's `strata_by` fields; empty for the census stratum.
    pub values: Vec<String>,
    /// 100 % stratum (firms carrying a census flag, e.g. 黑名单).
    pub census: bool,
    /// Indices into `Directories::enterprises`, ascending.
    pub members: Vec<u32>,
    /// How many of `members` are drawn.
    pub count: u64,
}

impl Stratum {
    pub fn size(&self) -> u64 {
        self.members.len() as u64
    }

    /// Its label, as every table, lookup and message shows it ([`stratum_label`]).
    pub fn label(&self) -> String {
        stratum_label(&self.values, self.census)
    }
}

/// A stratum's label as tables show it: `100%` for the census stratum, `全部` when the
/// task is not stratified, else its values: `A`, `东区 / B`.
pub fn stratum_label(values: &[String], census: bool) -> String {
    if census {
        "100%".to_string()
    } else if values.is_empty() {
        "全部".to_string()
    } else {
        values.join(" / ")
    }
}

#[derive(Debug, Clone)]
pub struct TaskPool {
    pub number: String,
    pub excluded: Exclusions,
    /// Census stratum first (if any member), then the others by `values`.
    pub strata: Vec<Stratum>,
    /// One entry per enterprise of the directory, same order.
    pub membership: Vec<Membership>,
}

impl TaskPool {
    pub fn pool_size(&self) -> u64 {
        self.strata.iter().map(Stratum::size).sum()
    }
    pub fn count(&self) -> u64 {
        self.strata.iter().map(|s| s.count).sum()
    }
}

/// The plan evaluated against the directories.
#[derive(Debug, Clone)]
pub struct PlanReport {
    /// Firms whose status is active (the base of the year-level minimum share).
    pub active_firms: u64,
    pub tasks: Vec<TaskPool>,
    /// Errors make the plan infeasible (no commitment); warnings are shown.
    pub problems: Problems,
}

impl PlanReport {
    pub fn is_feasible(&self) -> bool {
        !self.problems.has_errors()
    }
}

fn plan_problem(zh: String, en: String) -> Problem {
    Problem::new(zh, en).in_file("plan")
}

/// A field resolved once, so that a million firms are not matched by name.
#[derive(Clone, Copy)]
enum Field<'a> {
    Kind,
    Industry,
    Region,
    Risk,
    Status,
    Attr(&'a str),
    Unknown,
}

impl<'a> Field<'a> {
    fn parse(field: &'a str) -> Self {
        match field {
            "kind" => Field::Kind,
            "industry" => Field::Industry,
            "region" => Field::Region,
            "risk" => Field::Risk,
            "status" => Field::Status,
            _ => field.strip_prefix("attr:").map_or(Field::Unknown, Field::Attr),
        }
    }

    fn of<'e>(self, e: &'e Enterprise) -> &'e str {
        match self {
            Field::Kind => &e.kind,
            Field::Industry => &e.industry,
            Field::Region => &e.region,
            Field::Risk => &e.risk,
            Field::Status => &e.status,
            Field::Attr(name) => e.attrs.get(name).map(String::as_str).unwrap_or(""),
            Field::Unknown => "",
        }
    }
}

/// A condition with its field resolved.
struct CompiledCondition<'a> {
    flag: bool,
    field: Field<'a>,
    negate: bool,
    values: &'a [String],
}

impl<'a> CompiledCondition<'a> {
    fn new(c: &'a Condition) -> Self {
        CompiledCondition { flag: c.field == "flag", field: Field::parse(&c.field), negate: c.op != "in", values: &c.values }
    }

    fn holds(&self, e: &Enterprise) -> bool {
        let hit = if self.flag {
            e.flags.iter().any(|f| self.values.contains(f))
        } else {
            let v = self.field.of(e);
            self.values.iter().any(|x| x == v)
        };
        hit != self.negate
    }
}

fn is_known_field(field: &str) -> bool {
    FIELDS.contains(&field) || field.strip_prefix("attr:").is_some_and(|n| !n.is_empty())
}

/// `size × bp / 10000` made whole by the rounding rule, in integers only.
pub fn ratio_count(size: u64, bp: u32, rounding: Rounding) -> u64 {
    let product = size as u128 * bp as u128;
    let whole = match rounding {
        Rounding::Floor => product / 10_000,
        Rounding::HalfUp => (product + 5_000) / 10_000,
        Rounding::Ceil => product.div_ceil(10_000),
    };
    whole as u64
}

/// Largest-remainder (Hamilton) split of `total` across parts in proportion to
/// `weights`, never giving a part more than `caps[i]`. Leftover units go one each by
/// remainder descending, then weight descending, then index ascending. SPEC.md §4.4.
pub fn largest_remainder(total: u64, weights: &[u64], caps: &[u64]) -> Vec<u64> {
    let weight_sum: u128 = weights.iter().map(|&w| w as u128).sum();
    if weight_sum == 0 || total == 0 {
        return vec![0; weights.len()];
    }
    let mut shares: Vec<u64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<u128> = Vec::with_capacity(weights.len());
    for (&w, &cap) in weights.iter().zip(caps) {
        let exact = total as u128 * w as u128;
        let floor = ((exact / weight_sum) as u64).min(cap);
        shares.push(floor);
        remainders.push(if floor == cap { 0 } else { exact % weight_sum });
    }
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(weights[b].cmp(&weights[a])).then(a.cmp(&b)));
    let mut left = total.saturating_sub(shares.iter().sum());
    // Caps can leave units over after one pass; later passes keep the same order.
    while left > 0 {
        let mut gave = false;
        for &i in &order {
            if left == 0 {
                break;
            }
            if shares[i] < caps[i] {
                shares[i] += 1;
                left -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    shares
}

/// Is the inspector, leaving aside who the firm is, able to fill a regular slot of
/// this task: active, holding a 执法证 valid through the window's end, qualified?
pub fn regular_candidate(i: &Inspector, team: &TeamRule, window_end: &str) -> bool {
    i.status == inspector_status::ACTIVE
        && !i.cert_expiry.is_empty()
        && i.cert_expiry.as_str() >= window_end
        && (team.qualification.is_empty() || i.qualifications.iter().any(|q| *q == team.qualification))
}

/// Can the inspector be the added expert of this task, leaving aside the firm?
pub fn expert_candidate(i: &Inspector, team: &TeamRule) -> bool {
    i.status == inspector_status::ACTIVE
        && i.expert
        && (team.expert_qualification.is_empty() || i.qualifications.iter().any(|q| *q == team.expert_qualification))
}

/// Must the inspector step aside for this firm: a declared conflict (回避), or, under
/// 所所交叉, the firm is in the inspector's own region?
pub fn must_step_aside(i: &Inspector, e: &Enterprise, cross_region: bool) -> bool {
    steps_aside_by_region(cross_region, &i.region, &e.region) || i.conflicts.binary_search(&e.id).is_ok()
}

/// The 所所交叉 half of [`must_step_aside`]: under cross-region teams, nobody inspects
/// a firm of their own region. Generic so that the draw can compare interned regions.
pub fn steps_aside_by_region<R: PartialEq + ?Sized>(cross_region: bool, inspector_region: &R, firm_region: &R) -> bool {
    cross_region && inspector_region == firm_region
}

/// Checks the plan's own form; problems name the task and the field.
pub fn validate_plan(plan: &Plan, checklist_codes: &[&str]) -> Problems {
    let mut p = Problems::default();
    let mut need = |ok: bool, zh: String, en: String| {
        if !ok {
            p.push(plan_problem(zh, en));
        }
    };
    need(!plan.number.trim().is_empty(), "抽查计划编号不能为空".into(), "the plan number is empty".into());
    need(!plan.name.trim().is_empty(), "抽查计划名称不能为空".into(), "the plan name is empty".into());
    need(!plan.department.trim().is_empty(), "抽查机关不能为空".into(), "the department is empty".into());
    need(
        (2000..=2200).contains(&plan.year),
        format!("年度 {} 不合理", plan.year),
        format!("year {} is not plausible", plan.year),
    );
    need(!plan.tasks.is_empty(), "计划中没有抽查任务".into(), "the plan has no task".into());
    for f in &plan.rules.cap_exempt_flags {
        need(flag::ALL.contains(&f.as_str()), format!("未知的标记“{f}”"), format!("unknown flag “{f}”"));
    }
    need(
        plan.rules.min_total_bp <= 10_000,
        "全年最低抽查比例不能超过 100%".into(),
        "the year-level minimum share exceeds 100 %".into(),
    );
    if let Some(choice) = &plan.rules.range_choice {
        need(
            RangeChoice::parse(choice).is_some(),
            format!("比例区间的取数规则“{choice}”应为 low、high 或 year_minimum"),
            format!("the range rule “{choice}” must be low, high or year_minimum"),
        );
        need(
            RangeChoice::parse(choice) != Some(RangeChoice::YearMinimum) || plan.rules.min_total_bp > 0,
            "比例区间按“满足全年最低比例”取数，但计划没有规定全年最低比例".into(),
            "ranges are to meet the year-level minimum, but the plan sets no year-level minimum".into(),
        );
    }
    let mut numbers: Vec<&str> = Vec::new();
    for t in &plan.tasks {
        let n = &t.number;
        let tz = format!("任务 {n}：");
        let te = format!("task {n}: ");
        need(!n.trim().is_empty(), "抽查任务编号不能为空".into(), "a task number is empty".into());
        need(!numbers.contains(&n.as_str()), format!("{tz}任务编号重复"), format!("{te}duplicate task number"));
        numbers.push(n);
        validate_task(t, checklist_codes, &mut need);
    }
    p
}

/// The form of one task: its filter, sampling, team, window and fixed items.
///
/// One `need` per rule of SPEC §4.6 that concerns a task, in the order §4.6 lists them.
fn validate_task(t: &Task, checklist_codes: &[&str], need: &mut impl FnMut(bool, String, String)) {
    let n = &t.number;
    let tz = format!("任务 {n}：");
    let te = format!("task {n}: ");
    for c in &t.filter {
        need(
            c.field == "flag" || is_known_field(&c.field),
            format!("{tz}筛选条件的字段“{}”未知", c.field),
            format!("{te}unknown filter field “{}”", c.field),
        );
        need(
            c.op == "in" || c.op == "not_in",
            format!("{tz}筛选条件的运算“{}”应为 in 或 not_in", c.op),
            format!("{te}filter operator “{}” must be in or not_in", c.op),
        );
        if c.field == "flag" {
            for v in &c.values {
                need(flag::ALL.contains(&v.as_str()), format!("{tz}未知的标记“{v}”"), format!("{te}unknown flag “{v}”"));
            }
        }
    }
    let s = &t.sampling;
    for f in &s.strata_by {
        need(is_known_field(f), format!("{tz}分层字段“{f}”未知"), format!("{te}unknown stratification field “{f}”"));
    }
    need(
        Allocation::parse(&s.allocation).is_some(),
        format!("{tz}分配方式“{}”应为 per_stratum 或 proportional", s.allocation),
        format!("{te}allocation “{}” must be per_stratum or proportional", s.allocation),
    );
    need(
        Rounding::parse(&s.rounding).is_some(),
        format!("{tz}取整方式“{}”应为 ceil、floor 或 half_up", s.rounding),
        format!("{te}rounding “{}” must be ceil, floor or half_up", s.rounding),
    );
    need(s.min_total_bp <= 10_000, format!("{tz}最低抽查比例超过 100%"), format!("{te}minimum share exceeds 100 %"));
    for f in &s.census_flags {
        need(flag::ALL.contains(&f.as_str()), format!("{tz}未知的标记“{f}”"), format!("{te}unknown flag “{f}”"));
    }
    need(!s.rules.is_empty(), format!("{tz}没有抽取比例或数量规则"), format!("{te}no ratio or count rule"));
    for (k, r) in s.rules.iter().enumerate() {
        let rz = format!("{tz}第 {} 条规则", k + 1);
        let re = format!("{te}rule {}", k + 1);
        need(
            r.ratio_bp.is_some() != r.count.is_some(),
            format!("{rz}应当且只能给出比例或数量之一"),
            format!("{re} must give exactly one of ratio and count"),
        );
        need(
            r.ratio_bp.is_none_or(|bp| bp <= 10_000),
            format!("{rz}比例超过 100%"),
            format!("{re}: ratio exceeds 100 %"),
        );
        if let Some(high) = r.ratio_max_bp {
            need(
                r.ratio_bp.is_some_and(|low| low <= high) && high <= 10_000,
                format!("{rz}的比例区间应为从低到高、不超过 100% 的两个比例"),
                format!("{re}: a ratio range needs a lower ratio not above its upper one, and at most 100 %"),
            );
        }
        need(
            r.max.is_none_or(|m| m >= r.min),
            format!("{rz}最小值大于最大值"),
            format!("{re}: min exceeds max"),
        );
        for key in r.when.keys() {
            need(
                s.strata_by.contains(key),
                format!("{rz}的条件字段“{key}”不在分层字段中"),
                format!("{re}: field “{key}” is not a stratification field"),
            );
        }
    }
    if Allocation::parse(&s.allocation) == Some(Allocation::Proportional) {
        need(
            s.rules.iter().any(|r| r.when.is_empty()),
            format!("{tz}按比例分配需要一条适用于全部企业的规则（条件为空）"),
            format!("{te}proportional allocation needs a rule with an empty condition for the task total"),
        );
    }
    let team = &t.team;
    need(team.size >= 2, format!("{tz}每组检查人员不得少于 2 人"), format!("{te}a team needs at least 2 inspectors"));
    need(
        team.departments.len() as u64 <= team.size as u64,
        format!("{tz}联合部门数多于每组人数"),
        format!("{te}more joint departments than team members"),
    );
    let mut depts = team.departments.clone();
    depts.sort();
    depts.dedup();
    need(
        depts.len() == team.departments.len(),
        format!("{tz}联合部门重复"),
        format!("{te}a joint department is listed twice"),
    );
    need(
        !team.has_leader() || team.group_count() > 0,
        format!("{tz}只有检查组才设组长"),
        format!("{te}a leader (组长) is only for inspection groups"),
    );
    let start = crate::time::parse_date(&t.window.start);
    let end = crate::time::parse_date(&t.window.end);
    match (start, end) {
        (Ok(a), Ok(b)) => need(a <= b, format!("{tz}抽查时间开始晚于结束"), format!("{te}the window starts after it ends")),
        _ => need(
            false,
            format!("{tz}抽查时间应为 YYYY-MM-DD 格式的有效日期"),
            format!("{te}the window dates must be valid YYYY-MM-DD dates"),
        ),
    }
    for code in &t.items.fixed {
        need(
            checklist_codes.contains(&code.as_str()),
            format!("{tz}检查事项“{code}”不在抽查事项清单中"),
            format!("{te}item “{code}” is not in the checklist"),
        );
    }
}

/// Checks the directory invariants the canonical form relies on.
pub fn validate_directories(d: &Directories) -> Problems {
    let mut p = Problems::default();
    fn sorted_distinct<T>(rows: &[T], key: impl Fn(&T) -> &str, file: &str, what_zh: &str, what_en: &str, p: &mut Problems) {
        for w in rows.windows(2) {
            let (a, b) = (key(&w[0]), key(&w[1]));
            if a >= b {
                p.push(
                    Problem::new(
                        format!("{what_zh}“{b}”{}", if a == b { "重复" } else { "未按顺序排列" }),
                        format!("{what_en} “{b}” {}", if a == b { "appears twice" } else { "is out of order" }),
                    )
                    .in_file(file),
                );
            }
        }
    }
    sorted_distinct(&d.enterprises, |e| &e.id, "enterprises", "统一社会信用代码", "enterprise ID", &mut p);
    sorted_distinct(&d.inspectors, |i| &i.id, "inspectors", "执法证号", "inspector ID", &mut p);
    sorted_distinct(&d.checklist, |c| &c.code, "checklist", "事项编码", "item code", &mut p);
    for w in d.history.windows(2) {
        if w[0] > w[1] {
            p.push(Problem::new("检查记录未按顺序排列", "history records are out of order").in_file("history"));
            break;
        }
    }
    p
}

/// One field's values of every firm as small integers.
struct Column<'a> {
    /// Distinct values, in order of first appearance.
    values: Vec<&'a str>,
    index: HashMap<&'a str, u32>,
    of_firm: Vec<u32>,
    /// Values seen lately, by their length and first and last eight bytes: a
    /// million lookups of a few distinct values mostly end here, without hashing.
    recent: [RecentValue; 64],
}

#[derive(Clone, Copy)]
struct RecentValue {
    len: usize,
    first: u64,
    last: u64,
    id: u32,
}

impl<'a> Column<'a> {
    fn new(firms: usize) -> Self {
        let empty = RecentValue { len: usize::MAX, first: 0, last: 0, id: 0 };
        Column { values: Vec::new(), index: HashMap::new(), of_firm: Vec::with_capacity(firms), recent: [empty; 64] }
    }

    /// The number of `v`, numbering it if new.
    fn id(&mut self, v: &'a str) -> u32 {
        let b = v.as_bytes();
        // Up to 16 bytes, the length and both ends are the whole string.
        let (first, last) = if b.len() >= 8 {
            (u64::from_le_bytes(b[..8].try_into().expect("8 bytes")), u64::from_le_bytes(b[b.len() - 8..].try_into().expect("8 bytes")))
        } else {
            let mut w = [0; 8];
            w[..b.len()].copy_from_slice(b);
            (u64::from_le_bytes(w), 0)
        };
        let slot = ((first ^ last.rotate_left(29) ^ b.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58) as usize;
        let r = self.recent[slot];
        if r.len == b.len() && r.first == first && r.last == last && (b.len() <= 16 || self.values[r.id as usize] == v) {
            return r.id;
        }
        let id = match self.index.get(v) {
            Some(&id) => id,
            None => {
                let id = self.values.len() as u32;
                self.values.push(v);
                self.index.insert(v, id);
                id
            }
        };
        self.recent[slot] = RecentValue { len: b.len(), first, last, id };
        id
    }
}

/// Every field the plan reads, interned in one pass: a million firms' strings are
/// scattered on the heap, so each is read once rather than once per task and use.
struct FieldTable<'a> {
    columns: HashMap<&'a str, Column<'a>>,
}

impl<'a> FieldTable<'a> {
    fn new(plan: &'a Plan, d: &'a Directories) -> Self {
        let mut names: Vec<&str> = vec!["region"];
        for t in &plan.tasks {
            names.extend(t.filter.iter().filter(|c| c.field != "flag").map(|c| c.field.as_str()));
            names.extend(t.sampling.strata_by.iter().map(String::as_str));
        }
        names.sort_unstable();
        names.dedup();
        let fields: Vec<Field> = names.iter().map(|n| Field::parse(n)).collect();
        let mut columns: Vec<Column> = names.iter().map(|_| Column::new(d.enterprises.len())).collect();
        for e in &d.enterprises {
            for (field, column) in fields.iter().zip(columns.iter_mut()) {
                let id = column.id(field.of(e));
                column.of_firm.push(id);
            }
        }
        FieldTable { columns: names.into_iter().zip(columns).collect() }
    }

    fn column(&self, name: &str) -> &Column<'a> {
        &self.columns[name]
    }
}

/// The firms' regions as small integers, computed once for all tasks.
struct RegionIndex<'a> {
    names: Vec<&'a str>,
    ids: HashMap<&'a str, usize>,
    of_firm: &'a [u32],
}

impl<'a> RegionIndex<'a> {
    fn new(fields: &'a FieldTable<'a>) -> Self {
        let column = fields.column("region");
        RegionIndex {
            names: column.values.clone(),
            ids: column.index.iter().map(|(k, v)| (*k, *v as usize)).collect(),
            of_firm: &column.of_firm,
        }
    }

    fn id(&self, region: &str) -> Option<usize> {
        self.ids.get(region).copied()
    }
}

struct HistoryCounts {
    same_department: u32,
    higher: bool,
}

/// This year's history per firm, by directory index. Found from the (short)
/// history list by binary search, so that the million firms' IDs are never read.
fn history_by_firm(plan: &Plan, d: &Directories) -> Vec<Option<HistoryCounts>> {
    let year = format!("{:04}-", plan.year);
    let mut by_firm: Vec<Option<HistoryCounts>> = (0..d.enterprises.len()).map(|_| None).collect();
    // The history is in ID order too, so each search starts where the previous one
    // ended and stays among nearby firms.
    let mut from = 0;
    for h in &d.history {
        if !h.date.starts_with(&year) {
            continue;
        }
        let found = search_from(&d.enterprises, from, &h.enterprise_id);
        from = match found {
            Ok(m) | Err(m) => m,
        };
        let Ok(m) = found else { continue };
        let entry = by_firm[m].get_or_insert(HistoryCounts { same_department: 0, higher: false });
        if h.level == history_level::HIGHER {
            entry.higher = true;
        } else if plan.rules.is_own_department(&plan.department, &h.department) {
            entry.same_department += 1;
        }
    }
    by_firm
}

/// The firm with ID `id` in a directory in ID order, as `binary_search` finds it,
/// looking first at the firms from index `from` on, in steps that double.
fn search_from(firms: &[Enterprise], from: usize, id: &str) -> Result<usize, usize> {
    let by_id = |e: &Enterprise| e.id.as_str().cmp(id);
    if from >= firms.len() || by_id(&firms[from]).is_gt() {
        return firms.binary_search_by(by_id);
    }
    // firms[from] ≤ id: find a firm above it, then search between.
    let (mut low, mut step) = (from, 1);
    let high = loop {
        let probe = low + step;
        if probe >= firms.len() {
            break firms.len();
        }
        if by_id(&firms[probe]).is_gt() {
            break probe;
        }
        low = probe;
        step *= 2;
    };
    firms[low..high].binary_search_by(by_id).map(|m| low + m).map_err(|m| low + m)
}

/// Evaluates every task: pools, strata and counts, then feasibility.
pub fn evaluate(plan: &Plan, d: &Directories) -> PlanReport {
    evaluate_checked(plan, d, &validate_directories(d))
}

/// [`evaluate`], given the directories' own problems ([`validate_directories`]):
/// they depend on the directories alone, so that a plan editor checks a million
/// firms once per import instead of on every edit.
pub fn evaluate_checked(plan: &Plan, d: &Directories, directory_problems: &Problems) -> PlanReport {
    let codes: Vec<&str> = d.checklist.iter().map(|c| c.code.as_str()).collect();
    let mut problems = validate_plan(plan, &codes);
    problems.0.extend(directory_problems.0.iter().cloned());
    let history = history_by_firm(plan, d);
    let rules = &plan.rules;

    // Firm-level membership common to all tasks: status, cap, higher level.
    let base: Vec<Option<Membership>> = d
        .enterprises
        .iter()
        .zip(&history)
        .map(|(e, h)| {
            if !rules.active_statuses.contains(&e.status) {
                return Some(Membership::Inactive);
            }
            let h = h.as_ref()?;
            let exempt = e.flags.iter().any(|f| rules.cap_exempt_flags.contains(f));
            if exempt {
                return None;
            }
            if rules.yearly_cap > 0 && h.same_department >= rules.yearly_cap {
                Some(Membership::YearlyCap(h.same_department))
            } else if rules.exclude_higher_level && h.higher {
                Some(Membership::HigherLevel)
            } else {
                None
            }
        })
        .collect();

    let active_firms = base.iter().filter(|m| **m != Some(Membership::Inactive)).count() as u64;
    let fields = FieldTable::new(plan, d);
    let mut tasks: Vec<TaskPool> = plan.tasks.iter().map(|t| evaluate_task(t, d, &base, &fields)).collect();
    let strata: Vec<&[Stratum]> = tasks.iter().map(|t| t.strata.as_slice()).collect();
    let counts = plan_counts(plan, &strata, active_firms, Some(&mut problems));
    for ((t, pool), counts) in plan.tasks.iter().zip(&mut tasks).zip(counts) {
        for (st, c) in pool.strata.iter_mut().zip(counts) {
            st.count = c;
        }
        count_warnings(t, &pool.strata, &mut problems);
    }

    if rules.min_total_bp > 0 {
        let need = ratio_count(active_firms, rules.min_total_bp, Rounding::Ceil);
        let total: u64 = tasks.iter().map(TaskPool::count).sum();
        if total < need {
            problems.push(plan_problem(
                format!(
                    "各任务合计抽取 {total} 家，低于全年最低比例 {} 要求的 {need} 家（在业企业 {active_firms} 家）",
                    percent(rules.min_total_bp)
                ),
                format!(
                    "the tasks draw {total} firms in total, below the {} year-level minimum of {need} (of {active_firms} active firms)",
                    percent(rules.min_total_bp)
                ),
            ));
        }
    }
    for (a, ta) in tasks.iter().enumerate() {
        for tb in tasks.iter().skip(a + 1) {
            let both = ta
                .membership
                .iter()
                .zip(&tb.membership)
                .filter(|(x, y)| matches!(x, Membership::Stratum(_)) && matches!(y, Membership::Stratum(_)))
                .count();
            if both > 0 {
                problems.push(
                    plan_problem(
                        format!("任务 {} 与任务 {} 的范围有 {both} 家企业重叠，同一企业可能被两次抽中", ta.number, tb.number),
                        format!("tasks {} and {} share {both} firms; a firm may be drawn by both", ta.number, tb.number),
                    )
                    .as_warning(),
                );
            }
        }
    }
    let regions = RegionIndex::new(&fields);
    for (t, pool) in plan.tasks.iter().zip(&tasks) {
        check_teams(t, pool, d, &regions, &mut problems);
        for shortage in group_shortages(t, &d.inspectors, pool.count()) {
            problems.push(plan_problem(shortage.zh, shortage.en));
        }
        if t.team.group_count() as u64 > pool.count() {
            problems.push(
                plan_problem(
                    format!("任务 {}：检查组 {} 个，多于抽取的 {} 家企业，有的组将没有企业", t.number, t.team.group_count(), pool.count()),
                    format!("task {}: {} inspection groups for {} firms drawn; some groups will get no firm", t.number, t.team.group_count(), pool.count()),
                )
                .as_warning(),
            );
        }
    }
    PlanReport { active_firms, tasks, problems }
}

/// `1500` → `15%`, `150` → `1.5%`, `5` → `0.05%`.
pub fn percent(bp: u32) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    if frac == 0 {
        format!("{whole}%")
    } else if frac % 10 == 0 {
        format!("{whole}.{}%", frac / 10)
    } else {
        format!("{whole}.{frac:02}%")
    }
}

/// A condition evaluated on interned values: whether each distinct value hits.
enum TableCondition<'a> {
    Flag(CompiledCondition<'a>),
    Values { of_firm: &'a [u32], hits: Vec<bool>, negate: bool },
}

impl TableCondition<'_> {
    fn holds(&self, e: &Enterprise, idx: usize) -> bool {
        match self {
            TableCondition::Flag(c) => c.holds(e),
            TableCondition::Values { of_firm, hits, negate } => hits[of_firm[idx] as usize] != *negate,
        }
    }
}

/// A task's pool and strata; their counts are the plan's business ([`plan_counts`]).
fn evaluate_task(t: &Task, d: &Directories, base: &[Option<Membership>], fields: &FieldTable) -> TaskPool {
    let s = &t.sampling;
    let mut excluded = Exclusions::default();
    let mut membership = Vec::with_capacity(d.enterprises.len());
    let mut census_members: Vec<u32> = Vec::new();
    let conditions: Vec<TableCondition> = t
        .filter
        .iter()
        .map(|c| {
            if c.field == "flag" {
                return TableCondition::Flag(CompiledCondition::new(c));
            }
            let column = fields.column(&c.field);
            let hits = column.values.iter().map(|v| c.values.iter().any(|x| x == v)).collect();
            TableCondition::Values { of_firm: &column.of_firm, hits, negate: c.op != "in" }
        })
        .collect();
    let strata_columns: Vec<&Column> = s.strata_by.iter().map(|f| fields.column(f)).collect();
    // A firm's group is found by its key's position in a table of every combination
    // of the columns' values, when that table is small (it nearly always is).
    let combinations = strata_columns
        .iter()
        .try_fold(1usize, |n, c| n.checked_mul(c.values.len().max(1)))
        .filter(|&n| n <= 1 << 16);
    let mut group_at: Vec<u32> = vec![u32::MAX; combinations.unwrap_or(0)];
    let mut group_of: HashMap<Vec<u32>, usize> = HashMap::new();
    let mut groups: Vec<(Vec<&str>, Vec<u32>)> = Vec::new();
    let mut key: Vec<u32> = Vec::with_capacity(strata_columns.len());
    for (idx, e) in d.enterprises.iter().enumerate() {
        let m = if let Some(m) = base[idx] {
            m
        } else if let Some(k) = conditions.iter().position(|c| !c.holds(e, idx)) {
            Membership::OutOfScope(k as u32)
        } else if !e.flags.is_empty() && e.flags.iter().any(|f| s.census_flags.contains(f)) {
            census_members.push(idx as u32);
            Membership::Stratum(u32::MAX) // index fixed below
        } else {
            key.clear();
            key.extend(strata_columns.iter().map(|c| c.of_firm[idx]));
            let known = if combinations.is_some() {
                let at = strata_columns.iter().zip(&key).fold(0, |at, (c, &v)| at * c.values.len() + v as usize);
                let g = group_at[at];
                group_at[at] = if g == u32::MAX { groups.len() as u32 } else { g };
                (g != u32::MAX).then_some(g as usize)
            } else {
                let g = group_of.get(key.as_slice()).copied();
                if g.is_none() {
                    group_of.insert(key.clone(), groups.len());
                }
                g
            };
            match known {
                Some(g) => groups[g].1.push(idx as u32),
                None => {
                    let values = strata_columns.iter().zip(&key).map(|(c, &v)| c.values[v as usize]).collect();
                    groups.push((values, vec![idx as u32]));
                }
            }
            Membership::Stratum(u32::MAX)
        };
        match m {
            Membership::Inactive => excluded.inactive += 1,
            Membership::YearlyCap(_) => excluded.yearly_cap += 1,
            Membership::HigherLevel => excluded.higher_level += 1,
            Membership::OutOfScope(_) => excluded.out_of_scope += 1,
            Membership::Stratum(_) => {}
        }
        membership.push(m);
    }

    let mut strata: Vec<Stratum> = Vec::new();
    if !census_members.is_empty() {
        strata.push(Stratum { values: Vec::new(), census: true, members: census_members, count: 0 });
    }
    // Members were pushed in ID order; strata are ordered by key (byte order).
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, members) in groups {
        strata.push(Stratum { values: key.into_iter().map(str::to_string).collect(), census: false, members, count: 0 });
    }
    for (k, st) in strata.iter().enumerate() {
        for &m in &st.members {
            membership[m as usize] = Membership::Stratum(k as u32);
        }
    }

    TaskPool { number: t.number.clone(), excluded, strata, membership }
}

/// How many each stratum of every task draws (SPEC §4.4, §10.11): each task's counts,
/// with each ratio range at the end the plan's `range_choice` says, then — for
/// `year_minimum` — the strata raised inside their ranges, in proportion to the room
/// each range leaves, until the tasks together meet the year-level minimum of the
/// `active` firms. `strata` holds each task's strata, census stratum first.
/// Problems (a stratum no rule matches) are added once, when given.
pub(crate) fn plan_counts(plan: &Plan, strata: &[&[Stratum]], active: u64, mut problems: Option<&mut Problems>) -> Vec<Vec<u64>> {
    let choice = RangeChoice::of(&plan.rules);
    let end = if choice == RangeChoice::High { RangeEnd::High } else { RangeEnd::Low };
    let mut counts: Vec<Vec<u64>> =
        plan.tasks.iter().zip(strata).map(|(t, st)| task_counts(t, st, end, problems.as_deref_mut())).collect();
    if choice != RangeChoice::YearMinimum || plan.rules.min_total_bp == 0 {
        return counts;
    }
    let need = ratio_count(active, plan.rules.min_total_bp, Rounding::Ceil);
    let have: u64 = counts.iter().flatten().sum();
    if have >= need {
        return counts;
    }
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut room: Vec<u64> = Vec::new();
    for (k, (t, st)) in plan.tasks.iter().zip(strata).enumerate() {
        let high = task_counts(t, st, RangeEnd::High, None);
        for i in first_regular(st)..st.len() {
            parts.push((k, i));
            room.push(high[i].saturating_sub(counts[k][i]));
        }
    }
    for ((k, i), extra) in parts.into_iter().zip(largest_remainder(need - have, &room, &room)) {
        counts[k][i] += extra;
    }
    counts
}

/// The index of the first regular stratum: the census stratum, if any, comes first.
fn first_regular(strata: &[Stratum]) -> usize {
    strata.iter().take_while(|st| st.census).count()
}

/// One task's counts (SPEC §4.4) with every ratio range at `end`: the census stratum
/// draws all its members; the others by their rule, or the task's total split in
/// proportion; then raised to the task's minimum share.
fn task_counts(t: &Task, strata: &[Stratum], end: RangeEnd, mut problems: Option<&mut Problems>) -> Vec<u64> {
    let s = &t.sampling;
    let first_regular = first_regular(strata);
    // The leading census strata draw every member; the rest start from nothing.
    let mut counts: Vec<u64> = strata.iter().enumerate().map(|(i, st)| if i < first_regular { st.size() } else { 0 }).collect();
    let regular = &strata[first_regular..];
    let sizes: Vec<u64> = regular.iter().map(Stratum::size).collect();
    if Allocation::parse(&s.allocation) == Some(Allocation::Proportional) {
        let pool: u64 = sizes.iter().sum();
        if let Some(rule) = s.rules.iter().find(|r| r.when.is_empty()) {
            let total = rule_count(rule, pool, Rounding::of(s), end);
            for (c, share) in counts[first_regular..].iter_mut().zip(largest_remainder(total, &sizes, &sizes)) {
                *c = share;
            }
        }
    } else {
        for (c, st) in counts[first_regular..].iter_mut().zip(regular) {
            let rule = s.rules.iter().find(|r| {
                r.when.iter().all(|(field, value)| {
                    s.strata_by.iter().position(|f| f == field).is_some_and(|i| st.values.get(i) == Some(value))
                })
            });
            match (rule, problems.as_deref_mut()) {
                (Some(rule), _) => *c = rule_count(rule, st.size(), Rounding::of(s), end),
                (None, Some(problems)) => problems.push(plan_problem(
                    format!("任务 {}：分层“{}”没有适用的抽取规则", t.number, st.label()),
                    format!("task {}: no rule gives a sample size for stratum “{}”", t.number, st.label()),
                )),
                (None, None) => {}
            }
        }
    }
    if s.min_total_bp > 0 {
        let pool_all: u64 = strata.iter().map(Stratum::size).sum();
        let need = ratio_count(pool_all, s.min_total_bp, Rounding::Ceil);
        let have: u64 = counts.iter().sum();
        if have < need {
            let room: Vec<u64> = regular.iter().zip(&counts[first_regular..]).map(|(st, c)| st.size() - c).collect();
            for (c, x) in counts[first_regular..].iter_mut().zip(largest_remainder(need - have, &room, &room)) {
                *c += x;
            }
        }
    }
    counts
}

/// Warns of strata that draw nobody and of an empty pool.
fn count_warnings(t: &Task, strata: &[Stratum], problems: &mut Problems) {
    let tz = format!("任务 {}：", t.number);
    let te = format!("task {}: ", t.number);
    for st in strata {
        if st.count == 0 && st.size() > 0 {
            problems.push(
                plan_problem(
                    format!("{tz}分层“{}”有 {} 家企业，但抽取 0 家：这些企业没有被抽中的可能", st.label(), st.size()),
                    format!("{te}stratum “{}” has {} firms but draws none: they cannot be selected", st.label(), st.size()),
                )
                .as_warning(),
            );
        }
    }
    if strata.is_empty() {
        problems.push(
            plan_problem(format!("{tz}抽查范围内没有企业"), format!("{te}no firm is in the task's scope")).as_warning(),
        );
    }
}

fn rule_count(rule: &crate::model::StratumRule, size: u64, rounding: Rounding, end: RangeEnd) -> u64 {
    let raw = match (rule.ratio_bp, rule.count) {
        (Some(low), _) => {
            let bp = match end {
                RangeEnd::Low => low,
                RangeEnd::High => rule.ratio_max_bp.unwrap_or(low),
            };
            ratio_count(size, bp, rounding)
        }
        (None, Some(c)) => c,
        (None, None) => 0,
    };
    let mut c = raw.max(rule.min);
    if let Some(max) = rule.max {
        c = c.min(max);
    }
    c.min(size)
}

/// Every firm in the pool must be able to get a full team, whichever firms the draw
/// selects; otherwise the plan is refused before anything is committed.
///
/// Counting per region and the per-firm closure share the same tables, so they stay
/// together; the messages and the load cap are separate functions.
fn check_teams(t: &Task, pool: &TaskPool, d: &Directories, regions: &RegionIndex, problems: &mut Problems) {
    let team = &t.team;
    let regular: Vec<&Inspector> = d.inspectors.iter().filter(|i| regular_candidate(i, team, &t.window.end)).collect();
    let experts: Vec<&Inspector> = d.inspectors.iter().filter(|i| expert_candidate(i, team)).collect();
    let tz = format!("任务 {}：", t.number);
    let te = format!("task {}: ", t.number);
    let lapsed = d
        .inspectors
        .iter()
        .filter(|i| i.status == inspector_status::ACTIVE && !i.cert_expiry.is_empty() && i.cert_expiry < t.window.end)
        .count();
    if lapsed > 0 {
        problems.push(
            plan_problem(
                format!("{tz}{lapsed} 名检查人员的执法证在 {} 前到期，不参加本任务", t.window.end),
                format!("{te}{lapsed} inspectors' certificates expire before {} and are left out", t.window.end),
            )
            .as_warning(),
        );
    }

    // Count, per firm region, who remains after 所所交叉. Firms of one region without
    // declared conflicts all get the same answer, so it is computed once per region;
    // the few firms with conflicts are checked one by one.
    let region_count = regions.names.len();
    let dept_of = |i: &Inspector| team.departments.iter().position(|dp| *dp == i.department);
    let mut in_region = vec![0u64; region_count];
    let mut dept_in_region = vec![vec![0u64; team.departments.len()]; region_count];
    let mut dept_total = vec![0u64; team.departments.len()];
    for i in &regular {
        let r = regions.id(&i.region);
        if let Some(r) = r {
            in_region[r] += 1;
        }
        if let Some(k) = dept_of(i) {
            dept_total[k] += 1;
            if let Some(r) = r {
                dept_in_region[r][k] += 1;
            }
        }
    }
    let mut conflicts_of: HashMap<&str, Vec<&Inspector>> = HashMap::new();
    for i in regular.iter().chain(experts.iter()) {
        for c in &i.conflicts {
            conflicts_of.entry(c.as_str()).or_default().push(i);
        }
    }

    // Shortages of a firm, with the joint department's index where one is short.
    let shortages = |e: &Enterprise, r: usize, conflicted: &[&Inspector]| -> Vec<(Shortage, usize)> {
        let mut out = Vec::new();
        let local = if team.cross_region { in_region[r] } else { 0 };
        // Conflicted candidates not already left out by 所所交叉.
        let stepping_aside = |pred: &dyn Fn(&Inspector) -> bool| {
            conflicted
                .iter()
                .filter(|i| pred(i) && regular_candidate(i, team, &t.window.end) && !steps_aside_by_region(team.cross_region, i.region.as_str(), e.region.as_str()))
                .count() as u64
        };
        if (regular.len() as u64) - local - stepping_aside(&|_| true) < team.size as u64 {
            out.push((Shortage::TooFewInspectors, 0));
        }
        for (k, dept) in team.departments.iter().enumerate() {
            let local = if team.cross_region { dept_in_region[r][k] } else { 0 };
            if dept_total[k] - local - stepping_aside(&|i| i.department == *dept) == 0 {
                out.push((Shortage::NoneOfDepartment, k));
            }
        }
        if team.expert && !experts.iter().any(|x| !conflicted.iter().any(|c| std::ptr::eq(*c, *x))) {
            out.push((Shortage::NoExpert, 0));
        }
        out
    };
    // Which firms have declared conflicts, by index, so that the loop below never
    // touches the firms' own strings (a million scattered heap reads).
    let mut has_conflict = vec![false; d.enterprises.len()];
    for id in conflicts_of.keys() {
        if let Ok(m) = d.enterprises.binary_search_by(|e| e.id.as_str().cmp(id)) {
            has_conflict[m] = true;
        }
    }
    let mut region_verdict: Vec<Option<Vec<(Shortage, usize)>>> = vec![None; region_count];
    // (reason, region, department) → (firms, an example firm)
    let mut short: BTreeMap<(Shortage, String, String), (u64, String)> = BTreeMap::new();
    for st in &pool.strata {
        for &m in &st.members {
            let r = regions.of_firm[m as usize] as usize;
            let found = if has_conflict[m as usize] {
                let e = &d.enterprises[m as usize];
                shortages(e, r, &conflicts_of[e.id.as_str()])
            } else {
                match &region_verdict[r] {
                    Some(v) if v.is_empty() => continue,
                    Some(v) => v.clone(),
                    None => region_verdict[r].insert(shortages(&d.enterprises[m as usize], r, &[])).clone(),
                }
            };
            let e = &d.enterprises[m as usize];
            for (reason, k) in found {
                let dept = if reason == Shortage::NoneOfDepartment { team.departments[k].clone() } else { String::new() };
                let entry = short.entry((reason, e.region.clone(), dept)).or_insert((0, e.id.clone()));
                entry.0 += 1;
            }
        }
    }
    for ((reason, region, dept), (firms, example)) in short {
        problems.push(shortage_problem(t, reason, &region, &dept, firms, &example));
    }
    check_load_cap(t, pool, regular.len() as u64, problems);
}

/// Why a firm cannot get a full team. Ordered as the problems are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shortage {
    TooFewInspectors,
    NoneOfDepartment,
    NoExpert,
}

/// The problem for `firms` firms of one region short of the same thing.
fn shortage_problem(t: &Task, reason: Shortage, region: &str, dept: &str, firms: u64, example: &str) -> Problem {
    let team = &t.team;
    let tz = format!("任务 {}：", t.number);
    let te = format!("task {}: ", t.number);
    let (zh, en) = match reason {
        Shortage::TooFewInspectors => (
            format!(
                "{tz}区域“{region}”的 {firms} 家企业（如 {example}）找不到 {} 名符合条件的检查人员（在岗、执法证有效至 {}{}{}）",
                team.size,
                t.window.end,
                if team.qualification.is_empty() { String::new() } else { format!("、具备“{}”资质", team.qualification) },
                if team.cross_region { "、不属本区域" } else { "" }
            ),
            format!(
                "{te}{firms} firms in region “{region}” (e.g. {example}) lack {} eligible inspectors (active, certificate valid through {}{}{})",
                team.size,
                t.window.end,
                if team.qualification.is_empty() { String::new() } else { format!(", qualified for “{}”", team.qualification) },
                if team.cross_region { ", from another region" } else { "" }
            ),
        ),
        Shortage::NoneOfDepartment => (
            format!("{tz}区域“{region}”的 {firms} 家企业（如 {example}）找不到部门“{dept}”的符合条件的检查人员"),
            format!("{te}{firms} firms in region “{region}” (e.g. {example}) have no eligible inspector from department “{dept}”"),
        ),
        Shortage::NoExpert => (
            format!("{tz}区域“{region}”的 {firms} 家企业（如 {example}）找不到可用的专家"),
            format!("{te}{firms} firms in region “{region}” (e.g. {example}) have no available expert"),
        ),
    };
    plan_problem(zh, en)
}

/// Why a task's inspection groups (SPEC §10.10) cannot all be formed in full, or
/// cannot take the `selected` firms under the load cap: from the public inspector
/// directory alone, so that the public's verification states the same.
pub fn group_shortages(t: &Task, inspectors: &[Inspector], selected: u64) -> Vec<Text> {
    let team = &t.team;
    let groups = team.group_count() as u64;
    let mut out = Vec::new();
    if groups == 0 {
        return out;
    }
    let tz = format!("任务 {}：", t.number);
    let te = format!("task {}: ", t.number);
    let regular: Vec<&Inspector> = inspectors.iter().filter(|i| regular_candidate(i, team, &t.window.end)).collect();
    let need = groups.saturating_mul(team.size as u64);
    if (regular.len() as u64) < need {
        out.push(Text::new(
            format!("{tz}{groups} 个检查组每组 {} 人，需要 {need} 名符合条件的检查人员，只有 {} 名", team.size, regular.len()),
            format!("{te}{groups} groups of {} need {need} eligible inspectors; there are {}", team.size, regular.len()),
        ));
    }
    for dept in &team.departments {
        let of_dept = regular.iter().filter(|i| i.department == *dept).count() as u64;
        if of_dept < groups {
            out.push(Text::new(
                format!("{tz}{groups} 个检查组各需一名“{dept}”的检查人员，只有 {of_dept} 名"),
                format!("{te}{groups} groups each need an inspector of “{dept}”; there are {of_dept}"),
            ));
        }
    }
    if team.expert {
        let experts = inspectors.iter().filter(|i| expert_candidate(i, team)).count() as u64;
        if experts < groups {
            out.push(Text::new(
                format!("{tz}{groups} 个检查组各需一名专家，只有 {experts} 名"),
                format!("{te}{groups} groups each need an expert; there are {experts}"),
            ));
        }
    }
    if team.load_cap > 0 && selected > groups.saturating_mul(team.load_cap as u64) {
        out.push(Text::new(
            format!("{tz}抽取 {selected} 家企业，但 {groups} 个检查组每组最多 {} 家", team.load_cap),
            format!("{te}{selected} firms are drawn but {groups} groups take at most {} each", team.load_cap),
        ));
    }
    out
}

/// The assignments the task needs fit under the load cap of its eligible inspectors.
fn check_load_cap(t: &Task, pool: &TaskPool, eligible: u64, problems: &mut Problems) {
    let team = &t.team;
    let tz = format!("任务 {}：", t.number);
    let te = format!("task {}: ", t.number);
    // With groups the cap counts a group's firms (`group_shortages`).
    if team.load_cap > 0 && team.group_count() == 0 {
        let slots = pool.count() * team.size as u64;
        let capacity = eligible * team.load_cap as u64;
        if slots > capacity {
            problems.push(plan_problem(
                format!("{tz}需要 {slots} 人次，但 {eligible} 名符合条件的检查人员每人最多 {} 次，合计只有 {capacity} 人次", team.load_cap),
                format!("{te}{slots} assignments are needed but {eligible} eligible inspectors at most {} each give {capacity}", team.load_cap),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_counts_round_as_declared() {
        fn check(size: u64, bp: u32, rounding: &str, expected: u64) {
            let mode = Rounding::parse(rounding).unwrap();
            assert_eq!(ratio_count(size, bp, mode), expected, "{size} × {bp}bp {rounding}");
        }
        check(100, 1500, "ceil", 15);
        check(101, 1500, "ceil", 16); // 15.15
        check(101, 1500, "floor", 15);
        check(101, 1500, "half_up", 15);
        check(110, 1500, "half_up", 17); // 16.5 → 17
        check(109, 1500, "half_up", 16); // 16.35
        check(1, 1, "ceil", 1);
        check(1, 1, "floor", 0);
        check(0, 1500, "ceil", 0);
        check(1 << 53, 10_000, "ceil", 1 << 53);
    }

    #[test]
    fn largest_remainder_splits() {
        fn check(total: u64, weights: &[u64], expected: &[u64]) {
            assert_eq!(largest_remainder(total, weights, weights), expected, "{total} over {weights:?}");
        }
        check(10, &[50, 30, 20], &[5, 3, 2]);
        // quotas 3.333…: remainders equal, so the leftover goes by index
        check(10, &[10, 10, 10], &[4, 3, 3]);
        // quotas 6.6 / 2.7 / 0.7 → floors 6,2,0, leftover 1 to the largest remainder (0.7)
        check(10, &[66, 27, 7], &[6, 3, 1]);
        check(0, &[5, 5], &[0, 0]);
        check(3, &[0, 0], &[0, 0]);
        // remainders 1/4 and 3/4: the larger remainder takes the unit
        check(1, &[1, 3], &[0, 1]);
    }

    #[test]
    fn largest_remainder_respects_caps() {
        assert_eq!(largest_remainder(5, &[10, 1], &[3, 1]), vec![3, 1]);
        assert_eq!(largest_remainder(4, &[1, 1, 1], &[0, 2, 2]), vec![0, 2, 2]);
    }

    #[test]
    fn percent_formats() {
        assert_eq!(percent(1500), "15%");
        assert_eq!(percent(150), "1.5%");
        assert_eq!(percent(5), "0.05%");
        assert_eq!(percent(10_000), "100%");
    }
}
