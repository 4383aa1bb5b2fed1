//! NIST Randomness Beacon 2.0 pulses, cipher suite 0 (RSA PKCS#1 v1.5 with SHA-512),
//! checked against certificates pinned in this file.

use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha512};

use super::error::{decode_hex, decode_hex_exact, to_hex};
use super::{BeaconError, BeaconErrorKind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NistPulse {
    pub uri: String,
    pub version: String,
    pub cipher_suite: u32,
    /// Milliseconds between pulses.
    pub period: u32,
    /// Hex of SHA-512 of the signing certificate's DER.
    pub certificate_id: String,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub chain_index: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub pulse_index: u64,
    pub time_stamp: String,
    pub local_random_value: String,
    pub external: NistExternal,
    pub list_values: Vec<NistListValue>,
    pub precommitment_value: String,
    pub status_code: u32,
    pub signature_value: String,
    pub output_value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NistExternal {
    pub source_id: String,
    pub status_code: u32,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NistListValue {
    pub uri: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

/// A pulse whose signature and output value verified under a pinned certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedNist {
    pub chain_index: u64,
    pub pulse_index: u64,
    pub time_stamp: String,
    pub output_value: [u8; 64],
    pub certificate_subject: String,
    pub certificate_issuer: String,
    /// The certificate's validity period, RFC 3339 in UTC.
    pub certificate_not_before: String,
    pub certificate_not_after: String,
}

/// A signing certificate as far as pulse verification needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NistCertificate {
    /// SHA-512 of the DER, as pulses name it.
    pub certificate_id: [u8; 64],
    /// RFC 4514 order, e.g. "CN=engine.beacon.nist.gov,…,C=US".
    pub subject: String,
    pub issuer: String,
    /// Validity period, RFC 3339 in UTC, e.g. "2025-08-28T00:00:00Z".
    pub not_before: String,
    pub not_after: String,
    pub der: Vec<u8>,
    subject_public_key_info: Vec<u8>,
}

/// NIST's signing certificates, pinned by content: a pulse signed under any other
/// certificate is refused rather than trusted on the word of whoever serves it. NIST
/// replaces its certificate about once a year; docs/beacons.md ("Adding a NIST
/// certificate") says how one is checked and added. Each file is named by the first 16 hex
/// digits of its certificateId and holds the PEM as NIST serves it at
/// /beacon/2.0/certificate/{certificateId}.
const PINNED_CERTIFICATES: &[&str] = &[
    // certificateId 5501e3d72bc42f3b…, CN=engine.beacon.nist.gov, issuer CN=DigiCert Global CA G2,
    // RSA 4096, valid 2018-01-10T00:00:00Z to 2019-01-11T12:00:00Z (chain 1 pulses of 2018).
    include_str!("nist_certificates/5501e3d72bc42f3b.pem"),
    // certificateId 528943a555f5f8ca…, CN=engine.beacon.nist.gov, issuer CN=DigiCert Global G2 TLS
    // RSA SHA256 2020 CA1, RSA 4096, valid 2025-08-28T00:00:00Z to 2026-09-04T23:59:59Z (chain 2).
    include_str!("nist_certificates/528943a555f5f8ca.pem"),
];

/// Every pinned certificate, for display (subject, issuer, validity, id).
pub fn pinned_nist_certificates() -> Vec<NistCertificate> {
    PINNED_CERTIFICATES.iter().filter_map(|pem| parse_certificate_pem(pem).ok()).collect()
}

fn malformed(what_zh: &str, what_en: &str) -> BeaconError {
    BeaconError::new(
        BeaconErrorKind::BadCertificate,
        format!("证书无法读取：{what_zh}"),
        format!("the certificate cannot be read: {what_en}"),
    )
}

/// Reads one PEM certificate. Lenient about layout, as NIST has served its PEM without
/// a line break after the BEGIN line: everything between the BEGIN and END markers
/// that is not whitespace is taken as base64.
pub fn parse_certificate_pem(pem: &str) -> Result<NistCertificate, BeaconError> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let start = pem.find(BEGIN).ok_or_else(|| malformed("缺少 BEGIN CERTIFICATE 行", "no BEGIN CERTIFICATE line"))? + BEGIN.len();
    let end = pem[start..].find(END).ok_or_else(|| malformed("缺少 END CERTIFICATE 行", "no END CERTIFICATE line"))? + start;
    let der = decode_base64(&pem[start..end]).ok_or_else(|| malformed("base64 内容有误", "its base64 text is damaged"))?;
    parse_certificate_der(der)
}

/// Standard base64, whitespace ignored.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0u32;
    let mut padding = 0;
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        if padding > 0 {
            return None;
        }
        buffer = buffer << 6 | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    if padding > 2 || bits >= 6 {
        return None;
    }
    Some(out)
}

