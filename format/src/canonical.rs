//! Canonical JSON: RFC 8785 (JCS) restricted to what committed documents contain —
//! objects, arrays, strings, booleans, null and integers in 0..=2^53−1. SPEC.md §3.
//!
//! The directories can hold a million rows, so they are written by hand-ordered
//! typed writers instead of through `serde_json::Value`; a test checks that both
//! produce the same bytes.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::model::{ChecklistItem, Enterprise, HistoryRecord, Inspector};

/// Largest integer a committed document may hold (exact in every JSON reader).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Reads an integer of a document, refusing one above [`MAX_SAFE_INTEGER`] so that
/// it cannot reach the canonical writer (the document is unreadable, naming the
/// member).
pub fn safe_u64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    safe::<D::Error>(<u64 as serde::Deserialize>::deserialize(d)?)
}

/// An optional member that, when present, is a value: `null` is refused (SPEC §3.4:
/// an absent member is written as absent, never as `null`).
pub fn not_null<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// As [`safe_u64`], for a member that may be null.
pub fn safe_opt_u64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    <Option<u64> as serde::Deserialize>::deserialize(d)?.map(safe::<D::Error>).transpose()
}

fn safe<E: serde::de::Error>(v: u64) -> Result<u64, E> {
    if v > MAX_SAFE_INTEGER {
        return Err(E::custom(format_args!("{v} is above 2^53 − 1, the largest integer a fairdraw document may hold")));
    }
    Ok(v)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CanonicalError {
    /// A float, a negative number or an integer above 2^53 − 1.
    Number(String),
}

impl std::fmt::Display for CanonicalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CanonicalError::Number(n) => write!(f, "number {n} is not an integer in 0..=2^53-1"),
        }
    }
}

/// JCS string: serde_json escapes exactly as ECMAScript's JSON.stringify does
/// (\" \\ \b \f \n \r \t, other controls as \u00xx lower-case, everything else as is).
pub fn write_string(out: &mut Vec<u8>, s: &str) {
    // Most strings need no escape at all: copy them in one piece.
    if !needs_escape(s.as_bytes()) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    serde_json::to_writer(&mut *out, s).expect("writing to a Vec cannot fail");
}

/// Whether the JCS string of `s` is `s` between quotes, as it is for hex.
pub fn is_plain(s: &str) -> bool {
    !needs_escape(s.as_bytes())
}

/// Whether any byte is a control character, `"` or a backslash: eight bytes at a time,
/// with the word tricks that tell whether some byte of a word is zero or below a
/// bound (exact for "some byte", which is all that is asked).
fn needs_escape(b: &[u8]) -> bool {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * n as u64) & !x & HIGH != 0;
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        if below(x, 0x20) || below(x ^ (ONES * b'"' as u64), 1) || below(x ^ (ONES * b'\\' as u64), 1) {
            return true;
        }
    }
    words.remainder().iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\')
}

fn write_u64(out: &mut Vec<u8>, n: u64) {
    write!(out, "{n}").expect("writing to a Vec cannot fail");
}

/// Object keys are ordered by their UTF-16 code units (RFC 8785 §3.2.3).
pub fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Canonical bytes of any JSON value.
pub fn write_value(out: &mut Vec<u8>, v: &Value) -> Result<(), CanonicalError> {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => match n.as_u64() {
            Some(u) if u <= MAX_SAFE_INTEGER => write_u64(out, u),
            _ => return Err(CanonicalError::Number(n.to_string())),
        },
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(out, item)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| utf16_cmp(a, b));
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(out, k);
                out.push(b':');
                write_value(out, &map[k])?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

/// Canonical bytes of anything serde can turn into JSON.
pub fn to_canonical<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let v = serde_json::to_value(value).map_err(|e| CanonicalError::Number(e.to_string()))?;
    let mut out = Vec::new();
    write_value(&mut out, &v)?;
    Ok(out)
}

/// SHA-256 of the canonical bytes of a value.
pub fn digest<T: Serialize + ?Sized>(value: &T) -> Result<[u8; 32], CanonicalError> {
    Ok(Sha256::digest(to_canonical(value)?).into())
}

/// A record written canonically without building a `Value`: a row of a directory,
/// a draw's result. Each type writes itself with a [`CanonicalObject`].
pub trait CanonicalRecord {
    fn write_canonical(&self, out: &mut Vec<u8>);
}

