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

/// SHA-256's initial state (FIPS 180-4 §5.3.3).
const SHA256_INITIAL: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// `H(tag, parts…, last)` for many different `last` after the same parts. The
/// prefix's whole blocks are compressed once; a short last part then costs one or
/// two block compressions on the stack, without a hasher's copying and buffering.
/// A million firms' tickets share their tag, seed and task number.
pub struct FramedPrefix {
    /// State after the prefix's whole 64-byte blocks.
    state: [u32; 8],
    /// The prefix's bytes after those blocks.
    tail: [u8; 64],
    tail_len: usize,
    prefix_len: u64,
    /// For a last part too long for two blocks.
    general: Framed,
}

impl FramedPrefix {
    pub fn new(tag: &str, parts: &[&[u8]]) -> Self {
        let mut general = Framed::new(tag);
        let mut prefix = Vec::new();
        for &part in parts {
            general.part(part);
        }
        for part in std::iter::once(tag.as_bytes()).chain(parts.iter().copied()) {
            prefix.extend_from_slice(&frame_length(part));
            prefix.extend_from_slice(part);
        }
        let whole = prefix.len() / 64 * 64;
        let mut state = SHA256_INITIAL;
        for block in prefix[..whole].chunks_exact(64) {
            compress_block(&mut state, block);
        }
        let mut tail = [0; 64];
        tail[..prefix.len() - whole].copy_from_slice(&prefix[whole..]);
        FramedPrefix { state, tail, tail_len: prefix.len() - whole, prefix_len: prefix.len() as u64, general }
    }

