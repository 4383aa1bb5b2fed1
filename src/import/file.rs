//! One input file, from its name and content to records: the flow both the command
//! line (`fairdraw commit`) and the site's 计划 page run, so that a file one of them
//! accepts the other accepts too, with the same records and the same problems.
//!
//! CSV arrives as bytes. A workbook arrives already read into sheets: the site's
//! main wasm has no workbook reader (a separately loaded module reads it), so the
//! reading is the caller's and this flow starts at the [`SheetRead`]s. With the
//! `xlsx` feature, [`import_bytes`] does that reading too.

use crate::model::{ChecklistItem, Directories, Enterprise, HistoryRecord, Inspector};
use crate::problem::{Problem, Problems};

use super::headers::{table_mapping, FileKind, Mapping};
use super::sheet::SheetRead;
use super::table::Table;
use super::{
    checklist_from_table, decode, enterprises_from_table, history_from_table, inspectors_from_table, parse_csv,
    ImportOptions, Imported, TextEncoding,
};

/// How every ZIP archive, and so every .xlsx and .ods file, starts: a local file
/// header.
const ZIP_SIGNATURE: &[u8] = b"PK\x03\x04";

/// How an OLE compound file starts: an old binary .xls, or an encrypted
/// (password-protected) .xlsx.
const COMPOUND_FILE_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An OpenDocument spreadsheet names its type in its first, uncompressed entry.
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Whether the bytes can be an XLSX workbook (they are a ZIP archive).
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_SIGNATURE)
}

/// Whether the bytes are an OLE compound file (an .xls, or an encrypted .xlsx).
pub fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(COMPOUND_FILE_SIGNATURE)
}

/// Whether the bytes are an OpenDocument spreadsheet (.ods).
pub fn is_ods(bytes: &[u8]) -> bool {
    const HEAD: usize = 128;
    is_xlsx(bytes) && bytes.get(..HEAD.min(bytes.len())).is_some_and(|head| head.windows(ODS_MIMETYPE.len()).any(|w| w == ODS_MIMETYPE))
}

/// Whether a chosen file is to be read as a workbook rather than as CSV: by its
/// content, since files are often renamed, or by its name. A “.xls” that is text
/// is read as CSV: several platforms export tab-separated text under that name.
pub fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let name = name.to_lowercase();
    is_xlsx(bytes) || is_compound_file(bytes) || [".xlsx", ".xlsm", ".ods"].iter().any(|ext| name.ends_with(ext))
}

/// A file's content as handed to [`import_file`].
#[derive(Debug, Clone, Copy)]
pub enum FileContent<'a> {
    /// CSV bytes, in any encoding [`decode`] knows; `ImportOptions::encoding`
    /// overrides the detection.
    Csv(&'a [u8]),
    /// A workbook read into its sheets (or why it could not be read), and the index
    /// of the sheet to import; the first sheet when the index is out of range.
    Workbook { sheets: Result<&'a [SheetRead], &'a [Problem]>, chosen: usize },
}

/// The records of one file, of whichever kind it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Records {
    Enterprises(Vec<Enterprise>),
    Inspectors(Vec<Inspector>),
    Checklist(Vec<ChecklistItem>),
    History(Vec<HistoryRecord>),
}

impl Records {
    pub fn len(&self) -> usize {
        match self {
            Records::Enterprises(r) => r.len(),
            Records::Inspectors(r) => r.len(),
            Records::Checklist(r) => r.len(),
            Records::History(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Puts the records in their place among the directories, replacing what was there.
    pub fn store_in(self, directories: &mut Directories) {
        match self {
            Records::Enterprises(r) => directories.enterprises = r,
            Records::Inspectors(r) => directories.inspectors = r,
            Records::Checklist(r) => directories.checklist = r,
            Records::History(r) => directories.history = r,
        }
    }
}

/// What importing a file found: the table as far as it could be read, the mapping
/// of its headers, every problem, and the records when nothing was an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileImport {
    pub kind: FileKind,
    /// The encoding a CSV was decoded with, once decoding succeeded; `None` for a
    /// workbook.
    pub encoding: Option<TextEncoding>,
    pub table: Option<Table>,
    pub mapping: Option<Mapping>,
    /// Every problem: a workbook's cell problems and the importer's, in row order
    /// (file-level problems first).
    pub problems: Vec<Problem>,
    /// `Some` exactly when no problem is an error: then `problems` are warnings.
    pub records: Option<Records>,
}

impl FileImport {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| !p.warning)
    }

