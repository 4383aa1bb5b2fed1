//! What an organiser takes away from a draw, as tables: the result, one 任务单
//! (task sheet) per inspection team, and the rows of the national publicity record
//! (国家企业信用信息公示系统). Pure: callers turn a [`Sheet`] into CSV with [`csv`] or
//! into a workbook, and decide where the bytes go.
//!
//! Everything here reads a bundle that has already been verified; nothing here
//! decides a draw, so none of it is part of SPEC.md.

use std::collections::BTreeMap;

use crate::model::{ChecklistItem, Directories, Enterprise, Task, Window};
use crate::protocol::Bundle;

pub use crate::tabular::Sheet;

/// Said on every row of a rehearsal's exports, so a printed or forwarded sheet
/// cannot be mistaken for a real draw.
pub const REHEARSAL_MARK: &str = "演练，非正式抽取结果";

/// One team's sheet: the inspectors and every firm they were drawn for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSheet {
    pub task_number: String,
    pub task_name: String,
    pub directed: bool,
    /// 1-based within the task: the inspection group's number (format 2 groups), else
    /// in the order the teams first appear in the result. 0 for the firms of a group
    /// task that no group could take.
    pub team_number: usize,
    pub members: Vec<Member>,
    pub window: Window,
    pub firms: Vec<SheetFirm>,
    pub rehearsal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// 执法证号
    pub id: String,
    pub name: String,
    pub unit: String,
    pub department: String,
    pub expert: bool,
    /// 组长 of an inspection group.
    pub leader: bool,
}

/// The inspection group (SPEC §10.10) of each member of a format 2 group task, by
/// (task number, inspector ID): groups are disjoint, so one member names its group.
/// Empty for format 1 and for tasks with a team per firm.
pub type GroupNumbers = BTreeMap<(String, String), u64>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetFirm {
    /// 1-based position in the task's result (ticket order).
    pub order: usize,
    pub id: String,
    pub name: String,
    pub address: String,
    pub region: String,
    /// (code, name) of each checklist item to inspect.
    pub items: Vec<(String, String)>,
    /// Team slots nobody eligible could fill (the plan's declared fallback ran out).
    pub unfilled: u64,
}

/// Lookups into the committed directories, which are sorted by their keys.
struct Directory<'a>(&'a Directories);

impl<'a> Directory<'a> {
    fn enterprise(&self, id: &str) -> Option<&'a Enterprise> {
        let list = &self.0.enterprises;
        list.binary_search_by(|e| e.id.as_str().cmp(id)).ok().map(|i| &list[i])
    }

    fn item(&self, code: &str) -> Option<&'a ChecklistItem> {
        let list = &self.0.checklist;
        list.binary_search_by(|c| c.code.as_str().cmp(code)).ok().map(|i| &list[i])
    }

    fn item_name(&self, code: &str) -> String {
        self.item(code).map_or_else(|| code.to_string(), |c| c.name.clone())
    }

    fn member(&self, id: &str, name: &str, department: &str, role: &str) -> Member {
        let list = &self.0.inspectors;
        let unit = list.binary_search_by(|i| i.id.as_str().cmp(id)).ok().map(|i| list[i].unit.clone()).unwrap_or_default();
        Member {
            id: id.to_string(),
            name: name.to_string(),
            unit,
            department: department.to_string(),
            expert: role == crate::draw::Role::Expert.as_str(),
            leader: role == crate::draw::Role::Leader.as_str(),
        }
    }
}

fn kind_zh(directed: bool) -> &'static str {
    if directed {
        "定向抽查"
    } else {
        "不定向抽查"
    }
}

fn status_zh(b: &Bundle) -> &'static str {
    if b.commitment.rehearsal {
        REHEARSAL_MARK
    } else {
        "正式抽取"
    }
}

/// The plan's task of that number (a verified bundle always has it).
fn plan_task<'a>(b: &'a Bundle, number: &str) -> Option<&'a Task> {
    b.inputs.plan.tasks.iter().find(|t| t.number == number)
}

