//! SPEC §8 "Reading": from a file's bytes to a document that can be checked, or the
//! plain reason why it cannot be read. Every entry point (command line, page,
//! worker) reads through here, so that they agree on encodings, limits and on what
//! "unreadable" means: a file that is not a fairdraw document that can be checked,
//! which says nothing about the draw either way — unlike "invalid".

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::protocol::{Bundle, FORMAT};
use crate::sealed::{Sealed, SEALED_DOCUMENT};

/// The largest file the command line reads: 8 GiB, the auditor document of a
/// province (about 1.7 GB for 5,000,000 firms, growing linearly), within what a
/// machine holds while checking it.
pub const MAX_BYTES_NATIVE: usize = if NATIVE_LIMIT > usize::MAX as u64 { usize::MAX } else { NATIVE_LIMIT as usize };
const NATIVE_LIMIT: u64 = 8 << 30;
/// The largest file a browser page reads: the public document of 3,000,000 firms
/// (about 530 MB) verifies in Chromium. The verification worker's module holds the
/// file, its text and what is read from it, about four times the file, within the
/// 4 GiB a wasm32 module can address; beyond it the command line is the tool.
pub const MAX_BYTES_BROWSER: usize = 640 << 20;

/// At most this many characters of the reader's own detail are shown.
const DETAIL_MAX: usize = 160;

/// A document that can be checked.
#[derive(Debug, Clone)]
pub enum Document {
    /// Format 1's bundle: every input, as an auditor holds them.
    Bundle(Box<Bundle>),
    /// Format 1's sealed result.
    Sealed(Box<Sealed>),
    /// Format 2's auditor document.
    Auditor(Box<crate::v2::Auditor>),
    /// Format 2's public document.
    Public(Box<crate::v2::Public>),
    /// Format 2's sealed document.
    Sealed2(Box<crate::v2::Sealed2>),
}

impl Document {
    /// `auditor`, `public` or `sealed`: which of the three documents this is.
    pub fn kind(&self) -> &'static str {
        match self {
            Document::Bundle(_) | Document::Auditor(_) => crate::v2::AUDITOR,
            Document::Public(_) => crate::v2::PUBLIC,
            Document::Sealed(_) | Document::Sealed2(_) => crate::v2::SEALED,
        }
    }
}

/// Why a file cannot be read as a document, in words for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Empty,
    TooLarge { bytes: u64, limit: u64 },
    /// Neither UTF-8 nor UTF-16 with its byte order mark.
    NotText,
    /// The text ends inside the JSON: most likely a download cut short.
    CutShort { detail: String },
    NotJson { detail: String },
    /// JSON, but not a fairdraw document at all.
    NotFairdraw,
    /// A fairdraw document of a format this verifier does not know.
    UnknownFormat { format: String },
    /// A fairdraw commitment: it is checked with its draw, not alone.
    Commitment,
    UnknownDocument { document: String },
    /// A fairdraw document with a member missing, unknown, of the wrong type or
    /// out of range.
    Member { member: String, detail: String },
}

impl Unreadable {
    /// The plain reason, in Chinese.
    pub fn zh(&self) -> String {
        match self {
            Unreadable::Empty => "文件是空的。".into(),
            Unreadable::TooLarge { bytes, limit } if *limit < NATIVE_LIMIT => format!(
                "文件有 {} MB，超过本页面能读取的上限 {} MB。请用命令行工具 fairdraw verify 核验。",
                bytes >> 20,
                limit >> 20
            ),
            Unreadable::TooLarge { bytes, limit } => {
                format!("文件有 {} MB，超过本程序能读取的上限 {} MB。", bytes >> 20, limit >> 20)
            }
            Unreadable::NotText => "这不是文本文件（既不是 UTF-8，也不是带字节顺序标记的 UTF-16），不是 fairdraw 文件。".into(),
            Unreadable::CutShort { .. } => "文件在中途结束，可能没有下载完整。请重新下载后再核验。".into(),
            Unreadable::NotJson { .. } => "文件不是 JSON 格式，不是 fairdraw 文件。".into(),
            Unreadable::NotFairdraw => "这是 JSON 文件，但不是 fairdraw 的文件（承诺、抽取结果或结果封存公告）。".into(),
            Unreadable::UnknownFormat { format } => {
                format!("文件格式“{}”不是本核验程序能读取的格式（{FORMAT}）。", excerpt(format, 40))
            }
            Unreadable::Commitment => "这是承诺文件（commitment.json）。它要与抽取结果一起核验：请选择抽取结果文件或结果封存公告。".into(),
            Unreadable::UnknownDocument { document } => {
                format!("文件类型“{}”不是本核验程序认识的文件类型。", excerpt(document, 40))
            }
            Unreadable::Member { member, .. } => {
                format!("文件中的成员 {member} 缺失、多余、类型不对或数值超出范围，无法读取。")
            }
        }
    }

