//! The organiser's exports of a draw: result table, task sheets per team, national
//! publicity record, CSV. Expected values come from the bundle itself (each export
//! is checked against the published result it restates) or are written out by hand.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use fairdraw::export::{self, Sheet, REHEARSAL_MARK};
use fairdraw::model::Window;
use fairdraw::protocol::Bundle;

fn column(sheet: &Sheet, header: &str) -> usize {
    sheet.rows[0].iter().position(|h| h == header).unwrap_or_else(|| panic!("no column {header} in {:?}", sheet.rows[0]))
}

fn cell<'a>(sheet: &'a Sheet, row: usize, header: &str) -> &'a str {
    &sheet.rows[row][column(sheet, header)]
}

fn selections(b: &Bundle) -> usize {
    b.result.tasks.iter().map(|t| t.selected.len()).sum()
}

#[test]
fn result_sheet_restates_every_selection_in_ticket_order() {
    let b = common::demo_bundle(false);
    let sheet = export::result_sheet(&b);
    assert_eq!(sheet.name, "抽取结果");
    assert_eq!(sheet.rows.len(), 1 + selections(&b));
    assert!(sheet.rows.iter().all(|r| r.len() == sheet.rows[0].len()));
    let mut row = 1;
    for task in &b.result.tasks {
        for (i, s) in task.selected.iter().enumerate() {
            assert_eq!(cell(&sheet, row, "抽查任务编号"), task.number);
            assert_eq!(cell(&sheet, row, "序号"), (i + 1).to_string());
            assert_eq!(cell(&sheet, row, "统一社会信用代码"), s.id);
            assert_eq!(cell(&sheet, row, "企业名称"), s.name);
            assert_eq!(cell(&sheet, row, "票号"), s.ticket);
            let firm = b.inputs.directories.enterprises.iter().find(|e| e.id == s.id).unwrap();
            assert_eq!(cell(&sheet, row, "住所（经营场所）"), firm.address);
            for m in &s.team {
                assert!(cell(&sheet, row, "执法检查人员").contains(&format!("{}（{}）", m.name, m.id)), "row {row}");
            }
            for code in &s.items {
                assert!(cell(&sheet, row, "检查事项").contains(code.as_str()), "row {row}");
            }
            assert_eq!(cell(&sheet, row, "抽取性质"), "正式抽取");
            row += 1;
        }
    }
}

#[test]
fn experts_and_shortfalls_are_stated() {
    let mut b = common::demo_bundle(false);
    let s = &mut b.result.tasks[0].selected[0];
    s.team[1].role = fairdraw::draw::Role::Expert;
    s.over_cap = 1;
    s.unfilled = 2;
    let expert = format!("{}（{}）", s.team[1].name, s.team[1].id);
    let sheet = export::result_sheet(&b);
    assert_eq!(cell(&sheet, 1, "专家"), expert);
    assert!(!cell(&sheet, 1, "执法检查人员").contains(&expert));
    let note = cell(&sheet, 1, "备注");
    assert!(note.contains("1 个名额超出检查人员负荷上限"), "{note}");
    assert!(note.contains("2 个名额无符合条件的检查人员"), "{note}");
    assert_eq!(cell(&sheet, 2, "备注"), "");
}

