//! XLSX: the writer's workbooks read back by the reader, and workbooks written by
//! another program (openpyxl, see tests/fixtures/import/make_fixtures.py) read
//! with every problem located by Excel row and header.
#![cfg(feature = "xlsx")]

use fairdraw::import::xlsx::{self, Sheet};
use fairdraw::import::*;

fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    Sheet { name: name.into(), rows: rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect() }
}

/// The rows of a read sheet with their Excel row numbers, header first.
fn rows_of(read: &SheetRead) -> Vec<(u64, Vec<String>)> {
    let t = read.table.as_ref().expect("table");
    let header_row = t.rows.first().map(|r| r.row - 1).unwrap_or(1);
    std::iter::once((header_row, t.headers.clone())).chain(t.rows.iter().map(|r| (r.row, r.cells.clone()))).collect()
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
        let cells = |t: &Table| t.rows.iter().map(|r| (r.row, r.cells.iter().rev().skip_while(|c| c.is_empty()).cloned().collect::<Vec<_>>())).collect::<Vec<_>>();
        assert_eq!(cells(table), cells(&from_csv), "{kind:?}");
    }
}
