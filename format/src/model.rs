//! The inputs of a draw: 一单两库 (checklist, enterprise and inspector directories),
//! this year's inspection history, and the plan with its tasks.
//!
//! These are plain data. Field names are the JSON names used in committed files
//! (SPEC.md §3); every string is NFC and trimmed, every date is `YYYY-MM-DD`,
//! every ratio is an integer in basis points (1 bp = 0.01 %). No floating point
//! ever decides a draw.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Flags an enterprise may carry. Stored as these machine codes; importers map the
/// Chinese column values (重点监管, 黑名单, …) onto them.
pub mod flag {
    /// 重点监管 (key supervision)
    pub const KEY: &str = "key";
    /// 安全生产“黑名单” (blacklist): 100 % inspection (seed 004 第十四条)
    pub const BLACKLIST: &str = "blacklist";
    /// 严重违法失信名单 (serious violation list)
    pub const SERIOUS_VIOLATION: &str = "serious_violation";
    /// 经营异常名录 (abnormal operation list)
    pub const ABNORMAL: &str = "abnormal";
    /// 因违法已受到行政处罚 (already penalised)
    pub const PENALIZED: &str = "penalized";
    /// 守信 (trustworthy)
    pub const TRUSTED: &str = "trusted";

    pub const ALL: [&str; 6] = [KEY, BLACKLIST, SERIOUS_VIOLATION, ABNORMAL, PENALIZED, TRUSTED];

    /// Chinese label of a flag code, for display.
    pub fn label_zh(code: &str) -> &str {
        match code {
            KEY => "重点监管",
            BLACKLIST => "黑名单",
            SERIOUS_VIOLATION => "严重违法失信",
            ABNORMAL => "经营异常",
            PENALIZED => "已受行政处罚",
            TRUSTED => "守信",
            other => other,
        }
    }
}

/// 登记状态 codes.
pub mod status {
    /// 存续 / 在业 / 开业
    pub const ACTIVE: &str = "active";
    /// 吊销
    pub const REVOKED: &str = "revoked";
    /// 注销
    pub const CANCELLED: &str = "cancelled";
    /// 迁出
    pub const MOVED_OUT: &str = "moved_out";
    /// 停业 / 歇业
    pub const SUSPENDED: &str = "suspended";
}

/// One row of the 检查对象名录库.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enterprise {
    /// 统一社会信用代码: 18 characters, upper case, check character valid (GB 32100-2015).
    pub id: String,
    /// 名称
    pub name: String,
    /// 类型 (企业/农专社/个体户/…)
    #[serde(default)]
    pub kind: String,
    /// 行业/类别
    #[serde(default)]
    pub industry: String,
    /// 区域: 登记机关/管辖单位/片区
    #[serde(default)]
    pub region: String,
    /// 信用风险分类: "A".."D" or a class of a custom list
    #[serde(default)]
    pub risk: String,
    /// Sorted, distinct codes from [`flag`].
    #[serde(default)]
    pub flags: Vec<String>,
    /// 登记状态, a code from [`status`].
    #[serde(default = "default_status")]
    pub status: String,
    /// 住所 (printed on task sheets; does not decide anything)
    #[serde(default)]
    pub address: String,
    /// Further columns, usable in 定向 filters and strata as `attr:NAME`.
    #[serde(default)]
    pub attrs: BTreeMap<String, String>,
}

fn default_status() -> String {
    status::ACTIVE.to_string()
}

/// Inspector status codes.
pub mod inspector_status {
    /// 在岗
    pub const ACTIVE: &str = "active";
    /// 停用 / 离岗
    pub const INACTIVE: &str = "inactive";
}

/// One row of the 执法检查人员名录库.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspector {
    /// 执法证号 (unique key). Experts without a certificate carry another unique ID.
    pub id: String,
    /// 姓名
    pub name: String,
    /// 单位
    #[serde(default)]
    pub unit: String,
    /// 部门 (for joint draws: each participating department supplies one inspector)
    #[serde(default)]
    pub department: String,
    /// 区域/管辖片区 (for 所所交叉)
    #[serde(default)]
    pub region: String,
    /// 执法类别/资质, sorted and distinct.
    #[serde(default)]
    pub qualifications: Vec<String>,
    /// Certificate expiry `YYYY-MM-DD`; empty when the person holds no 执法证.
    #[serde(default)]
    pub cert_expiry: String,
    /// 专家
    #[serde(default)]
    pub expert: bool,
    /// A code from [`inspector_status`].
    #[serde(default = "default_inspector_status")]
    pub status: String,
    /// Declared conflicts of interest: enterprise IDs, sorted and distinct.
    #[serde(default)]
    pub conflicts: Vec<String>,
}

