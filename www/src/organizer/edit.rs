//! Edits of the plan as the editor's fields send them: a field and the text typed.
//! Text that does not parse is refused with a message saying what was expected,
//! and the plan stays as it was.

use fairdraw::import::normalize::{clean, parse_date};
use fairdraw::model::{flag, Condition, ItemRule, Plan, Sampling, StratumRule, Task, TeamRule, Window};
use fairdraw::problem::Problem;
use fairdraw::plan::RangeChoice;

use super::project::{parse_list, parse_percent, parse_percent_range};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanField {
    Number,
    Name,
    Department,
    Year,
    /// 全年最低抽查比例, a percentage.
    MinTotal,
    YearlyCap,
    /// "true" / "false".
    ExcludeHigher,
    /// How counts are fixed inside ratio ranges: `low`, `high` or `year_minimum`.
    RangeChoice,
    /// The department's other names in the history, a list.
    DepartmentNames,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskField {
    Number,
    Name,
    /// "true" = 定向.
    Directed,
    /// Toggles the field named by the value.
    StrataBy,
    Allocation,
    Rounding,
    MinTotal,
    /// Toggles the flag named by the value.
    Census,
    Reserves,
    ItemsFixed,
    ItemsDraw,
    TeamSize,
    Qualification,
    CrossRegion,
    Departments,
    /// Adds or removes the joint department named by the value.
    ToggleDepartment,
    Expert,
    ExpertQualification,
    LoadCap,
    /// 0 = a team per firm.
    Groups,
    Leader,
    WindowStart,
    WindowEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleField {
    /// `风险分类=A；区域=东区`; empty matches every stratum.
    When,
    /// A percentage; empty switches to a fixed count.
    Ratio,
    /// A number of firms; empty switches to a ratio.
    Count,
    Min,
    /// Empty = no maximum.
    Max,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionField {
    Field,
    /// `in` / `not_in`.
    Op,
    Values,
    /// Adds or removes the one value given (a flag's code for `flag`).
    Toggle,
}

/// The enterprise fields a filter, a stratification or a rule may name, with
/// their Chinese labels.
pub const FIELD_LABELS: [(&str, &str); 5] =
    [("risk", "风险分类"), ("region", "区域"), ("industry", "行业"), ("kind", "类型"), ("status", "登记状态")];

pub fn field_label(field: &str) -> String {
    if field == "flag" {
        return "标记".to_string();
    }
    if let Some(name) = field.strip_prefix("attr:") {
        return name.to_string();
    }
    FIELD_LABELS.iter().find(|(f, _)| *f == field).map_or(field.to_string(), |(_, l)| l.to_string())
}

/// A field as typed: its code or its Chinese label, or any other name as an
/// extra column (`attr:NAME`).
pub fn field_from_text(text: &str) -> Option<String> {
    let t = clean(text);
    if t.is_empty() {
        return None;
    }
    if t == "flag" || t == "标记" {
        return Some("flag".to_string());
    }
    FIELD_LABELS
        .iter()
        .find(|(f, l)| *f == t || *l == t)
        .map(|(f, _)| f.to_string())
        .or_else(|| Some(if t.starts_with("attr:") { t } else { format!("attr:{t}") }))
}

pub fn when_field(when: &std::collections::BTreeMap<String, String>) -> String {
    when.iter().map(|(k, v)| format!("{}={v}", field_label(k))).collect::<Vec<_>>().join("；")
}

fn bad(zh: String, en: String) -> Problem {
    Problem::new(zh, en)
}

fn number<T: std::str::FromStr>(value: &str, what_zh: &str, what_en: &str) -> Result<T, Problem> {
    let v = fairdraw::import::normalize::fold_width(value.trim());
    v.trim().parse().map_err(|_| {
        bad(format!("{what_zh}应为整数，“{value}”不是"), format!("{what_en} must be a whole number, not “{value}”"))
    })
}

fn percent(value: &str, what_zh: &str, what_en: &str) -> Result<u32, Problem> {
    parse_percent(value).ok_or_else(|| {
        bad(
            format!("{what_zh}应为 0 到 100 之间的百分数（最多两位小数），“{value}”不是"),
            format!("{what_en} must be a percentage from 0 to 100 (at most two decimals), not “{value}”"),
        )
    })
}

fn date(value: &str, what_zh: &str, what_en: &str) -> Result<String, Problem> {
    parse_date(value).ok_or_else(|| {
        bad(format!("{what_zh}应为日期（如 2026-12-01），“{value}”不是"), format!("{what_en} must be a date (e.g. 2026-12-01), not “{value}”"))
    })
}

fn toggle(list: &mut Vec<String>, value: &str) {
    if let Some(i) = list.iter().position(|v| v == value) {
        list.remove(i);
    } else {
        list.push(value.to_string());
    }
}

/// Declares a field public or confidential (SPEC §10.1): the plan's `public_fields`,
/// starting from the default declaration, kept sorted.
pub fn set_public_field(plan: &mut Plan, field: &str, public: bool) -> Result<(), Problem> {
    if !fairdraw::v2::codes::is_public_field(field) {
        return Err(Problem::new(format!("“{field}”不是可以公开的字段"), format!("“{field}” is not a field that can be public")));
    }
    let mut fields = fairdraw::v2::public::public_fields(plan);
    fields.retain(|f| f != field);
    if public {
        fields.push(field.to_string());
        fields.sort();
    }
    plan.public_fields = Some(fields);
    Ok(())
}

/// Every field a plan could declare public for these firms, with whether it is: the
/// built-in fields and flags, and each further column the directory has.
pub fn public_field_choices(plan: &Plan, firms: &[fairdraw::model::Enterprise]) -> Vec<(String, bool)> {
    let declared = fairdraw::v2::public::public_fields(plan);
    let mut names: Vec<String> = fairdraw::v2::codes::PUBLIC_FIELD_NAMES.iter().map(|f| f.to_string()).collect();
    names.extend(fairdraw::model::flag::ALL.iter().map(|f| format!("flag:{f}")));
    let mut attrs: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for e in firms {
        attrs.extend(e.attrs.keys().map(String::as_str));
    }
    names.extend(attrs.into_iter().map(|a| format!("attr:{a}")));
    names.extend(declared.iter().filter(|d| !names.contains(d)).cloned().collect::<Vec<_>>());
    names.into_iter().map(|n| {
        let public = declared.contains(&n);
        (n, public)
    }).collect()
}

pub fn set_plan(plan: &mut Plan, field: PlanField, value: &str) -> Result<(), Problem> {
    match field {
        PlanField::Number => plan.number = clean(value),
        PlanField::Name => plan.name = clean(value),
        PlanField::Department => plan.department = clean(value),
        PlanField::Year => plan.year = number(value, "年度", "the year")?,
        PlanField::MinTotal => plan.rules.min_total_bp = percent(value, "全年最低抽查比例", "the year's minimum share")?,
        PlanField::YearlyCap => plan.rules.yearly_cap = number(value, "每年检查次数上限", "the yearly cap")?,
        PlanField::ExcludeHigher => plan.rules.exclude_higher_level = value == "true",
        // Absent rather than `low`, so that a plan without ranges is written as it
        // always was.
        // Sorted and distinct, as the format wants them; absent when empty, so that
        // a plan without them is written as it always was.
        PlanField::DepartmentNames => {
            let mut names = parse_list(value);
            names.sort();
            names.dedup();
            plan.rules.department_names = (!names.is_empty()).then_some(names);
        }
        PlanField::RangeChoice => {
            plan.rules.range_choice = RangeChoice::parse(value).filter(|c| *c != RangeChoice::Low).map(|c| c.name().to_string())
        }
    }
    Ok(())
}

pub fn set_task(task: &mut Task, field: TaskField, value: &str) -> Result<(), Problem> {
    let s = &mut task.sampling;
    match field {
        TaskField::Number => task.number = clean(value),
        TaskField::Name => task.name = clean(value),
        TaskField::Directed => task.directed = value == "true",
        TaskField::StrataBy => toggle(&mut s.strata_by, value),
        TaskField::Allocation => s.allocation = value.to_string(),
        TaskField::Rounding => s.rounding = value.to_string(),
        TaskField::MinTotal => s.min_total_bp = percent(value, "任务最低抽查比例", "the task's minimum share")?,
        TaskField::Census => {
            toggle(&mut s.census_flags, value);
            s.census_flags.sort();
        }
        TaskField::Reserves => s.reserves = number(value, "候补数", "the reserves")?,
        TaskField::ItemsFixed => task.items.fixed = parse_list(value),
        TaskField::ItemsDraw => task.items.draw = number(value, "随机抽取的检查事项数", "the items drawn")?,
        TaskField::TeamSize => task.team.size = number(value, "每组检查人员数", "the team size")?,
        TaskField::Qualification => task.team.qualification = clean(value),
        TaskField::CrossRegion => task.team.cross_region = value == "true",
        TaskField::Departments => task.team.departments = parse_list(value),
        TaskField::ToggleDepartment => {
            toggle(&mut task.team.departments, value);
            task.team.departments.sort();
        }
        TaskField::Expert => task.team.expert = value == "true",
        TaskField::ExpertQualification => task.team.expert_qualification = clean(value),
        TaskField::LoadCap => task.team.load_cap = number(value, "每人检查家数上限", "the load cap")?,
        // Absent rather than 0 or false, so that a plan without groups is written as
        // it always was.
        TaskField::Groups => {
            let groups = number(value, "检查组数", "the number of inspection groups")?;
            task.team.groups = (groups > 0).then_some(groups);
            if groups == 0 {
                task.team.leader = None;
            }
        }
        TaskField::Leader => task.team.leader = (value == "true").then_some(true),
        TaskField::WindowStart => task.window.start = date(value, "检查开始日期", "the start date")?,
        TaskField::WindowEnd => task.window.end = date(value, "检查结束日期", "the end date")?,
    }
    Ok(())
}

pub fn set_rule(rule: &mut StratumRule, field: RuleField, value: &str) -> Result<(), Problem> {
    let empty = value.trim().is_empty();
    match field {
        RuleField::When => {
            let mut when = std::collections::BTreeMap::new();
            for part in value.split(['；', ';', '，', ',', '、']).map(str::trim).filter(|p| !p.is_empty()) {
                let Some((k, v)) = part.split_once(['=', '＝', ':', '：']) else {
                    return Err(bad(
                        format!("适用分层应写成“字段=值”，如“风险分类=A”；“{part}”不是"),
                        format!("a stratum condition is written “field=value”, e.g. “risk=A”, not “{part}”"),
                    ));
                };
                let Some(field) = field_from_text(k) else {
                    return Err(bad(format!("“{part}”缺少字段名"), format!("“{part}” has no field name")));
                };
                when.insert(field, clean(v));
            }
            rule.when = when;
        }
        RuleField::Ratio if empty => {
            rule.ratio_bp = None;
            rule.ratio_max_bp = None;
        }
        RuleField::Ratio => {
            let (low, high) = parse_percent_range(value).ok_or_else(|| {
                bad(
                    format!("抽查比例应为 0 到 100 之间的百分数（最多两位小数），或从低到高的区间如“15-20”；“{value}”不是"),
                    format!("the ratio must be a percentage from 0 to 100 (at most two decimals), or a range from low to high such as “15-20”, not “{value}”"),
                )
            })?;
            rule.ratio_bp = Some(low);
            rule.ratio_max_bp = high;
            rule.count = None;
        }
        RuleField::Count if empty => rule.count = None,
        RuleField::Count => {
            rule.count = Some(number(value, "抽查家数", "the count")?);
            rule.ratio_bp = None;
            rule.ratio_max_bp = None;
        }
        RuleField::Min => rule.min = if empty { 0 } else { number(value, "最少家数", "the minimum")? },
        RuleField::Max => rule.max = if empty { None } else { Some(number(value, "最多家数", "the maximum")?) },
    }
    Ok(())
}

pub fn set_condition(c: &mut Condition, field: ConditionField, value: &str) -> Result<(), Problem> {
    match field {
        ConditionField::Field => {
            c.field = field_from_text(value).unwrap_or_else(|| "risk".to_string());
        }
        ConditionField::Op => c.op = if value == "not_in" { "not_in".to_string() } else { "in".to_string() },
        ConditionField::Values => {
            c.values = parse_list(value);
            if c.field == "flag" {
                // People type 黑名单 or 重点监管; the plan stores the flag codes.
                c.values = c
                    .values
                    .iter()
                    .map(|v| flag::ALL.iter().find(|f| flag::label_zh(f) == v).map_or(v.clone(), |f| f.to_string()))
                    .collect();
                c.values.sort();
                c.values.dedup();
            }
        }
        // Sorted, as a typed list is.
        ConditionField::Toggle => {
            toggle(&mut c.values, value);
            c.values.sort();
        }
    }
    Ok(())
}

/// The values typed beside a condition's pick list, for those the directory does not
/// hold: they replace the condition's other such values, and the values picked from
/// the list (`in_data`) stay as they are.
pub fn set_condition_others(c: &mut Condition, value: &str, in_data: &[String]) {
    let mut typed = Condition { values: Vec::new(), ..c.clone() };
    // Cannot fail: a list of values is never refused.
    let _ = set_condition(&mut typed, ConditionField::Values, value);
    c.values.retain(|v| in_data.contains(v));
    c.values.extend(typed.values);
    c.values.sort();
    c.values.dedup();
}

/// A rule's value for one stratification field, picked from the data; `None` is
/// “any”, the field left out of the rule.
pub fn set_rule_when(rule: &mut StratumRule, field: &str, value: Option<&str>) {
    match value {
        Some(v) => {
            rule.when.insert(field.to_string(), v.to_string());
        }
        None => {
            rule.when.remove(field);
        }
    }
}

/// A new task to fill in: 不定向, one stratum at 5 %, teams of two, the window
/// of the plan's first task (or December of the plan's year).
pub fn new_task(plan: &Plan) -> Task {
    let number = (1..).map(|n| format!("{n:03}")).find(|n| plan.tasks.iter().all(|t| &t.number != n)).unwrap_or_default();
    let window = plan.tasks.first().map(|t| t.window.clone()).unwrap_or_else(|| Window {
        start: format!("{}-12-01", plan.year),
        end: format!("{}-12-31", plan.year),
    });
    Task {
        number,
        name: format!("{}年随机抽查任务", plan.year),
        directed: false,
        filter: Vec::new(),
        sampling: Sampling {
            strata_by: Vec::new(),
            allocation: "per_stratum".to_string(),
            rules: vec![new_rule()],
            rounding: "ceil".to_string(),
            min_total_bp: 0,
            census_flags: vec![flag::BLACKLIST.to_string()],
            reserves: 0,
        },
        items: ItemRule::default(),
        team: TeamRule {
            size: 2,
            qualification: String::new(),
            cross_region: false,
            departments: Vec::new(),
            expert: false,
            expert_qualification: String::new(),
            load_cap: 0,
            groups: None,
            leader: None,
        },
        window,
    }
}

pub fn new_rule() -> StratumRule {
    StratumRule { when: Default::default(), ratio_bp: Some(500), count: None, min: 0, max: None, ratio_max_bp: None }
}

pub fn new_condition() -> Condition {
    Condition { field: "risk".to_string(), op: "in".to_string(), values: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_declaration_starts_from_the_default_and_stays_sorted() {
        let mut plan = fairdraw::demo::demo_plan();
        assert_eq!(plan.public_fields, None);
        set_public_field(&mut plan, "risk", true).unwrap();
        set_public_field(&mut plan, "address", false).unwrap();
        assert_eq!(
            plan.public_fields.as_deref().unwrap(),
            ["flag:abnormal", "flag:penalized", "flag:serious_violation", "kind", "risk"]
        );
        assert!(set_public_field(&mut plan, "attr:", true).is_err());
        assert!(set_public_field(&mut plan, "flag:unknown", true).is_err());
        let mut firm = fairdraw::demo::demo_inputs(5, 3).enterprises.remove(0);
        firm.attrs.insert("联系电话".into(), "13800000000".into());
        let choices = public_field_choices(&plan, &[firm]);
        assert!(choices.contains(&("attr:联系电话".to_string(), false)), "a further column is offered, confidential: {choices:?}");
        assert!(choices.contains(&("risk".to_string(), true)));
        assert!(choices.contains(&("flag:key".to_string(), false)));
    }

    #[test]
    fn groups_are_absent_unless_asked_for_and_the_leader_goes_with_them() {
        let mut plan = fairdraw::demo::demo_plan();
        let task = &mut plan.tasks[0];
        set_task(task, TaskField::Groups, "3").unwrap();
        set_task(task, TaskField::Leader, "true").unwrap();
        assert_eq!((task.team.groups, task.team.leader), (Some(3), Some(true)));
        set_task(task, TaskField::Leader, "false").unwrap();
        assert_eq!(task.team.leader, None);
        set_task(task, TaskField::Leader, "true").unwrap();
        set_task(task, TaskField::Groups, "0").unwrap();
        assert_eq!((task.team.groups, task.team.leader), (None, None));
        assert!(set_task(task, TaskField::Groups, "三").is_err());
    }

    #[test]
    fn ratio_ranges_are_typed_as_plans_state_them_and_the_rule_is_absent_when_low() {
        let mut r = new_rule();
        set_rule(&mut r, RuleField::Ratio, "15%-20%").unwrap();
        assert_eq!((r.ratio_bp, r.ratio_max_bp, r.count), (Some(1500), Some(2000), None));
        set_rule(&mut r, RuleField::Ratio, "15").unwrap();
        assert_eq!((r.ratio_bp, r.ratio_max_bp), (Some(1500), None));
        set_rule(&mut r, RuleField::Ratio, "1-2").unwrap();
        set_rule(&mut r, RuleField::Count, "4").unwrap();
        assert_eq!((r.ratio_bp, r.ratio_max_bp, r.count), (None, None, Some(4)));
        let e = set_rule(&mut r, RuleField::Ratio, "20-15").unwrap_err();
        assert!(e.text.en.contains("a range from low to high"), "{}", e.text.en);
        assert_eq!(r.count, Some(4), "a rejected edit changes nothing");

        let mut plan = fairdraw::demo::demo_plan();
        set_plan(&mut plan, PlanField::RangeChoice, "year_minimum").unwrap();
        assert_eq!(plan.rules.range_choice.as_deref(), Some("year_minimum"));
        set_plan(&mut plan, PlanField::RangeChoice, "low").unwrap();
        assert_eq!(plan.rules.range_choice, None);
        set_plan(&mut plan, PlanField::DepartmentNames, "开发区应急局，秦皇岛开发区应急管理局、开发区应急局").unwrap();
        assert_eq!(plan.rules.department_names, Some(vec!["开发区应急局".to_string(), "秦皇岛开发区应急管理局".to_string()]));
        set_plan(&mut plan, PlanField::DepartmentNames, " ").unwrap();
        assert_eq!(plan.rules.department_names, None);
    }

    #[test]
    fn rule_edits() {
        let mut r = new_rule();
        set_rule(&mut r, RuleField::When, "风险分类=B；区域：东区").unwrap();
        assert_eq!(r.when.get("risk").map(String::as_str), Some("B"));
        assert_eq!(r.when.get("region").map(String::as_str), Some("东区"));
        assert_eq!(when_field(&r.when), "区域=东区；风险分类=B");
        set_rule(&mut r, RuleField::Count, "12").unwrap();
        assert_eq!((r.count, r.ratio_bp), (Some(12), None));
        set_rule(&mut r, RuleField::Ratio, "2.5").unwrap();
        assert_eq!((r.count, r.ratio_bp), (None, Some(250)));
        let e = set_rule(&mut r, RuleField::Ratio, "abc").unwrap_err();
        assert!(e.text.zh.contains("百分数"));
        assert_eq!(r.ratio_bp, Some(250));
        assert!(set_rule(&mut r, RuleField::When, "B").is_err());
    }

    #[test]
    fn task_edits() {
        let plan = fairdraw::demo::demo_plan();
        let mut t = new_task(&plan);
        assert_eq!(t.number, "003");
        set_task(&mut t, TaskField::StrataBy, "region").unwrap();
        set_task(&mut t, TaskField::StrataBy, "risk").unwrap();
        set_task(&mut t, TaskField::StrataBy, "region").unwrap();
        assert_eq!(t.sampling.strata_by, vec!["risk".to_string()]);
        set_task(&mut t, TaskField::WindowEnd, "2026年12月31日").unwrap();
        assert_eq!(t.window.end, "2026-12-31");
        assert!(set_task(&mut t, TaskField::TeamSize, "两").is_err());
        set_task(&mut t, TaskField::Departments, "应急管理，市场监管").unwrap();
        assert_eq!(t.team.departments.len(), 2);
    }

    #[test]
    fn picked_values_toggle_and_typed_ones_keep_the_picked() {
        let mut c = new_condition();
        set_condition(&mut c, ConditionField::Toggle, "B").unwrap();
        set_condition(&mut c, ConditionField::Toggle, "A").unwrap();
        assert_eq!(c.values, ["A", "B"], "sorted, as a typed list is");
        set_condition(&mut c, ConditionField::Toggle, "B").unwrap();
        assert_eq!(c.values, ["A"]);
        // "Z" is not in the directory: typed beside the list, it joins the picked "A";
        // typed again, it is replaced, and "A" stays.
        let in_data = vec!["A".to_string(), "B".to_string()];
        set_condition_others(&mut c, "Z", &in_data);
        assert_eq!(c.values, ["A", "Z"]);
        set_condition_others(&mut c, "Y、A", &in_data);
        assert_eq!(c.values, ["A", "Y"]);
        set_condition_others(&mut c, "", &in_data);
        assert_eq!(c.values, ["A"]);

        let mut f = new_condition();
        set_condition(&mut f, ConditionField::Field, "flag").unwrap();
        set_condition(&mut f, ConditionField::Toggle, flag::KEY).unwrap();
        set_condition(&mut f, ConditionField::Toggle, flag::BLACKLIST).unwrap();
        assert_eq!(f.values, [flag::BLACKLIST, flag::KEY]);
        set_condition_others(&mut f, "守信", &flag::ALL.map(String::from));
        assert_eq!(f.values, [flag::BLACKLIST, flag::KEY, flag::TRUSTED]);
    }

    #[test]
    fn a_rule_picks_a_value_per_field_or_any() {
        let mut r = new_rule();
        set_rule_when(&mut r, "risk", Some("B"));
        set_rule_when(&mut r, "attr:所属乡镇", Some(""));
        assert_eq!(when_field(&r.when), "所属乡镇=；风险分类=B");
        set_rule_when(&mut r, "risk", None);
        assert_eq!(r.when.len(), 1);
        assert_eq!(r.when.get("attr:所属乡镇").map(String::as_str), Some(""));
    }

    #[test]
    fn joint_departments_toggle() {
        let mut t = new_task(&fairdraw::demo::demo_plan());
        set_task(&mut t, TaskField::ToggleDepartment, "开发区应急管理局").unwrap();
        set_task(&mut t, TaskField::ToggleDepartment, "开发区市场监督管理局").unwrap();
        set_task(&mut t, TaskField::ToggleDepartment, "开发区应急管理局").unwrap();
        assert_eq!(t.team.departments, ["开发区市场监督管理局"]);
    }

    #[test]
    fn flag_values_are_stored_as_codes() {
        let mut c = new_condition();
        set_condition(&mut c, ConditionField::Field, "标记").unwrap();
        set_condition(&mut c, ConditionField::Values, "重点监管、黑名单").unwrap();
        assert_eq!(c.field, "flag");
        assert_eq!(c.values, vec!["blacklist".to_string(), "key".to_string()]);
    }
}
