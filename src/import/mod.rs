//! Import of the four input files — 检查对象名录库, 执法检查人员名录库, 随机抽查事项清单
//! and this year's inspection history — from CSV as regulators' spreadsheets export
//! it: UTF-8 with or without BOM, GBK/GB18030, UTF-16 "Unicode text"; Chinese or
//! English headers; full-width characters and stray spaces.
//!
//! Every problem is collected and reported at once, each with file, row, column and
//! a Chinese and an English message; an input with any error is rejected whole.
//! Functions take bytes or text and never touch files or the clock.
//!
//! The pipeline is `decode` → `parse_csv` → [`Table`] → `*_from_table`; an XLSX
//! reader only needs to produce a [`Table`]. [`import_file`] runs it for one file
//! of any kind, CSV or workbook, as both the command line and the site do.

mod checklist;
// Only the workbook reader needs the .xls container checked.
#[cfg(feature = "xlsx")]
mod compound;
mod csv;
mod decode;
mod enterprises;
mod file;
mod headers;
mod history;
mod inspectors;
mod layout;
pub mod normalize;
mod rows;
mod sheet;
mod table;
mod write;
#[cfg(feature = "xlsx")]
pub mod xlsx;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{ChecklistItem, Enterprise, HistoryRecord, Inspector};
use crate::problem::{Problem, Problems};

pub use checklist::checklist_from_table;
pub use csv::parse_csv;
pub use decode::{decode, TextEncoding};
pub use enterprises::enterprises_from_table;
#[cfg(feature = "xlsx")]
pub use file::import_bytes;
pub use file::{import_file, is_compound_file, is_ods, is_workbook, is_xlsx, FileContent, FileImport, Records};
pub use headers::{
    header_mapping, header_score, recognise, table_mapping, ColumnMapping, FieldSpec, FileKind, Mapping, Target, ATTR_PREFIX,
};
pub use layout::HEADER_SEARCH_ROWS;
pub use history::history_from_table;
pub use inspectors::inspectors_from_table;
pub use sheet::{import_sheet, SheetRead};
pub use table::{Cells, Table, TableRow};
pub use write::{
    template_csv, write_checklist_csv, write_enterprises_csv, write_history_csv, write_inspectors_csv,
};

/// How to read an input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    pub encoding: TextEncoding,
    /// Header text as in the file → canonical field name (or template header, or
    /// `attr:NAME` for enterprises), or "" to ignore the column.
    pub header_overrides: BTreeMap<String, String>,
    /// The 信用风险分类 classes allowed, in order. Empty accepts any value.
    pub risk_classes: Vec<String>,
    /// Whether every enterprise must have a risk class (and the file the column).
    pub require_risk: bool,
    /// `YYYY-MM-DD`: certificates expiring before it and history dated after it are
    /// warned about. The core has no clock, so the caller supplies the day.
    pub as_of: Option<String>,
    /// The header's row number as the spreadsheet shows it; `None` finds it (the
    /// row among the first [`HEADER_SEARCH_ROWS`] that names most of the file's
    /// columns).
    pub header_row: Option<u64>,
    /// Told how far the import has got: a million-row file takes seconds, and the
    /// page shows where it is. Not part of what is read.
    #[serde(skip)]
    pub progress: Progress,
}

/// How far an import has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStage {
    /// The file is being decoded and split into rows and cells.
    Reading,
    /// `done` of the table's `total` data rows have been read into records.
    Rows { done: u64, total: u64 },
}

/// Where [`ImportStage`]s are told: nowhere by default. A plain function, so that the
/// import stays free of state; comparing options ignores it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress(pub Option<fn(ImportStage)>);

impl Progress {
    pub fn tell(self, stage: ImportStage) {
        if let Some(tell) = self.0 {
            tell(stage);
        }
    }
}

impl PartialEq for Progress {
    fn eq(&self, _: &Progress) -> bool {
        true
    }
}

impl Eq for Progress {}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            encoding: TextEncoding::Auto,
            header_overrides: BTreeMap::new(),
            risk_classes: ["A", "B", "C", "D"].iter().map(|s| s.to_string()).collect(),
            require_risk: true,
            as_of: None,
            header_row: None,
            progress: Progress::default(),
        }
    }
}

/// A file accepted: its records sorted by key, the warnings, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported<T> {
    /// Sorted by key (byte order), keys distinct.
    pub records: Vec<T>,
    pub warnings: Vec<Problem>,
    /// `None` when imported from a [`Table`] rather than bytes.
    pub encoding: Option<TextEncoding>,
    pub mapping: Mapping,
}

