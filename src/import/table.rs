//! The format-neutral grid every importer works on: CSV today, XLSX later.

use serde::{Deserialize, Serialize};

/// A sheet as read: the header row and the non-empty data rows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Table {
    /// Name shown in problems.
    pub file: String,
    /// Header texts, trimmed; trailing empty headers dropped.
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// One data row with its spreadsheet row number (the header row is normally row 1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TableRow {
    pub row: u64,
    /// Raw cell texts, as many as the row has (fewer or more than the headers).
    pub cells: Vec<String>,
}

impl Table {
    /// Builds a table from records as they come out of a sheet: the first row with
    /// any content is the header, rows with only blank cells are skipped.
    pub fn from_records(file: &str, records: Vec<(u64, Vec<String>)>) -> Option<Table> {
        let mut it = records.into_iter().filter(|(_, cells)| cells.iter().any(|c| !super::normalize::clean(c).is_empty()));
        let (_, header) = it.next()?;
        let mut headers: Vec<String> = header.iter().map(|h| super::normalize::clean(h)).collect();
        while headers.last().is_some_and(|h| h.is_empty()) {
            headers.pop();
        }
        let rows = it.map(|(row, cells)| TableRow { row, cells }).collect();
        Some(Table { file: file.to_string(), headers, rows })
    }
}
