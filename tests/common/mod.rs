//! Fixtures shared by the integration tests: small demo inputs committed to a real,
//! recorded drand quicknet round (tests/vectors/beacons/drand-rounds.json).
#![allow(dead_code)]

use fairdraw::beacon::{self, DrandRound};
use fairdraw::demo;
use fairdraw::protocol::{self, Bundle, CommitOptions, Commitment, Inputs};

/// quicknet round 1000, as recorded in the vectors (a real round).
pub fn quicknet_round_1000() -> DrandRound {
    demo::quicknet_round_1000()
}

/// quicknet round 123, a second real round.
pub fn quicknet_round_123() -> DrandRound {
    DrandRound {
        round: 123,
        signature: "b75c69d0b72a5d906e854e808ba7e2accb1542ac355ae486d591aa9d43765482e26cd02df835d3546d23c4b13e0dfc92".into(),
        previous_signature: None,
        randomness: None,
    }
}

pub fn demo_inputs(enterprises: usize, inspectors: usize) -> Inputs {
    demo::demo_inputs(enterprises, inspectors).into_inputs("00112233445566778899aabbccddeeff")
}

/// Commits `inputs` to quicknet round 1000. `lead` seconds before the round's
/// emission is the stated commitment time (negative: after it).
pub fn commit_to_round_1000(inputs: &Inputs, lead: i64, rehearsal: bool) -> Commitment {
    let chain = beacon::chain_by_name("quicknet").unwrap();
    let opts = CommitOptions {
        sequence: 1,
        previous: String::new(),
        committed_at: chain.round_time(1000) - lead,
        rehearsal,
        chain,
        round: 1000,
    };
    match protocol::commit(inputs, &opts) {
        Ok((c, _)) => c,
        Err(p) => panic!("the demo plan must be feasible:\n{p}"),
    }
}

pub fn demo_bundle(rehearsal: bool) -> Bundle {
    let inputs = demo_inputs(400, 40);
    let commitment = commit_to_round_1000(&inputs, 3600, rehearsal);
    protocol::draw_bundle(inputs, commitment, quicknet_round_1000()).unwrap()
}

pub const SECRET: &str = "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2e75ec2";

pub fn demo_inputs2(enterprises: usize, inspectors: usize) -> Inputs {
    demo::demo_inputs(enterprises, inspectors).into_inputs2("00112233445566778899aabbccddeeff", SECRET)
}

/// A format 2 draw of the demo inputs: the auditor document.
pub fn demo_auditor(enterprises: usize, inspectors: usize, rehearsal: bool) -> fairdraw::v2::Auditor {
    auditor_of(demo_inputs2(enterprises, inspectors), rehearsal)
}

/// A format 2 draw of `inputs` committed to quicknet round 1000 an hour before it.
pub fn auditor_of(inputs: Inputs, rehearsal: bool) -> fairdraw::v2::Auditor {
    let commitment = commit_to_round_1000(&inputs, 3600, rehearsal);
    let evidence = protocol::BeaconEvidence { drand: quicknet_round_1000(), nist_pulse: None };
    match fairdraw::v2::draw_auditor(inputs, commitment, evidence) {
        Ok(a) => a,
        Err(p) => panic!("the demo draw must succeed:\n{p}"),
    }
}