/// `2023年3月至6月`: the publicity record gives the inspection period to the month
/// (seed 003: 抽查时间必须填写到月份).
pub fn period_by_month(w: &Window) -> String {
    let ym = |d: &str| -> Option<(u32, u32)> {
        let y = d.get(0..4)?.parse().ok()?;
        let m = d.get(5..7)?.parse().ok()?;
        Some((y, m))
    };
    match (ym(&w.start), ym(&w.end)) {
        (Some((y1, m1)), Some((y2, m2))) if (y1, m1) == (y2, m2) => format!("{y1}年{m1}月"),
        (Some((y1, m1)), Some((y2, m2))) if y1 == y2 => format!("{y1}年{m1}月至{m2}月"),
        (Some((y1, m1)), Some((y2, m2))) => format!("{y1}年{m1}月至{y2}年{m2}月"),
        _ => format!("{} 至 {}", w.start, w.end),
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The whole result, one row per selected firm in each task's ticket order.
pub fn result_sheet(b: &Bundle) -> Sheet {
    let dir = Directory(&b.inputs.directories);
    let mut rows = vec![strings(&[
        "抽取性质",
        "抽查任务编号",
        "抽查任务名称",
        "抽查类型",
        "序号",
        "统一社会信用代码",
        "企业名称",
        "住所（经营场所）",
        "区域",
        "分层",
        "票号",
        "检查事项",
        "执法检查人员",
        "专家",
        "备注",
    ])];
    for task in &b.result.tasks {
        for (i, s) in task.selected.iter().enumerate() {
            let firm = dir.enterprise(&s.id);
            let stratum = task.strata.get(s.stratum as usize);
            let stratum_label = stratum.map(|st| crate::plan::stratum_label(&st.values, st.census)).unwrap_or_default();
            let person = |m: &crate::draw::TeamMember| format!("{}（{}）", m.name, m.id);
            let inspectors: Vec<String> = s.team.iter().filter(|m| m.role != crate::draw::Role::Expert).map(person).collect();
            let experts: Vec<String> = s.team.iter().filter(|m| m.role == crate::draw::Role::Expert).map(person).collect();
            let items: Vec<String> = s.items.iter().map(|c| format!("{c} {}", dir.item_name(c))).collect();
            rows.push(vec![
                status_zh(b).to_string(),
                task.number.clone(),
                task.name.clone(),
                kind_zh(task.directed).to_string(),
                (i + 1).to_string(),
                s.id.clone(),
                s.name.clone(),
                firm.map(|f| f.address.clone()).unwrap_or_default(),
                firm.map(|f| f.region.clone()).unwrap_or_default(),
                stratum_label,
                s.ticket.clone(),
                items.join("；"),
                inspectors.join("、"),
                experts.join("、"),
                shortfall_note(s.over_cap, s.unfilled),
            ]);
        }
    }
    Sheet { name: sheet_name(b, "抽取结果"), rows }
}

/// Says when a team needed the declared fallback, in the words of the plan's rules.
fn shortfall_note(over_cap: u64, unfilled: u64) -> String {
    let mut notes = Vec::new();
    if over_cap > 0 {
        notes.push(format!("{over_cap} 个名额超出检查人员负荷上限（按计划规定的替补规则）"));
    }
    if unfilled > 0 {
        notes.push(format!("{unfilled} 个名额无符合条件的检查人员，须另行依规补足"));
    }
    notes.join("；")
}

fn sheet_name(b: &Bundle, base: &str) -> String {
    if b.commitment.rehearsal {
        format!("{base}（演练）")
    } else {
        base.to_string()
    }
}

/// One sheet per team (or inspection group) and task: the firms it was drawn for,
/// in ticket order. Teams are the same people regardless of the order the draw
/// listed them in; a group's sheet carries the group's number, and groups come in
/// their order.
pub fn task_sheets(b: &Bundle, groups: &GroupNumbers) -> Vec<TaskSheet> {
    let dir = Directory(&b.inputs.directories);
    let mut out = Vec::new();
    for task in &b.result.tasks {
        let window = plan_task(b, &task.number)
            .map(|t| t.window.clone())
            .unwrap_or(Window { start: String::new(), end: String::new() });
        let mut by_team: BTreeMap<Vec<&str>, usize> = BTreeMap::new();
        let first = out.len();
        for (i, s) in task.selected.iter().enumerate() {
            let mut key: Vec<&str> = s.team.iter().map(|m| m.id.as_str()).collect();
            key.sort_unstable();
            let index = *by_team.entry(key).or_insert_with(|| {
                let group = s.team.first().and_then(|m| groups.get(&(task.number.clone(), m.id.clone())));
                let in_group_task = groups.keys().any(|(t, _)| *t == task.number);
                out.push(TaskSheet {
                    task_number: task.number.clone(),
                    task_name: task.name.clone(),
                    directed: task.directed,
                    team_number: match (group, in_group_task) {
                        (Some(&g), _) => g as usize,
                        (None, true) => 0,
                        (None, false) => out.len() - first + 1,
                    },
                    members: s.team.iter().map(|m| dir.member(&m.id, &m.name, &m.department, m.role.as_str())).collect(),
                    window: window.clone(),
                    firms: Vec::new(),
                    rehearsal: b.commitment.rehearsal,
                });
                out.len() - 1
            });
            let firm = dir.enterprise(&s.id);
            out[index].firms.push(SheetFirm {
                order: i + 1,
                id: s.id.clone(),
                name: s.name.clone(),
                address: firm.map(|f| f.address.clone()).unwrap_or_default(),
                region: firm.map(|f| f.region.clone()).unwrap_or_default(),
                items: s.items.iter().map(|c| (c.clone(), dir.item_name(c))).collect(),
                unfilled: s.unfilled,
            });
        }
        out[first..].sort_by_key(|sheet| sheet.team_number);
    }
    out
}

/// A 检查通知书: what one selected firm is told before the inspection — who comes
/// (names and 执法证号), when, for which items, under which task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionNotice<'a> {
    pub sheet: &'a TaskSheet,
    pub firm: &'a SheetFirm,
}

impl InspectionNotice<'_> {
    /// The notice's body, as printed: the firm, the period, the items, the team.
    pub fn body(&self, department: &str) -> Vec<String> {
        let s = self.sheet;
        let items: Vec<String> = self.firm.items.iter().map(|(code, name)| format!("{name}（{code}）")).collect();
        let members: Vec<String> = s
            .members
            .iter()
            .map(|m| {
                let role = if m.leader { "，组长" } else if m.expert { "，专家" } else { "" };
                format!("{}（执法证号 {}{role}）", m.name, m.id)
            })
            .collect();
        let mut lines = vec![
            format!("{}：", self.firm.name),
            format!(
                "根据{department}随机抽查工作安排，你单位经“双随机”公开抽取，列入抽查任务 {} {}。本部门将于 {} 至 {} 期间对你单位进行现场检查。",
                s.task_number, s.task_name, s.window.start, s.window.end
            ),
            format!("检查事项：{}。", if items.is_empty() { "按抽查事项清单".to_string() } else { items.join("；") }),
        ];
        if members.is_empty() {
            lines.push("检查人员：另行通知。".to_string());
        } else {
            lines.push(format!("检查人员：{}。检查时将出示执法证件。", members.join("、")));
        }
        lines.push("请你单位做好准备，安排熟悉情况的人员配合检查，并提供相关资料。".to_string());
        lines
    }
}

