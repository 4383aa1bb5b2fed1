//! The one form of every text in the model: trimmed and NFC, identifiers folded.
//! The importers and the verifier apply these same functions.

use unicode_normalization::UnicodeNormalization;

/// Whitespace as Excel users produce it: ASCII, NBSP, U+3000, plus the invisible
/// BOM and zero-width space that survive copy-paste from web pages.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}')
}

/// Trimmed and NFC: the form of every string in the model.
pub fn clean(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.trim_matches(is_space).to_string()
}

/// Full-width ASCII (U+FF01–U+FF5E) and U+3000 to their ASCII counterparts.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Identifiers (统一社会信用代码, 执法证号, 事项编码): cleaned, full-width folded,
/// ASCII upper-cased, so that the same code typed two ways is one key.
pub fn fold_id(s: &str) -> String {
    clean(&fold_width(s)).to_ascii_uppercase()
}

