//! XLSX: the writer's workbooks read back by the reader, and workbooks written by
//! another program (openpyxl, see tests/fixtures/import/make_fixtures.py) read
//! with every problem located by Excel row and header.
#![cfg(feature = "xlsx")]

use fairdraw::import::xlsx::{self, Sheet};
use fairdraw::import::*;
use fairdraw::Problems;

fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    Sheet { name: name.into(), rows: rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect() }
}

/// The rows of a read sheet with their Excel row numbers, header first.
fn rows_of(read: &SheetRead) -> Vec<(u64, Vec<String>)> {
    let t = read.table.as_ref().expect("table");
    let header_row = t.rows.first().map(|r| r.row - 1).unwrap_or(1);
    std::iter::once((header_row, t.headers.clone())).chain(t.rows.iter().map(|r| (r.row, r.cells.to_vec()))).collect()
}

fn check_round_trip(sheets: &[Sheet], expected: &[(&str, Vec<(u64, Vec<String>)>)]) {
    let bytes = xlsx::write_workbook(sheets);
    assert!(xlsx::is_xlsx(&bytes));
    let read = xlsx::read_workbook("t.xlsx", &bytes).unwrap();
    let got: Vec<(String, Vec<(u64, Vec<String>)>)> = read.iter().map(|s| (s.name.clone(), rows_of(s))).collect();
    let want: Vec<(String, Vec<(u64, Vec<String>)>)> = expected.iter().map(|(n, r)| (n.to_string(), r.clone())).collect();
    assert_eq!(got, want);
    assert!(read.iter().all(|s| s.problems.is_empty()));
}