/// A DER element: its tag, its contents, and the whole encoding.
struct Tlv<'a> {
    tag: u8,
    contents: &'a [u8],
    whole: &'a [u8],
}

/// Splits the first DER element off `input`. Only definite lengths of up to four
/// bytes are accepted, which covers any certificate.
fn read_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let tag = *input.first()?;
    let first_len = *input.get(1)? as usize;
    let (len, header) = if first_len < 0x80 {
        (first_len, 2)
    } else {
        let n = first_len & 0x7f;
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = input.get(2..2 + n)?;
        (bytes.iter().fold(0usize, |acc, b| acc << 8 | *b as usize), 2 + n)
    };
    let end = header.checked_add(len)?;
    let contents = input.get(header..end)?;
    Some((Tlv { tag, contents, whole: &input[..end] }, &input[end..]))
}

fn parse_certificate_der(der: Vec<u8>) -> Result<NistCertificate, BeaconError> {
    let structure = || malformed("不是 X.509 证书结构", "it is not an X.509 certificate");
    const SEQUENCE: u8 = 0x30;
    let (certificate, _) = read_tlv(&der).filter(|(t, _)| t.tag == SEQUENCE).ok_or_else(structure)?;
    let (tbs, _) = read_tlv(certificate.contents).filter(|(t, _)| t.tag == SEQUENCE).ok_or_else(structure)?;
    let mut fields = Vec::new();
    let mut rest = tbs.contents;
    while !rest.is_empty() {
        let (field, next) = read_tlv(rest).ok_or_else(structure)?;
        fields.push(field);
        rest = next;
    }
    // TBSCertificate: [0] version (optional), serial, signature algorithm, issuer,
    // validity, subject, subjectPublicKeyInfo, …
    let skip_version = usize::from(fields.first().is_some_and(|f| f.tag == 0xa0));
    let field = |i: usize| fields.get(skip_version + i).filter(|f| f.tag == SEQUENCE).ok_or_else(structure);
    let issuer = format_name(field(2)?.contents).ok_or_else(structure)?;
    let (not_before, not_after) = format_validity(field(3)?.contents).ok_or_else(structure)?;
    let subject = format_name(field(4)?.contents).ok_or_else(structure)?;
    let subject_public_key_info = field(5)?.whole.to_vec();
    let certificate_id: [u8; 64] = Sha512::digest(&der).into();
    Ok(NistCertificate { certificate_id, subject, issuer, not_before, not_after, der, subject_public_key_info })
}

/// Validity ::= SEQUENCE { notBefore Time, notAfter Time }, each as RFC 3339 in UTC.
fn format_validity(validity: &[u8]) -> Option<(String, String)> {
    let (not_before, rest) = read_tlv(validity)?;
    let (not_after, _) = read_tlv(rest)?;
    Some((format_time(&not_before)?, format_time(&not_after)?))
}

/// X.509 Time: UTCTime "YYMMDDHHMMSSZ" (years 1950–2049, RFC 5280) or GeneralizedTime
/// "YYYYMMDDHHMMSSZ", both in UTC.
fn format_time(time: &Tlv<'_>) -> Option<String> {
    const UTC_TIME: u8 = 0x17;
    const GENERALIZED_TIME: u8 = 0x18;
    let text = std::str::from_utf8(time.contents).ok()?;
    let digits = text.strip_suffix('Z').filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    let full = match (time.tag, digits.len()) {
        (UTC_TIME, 12) => format!("{}{digits}", if &digits[..2] < "50" { "20" } else { "19" }),
        (GENERALIZED_TIME, 14) => digits.to_string(),
        _ => return None,
    };
    Some(format!(
        "{}-{}-{}T{}:{}:{}Z",
        &full[0..4],
        &full[4..6],
        &full[6..8],
        &full[8..10],
        &full[10..12],
        &full[12..14]
    ))
}

