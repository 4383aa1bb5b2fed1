//! What the importers and the exports share: a named table ([`Sheet`]) and the
//! writing of one CSV field. Both `import` (templates, canonical CSV) and `export`
//! (results, task sheets) build on this module, and neither needs the other.

/// A named table; the first row is the header. What the CSV exports and the
/// workbook writer (`import::xlsx::write_workbook`) take.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// Appends one CSV field (RFC 4180), quoted when it has to be: separators, quotes,
/// line breaks and tabs, and leading or trailing white space or a byte order mark,
/// which spreadsheet programs would otherwise drop.
pub fn write_field(out: &mut String, v: &str) {
    let needs_quotes = v.contains([',', '"', '\r', '\n', '\t'])
        || v.starts_with(char::is_whitespace)
        || v.ends_with(char::is_whitespace)
        || v.starts_with('\u{FEFF}');
    if needs_quotes {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(v);
    }
}
