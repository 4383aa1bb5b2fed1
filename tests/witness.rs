//! RFC 3161 witnesses (SPEC §10.8) against a real time-stamping authority made with
//! openssl in the test itself: a root, a TSA certificate for time stamping only, and
//! `openssl ts -reply` answering a request for a commitment hash.

use std::path::{Path, PathBuf};
use std::process::Command;

use fairdraw::witness;

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("openssl is needed for the test TSA ({e}); install it (apt-get install openssl)"));
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A throwaway TSA in `name`: its root (DER) and a function that stamps a hash.
struct TestTsa {
    dir: PathBuf,
    root_der: Vec<u8>,
}

const CONFIG: &str = "[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\nserial = ./serial\ncrypto_device = builtin\n\
signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\nordering = yes\ntsa_name = no\n\
ess_cert_id_chain = no\nESS_ALG\n";

impl TestTsa {
    /// `key` is `rsa` or `ec`; `ess` the ESS certificate-ID hash (`sha1` gives the
    /// version 1 attribute, `sha256` version 2); `eku` the TSA certificate's extensions.
    fn new(name: &str, key: &str, ess: &str, eku: &str) -> TestTsa {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("tsa.cnf"), CONFIG.replace("ESS_ALG", &format!("ess_cert_id_alg = {ess}"))).unwrap();
        std::fs::write(dir.join("serial"), "01\n").unwrap();
        std::fs::write(dir.join("ext.cnf"), format!("{eku}\nbasicConstraints=CA:false\n")).unwrap();
        let subj = format!("/CN={name} root");
        openssl(&dir, &["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.crt", "-days", "2", "-subj", &subj]);
        openssl(&dir, &["x509", "-in", "root.crt", "-outform", "DER", "-out", "root.der"]);
        match key {
            "ec" => openssl(&dir, &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "tsa.key"]),
            _ => openssl(&dir, &["genrsa", "-out", "tsa.key", "2048"]),
        }
        openssl(&dir, &["req", "-new", "-key", "tsa.key", "-out", "tsa.csr", "-subj", &format!("/CN={name} TSA/O=fairdraw tests")]);
        openssl(&dir, &["x509", "-req", "-in", "tsa.csr", "-CA", "root.crt", "-CAkey", "root.key", "-CAcreateserial", "-out", "tsa.crt", "-days", "1", "-extfile", "ext.cnf"]);
        let root_der = std::fs::read(dir.join("root.der")).unwrap();
        TestTsa { dir, root_der }
    }

    /// The TSA's reply (`.tsr`) for a commitment hash.
    fn stamp(&self, hash: &[u8; 32]) -> Vec<u8> {
        let request = witness::request(hash, 7);
        std::fs::write(self.dir.join("req.tsq"), request).unwrap();
        openssl(&self.dir, &["ts", "-reply", "-queryfile", "req.tsq", "-config", "tsa.cnf", "-inkey", "tsa.key", "-signer", "tsa.crt", "-out", "reply.tsr"]);
        std::fs::read(self.dir.join("reply.tsr")).unwrap()
    }
}

const EKU: &str = "extendedKeyUsage=critical,timeStamping";

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[test]
fn a_token_from_a_test_tsa_witnesses_its_commitment() {
    let commitment = [0xab; 32];
    for (name, key, ess) in [("tsa-ec-v2", "ec", "sha256"), ("tsa-rsa-v1", "rsa", "sha1")] {
        let tsa = TestTsa::new(name, key, ess, EKU);
        let token = witness::token_of_reply(&tsa.stamp(&commitment)).unwrap();
        let w = witness::verify(&token, &commitment, &[tsa.root_der.clone()]).unwrap_or_else(|e| panic!("{name}: {}", e.en));
        assert!((w.gen_time - now()).abs() < 120, "{name}: genTime is now");
        assert_eq!(w.latest, w.gen_time + 1, "{name}: accuracy of a second");
        assert!(w.authority.contains(&format!("{name} TSA")), "{}", w.authority);
    }
}