fn v(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn writer_round_trips_text_exactly() {
    let id18 = "913501021234567890";
    check_round_trip(
        &[
            sheet("执法人员", &[&["执法证号", "姓名", "备注"], &["0012345678901", "林晓明", ""], &[id18, "陈静", "多行\n文本"], &["2026-03-15", "=1+1", " 空格 "]]),
            sheet("执法人员", &[&["a"]]),
        ],
        &[
            (
                "执法人员",
                vec![
                    (1, v(&["执法证号", "姓名", "备注"])),
                    (2, v(&["0012345678901", "林晓明"])),
                    (3, v(&[id18, "陈静", "多行\n文本"])),
                    (4, v(&["2026-03-15", "=1+1", " 空格 "])),
                ],
            ),
            ("执法人员 (2)", vec![(1, v(&["a"]))]),
        ],
    );
}

#[test]
fn writer_output_is_reproducible_and_a_template_imports() {
    assert_eq!(xlsx::write_workbook(&[sheet("s", &[&["a"], &["1"]])]), xlsx::write_workbook(&[sheet("s", &[&["a"], &["1"]])]));
    for kind in FileKind::ALL {
        let bytes = xlsx::template_xlsx(kind);
        let read = xlsx::read_sheet("模板.xlsx", &bytes, None).unwrap();
        assert_eq!(read.name, kind.label_zh());
        let csv = template_csv(kind);
        let from_csv = parse_csv("模板.csv", &csv).unwrap();
        let table = read.table.as_ref().unwrap();
        assert_eq!(table.headers, from_csv.headers, "{kind:?}");
        let cells = |t: &Table| t.rows.iter().map(|r| (r.row, r.cells.iter().rev().skip_while(|c| c.is_empty()).map(str::to_string).collect::<Vec<_>>())).collect::<Vec<_>>();
        assert_eq!(cells(table), cells(&from_csv), "{kind:?}");
    }
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

/// (row, column) of every error, in report order.
fn error_cells(p: &Problems) -> Vec<(Option<u64>, String)> {
    p.0.iter().filter(|p| !p.warning).map(|p| (p.row, p.column.clone())).collect()
}

#[test]
fn inspector_directory_written_by_openpyxl_imports() {
    let got = xlsx::import_inspectors_xlsx("执法人员.xlsx", &fixture("inspectors.xlsx"), None, &ImportOptions::default()).unwrap();
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    // The values make_xlsx_fixtures.py writes: numbers without ".0", date cells
    // in any date format as YYYY-MM-DD, a text ID keeping its leading zeros.
    let rows: Vec<(&str, &str, &str, bool, &str)> =
        got.records.iter().map(|i| (i.id.as_str(), i.name.as_str(), i.cert_expiry.as_str(), i.expert, i.status.as_str())).collect();
    assert_eq!(
        rows,
        [
            ("0035010021004", "赵敏", "2028-01-15", false, "inactive"),
            ("35010021001", "林晓明", "2027-06-30", false, "active"),
            ("35010021002", "陈静", "2026-12-31", false, "active"),
            ("ZJ-0001", "王磊", "", true, "active"),
        ]
    );
    assert_eq!(got.records[1].conflicts, ["92350104MA8U2N3P6C"]);
    assert_eq!(got.records[1].qualifications, ["特种设备", "食品安全"]);

    let names: Vec<String> = xlsx::read_workbook("执法人员.xlsx", &fixture("inspectors.xlsx")).unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["执法人员", "填写说明"]);
    // The formatted but empty row 30 adds nothing.
    let first = xlsx::read_sheet("执法人员.xlsx", &fixture("inspectors.xlsx"), None).unwrap();
    assert_eq!(first.table.unwrap().rows.last().unwrap().row, 5);
}

#[test]
fn inspector_directory_with_errors_is_reported_by_excel_row_and_header() {
    let err = xlsx::import_inspectors_xlsx("执法人员.xlsx", &fixture("inspectors_errors.xlsx"), None, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        error_cells(&err),
        [
            (Some(3), "执法证号".to_string()),
            (Some(4), "姓名".to_string()),
            (Some(5), "执法证有效期至".to_string()),
            (Some(6), "执法证号".to_string()),
        ],
        "{err}"
    );
    let check = |row: u64, zh: &str, en: &str| {
        let p = err.0.iter().find(|p| p.row == Some(row)).unwrap();
        assert!(p.text.zh.contains(zh) && p.text.en.contains(en) && p.file == "执法人员.xlsx", "{p:?}");
    };
    check(3, "与第 2 行重复", "duplicates row 2");
    check(4, "必填项为空", "required field is empty");
    check(5, "2027-13-45", "not a valid date");
    check(6, "单元格 A6 的数字 350102199001011000 超过 15 位有效数字", "cell A6");
    check(6, "“文本”格式", "Format this column as Text");
}

#[test]
fn dates_from_a_1904_workbook() {
    let got = xlsx::import_history_xlsx("记录.xlsx", &fixture("history_1904.xlsx"), None, &ImportOptions::default()).unwrap();
    let dates: Vec<(&str, &str)> = got.records.iter().map(|h| (h.enterprise_id.as_str(), h.date.as_str())).collect();
    assert_eq!(dates, [("91350100MA34R6T9X5", "2026-04-02"), ("91350102MA2Y4B7K18", "2026-03-15")]);
}

fn check_unreadable(bytes: &[u8], zh: &str, en: &str) {
    let err = xlsx::read_workbook("坏.xlsx", bytes).unwrap_err();
    assert_eq!(err.0.len(), 1);
    let p = &err.0[0];
    assert!(p.file == "坏.xlsx" && p.text.zh.contains(zh) && p.text.en.contains(en), "{p:?}");
    let err = xlsx::import_enterprises_xlsx("坏.xlsx", bytes, None, &ImportOptions::default()).unwrap_err();
    assert!(err.0[0].text.zh.contains(zh));
}

#[test]
fn unreadable_files_are_clear_errors() {
    check_unreadable(&fixture("encrypted.xlsx"), "打开密码", "password-protected");
    let good = fixture("inspectors.xlsx");
    check_unreadable(&good[..good.len() / 2], "损坏", "damaged");
    check_unreadable(&good[..200], "损坏", "damaged");
    check_unreadable(b"PK\x03\x04", "损坏", "damaged");
    check_unreadable("执法证号,姓名\n1,张三\n".as_bytes(), "不是 Excel 工作簿", "not an Excel workbook");
    check_unreadable(b"", "不是 Excel 工作簿", "not an Excel workbook");
    let xls = fixture("enterprises_bureau.xls");
    check_unreadable(&xls[..xls.len() / 2], "损坏", "damaged");
    check_unreadable(&xls[..600], "损坏", "damaged");
    // Damage anywhere is an error, never a panic.
    for good in [good, xls, fixture("enterprises_bureau.ods")] {
        for i in (0..good.len()).step_by(97) {
            let mut bytes = good.clone();
            bytes[i] ^= 0x5A;
            let _ = xlsx::read_workbook("坏.xlsx", &bytes);
        }
    }
}

#[test]
fn sheets_by_name() {
    let bytes = fixture("inspectors.xlsx");
    let notes = xlsx::read_sheet("人员.xlsx", &bytes, Some("填写说明")).unwrap();
    assert_eq!(notes.table.unwrap().headers, ["说明"]);
    let err = xlsx::read_sheet("人员.xlsx", &bytes, Some("Sheet1")).unwrap_err();
    assert!(err.0[0].text.zh.contains("没有名为“Sheet1”的工作表") && err.0[0].text.zh.contains("执法人员、填写说明"), "{err}");
    let err = xlsx::import_inspectors_xlsx("人员.xlsx", &bytes, Some("填写说明"), &ImportOptions::default()).unwrap_err();
    assert!(error_cells(&err).iter().any(|(_, c)| c == "执法证号"), "{err}");
}

/// A cell written by rust_xlsxwriter (a writer independent of the reader).
enum Cell {
    Number(f64),
    Date(u16, u8, u8),
    DateTime(u16, u8, u8, u8, u8),
    Formula(&'static str, &'static str),
    Bool(bool),
}

/// Writes `cell` at `at` (row, column, 0-based) under a header at A1, reads the
/// sheet back and compares the cell's text and the located problem, if any.
fn check(cell: Cell, at: (u32, u16), expected: &str, problem: Option<(u64, &str, &str)>) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "执法证号").unwrap();
    ws.write_string(0, 1, "姓名").unwrap();
    let (row, col) = at;
    match cell {
        Cell::Number(n) => ws.write_number(row, col, n).map(|_| ()),
        Cell::Date(y, m, d) => {
            let format = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
            ws.write_datetime_with_format(row, col, ExcelDateTime::from_ymd(y, m, d).unwrap(), &format).map(|_| ())
        }
        Cell::DateTime(y, m, d, h, mi) => {
            let format = Format::new().set_num_format("yyyy-mm-dd hh:mm");
            let dt = ExcelDateTime::from_ymd(y, m, d).unwrap().and_hms(u16::from(h), mi, 0).unwrap();
            ws.write_datetime_with_format(row, col, dt, &format).map(|_| ())
        }
        Cell::Formula(f, result) => ws.write_formula(row, col, Formula::new(f).set_result(result)).map(|_| ()),
        Cell::Bool(b) => ws.write_boolean(row, col, b).map(|_| ()),
    }
    .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let read = xlsx::read_sheet("t.xlsx", &bytes, None).unwrap();
    let table = read.table.as_ref().unwrap();
    let r = table.rows.iter().find(|r| r.row == u64::from(row) + 1).expect("row");
    assert_eq!(r.cells.get(col as usize), Some(expected));
    let got: Vec<(u64, &str)> = read.problems.iter().map(|p| (p.row.unwrap(), p.column.as_str())).collect();
    match problem {
        None => assert!(got.is_empty(), "{:?}", read.problems),
        Some((prow, pcol, cell_ref)) => {
            assert_eq!(got, [(prow, pcol)]);
            assert!(read.problems[0].text.zh.contains(&format!("单元格 {cell_ref} ")) && read.problems[0].text.en.contains(&format!("cell {cell_ref} ")));
        }
    }
}

