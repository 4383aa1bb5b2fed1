//! SHA-256 with domain separation, and hex. SPEC.md §2.

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// Incremental `H(tag, part…)`: SHA-256 over `u32be(len) ‖ bytes` for the tag and for
/// every part, so that no two different lists of parts hash the same bytes.
#[derive(Clone)]
pub struct Framed(Sha256);

impl Framed {
    pub fn new(tag: &str) -> Self {
        let mut f = Framed(Sha256::new());
        f.part(tag.as_bytes());
        f
    }

    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        let len = u32::try_from(bytes.len()).expect("parts are far below 4 GiB");
        self.0.update(len.to_be_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(self) -> Hash {
        self.0.finalize().into()
    }
}

/// `H(tag, parts…)` in one call.
pub fn framed(tag: &str, parts: &[&[u8]]) -> Hash {
    let mut f = Framed::new(tag);
    for p in parts {
        f.part(p);
    }
    f.finish()
}

pub fn sha256(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex, as used in every published file.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Parses hex (either case). `None` on odd length or a non-hex character.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let b = s.as_bytes();
    if b.len() % 2 != 0 {
        return None;
    }
    b.chunks(2).map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?)).collect()
}

/// Parses exactly 32 bytes of hex.
pub fn unhex32(s: &str) -> Option<Hash> {
    unhex(s)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc_is_the_fips_180_example() {
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn framing_is_length_prefixed() {
        // H("t", "ab") must differ from H("t", "a", "b") and equal SHA-256 of the framed bytes.
        let one = framed("t", &[b"ab"]);
        let two = framed("t", &[b"a", b"b"]);
        assert_ne!(one, two);
        let manual = sha256(&[&[0, 0, 0, 1][..], b"t", &[0, 0, 0, 2], b"ab"].concat());
        assert_eq!(one, manual);
    }

    #[test]
    fn hex_round_trip_and_rejects() {
        assert_eq!(unhex("00ff10Ab"), Some(vec![0, 255, 16, 171]));
        assert_eq!(hex(&[0, 255, 16, 171]), "00ff10ab");
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex32("00"), None);
    }
}
