//! One input file on its way into the project: bytes → [`Table`] → records, with
//! every problem located so the preview can mark it in place.
//!
//! The import itself is the application crate's (`fairdraw::import::import_file`),
//! the one the command line runs; a workbook arrives already read into sheets by
//! the XLSX module (`browser::xlsx`), each with the problems of its cells. This
//! module keeps what the preview needs around it.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use fairdraw::import::{import_file, FileContent, FileKind, ImportOptions, Mapping, Progress, Records, SheetRead, Table, TextEncoding};
use fairdraw::model::Directories;
use fairdraw::problem::Problem;
use serde::{Deserialize, Serialize};

pub use fairdraw::import::is_workbook;

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
    /// Shared, so that choosing another encoding or header row copies no byte.
    pub bytes: Rc<Vec<u8>>,
    /// The user's choice; `Auto` detects.
    pub encoding: TextEncoding,
    /// `YYYY-MM-DD` for the certificate and history date checks.
    pub today: String,
    /// A workbook instead of CSV bytes (which are then empty).
    pub workbook: Option<Workbook>,
    /// The header's row as the user set it (the spreadsheet's numbering); `None`
    /// finds it.
    pub header_row: Option<u64>,
}

/// An XLSX file as the XLSX module read it, and the sheet to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workbook {
    /// Every sheet, or why the file (or the module) could not be read; shared as
    /// the bytes are.
    pub sheets: Rc<Result<Vec<SheetRead>, Vec<Problem>>>,
    /// Index into the sheets; the first by default.
    pub chosen: usize,
}

/// What reading a file found: the table as far as it could be read, the mapping
/// of its headers, and every problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The table as far as it was read, with only the data rows the preview shows
    /// ([`Attempt::preview_rows`]): the page keeps the records, not every cell of a
    /// million-row file a second time.
    pub table: Option<Table>,
    /// How many data rows the file's table has.
    pub data_rows: usize,
    pub mapping: Option<Mapping>,
    pub problems: Vec<Problem>,
    /// How many records the file holds, when it imported cleanly.
    pub accepted: Option<u64>,
    /// Whether the header row was set by the user rather than found.
    pub header_set: bool,
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
        previewed(&table.rows, &self.problems).map(|i| &table.rows[i]).collect()
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
    /// The problems of a column as a whole: those of no row or of the header's row,
    /// wherever the header was found (title rows may sit above it).
    pub fn column_problems(&self, header: &str) -> Vec<&Problem> {
        let header_row = self.table.as_ref().map_or(1, |t| t.header_row);
        self.problems.iter().filter(|p| (p.row.is_none() || p.row == Some(header_row)) && p.column == header).collect()
    }
}

/// The import options of the page: the user's column choices, the encoding asked
/// for, and the day the certificate and history dates are checked against.
pub fn options(choices: &BTreeMap<String, String>, file: &PendingFile) -> ImportOptions {
    ImportOptions {
        encoding: file.encoding,
        header_overrides: choices.clone(),
        as_of: (!file.today.is_empty()).then(|| file.today.clone()),
        header_row: file.header_row,
        ..ImportOptions::default()
    }
}

/// Reads the file: what the preview shows, and the records when it has no error.
pub fn attempt(file: &PendingFile, choices: &BTreeMap<String, String>) -> (Attempt, Option<Records>) {
    attempt_told(file, choices, Progress::default())
}

/// [`attempt`], telling `progress` how far it has got.
pub fn attempt_told(file: &PendingFile, choices: &BTreeMap<String, String>, progress: Progress) -> (Attempt, Option<Records>) {
    let (sheets, sheet) = match file.workbook.as_ref().map(|book| (&*book.sheets, book.chosen)) {
        Some((Ok(sheets), chosen)) => (sheets.iter().map(|s| s.name.clone()).collect(), chosen),
        _ => (Vec::new(), 0),
    };
    let content = match &file.workbook {
        None => FileContent::Csv(&file.bytes),
        Some(book) => FileContent::Workbook { sheets: book.sheets.as_deref().map_err(Vec::as_slice), chosen: book.chosen },
    };
    let read = import_file(file.kind, &file.name, content, &ImportOptions { progress, ..options(choices, file) });
    let data_rows = read.table.as_ref().map_or(0, |t| t.rows.len());
    let table = read.table.map(|mut t| {
        let shown: BTreeSet<usize> = previewed(&t.rows, &read.problems).collect();
        t.rows = std::mem::take(&mut t.rows).into_iter().enumerate().filter(|(i, _)| shown.contains(i)).map(|(_, r)| r).collect();
        t
    });
    let accepted = read.records.as_ref().map(|r| r.len() as u64);
    let attempt = Attempt {
        kind: file.kind,
        name: file.name.clone(),
        asked: file.encoding,
        used: read.encoding,
        workbook: file.workbook.is_some(),
        sheets,
        sheet,
        table,
        data_rows,
        mapping: read.mapping,
        problems: read.problems,
        accepted,
        header_set: file.header_row.is_some(),
    };
    (attempt, read.records)
}