#[test]
fn cells_read_as_excel_shows_them() {
    check(Cell::Number(12345678901.0), (1, 0), "12345678901", None);
    check(Cell::Number(35010021001.0), (4, 0), "35010021001", None);
    check(Cell::Number(2.5), (1, 1), "2.5", None);
    check(Cell::Number(999_999_999_999_999.0), (1, 0), "999999999999999", None);
    // An 18-digit code typed without the Text format: Excel has kept 15 digits.
    check(Cell::Number(913501021234567890.0), (2, 0), "913501021234568000", Some((3, "执法证号", "A3")));
    check(Cell::Number(1e16), (6, 1), "10000000000000000", Some((7, "姓名", "B7")));
    // Beyond the header's columns the column is named by its letter.
    check(Cell::Number(1e16), (1, 27), "10000000000000000", Some((2, "AB", "AB2")));
    check(Cell::Date(2027, 6, 30), (1, 1), "2027-06-30", None);
    check(Cell::Date(1900, 1, 1), (1, 1), "1900-01-01", None);
    check(Cell::Date(1900, 3, 1), (1, 1), "1900-03-01", None);
    check(Cell::DateTime(2026, 3, 15, 9, 30), (1, 1), "2026-03-15 09:30:00", None);
    check(Cell::Formula("=A1&\"\"", "35010021001"), (1, 0), "35010021001", None);
    check(Cell::Formula("=1+1", "2"), (1, 1), "2", None);
    check(Cell::Bool(true), (1, 1), "TRUE", None);
}