    /// The plain reason, in English.
    pub fn en(&self) -> String {
        match self {
            Unreadable::Empty => "The file is empty.".into(),
            Unreadable::TooLarge { bytes, limit } if *limit < NATIVE_LIMIT => format!(
                "The file has {} MB, more than the {} MB this page can read. Verify it with the command-line tool: fairdraw verify.",
                bytes >> 20,
                limit >> 20
            ),
            Unreadable::TooLarge { bytes, limit } => {
                format!("The file has {} MB, more than the {} MB this program reads.", bytes >> 20, limit >> 20)
            }
            Unreadable::NotText => {
                "This is not a text file (neither UTF-8 nor UTF-16 with a byte order mark), so not a fairdraw file.".into()
            }
            Unreadable::CutShort { .. } => {
                "The file ends in the middle: it was probably not downloaded completely. Download it again and verify.".into()
            }
            Unreadable::NotJson { .. } => "The file is not JSON, so not a fairdraw file.".into(),
            Unreadable::NotFairdraw => "This is a JSON file, but not a fairdraw file (a commitment, a draw bundle or a sealed result).".into(),
            Unreadable::UnknownFormat { format } => {
                format!("The file's format “{}” is not one this verifier reads ({FORMAT}).", excerpt(format, 40))
            }
            Unreadable::Commitment => {
                "This is a commitment (commitment.json). It is verified together with its draw: choose the draw result or the sealed result.".into()
            }
            Unreadable::UnknownDocument { document } => {
                format!("The document kind “{}” is not one this verifier knows.", excerpt(document, 40))
            }
            Unreadable::Member { member, .. } => {
                format!("The member {member} of the file is missing, unknown, of the wrong type or out of range.")
            }
        }
    }

    /// The reason with the reader's words after it, as one problem (a command that
    /// needs a document and cannot read it).
    pub fn problem(&self) -> crate::problem::Problem {
        let detail = self.detail();
        if detail.is_empty() {
            crate::problem::Problem::new(self.zh(), self.en())
        } else {
            crate::problem::Problem::new(format!("{}（{detail}）", self.zh()), format!("{} ({detail})", self.en()))
        }
    }

    /// The reader's own words, cut to a short excerpt, for a second line; empty
    /// when the reason says it all.
    pub fn detail(&self) -> &str {
        match self {
            Unreadable::CutShort { detail } | Unreadable::NotJson { detail } | Unreadable::Member { detail, .. } => detail,
            _ => "",
        }
    }
}