/// What reading a CSV file away from the page (in the import worker) takes besides
/// its bytes: the file as the page has it, without them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadRequest {
    pub kind: FileKind,
    pub name: String,
    pub encoding: TextEncoding,
    pub today: String,
    pub header_row: Option<u64>,
    pub choices: BTreeMap<String, String>,
}

impl ReadRequest {
    /// `None` for a workbook: its sheets were read on the page by the XLSX module.
    pub fn of(file: &PendingFile, choices: &BTreeMap<String, String>) -> Option<ReadRequest> {
        file.workbook.is_none().then(|| ReadRequest {
            kind: file.kind,
            name: file.name.clone(),
            encoding: file.encoding,
            today: file.today.clone(),
            header_row: file.header_row,
            choices: choices.clone(),
        })
    }

    /// The file it was made of, with its bytes given back.
    pub fn file(&self, bytes: Vec<u8>) -> PendingFile {
        PendingFile {
            kind: self.kind,
            name: self.name.clone(),
            bytes: Rc::new(bytes),
            encoding: self.encoding,
            today: self.today.clone(),
            workbook: None,
            header_row: self.header_row,
        }
    }
}

/// Records per part when they cross from the import worker to the page: the page
/// reads one part per task, so that it answers between parts.
pub const RECORDS_PER_PART: usize = 20_000;

/// A read as it crosses from the worker: the attempt as JSON, and the records (when
/// the file imported) in parts of up to [`RECORDS_PER_PART`] records each: firms as
/// [`super::wire`] writes them, other records as JSON arrays.
pub struct ReadParts {
    pub attempt: String,
    pub records: Option<Vec<Vec<u8>>>,
}

/// Reads `request`'s file from `bytes`, in parts for the page.
pub fn read_in_parts(bytes: Vec<u8>, request: &ReadRequest, progress: Progress) -> ReadParts {
    let (attempt, records) = attempt_told(&request.file(bytes), &request.choices, progress);
    fn parts<T: Serialize>(records: &[T]) -> Vec<Vec<u8>> {
        records.chunks(RECORDS_PER_PART).map(|part| serde_json::to_vec(part).unwrap_or_default()).collect()
    }
    let records = records.map(|r| match &r {
        Records::Enterprises(r) => r.chunks(RECORDS_PER_PART).map(super::wire::encode).collect(),
        Records::Inspectors(r) => parts(r),
        Records::Checklist(r) => parts(r),
        Records::History(r) => parts(r),
    });
    ReadParts { attempt: serde_json::to_string(&attempt).unwrap_or_default(), records }
}

/// The records of `kind` being taken back part by part from [`read_in_parts`].
pub struct RecordsTaken(Records);

/// The most records [`RecordsTaken::expecting`] makes room for at once: about what a
/// page can hold (a wasm module's memory ends at 4 GiB).
const MOST_EXPECTED: u64 = 5_000_000;

impl RecordsTaken {
    /// Room made at once for the `expected` records the read accepted: growing a city's
    /// directory part by part copied it again at every doubling, seconds of the page's
    /// thread. The count is the worker's, which the parts need not match; room for
    /// more than [`MOST_EXPECTED`] is left to be made as the parts come.
    pub fn expecting(kind: FileKind, expected: u64) -> RecordsTaken {
        let room = usize::try_from(expected.min(MOST_EXPECTED)).unwrap_or(0);
        RecordsTaken(match kind {
            FileKind::Enterprises => Records::Enterprises(Vec::with_capacity(room)),
            FileKind::Inspectors => Records::Inspectors(Vec::with_capacity(room)),
            FileKind::Checklist => Records::Checklist(Vec::with_capacity(room)),
            FileKind::History => Records::History(Vec::with_capacity(room)),
        })
    }

    /// Adds one part as [`read_in_parts`] wrote it; a part that does not read is a
    /// fault of the site, not of the file.
    pub fn take(&mut self, part: &[u8]) -> Result<(), String> {
        fn add<T: serde::de::DeserializeOwned>(into: &mut Vec<T>, part: &[u8]) -> Result<(), String> {
            let text = std::str::from_utf8(part).map_err(|e| e.to_string())?;
            let records: Vec<T> = serde_json::from_str(text).map_err(|e| e.to_string())?;
            into.extend(records);
            Ok(())
        }
        match &mut self.0 {
            Records::Enterprises(r) => super::wire::decode_into(part, r),
            Records::Inspectors(r) => add(r, part),
            Records::Checklist(r) => add(r, part),
            Records::History(r) => add(r, part),
        }
    }

