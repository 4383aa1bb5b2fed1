//! Workbooks: the reader turns a worksheet of an .xlsx, an old binary .xls
//! (Excel 97–2003, which many platforms still export) or an .ods into the same
//! [`Table`] a CSV gives, numbered as Excel numbers rows (row 1 at the top, whatever
//! is empty); the writer makes the workbooks people download (templates, results).
//!
//! Excel keeps numbers as 64-bit floats and shows at most 15 significant digits,
//! so the reader gives back what the cell showed: an 执法证号 stored as the number
//! 12345678901 reads "12345678901", and a number with more digits than Excel
//! keeps (an 18-digit code typed into a General column) is an error telling the
//! user to format the column as text, since its last digits are already gone.
//!
//! A cell merged down over several rows (所属乡镇 over all firms of a township)
//! holds its value in its top cell only; every row below it means the same, so the
//! value is filled down over the merged range and the fill is reported.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Dimensions, Ods, Reader, Xls, XlsError, Xlsx};

use crate::model::{ChecklistItem, Enterprise, HistoryRecord, Inspector};
use crate::problem::{Problem, Problems};

use super::headers::FileKind;
use super::sheet::{import_sheet, SheetRead};
use super::table::Table;
use super::{
    checklist_from_table, enterprises_from_table, history_from_table, inspectors_from_table, Imported, ImportOptions,
};

pub use super::file::{is_compound_file, is_ods, is_xlsx};

