//! Real drand rounds and a real NIST pulse (tests/vectors/beacons, see SOURCE.md), and
//! tamperings of them that must be refused.

use bls12_381::{G1Affine, G2Affine};
use fairdraw::beacon::{
    chain_by_name, nist_signature_input, parse_certificate_pem, parse_drand_json, parse_nist_json, pinned_nist_certificates,
    to_hex, verify_drand, verify_drand_with_public_key, verify_nist, BeaconErrorKind, ChainInfo, DrandRound, NistPulse,
    DEFAULT, QUICKNET,
};
use serde_json::Value;
use sha2::{Digest, Sha512};

const DRAND_ROUNDS: &str = include_str!("vectors/beacons/drand-rounds.json");
const NIST_PULSES: &str = include_str!("vectors/beacons/nist-pulses.json");

fn chain_for_scheme(scheme: &str) -> &'static ChainInfo {
    match scheme {
        "bls-unchained-g1-rfc9380" => &QUICKNET,
        "pedersen-bls-chained" => &DEFAULT,
        other => panic!("vector with unknown scheme {other}"),
    }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn drand_vectors() -> Vec<Value> {
    let file: Value = serde_json::from_str(DRAND_ROUNDS).unwrap();
    file["vectors"].as_array().unwrap().clone()
}

/// A vector entry read as a relay's answer is read: its other members (label,
/// scheme, …) are not part of the round.
fn round_of(v: &Value) -> DrandRound {
    fairdraw::beacon::parse_drand_json(&v.to_string()).unwrap()
}

fn quicknet_1000() -> DrandRound {
    let v = drand_vectors().into_iter().find(|v| v["label"] == "quicknet round 1000").unwrap();
    round_of(&v)
}

fn default_72785() -> DrandRound {
    let v = drand_vectors().into_iter().find(|v| v["label"] == "mainnet round 72785").unwrap();
    round_of(&v)
}

#[test]
fn every_drand_vector_gets_its_verdict() {
    let vectors = drand_vectors();
    assert_eq!(vectors.len(), 12);
    for v in &vectors {
        let label = v["label"].as_str().unwrap();
        let chain = chain_for_scheme(v["scheme"].as_str().unwrap());
        let round = round_of(v);
        let key = hex(v["public_key"].as_str().unwrap());
        let verdict = verify_drand_with_public_key(chain, &key, round.round, &round);
        assert_eq!(verdict.is_ok(), v["expect"].as_bool().unwrap(), "{label}: {verdict:?}");
        // every vector names the chain's own key, so the pinned-key entry point must agree
        assert_eq!(key, chain.public_key, "{label}");
        assert_eq!(verify_drand(chain, round.round, &round), verdict, "{label}");
        if let (Ok(ok), Some(randomness)) = (&verdict, v["randomness"].as_str()) {
            assert_eq!(to_hex(&ok.randomness), randomness, "{label}");
        }
    }
}

#[test]
fn each_tampering_is_refused_for_its_own_reason() {
    use BeaconErrorKind::*;
    let expected = [
        ("NEG: round-72785 beacon claimed as round 321", SignatureMismatch),
        ("NEG: round 72785 with corrupted previous_signature (first byte a6->6a)", SignatureMismatch),
        ("NEG: round 72785 with the signature of round 1 (valid curve point, wrong sig)", SignatureMismatch),
        ("NEG (derived here): round 72785 with randomness first nibble flipped 8->9", RandomnessMismatch),
        ("NEG: quicknet round-1000 signature claimed as round 1", SignatureMismatch),
        // b4 -> a4 changes a bit of x, and the new x has no point on the curve
        ("NEG: quicknet round 1000 with first byte of signature changed b4->a4 (randomness recomputed to match)", InvalidPoint),
        ("NEG: quicknet round 1000 with tampered randomness (fe29->aa29)", RandomnessMismatch),
    ];
    let negatives: Vec<Value> = drand_vectors().into_iter().filter(|v| v["expect"] == false).collect();
    assert_eq!(negatives.len(), expected.len());
    for (label, kind) in expected {
        let v = negatives.iter().find(|v| v["label"] == label).unwrap_or_else(|| panic!("no vector {label}"));
        let r = round_of(v);
        let e = verify_drand(chain_for_scheme(v["scheme"].as_str().unwrap()), r.round, &r).unwrap_err();
        assert_eq!(e.kind(), kind, "{label}");
    }
}