/// Writes `{"k1":v1,"k2":v2,…}`; callers list keys already in UTF-16 order.
pub struct CanonicalObject<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> CanonicalObject<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        CanonicalObject { out, first: true }
    }
    /// A member name of the format: plain ASCII, written as it is.
    pub fn key(&mut self, k: &'static str) -> &mut Vec<u8> {
        debug_assert!(!needs_escape(k.as_bytes()));
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out.extend_from_slice(b"\":");
        self.out
    }
    pub fn str(&mut self, k: &'static str, v: &str) {
        let out = self.key(k);
        write_string(out, v);
    }
    /// A member whose name is data (an attribute), escaped like any string.
    pub fn data_str(&mut self, k: &str, v: &str) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        write_string(self.out, k);
        self.out.push(b':');
        write_string(self.out, v);
    }
    pub fn bool(&mut self, k: &'static str, v: bool) {
        self.key(k).extend_from_slice(if v { b"true" } else { b"false" });
    }
    pub fn strs(&mut self, k: &'static str, vs: &[String]) {
        let out = self.key(k);
        out.push(b'[');
        for (i, v) in vs.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_string(out, v);
        }
        out.push(b']');
    }
    pub fn u64(&mut self, k: &'static str, v: u64) {
        debug_assert!(v <= MAX_SAFE_INTEGER);
        let out = self.key(k);
        write_u64(out, v);
    }
    pub fn records<R: CanonicalRecord>(&mut self, k: &'static str, rs: &[R]) {
        self.list(k, rs, |out, r| r.write_canonical(out));
    }
    /// A list member, each item written by `each`.
    pub fn list<'t, T>(&mut self, k: &'static str, items: &'t [T], mut each: impl FnMut(&mut Vec<u8>, &'t T)) {
        let out = self.key(k);
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            each(out, item);
        }
        out.push(b']');
    }
    pub fn end(self) {
        self.out.push(b'}');
    }
}

impl CanonicalRecord for Enterprise {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("address", &self.address);
        {
            let out = o.key("attrs");
            let mut keys: Vec<&String> = self.attrs.keys().collect();
            keys.sort_by(|a, b| utf16_cmp(a, b));
            let mut attrs = CanonicalObject::new(out);
            for k in keys {
                attrs.data_str(k, &self.attrs[k]);
            }
            attrs.end();
        }
        o.strs("flags", &self.flags);
        o.str("id", &self.id);
        o.str("industry", &self.industry);
        o.str("kind", &self.kind);
        o.str("name", &self.name);
        o.str("region", &self.region);
        o.str("risk", &self.risk);
        o.str("status", &self.status);
        o.end();
    }
}

impl CanonicalRecord for Inspector {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("cert_expiry", &self.cert_expiry);
        o.strs("conflicts", &self.conflicts);
        o.str("department", &self.department);
        o.bool("expert", self.expert);
        o.str("id", &self.id);
        o.str("name", &self.name);
        o.strs("qualifications", &self.qualifications);
        o.str("region", &self.region);
        o.str("status", &self.status);
        o.str("unit", &self.unit);
        o.end();
    }
}

impl CanonicalRecord for ChecklistItem {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("basis", &self.basis);
        o.strs("categories", &self.categories);
        o.str("code", &self.code);
        o.str("level", &self.level);
        o.str("name", &self.name);
        o.end();
    }
}

impl CanonicalRecord for HistoryRecord {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut o = CanonicalObject::new(out);
        o.str("date", &self.date);
        o.str("department", &self.department);
        o.str("enterprise_id", &self.enterprise_id);
        o.str("level", &self.level);
        o.end();
    }
}

/// SHA-256 of the canonical bytes of one record, without building a `Value` of it.
pub fn digest_record<R: CanonicalRecord + ?Sized>(record: &R) -> [u8; 32] {
    let mut bytes = Vec::new();
    record.write_canonical(&mut bytes);
    Sha256::digest(&bytes).into()
}