/// One 检查通知书 per selected firm, in the order of the task sheets.
pub fn inspection_notices(sheets: &[TaskSheet]) -> Vec<InspectionNotice<'_>> {
    sheets.iter().flat_map(|sheet| sheet.firms.iter().map(move |firm| InspectionNotice { sheet, firm })).collect()
}

/// A sheet's team as printed: `第 N 组`, or that no group could take its firms.
pub fn team_label(sheet: &TaskSheet) -> String {
    if sheet.team_number == 0 {
        "未分配检查组（每个组都有须回避的成员）".to_string()
    } else {
        format!("第 {} 组", sheet.team_number)
    }
}

/// The task sheets flattened for a spreadsheet: one row per firm, grouped by team.
pub fn task_sheet_table(b: &Bundle, sheets: &[TaskSheet]) -> Sheet {
    let mut rows = vec![strings(&[
        "抽取性质",
        "抽查任务编号",
        "抽查任务名称",
        "检查组",
        "检查组成员",
        "检查时间",
        "序号",
        "统一社会信用代码",
        "企业名称",
        "区域",
        "住所（经营场所）",
        "检查事项",
    ])];
    for sheet in sheets {
        let members: Vec<String> = sheet
            .members
            .iter()
            .map(|m| {
                let role = match (m.leader, m.expert) {
                    (true, _) => "，组长",
                    (_, true) => "，专家",
                    _ => "",
                };
                format!("{}（{}{role}）", m.name, m.id)
            })
            .collect();
        for f in &sheet.firms {
            let items: Vec<String> = f.items.iter().map(|(c, n)| format!("{c} {n}")).collect();
            rows.push(vec![
                status_zh(b).to_string(),
                sheet.task_number.clone(),
                sheet.task_name.clone(),
                team_label(sheet),
                members.join("、"),
                format!("{} 至 {}", sheet.window.start, sheet.window.end),
                f.order.to_string(),
                f.id.clone(),
                f.name.clone(),
                f.region.clone(),
                f.address.clone(),
                items.join("；"),
            ]);
        }
    }
    Sheet { name: sheet_name(b, "任务单"), rows }
}

