//! Why a beacon value was refused, said so that the official who runs a draw, and the
//! public who checks it, can act on it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::problem::{Problem, Text};

/// What went wrong, for programs; people read [`BeaconError::zh`] and [`BeaconError::en`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BeaconErrorKind {
    /// The text is not JSON of the expected shape.
    Unreadable,
    /// A field that must be hexadecimal is not, or has the wrong length.
    BadHex,
    /// The value is for another round than the one committed to.
    WrongRound,
    /// The round number is 0 or otherwise impossible for the chain.
    InvalidRound,
    /// The signature has the size of another chain's signatures.
    WrongChain,
    /// A curve point is not a canonical encoding of a point on the curve.
    InvalidPoint,
    /// A curve point lies on the curve but outside the prime-order subgroup.
    PointNotInSubgroup,
    /// The BLS signature does not verify for this chain's key and this round.
    SignatureMismatch,
    /// The `randomness` field is not sha256 of the signature.
    RandomnessMismatch,
    /// A chained round lacks the previous signature its message is built from.
    MissingPreviousSignature,
    /// The round's emission time has not come yet.
    RoundNotYetEmitted,
    /// No pinned chain has this name or hash.
    UnknownChain,
    /// A NIST pulse uses a cipher suite other than 0.
    UnsupportedCipherSuite,
    /// A NIST pulse names a certificate that is not among the pinned ones.
    UnknownCertificate,
    /// A pinned certificate could not be read (a defect of this program, never of input).
    BadCertificate,
    /// The NIST RSA signature does not verify.
    NistSignatureMismatch,
    /// The NIST outputValue is not SHA-512(signed input ‖ signature).
    OutputValueMismatch,
    /// This verifier was built without the code for NIST signatures (the
    /// verification page's small module); the full verifier checks the pulse.
    NistNotInThisVerifier,
}

/// A refused beacon value, with the reason in Chinese and English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BeaconError {
    pub kind: BeaconErrorKind,
    message: Text,
}

impl BeaconError {
    pub fn new(kind: BeaconErrorKind, zh: impl Into<String>, en: impl Into<String>) -> Self {
        BeaconError { kind, message: Text::new(zh, en) }
    }

    pub fn kind(&self) -> BeaconErrorKind {
        self.kind
    }

    pub fn text(&self) -> &Text {
        &self.message
    }

    pub fn zh(&self) -> String {
        self.message.zh.clone()
    }

    pub fn en(&self) -> String {
        self.message.en.clone()
    }

    pub fn to_problem(&self) -> Problem {
        Problem::from(self.message.clone())
    }
}

impl fmt::Display for BeaconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message.fmt(f)
    }
}

impl std::error::Error for BeaconError {}

impl From<BeaconError> for Text {
    fn from(e: BeaconError) -> Text {
        e.message
    }
}

impl From<BeaconError> for Problem {
    fn from(e: BeaconError) -> Problem {
        e.to_problem()
    }
}

pub(crate) fn decode_hex(field: &str, text: &str) -> Result<Vec<u8>, BeaconError> {
    let text = text.trim();
    let bad = || {
        BeaconError::new(
            BeaconErrorKind::BadHex,
            format!("字段 {field} 应为十六进制数字（0–9、a–f），但内容不是"),
            format!("the field {field} should be hexadecimal (digits 0–9, a–f) but is not"),
        )
    };
    if text.len() % 2 != 0 {
        return Err(bad());
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    text.as_bytes()
        .chunks(2)
        .map(|pair| match (nibble(pair[0]), nibble(pair[1])) {
            (Some(hi), Some(lo)) => Ok(hi << 4 | lo),
            _ => Err(bad()),
        })
        .collect()
}

pub(crate) fn decode_hex_exact<const N: usize>(field: &str, text: &str) -> Result<[u8; N], BeaconError> {
    let bytes = decode_hex(field, text)?;
    bytes.try_into().map_err(|v: Vec<u8>| {
        BeaconError::new(
            BeaconErrorKind::BadHex,
            format!("字段 {field} 应为 {N} 字节（{} 个十六进制数字），实际为 {} 字节", 2 * N, v.len()),
            format!("the field {field} should be {N} bytes ({} hex digits) but has {} bytes", 2 * N, v.len()),
        )
    })
}

pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}
