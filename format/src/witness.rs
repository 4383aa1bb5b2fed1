//! SPEC §10.8: outside witnesses of a commitment — RFC 3161 time-stamp tokens over
//! the commitment hash, signed by a time-stamping authority (TSA) whose certificate
//! chains to a pinned root. A token proves the commitment existed at its `genTime`;
//! when that is before the beacon round, nobody can have committed after seeing the
//! randomness.

use cms::cert::x509::Certificate;
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{GeneralizedTime, ObjectIdentifier as Oid, OctetString};
use der::{Decode, Encode};
use sha2::Digest;

use crate::hashing::Hash;
use crate::problem::Text;

const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const ID_CT_TST_INFO: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.1.4");
const ID_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_CERTIFICATE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.12");
const ID_SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");
const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");
const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
const SHA384_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.12");
const SHA512_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.13");
const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");
const ECDSA_WITH_SHA384: Oid = Oid::new_unwrap("1.2.840.10045.4.3.3");
const ECDSA_WITH_SHA512: Oid = Oid::new_unwrap("1.2.840.10045.4.3.4");
const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
const EXTENDED_KEY_USAGE: Oid = Oid::new_unwrap("2.5.29.37");
const BASIC_CONSTRAINTS: Oid = Oid::new_unwrap("2.5.29.19");
const ID_KP_TIME_STAMPING: Oid = Oid::new_unwrap("1.3.6.1.5.5.7.3.8");

/// Certificate chains are at most this long: a TSA certificate, intermediates, a root.
const MAX_CHAIN: usize = 6;

/// A certificate given as PEM (between its BEGIN and END lines, base64) or as DER:
/// its DER, as `--trust-tsa` takes a root.
pub fn certificate_der(bytes: &[u8]) -> Option<Vec<u8>> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    match std::str::from_utf8(bytes).ok().and_then(|t| t.find(BEGIN).map(|at| (t, at + BEGIN.len()))) {
        Some((text, start)) => {
            let end = text[start..].find(END)? + start;
            crate::beacon::decode_base64(&text[start..end])
        }
        None => (bytes.first() == Some(&0x30)).then(|| bytes.to_vec()),
    }
}

/// The roots pinned in this build (`witness_roots/README.md` says which and why).
pub fn pinned_roots() -> Vec<Vec<u8>> {
    [
        &include_bytes!("witness_roots/DigiCert_Trusted_Root_G4.der")[..],
        &include_bytes!("witness_roots/DigiCert_Assured_ID_Root_CA.der")[..],
        &include_bytes!("witness_roots/GlobalSign_Root_CA_-_R6.der")[..],
        &include_bytes!("witness_roots/USERTrust_RSA_Certification_Authority.der")[..],
    ]
    .iter()
    .map(|r| r.to_vec())
    .collect()
}

/// A verified witness: who signed, and the latest instant its time can mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witnessed {
    /// The TSA certificate's subject, as people read it.
    pub authority: String,
    /// `genTime`, Unix seconds (rounded down).
    pub gen_time: i64,
    /// `genTime` plus the token's stated accuracy: the commitment existed by then.
    pub latest: i64,
}