#[test]
fn task_sheets_group_each_firm_under_exactly_its_team() {
    let b = common::demo_bundle(false);
    let sheets = export::task_sheets(&b, &Default::default());
    for task in &b.result.tasks {
        let of_task: Vec<_> = sheets.iter().filter(|s| s.task_number == task.number).collect();
        assert_eq!(of_task.iter().map(|s| s.team_number).collect::<Vec<_>>(), (1..=of_task.len()).collect::<Vec<_>>());
        let mut teams = BTreeSet::new();
        let mut seen = BTreeMap::new();
        for sheet in &of_task {
            let team: BTreeSet<&str> = sheet.members.iter().map(|m| m.id.as_str()).collect();
            assert!(teams.insert(team.clone()), "team {team:?} has two sheets");
            assert!(sheet.firms.windows(2).all(|w| w[0].order < w[1].order), "firms in ticket order");
            for f in &sheet.firms {
                let s = &task.selected[f.order - 1];
                assert_eq!(s.id, f.id);
                assert_eq!(s.team.iter().map(|m| m.id.as_str()).collect::<BTreeSet<_>>(), team);
                assert_eq!(f.items.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(), s.items);
                assert!(seen.insert(f.id.clone(), sheet.team_number).is_none());
            }
            let window = &b.inputs.plan.tasks.iter().find(|t| t.number == task.number).unwrap().window;
            assert_eq!(&sheet.window, window);
        }
        assert_eq!(seen.len(), task.selected.len(), "every firm on one sheet");
    }
    let table = export::task_sheet_table(&b, &sheets);
    assert_eq!(table.rows.len(), 1 + selections(&b));
    // Each row's region and address are the firm's own, from the directory.
    for r in 1..table.rows.len() {
        let firm = b.inputs.directories.enterprises.iter().find(|e| e.id == cell(&table, r, "统一社会信用代码")).unwrap();
        assert_eq!((cell(&table, r, "区域"), cell(&table, r, "住所（经营场所）")), (firm.region.as_str(), firm.address.as_str()));
    }
    assert!(b.inputs.directories.enterprises.iter().any(|e| !e.region.is_empty()), "the demo has regions to show");
}

#[test]
fn members_carry_their_unit_from_the_inspector_directory() {
    let b = common::demo_bundle(false);
    let sheets = export::task_sheets(&b, &Default::default());
    let m = &sheets[0].members[0];
    let inspector = b.inputs.directories.inspectors.iter().find(|i| i.id == m.id).unwrap();
    assert_eq!(m.unit, inspector.unit);
    assert_eq!(m.name, inspector.name);
}

#[test]
fn publicity_rows_are_one_per_firm_and_item() {
    let b = common::demo_bundle(false);
    let sheet = export::publicity_sheet(&b);
    let expected: usize = b.result.tasks.iter().flat_map(|t| &t.selected).map(|s| s.items.len().max(1)).sum();
    assert_eq!(sheet.rows.len(), 1 + expected);
    let plan = &b.inputs.plan;
    for r in 1..sheet.rows.len() {
        assert_eq!(cell(&sheet, r, "抽查计划编号"), plan.number);
        assert_eq!(cell(&sheet, r, "抽查机关"), plan.department);
        assert!(matches!(cell(&sheet, r, "抽查类型"), "定向抽查" | "不定向抽查"));
        assert_eq!(cell(&sheet, r, "检查结果"), "", "filled in after the visit");
        assert_eq!(cell(&sheet, r, "备注"), "");
    }
    let first = &b.result.tasks[0].selected[0];
    let item = b.inputs.directories.checklist.iter().find(|c| c.code == first.items[0]).unwrap();
    assert_eq!(cell(&sheet, 1, "抽查事项"), item.name);
    assert_eq!(cell(&sheet, 1, "统一社会信用代码"), first.id);
}

#[test]
fn a_rehearsal_says_so_on_every_row_and_in_every_name() {
    let b = common::demo_bundle(true);
    for sheet in export::all_sheets(&b, &Default::default()) {
        assert!(sheet.name.ends_with("（演练）"), "{}", sheet.name);
        let mark = sheet.rows[0].iter().position(|h| h == "抽取性质" || h == "备注").unwrap();
        for row in &sheet.rows[1..] {
            assert!(row[mark].contains(REHEARSAL_MARK) || row.iter().any(|c| c == REHEARSAL_MARK), "{} {row:?}", sheet.name);
        }
    }
    assert_eq!(export::file_name(&b, "抽取结果", "csv"), format!("{}-抽取结果-演练.csv", b.inputs.plan.number));
    let real = common::demo_bundle(false);
    assert_eq!(export::file_name(&real, "公示信息", "xlsx"), format!("{}-公示信息.xlsx", real.inputs.plan.number));
}

#[test]
fn periods_are_given_to_the_month() {
    fn check(start: &str, end: &str, expected: &str) {
        let w = Window { start: start.into(), end: end.into() };
        assert_eq!(export::period_by_month(&w), expected, "{start}..{end}");
    }
    check("2023-03-01", "2023-06-30", "2023年3月至6月");
    check("2023-07-01", "2023-07-31", "2023年7月");
    check("2023-11-15", "2024-02-10", "2023年11月至2024年2月");
    check("", "", " 至 ");
}