    /// `H(tag, parts…, last)`.
    pub fn finish_with(&self, last: &[u8]) -> Hash {
        // The message's end: the prefix's tail, the framed last part, 0x80, zeros,
        // and the message length in bits (FIPS 180-4 §5.1.1).
        let used = self.tail_len + 4 + last.len();
        let padded = (used + 9).div_ceil(64) * 64;
        if padded > 128 {
            let mut f = self.general.clone();
            f.part(last);
            return f.finish();
        }
        let mut blocks = [0u8; 128];
        blocks[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        blocks[self.tail_len..self.tail_len + 4].copy_from_slice(&frame_length(last));
        blocks[self.tail_len + 4..used].copy_from_slice(last);
        blocks[used] = 0x80;
        let bits = (self.prefix_len + 4 + last.len() as u64) * 8;
        blocks[padded - 8..padded].copy_from_slice(&bits.to_be_bytes());
        let mut state = self.state;
        for block in blocks[..padded].chunks_exact(64) {
            compress_block(&mut state, block);
        }
        let mut out = [0; 32];
        for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

fn frame_length(part: &[u8]) -> [u8; 4] {
    u32::try_from(part.len()).expect("parts are far below 4 GiB").to_be_bytes()
}

fn compress_block(state: &mut [u32; 8], block: &[u8]) {
    sha2::compress256(state, std::slice::from_ref(sha2::digest::generic_array::GenericArray::from_slice(block)));
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
    if s.len() % 2 != 0 {
        return None;
    }
    let mut out = vec![0; s.len() / 2];
    unhex_into(s, &mut out).then_some(out)
}

/// Parses exactly `N` bytes of hex.
pub fn unhex_array<const N: usize>(s: &str) -> Option<[u8; N]> {
    let mut out = [0; N];
    (s.len() == 2 * N && unhex_into(s, &mut out)).then_some(out)
}

/// Parses exactly 32 bytes of hex.
pub fn unhex32(s: &str) -> Option<Hash> {
    unhex_array(s)
}

/// Whether every character of `s` is a hex digit (either case).
pub fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| NIBBLE[b as usize] < 16)
}

/// Whether `s` is `hex(bytes)`, lower case as published, without allocating: the
/// verifier compares a million recomputed values with the document's.
pub fn is_hex_of(s: &str, bytes: &[u8]) -> bool {
    s.len() == 2 * bytes.len()
        && s.as_bytes().chunks_exact(2).zip(bytes).all(|(pair, &b)| pair[0] == HEX[(b >> 4) as usize] && pair[1] == HEX[(b & 15) as usize])
}

/// Fills `out` from `s`, which must be exactly twice as long; false on a non-hex
/// character. A document's entries are tens of megabytes of hex.
fn unhex_into(s: &str, out: &mut [u8]) -> bool {
    if s.len() != 2 * out.len() {
        return false;
    }
    let mut ok = true;
    for (pair, byte) in s.as_bytes().chunks_exact(2).zip(out.iter_mut()) {
        match pair_value(pair[0], pair[1]) {
            Some(v) => *byte = v,
            None => ok = false,
        }
    }
    ok
}

fn pair_value(high: u8, low: u8) -> Option<u8> {
    let (h, l) = (NIBBLE[high as usize], NIBBLE[low as usize]);
    ((h | l) < 16).then_some(h << 4 | l)
}

/// Each byte's value as a hex digit, or 16 and above for a byte that is not one.
const NIBBLE: [u8; 256] = {
    let mut t = [0xF0; 256];
    let mut c = 0;
    while c < 10 {
        t[b'0' as usize + c] = c as u8;
        c += 1;
    }
    let mut c = 0;
    while c < 6 {
        t[b'a' as usize + c] = 10 + c as u8;
        t[b'A' as usize + c] = 10 + c as u8;
        c += 1;
    }
    t
};

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
    fn a_precomputed_prefix_hashes_as_the_whole_framing() {
        // Prefix and last-part lengths around every block boundary, and a last part
        // long enough for the general path.
        fn check(prefix: &[&[u8]], last: &[u8]) {
            let mut all = prefix.to_vec();
            all.push(last);
            assert_eq!(FramedPrefix::new("t", prefix).finish_with(last), framed("t", &all), "{prefix:?} + {} bytes", last.len());
        }
        let bytes: Vec<u8> = (0..=255).collect();
        for prefix_len in [0, 1, 30, 50, 51, 52, 55, 56, 59, 60, 63, 64, 100] {
            for last_len in 0..=200 {
                check(&[&bytes[..prefix_len]], &bytes[..last_len]);
            }
        }
        check(&[], b"");
        check(&[b"seed", b"001"], "91130300MA0000001X".as_bytes());
    }

    #[test]
    fn hex_round_trip_and_rejects() {
        assert_eq!(unhex("00ff10Ab"), Some(vec![0, 255, 16, 171]));
        assert_eq!(hex(&[0, 255, 16, 171]), "00ff10ab");
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex32("00"), None);
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("g0"), None);
        assert_eq!(unhex(""), Some(vec![]));
        assert_eq!(unhex_array::<2>("ff00"), Some([255, 0]));
        assert_eq!(unhex_array::<2>("ff0"), None);
        assert!(is_hex_of("00ffa0", &[0, 255, 160]));
        assert!(!is_hex_of("00FFa0", &[0, 255, 160]), "published hex is lower case");
        assert!(!is_hex_of("00ff", &[0, 254]));
        assert!(!is_hex_of("00f", &[0, 15]));
        assert!(is_hex("09afAF") && is_hex("") && !is_hex("0g") && !is_hex("é"));
    }

    #[test]
    fn every_byte_is_a_hex_digit_exactly_when_it_is_one() {
        // The table against the plain definition, for every pair of bytes.
        let digit = |c: u8| (c as char).to_digit(16);
        for high in 0..=255u8 {
            for low in 0..=255u8 {
                let expected = match (digit(high), digit(low)) {
                    (Some(h), Some(l)) => Some((h * 16 + l) as u8),
                    _ => None,
                };
                assert_eq!(pair_value(high, low), expected, "{high} {low}");
            }
        }
    }
}