fn refused(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

fn malformed(what: &str) -> Text {
    refused(format!("时间戳令牌无法解析（{what}）"), format!("the time-stamp token cannot be decoded ({what})"))
}

/// The token inside a TSA's reply (`.tsr`, a DER `TimeStampResp`), or the reply's own
/// reason it holds none. A bare token is returned as it is.
pub fn token_of_reply(bytes: &[u8]) -> Result<Vec<u8>, Text> {
    if let Ok(reply) = x509_tsp::TimeStampResp::from_der(bytes) {
        let granted = matches!(reply.status.status, cmpv2::status::PkiStatus::Accepted | cmpv2::status::PkiStatus::GrantedWithMods);
        return match (granted, reply.time_stamp_token) {
            (true, Some(token)) => token.to_der().map_err(|_| malformed("TimeStampToken")),
            _ => Err(refused("时间戳服务拒绝了请求，回复中没有令牌", "the time-stamping authority refused the request: the reply holds no token")),
        };
    }
    ContentInfo::from_der(bytes).map(|_| bytes.to_vec()).map_err(|_| malformed("TimeStampResp / ContentInfo"))
}

/// A DER `TimeStampReq` for a commitment hash: SHA-256 imprint of the 32 bytes, the
/// TSA's certificate requested, and `nonce`.
pub fn request(commitment: &Hash, nonce: u64) -> Vec<u8> {
    let request = x509_tsp::TimeStampReq {
        version: x509_tsp::TspVersion::V1,
        message_imprint: x509_tsp::MessageImprint {
            hash_algorithm: spki_sha256(),
            hashed_message: OctetString::new(commitment.to_vec()).expect("32 bytes"),
        },
        req_policy: None,
        nonce: Some(der::asn1::Int::new(&minimal_positive(nonce)).expect("an integer")),
        cert_req: true,
        extensions: None,
    };
    request.to_der().expect("a request encodes")
}

/// A positive INTEGER's DER content: no leading zero byte unless the next has its
/// high bit set.
fn minimal_positive(n: u64) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len() - 1);
    let mut out = bytes[start..].to_vec();
    if out[0] & 0x80 != 0 {
        out.insert(0, 0);
    }
    out
}

fn spki_sha256() -> cms::cert::x509::spki::AlgorithmIdentifierOwned {
    cms::cert::x509::spki::AlgorithmIdentifierOwned { oid: SHA256, parameters: None }
}

fn digest(algorithm: &Oid, data: &[u8]) -> Option<Vec<u8>> {
    Some(match *algorithm {
        SHA256 => sha2::Sha256::digest(data).to_vec(),
        SHA384 => sha2::Sha384::digest(data).to_vec(),
        SHA512 => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    })
}

/// Verifies `token` (a DER ContentInfo) as a witness of `commitment` under `roots`
/// (DER certificates): SPEC §10.8's steps, each refusal with its reason.
pub fn verify(token: &[u8], commitment: &Hash, roots: &[Vec<u8>]) -> Result<Witnessed, Text> {
    let info = ContentInfo::from_der(token).map_err(|_| malformed("ContentInfo"))?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(malformed("not SignedData"));
    }
    let signed: SignedData = info.content.decode_as().map_err(|_| malformed("SignedData"))?;
    if signed.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(malformed("not TSTInfo"));
    }
    let econtent = signed.encap_content_info.econtent.as_ref().ok_or_else(|| malformed("no TSTInfo"))?;
    let tst_bytes = econtent.decode_as::<OctetString>().map_err(|_| malformed("TSTInfo"))?;
    let tst = x509_tsp::TstInfo::from_der(tst_bytes.as_bytes()).map_err(|_| malformed("TSTInfo"))?;

    let imprint = &tst.message_imprint;
    if imprint.hash_algorithm.oid != SHA256 || imprint.hashed_message.as_bytes() != commitment {
        return Err(refused(
            "时间戳令牌见证的不是这份承诺（消息摘要不是承诺的哈希值）",
            "the time-stamp token witnesses something else: its message imprint is not the commitment hash",
        ));
    }
    let gen_time = seconds(&tst.gen_time);
    let latest = gen_time.saturating_add(accuracy_seconds(&tst));

    let certificates: Vec<&Certificate> = signed
        .certificates
        .as_ref()
        .map(|set| set.0.iter().filter_map(|c| if let CertificateChoices::Certificate(c) = c { Some(c) } else { None }).collect())
        .unwrap_or_default();
    let signer = signed.signer_infos.0.iter().next().ok_or_else(|| malformed("no signer"))?;
    // RFC 5652 §5.1: version 3 for any content but id-data, and the signer's digest
    // algorithm among those the SignedData lists. Neither is signed, so both are held
    // to their one form: a changed byte anywhere is refused.
    if signed.version != cms::content_info::CmsVersion::V3
        || signed.signer_infos.0.len() != 1
        || !signed.digest_algorithms.iter().any(|a| a.oid == signer.digest_alg.oid)
        || !signed.digest_algorithms.iter().all(plain)
        || !plain(&signer.digest_alg)
        || !plain(&signer.signature_algorithm)
        || signer.version
            != match signer.sid {
                SignerIdentifier::IssuerAndSerialNumber(_) => cms::content_info::CmsVersion::V1,
                SignerIdentifier::SubjectKeyIdentifier(_) => cms::content_info::CmsVersion::V3,
            }
    {
        return Err(malformed("SignedData"));
    }
    let signer_cert = certificates
        .iter()
        .copied()
        .find(|c| identifies(&signer.sid, c))
        .ok_or_else(|| refused("时间戳令牌没有附带签名证书", "the time-stamp token does not carry its signing certificate"))?;
    check_signed_attributes(signer, tst_bytes.as_bytes(), signer_cert)?;
    check_signature(signer, signer_cert)?;
    check_time_stamping_certificate(signer_cert)?;
    check_chain(signer_cert, &certificates, roots, gen_time)?;
    Ok(Witnessed { authority: subject_text(signer_cert), gen_time, latest })
}

