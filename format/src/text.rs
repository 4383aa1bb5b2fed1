//! The one form of every text in the model: trimmed and NFC, identifiers folded.
//! The importers and the verifier apply these same functions.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Whitespace as Excel users produce it: ASCII, NBSP, U+3000, plus the invisible
/// BOM and zero-width space that survive copy-paste from web pages.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}')
}

/// Trimmed and NFC, each line break or tab inside it one space: the form of every
/// string in the model. A cell typed on several lines in Excel (Alt+Enter) keeps its
/// words; a document keeps no control character (SPEC §3.5).
pub fn clean(s: &str) -> String {
    clean_borrowed(s).into_owned()
}

/// [`clean`] without a copy when the text is in its one form already but for the
/// spaces around it, as almost every cell is: for checking text that is not kept.
pub fn clean_borrowed(s: &str) -> Cow<'_, str> {
    // Almost every cell is NFC already (Chinese text and ASCII are); the quick check
    // proves it without building a copy. One look at each character answers both
    // questions: a break at either end is trimmed, and joining no break changes
    // nothing.
    let (mut fast, mut breaks) = (true, false);
    for c in s.chars() {
        fast &= is_fast_nfc(c);
        breaks |= is_break(c);
    }
    if fast || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        let trimmed = s.trim_matches(is_space);
        if !breaks {
            return Cow::Borrowed(trimmed);
        }
        return Cow::Owned(join_breaks(trimmed));
    }
    let nfc: String = s.nfc().collect();
    let trimmed = nfc.trim_matches(is_space);
    Cow::Owned(if trimmed.contains(is_break) { join_breaks(trimmed) } else { trimmed.to_string() })
}

/// Each run of line breaks and tabs as one space.
fn join_breaks(trimmed: &str) -> String {
    let mut out = String::with_capacity(trimmed.len());
    let mut in_break = false;
    for c in trimmed.chars() {
        if is_break(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    out
}

/// Whether `s` is NFC, answered without tables for the text of almost every cell:
/// characters below U+0300 (Latin-1 and ASCII) and the CJK Unified Ideographs
/// U+4E00–U+9FFF are all starters that never compose (Unicode's NFC_Quick_Check is
/// Yes and the combining class 0 for each; `fast_ranges_are_nfc_starters` checks
/// every one), so a text of them alone is NFC. Anything else asks the quick check,
/// then the full one.
pub fn is_surely_nfc(s: &str) -> bool {
    s.chars().all(is_fast_nfc) || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// A character of the ranges [`is_surely_nfc`] needs no table for.
pub fn is_fast_nfc(c: char) -> bool {
    c < '\u{300}' || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Whether `s` is NFC (SPEC §3.5), the quick way where it can be.
pub fn is_nfc(s: &str) -> bool {
    is_surely_nfc(s) || unicode_normalization::is_nfc(s)
}

/// A line break or tab inside a cell.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
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
    // Printable ASCII without spaces is left as it is by the width folding and by
    // `clean`, as every code in a directory is: one copy instead of three.
    if s.bytes().all(|b| b.is_ascii_graphic()) {
        return s.to_ascii_uppercase();
    }
    clean(&fold_width(s)).to_ascii_uppercase()
}


#[cfg(test)]
mod clean_tests {
    use super::clean;
    use unicode_normalization::UnicodeNormalization;

    /// `clean` as its definition reads: NFC, trimmed, each run of breaks one space.
    fn the_long_way(s: &str) -> String {
        let nfc: String = s.nfc().collect();
        let mut out = String::new();
        for (i, part) in nfc.trim_matches(super::is_space).split(super::is_break).filter(|p| !p.is_empty()).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(part);
        }
        out
    }

    #[test]
    fn clean_agrees_with_its_definition() {
        let pieces = ["a", "是", " ", "\u{3000}", "\t", "\r\n", "\n\n", "e\u{301}", "\u{301}", "\u{FEFF}", "\u{2028}", "\u{85}", "\u{F900}", "É"];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(clean(&s), the_long_way(&s), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn fast_ranges_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        for c in ('\u{0}'..'\u{300}').chain('\u{4E00}'..='\u{9FFF}') {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "U+{:04X}", c as u32);
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            // And nothing composes with a following character of the ranges either.
            for next in ['a', 'A', '\u{e9}', '中'] {
                let pair: String = [c, next].iter().collect();
                assert_eq!(pair.nfc().collect::<String>(), pair, "U+{:04X} then {next}", c as u32);
            }
        }
        assert!(super::is_nfc("示例县应急管理局 Caf\u{e9}"));
        assert!(!super::is_nfc("Cafe\u{301}"));
        assert!(!super::is_nfc("\u{F900}"), "a CJK compatibility ideograph is not NFC");
    }

    #[test]
    fn clean_gives_nfc_whether_or_not_the_text_was() {
        for (input, want) in [
            ("  示例县应急管理局 ", "示例县应急管理局"),
            ("Cafe\u{301}", "Caf\u{e9}"),
            ("\u{1100}\u{1161}", "\u{AC00}"),
            ("\u{212B}ngstr\u{f6}m", "\u{C5}ngstr\u{f6}m"),
            ("a\r\n\tb", "a b"),
            ("\u{3000}e\u{301}\u{3000}", "\u{e9}"),
        ] {
            assert_eq!(clean(input), want, "{input:?}");
            let slow: String = input.nfc().collect();
            assert_eq!(clean(&slow), want, "{input:?} composed first");
            assert_eq!(super::clean_borrowed(input), want, "{input:?} borrowed");
        }
    }

    /// Text in its one form but for the spaces around it is not copied.
    #[test]
    fn clean_borrowed_copies_only_what_changes() {
        use std::borrow::Cow;
        for s in ["示例县应急管理局", "  91130302MA0RFAB6AN\u{3000}", "A", ""] {
            assert!(matches!(super::clean_borrowed(s), Cow::Borrowed(b) if b == clean(s)), "{s:?}");
        }
        for s in ["a\nb", "Cafe\u{301}"] {
            assert!(matches!(super::clean_borrowed(s), Cow::Owned(ref o) if *o == clean(s)), "{s:?}");
        }
    }
}
