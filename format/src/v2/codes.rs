//! SPEC §10.2: a firm's 核验码 (its key), its per-task token and the seal of what is
//! revealed of it, and tickets over tokens.

use std::collections::BTreeMap;

use crate::canonical::{self, CanonicalObject, CanonicalRecord};
use crate::hashing::{framed, unhex_array, FramedPrefix, Hash};
use crate::model::Enterprise;

pub const KEY_TAG: &str = "fairdraw/2/key";
pub const TOKEN_TAG: &str = "fairdraw/2/token";
pub const SEAL_TAG: &str = "fairdraw/2/seal";
pub const TICKET_TAG: &str = "fairdraw/2/ticket";

pub const KEY_BYTES: usize = 10;
pub const TOKEN_BYTES: usize = 16;
pub const SEAL_BYTES: usize = 16;
/// A stratum entry: a token followed by its seal.
pub const ENTRY_BYTES: usize = TOKEN_BYTES + SEAL_BYTES;

pub type Key = [u8; KEY_BYTES];
pub type Token = [u8; TOKEN_BYTES];
pub type Seal = [u8; SEAL_BYTES];

/// The fields published for a selected firm when the plan declares none (SPEC §10.1):
/// what the national enterprise credit register already publishes.
pub const DEFAULT_PUBLIC_FIELDS: [&str; 5] = ["address", "flag:abnormal", "flag:penalized", "flag:serious_violation", "kind"];

/// Fields a plan may declare public, besides `attr:NAME` and `flag:FLAG`.
pub const PUBLIC_FIELD_NAMES: [&str; 4] = ["address", "kind", "risk", "status"];

/// A firm's key: the first 10 bytes of `H("fairdraw/2/key", secret, id)`.
pub fn key(secret: &Hash, id: &str) -> Key {
    first(&framed(KEY_TAG, &[secret, id.as_bytes()]))
}

/// The firm's token in a task: the first 16 bytes of `H("fairdraw/2/token", key, task number, id)`.
pub fn token(key: &Key, task_number: &str, id: &str) -> Token {
    first(&framed(TOKEN_TAG, &[key, task_number.as_bytes(), id.as_bytes()]))
}

/// The seal of a firm's record in a task: the first 16 bytes of
/// `H("fairdraw/2/seal", key, task number, JCS(record))`.
pub fn seal(key: &Key, task_number: &str, record: &impl CanonicalRecord) -> Seal {
    let mut json = Vec::with_capacity(256);
    record.write_canonical(&mut json);
    first(&framed(SEAL_TAG, &[key, task_number.as_bytes(), &json]))
}

fn first<const N: usize>(h: &Hash) -> [u8; N] {
    h[..N].try_into().expect("a hash has 32 bytes")
}

/// Tickets of one task's tokens: `H("fairdraw/2/ticket", seed, task number, token)`.
pub struct TicketHasher(FramedPrefix);

impl TicketHasher {
    pub fn new(seed: &Hash, task_number: &str) -> Self {
        TicketHasher(FramedPrefix::new(TICKET_TAG, &[seed, task_number.as_bytes()]))
    }

    pub fn ticket(&self, token: &[u8]) -> Hash {
        self.0.finish_with(token)
    }
}

/// What is revealed of a selected firm, and sealed for every firm before the seed:
/// exactly what recomputing its team and items needs, and the fields the plan
/// declares public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub id: String,
    pub name: String,
    pub industry: String,
    pub region: String,
    /// IDs of the inspectors who declared a conflict with this firm, sorted.
    pub conflicts: Vec<String>,
    /// Each declared public field and the firm's value of it.
    pub public: BTreeMap<String, String>,
}

impl CanonicalRecord for Record {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        RecordView { id: &self.id, name: &self.name, industry: &self.industry, region: &self.region, conflicts: &self.conflicts, public: &self.public }
            .write_canonical(out)
    }
}

/// A [`Record`] borrowed from where it is kept (a revealed firm), to seal it without
/// copying it.
pub struct RecordView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub industry: &'a str,
    pub region: &'a str,
    pub conflicts: &'a [String],
    pub public: &'a BTreeMap<String, String>,
}