/// An X.501 Name in RFC 4514 form: relative names last-to-first, comma-separated.
fn format_name(rdn_sequence: &[u8]) -> Option<String> {
    let mut parts = Vec::new();
    let mut rest = rdn_sequence;
    while !rest.is_empty() {
        let (set, next) = read_tlv(rest)?;
        rest = next;
        let mut attributes = Vec::new();
        let mut inner = set.contents;
        while !inner.is_empty() {
            let (pair, next_inner) = read_tlv(inner)?;
            inner = next_inner;
            let (oid, after_oid) = read_tlv(pair.contents)?;
            let (value, _) = read_tlv(after_oid)?;
            let label = match oid.contents {
                [0x55, 0x04, 0x03] => "CN".to_string(),
                [0x55, 0x04, 0x05] => "SERIALNUMBER".to_string(),
                [0x55, 0x04, 0x06] => "C".to_string(),
                [0x55, 0x04, 0x07] => "L".to_string(),
                [0x55, 0x04, 0x08] => "ST".to_string(),
                [0x55, 0x04, 0x0a] => "O".to_string(),
                [0x55, 0x04, 0x0b] => "OU".to_string(),
                other => format!("OID.{}", to_hex(other)),
            };
            let text = String::from_utf8_lossy(value.contents);
            let mut escaped = String::new();
            for c in text.chars() {
                if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';') {
                    escaped.push('\\');
                }
                escaped.push(c);
            }
            attributes.push(format!("{label}={escaped}"));
        }
        parts.push(attributes.join("+"));
    }
    parts.reverse();
    Some(parts.join(","))
}

/// Reads a pulse, either wrapped as NIST serves it (`{"pulse": {…}}`) or bare.
pub fn parse_nist_json(text: &str) -> Result<NistPulse, BeaconError> {
    let unreadable = |e: String| {
        BeaconError::new(
            BeaconErrorKind::Unreadable,
            format!("这不是 NIST 随机信标 2.0 的脉冲 JSON：{e}"),
            format!("this is not a NIST Randomness Beacon 2.0 pulse JSON: {e}"),
        )
    };
    let value: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| unreadable(e.to_string()))?;
    let pulse = match value.get("pulse") {
        Some(inner) => inner.clone(),
        None => value,
    };
    serde_json::from_value(pulse).map_err(|e| unreadable(e.to_string()))
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

fn put_hex(out: &mut Vec<u8>, field: &str, hex: &str) -> Result<(), BeaconError> {
    put_bytes(out, &decode_hex(field, hex)?);
    Ok(())
}

/// The bytes NIST signs (Beacon 2.0 format): every string and hex-decoded byte field
/// preceded by its length as a 4-byte big-endian integer, integers big-endian.
pub fn nist_signature_input(p: &NistPulse) -> Result<Vec<u8>, BeaconError> {
    let mut out = Vec::with_capacity(1024);
    put_bytes(&mut out, p.uri.as_bytes());
    put_bytes(&mut out, p.version.as_bytes());
    out.extend_from_slice(&p.cipher_suite.to_be_bytes());
    out.extend_from_slice(&p.period.to_be_bytes());
    put_hex(&mut out, "certificateId", &p.certificate_id)?;
    out.extend_from_slice(&p.chain_index.to_be_bytes());
    out.extend_from_slice(&p.pulse_index.to_be_bytes());
    put_bytes(&mut out, p.time_stamp.as_bytes());
    put_hex(&mut out, "localRandomValue", &p.local_random_value)?;
    put_hex(&mut out, "external.sourceId", &p.external.source_id)?;
    out.extend_from_slice(&p.external.status_code.to_be_bytes());
    put_hex(&mut out, "external.value", &p.external.value)?;
    for list_value in &p.list_values {
        put_hex(&mut out, "listValues.value", &list_value.value)?;
    }
    put_hex(&mut out, "precommitmentValue", &p.precommitment_value)?;
    out.extend_from_slice(&p.status_code.to_be_bytes());
    Ok(out)
}