#[test]
fn v2_json_without_randomness_is_accepted_and_randomness_derived() {
    let text = r#"{"round":1000,"signature":"b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"}"#;
    let r = parse_drand_json(text).unwrap();
    assert_eq!(r.randomness, None);
    let ok = verify_drand(&QUICKNET, 1000, &r).unwrap();
    assert_eq!(to_hex(&ok.randomness), "fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd");
    assert_eq!(ok.round, 1000);
    assert_eq!(ok.signature, hex("b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39"));
}

#[test]
fn v1_relay_json_with_extra_fields_is_accepted() {
    let text = "\u{feff}{\n  \"round\": 72785,\n  \"randomness\": \"8b676484b5fb1f37f9ec5c413d7d29883504e5b669f604a1ce68b3388e9ae3d9\",\n  \"signature\": \"82f5d3d2de4db19d40a6980e8aa37842a0e55d1df06bd68bddc8d60002e8e959eb9cfa368b3c1b77d18f02a54fe047b80f0989315f83b12a74fd8679c4f12aae86eaf6ab5690b34f1fddd50ee3cc6f6cdf59e95526d5a5d82aaa84fa6f181e42\",\n  \"previous_signature\": \"a609e19a03c2fcc559e8dae14900aaefe517cb55c840f6e69bc8e4f66c8d18e8a609685d9917efbfb0c37f058c2de88f13d297c7e19e0ab24813079efe57a182554ff054c7638153f9b26a60e7111f71a0ff63d9571704905d3ca6df0b031747\",\n  \"relay\": \"ignored\"\n}\n";
    let r = parse_drand_json(text).unwrap();
    assert_eq!(r, default_72785());
    assert!(verify_drand(&DEFAULT, 72785, &r).is_ok());
    // an unchained relay may send an empty previous_signature
    let r = parse_drand_json(r#"{"round":1000,"signature":"b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39","previous_signature":"","randomness":""}"#).unwrap();
    assert_eq!((r.previous_signature, r.randomness), (None, None));
}

#[test]
fn unreadable_json_is_reported_as_such() {
    for text in ["", "[]", "{}", r#"{"round":"1000","signature":"b4"}"#, r#"{"round":-1,"signature":"b4"}"#, "not json"] {
        assert_eq!(parse_drand_json(text).unwrap_err().kind(), BeaconErrorKind::Unreadable, "{text}");
    }
}

#[test]
fn a_quicknet_round_is_refused_on_the_default_chain_and_back() {
    let e = verify_drand(&DEFAULT, 1000, &quicknet_1000()).unwrap_err();
    assert_eq!(e.kind(), BeaconErrorKind::WrongChain);
    assert!(e.zh().contains("default") && e.en().contains("another drand chain"), "{e}");
    let e = verify_drand(&QUICKNET, 72785, &default_72785()).unwrap_err();
    assert_eq!(e.kind(), BeaconErrorKind::WrongChain);
}

#[test]
fn a_genuine_round_is_refused_when_another_round_was_committed() {
    let e = verify_drand(&QUICKNET, 1001, &quicknet_1000()).unwrap_err();
    assert_eq!(e.kind(), BeaconErrorKind::WrongRound);
    assert!(e.zh().contains("1001") && e.zh().contains("1000"));
    assert!(e.en().contains("wrong round"));
    let mut zero = quicknet_1000();
    zero.round = 0;
    assert_eq!(verify_drand(&QUICKNET, 0, &zero).unwrap_err().kind(), BeaconErrorKind::InvalidRound);
}

#[test]
fn chained_rounds_need_their_previous_signature_except_round_1() {
    let mut r = default_72785();
    r.previous_signature = None;
    assert_eq!(verify_drand(&DEFAULT, 72785, &r).unwrap_err().kind(), BeaconErrorKind::MissingPreviousSignature);

    let genesis = drand_vectors().into_iter().find(|v| v["round"] == 1 && v["expect"] == true).unwrap();
    let mut r = round_of(&genesis);
    assert_eq!(r.previous_signature.as_deref().map(hex), Some(DEFAULT.genesis_seed.to_vec()));
    r.previous_signature = None;
    assert!(verify_drand(&DEFAULT, 1, &r).is_ok());
}

#[test]
fn a_signature_under_another_key_is_refused() {
    // A valid key of the right group that is not the chain's: each group's generator.
    let other_key = G2Affine::generator().to_compressed();
    let e = verify_drand_with_public_key(&QUICKNET, &other_key, 1000, &quicknet_1000()).unwrap_err();
    assert_eq!(e.kind(), BeaconErrorKind::SignatureMismatch);
    let other_key = G1Affine::generator().to_compressed();
    let e = verify_drand_with_public_key(&DEFAULT, &other_key, 72785, &default_72785()).unwrap_err();
    assert_eq!(e.kind(), BeaconErrorKind::SignatureMismatch);
}

const FIELD_MODULUS: &str = "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab";

fn quicknet_with_signature(sig: &[u8]) -> DrandRound {
    DrandRound { round: 1000, signature: to_hex(sig), previous_signature: None, randomness: None }
}

#[test]
fn non_canonical_g1_encodings_are_refused() {
    let mut genuine = hex(&quicknet_1000().signature);
    let mut cases: Vec<(&str, Vec<u8>)> = Vec::new();
    // x = p, which is 0 when reduced: not canonical
    let mut x_is_p = hex(FIELD_MODULUS);
    x_is_p[0] |= 0x80;
    cases.push(("x = p", x_is_p));
    // compression flag cleared: an uncompressed point would need 96 bytes
    let mut uncompressed_flag = genuine.clone();
    uncompressed_flag[0] &= 0x7f;
    cases.push(("compression flag cleared", uncompressed_flag));
    // infinity flag set while coordinates are non-zero
    let mut bad_infinity = genuine.clone();
    bad_infinity[0] |= 0x40;
    cases.push(("infinity flag with non-zero x", bad_infinity));
    // the canonical encoding of the identity: a signature that would prove nothing
    let mut identity = vec![0u8; 48];
    identity[0] = 0xc0;
    cases.push(("identity", identity));
    for (what, sig) in cases {
        let e = verify_drand(&QUICKNET, 1000, &quicknet_with_signature(&sig)).unwrap_err();
        assert_eq!(e.kind(), BeaconErrorKind::InvalidPoint, "{what}");
        assert!(e.zh().contains("签名") && e.en().contains("canonical"), "{what}: {e}");
    }
    // sanity: flipping the sign bit keeps a valid point but not the right one
    genuine[0] ^= 0x20;
    assert_eq!(verify_drand(&QUICKNET, 1000, &quicknet_with_signature(&genuine)).unwrap_err().kind(), BeaconErrorKind::SignatureMismatch);
}

#[test]
fn a_g1_point_outside_the_subgroup_is_refused() {
    // Small x: the first that lies on the curve is (with overwhelming probability, and
    // checked below) outside the prime-order subgroup, as the cofactor is about 2^126.
    let (encoding, point) = (1u8..=255)
        .find_map(|x| {
            let mut bytes = [0u8; 48];
            bytes[0] = 0x80;
            bytes[47] = x;
            Option::<G1Affine>::from(G1Affine::from_compressed_unchecked(&bytes)).map(|p| (bytes, p))
        })
        .expect("a small x on the curve");
    assert!(!bool::from(point.is_torsion_free()));
    assert!(bool::from(G1Affine::from_compressed(&encoding).is_none()));
    let e = verify_drand(&QUICKNET, 1000, &quicknet_with_signature(&encoding)).unwrap_err();
    assert_eq!(e.kind(), BeaconErrorKind::PointNotInSubgroup);
    assert!(e.zh().contains("子群") && e.en().contains("subgroup"));
}

#[test]
fn a_g2_point_outside_the_subgroup_is_refused() {
    let (encoding, point) = (1u8..=255)
        .find_map(|x| {
            let mut bytes = [0u8; 96];
            bytes[0] = 0x80;
            bytes[95] = x;
            Option::<G2Affine>::from(G2Affine::from_compressed_unchecked(&bytes)).map(|p| (bytes, p))
        })
        .expect("a small x on the curve");
    assert!(!bool::from(point.is_torsion_free()));
    let mut r = default_72785();
    r.signature = to_hex(&encoding);
    r.randomness = None;
    assert_eq!(verify_drand(&DEFAULT, 72785, &r).unwrap_err().kind(), BeaconErrorKind::PointNotInSubgroup);
}

#[test]
fn bad_hex_is_reported_by_field() {
    let mut r = quicknet_1000();
    r.signature.replace_range(0..2, "zz");
    let e = verify_drand(&QUICKNET, 1000, &r).unwrap_err();
    assert_eq!(e.kind(), BeaconErrorKind::BadHex);
    assert!(e.en().contains("signature"));
    let mut r = quicknet_1000();
    r.randomness = Some("fe29".into());
    let e = verify_drand(&QUICKNET, 1000, &r).unwrap_err();
    assert_eq!(e.kind(), BeaconErrorKind::BadHex);
    assert!(e.en().contains("randomness") && e.en().contains("32 bytes"));
}

#[test]
fn upper_case_hex_is_accepted() {
    let mut r = quicknet_1000();
    r.signature = r.signature.to_uppercase();
    r.randomness = r.randomness.map(|s| s.to_uppercase());
    assert!(verify_drand(&QUICKNET, 1000, &r).is_ok());
}

#[test]
fn the_example_chain_names_resolve() {
    assert_eq!(chain_by_name("quicknet"), Some(&QUICKNET));
    assert_eq!(chain_by_name("default"), Some(&DEFAULT));
}

// ---- NIST ----

fn nist_file() -> Value {
    serde_json::from_str(NIST_PULSES).unwrap()
}

fn nist_valid() -> NistPulse {
    serde_json::from_value(nist_file()["vectors"][0]["pulse"].clone()).unwrap()
}

#[test]
fn every_nist_vector_gets_its_verdict() {
    let file = nist_file();
    let vectors = file["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 3);
    for v in vectors {
        let label = v["label"].as_str().unwrap();
        let wrapped = serde_json::json!({ "pulse": v["pulse"] }).to_string();
        let pulse = parse_nist_json(&wrapped).unwrap();
        let verdict = verify_nist(&pulse);
        assert_eq!(verdict.is_ok(), v["expect"].as_bool().unwrap(), "{label}: {verdict:?}");
        if let Err(e) = verdict {
            assert_eq!(e.kind(), BeaconErrorKind::NistSignatureMismatch, "{label}");
        }
    }
}

#[test]
fn the_valid_pulse_yields_its_output_and_certificate() {
    let file = nist_file();
    let facts = &file["certificate_facts"];
    let ok = verify_nist(&nist_valid()).unwrap();
    assert_eq!(ok.chain_index, 1);
    assert_eq!(ok.pulse_index, 54610);
    assert_eq!(ok.time_stamp, "2018-08-30T17:44:00.000Z");
    assert_eq!(to_hex(&ok.output_value).to_uppercase(), file["vectors"][0]["pulse"]["outputValue"].as_str().unwrap());
    assert_eq!(ok.certificate_subject, facts["subject"].as_str().unwrap());
    assert_eq!(ok.certificate_issuer, facts["issuer"].as_str().unwrap());
}

#[test]
fn the_signed_bytes_match_the_published_digest() {
    let vector = &nist_file()["vectors"][0];
    let input = nist_signature_input(&nist_valid()).unwrap();
    assert_eq!(input.len() as u64, vector["signature_input_len"].as_u64().unwrap());
    assert_eq!(to_hex(&Sha512::digest(&input)), vector["signature_input_sha512"].as_str().unwrap());
}

#[test]
fn parse_accepts_a_bare_pulse_too() {
    let bare = nist_file()["vectors"][0]["pulse"].to_string();
    assert_eq!(parse_nist_json(&bare).unwrap(), nist_valid());
    assert_eq!(parse_nist_json("{\"pulse\": 3}").unwrap_err().kind(), BeaconErrorKind::Unreadable);
    assert_eq!(parse_nist_json("").unwrap_err().kind(), BeaconErrorKind::Unreadable);
}

#[test]
fn the_certificate_id_is_sha512_of_the_der_and_pem_is_read_leniently() {
    let file = nist_file();
    let pem = file["certificate_pem_verbatim"].as_str().unwrap();
    let facts = &file["certificate_facts"];
    let cert = parse_certificate_pem(pem).unwrap();
    assert_eq!(to_hex(&cert.certificate_id), facts["sha512_der"].as_str().unwrap());
    assert_ne!(to_hex(&cert.certificate_id), facts["sha512_pem_text"].as_str().unwrap());
    assert_eq!(cert.subject, facts["subject"].as_str().unwrap());
    assert_eq!(cert.issuer, facts["issuer"].as_str().unwrap());

    let no_break_after_begin = pem.replacen("-----BEGIN CERTIFICATE-----\r\n", "-----BEGIN CERTIFICATE-----", 1);
    let unix_breaks = pem.replace("\r\n", "\n");
    let one_line = format!("garbage before\n{}\ntrailing", pem.replace("\r\n", ""));
    for variant in [no_break_after_begin, unix_breaks, one_line] {
        assert_eq!(parse_certificate_pem(&variant).unwrap(), cert);
    }
    assert_eq!(
        (cert.not_before.as_str(), cert.not_after.as_str()),
        (utc(facts["not_before"].as_str().unwrap()).as_str(), utc(facts["not_after"].as_str().unwrap()).as_str())
    );
    assert!(pinned_nist_certificates().contains(&cert));

    let damaged = pem.replacen("MIIHWzCC", "MIIH*zCC", 1);
    assert_eq!(parse_certificate_pem(&damaged).unwrap_err().kind(), BeaconErrorKind::BadCertificate);
    assert_eq!(parse_certificate_pem("no pem here").unwrap_err().kind(), BeaconErrorKind::BadCertificate);
}

/// "2018-01-10 00:00:00+00:00", as the vector file states validity, in RFC 3339 UTC.
fn utc(facts_time: &str) -> String {
    facts_time.replacen(' ', "T", 1).replace("+00:00", "Z")
}

// ---- NIST, chain 2 (2026) ----
//
// NIST's 2025–2026 certificate and two chain 2 pulses signed under it, copied unchanged
// from public repositories (tests/vectors/beacons/SOURCE.md). Subject, issuer and validity
// below were read from the certificate with openssl.

const NIST_CERTIFICATE_2025: &str = include_str!("vectors/beacons/nist-certificate-528943a555f5f8ca.pem");
const NIST_CHAIN2_PULSE_1918805: &str = include_str!("vectors/beacons/nist-chain2-pulse1918805.json");
const NIST_CHAIN2_PULSE_1921300: &str = include_str!("vectors/beacons/nist-chain2-pulse1921300.json");

#[test]
fn the_2025_certificate_is_pinned_with_its_subject_issuer_and_validity() {
    let cert = parse_certificate_pem(NIST_CERTIFICATE_2025).unwrap();
    assert_eq!(
        to_hex(&cert.certificate_id),
        "528943a555f5f8ca54423be6dfb95925a35c7b552046420e7d7cd072058a14d6536ad3a8e9754b6582f164a90b0cd86a65d659f5426a2659a947595d1c816c8c"
    );
    assert_eq!(cert.subject, "CN=engine.beacon.nist.gov,O=National Institute of Standards and Technology,L=Gaithersburg,ST=Maryland,C=US");
    assert_eq!(cert.issuer, "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US");
    assert_eq!((cert.not_before.as_str(), cert.not_after.as_str()), ("2025-08-28T00:00:00Z", "2026-09-04T23:59:59Z"));
    assert!(pinned_nist_certificates().contains(&cert));
    assert_eq!(pinned_nist_certificates().len(), 2);
}

#[test]
fn real_chain2_pulses_verify_under_the_2025_certificate() {
    fn check(pulse_json: &str, expected: (u64, &str)) {
        let pulse = parse_nist_json(pulse_json).unwrap();
        let ok = verify_nist(&pulse).unwrap();
        assert_eq!((ok.pulse_index, ok.time_stamp.as_str()), expected);
        assert_eq!(ok.chain_index, 2);
        assert_eq!(to_hex(&ok.output_value).to_uppercase(), pulse.output_value);
        assert_eq!(ok.certificate_issuer, "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US");
        assert_eq!((ok.certificate_not_before.as_str(), ok.certificate_not_after.as_str()), ("2025-08-28T00:00:00Z", "2026-09-04T23:59:59Z"));

        let mut altered = pulse.clone();
        altered.local_random_value.replace_range(0..1, if altered.local_random_value.starts_with('0') { "1" } else { "0" });
        assert_eq!(verify_nist(&altered).unwrap_err().kind(), BeaconErrorKind::NistSignatureMismatch);
    }
    check(NIST_CHAIN2_PULSE_1918805, (1918805, "2026-08-26T12:00:00.000Z"));
    check(NIST_CHAIN2_PULSE_1921300, (1921300, "2026-08-31T19:04:00.000Z"));
}

#[test]
fn an_unknown_certificate_is_refused_naming_it_in_full() {
    // The certificate NIST's pulses name from September 2026 on; it is not pinned
    // (docs/beacons.md explains why).
    let next = "87f27f431da3f584af6007fe045df13aaa81d831f335b6ee73f6334768f32d3ae10491e669b93a43e548b20370a6526c3def99643c25d8ad7bf5df95a3c2b45d";
    for mut p in [nist_valid(), parse_nist_json(NIST_CHAIN2_PULSE_1921300).unwrap()] {
        p.certificate_id = next.to_uppercase();
        let e = verify_nist(&p).unwrap_err();
        assert_eq!(e.kind(), BeaconErrorKind::UnknownCertificate);
        assert!(e.zh().contains("未知的 NIST 证书") && e.en().contains("unknown NIST certificate"), "{e}");
        let url = format!("https://beacon.nist.gov/beacon/2.0/certificate/{next}");
        for text in [e.zh(), e.en()] {
            assert!(text.contains(&format!("certificateId {next}")) || text.contains(&format!("certificateId 为 {next}")), "{text}");
            assert!(text.contains(&url) && text.contains("docs/beacons.md"), "{text}");
        }
    }
}

#[test]
fn other_cipher_suites_are_refused() {
    let mut p = nist_valid();
    p.cipher_suite = 1;
    assert_eq!(verify_nist(&p).unwrap_err().kind(), BeaconErrorKind::UnsupportedCipherSuite);
}

#[test]
fn a_wrong_output_value_is_refused() {
    let mut p = nist_valid();
    p.output_value.replace_range(0..1, "3");
    assert_eq!(verify_nist(&p).unwrap_err().kind(), BeaconErrorKind::OutputValueMismatch);
}

#[test]
fn every_field_of_the_pulse_is_covered_by_the_signature() {
    let base = nist_valid();
    type Mutation = (&'static str, Box<dyn Fn(&mut NistPulse)>);
    let mutations: Vec<Mutation> = vec![
        ("uri", Box::new(|p| p.uri.push('x'))),
        ("version", Box::new(|p| p.version = "Version 2.1".into())),
        ("period", Box::new(|p| p.period += 1)),
        ("chainIndex", Box::new(|p| p.chain_index = 2)),
        ("timeStamp", Box::new(|p| p.time_stamp = "2018-08-30T17:45:00.000Z".into())),
        ("external.statusCode", Box::new(|p| p.external.status_code = 1)),
        ("external.value", Box::new(|p| p.external.value.replace_range(0..1, "1"))),
        ("listValues[1].value", Box::new(|p| p.list_values[1].value.replace_range(0..1, "4"))),
        ("listValues dropped", Box::new(|p| { p.list_values.pop(); })),
        ("precommitmentValue", Box::new(|p| p.precommitment_value.replace_range(0..1, "B"))),
        ("statusCode", Box::new(|p| p.status_code = 1)),
        ("signatureValue", Box::new(|p| p.signature_value.replace_range(0..1, "7"))),
    ];
    for (field, mutate) in mutations {
        let mut p = base.clone();
        mutate(&mut p);
        assert_eq!(verify_nist(&p).unwrap_err().kind(), BeaconErrorKind::NistSignatureMismatch, "{field}");
    }
}

#[test]
fn errors_speak_both_languages() {
    let e = verify_drand(&QUICKNET, 1000, &DrandRound { randomness: Some("aa".repeat(32)), ..quicknet_1000() }).unwrap_err();
    assert_eq!(e.kind(), BeaconErrorKind::RandomnessMismatch);
    assert!(e.zh().contains("随机数与签名不符"), "{}", e.zh());
    assert!(e.en().contains("randomness does not match the signature"), "{}", e.en());
    let shown = e.to_string();
    assert!(shown.contains(&e.zh()) && shown.contains(&e.en()));
    let problem: fairdraw::Problem = e.clone().into();
    assert_eq!((problem.text.zh, problem.text.en), (e.zh(), e.en()));
}