/// An algorithm identifier of the hash and signature algorithms used here: no
/// parameters, or NULL (RFC 4055, RFC 5754, RFC 5758).
fn plain(alg: &cms::cert::x509::spki::AlgorithmIdentifierOwned) -> bool {
    use der::Tagged;
    alg.parameters.as_ref().is_none_or(|p| p.tag() == der::Tag::Null && p.value().is_empty())
}

fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => {
            ias.issuer == cert.tbs_certificate.issuer && ias.serial_number == cert.tbs_certificate.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => cert
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == Oid::new_unwrap("2.5.29.14"))
            .any(|e| OctetString::from_der(e.extn_value.as_bytes()).is_ok_and(|v| v.as_bytes() == ski.0.as_bytes())),
    }
}

/// Content type, message digest and the ESS binding of the signing certificate.
fn check_signed_attributes(signer: &SignerInfo, tst_der: &[u8], cert: &Certificate) -> Result<(), Text> {
    let attrs = signer.signed_attrs.as_ref().ok_or_else(|| malformed("no signed attributes"))?;
    let value = |oid: Oid| attrs.iter().find(|a| a.oid == oid).and_then(|a| a.values.iter().next());
    let content_type = value(ID_CONTENT_TYPE).and_then(|v| v.decode_as::<Oid>().ok());
    if content_type != Some(ID_CT_TST_INFO) {
        return Err(malformed("content-type attribute"));
    }
    let expected = digest(&signer.digest_alg.oid, tst_der).ok_or_else(|| malformed("digest algorithm"))?;
    let stated = value(ID_MESSAGE_DIGEST).and_then(|v| v.decode_as::<OctetString>().ok());
    if stated.as_ref().map(|s| s.as_bytes()) != Some(expected.as_slice()) {
        return Err(refused(
            "时间戳令牌被改动过：签名的摘要与令牌内容不符",
            "the time-stamp token was altered: the signed digest does not match its content",
        ));
    }
    let cert_der = cert.to_der().map_err(|_| malformed("certificate"))?;
    let bound = if let Some(v2) = value(ID_SIGNING_CERTIFICATE_V2) {
        ess_cert_hash(v2, true).is_some_and(|(alg, hash)| digest(&alg, &cert_der).is_some_and(|d| d == hash))
    } else if let Some(v1) = value(ID_SIGNING_CERTIFICATE) {
        ess_cert_hash(v1, false).is_some_and(|(_, hash)| sha1::Sha1::digest(&cert_der).as_slice() == hash.as_slice())
    } else {
        false
    };
    if !bound {
        return Err(refused(
            "时间戳令牌没有用 ESS 属性绑定它的签名证书，或绑定的不是这张证书",
            "the time-stamp token does not bind its signing certificate (ESS signing-certificate attribute)",
        ));
    }
    Ok(())
}

