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
    pub cells: Cells,
}

/// The raw texts of one row's cells, kept as one text and where each cell ends: a
/// row costs two allocations rather than one per cell, which is most of the memory
/// and much of the time of reading a directory of millions of firms. Saved (in a
/// draft) and read back as a list of texts.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Cells {
    text: Box<str>,
    ends: Box<[usize]>,
}

impl Cells {
    /// The cells whose texts are `text` split at `ends` (each cell's end, in order).
    pub(crate) fn from_parts(text: &str, ends: &[usize]) -> Cells {
        debug_assert!(ends.windows(2).all(|w| w[0] <= w[1]) && ends.last().is_none_or(|&e| e == text.len()));
        Cells { text: text.into(), ends: ends.into() }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or(""))
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

impl From<Vec<String>> for Cells {
    fn from(cells: Vec<String>) -> Cells {
        cells.iter().map(String::as_str).collect()
    }
}

impl<'a> FromIterator<&'a str> for Cells {
    fn from_iter<I: IntoIterator<Item = &'a str>>(cells: I) -> Cells {
        let mut text = String::new();
        let mut ends = Vec::new();
        for cell in cells {
            text.push_str(cell);
            ends.push(text.len());
        }
        Cells::from_parts(&text, &ends)
    }
}

impl std::fmt::Debug for Cells {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Cells {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Cells {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Cells, D::Error> {
        Vec::<String>::deserialize(d).map(Cells::from)
    }
}

impl Table {
    /// Builds a table from records as they come out of a sheet: rows with only blank
    /// cells are skipped, the header is the row among the first few that reads most
    /// like a header of any input file (the first row with content when none does),
    /// and footer rows after the data are set apart.
    pub fn from_records(file: &str, records: Vec<(u64, Vec<String>)>) -> Option<Table> {
        Table::from_rows(file, records.into_iter().map(|(row, cells)| TableRow { row, cells: cells.into() }).collect())
    }

    /// As [`Table::from_records`], from rows read already.
    pub(crate) fn from_rows(file: &str, mut rows: Vec<TableRow>) -> Option<Table> {
        rows.retain(|r| r.cells.iter().any(|c| !super::normalize::clean_borrowed(c).is_empty()));
        let header = layout::likely_header(&rows, None)?;
        Some(Table::split(file, rows, header))
    }

    /// The table with the row at `header` (an index into `rows`, which are every row
    /// with content in file order) as its header.
    pub(crate) fn split(file: &str, mut rows: Vec<TableRow>, header: usize) -> Table {
        let mut data = rows.split_off(header.min(rows.len()));
        let above = rows;
        let header = if data.is_empty() { TableRow { row: 1, cells: Cells::default() } } else { data.remove(0) };
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
        let header = TableRow { row: self.header_row, cells: self.headers.iter().map(String::as_str).collect() };
        let mut all = Vec::with_capacity(self.above.len() + 1 + self.rows.len() + self.below.len());
        all.extend(self.above.iter().cloned());
        all.push(header);
        all.extend(self.rows.iter().cloned());
        all.extend(self.below.iter().cloned());
        all
    }
}