fn default_inspector_status() -> String {
    inspector_status::ACTIVE.to_string()
}

/// One item of the 随机抽查事项清单.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub code: String,
    pub name: String,
    /// 依据
    #[serde(default)]
    pub basis: String,
    /// "general" (一般) or "key" (重点)
    #[serde(default = "default_item_level")]
    pub level: String,
    /// Enterprise industries (行业/类别) the item applies to, sorted; empty = all.
    #[serde(default)]
    pub categories: Vec<String>,
}

fn default_item_level() -> String {
    "general".to_string()
}

/// History level codes.
pub mod history_level {
    /// 本级: the plan's own level (any unit of any department at this level)
    pub const SAME: &str = "same";
    /// 上级: an authority at the level above
    pub const HIGHER: &str = "higher";
}

/// One inspection already done (history of the year).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryRecord {
    pub enterprise_id: String,
    /// `YYYY-MM-DD`
    pub date: String,
    /// 检查部门
    #[serde(default)]
    pub department: String,
    /// A code from [`history_level`].
    #[serde(default = "default_history_level")]
    pub level: String,
}

fn default_history_level() -> String {
    history_level::SAME.to_string()
}

/// The 年度抽查计划 and the rules that apply to all its tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// 抽查计划编号
    pub number: String,
    /// 抽查计划名称
    pub name: String,
    /// 抽查机关 / department that runs the draw
    pub department: String,
    pub year: u32,
    #[serde(default)]
    pub rules: PlanRules,
    pub tasks: Vec<Task>,
    /// Format 2: the enterprise fields published for a selected firm besides its ID,
    /// name, industry and region (SPEC §10.1); everything else stays confidential.
    /// Absent in format 1.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::canonical::not_null")]
    pub public_fields: Option<Vec<String>>,
}

/// Exclusions applied to every task's pool (seed 000 第十三条, seed 004 第十四条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRules {
    /// Yearly cap per firm for this department: a firm inspected this many times this
    /// year by `Plan::department` is excluded. 0 = no cap.
    #[serde(default = "default_yearly_cap")]
    pub yearly_cap: u32,
    /// Flags whose holders are exempt from the cap and from the higher-level exclusion.
    #[serde(default = "default_cap_exempt_flags")]
    pub cap_exempt_flags: Vec<String>,
    /// Exclude firms already inspected this year by the level above.
    #[serde(default = "default_true")]
    pub exclude_higher_level: bool,
    /// Only firms whose status is one of these are in any pool (seed 004 第十一条).
    #[serde(default = "default_active_statuses")]
    pub active_statuses: Vec<String>,
    /// Year-level minimum: the tasks together must draw at least this share (bp) of
    /// the firms in scope; committing refuses a plan that falls short.
    #[serde(default)]
    pub min_total_bp: u32,
    /// Format 2: how the count of a rule with a ratio range (`ratio_max_bp`) is fixed
    /// inside the range — `low`, `high` or `year_minimum` (SPEC §10.11). Declared with
    /// the plan, so it is committed before any randomness exists. Left out of the
    /// canonical form when absent or `low`, so that a plan without ranges hashes as it
    /// did before ranges existed.
    #[serde(default, skip_serializing_if = "absent_or_low", deserialize_with = "crate::canonical::not_null")]
    pub range_choice: Option<String>,
    /// Format 2: the other names under which history records the plan's own
    /// department (its full name, an old name, the name a provincial platform
    /// exports), so that its inspections count towards `yearly_cap` (SPEC §10.12).
    /// Left out of the canonical form when absent or empty.
    #[serde(default, skip_serializing_if = "absent_or_empty", deserialize_with = "crate::canonical::not_null")]
    pub department_names: Option<Vec<String>>,
}

