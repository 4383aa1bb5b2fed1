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