#[test]
fn a_sheet_that_starts_further_down_keeps_excel_positions() {
    let bytes = xlsx::write_workbook(&[sheet("s", &[&["执法证号"]])]);
    let read = xlsx::read_sheet("t.xlsx", &bytes, None).unwrap();
    assert_eq!(read.table.unwrap().rows.len(), 0);
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(2, 2, "执法证号").unwrap();
    ws.write_string(3, 2, "35010021001").unwrap();
    ws.write_string(5, 3, "x").unwrap();
    let read = xlsx::read_sheet("t.xlsx", &book.save_to_buffer().unwrap(), None).unwrap();
    let t = read.table.unwrap();
    assert_eq!(t.headers, ["", "", "执法证号"]);
    let rows: Vec<(u64, Vec<String>)> = t.rows.into_iter().map(|r| (r.row, r.cells.to_vec())).collect();
    assert_eq!(rows, [(4, v(&["", "", "35010021001"])), (6, v(&["", "", "", "x"]))]);
    let empty = xlsx::read_workbook("t.xlsx", &Workbook::new().save_to_buffer().unwrap()).unwrap();
    assert!(empty[0].table.is_none() && empty[0].problems[0].text.zh.contains("是空的"), "{:?}", empty[0]);
}

#[test]
fn the_command_line_takes_workbooks() {
    use std::process::Command;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("xlsx-cli");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fairdraw = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_fairdraw")).args(args).output().unwrap();
    let d = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let out = fairdraw(&["demo", "--out", &d(""), "--enterprises", "200", "--inspectors", "30", "--format", "xlsx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The enterprises under a .bin name: recognised by content.
    std::fs::rename(d("enterprises.xlsx"), d("enterprises.bin")).unwrap();
    let commit = |inspectors: &str, sheet: Option<&str>| {
        let mut args = vec!["commit", "--plan", &d("plan.json")].into_iter().map(String::from).collect::<Vec<_>>();
        for (flag, file) in [("--enterprises", d("enterprises.bin")), ("--inspectors", inspectors.to_string()), ("--items", d("checklist.xlsx")), ("--history", d("history.xlsx"))] {
            args.push(flag.into());
            args.push(file);
        }
        if let Some(s) = sheet {
            args.extend(["--sheet".to_string(), s.to_string()]);
        }
        args.extend(["--beacon", "quicknet:1000", "--rehearsal", "--salt", &"ab".repeat(16), "--out", &d("commit")].map(String::from));
        Command::new(env!("CARGO_BIN_EXE_fairdraw")).args(&args).output().unwrap()
    };
    let out = commit(&d("inspectors.xlsx"), None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("commit/commitment.json").is_file());

    let bad = format!("{FIXTURES}/inspectors_errors.xlsx");
    let out = commit(&bad, None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for line in ["inspectors_errors.xlsx，第 3 行，“执法证号”列", "inspectors_errors.xlsx，第 6 行，“执法证号”列：单元格 A6", "row 5, column “执法证有效期至”"] {
        assert!(err.contains(line), "{line} not in\n{err}");
    }
    let out = commit(&d("inspectors.xlsx"), Some("没有这张表"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有名为“没有这张表”的工作表"));
}

// A 检查对象名录库 as a provincial 双随机 platform exports it: the same sheet as
// tests/fixtures/import/enterprises_bureau.xls (make_bureau_fixtures.py).

const BUREAU_TITLE: &str = "2026年度双随机抽查对象名录";
const BUREAU_NOTE: &str = "导出时间：2026-03-01 09:30    导出人：王五    导出单位：示例县市场监督管理局";
const BUREAU_HEADERS: [&str; 7] = ["统一社会信用代码", "企业名称", "所属乡镇", "详细地址", "是否重点执法检查企业", "是否列入黑名单", "信用风险分类"];
/// (township, name, address, 是否重点执法检查企业, 是否列入黑名单, 信用风险分类), in sheet order.
const BUREAU_FIRMS: [(&str, &str, &str, &str, &str, &str); 10] = [
    ("城关镇", "示例县城关粮油店", "城关镇解放路12号", "否", "否", "A"),
    ("城关镇", "示例县恒丰化工有限公司", "城关镇工业园区3号", "是", "否", "D"),
    ("城关镇", "示例县城关镇惠民药店", "城关镇人民路88号", "√", "", "B"),
    ("城关镇", "示例县鑫源建材商行", "城关镇环城北路7号", "否", "否", "B"),
    ("东湖镇", "示例县东湖水产养殖合作社", "东湖镇湖滨村", "否", "否", "A"),
    ("东湖镇", "示例县东湖烟花爆竹经营部", "东湖镇东湖街20号", "是", "是", "C"),
    ("东湖镇", "示例县湖景餐饮有限公司", "东湖镇湖景路5号", "否", "否", "B"),
    ("西山乡", "示例县西山矿业有限公司", "西山乡矿区路1号", "是", "否", "C"),
    ("南湾街道", "示例县南湾特种设备检修有限公司", "南湾街道滨江路66号", "√", "否", "B"),
    ("南湾街道", "示例县南湾便利店", "南湾街道南湾社区", "", "", "A"),
];
const BUREAU_FOOTERS: [&[&str]; 3] =
    [&["制表人：张三", "", "", "审核人：李四"], &["合计：10家"], &["填表说明：本表由双随机监管平台导出，是否重点执法检查企业、是否列入黑名单以“是/否”填写。"]];

fn bureau_uscc(n: usize) -> String {
    let first17 = format!("913501217{n:08}");
    format!("{first17}{}", fairdraw::uscc::check_char(&first17).unwrap())
}

/// The bureau's sheet as an .xlsx: title and note merged across, 所属乡镇 merged
/// down over each township's firms.
fn bureau_xlsx() -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    // A fixed creation time, so that the same sheet gives the same bytes.
    book.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2026, 3, 1).unwrap()));
    let plain = Format::new();
    let ws = book.add_worksheet();
    ws.set_name("抽查对象名录").unwrap();
    ws.merge_range(0, 0, 0, 6, BUREAU_TITLE, &plain).unwrap();
    ws.merge_range(1, 0, 1, 6, BUREAU_NOTE, &plain).unwrap();
    for (c, h) in BUREAU_HEADERS.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let mut township_start = 0;
    for (i, (township, name, address, key, blacklist, risk)) in BUREAU_FIRMS.iter().enumerate() {
        let row = 4 + i as u32;
        for (c, value) in [(0, bureau_uscc(i + 1).as_str()), (1, name), (3, address), (4, key), (5, blacklist), (6, risk)] {
            if !value.is_empty() {
                ws.write_string(row, c, value).unwrap();
            }
        }
        let last_of_township = BUREAU_FIRMS.get(i + 1).is_none_or(|next| next.0 != *township);
        if last_of_township {
            let first = 4 + township_start as u32;
            if first == row {
                ws.write_string(row, 2, *township).unwrap();
            } else {
                ws.merge_range(first, 2, row, 2, township, &plain).unwrap();
            }
            township_start = i + 1;
        }
    }
    for (r, footer) in BUREAU_FOOTERS.iter().enumerate() {
        for (c, value) in footer.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            ws.write_string(15 + r as u32, c as u16, *value).unwrap();
        }
    }
    // The explanation runs over two rows, merged: not data, so no fill is reported.
    ws.merge_range(17, 0, 18, 6, BUREAU_FOOTERS[2][0], &plain).unwrap();
    book.save_to_buffer().unwrap()
}