/// SHA-256 of the canonical bytes of an array of records, streamed: a million-row
/// directory never exists as one byte string.
pub fn digest_records<R: CanonicalRecord>(records: &[R]) -> [u8; 32] {
    // Records are written into one buffer that is hashed whenever it holds 64 KiB:
    // few, long updates, which SHA-256 takes straight from the buffer.
    const FLUSH_AT: usize = 64 * 1024;
    let mut hasher = Sha256::new();
    let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
    buf.push(b'[');
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        r.write_canonical(&mut buf);
        if buf.len() >= FLUSH_AT {
            hasher.update(&buf);
            buf.clear();
        }
    }
    buf.push(b']');
    hasher.update(&buf);
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(input: Value, expected: &str) {
        let mut out = Vec::new();
        write_value(&mut out, &input).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn canonical_forms() {
        check(json!({}), "{}");
        check(json!({"b": 1, "a": [true, false, null]}), r#"{"a":[true,false,null],"b":1}"#);
        check(json!({"z": {"y": "x", "x": "y"}}), r#"{"z":{"x":"y","y":"x"}}"#);
        check(json!("line\nbreak\t\"q\" \\ \u{1f} \u{7f}"), "\"line\\nbreak\\t\\\"q\\\" \\\\ \\u001f \u{7f}\"");
        check(json!("企业€😀"), "\"企业€😀\"");
        check(json!(9007199254740991u64), "9007199254740991");
        check(json!([0, 1, 10]), "[0,1,10]");
    }

    // RFC 8785 §3.2.3 sorts by UTF-16 code units: U+E000 (one unit, 0xE000) comes
    // after U+1F600 (surrogates 0xD83D 0xDE00), although UTF-8 byte order says the opposite.
    #[test]
    fn keys_sort_by_utf16_code_units() {
        check(json!({"\u{e000}": 1, "😀": 2, "a": 3}), "{\"a\":3,\"😀\":2,\"\u{e000}\":1}");
    }

    #[test]
    fn escapes_are_found_wherever_they_are() {
        // Every ASCII byte and some UTF-8 bytes, at every position of strings up
        // to three words long, among bytes that need no escape.
        fn check(bytes: &[u8], expected: bool) {
            assert_eq!(needs_escape(bytes), expected, "{bytes:?}");
        }
        for len in 1..=24 {
            for at in 0..len {
                for b in (0..=0x7f).chain([0x80, 0xa0, 0xe4, 0xff]) {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    check(&bytes, b < 0x20 || b == b'"' || b == b'\\');
                }
            }
        }
        check(b"", false);
        check("企业名称（有限公司）".as_bytes(), false);
    }

    #[test]
    fn rejects_numbers_outside_the_safe_integers() {
        for bad in [json!(1.5), json!(-1), json!(9007199254740992u64)] {
            let mut out = Vec::new();
            assert!(write_value(&mut out, &bad).is_err(), "{bad}");
        }
    }

    fn sample_enterprise(i: u32) -> Enterprise {
        let mut attrs = std::collections::BTreeMap::new();
        attrs.insert("规模".to_string(), format!("{}人", i));
        attrs.insert("\u{e000}私用".to_string(), "x".to_string());
        attrs.insert("😀".to_string(), "y\n".to_string());
        Enterprise {
            id: format!("91130300MA0{:06}X", i),
            name: format!("示例\"企业\"{i}"),
            kind: "企业".into(),
            industry: "冶金".into(),
            region: "东区".into(),
            risk: "B".into(),
            flags: vec!["abnormal".into(), "key".into()],
            status: "active".into(),
            address: "河北省\\秦皇岛".into(),
            attrs,
        }
    }

    #[test]
    fn typed_writers_agree_with_the_generic_writer() {
        let e = sample_enterprise(7);
        let i = Inspector {
            id: "13030012345".into(),
            name: "王 芳".into(),
            unit: "执法一中队".into(),
            department: "应急管理局".into(),
            region: "西区".into(),
            qualifications: vec!["危险化学品".into(), "工贸".into()],
            cert_expiry: "2027-06-30".into(),
            expert: true,
            status: "active".into(),
            conflicts: vec![e.id.clone()],
        };
        let c = ChecklistItem {
            code: "AQ-001".into(),
            name: "安全生产责任制".into(),
            basis: "《安全生产法》第二十一条".into(),
            level: "key".into(),
            categories: vec![],
        };
        let h = HistoryRecord {
            enterprise_id: e.id.clone(),
            date: "2026-03-01".into(),
            department: "应急管理局".into(),
            level: "higher".into(),
        };
        fn both<R: CanonicalRecord + Serialize>(r: &R) {
            let mut typed = Vec::new();
            r.write_canonical(&mut typed);
            assert_eq!(String::from_utf8(typed).unwrap(), String::from_utf8(to_canonical(r).unwrap()).unwrap());
        }
        both(&e);
        both(&i);
        both(&c);
        both(&h);
        let records: Vec<Enterprise> = (0..3).map(sample_enterprise).collect();
        assert_eq!(digest_records(&records), digest(&records).unwrap());
        assert_eq!(digest_records::<Enterprise>(&[]), digest(&Vec::<Enterprise>::new()).unwrap());
    }
}