    /// The records and their warnings, or every problem.
    pub fn into_result(self) -> Result<(Records, Vec<Problem>), Problems> {
        match self.records {
            Some(records) => Ok((records, self.problems)),
            None => Err(Problems(self.problems)),
        }
    }
}

/// Reads one input file of `kind`: the table, its header mapping (with the
/// options' column choices), and the records.
pub fn import_file(kind: FileKind, file: &str, content: FileContent, options: &ImportOptions) -> FileImport {
    let mut out = FileImport { kind, encoding: None, table: None, mapping: None, problems: Vec::new(), records: None };
    options.progress.tell(super::ImportStage::Reading);
    let (table, cell_problems) = match read_table(file, content, options.encoding) {
        Ok((table, encoding, cell_problems)) => {
            out.encoding = encoding;
            (table, cell_problems)
        }
        Err(problems) => {
            out.problems = problems;
            return out;
        }
    };
    // The header found once here, so that the table shown is the one imported.
    let table = match super::layout::for_kind(&table, kind, options) {
        // A table whose header is where it was found, as in most files, is kept as it
        // is: a copy of every cell of a million-firm directory would double the memory.
        Ok(std::borrow::Cow::Borrowed(_)) => table,
        Ok(std::borrow::Cow::Owned(found)) => found,
        Err(problem) => {
            out.problems = cell_problems;
            out.problems.push(problem);
            out.table = Some(table);
            return out;
        }
    };
    out.mapping = Some(table_mapping(kind, &table, &options.header_overrides));
    // A workbook's cell problems come first and stay: an error among them keeps the
    // file out even when its records read.
    let cells_ok = !cell_problems.iter().any(|p| !p.warning);
    out.problems = cell_problems;
    match records_from_table(kind, &table, options) {
        Ok((records, warnings)) => {
            out.records = cells_ok.then_some(records);
            out.problems.extend(warnings);
        }
        Err(problems) => out.problems.extend(problems.0),
    }
    out.problems.sort_by_key(|p| p.row.unwrap_or(0));
    out.table = Some(table);
    out
}

/// The table of a file, the encoding used for CSV, and the problems found before
/// any column had a meaning (a workbook's cells).
fn read_table(
    file: &str,
    content: FileContent,
    encoding: TextEncoding,
) -> Result<(Table, Option<TextEncoding>, Vec<Problem>), Vec<Problem>> {
    match content {
        FileContent::Csv(bytes) => {
            let (text, used) = decode(file, bytes, encoding).map_err(|p| vec![p])?;
            let table = parse_csv(file, &text).map_err(|p| p.0)?;
            Ok((table, Some(used), Vec::new()))
        }
        FileContent::Workbook { sheets, chosen } => {
            let sheets = sheets.map_err(<[Problem]>::to_vec)?;
            let sheet = sheets.get(chosen).or(sheets.first()).ok_or_else(|| {
                vec![Problem::new("工作簿中没有工作表", "the workbook has no worksheet").in_file(file)]
            })?;
            match &sheet.table {
                Some(table) => Ok((table.clone(), None, sheet.problems.clone())),
                None => Err(sheet.problems.clone()),
            }
        }
    }
}