/// Imports the bureau's sheet from `bytes` and checks every record and notice.
fn check_bureau_enterprises(file: &str, bytes: &[u8], merged: bool) {
    assert!(is_workbook(file, bytes));
    let got = import_bytes(FileKind::Enterprises, file, bytes, None, &ImportOptions::default());
    assert!(!got.has_errors(), "{file}: {:?}", got.problems);
    let mapping = got.mapping.as_ref().unwrap();
    let targets: Vec<Target> = mapping.columns.iter().map(|c| c.target.clone()).collect();
    let fields = ["uscc", "name", "region", "address", "key", "blacklist", "risk"].map(|f| Target::Field(f.into()));
    assert_eq!(targets, fields, "{file}: every column recognised");
    let table = got.table.as_ref().unwrap();
    assert_eq!((table.header_row, table.rows.len()), (4, 10), "{file}");
    let Some(Records::Enterprises(firms)) = &got.records else { panic!("{file}: no records") };
    assert_eq!(firms.len(), 10);
    for (i, (township, name, address, key, blacklist, risk)) in BUREAU_FIRMS.iter().enumerate() {
        let id = bureau_uscc(i + 1);
        let firm = firms.iter().find(|f| f.id == id).unwrap_or_else(|| panic!("{file}: {id} missing"));
        assert_eq!((firm.name.as_str(), firm.region.as_str(), firm.address.as_str(), firm.risk.as_str()), (*name, *township, *address, *risk));
        let mut flags = Vec::new();
        if matches!(*blacklist, "是" | "√") {
            flags.push("blacklist");
        }
        if matches!(*key, "是" | "√") {
            flags.push("key");
        }
        assert_eq!(firm.flags, flags, "{file}: {name}");
        assert!(firm.attrs.is_empty(), "{file}: {:?}", firm.attrs);
    }
    let notices: Vec<(Option<u64>, &str, &str)> = got.problems.iter().map(|p| (p.row, p.text.zh.as_str(), p.text.en.as_str())).collect();
    assert!(got.problems.iter().all(|p| p.warning && p.file == file), "{file}: {notices:?}");
    let has = |zh: &str, en: &str| notices.iter().any(|(_, z, e)| z.contains(zh) && e.contains(en));
    assert!(has("已跳过表头上方 3 行（第 1–3 行：2026年度双随机抽查对象名录）", "skipped 3 rows above the header (rows 1–3"), "{file}: {notices:?}");
    assert!(has("已跳过表尾 3 行（第 16–18 行：制表人：张三）", "skipped 3 footer rows (rows 16–18"), "{file}: {notices:?}");
    let fill = got.problems.iter().find(|p| p.text.zh.contains("合并单元格"));
    if merged {
        let fill = fill.unwrap_or_else(|| panic!("{file}: no notice of the merged cells: {notices:?}"));
        assert_eq!((fill.row, fill.column.as_str()), (Some(4), "所属乡镇"));
        assert_eq!(fill.text.zh, "“所属乡镇”列有 3 处合并单元格，已按合并范围向下填充");
        assert!(fill.text.en.contains("“所属乡镇” has 3 merged cells"), "{fill:?}");
        assert_eq!(notices.len(), 3, "{file}: {notices:?}");
    } else {
        assert!(fill.is_none() && notices.len() == 2, "{file}: {notices:?}");
    }
}