impl CanonicalRecord for RecordView<'_> {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let (id, name, industry, region) = (self.id, self.name, self.industry, self.region);
        write_record(out, [id, name, industry, region], self.conflicts, |out| write_string_map(out, self.public));
    }
}

/// The [`Record`] of a firm of the directory, read where the firm is kept: sealing
/// every firm of a large directory without building a record for each.
pub struct DirectoryRecord<'a> {
    pub firm: &'a Enterprise,
    pub conflicts: &'a [String],
    /// The public fields, distinct and in canonical order ([`canonical_fields`]).
    pub fields: &'a [String],
}

impl CanonicalRecord for DirectoryRecord<'_> {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        let e = self.firm;
        write_record(out, [&e.id, &e.name, &e.industry, &e.region], self.conflicts, |out| {
            let mut o = CanonicalObject::new(out);
            for f in self.fields {
                o.data_str(f, &public_value_borrowed(e, f));
            }
            o.end();
        });
    }
}

/// Public fields as a [`DirectoryRecord`] writes them: distinct, in the order of
/// their names compared as UTF-16 (SPEC §3.1), as [`write_string_map`] orders keys.
pub fn canonical_fields(fields: &[String]) -> Vec<String> {
    let mut sorted = fields.to_vec();
    sorted.sort_by(|a, b| canonical::utf16_cmp(a, b));
    sorted.dedup();
    sorted
}

/// A record's members in canonical order; `write_public` writes the `public` map.
fn write_record(out: &mut Vec<u8>, [id, name, industry, region]: [&str; 4], conflicts: &[String], write_public: impl FnOnce(&mut Vec<u8>)) {
    let mut o = CanonicalObject::new(out);
    o.strs("conflicts", conflicts);
    o.str("id", id);
    o.str("industry", industry);
    o.str("name", name);
    write_public(o.key("public"));
    o.str("region", region);
    o.end();
}

/// A map of strings in canonical order (names compared as UTF-16, SPEC §3.1).
pub fn write_string_map(out: &mut Vec<u8>, map: &BTreeMap<String, String>) {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by(|a, b| canonical::utf16_cmp(a, b));
    let mut o = CanonicalObject::new(out);
    for k in keys {
        o.data_str(k, &map[k]);
    }
    o.end();
}

/// A firm's value of a declared public field (SPEC §10.1): a flag is `"true"` or
/// `"false"`, an attribute its value or `""`.
pub fn public_value(e: &Enterprise, field: &str) -> String {
    public_value_borrowed(e, field).into_owned()
}

/// [`public_value`] without a copy.
fn public_value_borrowed<'a>(e: &'a Enterprise, field: &str) -> std::borrow::Cow<'a, str> {
    if let Some(flag) = field.strip_prefix("flag:") {
        return if e.flags.iter().any(|f| f == flag) { "true" } else { "false" }.into();
    }
    if let Some(name) = field.strip_prefix("attr:") {
        return e.attrs.get(name).map_or("", String::as_str).into();
    }
    match field {
        "address" => &e.address,
        "kind" => &e.kind,
        "risk" => &e.risk,
        "status" => &e.status,
        _ => "",
    }
    .into()
}

/// Whether a plan may declare this field public.
pub fn is_public_field(field: &str) -> bool {
    PUBLIC_FIELD_NAMES.contains(&field)
        || field.strip_prefix("flag:").is_some_and(|f| crate::model::flag::ALL.contains(&f))
        || field.strip_prefix("attr:").is_some_and(|a| !a.is_empty())
}

/// The record of a firm: `conflicts` are the IDs of the inspectors who declared one.
pub fn record(e: &Enterprise, conflicts: Vec<String>, public_fields: &[String]) -> Record {
    Record {
        id: e.id.clone(),
        name: e.name.clone(),
        industry: e.industry.clone(),
        region: e.region.clone(),
        conflicts,
        public: public_fields.iter().map(|f| (f.clone(), public_value(e, f))).collect(),
    }
}

