//! One input file on its way into the project: bytes → [`Table`] → records, with
//! every problem located so the preview can mark it in place.
//!
//! Reading the table is the only format-specific step: CSV bytes are decoded and
//! parsed here, a workbook arrives already read into sheets by the XLSX module
//! (`browser::xlsx`), each with the problems of its cells.

use std::collections::{BTreeMap, BTreeSet};

use fairdraw::import::{
    checklist_from_table, decode, enterprises_from_table, header_mapping, history_from_table, inspectors_from_table,
    parse_csv, FileKind, ImportOptions, Mapping, SheetRead, Table, TextEncoding,
};
use fairdraw::model::Directories;
use fairdraw::problem::Problem;

/// Rows shown in the preview from the top of the file; rows with problems further
/// down are shown as well, up to [`MAX_PROBLEM_ROWS`].
pub const PREVIEW_ROWS: usize = 10;
pub const MAX_PROBLEM_ROWS: usize = 40;

/// The bytes as chosen, kept until the file is imported or replaced, so changing
/// the encoding or a column's meaning re-reads them without asking again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingFile {
    pub kind: FileKind,
    pub name: String,
    pub bytes: Vec<u8>,
    /// The user's choice; `Auto` detects.
    pub encoding: TextEncoding,
    /// `YYYY-MM-DD` for the certificate and history date checks.
    pub today: String,
    /// A workbook instead of CSV bytes (which are then empty).
    pub workbook: Option<Workbook>,
}

/// An XLSX file as the XLSX module read it, and the sheet to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workbook {
    /// Every sheet, or why the file (or the module) could not be read.
    pub sheets: Result<Vec<SheetRead>, Vec<Problem>>,
    /// Index into the sheets; the first by default.
    pub chosen: usize,
}

/// Whether a chosen file is a workbook: by its name, or by its content (a ZIP
/// archive), since files are often renamed.
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    name.to_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04")
}

/// What reading a file found: the table as far as it could be read, the mapping
/// of its headers, and every problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub kind: FileKind,
    pub name: String,
    /// The encoding asked for and the one used (when decoding succeeded).
    pub asked: TextEncoding,
    pub used: Option<TextEncoding>,
    /// For a workbook: the names of its sheets and the one read (no encoding then).
    pub workbook: bool,
    pub sheets: Vec<String>,
    pub sheet: usize,
    pub table: Option<Table>,
    pub mapping: Option<Mapping>,
    pub problems: Vec<Problem>,
    /// How many records the file holds, when it imported cleanly.
    pub accepted: Option<u64>,
}

impl Attempt {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| !p.warning)
    }

    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| !p.warning).count()
    }

    /// The rows to show: the first [`PREVIEW_ROWS`] and those with problems.
    pub fn preview_rows(&self) -> Vec<&fairdraw::import::TableRow> {
        let Some(table) = &self.table else { return Vec::new() };
        let flagged: BTreeSet<u64> = self.problems.iter().filter_map(|p| p.row).collect();
        let mut extra = 0;
        table
            .rows
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                if *i < PREVIEW_ROWS {
                    true
                } else if flagged.contains(&r.row) && extra < MAX_PROBLEM_ROWS {
                    extra += 1;
                    true
                } else {
                    false
                }
            })
            .map(|(_, r)| r)
            .collect()
    }

    /// The problems of one cell (by spreadsheet row and header text).
    pub fn cell_problems(&self, row: u64, header: &str) -> Vec<&Problem> {
        self.problems.iter().filter(|p| p.row == Some(row) && !p.column.is_empty() && p.column == header).collect()
    }

    /// Problems of a whole row (a row but no column).
    pub fn row_problems(&self, row: u64) -> Vec<&Problem> {
        self.problems.iter().filter(|p| p.row == Some(row) && p.column.is_empty()).collect()
    }

    /// Problems of a whole column (a column but no row, e.g. a missing or doubled header).
    pub fn column_problems(&self, header: &str) -> Vec<&Problem> {
        self.problems.iter().filter(|p| (p.row.is_none() || p.row == Some(1)) && p.column == header).collect()
    }
}

/// Bytes to a [`Table`]: CSV in any encoding [`decode`] knows.
pub fn read_table(name: &str, bytes: &[u8], encoding: TextEncoding) -> Result<(Table, TextEncoding), Vec<Problem>> {
    let (text, used) = decode(name, bytes, encoding).map_err(|p| vec![p])?;
    let table = parse_csv(name, &text).map_err(|p| p.0)?;
    Ok((table, used))
}

