//! The format-neutral grid every importer works on, from CSV or a workbook.

use serde::{Deserialize, Serialize};

use super::layout;

/// A sheet as read: the header row, the non-empty data rows, and the rows around
/// them that are not data (a title above the header, 制表人 and 合计 below the data).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Table {
    /// Name shown in problems.
    pub file: String,
    /// Header texts, trimmed; trailing empty headers dropped.
    pub headers: Vec<String>,
    /// The header's row number in the file, as the spreadsheet shows it.
    #[serde(default = "first_row")]
    pub header_row: u64,
    pub rows: Vec<TableRow>,
    /// Rows with content above the header, kept so that another row can still be
    /// chosen as the header.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub above: Vec<TableRow>,
    /// Footer rows after the last data row, not read as records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub below: Vec<TableRow>,
}

fn first_row() -> u64 {
    1
}

/// One data row with its spreadsheet row number.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TableRow {
    pub row: u64,
    /// Raw cell texts, as many as the row has (fewer or more than the headers).
    pub cells: Vec<String>,
}

impl Table {
    /// Builds a table from records as they come out of a sheet: rows with only blank
    /// cells are skipped, the header is the row among the first few that reads most
    /// like a header of any input file (the first row with content when none does),
    /// and footer rows after the data are set apart.
    pub fn from_records(file: &str, records: Vec<(u64, Vec<String>)>) -> Option<Table> {
        let rows: Vec<TableRow> = records
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| !super::normalize::clean_borrowed(c).is_empty()))
            .map(|(row, cells)| TableRow { row, cells })
            .collect();
        let header = layout::likely_header(&rows, None)?;
        Some(Table::split(file, rows, header))
    }

    /// The table with the row at `header` (an index into `rows`, which are every row
    /// with content in file order) as its header.
    pub(crate) fn split(file: &str, mut rows: Vec<TableRow>, header: usize) -> Table {
        let mut data = rows.split_off(header.min(rows.len()));
        let above = rows;
        let header = if data.is_empty() { TableRow { row: 1, cells: Vec::new() } } else { data.remove(0) };
        let mut headers: Vec<String> = header.cells.iter().map(|h| super::normalize::clean(h)).collect();
        while headers.last().is_some_and(|h| h.is_empty()) {
            headers.pop();
        }
        let footer_start = layout::footer_start(&data);
        let below = data.split_off(footer_start);
        Table { file: file.to_string(), headers, header_row: header.row, rows: data, above, below }
    }

    /// Every row with content, header included, in file order.
    pub(crate) fn all_rows(&self) -> Vec<TableRow> {
        let header = TableRow { row: self.header_row, cells: self.headers.clone() };
        let mut all = Vec::with_capacity(self.above.len() + 1 + self.rows.len() + self.below.len());
        all.extend(self.above.iter().cloned());
        all.push(header);
        all.extend(self.rows.iter().cloned());
        all.extend(self.below.iter().cloned());
        all
    }
}