fn records_from_table(kind: FileKind, table: &Table, o: &ImportOptions) -> Result<(Records, Vec<Problem>), Problems> {
    fn read<T>(
        from_table: fn(&Table, &ImportOptions) -> Result<Imported<T>, Problems>,
        wrap: fn(Vec<T>) -> Records,
        table: &Table,
        o: &ImportOptions,
    ) -> Result<(Records, Vec<Problem>), Problems> {
        from_table(table, o).map(|imported| (wrap(imported.records), imported.warnings))
    }
    match kind {
        FileKind::Enterprises => read(enterprises_from_table, Records::Enterprises, table, o),
        FileKind::Inspectors => read(inspectors_from_table, Records::Inspectors, table, o),
        FileKind::Checklist => read(checklist_from_table, Records::Checklist, table, o),
        FileKind::History => read(history_from_table, Records::History, table, o),
    }
}

/// Reads a file as it is on disk: a workbook (by name or content) with its sheet
/// named `sheet` (the first when `None`), otherwise CSV.
#[cfg(feature = "xlsx")]
pub fn import_bytes(kind: FileKind, file: &str, bytes: &[u8], sheet: Option<&str>, options: &ImportOptions) -> FileImport {
    if !is_workbook(file, bytes) {
        return import_file(kind, file, FileContent::Csv(bytes), options);
    }
    let read = super::xlsx::read_sheet(file, bytes, sheet).map(|s| vec![s]);
    let sheets = match &read {
        Ok(sheets) => Ok(sheets.as_slice()),
        Err(problems) => Err(problems.0.as_slice()),
    };
    import_file(kind, file, FileContent::Workbook { sheets, chosen: 0 }, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbooks_are_known_by_name_or_content() {
        assert!(is_workbook("名录.XLSX", b"a,b"));
        assert!(is_workbook("名录.ods", b"a,b"));
        assert!(is_workbook("名录.csv", b"PK\x03\x04rest"));
        assert!(is_workbook("名录.csv", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]));
        assert!(!is_workbook("名录.csv", "统一社会信用代码,企业名称".as_bytes()));
        assert!(!is_workbook("名录.xls", "统一社会信用代码\t企业名称".as_bytes()), "tab-separated text under an .xls name");
        assert!(!is_xlsx(b"PK"));
        assert!(is_ods(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0mimetypeapplication/vnd.oasis.opendocument.spreadsheet"));
        assert!(!is_ods(b"PK\x03\x04[Content_Types].xml"));
    }

    #[test]
    fn a_file_with_an_error_has_no_records_and_keeps_its_table() {
        let csv = "执法证号,姓名\r\n,张三\r\n".as_bytes();
        let got = import_file(FileKind::Inspectors, "人员.csv", FileContent::Csv(csv), &ImportOptions::default());
        assert!(got.has_errors());
        assert!(got.records.is_none());
        assert_eq!(got.table.as_ref().map(|t| t.rows.len()), Some(1));
        assert!(got.mapping.is_some());
        assert!(got.into_result().is_err());
    }

    #[test]
    fn a_sheet_keeps_its_cell_problems_and_an_empty_workbook_is_an_error() {
        let table = Table::from_records("x.xlsx", vec![(1, vec!["执法证号".into(), "姓名".into()]), (2, vec!["1".into(), "张三".into()])]);
        let cell = Problem::new("位数丢失", "digits lost").in_file("x.xlsx").at_row(2);
        let sheet = SheetRead { name: "Sheet1".into(), table, problems: vec![cell] };
        let sheets = [sheet];
        let content = FileContent::Workbook { sheets: Ok(&sheets), chosen: 5 };
        let got = import_file(FileKind::Inspectors, "x.xlsx", content, &ImportOptions::default());
        assert!(got.records.is_none());
        assert!(got.problems.iter().any(|p| p.text.zh == "位数丢失"), "{:?}", got.problems);
        let none: [SheetRead; 0] = [];
        let empty = import_file(FileKind::Inspectors, "x.xlsx", FileContent::Workbook { sheets: Ok(&none), chosen: 0 }, &ImportOptions::default());
        assert!(empty.has_errors());
    }
}