/// The site's end-to-end test imports the bureau's sheet as an .xlsx too: that file is
/// this sheet as rust_xlsxwriter writes it (`FAIRDRAW_WRITE_FIXTURES=1` writes it again).
#[test]
fn the_bureau_xlsx_fixture_is_the_bureau_sheet() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/enterprises_bureau.xlsx");
    let made = bureau_xlsx();
    assert_eq!(made, bureau_xlsx(), "the writer is deterministic");
    if std::env::var_os("FAIRDRAW_WRITE_FIXTURES").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    assert!(std::fs::read(&path).unwrap() == made, "{} is not the bureau sheet: write it with FAIRDRAW_WRITE_FIXTURES=1", path.display());
}

#[test]
fn a_bureau_export_imports_from_xlsx_xls_and_ods_alike() {
    check_bureau_enterprises("抽查对象名录.xlsx", &bureau_xlsx(), true);
    let xls = fixture("enterprises_bureau.xls");
    assert!(is_compound_file(&xls), "the fixture is a real BIFF8 compound file");
    check_bureau_enterprises("抽查对象名录.xls", &xls, true);
    check_bureau_enterprises("抽查对象名录（已改名）.dat", &xls, true);
    // WPS 表格 saves its .et in the Excel 97–2003 form: read by content, like .xls.
    check_bureau_enterprises("抽查对象名录.et", &xls, true);
    let ods = fixture("enterprises_bureau.ods");
    assert!(is_ods(&ods));
    check_bureau_enterprises("抽查对象名录.ods", &ods, false);
    // The same firms from every format, as committed.
    let records = |name: &str, bytes: &[u8]| import_bytes(FileKind::Enterprises, name, bytes, None, &ImportOptions::default()).records;
    assert_eq!(records("a.xlsx", &bureau_xlsx()), records("a.xls", &xls));
    assert_eq!(records("a.xls", &xls), records("a.ods", &ods));
}