/// Excel's column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// An open workbook of any of the formats read.
enum Book<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Xls(Xls<Cursor<&'a [u8]>>),
    Ods(Ods<Cursor<&'a [u8]>>),
}

impl Book<'_> {
    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    fn range(&mut self, name: &str) -> Result<calamine::Range<Data>, String> {
        match self {
            Book::Xlsx(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
            Book::Xls(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
            Book::Ods(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
        }
    }

    /// The sheet's merged ranges. calamine does not report those of ODS files, whose
    /// merged cells therefore read as blank below their first row.
    fn merges(&mut self, name: &str) -> Vec<Dimensions> {
        match self {
            Book::Xlsx(b) => b.worksheet_merge_cells(name).and_then(Result::ok).unwrap_or_default(),
            Book::Xls(b) => b.worksheet_merge_cells(name).unwrap_or_default(),
            Book::Ods(_) => Vec::new(),
        }
    }

    fn sheet(&mut self, file: &str, name: String) -> Result<SheetRead, Problems> {
        let range = self.range(&name).map_err(|e| corrupt(file, &e))?;
        let merges = self.merges(&name);
        Ok(sheet_from_range(file, name, &range, &merges))
    }
}

fn password_protected(file: &str) -> Problems {
    Problem::new(
        "无法读取：这个文件设置了打开密码。请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后保存，再导入",
        "cannot read it: the file is password-protected. Remove the password in Excel (File → Info → Protect Workbook), save it, and import it again",
    )
    .in_file(file)
    .into()
}

/// An encrypted .xlsx is a compound file holding the encrypted package.
fn is_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

fn open<'a>(file: &str, bytes: &'a [u8]) -> Result<Book<'a>, Problems> {
    if is_compound_file(bytes) {
        if is_encrypted_package(bytes) {
            return Err(password_protected(file));
        }
        if let Some(why) = super::compound::implausible(bytes) {
            return Err(corrupt(file, why));
        }
        return match Xls::new(Cursor::new(bytes)) {
            Ok(book) => Ok(Book::Xls(book)),
            Err(XlsError::Password) => Err(password_protected(file)),
            Err(e) => Err(corrupt(file, &e.to_string())),
        };
    }
    if !is_xlsx(bytes) {
        return Err(Problem::new(
            "这不是 Excel 工作簿（.xlsx、.xls）或 ODS 表格，文件开头不符合这些格式。请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”或 CSV",
            "this is not an Excel workbook (.xlsx, .xls) or an ODS spreadsheet: it does not start as one. Save it from Excel as “Excel Workbook (*.xlsx)” or as CSV",
        )
        .in_file(file)
        .into());
    }
    if is_ods(bytes) {
        return Ods::new(Cursor::new(bytes)).map(Book::Ods).map_err(|e| corrupt(file, &e.to_string()));
    }
    Xlsx::new(Cursor::new(bytes)).map(Book::Xlsx).map_err(|e| corrupt(file, &e.to_string()))
}

fn corrupt(file: &str, detail: &str) -> Problems {
    Problem::new(
        format!("工作簿文件已损坏或不完整，无法读取（{detail}）。请在 Excel 中打开后重新保存，或另存为 CSV"),
        format!("the workbook is damaged or incomplete and cannot be read ({detail}). Open it in Excel and save it again, or save it as CSV"),
    )
    .in_file(file)
    .into()
}

/// The names of the workbook's sheets, in tab order.
pub fn sheet_names(file: &str, bytes: &[u8]) -> Result<Vec<String>, Problems> {
    Ok(open(file, bytes)?.sheet_names())
}

/// Every sheet of the workbook, in tab order.
pub fn read_workbook(file: &str, bytes: &[u8]) -> Result<Vec<SheetRead>, Problems> {
    let mut book = open(file, bytes)?;
    let names = book.sheet_names();
    if names.is_empty() {
        return Err(corrupt(file, "no worksheet"));
    }
    names.into_iter().map(|name| book.sheet(file, name)).collect()
}

/// One sheet as a [`Table`]: the first when `sheet` is `None`. Problems of its
/// cells make it an error.
pub fn read_sheet(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<SheetRead, Problems> {
    let mut book = open(file, bytes)?;
    let names = book.sheet_names();
    let name = match sheet {
        None => names.first().cloned().ok_or_else(|| corrupt(file, "no worksheet"))?,
        Some(wanted) => names.iter().find(|n| n.as_str() == wanted).cloned().ok_or_else(|| {
            Problems::from(
                Problem::new(
                    format!("工作簿中没有名为“{wanted}”的工作表（现有：{}）", names.join("、")),
                    format!("the workbook has no sheet named “{wanted}” (it has: {})", names.join(", ")),
                )
                .in_file(file),
            )
        })?,
    };
    book.sheet(file, name)
}

/// A cell the reader cannot take as text as it stands.
enum CellIssue {
    /// A number with more significant digits than Excel keeps.
    LostDigits(String),
    /// An error value such as `#N/A`, usually a formula's.
    ErrorValue(String),
}

fn sheet_from_range(file: &str, name: String, range: &calamine::Range<Data>, merges: &[Dimensions]) -> SheetRead {
    let mut issues: Vec<(u64, usize, CellIssue)> = Vec::new();
    let mut records: Vec<(u64, Vec<String>)> = Vec::new();
    let mut filled: Vec<(u64, usize)> = Vec::new();
    if let Some((first_row, first_col)) = range.start() {
        // Cells keep Excel's positions: a sheet starting at C3 still has its
        // first value in column C of row 3.
        let lead = first_col as usize;
        for (i, row) in range.rows().enumerate() {
            let excel_row = u64::from(first_row) + i as u64 + 1;
            let mut cells = vec![String::new(); lead];
            for (j, cell) in row.iter().enumerate() {
                let (text, issue) = cell_text(cell);
                if let Some(issue) = issue {
                    issues.push((excel_row, lead + j, issue));
                }
                cells.push(text);
            }
            records.push((excel_row, cells));
        }
        filled = fill_down(&mut records, first_row, merges);
        for (_, cells) in &mut records {
            while cells.last().is_some_and(|c| c.is_empty()) {
                cells.pop();
            }
        }
    }
    let table = Table::from_records(file, records);
    let Some(table) = table else {
        let problem = Problem::new(
            format!("工作表“{name}”是空的：没有表头行"),
            format!("the sheet “{name}” is empty: there is no header row"),
        )
        .in_file(file);
        return SheetRead { name, table: None, problems: vec![problem] };
    };
    let problems = issues
        .into_iter()
        .map(|(row, col, issue)| {
            let cell = format!("{}{row}", column_letters(col));
            // Below the header a problem is located by the header text, as the
            // importers do; elsewhere by the column letter.
            let column = match table.headers.get(col) {
                Some(h) if !h.is_empty() && row > table.header_row => h.clone(),
                _ => column_letters(col),
            };
            let p = match issue {
                CellIssue::LostDigits(shown) => Problem::new(
                    format!("单元格 {cell} 的数字 {shown} 超过 15 位有效数字，Excel 只保存 15 位，末尾几位已经丢失。请把这一列设置为“文本”格式，再重新输入或粘贴原始号码"),
                    format!("cell {cell} holds the number {shown}, which has more than 15 significant digits; Excel keeps only 15, so its last digits are lost. Format this column as Text, then type or paste the original numbers again"),
                ),
                CellIssue::ErrorValue(v) => Problem::new(
                    format!("单元格 {cell} 是错误值 {v}（通常是公式出错）：请改正后再导入"),
                    format!("cell {cell} holds the error value {v} (usually a failing formula): correct it before importing"),
                ),
            };
            p.in_file(file).at(row, column)
        })
        .collect();
    let mut problems: Vec<Problem> = problems;
    problems.extend(fill_notices(&table, &filled));
    SheetRead { name, table: Some(table), problems }
}

/// Fills the value of each merged range that spans several rows into every cell of
/// it, and returns where each such range starts (Excel row, column). `records` are
/// the sheet's rows from `first_row` (0-based) on, each as wide as the sheet.
fn fill_down(records: &mut [(u64, Vec<String>)], first_row: u32, merges: &[Dimensions]) -> Vec<(u64, usize)> {
    let width = records.iter().map(|(_, cells)| cells.len()).max().unwrap_or(0);
    // Real merged ranges do not overlap, so this many cells is room for all of them;
    // a forged file's overlapping ranges stop here instead of multiplying the work.
    let mut budget = records.len().saturating_mul(width).saturating_add(1024);
    let mut starts = Vec::new();
    for m in merges {
        let ((top, left), (bottom, right)) = (m.start, m.end);
        if bottom <= top || top < first_row {
            continue;
        }
        let (top, bottom) = ((top - first_row) as usize, (bottom - first_row) as usize);
        let (left, right) = (left as usize, (right as usize).min(width.saturating_sub(1)));
        let Some(value) = records.get(top).and_then(|(_, cells)| cells.get(left)).filter(|v| !v.is_empty()).cloned() else {
            continue;
        };
        let Some((excel_row, _)) = records.get(top) else { continue };
        starts.push((*excel_row, left));
        for (_, cells) in records.iter_mut().take(bottom + 1).skip(top) {
            for cell in cells.iter_mut().take(right + 1).skip(left) {
                if budget == 0 {
                    return starts;
                }
                budget -= 1;
                if cell.is_empty() {
                    cell.clone_from(&value);
                }
            }
        }
    }
    starts
}

/// One notice per column that had merged ranges filled among the data rows (a
/// title or a 填表说明 merged over several rows is not data).
fn fill_notices(table: &Table, starts: &[(u64, usize)]) -> Vec<Problem> {
    let last_data_row = table.rows.last().map_or(0, |r| r.row);
    let mut per_column: BTreeMap<usize, usize> = BTreeMap::new();
    for (row, col) in starts {
        if *row > table.header_row && *row <= last_data_row {
            *per_column.entry(*col).or_default() += 1;
        }
    }
    per_column
        .into_iter()
        .map(|(col, n)| {
            let column = table.headers.get(col).filter(|h| !h.is_empty()).cloned().unwrap_or_else(|| column_letters(col));
            Problem::new(
                format!("“{column}”列有 {n} 处合并单元格，已按合并范围向下填充"),
                format!("the column “{column}” has {n} merged cells; each value was filled down over its merged range"),
            )
            .in_file(&table.file)
            .at(table.header_row, column)
            .as_warning()
        })
        .collect()
}

/// Numbers from 10^15 up have more digits than Excel keeps.
const LARGEST_EXACT: f64 = 1e15;

/// The text Excel shows for a cell in the General format, or what a date cell means.
fn cell_text(cell: &Data) -> (String, Option<CellIssue>) {
    match cell {
        Data::Empty => (String::new(), None),
        Data::String(s) => (s.clone(), None),
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_string(), None),
        Data::Int(i) => {
            let text = i.to_string();
            if i.unsigned_abs() >= LARGEST_EXACT as u64 {
                (text.clone(), Some(CellIssue::LostDigits(text)))
            } else {
                (text, None)
            }
        }
        Data::Float(f) => number_text(*f),
        Data::DateTime(dt) => (datetime_text(dt), None),
        Data::DateTimeIso(s) => (s.strip_suffix("T00:00:00").unwrap_or(s).replace('T', " "), None),
        Data::DurationIso(s) => (s.clone(), None),
        Data::Error(e) => {
            let v = e.to_string();
            (v.clone(), Some(CellIssue::ErrorValue(v)))
        }
    }
}

fn number_text(f: f64) -> (String, Option<CellIssue>) {
    if !f.is_finite() {
        return (f.to_string(), None);
    }
    if f.abs() >= LARGEST_EXACT {
        let shown = fifteen_digits(f);
        return (shown.clone(), Some(CellIssue::LostDigits(shown)));
    }
    if f.fract() == 0.0 {
        return (format!("{f:.0}"), None);
    }
    // Excel shows 15 significant digits: 0.1 + 0.2 is "0.3" there, not
    // "0.30000000000000004".
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    (rounded.to_string(), None)
}

/// A number of 10^15 or more as Excel shows it in a Text-formatted copy: its 15
/// significant digits, then zeros (3.50102199001011E+17 → 350102199001011000).
fn fifteen_digits(f: f64) -> String {
    let sci = format!("{:.14e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: usize = exp.parse().unwrap_or(14);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if f < 0.0 { "-" } else { "" };
    format!("{sign}{digits}{}", "0".repeat(exp.saturating_sub(14)))
}

fn datetime_text(dt: &calamine::ExcelDateTime) -> String {
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    if dt.is_duration() {
        let total = (dt.as_f64() * 86_400.0).round() as i64;
        return format!("{}:{:02}:{:02}", total / 3600, total % 3600 / 60, total % 60);
    }
    let time = format!("{h:02}:{mi:02}:{s:02}");
    if dt.as_f64().abs() < 1.0 {
        // A time of day without a date.
        return time;
    }
    if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {time}")
    }
}

fn import_xlsx<T>(
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    o: &ImportOptions,
    from_table: fn(&Table, &ImportOptions) -> Result<Imported<T>, Problems>,
) -> Result<Imported<T>, Problems> {
    import_sheet(&read_sheet(file, bytes, sheet)?, o, from_table)
}

/// Reads a 检查对象名录库 from a sheet (the first when `sheet` is `None`).
pub fn import_enterprises_xlsx(file: &str, bytes: &[u8], sheet: Option<&str>, o: &ImportOptions) -> Result<Imported<Enterprise>, Problems> {
    import_xlsx(file, bytes, sheet, o, enterprises_from_table)
}

/// Reads a 执法检查人员名录库 from a sheet (the first when `sheet` is `None`).
pub fn import_inspectors_xlsx(file: &str, bytes: &[u8], sheet: Option<&str>, o: &ImportOptions) -> Result<Imported<Inspector>, Problems> {
    import_xlsx(file, bytes, sheet, o, inspectors_from_table)
}

/// Reads a 随机抽查事项清单 from a sheet (the first when `sheet` is `None`).
pub fn import_checklist_xlsx(file: &str, bytes: &[u8], sheet: Option<&str>, o: &ImportOptions) -> Result<Imported<ChecklistItem>, Problems> {
    import_xlsx(file, bytes, sheet, o, checklist_from_table)
}

/// Reads an inspection history from a sheet (the first when `sheet` is `None`).
pub fn import_history_xlsx(file: &str, bytes: &[u8], sheet: Option<&str>, o: &ImportOptions) -> Result<Imported<HistoryRecord>, Problems> {
    import_xlsx(file, bytes, sheet, o, history_from_table)
}

/// One worksheet to write: the first row is the header. The same tables the CSV
/// exports write.
pub use crate::tabular::Sheet;

/// Excel's limits: rows per sheet, columns, characters per cell and per sheet name.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;
const MAX_CELL_CHARS: usize = 32_767;
const MAX_NAME_CHARS: usize = 31;

/// A workbook with every cell written as text (format `@`), so IDs keep their
/// leading zeros and all 18 characters, and values typed later into the same
/// columns stay text too; the first row of each sheet is a bold, frozen header,
/// and columns are as wide as their content.
///
/// Sheet names are made valid for Excel (forbidden characters replaced, at most
/// 31 characters, distinct), a sheet with more rows than Excel allows continues
/// on further sheets under the same header, and cells longer than Excel's 32,767
/// characters are cut there.
pub fn write_workbook(sheets: &[Sheet]) -> Vec<u8> {
    try_write_workbook(sheets).unwrap_or_default()
}

fn try_write_workbook(sheets: &[Sheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

    let mut book = Workbook::new();
    // A fixed date keeps the output byte-identical for the same sheets (the core
    // has no clock, and downloads are compared by hash).
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    let text = Format::new().set_num_format("@");
    let header = Format::new().set_num_format("@").set_bold();
    let mut used: Vec<String> = Vec::new();
    let pieces: Vec<(&Sheet, &[Vec<String>])> = if sheets.is_empty() {
        Vec::new()
    } else {
        sheets.iter().flat_map(split_rows).collect()
    };
    if pieces.is_empty() {
        book.add_worksheet().set_name(unique_name("Sheet1", &mut used))?;
    }
    for (sheet, body) in pieces {
        let head = sheet.rows.first().map(|r| r.as_slice()).unwrap_or(&[]);
        let ws = book.add_worksheet();
        ws.set_name(unique_name(&sheet.name, &mut used))?;
        let ncols = std::iter::once(head).chain(body.iter().map(|r| r.as_slice())).map(|r| r.len()).max().unwrap_or(0);
        let ncols = ncols.min(MAX_COLUMNS);
        let mut widths = vec![0usize; ncols];
        for (r, cells) in std::iter::once(head).chain(body.iter().map(|r| r.as_slice())).enumerate() {
            let format = if r == 0 { &header } else { &text };
            for (c, value) in cells.iter().take(ncols).enumerate() {
                let value = clip(value);
                widths[c] = widths[c].max(display_width(value));
                if !value.is_empty() {
                    ws.write_string_with_format(r as u32, c as u16, value, format)?;
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_format(c as u16, &text)?;
            ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
        }
        if !head.is_empty() {
            ws.set_freeze_panes(1, 0)?;
        }
    }
    book.save_to_buffer()
}

/// A sheet's data rows in pieces that fit under one header row each.
fn split_rows(sheet: &Sheet) -> Vec<(&Sheet, &[Vec<String>])> {
    let body = sheet.rows.get(1..).unwrap_or(&[]);
    if body.is_empty() {
        return vec![(sheet, body)];
    }
    body.chunks(MAX_ROWS - 1).map(|chunk| (sheet, chunk)).collect()
}

fn clip(value: &str) -> &str {
    match value.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &value[..i],
        None => value,
    }
}

/// Column width in Excel's units: CJK and other wide characters take two.
fn display_width(value: &str) -> usize {
    value
        .lines()
        .map(|line| line.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum::<usize>())
        .max()
        .unwrap_or(0)
}

/// A name Excel accepts and no earlier sheet has (Excel compares names ignoring case).
fn unique_name(wanted: &str, used: &mut Vec<String>) -> String {
    let cleaned: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let cleaned = cleaned.trim().trim_matches('\'').to_string();
    let base = if cleaned.is_empty() { "Sheet".to_string() } else { cleaned };
    let fit = |s: &str, suffix: &str| -> String {
        let keep = MAX_NAME_CHARS - suffix.chars().count();
        let mut out: String = s.chars().take(keep).collect();
        out = out.trim_end_matches('\'').to_string();
        out.push_str(suffix);
        out
    };
    let mut name = fit(&base, "");
    let mut n = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        name = fit(&base, &format!(" ({n})"));
        n += 1;
    }
    used.push(name.clone());
    name
}

/// A template to download as XLSX: the same headers and example rows as
/// [`super::template_csv`], one sheet named after the file kind.
pub fn template_xlsx(kind: FileKind) -> Vec<u8> {
    let csv = super::template_csv(kind);
    let rows = super::csv::records("", &csv).map(|r| r.into_iter().map(|r| r.cells.to_vec()).collect()).unwrap_or_default();
    write_workbook(&[Sheet { name: kind.label_zh().to_string(), rows }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_as_excel_names_them() {
        for (i, l) in [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"), (16_383, "XFD")] {
            assert_eq!(column_letters(i), l);
        }
    }

    #[test]
    fn numbers_as_excel_shows_them() {
        let check = |f: f64, expected: &str, lost: bool| {
            let (text, issue) = number_text(f);
            assert_eq!((text.as_str(), issue.is_some()), (expected, lost), "{f}");
        };
        check(12345678901.0, "12345678901", false);
        check(35010021001.0, "35010021001", false);
        check(0.0, "0", false);
        check(-42.0, "-42", false);
        check(2.5, "2.5", false);
        check(0.1 + 0.2, "0.3", false);
        check(999_999_999_999_999.0, "999999999999999", false);
        check(1e15, "1000000000000000", true);
        check(913501021234567890.0, "913501021234568000", true);
        check(3.50102199001011e17, "350102199001011000", true);
        check(-1.5e16, "-15000000000000000", true);
    }

    #[test]
    fn sheet_names_made_valid_and_distinct() {
        let mut used = Vec::new();
        assert_eq!(unique_name("执法人员", &mut used), "执法人员");
        assert_eq!(unique_name("执法人员", &mut used), "执法人员 (2)");
        assert_eq!(unique_name("a/b:c", &mut used), "a_b_c");
        assert_eq!(unique_name("", &mut used), "Sheet");
        assert_eq!(unique_name("SHEET", &mut used), "SHEET (2)");
        let long = "x".repeat(40);
        assert_eq!(unique_name(&long, &mut used).chars().count(), 31);
        assert_eq!(unique_name(&long, &mut used), format!("{} (2)", "x".repeat(27)));
    }
}