/// At most `max` characters of `s`, with "…" when cut.
pub fn excerpt(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// The refusal of a file of `size` bytes over `limit`, known before it is read.
pub fn too_large(size: u64, limit: usize) -> Option<Unreadable> {
    (size > limit as u64).then_some(Unreadable::TooLarge { bytes: size, limit: limit as u64 })
}

/// The text of a file: UTF-8 with or without its byte order mark, or UTF-16 (LE or
/// BE) with its byte order mark, as Notepad saves it.
pub fn decode(bytes: &[u8], limit: usize) -> Result<Cow<'_, str>, Unreadable> {
    if let Some(refused) = too_large(bytes.len() as u64, limit) {
        return Err(refused);
    }
    let text: Cow<'_, str> = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Cow::Borrowed(std::str::from_utf8(rest).map_err(|_| Unreadable::NotText)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Cow::Owned(utf16(rest, u16::from_le_bytes)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Cow::Owned(utf16(rest, u16::from_be_bytes)?)
    } else {
        Cow::Borrowed(std::str::from_utf8(bytes).map_err(|_| Unreadable::NotText)?)
    };
    if text.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    Ok(text)
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Unreadable> {
    if bytes.len() % 2 != 0 {
        return Err(Unreadable::NotText);
    }
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| Unreadable::NotText)
}

/// Only what tells one kind of JSON file from another; everything else is skipped.
#[derive(Deserialize)]
struct Probe {
    format: Option<serde_json::Value>,
    document: Option<serde_json::Value>,
    commitment: Option<serde_json::Value>,
}

/// Reads a bundle or a sealed result from its bytes.
pub fn read_document(bytes: &[u8], limit: usize) -> Result<Document, Unreadable> {
    let text = decode(bytes, limit)?;
    read_text(&text)
}

/// Reads a bundle or a sealed result from its text.
pub fn read_text(text: &str) -> Result<Document, Unreadable> {
    // The common cases first, at full speed; the path-tracking reader runs only to
    // explain a failure.
    if let Some(document) = written_format2(text) {
        return Ok(document);
    }
    if let Ok(bundle) = serde_json::from_str::<Bundle>(text) {
        return known_format(&bundle.format).map(|_| Document::Bundle(Box::new(bundle)));
    }
    let probe = probe(text)?;
    let format = match &probe.format {
        Some(serde_json::Value::String(f)) => {
            known_format(f)?;
            f.clone()
        }
        _ => return Err(Unreadable::NotFairdraw),
    };
    if format == crate::v2::FORMAT {
        return read_format2(text, probe);
    }
    match probe.document {
        None => {}
        Some(serde_json::Value::String(d)) if d == SEALED_DOCUMENT => {
            let sealed = strict::<Sealed>(text)?;
            known_format(&sealed.format)?;
            return Ok(Document::Sealed(Box::new(sealed)));
        }
        Some(other) => {
            let document = match other {
                serde_json::Value::String(s) => s,
                v => v.to_string(),
            };
            return Err(Unreadable::UnknownDocument { document });
        }
    }
    if matches!(probe.commitment, Some(serde_json::Value::String(_))) {
        return Err(Unreadable::Commitment);
    }
    strict::<Bundle>(text).map(|b| Document::Bundle(Box::new(b)))
}

/// What a link to a published draw names: format 2's public or sealed document.
/// Read by [`read_published`], which has no code for any other document.
#[derive(Debug, Clone)]
pub enum Published {
    Public(Box<crate::v2::Public>),
    Sealed2(Box<crate::v2::Sealed2>),
    /// A readable start of another kind of document (format 1, an auditor
    /// document): [`read_text`] reads it.
    Other,
}

/// Reads a document as [`read_text`] does, for a verifier that holds only what
/// published documents need (the verification page's small module): the same
/// document or reason for a public or sealed format 2 document, and for any text
/// that cannot be a fairdraw document; [`Published::Other`] for every other
/// kind, without reading it further.
pub fn read_published(text: &str) -> Result<Published, Unreadable> {
    let written = match written_format2_kind(text) {
        Some(crate::v2::PUBLIC) => serde_json::from_str::<crate::v2::Public>(text).ok().map(|p| Published::Public(Box::new(p))),
        Some(crate::v2::SEALED) => serde_json::from_str::<crate::v2::Sealed2>(text).ok().map(|s| Published::Sealed2(Box::new(s))),
        _ => None,
    };
    if let Some(read) = written {
        return Ok(read);
    }
    let probe = probe(text)?;
    match &probe.format {
        Some(serde_json::Value::String(f)) if f == crate::v2::FORMAT => {}
        Some(serde_json::Value::String(f)) => return known_format(f).map(|_| Published::Other),
        _ => return Err(Unreadable::NotFairdraw),
    }
    match &probe.document {
        Some(serde_json::Value::String(d)) => match d.as_str() {
            crate::v2::PUBLIC => fast_or_strict(text).map(|p| Published::Public(Box::new(p))),
            crate::v2::SEALED => fast_or_strict(text).map(|s| Published::Sealed2(Box::new(s))),
            crate::v2::AUDITOR => Ok(Published::Other),
            _ => Err(no_known_kind(probe)),
        },
        _ => Err(no_known_kind(probe)),
    }
}