/// 执法检查人员名录库 as Excel on Chinese Windows saves a platform export as
/// “CSV (逗号分隔)”: GBK bytes, CRLF, a title row and a footer.
#[test]
#[cfg(feature = "gb18030")]
fn a_bureau_inspector_list_in_gbk_imports_with_every_column_recognised() {
    let text = "示例县市场监督管理局执法检查人员名录,,,,,,,\r\n\
                执法证号,姓名,执法中队,负责片区,执法类别,执法证有效期至,在岗情况,备注\r\n\
                35010021001,林晓明,第一执法中队,城关镇,食品安全、特种设备,2027/6/30,在岗,\r\n\
                35010021002,陈静,第一执法中队,东湖镇,食品安全,2027/12/31,在职,\r\n\
                35010021003,黄伟,第二执法中队,西山乡,危险化学品；特种设备,2026/12/31,在岗,2026年3月起暂停执法\r\n\
                35010021004,吴芳,第二执法中队,南湾街道,药品,2028/1/1,借调,借调至市局\r\n\
                35010021005,郑强,第三执法中队,城关镇,特种设备,2027/3/31,退休,\r\n\
                制表人：张三,,,,审核人：李四,,,\r\n";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable && std::str::from_utf8(&bytes).is_err());
    let got = import_bytes(FileKind::Inspectors, "执法人员.csv", &bytes, None, &ImportOptions::default());
    assert_eq!(got.encoding, Some(TextEncoding::Gb18030));
    assert!(!got.has_errors(), "{:?}", got.problems);
    let targets: Vec<Target> = got.mapping.as_ref().unwrap().columns.iter().map(|c| c.target.clone()).collect();
    let fields = ["id", "name", "unit", "region", "qualifications", "cert_expiry", "status", "remarks"].map(|f| Target::Field(f.into()));
    assert_eq!(targets, fields, "every column recognised");
    let Some(Records::Inspectors(people)) = &got.records else { panic!("no records") };
    let seen: Vec<(&str, &str, &str, &str, &str)> =
        people.iter().map(|i| (i.id.as_str(), i.unit.as_str(), i.region.as_str(), i.cert_expiry.as_str(), i.status.as_str())).collect();
    assert_eq!(
        seen,
        [
            ("35010021001", "第一执法中队", "城关镇", "2027-06-30", "active"),
            ("35010021002", "第一执法中队", "东湖镇", "2027-12-31", "active"),
            ("35010021003", "第二执法中队", "西山乡", "2026-12-31", "active"),
            ("35010021004", "第二执法中队", "南湾街道", "2028-01-01", "inactive"),
            ("35010021005", "第三执法中队", "城关镇", "2027-03-31", "inactive"),
        ]
    );
    assert_eq!(people[2].qualifications, ["危险化学品", "特种设备"]);
    let notices: Vec<(Option<u64>, &str, &str)> = got.problems.iter().map(|p| (p.row, p.column.as_str(), p.text.zh.as_str())).collect();
    assert!(got.problems.iter().all(|p| p.warning), "{notices:?}");
    assert_eq!(notices.len(), 4, "{notices:?}");
    assert!(notices[0].2.starts_with("已跳过表头上方 1 行（第 1 行：示例县市场监督管理局执法检查人员名录）"), "{notices:?}");
    assert_eq!((notices[1].0, notices[1].1), (Some(2), "执法中队"), "{notices:?}");
    assert!(notices[1].2.contains("“负责片区”列已作“区域”"), "{notices:?}");
    assert_eq!(notices[2], (Some(5), "备注", "备注“2026年3月起暂停执法”：该人员仍按在岗导入，请确认"));
    assert!(notices[3].2.starts_with("已跳过表尾 1 行（第 8 行：制表人：张三）"), "{notices:?}");
}

