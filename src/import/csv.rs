//! RFC 4180 CSV as Excel writes it: comma-separated (or TAB for "Unicode text"),
//! quoted fields with doubled quotes and embedded line breaks, CRLF or LF.

use crate::problem::{Problem, Problems};

use super::table::{Cells, Table, TableRow};

/// Excel's "Unicode text" export is TAB-separated; a header line with more tabs than
/// commas can only be that.
fn separator(text: &str) -> char {
    let first = text.split(['\n', '\r']).next().unwrap_or("");
    if first.matches('\t').count() > first.matches(',').count() {
        '\t'
    } else {
        ','
    }
}

/// Splits CSV text into records, each with its spreadsheet row number. A record whose
/// quoted field spans several lines is still one row, as in the spreadsheet.
///
/// Read by bytes: the separator, quote and line breaks are ASCII, which never occur
/// inside a multi-byte UTF-8 character, so every run between them is copied whole.
/// A record's cells are gathered in one text and where each cell ends.
pub fn records(file: &str, text: &str) -> Result<Vec<TableRow>, Problems> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let sep = separator(text) as u8;
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut row_text = String::new();
    let mut in_quotes = false;
    let mut field_start = true;
    let mut touched = false;
    let mut row: u64 = 1;
    let mut i = 0;
    while i < bytes.len() {
        touched = true;
        if in_quotes {
            let run = i;
            while i < bytes.len() && !matches!(bytes[i], b'"' | b'\r') {
                i += 1;
            }
            row_text.push_str(&text[run..i]);
            match (bytes.get(i), bytes.get(i + 1)) {
                (None, _) => {}
                (Some(b'"'), Some(b'"')) => {
                    row_text.push('"');
                    i += 2;
                }
                (Some(b'"'), _) => {
                    in_quotes = false;
                    i += 1;
                }
                // CRLF inside a quoted row_text is one line break, as Excel means it.
                (Some(_), Some(b'\n')) => i += 1,
                (Some(_), _) => {
                    row_text.push('\r');
                    i += 1;
                }
            }
            continue;
        }
        match bytes[i] {
            // Only a quote at the very start of a row_text opens a quoted row_text; anywhere
            // else Excel keeps it as a character, and so do we.
            b'"' if field_start => {
                in_quotes = true;
                field_start = false;
                i += 1;
            }
            c if c == sep => {
                ends.push(row_text.len());
                field_start = true;
                i += 1;
            }
            b'\r' | b'\n' => {
                i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                ends.push(row_text.len());
                out.push(TableRow { row, cells: Cells::from_parts(&row_text, &ends) });
                row_text.clear();
                ends.clear();
                row += 1;
                field_start = true;
                touched = false;
            }
            _ => {
                let run = i;
                i += 1;
                while i < bytes.len() && bytes[i] != sep && !matches!(bytes[i], b'\r' | b'\n') {
                    i += 1;
                }
                row_text.push_str(&text[run..i]);
                field_start = false;
            }
        }
    }
    if in_quotes {
        return Err(Problem::new(
            "引号没有闭合：从此行开始的带引号字段一直到文件末尾都没有结束",
            "unterminated quote: the quoted row_text starting in this row runs to the end of the file",
        )
        .in_file(file)
        .at_row(row)
        .into());
    }
    if touched {
        ends.push(row_text.len());
        out.push(TableRow { row, cells: Cells::from_parts(&row_text, &ends) });
    }
    Ok(out)
}

