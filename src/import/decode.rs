//! Bytes to text. Excel in China saves "CSV" as GBK (GB18030 is its superset) and
//! "CSV UTF-8" with a BOM; "Unicode text" is UTF-16LE with a BOM and tabs.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::problem::Problem;

/// How to read the bytes of a file; after decoding, which encoding was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// A BOM decides; otherwise UTF-8 if the bytes are valid UTF-8, else GB18030.
    #[default]
    Auto,
    Utf8,
    Gb18030,
    /// Only ever chosen by a BOM (Excel "Unicode text").
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Auto => "auto",
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gb18030 => "GB18030",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }
}

/// Spreadsheet line (1-based) of a byte offset, so a decoding error points somewhere.
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let end = offset.min(bytes.len());
    bytes.get(..end).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count() as u64) + 1
}

fn decode_utf16(file: &str, body: &[u8], little: bool) -> Result<String, Problem> {
    let units = body.chunks(2).map(|pair| match (pair.first(), pair.get(1)) {
        (Some(&a), Some(&b)) => {
            if little {
                u16::from_le_bytes([a, b])
            } else {
                u16::from_be_bytes([a, b])
            }
        }
        // An odd trailing byte cannot be a code unit; make it a replacement.
        _ => 0xFFFD,
    });
    let mut out = String::with_capacity(body.len() / 2);
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(Problem::new(
                    "文件以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本",
                    "the file starts with a UTF-16 byte order mark but is not valid UTF-16",
                )
                .in_file(file))
            }
        }
    }
    if body.len() % 2 == 1 {
        return Err(Problem::new(
            "文件以 UTF-16 标记开头，但字节数为奇数，文件可能不完整",
            "the file starts with a UTF-16 byte order mark but has an odd number of bytes; it may be truncated",
        )
        .in_file(file));
    }
    Ok(out)
}

fn decode_utf8<'a>(file: &str, body: &'a [u8]) -> Result<Cow<'a, str>, Problem> {
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let row = line_of(body, e.valid_up_to());
            Err(Problem::new(
                "文件不是有效的 UTF-8 文本（可能是 GBK/GB18030 编码，请选择该编码或另存为“CSV UTF-8”）",
                "the file is not valid UTF-8 (it may be GBK/GB18030: choose that encoding, or save it as “CSV UTF-8”)",
            )
            .in_file(file)
            .at_row(row))
        }
    }
}

#[cfg(feature = "gb18030")]
fn decode_gb18030<'a>(file: &str, body: &'a [u8]) -> Result<Cow<'a, str>, Problem> {
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(body) {
        Some(s) => Ok(s),
        None => Err(Problem::new(
            "文件既不是有效的 UTF-8 文本，也不是有效的 GBK/GB18030 文本，请另存为“CSV UTF-8”后重试",
            "the file is neither valid UTF-8 nor valid GBK/GB18030; save it as “CSV UTF-8” and try again",
        )
        .in_file(file)),
    }
}

#[cfg(not(feature = "gb18030"))]
fn decode_gb18030<'a>(file: &str, _body: &'a [u8]) -> Result<Cow<'a, str>, Problem> {
    Err(Problem::new(
        "文件不是 UTF-8 文本，而本程序未包含 GBK/GB18030 解码；请在 Excel 中另存为“CSV UTF-8”后重试",
        "the file is not UTF-8 and this build cannot decode GBK/GB18030; save it from Excel as “CSV UTF-8” and try again",
    )
    .in_file(file))
}

/// Decodes a whole file. The BOM, if any, is removed; the encoding actually used is
/// returned with the text, which is the file's own bytes when they are UTF-8 (a
/// directory of a million firms is not held twice).
pub fn decode<'a>(file: &str, bytes: &'a [u8], enc: TextEncoding) -> Result<(Cow<'a, str>, TextEncoding), Problem> {
    let bom: Option<(TextEncoding, usize)> = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((TextEncoding::Utf8, 3))
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((TextEncoding::Utf16Le, 2))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((TextEncoding::Utf16Be, 2))
    } else {
        None
    };
    // A BOM is unambiguous evidence; it wins over Auto, and over an explicit choice of
    // the same family. An explicit GB18030 choice on a UTF-8 BOM file is a user error
    // that decoding as GB18030 would silently turn into mojibake, so the BOM wins too.
    let chosen = match (enc, bom) {
        (_, Some((b, _))) => b,
        (TextEncoding::Auto, None) => {
            if std::str::from_utf8(bytes).is_ok() {
                TextEncoding::Utf8
            } else {
                TextEncoding::Gb18030
            }
        }
        (e, None) => e,
    };
    let body = bytes.get(bom.map_or(0, |(_, n)| n)..).unwrap_or(&[]);
    let text = match chosen {
        TextEncoding::Utf8 | TextEncoding::Auto => decode_utf8(file, body)?,
        TextEncoding::Gb18030 => decode_gb18030(file, body)?,
        TextEncoding::Utf16Le => Cow::Owned(decode_utf16(file, body, true)?),
        TextEncoding::Utf16Be => Cow::Owned(decode_utf16(file, body, false)?),
    };
    Ok((text, chosen))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_plain_utf8() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFa,b", TextEncoding::Auto).unwrap(), ("a,b".into(), TextEncoding::Utf8));
        assert_eq!(decode("f", "名称".as_bytes(), TextEncoding::Auto).unwrap(), ("名称".into(), TextEncoding::Utf8));
        assert_eq!(decode("f", b"\xFF\xFEa\x00\t\x00", TextEncoding::Auto).unwrap(), ("a\t".into(), TextEncoding::Utf16Le));
        assert_eq!(decode("f", b"\xFE\xFF\x00a", TextEncoding::Auto).unwrap(), ("a".into(), TextEncoding::Utf16Be));
        assert_eq!(decode("f", b"", TextEncoding::Auto).unwrap(), (Cow::Borrowed(""), TextEncoding::Utf8));
    }

    #[test]
    fn invalid_utf8_when_utf8_was_asked_for_points_at_the_line() {
        let p = decode("f.csv", b"a\nb\n\xC3(", TextEncoding::Utf8).unwrap_err();
        assert_eq!(p.row, Some(3));
        assert_eq!(p.file, "f.csv");
    }

    #[test]
    fn odd_utf16_is_an_error_not_a_panic() {
        assert!(decode("f", b"\xFF\xFEa", TextEncoding::Auto).is_err());
        assert!(decode("f", b"\xFF\xFE\x00\xD8", TextEncoding::Auto).is_err());
    }
}