/// The site reads a workbook in its XLSX module and hands the sheets over as JSON;
/// the rows set apart above and below the table cross with them, so the 计划 page
/// imports what the command line imports.
#[test]
fn sheets_crossing_as_json_import_as_the_command_line_imports_them() {
    let xls = fixture("enterprises_bureau.xls");
    let sheets = xlsx::read_workbook("名录.xls", &xls).unwrap();
    let json = serde_json::to_string(&sheets).unwrap();
    let crossed: Vec<SheetRead> = serde_json::from_str(&json).unwrap();
    assert_eq!(crossed, sheets);
    let table = crossed[0].table.as_ref().unwrap();
    assert_eq!((table.header_row, table.above.len(), table.below.len()), (4, 2, 3));
    let content = FileContent::Workbook { sheets: Ok(&crossed), chosen: 0 };
    let on_the_page = import_file(FileKind::Enterprises, "名录.xls", content, &ImportOptions::default());
    let on_the_command_line = import_bytes(FileKind::Enterprises, "名录.xls", &xls, None, &ImportOptions::default());
    assert_eq!(on_the_page, on_the_command_line);
    assert!(on_the_page.records.is_some());
    // A table from before rows were set apart still reads, its header on row 1.
    let old: Table = serde_json::from_str(r#"{"file":"a.csv","headers":["执法证号","姓名"],"rows":[{"row":2,"cells":["1","张三"]}]}"#).unwrap();
    assert_eq!((old.header_row, old.above.len()), (1, 0));
}

/// Several platforms export tab-separated text under an .xls name; it is read as
/// the text it is.
#[test]
fn tab_separated_text_named_xls_is_read_as_text() {
    let text = "执法证号\t姓名\t执法证有效期至\r\n35010021001\t林晓明\t2027-06-30\r\n";
    let got = import_bytes(FileKind::Inspectors, "执法人员.xls", text.as_bytes(), None, &ImportOptions::default());
    assert_eq!(got.encoding, Some(TextEncoding::Utf8));
    assert!(!got.has_errors(), "{:?}", got.problems);
    assert_eq!(got.records.map(|r| r.len()), Some(1));
}