/// The fields of the national publicity record, one row per firm and checklist
/// item (the record gives a result per item). 检查完成日期 and 检查结果 are left
/// empty: the inspectors fill them in after the visit.
pub fn publicity_sheet(b: &Bundle) -> Sheet {
    let dir = Directory(&b.inputs.directories);
    let plan = &b.inputs.plan;
    let mut rows = vec![strings(&[
        "抽查计划编号",
        "抽查计划名称",
        "抽查任务编号",
        "抽查任务名称",
        "抽查类型",
        "抽查机关",
        "抽查时间",
        "检查对象名称",
        "统一社会信用代码",
        "抽查事项",
        "检查完成日期",
        "检查结果",
        "备注",
    ])];
    let note = if b.commitment.rehearsal { REHEARSAL_MARK } else { "" };
    for task in &b.result.tasks {
        let period = plan_task(b, &task.number).map(|t| period_by_month(&t.window)).unwrap_or_default();
        for s in &task.selected {
            let names: Vec<String> = if s.items.is_empty() {
                vec![String::new()]
            } else {
                s.items.iter().map(|c| dir.item_name(c)).collect()
            };
            for item in names {
                rows.push(vec![
                    plan.number.clone(),
                    plan.name.clone(),
                    task.number.clone(),
                    task.name.clone(),
                    kind_zh(task.directed).to_string(),
                    plan.department.clone(),
                    period.clone(),
                    s.name.clone(),
                    s.id.clone(),
                    item,
                    String::new(),
                    String::new(),
                    note.to_string(),
                ]);
            }
        }
    }
    Sheet { name: sheet_name(b, "公示信息"), rows }
}

/// The declared replacements (候补) of every stratum, in the order in which they take
/// the place of a selected firm found closed or gone (SPEC §6.2): fixed by the draw
/// like the selection, so that a replacement is never chosen by hand.
pub fn reserve_sheet(b: &Bundle) -> Sheet {
    let dir = Directory(&b.inputs.directories);
    let mut rows = vec![strings(&[
        "抽取性质",
        "抽查任务编号",
        "抽查任务名称",
        "分层",
        "候补顺序",
        "统一社会信用代码",
        "企业名称",
        "住所（经营场所）",
        "区域",
        "票号",
    ])];
    for task in &b.result.tasks {
        for st in &task.strata {
            for (k, r) in st.reserves.iter().enumerate() {
                let firm = dir.enterprise(&r.id);
                rows.push(vec![
                    status_zh(b).to_string(),
                    task.number.clone(),
                    task.name.clone(),
                    crate::plan::stratum_label(&st.values, st.census),
                    (k + 1).to_string(),
                    r.id.clone(),
                    firm.map(|f| f.name.clone()).unwrap_or_default(),
                    firm.map(|f| f.address.clone()).unwrap_or_default(),
                    firm.map(|f| f.region.clone()).unwrap_or_default(),
                    r.ticket.clone(),
                ]);
            }
        }
    }
    Sheet { name: sheet_name(b, "候补名单"), rows }
}

/// The tables of a draw, in the order a workbook shows them.
pub fn all_sheets(b: &Bundle, groups: &GroupNumbers) -> Vec<Sheet> {
    let teams = task_sheets(b, groups);
    vec![result_sheet(b), task_sheet_table(b, &teams), reserve_sheet(b), publicity_sheet(b)]
}

/// CSV as Excel in China opens it: UTF-8 with a BOM, CRLF, every cell through
/// [`excel_safe_field`].
pub fn csv(sheet: &Sheet) -> String {
    let mut out = String::from("\u{FEFF}");
    for row in &sheet.rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&excel_safe_field(cell));
        }
        out.push_str("\r\n");
    }
    out
}