/// The first ESSCertID(v2)'s hash algorithm and hash (SHA-256 by default in v2).
fn ess_cert_hash(value: &der::Any, v2: bool) -> Option<(Oid, Vec<u8>)> {
    // SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), … }
    let outer: Vec<der::Any> = value.decode_as::<der::asn1::SequenceOf<der::Any, 8>>().ok()?.iter().cloned().collect();
    let certs: Vec<der::Any> = outer.first()?.decode_as::<der::asn1::SequenceOf<der::Any, 8>>().ok()?.iter().cloned().collect();
    let first: Vec<der::Any> = certs.first()?.decode_as::<der::asn1::SequenceOf<der::Any, 4>>().ok()?.iter().cloned().collect();
    if v2 {
        // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT sha256, certHash OCTET STRING, … }
        match first.first()?.decode_as::<OctetString>() {
            Ok(hash) => Some((SHA256, hash.as_bytes().to_vec())),
            Err(_) => {
                let alg = first.first()?.decode_as::<cms::cert::x509::spki::AlgorithmIdentifierOwned>().ok()?;
                let hash = first.get(1)?.decode_as::<OctetString>().ok()?;
                Some((alg.oid, hash.as_bytes().to_vec()))
            }
        }
    } else {
        let hash = first.first()?.decode_as::<OctetString>().ok()?;
        Some((SHA1, hash.as_bytes().to_vec()))
    }
}

fn check_signature(signer: &SignerInfo, cert: &Certificate) -> Result<(), Text> {
    let attrs = signer.signed_attrs.as_ref().ok_or_else(|| malformed("no signed attributes"))?;
    let signed = attrs.to_der().map_err(|_| malformed("signed attributes"))?;
    let ok = verify_signature(
        &cert.tbs_certificate.subject_public_key_info,
        &signer.signature_algorithm.oid,
        &signer.digest_alg.oid,
        &signed,
        signer.signature.as_bytes(),
    );
    if !ok {
        return Err(refused("时间戳令牌的签名无效", "the time-stamp token's signature does not verify"));
    }
    Ok(())
}

/// An RSA (PKCS #1 v1.5) or ECDSA (P-256, P-384) signature over `message`.
fn verify_signature(key: &cms::cert::x509::spki::SubjectPublicKeyInfoOwned, algorithm: &Oid, digest_alg: &Oid, message: &[u8], signature: &[u8]) -> bool {
    let hash_alg = match *algorithm {
        SHA256_WITH_RSA | ECDSA_WITH_SHA256 => SHA256,
        SHA384_WITH_RSA | ECDSA_WITH_SHA384 => SHA384,
        SHA512_WITH_RSA | ECDSA_WITH_SHA512 => SHA512,
        RSA => *digest_alg,
        _ => return false,
    };
    let Some(hashed) = digest(&hash_alg, message) else { return false };
    let Ok(key_der) = key.to_der() else { return false };
    if key.algorithm.oid == RSA {
        use rsa::pkcs8::DecodePublicKey;
        let Ok(rsa_key) = rsa::RsaPublicKey::from_public_key_der(&key_der) else { return false };
        let scheme = match hash_alg {
            SHA256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
            SHA384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
            _ => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        };
        return rsa_key.verify(scheme, &hashed, signature).is_ok();
    }
    if key.algorithm.oid != EC_PUBLIC_KEY || matches!(*algorithm, RSA | SHA256_WITH_RSA | SHA384_WITH_RSA | SHA512_WITH_RSA) {
        return false;
    }
    let curve = key.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<Oid>().ok());
    let point = key.subject_public_key.raw_bytes();
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    match curve {
        Some(P256) => {
            let (Ok(vk), Ok(sig)) = (p256::ecdsa::VerifyingKey::from_sec1_bytes(point), p256::ecdsa::Signature::from_der(signature)) else {
                return false;
            };
            vk.verify_prehash(&hashed, &sig).is_ok()
        }
        Some(P384) => {
            let (Ok(vk), Ok(sig)) = (p384::ecdsa::VerifyingKey::from_sec1_bytes(point), p384::ecdsa::Signature::from_der(signature)) else {
                return false;
            };
            vk.verify_prehash(&hashed, &sig).is_ok()
        }
        _ => false,
    }
}

/// RFC 3161 §2.3: the TSA's certificate has exactly one extended key usage,
/// id-kp-timeStamping, marked critical.
fn check_time_stamping_certificate(cert: &Certificate) -> Result<(), Text> {
    let eku = cert.tbs_certificate.extensions.iter().flatten().find(|e| e.extn_id == EXTENDED_KEY_USAGE);
    let ok = eku.is_some_and(|e| {
        e.critical
            && der::asn1::SequenceOf::<Oid, 8>::from_der(e.extn_value.as_bytes())
                .is_ok_and(|usages| usages.len() == 1 && usages.iter().any(|u| *u == ID_KP_TIME_STAMPING))
    });
    if !ok {
        return Err(refused(
            "签名证书不是时间戳专用证书（扩展密钥用途须为唯一且关键的 timeStamping）",
            "the signing certificate is not a time-stamping certificate (its extended key usage must be timeStamping alone, critical)",
        ));
    }
    Ok(())
}