/// The alphabet of 核验码 as people read them (Crockford's base 32: no I, L, O, U).
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A key as printed: 16 symbols of 5 bits each, most significant first, in groups of
/// four: `7K2M-…`.
pub fn code_text(key: &Key) -> String {
    let mut bits: u128 = 0;
    for &b in key {
        bits = bits << 8 | b as u128;
    }
    let mut out = String::with_capacity(19);
    for i in 0..16 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        let symbol = (bits >> (75 - 5 * i)) & 31;
        out.push(CODE_ALPHABET[symbol as usize] as char);
    }
    out
}

/// A 核验码 as a person types it: case, spaces and hyphens do not matter, and `O`,
/// `I` and `L` are read as `0`, `1` and `1`; or the key's 20 hex digits. `None`
/// for anything else.
pub fn parse_code(text: &str) -> Option<Key> {
    // Full-width forms first, so that a full-width hyphen or space is removed too.
    let compact: String = crate::text::fold_width(text).chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if let Some(key) = unhex_array::<KEY_BYTES>(&compact) {
        return Some(key);
    }
    if compact.chars().count() != 16 {
        return None;
    }
    let mut bits: u128 = 0;
    for c in compact.chars() {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        let value = CODE_ALPHABET.iter().position(|&a| a as char == c)?;
        bits = bits << 5 | value as u128;
    }
    let mut key = [0u8; KEY_BYTES];
    for (i, b) in key.iter_mut().enumerate() {
        *b = (bits >> (72 - 8 * i)) as u8;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A firm read where it is kept seals to the bytes of its record built whole,
    /// whatever order and repeats the plan declares its public fields in.
    #[test]
    fn a_firm_read_in_place_is_written_as_its_record() {
        let firm = Enterprise {
            id: "91350100MA34R6T9X5".into(),
            name: "示例\"公司\"".into(),
            kind: "企业".into(),
            industry: "化工".into(),
            region: "鼓楼".into(),
            risk: "C".into(),
            flags: vec!["abnormal".into()],
            status: "active".into(),
            address: "福州市\n鼓楼区".into(),
            attrs: [("Ｚ".to_string(), "宽".to_string()), ("a".to_string(), "窄".to_string())].into(),
        };
        let conflicts = vec!["J1".to_string(), "J2".to_string()];
        let declared: Vec<String> =
            ["kind", "attr:Ｚ", "flag:abnormal", "address", "attr:a", "flag:penalized", "kind", "attr:none", "risk", "status"].map(String::from).to_vec();
        let whole = record(&firm, conflicts.clone(), &declared);
        let in_place = DirectoryRecord { firm: &firm, conflicts: &conflicts, fields: &canonical_fields(&declared) };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        whole.write_canonical(&mut a);
        in_place.write_canonical(&mut b);
        assert_eq!(String::from_utf8(b).unwrap(), String::from_utf8(a).unwrap());
        let key = [7u8; 10];
        assert_eq!(seal(&key, "T1", &in_place), seal(&key, "T1", &whole));
    }

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let key: Key = [0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf];
        let text = code_text(&key);
        assert_eq!(text.len(), 19);
        assert_eq!(parse_code(&text), Some(key));
        assert_eq!(parse_code(&text.to_lowercase().replace('-', " ")), Some(key));
        assert_eq!(parse_code(&crate::hashing::hex(&key)), Some(key));
        assert_eq!(parse_code(&text.replace('0', "O")), Some(key));
        let full_width: String = text.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
        assert_eq!(parse_code(&full_width), Some(key), "typed with a Chinese input method: {full_width}");
        assert_eq!(parse_code(&format!("{}\u{3000}", text)), Some(key));
        assert_eq!(parse_code("ABCD"), None);
        assert_eq!(parse_code("UUUU-UUUU-UUUU-UUUU"), None);
    }

    #[test]
    fn every_key_has_one_printed_form() {
        for seed in 0u8..=255 {
            let key = key(&[seed; 32], "91130301MA0XXXXXX1");
            assert_eq!(parse_code(&code_text(&key)), Some(key));
        }
        assert_eq!(code_text(&[0xff; 10]), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        assert_eq!(code_text(&[0; 10]), "0000-0000-0000-0000");
    }
}