#[test]
fn csv_is_excel_ready_and_reads_back() {
    fn check(cells: &[&str], expected_line: &str) {
        let sheet = Sheet { name: "t".into(), rows: vec![cells.iter().map(|c| c.to_string()).collect()] };
        let text = export::csv(&sheet);
        assert_eq!(text, format!("\u{FEFF}{expected_line}\r\n"), "{cells:?}");
    }
    check(&["a", "b"], "a,b");
    check(&["秦皇岛, 海港区", "x"], "\"秦皇岛, 海港区\",x");
    check(&["say \"hi\""], "\"say \"\"hi\"\"\"");
    check(&["=HYPERLINK(\"x\")"], "\"'=HYPERLINK(\"\"x\"\")\"");
    check(&["+86 335", "@SUM(A1)", "-x"], "'+86 335,'@SUM(A1),'-x");
    check(&["-12", "+3.5", "-"], "-12,+3.5,'-");
    // Codes of digits only stay text in Excel (a leading tab), so that neither an
    // all-digit credit code nor a leading zero is lost.
    check(&["91130302MA0CXXXX0A", "0012"], "91130302MA0CXXXX0A,\"\t0012\"");
    check(&["911303021234567890", "12"], "\"\t911303021234567890\",12");

    let b = common::demo_bundle(false);
    let sheet = export::result_sheet(&b);
    let table = fairdraw::import::parse_csv("result.csv", &export::csv(&sheet)).unwrap();
    assert_eq!(table.headers, sheet.rows[0]);
    // The tab that keeps a digit code text is trimmed by every importer.
    let read: Vec<Vec<&str>> = table.rows.iter().map(|r| r.cells.iter().map(|c| c.trim_start_matches('\t')).collect()).collect();
    let written: Vec<Vec<&str>> = sheet.rows[1..].iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    assert_eq!(read, written);
}

/// A format 2 draw with inspection groups: one sheet per group, numbered as the
/// published result numbers the groups, its 组长 marked.
#[test]
fn task_sheets_of_a_group_draw_carry_the_published_group_numbers() {
    let mut inputs = common::demo_inputs2(400, 40);
    for t in &mut inputs.plan.tasks {
        t.team.groups = Some(3);
        t.team.leader = Some(true);
    }
    let a = common::auditor_of(inputs, false);
    let b = fairdraw::organizer::papers_view(&a).unwrap();
    let groups = fairdraw::organizer::group_numbers(&a);
    let sheets = export::task_sheets(&b, &groups);
    for task in &a.result.tasks {
        let of_task: Vec<_> = sheets.iter().filter(|s| s.task_number == task.number).collect();
        assert!(of_task.windows(2).all(|w| w[0].team_number < w[1].team_number), "groups in their order");
        for sheet in of_task {
            for f in &sheet.firms {
                let s = task.selected.iter().find(|s| s.id == f.id).unwrap();
                assert_eq!(sheet.team_number as u64, s.group);
            }
            if sheet.team_number > 0 {
                assert!(sheet.members[0].leader && sheet.members.iter().skip(1).all(|m| !m.leader));
            }
        }
    }
    let table = export::task_sheet_table(&b, &sheets);
    let first = &sheets[0];
    let row = table.rows.iter().find(|r| r.iter().any(|c| *c == first.firms[0].id)).unwrap();
    assert!(row.iter().any(|c| *c == format!("第 {} 组", first.team_number)), "{row:?}");
    assert!(row.iter().any(|c| c.contains("，组长）")), "{row:?}");
}

/// An all-digit credit code written for Excel (with its leading tab) imports back
/// as the same code.
#[test]
fn an_all_digit_credit_code_survives_the_round_trip() {
    let code = (0..100u32)
        .map(|k| {
            let first17 = format!("911303021234567{k:02}");
            format!("{first17}{}", fairdraw::uscc::check_char(&first17).unwrap())
        })
        .find(|code| code.bytes().all(|b| b.is_ascii_digit()))
        .unwrap();
    let sheet = Sheet {
        name: "x".into(),
        rows: vec![
            ["统一社会信用代码", "企业名称", "信用风险分类"].map(String::from).to_vec(),
            vec![code.clone(), "秦皇岛示例有限公司".into(), "B".into()],
        ],
    };
    let text = export::csv(&sheet);
    assert!(text.contains(&format!("\"\t{code}\"")), "{text}");
    let imported = fairdraw::import::import_enterprises_csv("x.csv", text.as_bytes(), &Default::default()).unwrap();
    assert_eq!(imported.records[0].id, code);
}