/// Checks the pulse's certificate is pinned, its RSA signature, and its output value.
pub fn verify_nist(p: &NistPulse) -> Result<VerifiedNist, BeaconError> {
    if p.cipher_suite != 0 {
        return Err(BeaconError::new(
            BeaconErrorKind::UnsupportedCipherSuite,
            format!("只支持 cipherSuite 0（RSA 签名、SHA-512）的 NIST 脉冲，这个脉冲是 cipherSuite {}", p.cipher_suite),
            format!("only NIST pulses with cipherSuite 0 (RSA signature, SHA-512) are supported; this one has cipherSuite {}", p.cipher_suite),
        ));
    }
    let certificate_id: [u8; 64] = decode_hex_exact("certificateId", &p.certificate_id)?;
    let certificate = pinned_nist_certificates()
        .into_iter()
        .find(|c| c.certificate_id == certificate_id)
        .ok_or_else(|| unknown_certificate(&to_hex(&certificate_id)))?;
    let key = RsaPublicKey::from_public_key_der(&certificate.subject_public_key_info)
        .map_err(|_| malformed("其中的 RSA 公钥无法解析", "its RSA public key cannot be decoded"))?;

    let input = nist_signature_input(p)?;
    let signature = decode_hex("signatureValue", &p.signature_value)?;
    let digest = Sha512::digest(&input);
    if key.verify(Pkcs1v15Sign::new::<Sha512>(), &digest, &signature).is_err() {
        return Err(BeaconError::new(
            BeaconErrorKind::NistSignatureMismatch,
            format!(
                "NIST 签名验证失败：第 {} 链第 {} 号脉冲的内容与签名不符（有字段被改动过）",
                p.chain_index, p.pulse_index
            ),
            format!(
                "the NIST signature does not verify: the content of pulse {} of chain {} does not match its signature (a field was altered)",
                p.pulse_index, p.chain_index
            ),
        ));
    }

    let mut hasher = Sha512::new();
    hasher.update(&input);
    hasher.update(&signature);
    let computed: [u8; 64] = hasher.finalize().into();
    let claimed: [u8; 64] = decode_hex_exact("outputValue", &p.output_value)?;
    if computed != claimed {
        return Err(BeaconError::new(
            BeaconErrorKind::OutputValueMismatch,
            "NIST 脉冲的 outputValue 与签名不符：它应为（签名内容 + 签名）的 SHA-512",
            "the NIST pulse's outputValue does not match its signature: it must be SHA-512 of the signed content followed by the signature",
        ));
    }
    Ok(VerifiedNist {
        chain_index: p.chain_index,
        pulse_index: p.pulse_index,
        time_stamp: p.time_stamp.clone(),
        output_value: computed,
        certificate_subject: certificate.subject,
        certificate_issuer: certificate.issuer,
        certificate_not_before: certificate.not_before,
        certificate_not_after: certificate.not_after,
    })
}

/// Names the certificate in full and where NIST publishes it, so that a maintainer can
/// check it and pin it.
fn unknown_certificate(certificate_id: &str) -> BeaconError {
    let url = format!("https://beacon.nist.gov/beacon/2.0/certificate/{certificate_id}");
    BeaconError::new(
        BeaconErrorKind::UnknownCertificate,
        format!(
            "未知的 NIST 证书：脉冲声称由 certificateId 为 {certificate_id} 的证书签名，该证书不在本程序固定信任的证书之列，\
             无法确认脉冲出自 NIST。NIST 在 {url} 公布该证书；须由维护者核对后加入本程序（步骤见 docs/beacons.md），此脉冲才能被接受"
        ),
        format!(
            "unknown NIST certificate: the pulse says it is signed under the certificate with certificateId {certificate_id}, \
             which is not among the certificates this program pins, so the pulse cannot be confirmed as NIST's. NIST publishes \
             that certificate at {url}; a maintainer must check it and add it to this program (steps in docs/beacons.md) before \
             this pulse can be accepted"
        ),
    )
}