/// From the signing certificate through the token's certificates to a pinned root,
/// every signature checked and every certificate valid at `gen_time`.
fn check_chain(signer: &Certificate, certificates: &[&Certificate], roots: &[Vec<u8>], gen_time: i64) -> Result<(), Text> {
    let roots: Vec<Certificate> = roots.iter().filter_map(|r| Certificate::from_der(r).ok()).collect();
    let mut current = signer.clone();
    for depth in 0..MAX_CHAIN {
        if !valid_at(&current, gen_time) {
            return Err(refused(
                format!("证书“{}”在时间戳时间不在有效期内", subject_text(&current)),
                format!("certificate “{}” was not valid at the time stamped", subject_text(&current)),
            ));
        }
        let issuer_name = &current.tbs_certificate.issuer;
        if let Some(root) = roots.iter().find(|r| &r.tbs_certificate.subject == issuer_name && signed_by(&current, r)) {
            if !valid_at(root, gen_time) {
                return Err(refused("固定的根证书在时间戳时间不在有效期内", "the pinned root was not valid at the time stamped"));
            }
            return Ok(());
        }
        if depth > 0 && roots.iter().any(|r| r == &current) {
            return Ok(());
        }
        let Some(issuer) = certificates.iter().find(|c| &c.tbs_certificate.subject == issuer_name && signed_by(&current, c) && is_ca(c)) else {
            break;
        };
        if (*issuer).clone() == current {
            break;
        }
        current = (*issuer).clone();
    }
    Err(refused(
        "时间戳服务的证书链不通向任何固定的根证书（可用 --trust-tsa 为本次核验加入根证书）",
        "the time-stamping authority's certificate does not chain to a pinned root (--trust-tsa adds a root for one run)",
    ))
}

fn signed_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if !plain(&cert.signature_algorithm) || cert.signature_algorithm != cert.tbs_certificate.signature {
        return false;
    }
    let Ok(tbs) = cert.tbs_certificate.to_der() else { return false };
    let Some(signature) = cert.signature.as_bytes() else { return false };
    verify_signature(&issuer.tbs_certificate.subject_public_key_info, &cert.signature_algorithm.oid, &SHA256, &tbs, signature)
}

fn is_ca(cert: &Certificate) -> bool {
    cert.tbs_certificate.extensions.iter().flatten().filter(|e| e.extn_id == BASIC_CONSTRAINTS).any(|e| {
        cms::cert::x509::ext::pkix::BasicConstraints::from_der(e.extn_value.as_bytes()).is_ok_and(|b| b.ca)
    })
}

fn valid_at(cert: &Certificate, at: i64) -> bool {
    let validity = &cert.tbs_certificate.validity;
    let from = validity.not_before.to_unix_duration().as_secs() as i64;
    let to = validity.not_after.to_unix_duration().as_secs() as i64;
    from <= at && at <= to
}

fn seconds(t: &GeneralizedTime) -> i64 {
    t.to_unix_duration().as_secs() as i64
}

/// The token's accuracy, rounded up to whole seconds; none stated counts as one
/// second (GeneralizedTime's own resolution).
fn accuracy_seconds(tst: &x509_tsp::TstInfo) -> i64 {
    let Some(a) = &tst.accuracy else { return 1 };
    let whole = a.seconds.map_or(0, |s| i64::try_from(s).unwrap_or(i64::MAX));
    let fraction = a.millis.unwrap_or(0) != 0 || a.micros.unwrap_or(0) != 0;
    whole.saturating_add(i64::from(fraction)).max(1)
}

/// The subject as people read it: its common name and organisation, or the whole name.
fn subject_text(cert: &Certificate) -> String {
    cert.tbs_certificate.subject.to_string()
}