    pub fn records(self) -> Records {
        self.0
    }
}

/// The directories with `records` in place of their kind's, the others as they were:
/// the kinds kept are copied, never the one replaced.
pub fn replaced(d: &Directories, records: Records) -> Directories {
    fn kept<T: Clone>(replacing: bool, records: &[T]) -> Vec<T> {
        if replacing { Vec::new() } else { records.to_vec() }
    }
    let mut out = Directories {
        enterprises: kept(matches!(records, Records::Enterprises(_)), &d.enterprises),
        inspectors: kept(matches!(records, Records::Inspectors(_)), &d.inspectors),
        checklist: kept(matches!(records, Records::Checklist(_)), &d.checklist),
        history: kept(matches!(records, Records::History(_)), &d.history),
    };
    records.store_in(&mut out);
    out
}

/// The indices of the rows the preview shows: the first [`PREVIEW_ROWS`], then up to
/// [`MAX_PROBLEM_ROWS`] rows with problems. The same rows again when applied to
/// those rows alone, so the page can keep them alone.
fn previewed<'a>(rows: &'a [fairdraw::import::TableRow], problems: &[Problem]) -> impl Iterator<Item = usize> + 'a {
    let flagged: BTreeSet<u64> = problems.iter().filter_map(|p| p.row).collect();
    let mut extra = 0;
    rows.iter().enumerate().filter_map(move |(i, r)| {
        if i < PREVIEW_ROWS {
            Some(i)
        } else if flagged.contains(&r.row) && extra < MAX_PROBLEM_ROWS {
            extra += 1;
            Some(i)
        } else {
            None
        }
    })
}

/// The fields a column may be mapped to, for the select of an unmatched column:
/// (value, Chinese label, English label). "" ignores the column.
pub fn column_choices(kind: FileKind) -> Vec<(String, String, String)> {
    kind.fields().iter().map(|f| (f.name.to_string(), f.header_zh.to_string(), f.name.to_string())).collect()
}

/// Every named column of the file, as recognised or as the user chose: shown after
/// every import, so that no column is silently kept as extra information or read
/// as the wrong field.
pub fn columns_to_map(mapping: &Mapping) -> Vec<&fairdraw::import::ColumnMapping> {
    mapping.columns.iter().filter(|c| !c.header.is_empty()).collect()
}

/// Whether a column asks the user to choose: it matched nothing, or — when a
/// required field is missing from an enterprise file — it is an extra column that
/// probably holds it under an unusual name.
pub fn needs_choice(mapping: &Mapping, column: &fairdraw::import::ColumnMapping) -> bool {
    use fairdraw::import::Target;
    matches!(column.target, Target::Unmatched | Target::Invalid(_)) || (!mapping.missing.is_empty() && matches!(column.target, Target::Attr(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the worker sends, taken back part by part as the page does, is the
    /// directory the page would have read itself, in the same order.
    #[test]
    fn records_sent_in_parts_come_back_whole() {
        let firms = fairdraw::demo::demo_inputs(RECORDS_PER_PART + 7, 20).into_parts().1.enterprises;
        let csv = fairdraw::import::write_enterprises_csv(&firms);
        let request = ReadRequest {
            kind: FileKind::Enterprises,
            name: "名录.csv".into(),
            encoding: TextEncoding::Auto,
            today: "2026-11-01".into(),
            header_row: None,
            choices: BTreeMap::new(),
        };
        let sent = read_in_parts(csv.clone().into_bytes(), &request, Progress(None));
        let parts = sent.records.expect("the directory imports");
        assert_eq!(parts.len(), 2);
        let accepted: Attempt = serde_json::from_str(&sent.attempt).unwrap();
        let accepted = accepted.accepted.expect("an imported file's count");
        let mut taken = RecordsTaken::expecting(FileKind::Enterprises, accepted);
        for part in &parts {
            taken.take(part).unwrap();
        }
        let (_, here) = attempt_told(&request.file(csv.into_bytes()), &BTreeMap::new(), Progress(None));
        match (taken.records(), here) {
            (Records::Enterprises(taken), Some(Records::Enterprises(here))) => {
                assert_eq!(taken.len(), RECORDS_PER_PART + 7);
                // Room was made once, for the count the read accepted.
                assert_eq!(taken.capacity(), taken.len());
                assert!(taken == here, "the records taken back differ from those read on the page");
            }
            _ => panic!("not the enterprises read on the page"),
        }
        assert!(RecordsTaken::expecting(FileKind::Enterprises, 0).take(b"\xff[").is_err(), "bytes that are not a part");
        assert!(RecordsTaken::expecting(FileKind::Inspectors, 3).take(b"\xff[").is_err(), "bytes that are not text");
    }
}