/// Parses a CSV file into a [`Table`].
pub fn parse_csv(file: &str, text: &str) -> Result<Table, Problems> {
    let recs = records(file, text)?;
    Table::from_rows(file, recs).ok_or_else(|| {
        Problem::new("文件是空的：没有表头行", "the file is empty: there is no header row").in_file(file).into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader as it was written first, a character at a time: the byte reader
    /// above must split every text exactly as it does.
    fn records_by_char(file: &str, text: &str) -> Result<Vec<(u64, Vec<String>)>, Problems> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let sep = separator(text);
        let mut out = Vec::new();
        let mut record: Vec<String> = Vec::new();
        let mut field = String::new();
        let mut in_quotes = false;
        let mut field_start = true;
        let mut touched = false;
        let mut row: u64 = 1;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            touched = true;
            if in_quotes {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => in_quotes = false,
                    '\r' if chars.peek() == Some(&'\n') => {}
                    c => field.push(c),
                }
                continue;
            }
            match c {
                // Only a quote at the very start of a field opens a quoted field; anywhere
                // else Excel keeps it as a character, and so do we.
                '"' if field_start => {
                    in_quotes = true;
                    field_start = false;
                }
                c if c == sep => {
                    record.push(std::mem::take(&mut field));
                    field_start = true;
                }
                '\r' | '\n' => {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    record.push(std::mem::take(&mut field));
                    out.push((row, std::mem::take(&mut record)));
                    row += 1;
                    field_start = true;
                    touched = false;
                }
                c => {
                    field.push(c);
                    field_start = false;
                }
            }
        }
        if in_quotes {
            return Err(Problem::new(
                "引号没有闭合：从此行开始的带引号字段一直到文件末尾都没有结束",
                "unterminated quote: the quoted field starting in this row runs to the end of the file",
            )
            .in_file(file)
            .at_row(row)
            .into());
        }
        if touched {
            record.push(field);
            out.push((row, record));
        }
        Ok(out)
    }

    /// Texts built from the characters that matter (separators, quotes, both line
    /// breaks, multi-byte text) in every order a small generator reaches.
    #[test]
    fn the_byte_reader_splits_as_the_character_reader() {
        let pieces = ["a", "中文", ",", "\t", "\"", "\"\"", "\r", "\n", "\r\n", " ", "é", "\u{FEFF}"];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut word = state;
            for _ in 0..(state % 12) {
                text.push_str(pieces[(word % pieces.len() as u64) as usize]);
                word /= pieces.len() as u64;
                if word == 0 {
                    word = state.rotate_left(29);
                }
            }
            let got = records("t", &text).map(|rows| rows.into_iter().map(|r| (r.row, r.cells.to_vec())).collect()).map_err(|p| p.0.into_iter().map(|p| p.row).collect::<Vec<_>>());
            let want = records_by_char("t", &text).map_err(|p| p.0.into_iter().map(|p| p.row).collect::<Vec<_>>());
            assert_eq!(got, want, "{text:?}");
        }
    }

    fn rows(text: &str) -> Vec<(u64, Vec<String>)> {
        records("t", text).unwrap().into_iter().map(|r| (r.row, r.cells.to_vec())).collect()
    }
    fn v(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rfc4180_cases() {
        assert_eq!(rows("a,b\r\n1,2\r\n"), vec![(1, v(&["a", "b"])), (2, v(&["1", "2"]))]);
        assert_eq!(rows("a,b\n1,2"), vec![(1, v(&["a", "b"])), (2, v(&["1", "2"]))]);
        assert_eq!(rows("\"x,y\",\"say \"\"hi\"\"\""), vec![(1, v(&["x,y", "say \"hi\""]))]);
        assert_eq!(
            rows("h\r\n\"line1\r\nline2\"\r\nnext\r\n"),
            vec![(1, v(&["h"])), (2, v(&["line1\nline2"])), (3, v(&["next"]))]
        );
        assert_eq!(rows("a,,\n"), vec![(1, v(&["a", "", ""]))]);
        assert_eq!(rows("ab\"c,d"), vec![(1, v(&["ab\"c", "d"]))]);
        assert_eq!(rows("\"\""), vec![(1, v(&[""]))]);
        assert_eq!(rows(""), vec![]);
    }

    #[test]
    fn tab_separated_unicode_text() {
        assert_eq!(rows("名称\t地址\n甲\t福州,鼓楼"), vec![(1, v(&["名称", "地址"])), (2, v(&["甲", "福州,鼓楼"]))]);
    }

    #[test]
    fn empty_rows_are_skipped_but_counted() {
        let t = parse_csv("t", "a,b\n\n , \n1,2\n").unwrap();
        assert_eq!(t.headers, v(&["a", "b"]));
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].row, 4);
    }

    #[test]
    fn unterminated_quote_is_reported_where_it_starts() {
        let e = records("t", "a\n\"open\nmore\n").unwrap_err();
        assert_eq!(e.0[0].row, Some(2));
    }

    #[test]
    fn empty_file() {
        assert!(parse_csv("t", "").is_err());
        assert!(parse_csv("t", "\u{feff}\r\n,,\r\n").is_err());
    }
}
