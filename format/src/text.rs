//! The one form of every text in the model: trimmed and NFC, identifiers folded.
//! The importers and the verifier apply these same functions.

use std::borrow::Cow;

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
use unicode_normalization::{is_nfc_quick, IsNormalized};

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
    // Of the plain characters only the ASCII space is a space, and none is a break.
    if plain_chars(s).is_some() {
        return Cow::Borrowed(s.trim_matches(' '));
    }
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
    let nfc = nfc(s);
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

/// A character that is NFC whatever surrounds it, answered without tables for the
/// text of almost every cell: characters below U+0300 (Latin-1 and ASCII) and the
/// CJK Unified Ideographs U+4E00–U+9FFF are all starters that never compose
/// (Unicode's NFC_Quick_Check is Yes and the combining class 0 for each;
/// `fast_ranges_are_nfc_starters` checks every one).
pub fn is_fast_nfc(c: char) -> bool {
    c < '\u{300}' || ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// How many characters `s` has when every one is plain: printable ASCII (U+0020 to
/// U+007E) or a CJK Unified Ideograph (U+4E00 to U+9FFF), as the text of nearly every
/// cell and record is; `None` otherwise. Plain characters are NFC whatever surrounds
/// them ([`is_fast_nfc`]), none is hidden or a line break, and the space is the only
/// space among them, so the checks of a text need not look at them one by one.
/// Answered from the bytes, which in WebAssembly is several times faster than
/// decoding each character.
pub fn plain_chars(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let (mut i, mut chars) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            0x20..=0x7E => i += 1,
            // U+4E00 to U+9FFF are the three-byte sequences E4 B8 80 to E9 BF BF.
            lead @ 0xE4..=0xE9 => {
                let second = *bytes.get(i + 1)?;
                if lead == 0xE4 && second < 0xB8 {
                    return None;
                }
                i += 3;
            }
            _ => return None,
        }
        chars += 1;
    }
    Some(chars)
}

/// Whether `s` is NFC (SPEC §3.5): without tables for a text of [`is_fast_nfc`]
/// characters alone, then by Unicode's quick check, then in full.
pub fn is_nfc(s: &str) -> bool {
    if s.chars().all(is_fast_nfc) {
        return true;
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => nfc(s) == s,
    }
}

/// `s` in NFC (UAX #15): each character canonically decomposed, each run of
/// non-starters put in canonical order, then composed. Built from the per-character
/// functions of unicode-normalization alone, since its string iterators choose
/// canonical or compatibility decomposition at run time and so bring the
/// compatibility tables (half the verification page's Unicode data) into every
/// build. `nfc_is_the_crates_nfc` holds it to the crate's own `nfc()`.
pub fn nfc(s: &str) -> String {
    let mut decomposed: Vec<(u8, char)> = Vec::with_capacity(s.len());
    let mut unordered = 0;
    for c in s.chars() {
        decompose_canonical(c, |d| {
            let class = canonical_combining_class(d);
            if class == 0 {
                // A starter ends the run of non-starters before it (a stable sort,
                // so characters of one class keep their order).
                decomposed[unordered..].sort_by_key(|&(class, _)| class);
                decomposed.push((class, d));
                unordered = decomposed.len();
            } else {
                decomposed.push((class, d));
            }
        });
    }
    decomposed[unordered..].sort_by_key(|&(class, _)| class);
    compose_ordered(&decomposed)
}

/// The canonical composition of a decomposed, canonically ordered text: each
/// character joins the last starter when nothing between them blocks it (a
/// starter, or a character of the same or a higher class).
fn compose_ordered(decomposed: &[(u8, char)]) -> String {
    let mut out = String::with_capacity(decomposed.len() * 3);
    // The last starter, which characters after it may still join, and those after
    // it that did not.
    let mut starter: Option<char> = None;
    let mut after: Vec<char> = Vec::new();
    let mut last_class: Option<u8> = None;
    for &(class, c) in decomposed {
        let Some(base) = starter else {
            if class == 0 {
                starter = Some(c);
            } else {
                out.push(c);
            }
            continue;
        };
        let blocked = last_class.is_some_and(|last| last >= class);
        if !blocked {
            if let Some(joined) = compose(base, c) {
                starter = Some(joined);
                continue;
            }
        }
        if class == 0 {
            out.push(base);
            out.extend(after.drain(..));
            starter = Some(c);
            last_class = None;
        } else {
            after.push(c);
            last_class = Some(class);
        }
    }
    out.extend(starter);
    out.extend(after);
    out
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

    /// The characters NFC can change or join: every one with a combining class or a
    /// canonical decomposition, and what it decomposes into.
    fn characters_that_normalise() -> Vec<char> {
        use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
        let mut found = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut parts = Vec::new();
            decompose_canonical(c, |d| parts.push(d));
            if canonical_combining_class(c) != 0 || parts != [c] {
                found.push(c);
                found.extend(parts);
            }
        }
        found.sort();
        found.dedup();
        found
    }

    #[test]
    fn nfc_is_the_crates_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let check = |s: &str| {
            let want: String = s.nfc().collect();
            assert_eq!(super::nfc(s), want, "{s:?}");
            assert_eq!(super::is_nfc(s), unicode_normalization::is_nfc(s), "{s:?}");
        };
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            check(c.encode_utf8(&mut [0; 4]));
        }
        let mut pool = characters_that_normalise();
        assert!(pool.len() > 2000, "{} characters", pool.len());
        // Starters that compose with what follows them only in Hangul, and plain text.
        pool.extend(['\u{1100}', '\u{1161}', '\u{11A8}', '\u{AC00}', '\u{AC01}', 'a', '中', ' ']);
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Each pair that composes, with marks of each class between, before and after
        // it: whether a mark is blocked from its base is decided by these.
        let marks = ['\u{334}', '\u{327}', '\u{316}', '\u{323}', '\u{330}', '\u{300}', '\u{301}', '\u{302}', '\u{345}', '\u{93C}', '\u{94D}', '\u{3099}', '\u{5B0}', '\u{1161}'];
        let mut pairs = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut parts = Vec::new();
            unicode_normalization::char::decompose_canonical(c, |d| parts.push(d));
            let &[base, mark] = parts.as_slice() else { continue };
            pairs += 1;
            for x in marks {
                for s in [[base, x, mark], [base, mark, x], [x, base, mark]] {
                    check(&s.iter().collect::<String>());
                }
                for y in marks {
                    check(&[base, x, y, mark].iter().collect::<String>());
                }
            }
        }
        assert!(pairs > 900, "{pairs} pairs");
        for _ in 0..200_000 {
            let len = 2 + next() % 5;
            let s: String = (0..len).map(|_| pool[(next() % pool.len() as u64) as usize]).collect();
            check(&s);
        }
    }

    #[test]
    fn plain_chars_counts_exactly_the_texts_of_plain_characters() {
        let plain = |c: char| matches!(c, ' '..='~' | '\u{4E00}'..='\u{9FFF}');
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("a{c}中"), format!("{c}{c}")] {
                let want = s.chars().all(plain).then(|| s.chars().count());
                assert_eq!(super::plain_chars(&s), want, "U+{:04X} in {s:?}", c as u32);
            }
        }
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
