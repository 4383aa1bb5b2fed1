//! Who did each of this year's inspections, decided with the user.
//!
//! The draw reads a history record's `department` and `level` exactly (SPEC §4.2,
//! §10.12): the yearly cap counts the plan's own department under any of its
//! declared names, the higher-level exclusion counts records marked `higher`. Real
//! records name departments in many ways and seldom carry a 层级 column, so the
//! organiser sees every department the records name, with what it counts as, and
//! decides; a name that reads as a higher level of government than the plan's
//! department is pointed out for confirmation, never applied silently.

use std::collections::BTreeMap;

use crate::model::{history_level, HistoryRecord, Plan};

/// What a department's records count as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DepartmentRole {
    /// The plan's own department (its name or one of its other names): the yearly cap.
    Own,
    /// A department at the level above: the higher-level exclusion.
    Higher,
    /// Another department of this level: neither rule.
    Other,
    /// Its records disagree (some marked 上级, some not).
    Mixed,
}

impl DepartmentRole {
    pub const CHOICES: [DepartmentRole; 3] = [DepartmentRole::Own, DepartmentRole::Higher, DepartmentRole::Other];

    pub fn name(self) -> &'static str {
        match self {
            DepartmentRole::Own => "own",
            DepartmentRole::Higher => "higher",
            DepartmentRole::Other => "other",
            DepartmentRole::Mixed => "mixed",
        }
    }

    pub fn parse(name: &str) -> Option<DepartmentRole> {
        DepartmentRole::CHOICES.into_iter().find(|r| r.name() == name)
    }
}

/// One department named by the history records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryDepartment {
    pub name: String,
    pub records: usize,
    pub role: DepartmentRole,
    /// Its name reads as a higher level of government than the plan's department,
    /// and its records are not marked so.
    pub looks_higher: bool,
}

/// Every department the records name (blank included), in byte order, with its role.
pub fn history_departments(plan: &Plan, history: &[HistoryRecord]) -> Vec<HistoryDepartment> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in history {
        let (records, higher) = counts.entry(r.department.as_str()).or_default();
        *records += 1;
        *higher += usize::from(r.level == history_level::HIGHER);
    }
    let own_rank = government_rank(&plan.department);
    counts
        .into_iter()
        .map(|(name, (records, higher))| {
            let role = if higher == records {
                DepartmentRole::Higher
            } else if higher > 0 {
                DepartmentRole::Mixed
            } else if is_own(plan, name) {
                DepartmentRole::Own
            } else {
                DepartmentRole::Other
            };
            let above = matches!((government_rank(name), own_rank), (Some(theirs), Some(ours)) if theirs < ours);
            let looks_higher = above && role != DepartmentRole::Higher && !is_own(plan, name);
            HistoryDepartment { name: name.to_string(), records, role, looks_higher }
        })
        .collect()
}

fn is_own(plan: &Plan, name: &str) -> bool {
    plan.rules.is_own_department(&plan.department, name)
}

/// Makes every record of department `name` count as `role`: its records' level, and
/// whether the name is among the plan's other names. The plan's own name is always
/// its own; `Mixed` is not a choice. Whether anything changed.
pub fn set_department_role(plan: &mut Plan, history: &mut [HistoryRecord], name: &str, role: DepartmentRole) -> bool {
    if role == DepartmentRole::Mixed || (name == plan.department && role != DepartmentRole::Own) {
        return false;
    }
    let level = if role == DepartmentRole::Higher { history_level::HIGHER } else { history_level::SAME };
    let mut changed = false;
    for r in history.iter_mut().filter(|r| r.department == name && r.level != level) {
        r.level = level.to_string();
        changed = true;
    }
    // Records are kept sorted by (enterprise, date, department, level).
    history.sort();
    let mut names = plan.rules.department_names.clone().unwrap_or_default();
    let listed = names.iter().any(|n| n == name);
    let want = role == DepartmentRole::Own && name != plan.department;
    if want != listed {
        if want {
            names.push(name.to_string());
            names.sort();
        } else {
            names.retain(|n| n != name);
        }
        plan.rules.department_names = (!names.is_empty()).then_some(names);
        changed = true;
    }
    changed
}

