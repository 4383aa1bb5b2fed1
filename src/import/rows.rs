//! Reading the cells of one row into typed values, collecting every problem with its
//! row and column instead of stopping at the first.

use std::collections::BTreeMap;

use crate::problem::Problem;
use crate::uscc;
use crate::wellformed;

use std::sync::atomic::{AtomicU64, Ordering};

use super::headers::{Mapping, Target};
use super::{ImportStage, Progress};
use super::normalize::{clean, clean_borrowed, fold_id, looks_like_excel_number, parse_bool, parse_date};
use super::table::{Cells, Table, TableRow};

/// How many rows are read between two reports of progress.
const PROGRESS_ROWS: usize = 32_768;

/// One data row seen through the mapping.
pub(crate) struct RowCtx<'a> {
    pub file: &'a str,
    pub row: u64,
    pub cells: &'a Cells,
    fields: &'a BTreeMap<String, (usize, String)>,
}

impl<'a> RowCtx<'a> {
    /// Whether the file has a column for the field.
    pub fn has(&self, field: &str) -> bool {
        self.fields.contains_key(field)
    }

    /// Header text of the field's column, or the field name when there is none.
    pub fn header(&self, field: &str) -> String {
        self.fields.get(field).map_or_else(|| field.to_string(), |(_, h)| h.clone())
    }

    /// The raw cell; "" when the column is absent or the row is short.
    pub fn raw(&self, field: &str) -> &'a str {
        self.fields
            .get(field)
            .and_then(|(i, _)| self.cells.get(*i))
            .unwrap_or("")
    }

    pub fn text(&self, field: &str) -> String {
        clean(self.raw(field))
    }

    pub fn problem(&self, field: &str, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem::new(zh, en).in_file(self.file).at(self.row, self.header(field))
    }

    fn missing(&self, field: &str) -> Problem {
        self.problem(field, "必填项为空", "required field is empty")
    }

    /// A required text field: an error when the column exists and the cell is empty
    /// (an absent column was already reported once for the whole file).
    pub fn required_text(&self, field: &str, probs: &mut Vec<Problem>) -> Option<String> {
        let v = self.text(field);
        if v.is_empty() {
            if self.has(field) {
                probs.push(self.missing(field));
            }
            return None;
        }
        Some(v)
    }

    /// A required identifier, folded.
    pub fn required_id(&self, field: &str, probs: &mut Vec<Problem>) -> Option<String> {
        let v = fold_id(self.raw(field));
        if v.is_empty() {
            if self.has(field) {
                probs.push(self.missing(field));
            }
            return None;
        }
        if looks_like_excel_number(&v) {
            probs.push(self.excel_number(field, &v));
            return None;
        }
        if let Err(fault) = wellformed::code(&v) {
            probs.push(self.problem(field, format!("“{}”：{}", wellformed::visible(&v), fault.zh()), format!("“{}”: {}", wellformed::visible(&v), fault.en())));
            return None;
        }
        Some(v)
    }

    fn excel_number(&self, field: &str, v: &str) -> Problem {
        self.problem(
            field,
            format!("“{v}”是被 Excel 转成科学计数法的数字，原来的编号已丢失；请把该列设为“文本”格式后重新填写"),
            format!("“{v}” is a number Excel turned into scientific notation, losing the digits; format the column as Text and re-enter it"),
        )
    }

    /// Checks one folded 统一社会信用代码; problems name the value.
    pub fn check_uscc(&self, field: &str, code: &str, probs: &mut Vec<Problem>) -> bool {
        if looks_like_excel_number(code) {
            probs.push(self.excel_number(field, code));
            return false;
        }
        match uscc::validate(code) {
            Ok(()) => true,
            Err(e) => {
                probs.push(self.problem(field, format!("“{code}”：{}", e.zh()), format!("“{code}”: {}", e.en())));
                false
            }
        }
    }

    /// A required 统一社会信用代码, folded and validated.
    pub fn required_uscc(&self, field: &str, probs: &mut Vec<Problem>) -> Option<String> {
        let v = fold_id(self.raw(field));
        if v.is_empty() {
            if self.has(field) {
                probs.push(self.missing(field));
            }
            return None;
        }
        self.check_uscc(field, &v, probs).then_some(v)
    }

    /// A 是/否 field; empty is 否.
    pub fn flag(&self, field: &str, probs: &mut Vec<Problem>) -> bool {
        let raw = self.raw(field);
        match parse_bool(raw) {
            Some(b) => b,
            None => {
                let v = clean(raw);
                probs.push(self.problem(
                    field,
                    format!("“{v}”不是有效的是/否值（可填：是、否、√、×、Y、N、1、0、有、无，空白为否）"),
                    format!("“{v}” is not a yes/no value (use 是/否, √/×, ✓/✗, Y/N, yes/no, 1/0, true/false, 有/无; empty means no)"),
                ));
                false
            }
        }
    }

    /// An optional date, normalised; `Some("")` when empty, `None` after an error.
    pub fn date(&self, field: &str, probs: &mut Vec<Problem>) -> Option<String> {
        let v = clean(self.raw(field));
        if v.is_empty() {
            return Some(String::new());
        }
        match parse_date(&v) {
            Some(d) => Some(d),
            None => {
                probs.push(self.problem(
                    field,
                    format!("“{v}”不是有效日期（可写作 2026-12-31、2026/12/31、2026.12.31、2026年12月31日 或 20261231）"),
                    format!("“{v}” is not a valid date (write 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日 or 20261231)"),
                ));
                None
            }
        }
    }

    /// An unknown value of a coded field, listing what is accepted.
    pub fn unknown_value(&self, field: &str, value: &str, accepted_zh: &str, accepted_en: &str) -> Problem {
        self.problem(
            field,
            format!("无法识别的值“{value}”；可填：{accepted_zh}"),
            format!("unknown value “{value}”; accepted: {accepted_en}"),
        )
    }
}

