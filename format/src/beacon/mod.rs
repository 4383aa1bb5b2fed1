//! Public randomness beacons: the drand League of Entropy mainnet chains (the seed of
//! every draw) and NIST Randomness Beacon 2.0 pulses (an optional second source).
//!
//! A beacon value is trusted for its signature alone, never for where it was fetched
//! from: a pasted or bundled JSON is as good as one fetched from a relay.
//! docs/beacons.md states every byte that is checked.

mod drand;
mod error;
mod nist;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use drand::{verify_drand, verify_drand_with_public_key, VerifiedDrand};
pub(crate) use drand::DST_G1;
pub use error::{to_hex, BeaconError, BeaconErrorKind};
pub(crate) use nist::decode_base64;
pub use nist::{
    nist_signature_input, parse_certificate_pem, parse_nist_json, pinned_nist_certificates, verify_nist, NistCertificate,
    NistExternal, NistListValue, NistPulse, VerifiedNist,
};

pub const SCHEME_UNCHAINED_G1: &str = "bls-unchained-g1-rfc9380";
pub const SCHEME_CHAINED: &str = "pedersen-bls-chained";

/// A drand chain, pinned: nothing about it is ever taken from a relay.
#[derive(Debug, PartialEq, Eq)]
pub struct ChainInfo {
    /// drand's beacon id ("default" is left out of the chain hash, as drand does).
    pub name: &'static str,
    pub scheme: &'static str,
    pub chain_hash: [u8; 32],
    pub public_key: &'static [u8],
    /// Seconds between two rounds.
    pub period: u64,
    /// Unix time of round 1.
    pub genesis_time: i64,
    /// drand's group hash; the chained scheme signs it as the "previous signature" of round 1.
    pub genesis_seed: [u8; 32],
}

pub(crate) const fn hex<const N: usize>(s: &str) -> [u8; N] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("pinned constant is not lowercase hex"),
        }
    }
    let b = s.as_bytes();
    assert!(b.len() == 2 * N, "pinned constant has the wrong length");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = nibble(b[2 * i]) << 4 | nibble(b[2 * i + 1]);
        i += 1;
    }
    out
}

pub(crate) const QUICKNET_PUBLIC_KEY: [u8; 96] = hex("83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a");
pub(crate) const DEFAULT_PUBLIC_KEY: [u8; 48] = hex("868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31");

pub static QUICKNET: ChainInfo = ChainInfo {
    name: "quicknet",
    scheme: SCHEME_UNCHAINED_G1,
    chain_hash: hex("52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"),
    public_key: &QUICKNET_PUBLIC_KEY,
    period: 3,
    genesis_time: 1_692_803_367,
    genesis_seed: hex("f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e"),
};

pub static DEFAULT: ChainInfo = ChainInfo {
    name: "default",
    scheme: SCHEME_CHAINED,
    chain_hash: hex("8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce"),
    public_key: &DEFAULT_PUBLIC_KEY,
    period: 30,
    genesis_time: 1_595_431_050,
    genesis_seed: hex("176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a"),
};

pub static CHAINS: [&ChainInfo; 2] = [&QUICKNET, &DEFAULT];

/// "quicknet" or "default" (drand's beacon ids).
pub fn chain_by_name(name: &str) -> Option<&'static ChainInfo> {
    CHAINS.iter().copied().find(|c| c.name == name.trim())
}

/// The chain whose hash is this hex text (either case).
pub fn chain_by_hash(hex: &str) -> Option<&'static ChainInfo> {
    let wanted = hex.trim().to_ascii_lowercase();
    CHAINS.iter().copied().find(|c| to_hex(&c.chain_hash) == wanted)
}

pub fn unknown_chain(name: &str) -> BeaconError {
    BeaconError::new(
        BeaconErrorKind::UnknownChain,
        format!("不认识的 drand 链“{name}”：只支持 quicknet 和 default"),
        format!("unknown drand chain “{name}”: only quicknet and default are supported"),
    )
}

impl ChainInfo {
    /// drand's definition: round r is emitted at genesis + (r − 1) × period. Round 0 does
    /// not exist; the formula is applied to it anyway (one period before genesis) so that
    /// the function stays total. Saturates instead of overflowing for absurd rounds.
    /// The last round emitted in the year 9999: fairdraw's bound on rounds (SPEC
    /// §3.5), so that every round's time is a TIME.
    pub fn last_round(&self) -> u64 {
        ((crate::time::LAST_TIME - self.genesis_time) as u64) / self.period + 1
    }

    /// Whether `round` is one fairdraw can name: from 1 to [`Self::last_round`].
    pub fn round_in_bounds(&self, round: u64) -> bool {
        (1..=self.last_round()).contains(&round)
    }