/// How high in government a department's name places it: 0 for the State Council's
/// ministries (国家…, …部), 1 for a province (…省…, …自治区…, …厅), 2 for a
/// prefecture-level city (…市…, …州…, …盟…), 3 for a county or district (…县…,
/// …区…, …旗…); `None` when the name says nothing (“应急局”). The place written
/// last decides (“秦皇岛市海港区应急管理局” is a district's). Only a hint: the user
/// confirms.
pub fn government_rank(name: &str) -> Option<u8> {
    // Words that contain a place character without being a place.
    const NOT_PLACES: [&str; 5] = ["市场", "城市", "区域", "社区", "园区"];
    let mut cleaned = name.to_string();
    for w in NOT_PLACES {
        cleaned = cleaned.replace(w, "　");
    }
    let place = |c: char| match c {
        '省' => Some(1),
        '市' | '州' | '盟' => Some(2),
        '县' | '区' | '旗' => Some(3),
        _ => None,
    };
    let mut rank = None;
    for (i, c) in cleaned.char_indices() {
        if cleaned[i..].starts_with("自治区") {
            rank = Some(1);
        } else if cleaned[..i].ends_with("自治") && c == '区' {
            // Already taken as a province by 自治区 above.
        } else if let Some(r) = place(c) {
            rank = Some(r);
        }
    }
    if rank.is_some() {
        return rank;
    }
    if cleaned.starts_with("国家") || cleaned.starts_with("国务院") || cleaned.ends_with('部') {
        Some(0)
    } else if cleaned.ends_with('厅') {
        Some(1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn government_rank_reads_the_last_place_in_the_name() {
        let check = |name: &str, want: Option<u8>| assert_eq!(government_rank(name), want, "{name}");
        check("应急管理部", Some(0));
        check("国家市场监督管理总局", Some(0));
        check("河北省应急管理厅", Some(1));
        check("广西壮族自治区应急管理厅", Some(1));
        check("应急管理厅", Some(1));
        check("秦皇岛市应急管理局", Some(2));
        check("秦皇岛市市场监督管理局", Some(2));
        check("延边朝鲜族自治州应急管理局", Some(2));
        check("秦皇岛市海港区应急管理局", Some(3));
        check("青龙满族自治县应急管理局", Some(3));
        check("昌黎县应急管理局", Some(3));
        check("秦皇岛经济技术开发区应急管理局", Some(3));
        check("市场监管局", None);
        check("应急局", None);
        check("", None);
    }

    fn record(id: &str, department: &str, level: &str) -> HistoryRecord {
        HistoryRecord { enterprise_id: id.into(), date: "2026-03-01".into(), department: department.into(), level: level.into() }
    }

    fn plan(department: &str, names: &[&str]) -> Plan {
        let mut p = Plan {
            number: "1".into(),
            name: "plan".into(),
            department: department.into(),
            year: 2026,
            rules: Default::default(),
            tasks: vec![],
            public_fields: None,
        };
        if !names.is_empty() {
            p.rules.department_names = Some(names.iter().map(|n| n.to_string()).collect());
        }
        p
    }

    #[test]
    fn each_department_of_the_records_is_listed_with_what_it_counts_as() {
        let p = plan("昌黎县应急管理局", &["昌黎县应急局"]);
        let history = vec![
            record("A", "昌黎县应急管理局", "same"),
            record("A", "昌黎县应急局", "same"),
            record("B", "秦皇岛市应急管理局", "same"),
            record("B", "秦皇岛市应急管理局", "same"),
            record("C", "河北省应急管理厅", "higher"),
            record("C", "卢龙县应急管理局", "same"),
            record("D", "秦皇岛市市场监督管理局", "same"),
            record("D", "秦皇岛市市场监督管理局", "higher"),
        ];
        let got: Vec<(String, usize, DepartmentRole, bool)> =
            history_departments(&p, &history).into_iter().map(|d| (d.name, d.records, d.role, d.looks_higher)).collect();
        let want = |n: &str, c: usize, r: DepartmentRole, h: bool| (n.to_string(), c, r, h);
        let mut expected = vec![
            want("卢龙县应急管理局", 1, DepartmentRole::Other, false),
            want("昌黎县应急局", 1, DepartmentRole::Own, false),
            want("昌黎县应急管理局", 1, DepartmentRole::Own, false),
            want("河北省应急管理厅", 1, DepartmentRole::Higher, false),
            want("秦皇岛市市场监督管理局", 2, DepartmentRole::Mixed, true),
            want("秦皇岛市应急管理局", 2, DepartmentRole::Other, true),
        ];
        expected.sort();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_role_sets_the_records_level_and_the_plans_other_names() {
        let mut p = plan("昌黎县应急管理局", &[]);
        let mut history = vec![record("B", "秦皇岛市应急管理局", "same"), record("A", "昌黎县应急局", "same")];
        history.sort();
        assert!(set_department_role(&mut p, &mut history, "秦皇岛市应急管理局", DepartmentRole::Higher));
        assert!(history.iter().all(|r| (r.department == "秦皇岛市应急管理局") == (r.level == "higher")));
        assert!(!set_department_role(&mut p, &mut history, "秦皇岛市应急管理局", DepartmentRole::Higher), "nothing left to change");

        assert!(set_department_role(&mut p, &mut history, "昌黎县应急局", DepartmentRole::Own));
        assert_eq!(p.rules.department_names, Some(vec!["昌黎县应急局".to_string()]));
        assert!(set_department_role(&mut p, &mut history, "昌黎县应急局", DepartmentRole::Other));
        assert_eq!(p.rules.department_names, None, "absent once empty, as a plan without names is written");

        // The plan's own name is never another department, and mixed is no choice.
        assert!(!set_department_role(&mut p, &mut history, "昌黎县应急管理局", DepartmentRole::Higher));
        assert!(!set_department_role(&mut p, &mut history, "秦皇岛市应急管理局", DepartmentRole::Mixed));
        let mut sorted = history.clone();
        sorted.sort();
        assert_eq!(history, sorted);
    }
}