#[test]
fn a_token_is_refused_with_its_reason() {
    let commitment = [0xab; 32];
    let tsa = TestTsa::new("tsa-refusals", "ec", "sha256", EKU);
    let token = witness::token_of_reply(&tsa.stamp(&commitment)).unwrap();
    let roots = [tsa.root_der.clone()];

    // Over another hash.
    let e = witness::verify(&token, &[0xcd; 32], &roots).unwrap_err();
    assert!(e.en.contains("message imprint"), "{}", e.en);
    // From a root nobody pinned.
    let other = TestTsa::new("tsa-other-root", "ec", "sha256", EKU);
    let e = witness::verify(&token, &commitment, &[other.root_der.clone()]).unwrap_err();
    assert!(e.en.contains("pinned root"), "{}", e.en);
    let e = witness::verify(&token, &commitment, &[]).unwrap_err();
    assert!(e.en.contains("pinned root"), "{}", e.en);
    // Tampered: every single byte changed in turn is refused or unreadable, never accepted.
    for at in 0..token.len() {
        let mut forged = token.clone();
        forged[at] ^= 0x01;
        assert!(witness::verify(&forged, &commitment, &roots).is_err(), "byte {at} changed and still accepted");
    }
    // Garbage never panics.
    for bytes in [&b""[..], b"\x30\x03\x02\x01\x01", b"not der at all"] {
        assert!(witness::token_of_reply(bytes).is_err());
        assert!(witness::verify(bytes, &commitment, &roots).is_err());
    }
}

mod common;

/// A commitment to a round years ahead, witnessed now: the verdict is unconditional
/// and names the authority. The same token on a commitment to a past round witnesses
/// nothing, and the report says why.
#[test]
fn a_witness_before_the_round_makes_the_verdict_unconditional() {
    use fairdraw::verify::{Report, Verdict};
    let tsa = TestTsa::new("tsa-verdict", "ec", "sha256", EKU);
    let chain = fairdraw::beacon::chain_by_name("quicknet").unwrap();
    let inputs = common::demo_inputs2(100, 20);
    let future = chain.round_at_or_after(now() + 10 * 365 * 86_400);
    let opts = |round: u64, committed_at: i64, rehearsal: bool| fairdraw::protocol::CommitOptions {
        sequence: 1,
        previous: String::new(),
        committed_at,
        rehearsal,
        chain,
        round,
    };
    let (ahead, _) = fairdraw::protocol::commit(&inputs, &opts(future, now(), false)).unwrap();
    let (past, _) = fairdraw::protocol::commit(&inputs, &opts(1000, chain.round_time(1000) - 3600, false)).unwrap();

    let token_for = |c: &fairdraw::protocol::Commitment| {
        let hash = fairdraw::hashing::unhex32(&c.commitment).unwrap();
        fairdraw::hashing::hex(&witness::token_of_reply(&tsa.stamp(&hash)).unwrap())
    };
    let passing = |c: &fairdraw::protocol::Commitment| -> Report {
        let mut r = fairdraw::verify::verify_json(&common_public_json());
        r.verdict = Verdict::Valid;
        r.condition = Some(fairdraw::verify::publication_condition(c));
        r
    };

    let mut report = passing(&ahead);
    fairdraw::v2::verify::attach_witnesses(&mut report, &ahead, &[token_for(&ahead)], &[tsa.root_der.clone()]);
    assert!(report.witnessed, "{:?}", report.checks);
    assert_eq!(report.condition, None, "a witnessed verdict has no condition");
    assert!(report.witnesses[0].authority.contains("tsa-verdict TSA"), "{:?}", report.witnesses);

    // Not pinned: the same token witnesses nothing without --trust-tsa.
    let mut report = passing(&ahead);
    fairdraw::v2::verify::attach_witnesses(&mut report, &ahead, &[token_for(&ahead)], &[]);
    assert!(!report.witnessed && report.condition.is_some());
    let timing = report.checks.iter().find(|c| c.id == fairdraw::verify::CheckId::Timing).unwrap();
    assert!(timing.details.iter().any(|d| d.en.contains("pinned root")), "{:?}", timing.details);

    // Timed after its round (2023's round 1000): says so, witnesses nothing.
    let mut report = passing(&past);
    fairdraw::v2::verify::attach_witnesses(&mut report, &past, &[token_for(&past)], &[tsa.root_der.clone()]);
    assert!(!report.witnessed);
    let timing = report.checks.iter().find(|c| c.id == fairdraw::verify::CheckId::Timing).unwrap();
    assert!(timing.details.iter().any(|d| d.en.contains("not before the beacon round")), "{:?}", timing.details);

    // A token over another commitment is refused with its reason.
    let mut report = passing(&ahead);
    fairdraw::v2::verify::attach_witnesses(&mut report, &ahead, &[token_for(&past)], &[tsa.root_der.clone()]);
    assert!(!report.witnessed);
}