/// `as_of` normalised, or a problem when it is not a date.
pub(crate) fn as_of(file: &str, o: &ImportOptions, probs: &mut Vec<Problem>) -> Option<String> {
    let raw = o.as_of.as_deref()?;
    match normalize::parse_date(raw) {
        Some(d) => Some(d),
        None => {
            probs.push(
                Problem::new(
                    format!("核对日期“{raw}”不是有效日期（应为 YYYY-MM-DD）"),
                    format!("the as-of date “{raw}” is not a valid date (expected YYYY-MM-DD)"),
                )
                .in_file(file),
            );
            None
        }
    }
}

/// A table made ready for the importer of `kind`: its header where the options or
/// the file say, the mapping of its columns, and the notices and problems of both
/// (`skip_missing` as in [`Mapping::problems`]).
pub(crate) fn prepare<'a>(
    t: &'a Table,
    kind: FileKind,
    o: &ImportOptions,
    skip_missing: &[&str],
) -> Result<(Cow<'a, Table>, Mapping, Vec<Problem>), Problems> {
    let table = layout::for_kind(t, kind, o).map_err(Problems::from)?;
    let mapping = table_mapping(kind, &table, &o.header_overrides);
    let mut probs = layout::notices(&table);
    let missing = mapping.missing.iter().any(|m| !skip_missing.contains(&m.as_str()));
    if let Some(wrong_slot) = missing.then(|| layout::another_kind(&table, kind)).flatten() {
        probs.push(wrong_slot);
    }
    probs.extend(mapping.problems(&table.file, skip_missing));
    Ok((table, mapping, probs))
}

/// Rows first in file order (file-level problems, which have no row or row 1,
/// come first); Err when anything is an error.
pub(crate) fn finish<T>(records: Vec<T>, mut probs: Vec<Problem>, mapping: Mapping) -> Result<Imported<T>, Problems> {
    probs.sort_by_key(|p| p.row.unwrap_or(0));
    if probs.iter().any(|p| !p.warning) {
        return Err(Problems(probs));
    }
    Ok(Imported { records, warnings: probs, encoding: None, mapping })
}

fn import_csv<T>(
    file: &str,
    bytes: &[u8],
    o: &ImportOptions,
    from_table: fn(&Table, &ImportOptions) -> Result<Imported<T>, Problems>,
) -> Result<Imported<T>, Problems> {
    let (text, enc) = decode(file, bytes, o.encoding)?;
    let table = parse_csv(file, &text)?;
    let mut imported = from_table(&table, o)?;
    imported.encoding = Some(enc);
    Ok(imported)
}

/// Decodes, parses and reads a 检查对象名录库 CSV.
pub fn import_enterprises_csv(file: &str, bytes: &[u8], o: &ImportOptions) -> Result<Imported<Enterprise>, Problems> {
    import_csv(file, bytes, o, enterprises_from_table)
}

/// Decodes, parses and reads a 执法检查人员名录库 CSV.
pub fn import_inspectors_csv(file: &str, bytes: &[u8], o: &ImportOptions) -> Result<Imported<Inspector>, Problems> {
    import_csv(file, bytes, o, inspectors_from_table)
}

/// Decodes, parses and reads a 随机抽查事项清单 CSV.
pub fn import_checklist_csv(file: &str, bytes: &[u8], o: &ImportOptions) -> Result<Imported<ChecklistItem>, Problems> {
    import_csv(file, bytes, o, checklist_from_table)
}

/// Decodes, parses and reads an inspection history CSV.
pub fn import_history_csv(file: &str, bytes: &[u8], o: &ImportOptions) -> Result<Imported<HistoryRecord>, Problems> {
    import_csv(file, bytes, o, history_from_table)
}

/// The mapping a CSV's header row gets, for the UI's column-mapping step before
/// the full import.
pub fn csv_header_mapping(
    file: &str,
    bytes: &[u8],
    kind: FileKind,
    o: &ImportOptions,
) -> Result<(Mapping, TextEncoding), Problems> {
    let (text, enc) = decode(file, bytes, o.encoding)?;
    let table = parse_csv(file, &text)?;
    let table = layout::for_kind(&table, kind, o).map_err(Problems::from)?;
    Ok((table_mapping(kind, &table, &o.header_overrides), enc))
}