    /// [`Self::round_in_bounds`], with the reason when it is not.
    pub fn check_round_bounds(&self, round: u64) -> Result<(), crate::problem::Text> {
        if self.round_in_bounds(round) {
            return Ok(());
        }
        Err(crate::problem::Text::new(
            format!("信标轮次 {round} 超出范围（{} 链为 1 至 {}，即 9999 年以前）", self.name, self.last_round()),
            format!("round {round} is out of range ({} rounds run from 1 to {}, before the year 10000)", self.name, self.last_round()),
        ))
    }

    pub fn round_time(&self, round: u64) -> i64 {
        let t = self.genesis_time as i128 + (round as i128 - 1) * self.period as i128;
        t.clamp(i64::MIN as i128, i64::MAX as i128) as i64
    }

    /// The first round emitted at or after `unix`: round 1 for any moment up to genesis,
    /// otherwise ceil((unix − genesis) / period) + 1.
    pub fn round_at_or_after(&self, unix: i64) -> u64 {
        if unix <= self.genesis_time {
            return 1;
        }
        let elapsed = (unix as i128 - self.genesis_time as i128) as u128;
        let period = self.period as u128;
        let round = elapsed.div_ceil(period) + 1;
        round.min(u64::MAX as u128) as u64
    }

    /// The latest round already emitted at `unix` (drand's "current round"):
    /// floor((unix − genesis) / period) + 1, or 0 before genesis.
    pub fn current_round(&self, unix: i64) -> u64 {
        if unix < self.genesis_time {
            return 0;
        }
        let elapsed = (unix as i128 - self.genesis_time as i128) as u128;
        (elapsed / self.period as u128 + 1).min(u64::MAX as u128) as u64
    }

    /// Refuses a round whose emission time is still ahead of `now_unix`. The core has no
    /// clock: the caller says what time it is.
    pub fn check_emitted(&self, round: u64, now_unix: i64) -> Result<(), BeaconError> {
        if round <= self.current_round(now_unix) {
            return Ok(());
        }
        let at = self.round_time(round);
        Err(BeaconError::new(
            BeaconErrorKind::RoundNotYetEmitted,
            format!(
                "{} 链的第 {round} 轮尚未产生：它将于 {}（北京时间）产生，请届时再取",
                self.name,
                crate::time::format_china(at)
            ),
            format!(
                "round {round} of the {} chain has not been emitted yet: it comes at {} ({}); fetch it then",
                self.name,
                crate::time::format_utc(at),
                crate::time::format_china(at)
            ),
        ))
    }

    pub fn chain_hash_hex(&self) -> String {
        to_hex(&self.chain_hash)
    }

    /// drand's chain hash recomputed from the other constants:
    /// sha256(u32be(period) ‖ i64be(genesis_time) ‖ public_key ‖ genesis_seed ‖ beacon id
    /// unless the id is "default").
    pub fn computed_chain_hash(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update((self.period as u32).to_be_bytes());
        h.update(self.genesis_time.to_be_bytes());
        h.update(self.public_key);
        h.update(self.genesis_seed);
        if self.name != "default" {
            h.update(self.name.as_bytes());
        }
        h.finalize().into()
    }
}

/// One drand round as relays serve it: v1 (`round, randomness, signature,
/// previous_signature`) or v2 (no `randomness`; it is derived from the signature).
///
/// Inside a bundle it has exactly these members (SPEC §3.2); a relay's answer may
/// carry more, and [`parse_drand_json`] keeps only these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrandRound {
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub round: u64,
    /// Hex.
    pub signature: String,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::canonical::not_null")]
    pub previous_signature: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::canonical::not_null")]
    pub randomness: Option<String>,
}

/// A relay's answer: the members of a round, whatever else it says.
#[derive(Deserialize)]
struct RelayRound {
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    round: u64,
    signature: String,
    #[serde(default)]
    previous_signature: Option<String>,
    #[serde(default)]
    randomness: Option<String>,
}

/// Reads a drand round from relay JSON, v1 or v2. Unknown fields are ignored; empty
/// `previous_signature` or `randomness` count as absent (unchained relays send none).
pub fn parse_drand_json(text: &str) -> Result<DrandRound, BeaconError> {
    let relay: RelayRound = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        BeaconError::new(
            BeaconErrorKind::Unreadable,
            format!("这不是 drand 随机信标的 JSON（应含 round 和 signature 字段）：{e}"),
            format!("this is not a drand beacon JSON (it needs the fields round and signature): {e}"),
        )
    })?;
    let mut r = DrandRound {
        round: relay.round,
        signature: relay.signature,
        previous_signature: relay.previous_signature,
        randomness: relay.randomness,
    };
    if r.previous_signature.as_deref().is_some_and(|s| s.trim().is_empty()) {
        r.previous_signature = None;
    }
    if r.randomness.as_deref().is_some_and(|s| s.trim().is_empty()) {
        r.randomness = None;
    }
    Ok(r)
}