/// A credit code of digits with one E (USCC letters include E) is a number in
/// scientific notation to Excel: it is kept as text too, and read back as it was.
#[test]
fn a_credit_code_excel_would_read_as_an_exponent_survives_the_round_trip() {
    let code = (0..1000u32)
        .map(|k| {
            let first17 = format!("9113030212345E{k:03}");
            format!("{first17}{}", fairdraw::uscc::check_char(&first17).unwrap())
        })
        .find(|code| code.bytes().filter(|b| !b.is_ascii_digit()).count() == 1)
        .unwrap();
    let sheet = Sheet {
        name: "x".into(),
        rows: vec![
            ["统一社会信用代码", "企业名称", "信用风险分类", "备注"].map(String::from).to_vec(),
            vec![code.clone(), "秦皇岛示例有限公司".into(), "B".into(), "E".into()],
        ],
    };
    let text = export::csv(&sheet);
    assert!(text.contains(&format!("\"\t{code}\"")), "{text}");
    assert!(text.contains(",E"), "a lone letter is no number: {text}");
    let imported = fairdraw::import::import_enterprises_csv("x.csv", text.as_bytes(), &Default::default()).unwrap();
    assert_eq!(imported.records[0].id, code);
}

/// Every declared replacement, stratum by stratum in its order, with the firm's
/// name and address from the directory; a rehearsal says so.
#[test]
fn the_reserve_sheet_lists_every_replacement_in_order() {
    let b = common::demo_bundle(false);
    let sheet = export::reserve_sheet(&b);
    let expected: Vec<(&str, &str)> =
        b.result.tasks.iter().flat_map(|t| t.strata.iter().flat_map(move |st| st.reserves.iter().map(move |r| (t.number.as_str(), r.id.as_str())))).collect();
    assert!(!expected.is_empty(), "the demo plan declares reserves");
    assert_eq!(sheet.rows.len(), 1 + expected.len());
    for (row, (task, id)) in expected.iter().enumerate() {
        let row = row + 1;
        assert_eq!(cell(&sheet, row, "抽查任务编号"), *task);
        assert_eq!(cell(&sheet, row, "统一社会信用代码"), *id);
        let firm = b.inputs.directories.enterprises.iter().find(|e| e.id == *id).unwrap();
        assert_eq!(cell(&sheet, row, "企业名称"), firm.name);
        assert_eq!(cell(&sheet, row, "住所（经营场所）"), firm.address);
    }
    assert_eq!(cell(&sheet, 1, "候补顺序"), "1");
    let rehearsal = export::reserve_sheet(&common::demo_bundle(true));
    assert!(rehearsal.name.ends_with("（演练）"));
    assert!(rehearsal.rows[1..].iter().all(|r| r[0] == REHEARSAL_MARK));
}

/// One 检查通知书 per selected firm, each naming the firm, its task's period, its own
/// items and every member of its team with the 执法证号, restated from the bundle.
#[test]
fn every_selected_firm_gets_one_inspection_notice_from_the_bundle() {
    let b = common::demo_bundle(false);
    let sheets = export::task_sheets(&b, &Default::default());
    let notices = export::inspection_notices(&sheets);
    assert_eq!(notices.len(), selections(&b));
    let department = &b.inputs.plan.department;
    for task in &b.result.tasks {
        let window = &b.inputs.plan.tasks.iter().find(|t| t.number == task.number).unwrap().window;
        for s in &task.selected {
            let n = notices.iter().find(|n| n.sheet.task_number == task.number && n.firm.id == s.id).expect("a notice per selection");
            let text = n.body(department).join("\n");
            assert!(text.starts_with(&format!("{}：", s.name)), "{text}");
            assert!(text.contains(&format!("{} 至 {}", window.start, window.end)), "{text}");
            assert!(text.contains(department.as_str()));
            for code in &s.items {
                assert!(text.contains(&format!("（{code}）")), "item {code} in {text}");
            }
            for m in &s.team {
                assert!(text.contains(&format!("{}（执法证号 {}", m.name, m.id)), "member {} in {text}", m.id);
            }
        }
    }
}
