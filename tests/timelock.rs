//! Timelock envelopes (SPEC §10.9) against drand's own implementation: a ciphertext
//! made by drand's Go `tle`, opened with the real quicknet round it was locked to,
//! and ciphertexts made here opened with real rounds, the wrong ones refused.

use fairdraw::beacon::{parse_drand_json, verify_drand, QUICKNET};
use fairdraw::timelock::{armor, dearmor, lock, Envelope, TimelockError};

const TLE_CIPHERTEXT: &str = include_str!("vectors/timelock/tle-quicknet-12040883.age");
const TLE_ROUND: &str = include_str!("vectors/timelock/quicknet-12040883.json");
const DRAND_ROUNDS: &str = include_str!("vectors/beacons/drand-rounds.json");

/// A real quicknet round's signature, verified before it opens anything.
fn signature(json: &str, round: u64) -> Vec<u8> {
    let parsed = parse_drand_json(json).expect("a drand round");
    verify_drand(&QUICKNET, round, &parsed).expect("a genuine quicknet round").signature
}

fn vector_round(round: u64) -> Vec<u8> {
    let all: serde_json::Value = serde_json::from_str(DRAND_ROUNDS).unwrap();
    let v = all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["scheme"] == "bls-unchained-g1-rfc9380" && v["round"] == round && v["expect"] == true)
        .unwrap_or_else(|| panic!("quicknet round {round} among the beacon vectors"));
    signature(&format!(r#"{{"round":{round},"signature":"{}"}}"#, v["signature"].as_str().unwrap()), round)
}

fn randomness(b: u8) -> [u8; 48] {
    std::array::from_fn(|i| b.wrapping_add(i as u8).wrapping_mul(151))
}

#[test]
fn a_ciphertext_made_by_drand_tle_opens_with_its_round() {
    let envelope = Envelope::parse(TLE_CIPHERTEXT).unwrap();
    assert_eq!(envelope.round, 12040883);
    assert_eq!(envelope.chain_hash, QUICKNET.chain_hash);
    let plain = envelope.open(&signature(TLE_ROUND, 12040883)).unwrap();
    assert_eq!(plain, b"hello world");
}

#[test]
fn another_round_does_not_open_it() {
    let envelope = Envelope::parse(TLE_CIPHERTEXT).unwrap();
    assert_eq!(envelope.open(&vector_round(1000)), Err(TimelockError::Key));
}

#[test]
fn what_is_locked_here_opens_with_the_round_and_no_other() {
    for (plaintext, b) in [(&b""[..], 1u8), (b"{\"result\":1}", 2), (&[7u8; 64 * 1024][..], 3), (&[9u8; 64 * 1024 * 2 + 5][..], 4)] {
        let armored = lock(plaintext, 1000, &randomness(b)).unwrap();
        let envelope = Envelope::parse(&armored).unwrap();
        assert_eq!(envelope.round, 1000);
        assert_eq!(envelope.open(&vector_round(1000)).unwrap(), plaintext);
        assert_eq!(envelope.open(&vector_round(123)), Err(TimelockError::Key));
    }
}

#[test]
fn every_altered_byte_is_an_error_never_a_panic() {
    let armored = lock(b"the drawn list", 1000, &randomness(5)).unwrap();
    let file = dearmor(&armored).unwrap();
    let key = vector_round(1000);
    for i in 0..file.len() {
        let mut altered = file.clone();
        altered[i] ^= 0x04;
        let opened = Envelope::parse(&armor(&altered)).and_then(|e| e.open(&key));
        assert!(opened.is_err(), "byte {i} altered still opens: {opened:?}");
    }
    for cut in 0..file.len() {
        let opened = Envelope::parse_binary(&file[..cut]).and_then(|e| e.open(&key));
        assert!(opened.is_err(), "cut at {cut} still opens");
    }
    let mut longer = file.clone();
    longer.push(0);
    assert!(Envelope::parse_binary(&longer).and_then(|e| e.open(&key)).is_err());
}

#[test]
fn only_quicknet_and_valid_rounds_are_accepted() {
    let armored = lock(b"x", 1000, &randomness(6)).unwrap();
    // The header is text up to the MAC line; swap the chain hash for the default chain's.
    let file = dearmor(&armored).unwrap();
    let header_end = file.windows(4).position(|w| w == b"--- ").unwrap();
    let header = String::from_utf8(file[..header_end].to_vec()).unwrap();
    let other_chain = header.replace(&QUICKNET.chain_hash_hex(), &fairdraw::beacon::DEFAULT.chain_hash_hex());
    let mut forged = other_chain.into_bytes();
    forged.extend_from_slice(&file[header_end..]);
    assert!(matches!(Envelope::parse_binary(&forged), Err(TimelockError::Chain(_))));
    let zero_round = header.replace("tlock 1000 ", "tlock 0 ");
    let mut forged = zero_round.into_bytes();
    forged.extend_from_slice(&file[header_end..]);
    assert!(matches!(Envelope::parse_binary(&forged), Err(TimelockError::Round(_))));
    assert_eq!(lock(b"x", 0, &randomness(7)), Err(TimelockError::LockRound(0)));
}

#[test]
fn armor_is_read_strictly_but_forgives_surrounding_whitespace_and_crlf() {
    let crlf = format!("\n  {}\n\n", TLE_CIPHERTEXT.replace('\n', "\r\n"));
    assert!(Envelope::parse(&crlf).is_ok());
    let broken = TLE_CIPHERTEXT.replacen("YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHRsb2NrIDEyMDQwODgzIDUyZGI5YmE3\n", "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHRsb2NrIDEyMDQwODgzIDUyZGI5YmE\n", 1);
    assert_eq!(Envelope::parse(&broken), Err(TimelockError::Armor));
    assert_eq!(Envelope::parse("hello"), Err(TimelockError::Armor));
}