/// Walks the rows of a table through its mapping, returning what `per_row` made of
/// each row: its record (`None` when the row had errors, already pushed) and, for a
/// file with a key column, its key when valid, so that repeats are found even among
/// rows with errors. Cells beyond the last header that hold something are reported,
/// since their meaning is unknown.
///
/// The rows are read in two halves at once where the platform has threads; each half
/// keeps its own problems, joined in row order, so the result is the same either way.
/// `progress` is told the rows read every [`PROGRESS_ROWS`] rows.
pub(crate) fn walk<R: Send>(
    t: &Table,
    mapping: &Mapping,
    progress: Progress,
    probs: &mut Vec<Problem>,
    per_row: impl Fn(&RowCtx<'_>, &mut Vec<Problem>) -> R + Sync,
) -> Vec<(u64, R)> {
    let mut fields: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for c in &mapping.columns {
        if let Target::Field(f) = &c.target {
            fields.entry(f.clone()).or_insert((c.index, c.header.clone()));
        }
    }
    let (done, total) = (AtomicU64::new(0), t.rows.len() as u64);
    let read = |rows: &[TableRow]| {
        let mut probs = Vec::new();
        let mut out: Vec<(u64, R)> = Vec::with_capacity(rows.len());
        for part in rows.chunks(PROGRESS_ROWS) {
            out.extend(part.iter().map(|r| (r.row, read_row(t, &fields, r, &mut probs, &per_row))));
            let read = done.fetch_add(part.len() as u64, Ordering::Relaxed) + part.len() as u64;
            progress.tell(ImportStage::Rows { done: read, total });
        }
        (out, probs)
    };
    // A thread costs more than it saves on the few hundred rows of most files.
    if t.rows.len() < 4096 {
        let (out, found) = read(&t.rows);
        probs.extend(found);
        return out;
    }
    let half = t.rows.len() / 2;
    let ((mut out, first), (rest, second)) = fairdraw_format::par::join(|| read(&t.rows[..half]), || read(&t.rows[half..]));
    out.extend(rest);
    probs.extend(first);
    probs.extend(second);
    out
}

fn read_row<R>(
    t: &Table,
    fields: &BTreeMap<String, (usize, String)>,
    TableRow { row, cells }: &TableRow,
    probs: &mut Vec<Problem>,
    per_row: &impl Fn(&RowCtx<'_>, &mut Vec<Problem>) -> R,
) -> R {
    for (i, cell) in cells.iter().enumerate() {
        let has_header = t.headers.get(i).is_some_and(|h| !h.is_empty());
        if has_header || fields.values().any(|(j, _)| *j == i) {
            continue;
        }
        let v = clean_borrowed(cell);
        if !v.is_empty() {
            probs.push(
                Problem::new(
                    format!("第 {} 列有内容“{v}”，但该列没有表头", i + 1),
                    format!("column {} holds “{v}” but has no header", i + 1),
                )
                .in_file(&t.file)
                .at_row(*row),
            );
        }
    }
    check_text_cells(t, *row, cells, fields, probs);
    per_row(&RowCtx { file: &t.file, row: *row, cells, fields }, probs)
}

/// Every cell under a header holds text a verifier will accept (SPEC §3.5): no
/// hidden character that would reverse or hide what a person reads, and no name or
/// text longer than its limit. The same rules as the verifier's, from one place.
fn check_text_cells(t: &Table, row: u64, cells: &Cells, fields: &BTreeMap<String, (usize, String)>, probs: &mut Vec<Problem>) {
    let name_column = fields.get("name").map(|(i, _)| *i);
    for (i, cell) in cells.iter().enumerate() {
        let Some(header) = t.headers.get(i).filter(|h| !h.is_empty()) else { continue };
        let max = if Some(i) == name_column { wellformed::NAME_MAX } else { wellformed::TEXT_MAX };
        if let Err(fault) = wellformed::cleaned_text(cell, max) {
            probs.push(Problem::new(fault.zh(), fault.en()).in_file(&t.file).at(row, header.clone()));
        }
    }
}

/// The keys of a keyed file's rows (every valid key, even of a row with other errors)
/// and the records of the rows that read whole, each in row order.
pub(crate) fn keyed<T>(rows: Vec<(u64, (Option<String>, Option<T>))>) -> (Vec<(u64, String)>, Vec<T>) {
    let mut keys = Vec::with_capacity(rows.len());
    let mut records = Vec::with_capacity(rows.len());
    for (row, (key, record)) in rows {
        keys.extend(key.map(|k| (row, k)));
        records.extend(record);
    }
    (keys, records)
}

/// Reports every repeat of a key, naming the row where it first appeared. Keys are
/// collected from every row whose key cell is valid, even when other cells of the
/// row are not, so that one correction round finds the duplicates too.
pub(crate) fn report_duplicates(file: &str, column: &str, keys: &[(u64, String)], probs: &mut Vec<Problem>) {
    let mut first: std::collections::HashMap<&str, u64> = std::collections::HashMap::with_capacity(keys.len());
    for (row, k) in keys {
        if let Some(prev) = first.get(k.as_str()) {
            probs.push(
                Problem::new(format!("“{k}”与第 {prev} 行重复"), format!("“{k}” duplicates row {prev}"))
                    .in_file(file)
                    .at(*row, column),
            );
        } else {
            first.insert(k, *row);
        }
    }
}