/// The members that tell a JSON document's kind, or why the text is no document.
fn probe(text: &str) -> Result<Probe, Unreadable> {
    match serde_json::from_str(text) {
        Ok(probe) => Ok(probe),
        Err(e) if e.is_eof() => Err(Unreadable::CutShort { detail: excerpt(&e.to_string(), DETAIL_MAX) }),
        Err(e) if e.is_syntax() => Err(Unreadable::NotJson { detail: excerpt(&e.to_string(), DETAIL_MAX) }),
        // Valid JSON that is not an object: not ours.
        Err(_) => Err(Unreadable::NotFairdraw),
    }
}

/// A format 2 document that begins as fairdraw writes one, read in one pass: the
/// general path reads a document up to three times (as a bundle, for its kind, as
/// that kind), which a million firms make seconds. A document that begins otherwise,
/// or does not read, takes the general path, which also explains a failure.
fn written_format2(text: &str) -> Option<Document> {
    match written_format2_kind(text)? {
        crate::v2::AUDITOR => serde_json::from_str(text).ok().map(|a| Document::Auditor(Box::new(a))),
        crate::v2::PUBLIC => serde_json::from_str(text).ok().map(|p| Document::Public(Box::new(p))),
        crate::v2::SEALED => serde_json::from_str(text).ok().map(|s| Document::Sealed2(Box::new(s))),
        _ => None,
    }
}

/// The kind a format 2 document names when it begins as fairdraw writes one.
fn written_format2_kind(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix(r#"{"format":"fairdraw/2","document":""#)?;
    Some(&rest[..rest.find('"')?])
}

/// A format 2 document, by its `document` member.
fn read_format2(text: &str, probe: Probe) -> Result<Document, Unreadable> {
    match &probe.document {
        Some(serde_json::Value::String(d)) => match d.as_str() {
            crate::v2::AUDITOR => fast_or_strict(text).map(|a| Document::Auditor(Box::new(a))),
            crate::v2::PUBLIC => fast_or_strict(text).map(|p| Document::Public(Box::new(p))),
            crate::v2::SEALED => fast_or_strict(text).map(|s| Document::Sealed2(Box::new(s))),
            _ => Err(no_known_kind(probe)),
        },
        _ => Err(no_known_kind(probe)),
    }
}

fn fast_or_strict<T: DeserializeOwned>(text: &str) -> Result<T, Unreadable> {
    serde_json::from_str::<T>(text).or_else(|_| strict::<T>(text))
}

/// Why a format 2 document whose `document` names no kind cannot be read.
fn no_known_kind(probe: Probe) -> Unreadable {
    match probe.document {
        Some(serde_json::Value::String(document)) => Unreadable::UnknownDocument { document },
        None if matches!(probe.commitment, Some(serde_json::Value::String(_))) => Unreadable::Commitment,
        None => Unreadable::Member { member: "document".into(), detail: "missing field `document`".into() },
        Some(other) => Unreadable::UnknownDocument { document: other.to_string() },
    }
}

/// Reads a commitment (`commitment.json`) on its own, as the 公示 index does.
pub fn read_commitment(text: &str) -> Result<crate::protocol::Commitment, Unreadable> {
    let commitment = strict::<crate::protocol::Commitment>(text)?;
    known_format(&commitment.format)?;
    Ok(commitment)
}

/// The outer `format` decides whether a document can be read at all.
fn known_format(format: &str) -> Result<(), Unreadable> {
    if format == FORMAT || format == crate::v2::FORMAT {
        Ok(())
    } else if format.starts_with("fairdraw/") {
        Err(Unreadable::UnknownFormat { format: format.to_string() })
    } else {
        Err(Unreadable::NotFairdraw)
    }
}

/// Parses, naming the failing member for the message. The member is found by
/// walking the text up to where the parser stopped ([`member_at`]) rather than by a
/// path-tracking deserializer, which would compile every document type's reader a
/// second time into the site's wasm.
fn strict<T: DeserializeOwned>(text: &str) -> Result<T, Unreadable> {
    match serde_json::from_str::<T>(text) {
        Ok(v) => Ok(v),
        Err(e) if e.is_eof() => Err(Unreadable::CutShort { detail: excerpt(&e.to_string(), DETAIL_MAX) }),
        Err(e) if e.is_syntax() => Err(Unreadable::NotJson { detail: excerpt(&e.to_string(), DETAIL_MAX) }),
        Err(e) => {
            let member = member_at(text, byte_offset(text, e.line(), e.column()));
            let member = if member.is_empty() { "(document)".to_string() } else { member };
            // serde_json appends " at line L column C" to its message; the member says where.
            let detail = e.to_string();
            let detail = detail.rsplit_once(" at line ").map_or(detail.as_str(), |(message, _)| message);
            Err(Unreadable::Member { member, detail: excerpt(detail, DETAIL_MAX) })
        }
    }
}

/// The byte offset of serde_json's 1-based line and its column (bytes into the line).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.bytes().enumerate().filter(|&(_, b)| b == b'\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column).min(text.len())
}