impl PlanRules {
    /// Whether a history record's `department` is the plan's own, `department`.
    pub fn is_own_department(&self, department: &str, recorded: &str) -> bool {
        recorded == department || self.department_names.as_ref().is_some_and(|names| names.iter().any(|n| n == recorded))
    }
}

impl Default for PlanRules {
    fn default() -> Self {
        PlanRules {
            yearly_cap: default_yearly_cap(),
            cap_exempt_flags: default_cap_exempt_flags(),
            exclude_higher_level: true,
            active_statuses: default_active_statuses(),
            min_total_bp: 0,
            range_choice: None,
            department_names: None,
        }
    }
}

fn default_yearly_cap() -> u32 {
    2
}
fn default_true() -> bool {
    true
}
fn default_cap_exempt_flags() -> Vec<String> {
    vec![
        flag::ABNORMAL.to_string(),
        flag::BLACKLIST.to_string(),
        flag::PENALIZED.to_string(),
        flag::SERIOUS_VIOLATION.to_string(),
    ]
}
fn default_active_statuses() -> Vec<String> {
    vec![status::ACTIVE.to_string()]
}

/// One 抽查任务.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// 抽查任务编号 (unique within the plan)
    pub number: String,
    /// 抽查任务名称
    pub name: String,
    /// 定向 (true) or 不定向 (false)
    pub directed: bool,
    /// All conditions must hold for a firm to be in the task's scope.
    #[serde(default)]
    pub filter: Vec<Condition>,
    pub sampling: Sampling,
    #[serde(default)]
    pub items: ItemRule,
    pub team: TeamRule,
    pub window: Window,
}

/// A 定向 condition on one field of [`Enterprise`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// `kind`, `industry`, `region`, `risk`, `status`, `flag` or `attr:NAME`.
    pub field: String,
    /// `in` or `not_in`. For `flag`: `in` = has any of the flags, `not_in` = has none.
    pub op: String,
    pub values: Vec<String>,
}

/// How many firms a task draws, and from which strata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sampling {
    /// Fields that split the pool into strata (same names as [`Condition::field`]);
    /// empty = one stratum.
    #[serde(default)]
    pub strata_by: Vec<String>,
    /// `per_stratum`: each stratum's count comes from the first rule that matches it.
    /// `proportional`: the task total comes from the first rule matching the whole
    /// pool (a rule with empty `when`) and is split across strata by largest
    /// remainder — the 地理区域均衡 of a 不定向 draw.
    #[serde(default = "default_allocation")]
    pub allocation: String,
    pub rules: Vec<StratumRule>,
    /// `ceil`, `floor` or `half_up`: how ratio × size becomes a whole count.
    #[serde(default = "default_rounding")]
    pub rounding: String,
    /// Task-level minimum share of the pool (bp); strata are topped up when short.
    #[serde(default)]
    pub min_total_bp: u32,
    /// Firms carrying any of these flags form a stratum drawn at 100 % (黑名单).
    #[serde(default)]
    pub census_flags: Vec<String>,
    /// Firms beyond the cutoff published per stratum, in ticket order, as the
    /// declared replacements (候补) if a selected firm turns out closed.
    #[serde(default)]
    pub reserves: u32,
}

fn default_allocation() -> String {
    "per_stratum".to_string()
}
fn default_rounding() -> String {
    "ceil".to_string()
}

/// The sample size of the strata a rule matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratumRule {
    /// Field → value; a stratum matches when every entry equals its key's value.
    /// Empty = matches every stratum.
    #[serde(default)]
    pub when: BTreeMap<String, String>,
    /// Ratio in basis points (1500 = 15 %). Exactly one of `ratio_bp` and `count`.
    #[serde(default)]
    pub ratio_bp: Option<u32>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::canonical::safe_opt_u64")]
    pub count: Option<u64>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub min: u64,
    #[serde(default)]
    #[serde(deserialize_with = "crate::canonical::safe_opt_u64")]
    pub max: Option<u64>,
    /// Format 2: the upper end of a ratio range (15–20 % is `ratio_bp` 1500 and
    /// `ratio_max_bp` 2000); the plan's `range_choice` fixes the count inside it
    /// (SPEC §10.11). Left out of the canonical form when absent.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::canonical::not_null")]
    pub ratio_max_bp: Option<u32>,
}