fn common_public_json() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/spec/format2-public-small.json")).unwrap()
}

/// The command line: request, a reply from the test TSA, `witness add` with
/// `--trust-tsa`, the draw carries the token, `verify --json` lists it and says why it
/// witnesses nothing here (round 1000 was emitted in 2023).
#[test]
fn witnesses_travel_from_the_commitment_folder_into_the_documents() {
    let tsa = TestTsa::new("tsa-cli", "rsa", "sha256", EKU);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("witness-cli");
    let _ = std::fs::remove_dir_all(&dir);
    let bin = env!("CARGO_BIN_EXE_fairdraw");
    let run = |args: &[&str]| Command::new(bin).args(args).output().unwrap();
    let text = |o: &std::process::Output| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let d = dir.to_str().unwrap();
    assert!(run(&["demo", "--out", d, "--enterprises", "100", "--inspectors", "20"]).status.success());
    let at = |f: &str| dir.join(f).to_str().unwrap().to_string();
    let committed = run(&[
        "commit", "--plan", &at("plan.json"), "--enterprises", &at("enterprises.csv"), "--inspectors", &at("inspectors.csv"),
        "--items", &at("checklist.csv"), "--history", &at("history.csv"), "--beacon", "quicknet:1000", "--rehearsal", "--out", &at("commit"),
    ]);
    assert!(committed.status.success(), "{}", text(&committed));
    let commitment = at("commit/commitment.json");
    let requested = run(&["witness", "request", &commitment, "--out", &at("req.tsq")]);
    assert!(requested.status.success(), "{}", text(&requested));
    std::fs::copy(dir.join("req.tsq"), tsa.dir.join("req.tsq")).unwrap();
    openssl(&tsa.dir, &["ts", "-reply", "-queryfile", "req.tsq", "-config", "tsa.cnf", "-inkey", "tsa.key", "-signer", "tsa.crt", "-out", "reply.tsr"]);
    let reply = tsa.dir.join("reply.tsr");
    let root_pem = tsa.dir.join("root.crt");

    let unpinned = run(&["witness", "add", &commitment, reply.to_str().unwrap()]);
    assert_eq!(unpinned.status.code(), Some(1), "{}", text(&unpinned));
    assert!(text(&unpinned).contains("pinned root"), "{}", text(&unpinned));
    let added = run(&["witness", "add", &commitment, reply.to_str().unwrap(), "--trust-tsa", root_pem.to_str().unwrap()]);
    assert!(added.status.success(), "{}", text(&added));
    assert!(text(&added).contains("not before the beacon round"), "{}", text(&added));

    let round = at("round.json");
    std::fs::write(&round, serde_json::to_vec(&common::quicknet_round_1000()).unwrap()).unwrap();
    assert!(run(&["draw", &at("commit"), "--beacon-file", &round, "--out", &at("auditor.json")]).status.success());
    assert!(run(&["public", &at("auditor.json"), "--out", &at("public.json")]).status.success());
    let public: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("public.json")).unwrap()).unwrap();
    assert_eq!(public["witnesses"].as_array().unwrap().len(), 1, "the token travels into the public document");
    let verified = run(&["verify", &at("public.json"), "--json", "--trust-tsa", root_pem.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert_eq!(report["witnessed"], false);
    assert!(report.to_string().contains("not before the beacon round"), "{report}");
}
