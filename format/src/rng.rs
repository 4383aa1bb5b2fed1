//! The only source of randomness after the seed: ChaCha20 keystream words and an
//! unbiased bounded integer built on them. SPEC.md §6.
//!
//! rand_chacha's raw stream is value-stable across versions; rand's distributions
//! and `shuffle` are not, so they are deliberately not used.

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

use crate::hashing::Hash;

/// A ChaCha20 keystream (RFC 8439 block function, nonce zero, block counter from 0)
/// read as consecutive little-endian 32-bit words.
pub struct Stream {
    rng: ChaCha20Rng,
    words_used: u64,
}

impl Stream {
    pub fn new(key: Hash) -> Self {
        Stream { rng: ChaCha20Rng::from_seed(key), words_used: 0 }
    }

    pub fn next_word(&mut self) -> u32 {
        self.words_used += 1;
        self.rng.next_u32()
    }

    /// How many words have been read; published in test vectors so that an
    /// independent implementation can check its rejection sampling step by step.
    pub fn words_used(&self) -> u64 {
        self.words_used
    }

    /// A uniform integer in `0..n` for `1 <= n <= 2^32`, by rejection: words at or
    /// above the largest multiple of `n` that fits in 2^32 are discarded, so every
    /// residue is equally likely. `n == 1` reads no word.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n >= 1 && n <= 1 << 32, "bounded range out of spec: {n}");
        if n == 1 {
            return 0;
        }
        let zone = (1u64 << 32) - (1u64 << 32) % n;
        loop {
            let x = self.next_word() as u64;
            if x < zone {
                return x % n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8439 appendix A.1, test vector #1: all-zero key and nonce, counter 0.
    // Keystream bytes 76 b8 e0 ad | a0 f1 3d 90 | … read little-endian.
    #[test]
    fn keystream_matches_rfc8439_a1_vector1() {
        let mut s = Stream::new([0u8; 32]);
        let words: Vec<u32> = (0..4).map(|_| s.next_word()).collect();
        assert_eq!(words, vec![0xade0b876, 0x903df1a0, 0xe56a5d40, 0x28bd8653]);
    }

    // The same vector continues into block 1 (RFC 8439 A.1 #2 uses counter 1):
    // 9f 07 e7 be 55 51 38 7a …
    #[test]
    fn keystream_block_one_matches_rfc8439_a1_vector2() {
        let mut s = Stream::new([0u8; 32]);
        for _ in 0..16 {
            s.next_word();
        }
        assert_eq!(s.next_word(), 0xbee7079f);
        assert_eq!(s.next_word(), 0x7a385155);
    }

    #[test]
    fn below_one_reads_nothing() {
        let mut s = Stream::new([7u8; 32]);
        assert_eq!(s.below(1), 0);
        assert_eq!(s.words_used(), 0);
    }

    #[test]
    fn below_rejects_words_in_the_top_zone() {
        // n = 3·2^30: zone = 3·2^30, so the word 0xade0b876 (≥ zone? 0xade0b876 = 2917185654
        // < 3221225472) is accepted and reduced mod n.
        let mut s = Stream::new([0u8; 32]);
        assert_eq!(s.below(3 << 30), 0xade0b876 % (3 << 30));
        // n = 2^31 + 1: zone = 2^31 + 1 (only one multiple fits), 0x903df1a0 = 2419978656
        // is rejected, 0xe56a5d40 rejected, 0x28bd8653 accepted.
        let mut s = Stream::new([0u8; 32]);
        s.next_word();
        let before = s.words_used();
        assert_eq!(s.below((1 << 31) + 1), 0x28bd8653);
        assert_eq!(s.words_used() - before, 3);
    }

    #[test]
    fn below_is_uniform_for_a_small_range() {
        let mut s = Stream::new([1u8; 32]);
        let mut counts = [0u32; 6];
        let draws = 60_000;
        for _ in 0..draws {
            counts[s.below(6) as usize] += 1;
        }
        // chi-square with 5 degrees of freedom; 20.5 is the 0.999 quantile.
        let expected = draws as f64 / 6.0;
        let chi2: f64 = counts.iter().map(|&c| (c as f64 - expected).powi(2) / expected).sum();
        assert!(chi2 < 20.5, "chi2 = {chi2}, counts = {counts:?}");
    }
}
