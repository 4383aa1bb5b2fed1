//! A worksheet as a workbook reader hands it over: its name, its [`Table`], and
//! the problems found in its cells before any column had a meaning (a number
//! that lost digits in Excel, an error value). Plain data, so the site can get it
//! as JSON from the separately loaded XLSX module and import it like a CSV.

use serde::{Deserialize, Serialize};

use crate::problem::{Problem, Problems};

use super::table::Table;
use super::{finish, Imported, ImportOptions};

/// One worksheet of a workbook, read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SheetRead {
    /// The sheet's name as Excel shows it on its tab.
    pub name: String,
    /// `None` when the sheet has no content at all.
    pub table: Option<Table>,
    /// Problems of single cells, located by Excel row and header; an empty sheet
    /// has one problem without a row.
    pub problems: Vec<Problem>,
}

impl SheetRead {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| !p.warning)
    }
}

/// Reads a sheet's table with `from_table`, reporting the sheet's own problems and
/// the importer's together; an error in either rejects the file.
pub fn import_sheet<T>(
    sheet: &SheetRead,
    o: &ImportOptions,
    from_table: fn(&Table, &ImportOptions) -> Result<Imported<T>, Problems>,
) -> Result<Imported<T>, Problems> {
    let Some(table) = &sheet.table else { return Err(Problems(sheet.problems.clone())) };
    match from_table(table, o) {
        Ok(imported) => {
            let mut probs = sheet.problems.clone();
            probs.extend(imported.warnings);
            finish(imported.records, probs, imported.mapping)
        }
        Err(Problems(theirs)) => {
            let mut probs = sheet.problems.clone();
            probs.extend(theirs);
            probs.sort_by_key(|p| p.row.unwrap_or(0));
            Err(Problems(probs))
        }
    }
}