/// The member being read at byte `offset` of a JSON text that is valid up to there,
/// as `a.b[2].c`: the containers open at that point, with the last key of each object
/// and the current index of each array.
fn member_at(text: &str, offset: usize) -> String {
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let mut frames: Vec<Frame> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                frames.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => frames.push(Frame::Array(0)),
            b'}' | b']' => {
                frames.pop();
                expecting_key = false;
            }
            b',' => match frames.last_mut() {
                Some(Frame::Array(k)) => *k += 1,
                Some(Frame::Object(_)) => expecting_key = true,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if expecting_key {
                    let raw = &text[start..i.min(bytes.len())];
                    let key = serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string());
                    if let Some(Frame::Object(last)) = frames.last_mut() {
                        *last = Some(key);
                    }
                    expecting_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &frames {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(k) => path.push_str(&format!("[{k}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = include_str!("../../tests/vectors/spec/bundle-small.json");

    fn unreadable(bytes: &[u8]) -> Unreadable {
        match read_document(bytes, MAX_BYTES_NATIVE) {
            Ok(_) => panic!("read {} bytes as a document", bytes.len()),
            Err(e) => e,
        }
    }

    #[test]
    fn a_bundle_reads_in_every_encoding_notepad_saves() {
        let utf8_bom = [b"\xEF\xBB\xBF".as_slice(), SMALL.as_bytes()].concat();
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(SMALL.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(SMALL.encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
        for bytes in [SMALL.as_bytes().to_vec(), utf8_bom, le, be] {
            assert!(matches!(read_document(&bytes, MAX_BYTES_NATIVE), Ok(Document::Bundle(_))));
        }
    }

    #[test]
    fn each_kind_of_unreadable_file_has_its_reason() {
        assert_eq!(unreadable(b""), Unreadable::Empty);
        assert_eq!(unreadable(b"  \n"), Unreadable::Empty);
        assert_eq!(unreadable(b"\x89PNG\r\n\x1a\n\xff\xd8"), Unreadable::NotText);
        assert!(matches!(unreadable(&SMALL.as_bytes()[..SMALL.len() / 2]), Unreadable::CutShort { .. }));
        assert!(matches!(unreadable(b"<html>404</html>"), Unreadable::NotJson { .. }));
        assert_eq!(unreadable(b"[1,2,3]"), Unreadable::NotFairdraw);
        assert_eq!(unreadable(br#"{"name":"x"}"#), Unreadable::NotFairdraw);
        assert_eq!(unreadable(br#"{"format":"fairdraw/9"}"#), Unreadable::UnknownFormat { format: "fairdraw/9".into() });
        assert_eq!(unreadable(br#"{"format":"fairdraw/1","document":"x"}"#), Unreadable::UnknownDocument { document: "x".into() });
        assert_eq!(unreadable(br#"{"format":"fairdraw/1","commitment":"ab"}"#), Unreadable::Commitment);
        let limit = read_document(SMALL.as_bytes(), 1000).unwrap_err();
        assert_eq!(limit, Unreadable::TooLarge { bytes: SMALL.len() as u64, limit: 1000 });
        // A page sends a file too large for it to the command line; the command line
        // names its own limit and sends it nowhere.
        let page = too_large(MAX_BYTES_BROWSER as u64 + 1, MAX_BYTES_BROWSER).unwrap();
        assert!(page.zh().contains("fairdraw verify") && page.en().contains("fairdraw verify"), "{}", page.en());
        let native = too_large(9 << 30, MAX_BYTES_NATIVE).unwrap();
        assert!(!native.zh().contains("页面") && !native.en().contains("page") && native.en().contains("8192 MB"), "{}", native.en());
    }

    #[test]
    fn a_missing_or_unknown_member_is_named() {
        let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
        v["result"].as_object_mut().unwrap().remove("seed");
        match unreadable(v.to_string().as_bytes()) {
            Unreadable::Member { member, detail } => {
                assert_eq!(member, "result");
                assert!(detail.contains("seed"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        let mut v: serde_json::Value = serde_json::from_str(SMALL).unwrap();
        v["commitment"]["beacon"]["extra"] = serde_json::json!(1);
        match unreadable(v.to_string().as_bytes()) {
            Unreadable::Member { member, .. } => assert_eq!(member, "commitment.beacon.extra"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_format2_document_reads_the_same_whatever_its_member_order() {
        // As fairdraw writes it (members in its own order), a document takes the
        // one-pass path; with its members in another order, the general one. Both
        // must give the same document.
        let written = |d: Document| match d {
            Document::Public(p) => serde_json::to_string(&p).unwrap(),
            Document::Auditor(a) => serde_json::to_string(&a).unwrap(),
            Document::Sealed2(s) => serde_json::to_string(&s).unwrap(),
            _ => panic!("not format 2"),
        };
        for vector in [
            include_str!("../../tests/vectors/spec/format2-public-small.json"),
            include_str!("../../tests/vectors/spec/format2-auditor-small.json"),
            include_str!("../../tests/vectors/spec/format2-sealed-small.json"),
        ] {
            assert!(written_format2(vector).is_none(), "the vectors' members are sorted: the general path");
            let text = written(read_text(vector).unwrap());
            assert!(written_format2(&text).is_some(), "{}", &text[..60]);
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let mut members: Vec<(String, serde_json::Value)> = v.as_object().unwrap().clone().into_iter().collect();
            members.reverse();
            let reordered = format!(
                "{{{}}}",
                members.iter().map(|(k, v)| format!("{}:{v}", serde_json::Value::from(k.as_str()))).collect::<Vec<_>>().join(",")
            );
            assert!(written_format2(&reordered).is_none());
            assert_eq!(written(read_text(&reordered).unwrap()), text);
        }
    }

    #[test]
    fn details_are_short_whatever_the_input() {
        let huge = format!("{{\"format\":\"fairdraw/1\",\"document\":\"{}\"}}", "x".repeat(100_000));
        let e = unreadable(huge.as_bytes());
        assert!(e.zh().chars().count() < 200 && e.en().chars().count() < 200, "{}", e.en());
        let garbage = format!("{{\"a\":\"{}", "y".repeat(100_000));
        let e = unreadable(garbage.as_bytes());
        assert!(e.detail().chars().count() <= DETAIL_MAX + 1, "{}", e.detail());
    }
}