/// One CSV field as a spreadsheet program should see it: quoted as RFC 4180 says
/// when it has to be ([`crate::tabular::write_field`]), and defused when Excel
/// would run it as a formula.
///
/// A cell that starts with `=`, `+`, `-` or `@` and is not a number (`-12`, `+3.5`
/// stay numbers) gets a leading `'`, which Excel shows as text: directory text
/// comes from many hands, and a downloaded file is opened by double-click.
/// `excel_safe_field("=1+1")` is `'=1+1`, `excel_safe_field("a,b")` is `"a,b"`.
///
/// A code of digits only — an all-digit 统一社会信用代码, a 执法证号 — would become a
/// number: `9.11303E+17`, its last digits and leading zeros lost. It gets a leading
/// tab, which makes Excel keep the cell as text and which every importer (ours
/// included) trims.
pub fn excel_safe_field(cell: &str) -> String {
    let mut out = String::new();
    if starts_formula(cell) {
        crate::tabular::write_field(&mut out, &format!("'{cell}"));
    } else if is_digit_code(cell) || is_exponent_code(cell) {
        crate::tabular::write_field(&mut out, &format!("\t{cell}"));
    } else {
        crate::tabular::write_field(&mut out, cell);
    }
    out
}

fn starts_formula(cell: &str) -> bool {
    let Some(first) = cell.chars().next() else { return false };
    matches!(first, '=' | '+' | '-' | '@') && !is_plain_number(&cell[first.len_utf8()..])
}

/// Digits that Excel would turn into a number but are a code: more than 11 of them
/// (Excel shows 12 or more in scientific notation and keeps 15), or a leading zero.
fn is_digit_code(cell: &str) -> bool {
    let digits = cell.len();
    cell.bytes().all(|b| b.is_ascii_digit()) && (digits > 11 || (digits > 1 && cell.starts_with('0')))
}

/// Digits, one `E` and digits, as in a credit code such as `9113030212345678E9`:
/// Excel reads it as a number in scientific notation (9.11E+24), and the code is gone.
fn is_exponent_code(cell: &str) -> bool {
    let Some((mantissa, exponent)) = cell.split_once(['E', 'e']) else { return false };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(mantissa) && digits(exponent)
}

/// `12`, `3.5`: digits with at most one decimal point.
fn is_plain_number(s: &str) -> bool {
    let mut digits = 0;
    let mut points = 0;
    for c in s.chars() {
        match c {
            '0'..='9' => digits += 1,
            '.' => points += 1,
            _ => return false,
        }
    }
    digits > 0 && points <= 1
}

/// A file name that names the plan and says when it is a rehearsal:
/// `2023001-抽取结果-演练.csv`. Characters no file system accepts become `_`.
/// 核验码清单: each firm's credit code, name and 核验码, to hand a firm its own code.
pub fn codes_sheet(plan: &crate::model::Plan, codes: &[(String, String, String)]) -> Sheet {
    let mut rows = vec![strings(&["统一社会信用代码", "企业名称", "核验码"])];
    rows.extend(codes.iter().map(|(id, name, code)| vec![id.clone(), name.clone(), code.clone()]));
    Sheet { name: format!("{}-核验码", plan.number), rows }
}

pub fn file_name(b: &Bundle, what: &str, extension: &str) -> String {
    let rehearsal = if b.commitment.rehearsal { "-演练" } else { "" };
    let base = format!("{}-{what}{rehearsal}", b.inputs.plan.number);
    let safe: String = base.chars().map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() { '_' } else { c }).collect();
    format!("{safe}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_excel_would_run_are_defused_and_numbers_kept() {
        assert_eq!(excel_safe_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(excel_safe_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(excel_safe_field("+86 10"), "'+86 10");
        assert_eq!(excel_safe_field("-12"), "-12");
        assert_eq!(excel_safe_field("+3.5"), "+3.5");
        assert_eq!(excel_safe_field("a,b"), "\"a,b\"");
        assert_eq!(excel_safe_field("北京市"), "北京市");
        // An all-digit credit code and a code with a leading zero stay text; counts
        // and an 11-digit 执法证号 stay as they are.
        assert_eq!(excel_safe_field("911303021234567890"), "\"\t911303021234567890\"");
        assert_eq!(excel_safe_field("0123"), "\"\t0123\"");
        assert_eq!(excel_safe_field("13030012345"), "13030012345");
        assert_eq!(excel_safe_field("300"), "300");
        assert_eq!(excel_safe_field("0"), "0");
        let sheet = Sheet { name: "x".into(), rows: vec![vec!["=1+1".into(), "2".into()]] };
        assert_eq!(csv(&sheet), "\u{FEFF}'=1+1,2\r\n");
    }
}