pub fn options(choices: &BTreeMap<String, String>, today: &str) -> ImportOptions {
    ImportOptions {
        header_overrides: choices.clone(),
        as_of: (!today.is_empty()).then(|| today.to_string()),
        ..ImportOptions::default()
    }
}

/// The table of a pending file, the encoding used for CSV, and the problems
/// found before any column had a meaning (a workbook's cells).
fn table_of(file: &PendingFile) -> Result<(Table, Option<TextEncoding>, Vec<Problem>), Vec<Problem>> {
    let Some(book) = &file.workbook else {
        return read_table(&file.name, &file.bytes, file.encoding).map(|(t, used)| (t, Some(used), Vec::new()));
    };
    let sheets = book.sheets.as_ref().map_err(Clone::clone)?;
    let sheet = sheets.get(book.chosen).or(sheets.first()).ok_or_else(Vec::new)?;
    match &sheet.table {
        Some(t) => Ok((t.clone(), None, sheet.problems.clone())),
        None => Err(sheet.problems.clone()),
    }
}

/// Reads the file and, when it has no error, puts its records into `into`.
pub fn attempt(file: &PendingFile, choices: &BTreeMap<String, String>, into: &mut Directories) -> Attempt {
    let (sheets, sheet) = match &file.workbook {
        Some(Workbook { sheets: Ok(sheets), chosen }) => (sheets.iter().map(|s| s.name.clone()).collect(), *chosen),
        _ => (Vec::new(), 0),
    };
    let mut out = Attempt {
        kind: file.kind,
        name: file.name.clone(),
        asked: file.encoding,
        used: None,
        workbook: file.workbook.is_some(),
        sheets,
        sheet,
        table: None,
        mapping: None,
        problems: Vec::new(),
        accepted: None,
    };
    let (table, used, cell_problems) = match table_of(file) {
        Ok(t) => t,
        Err(problems) => {
            out.problems = problems;
            return out;
        }
    };
    out.used = used;
    out.mapping = Some(header_mapping(file.kind, &table.headers, choices));
    let o = options(choices, &file.today);
    let result = match file.kind {
        FileKind::Enterprises => enterprises_from_table(&table, &o).map(|i| {
            let n = i.records.len();
            into.enterprises = i.records;
            (n, i.warnings)
        }),
        FileKind::Inspectors => inspectors_from_table(&table, &o).map(|i| {
            let n = i.records.len();
            into.inspectors = i.records;
            (n, i.warnings)
        }),
        FileKind::Checklist => checklist_from_table(&table, &o).map(|i| {
            let n = i.records.len();
            into.checklist = i.records;
            (n, i.warnings)
        }),
        FileKind::History => history_from_table(&table, &o).map(|i| {
            let n = i.records.len();
            into.history = i.records;
            (n, i.warnings)
        }),
    };
    // A workbook's cell problems come with the importer's, in row order; an error
    // among them keeps the file out even when its records read.
    let cells_ok = !cell_problems.iter().any(|p| !p.warning);
    out.problems = cell_problems;
    match result {
        Ok((n, warnings)) => {
            out.accepted = cells_ok.then_some(n as u64);
            out.problems.extend(warnings);
        }
        Err(problems) => out.problems.extend(problems.0),
    }
    out.problems.sort_by_key(|p| p.row.unwrap_or(0));
    out.table = Some(table);
    out
}

/// The fields a column may be mapped to, for the select of an unmatched column:
/// (value, Chinese label, English label). "" ignores the column.
pub fn column_choices(kind: FileKind) -> Vec<(String, String, String)> {
    kind.fields().iter().map(|f| (f.name.to_string(), f.header_zh.to_string(), f.name.to_string())).collect()
}

/// The columns whose meaning the user should choose: unmatched ones, and — when a
/// required field is missing from an enterprise file — the extra columns, one of
/// which probably holds it under an unusual name.
pub fn columns_to_map(mapping: &Mapping) -> Vec<&fairdraw::import::ColumnMapping> {
    use fairdraw::import::Target;
    mapping
        .columns
        .iter()
        .filter(|c| {
            !c.header.is_empty()
                && (c.overridden
                    || matches!(c.target, Target::Unmatched | Target::Invalid(_))
                    || (!mapping.missing.is_empty() && matches!(c.target, Target::Attr(_))))
        })
        .collect()
}