/// Which checklist items each selected firm is inspected for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemRule {
    /// Item codes every selected firm gets.
    #[serde(default)]
    pub fixed: Vec<String>,
    /// Additionally draw this many of the other items applicable to the firm.
    #[serde(default)]
    pub draw: u32,
}

/// Who may inspect, and how teams are formed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamRule {
    /// Inspectors per firm holding a valid 执法证 (at least 2).
    pub size: u32,
    /// Required 执法类别/资质; empty = any.
    #[serde(default)]
    pub qualification: String,
    /// 所所交叉: no inspector from the firm's own region.
    #[serde(default)]
    pub cross_region: bool,
    /// Joint draw: one inspector from each of these departments (the rest of the
    /// team from any). Empty = any department.
    #[serde(default)]
    pub departments: Vec<String>,
    /// Add one expert (专家) in addition to `size`.
    #[serde(default)]
    pub expert: bool,
    /// Required expertise of the expert (matched against qualifications); empty = any.
    #[serde(default)]
    pub expert_qualification: String,
    /// Most firms one inspector may be assigned in this task; 0 = no cap. With
    /// inspection groups, the most firms one group may be assigned.
    #[serde(default)]
    pub load_cap: u32,
    /// Format 2: the number of inspection groups (检查组) formed for the task, to
    /// which the selected firms are then assigned; absent or 0 = a team per firm.
    /// Absent in format 1; left out of the canonical form when 0, so that a plan
    /// without groups hashes as it did before groups existed.
    #[serde(default, skip_serializing_if = "absent_or_zero", deserialize_with = "crate::canonical::not_null")]
    pub groups: Option<u32>,
    /// Format 2, with groups: the member of each group's first slot leads it (组长).
    /// Left out of the canonical form when false.
    #[serde(default, skip_serializing_if = "absent_or_false", deserialize_with = "crate::canonical::not_null")]
    pub leader: Option<bool>,
}

impl TeamRule {
    /// The number of inspection groups, 0 when each firm gets its own team.
    pub fn group_count(&self) -> u32 {
        self.groups.unwrap_or(0)
    }

    /// Whether each group has a 组长.
    pub fn has_leader(&self) -> bool {
        self.leader.unwrap_or(false)
    }

    /// Whether the rule uses a member format 1 does not have.
    pub fn uses_format2_members(&self) -> bool {
        self.groups.is_some() || self.leader.is_some()
    }
}

fn absent_or_zero(n: &Option<u32>) -> bool {
    n.is_none_or(|n| n == 0)
}

fn absent_or_false(b: &Option<bool>) -> bool {
    b.is_none_or(|b| !b)
}

fn absent_or_empty(list: &Option<Vec<String>>) -> bool {
    list.as_ref().is_none_or(Vec::is_empty)
}

fn absent_or_low(choice: &Option<String>) -> bool {
    choice.as_deref().is_none_or(|c| c == "low")
}

impl Plan {
    /// Whether the plan uses a member format 1 does not have: inspection groups
    /// (§10.10) or ratio ranges (§10.11).
    pub fn uses_format2_members(&self) -> bool {
        self.uses_ranges() || self.rules.department_names.is_some() || self.tasks.iter().any(|t| t.team.uses_format2_members())
    }

    /// Whether the plan writes a ratio range or a rule fixing counts inside ranges.
    pub fn uses_ranges(&self) -> bool {
        self.rules.range_choice.is_some() || self.tasks.iter().any(|t| t.sampling.rules.iter().any(|r| r.ratio_max_bp.is_some()))
    }
}

/// The inspection period of a task (seed 003: 抽查时间必须填写到月份).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// `YYYY-MM-DD`
    pub start: String,
    /// `YYYY-MM-DD`; certificates must be valid through this day.
    pub end: String,
}

/// Everything a draw is computed from, as committed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directories {
    /// Sorted by `id` (byte order), ids distinct.
    pub enterprises: Vec<Enterprise>,
    /// Sorted by `id`, ids distinct.
    pub inspectors: Vec<Inspector>,
    /// Sorted by `code`, codes distinct.
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    /// Sorted (enterprise_id, date, department, level).
    #[serde(default)]
    pub history: Vec<HistoryRecord>,
}
