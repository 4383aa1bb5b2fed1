//! Cell clean-up shared by every file kind: what a spreadsheet typed by hand in China
//! contains (full-width digits, ideographic spaces, 是/否, dates written five ways)
//! becomes the one form the model stores.

use std::borrow::Cow;

pub use fairdraw_format::text::{clean, clean_borrowed, fold_id, fold_width};

/// A code-like value (status, class, level) folded for comparison: cleaned,
/// full-width folded, lower-cased.
pub fn fold_code(s: &str) -> Cow<'_, str> {
    // Printable ASCII in lower case and the CJK Unified Ideographs are left as they
    // are by every step below, as the 是/否 and status cells of a directory are.
    if s.chars().all(|c| matches!(c, '!'..='~' | '\u{4E00}'..='\u{9FFF}') && !c.is_ascii_uppercase()) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(fold_code_slowly(s))
}

fn fold_code_slowly(s: &str) -> String {
    clean(&fold_width(s)).to_lowercase()
}

/// Excel shows long all-digit numbers as `9.13501E+17` and writes that into the CSV,
/// destroying the digits; saying so is more helpful than "wrong length".
pub fn looks_like_excel_number(s: &str) -> bool {
    if !s.contains(['E', 'e']) {
        return false;
    }
    let u = s.to_ascii_uppercase();
    match u.split_once("E+") {
        Some((mantissa, exp)) => {
            !mantissa.is_empty()
                && !exp.is_empty()
                && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
                && exp.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// 是/否 and the other ways people fill a yes/no column. Empty is 否.
pub fn parse_bool(s: &str) -> Option<bool> {
    match &*fold_code(s) {
        "" | "否" | "n" | "no" | "0" | "false" | "f" | "×" | "✗" | "✘" | "x" | "❌" | "☐" | "无" | "不是" | "未列入" => Some(false),
        "是" | "y" | "yes" | "1" | "true" | "t" | "√" | "✓" | "✔" | "✅" | "☑" | "有" | "○" | "●" | "已列入" | "列入" => Some(true),
        _ => None,
    }
}

/// The separators people use inside one cell to list several values.
const LIST_SEPARATORS: [char; 8] = ['、', ';', '；', ',', '，', '\n', '\r', '\t'];

/// A list cell: split, cleaned, empties dropped, sorted and distinct (the model's
/// invariant for every list).
pub fn split_list(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s.split(LIST_SEPARATORS).map(clean).filter(|x| !x.is_empty()).collect();
    v.sort();
    v.dedup();
    v
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A calendar date in any of the forms seen in Chinese spreadsheets — `2026-12-31`,
/// `2026/12/31`, `2026.12.31`, `2026年12月31日`, `20261231`, single-digit month and
/// day, a trailing midnight time as Excel appends — as `YYYY-MM-DD`. `None` when it is
/// not a real date.
pub fn parse_date(s: &str) -> Option<String> {
    let mut s = clean(&fold_width(s));
    // Excel writes date-time cells as "2026/12/31 0:00".
    if let Some((d, t)) = s.split_once(' ') {
        if !t.trim().is_empty() && t.trim().chars().all(|c| c.is_ascii_digit() || c == ':') {
            s = d.to_string();
        }
    }
    let (y, m, d) = if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        (s.get(0..4)?.to_string(), s.get(4..6)?.to_string(), s.get(6..8)?.to_string())
    } else {
        let body = s.strip_suffix('日').unwrap_or(&s);
        if body.contains('日') {
            return None;
        }
        let unified: String = body
            .chars()
            .map(|c| match c {
                '年' | '月' | '/' | '.' => '-',
                c => c,
            })
            .collect();
        let parts: Vec<&str> = unified.split('-').collect();
        if parts.len() != 3 {
            return None;
        }
        (parts[0].to_string(), parts[1].to_string(), parts[2].to_string())
    };
    let digits = |x: &str, min: usize, max: usize| {
        x.len() >= min && x.len() <= max && x.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(&y, 4, 4) || !digits(&m, 1, 2) || !digits(&d, 1, 2) {
        return None;
    }
    let (yn, mn, dn): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if yn < 1000 || dn == 0 || dn > days_in_month(yn, mn) {
        return None;
    }
    Some(format!("{yn:04}-{mn:02}-{dn:02}"))
}

/// A header as compared against the known names: folded, lower-cased, without
/// spaces, underscores, hyphens, asterisks, colons or parenthesised remarks, so that
/// `执法证号（必填）`, `* 执法证号` and `Enterprise ID` match `执法证号` / `enterprise_id`.
pub fn header_key(s: &str) -> String {
    let folded = fold_code(s);
    let mut out = String::new();
    let mut depth = 0u32;
    for c in folded.chars() {
        match c {
            '(' | '（' | '【' | '[' => depth += 1,
            ')' | '）' | '】' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '_' | '-' | '*' | ':' | '：' | '.' | '·') => {}
            c => out.push(c),
        }
    }
    if out.is_empty() {
        folded.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text a short generator reaches over characters of each kind the quick
    /// path must tell apart folds the same through it as the long way.
    #[test]
    fn the_quick_folding_agrees_with_the_long_one() {
        let pieces = ["a", "Z", "是", "否", " ", "\u{3000}", "Ａ", "ｂ", "１", "\t", "\n", "É", "é", "e\u{301}", "\u{FEFF}", "（", "-", "~", "\u{7F}", "\u{F900}"];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(fold_code(&s), fold_code_slowly(&s), "{s:?}");
                    assert_eq!(fold_id(&s), clean(&fold_width(&s)).to_ascii_uppercase(), "{s:?}");
                }
            }
        }
    }

    fn check<T: PartialEq + std::fmt::Debug>(f: impl Fn(&str) -> T, cases: &[(&str, T)]) {
        for (input, expected) in cases {
            assert_eq!(&f(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn clean_trims_every_kind_of_space_and_composes() {
        check(
            clean,
            &[
                ("  福州  ", "福州".to_string()),
                ("\u{3000}福州\u{3000}", "福州".to_string()),
                ("\u{a0}福州\u{a0}\t", "福州".to_string()),
                ("\u{feff}福州", "福州".to_string()),
                ("Cafe\u{301}", "Caf\u{e9}".to_string()),
                ("内 部", "内 部".to_string()),
                ("", String::new()),
            ],
        );
    }

    #[test]
    fn ids_fold_full_width_and_case() {
        check(
            fold_id,
            &[
                ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43".to_string()),
                ("　91350100m000100y43 ", "91350100M000100Y43".to_string()),
                ("ｚｊ－０００１", "ZJ-0001".to_string()),
                ("闽35010021001", "闽35010021001".to_string()),
            ],
        );
    }

    #[test]
    fn yes_no_values() {
        check(
            parse_bool,
            &[
                ("是", Some(true)),
                ("否", Some(false)),
                ("", Some(false)),
                ("Y", Some(true)),
                ("n", Some(false)),
                ("１", Some(true)),
                ("0", Some(false)),
                ("TRUE", Some(true)),
                ("false", Some(false)),
                ("√", Some(true)),
                ("×", Some(false)),
                ("✓", Some(true)),
                ("✗", Some(false)),
                ("Yes", Some(true)),
                ("NO", Some(false)),
                ("ｙ", Some(true)),
                ("N", Some(false)),
                ("有", Some(true)),
                ("无", Some(false)),
                (" 是 ", Some(true)),
                ("已列入", Some(true)),
                ("未列入", Some(false)),
                ("也许", None),
                ("2", None),
            ],
        );
    }

    #[test]
    fn dates_in_every_common_form() {
        let ok = |s: &str| Some(s.to_string());
        check(
            parse_date,
            &[
                ("2026-12-31", ok("2026-12-31")),
                ("2026/12/31", ok("2026-12-31")),
                ("2026.12.31", ok("2026-12-31")),
                ("2026年12月31日", ok("2026-12-31")),
                ("20261231", ok("2026-12-31")),
                ("2026/1/5", ok("2026-01-05")),
                ("２０２６年１月５日", ok("2026-01-05")),
                ("2026/12/31 0:00", ok("2026-12-31")),
                ("2024-02-29", ok("2024-02-29")),
                ("2025-02-29", None),
                ("1900-02-29", None),
                ("2000-02-29", ok("2000-02-29")),
                ("2026-13-01", None),
                ("2026-04-31", None),
                ("2026-00-10", None),
                ("26-12-31", None),
                ("2026-12", None),
                ("46387", None),
                ("2026年12月31日日", None),
                ("", None),
                ("明年", None),
            ],
        );
    }

    #[test]
    fn lists_split_sort_and_dedupe() {
        check(
            split_list,
            &[
                ("食品安全、特种设备", vec!["特种设备".to_string(), "食品安全".to_string()]),
                ("b; a；b ,c，a", vec!["a".to_string(), "b".to_string(), "c".to_string()]),
                ("", vec![]),
                (" 、 ", vec![]),
            ],
        );
    }

    #[test]
    fn header_keys() {
        check(
            header_key,
            &[
                ("执法证号（必填）", "执法证号".to_string()),
                ("* 统一社会信用代码", "统一社会信用代码".to_string()),
                ("住所（经营场所）", "住所".to_string()),
                ("企业（机构）名称", "企业名称".to_string()),
                ("Enterprise ID", "enterpriseid".to_string()),
                ("enterprise_id", "enterpriseid".to_string()),
                ("（备注）", "(备注)".to_string()),
            ],
        );
    }

    #[test]
    fn excel_scientific_numbers_are_recognised() {
        check(
            looks_like_excel_number,
            &[("9.13501E+17", true), ("9.13501e+17", true), ("91350100M000100Y43", false), ("E+", false)],
        );
    }
}
