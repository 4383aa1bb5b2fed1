//! SPEC §10.9: timelock — bytes encrypted to a future round of drand's quicknet chain,
//! which anyone can decrypt once that round's signature exists and nobody (the
//! organiser included) before.
//!
//! The envelope is drand's own: an age v1 file (C2SP age) whose one recipient stanza
//! is `tlock ROUND CHAINHASH`, with the file key encrypted by the Boneh–Franklin
//! identity-based scheme drand's `tle`, tlock-js and timevault use (identity =
//! SHA-256 of the round as 8 big-endian bytes, private key = the round's signature),
//! ASCII-armored. So a sealed list made here opens in those tools, and theirs here.
//!
//! Nothing here is trusted from the envelope: every length, encoding, point and tag
//! is checked, and a wrong or tampered envelope is an error, never a panic. The
//! signature that opens an envelope must have been verified as the round's (see
//! [`crate::beacon::verify_drand`]) before it is given to [`Envelope::open`].

use ark_ec::pairing::Pairing;
#[cfg(test)]
use ark_ec::AffineRepr;
use ark_ff::PrimeField;
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use bls12_381::hash_to_curve::{ExpandMsgXmd, HashToCurve};
use bls12_381::{G1Affine, G1Projective, G2Affine, Scalar};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::ChaCha20Poly1305;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::beacon::{QUICKNET, QUICKNET_PUBLIC_KEY};
use crate::problem::Text;

/// How much randomness [`lock`] takes: the IBE's σ, the age file key and the payload nonce.
pub const RANDOMNESS_LEN: usize = 48;

const ARMOR_BEGIN: &str = "-----BEGIN AGE ENCRYPTED FILE-----";
const ARMOR_END: &str = "-----END AGE ENCRYPTED FILE-----";
const AGE_VERSION_LINE: &[u8] = b"age-encryption.org/v1\n";
const STANZA_TAG: &str = "tlock";
const CHUNK: usize = 64 * 1024;
const TAG_LEN: usize = 16;
const G2_COMPRESSED: usize = 96;
const G1_COMPRESSED: usize = 48;
/// U (a G2 point), V (σ masked) and W (the file key masked).
const STANZA_BODY_LEN: usize = G2_COMPRESSED + 16 + 16;

/// Why an envelope was refused. The text is looked up only when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimelockError {
    /// Not between `-----BEGIN AGE ENCRYPTED FILE-----` and its END line, or not
    /// canonical base64 in 64-column lines there.
    Armor,
    /// The age header is malformed; names what.
    Header(&'static str),
    /// No `tlock` stanza, or more than one.
    Stanzas(usize),
    /// A `tlock` stanza for another chain than quicknet.
    Chain(String),
    /// The round in the stanza is not one fairdraw can name.
    Round(String),
    /// The stanza's point U is not a point of G2's prime-order subgroup.
    Point,
    /// The signature given to open it is not a G1 point.
    Signature,
    /// The signature does not open the stanza: it is not the round's, or the stanza
    /// was altered (drand's `rP` check).
    Key,
    /// The header's MAC does not verify under the file key: the header was altered.
    HeaderMac,
    /// A payload chunk fails authentication, is missing or is followed by more.
    Payload(&'static str),
    /// A round that cannot be locked to (zero or beyond fairdraw's bound on rounds).
    LockRound(u64),
}

impl TimelockError {
    pub fn text(&self) -> Text {
        match self {
            TimelockError::Armor => Text::new(
                "时间锁密文格式不对：应为 “-----BEGIN AGE ENCRYPTED FILE-----” 与 END 行之间、每行 64 个字符的 base64",
                "the timelock ciphertext is malformed: it must be base64 in lines of 64 characters between “-----BEGIN AGE ENCRYPTED FILE-----” and its END line",
            ),
            TimelockError::Header(what) => Text::new(
                format!("时间锁密文的 age 文件头格式不对（{what}）"),
                format!("the timelock ciphertext's age header is malformed ({what})"),
            ),
            TimelockError::Stanzas(n) => Text::new(
                format!("时间锁密文应有且只有一个 tlock 接收方，这里有 {n} 个"),
                format!("a timelock ciphertext has exactly one tlock recipient; this one has {n}"),
            ),
            TimelockError::Chain(hash) => Text::new(
                format!("时间锁指向另一条 drand 链 {hash}：只能锁定到 quicknet（{}）", QUICKNET.chain_hash_hex()),
                format!("the timelock is to another drand chain, {hash}: only quicknet ({}) can be used", QUICKNET.chain_hash_hex()),
            ),
            TimelockError::Round(r) => Text::new(
                format!("时间锁的轮次“{r}”不是有效轮次"),
                format!("the timelock's round “{r}” is not a valid round"),
            ),
            TimelockError::Point => Text::new(
                "时间锁密文中的椭圆曲线点无效（被改动过）",
                "the timelock ciphertext holds an invalid curve point (it was altered)",
            ),
            TimelockError::Signature => Text::new(
                "用于开启时间锁的签名不是有效的 G1 点",
                "the signature given to open the timelock is not a valid G1 point",
            ),
            TimelockError::Key => Text::new(
                "这一轮的签名打不开这个时间锁：不是它锁定的轮次，或密文被改动过",
                "this round's signature does not open the timelock: it is not the round it was locked to, or the ciphertext was altered",
            ),
            TimelockError::HeaderMac => Text::new(
                "时间锁密文的文件头校验失败：文件头被改动过",
                "the timelock ciphertext's header does not authenticate: the header was altered",
            ),
            TimelockError::Payload(what) => Text::new(
                format!("时间锁密文的内容校验失败（{what}）：密文被改动或截断"),
                format!("the timelock ciphertext's content does not authenticate ({what}): it was altered or cut"),
            ),
            TimelockError::LockRound(r) => Text::new(
                format!("不能锁定到第 {r} 轮：quicknet 的轮次为 1 至 {}", QUICKNET.last_round()),
                format!("cannot lock to round {r}: quicknet rounds run from 1 to {}", QUICKNET.last_round()),
            ),
        }
    }
}

/// A parsed envelope, not yet opened: what anyone can check before the round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub round: u64,
    /// Always quicknet's: any other chain is refused when parsing.
    pub chain_hash: [u8; 32],
    body: [u8; STANZA_BODY_LEN],
    /// The header up to and including `---`, which the MAC covers.
    mac_input: Vec<u8>,
    mac: [u8; 32],
    payload: Vec<u8>,
}

/// Encrypts `plaintext` to quicknet round `round`; `randomness` must be fresh and
/// secret (48 bytes from the operating system). Returns the armored age file.
pub fn lock(plaintext: &[u8], round: u64, randomness: &[u8; RANDOMNESS_LEN]) -> Result<String, TimelockError> {
    if !QUICKNET.round_in_bounds(round) {
        return Err(TimelockError::LockRound(round));
    }
    let (sigma, rest) = randomness.split_at(16);
    let (file_key, nonce) = rest.split_at(16);
    let sigma: [u8; 16] = sigma.try_into().map_err(|_| TimelockError::LockRound(round))?;
    let file_key: [u8; 16] = file_key.try_into().map_err(|_| TimelockError::LockRound(round))?;
    let body = ibe_encrypt(round, &sigma, &file_key)?;

    let mut header = Vec::new();
    header.extend_from_slice(AGE_VERSION_LINE);
    header.extend_from_slice(format!("-> {STANZA_TAG} {round} {}\n", QUICKNET.chain_hash_hex()).as_bytes());
    let encoded = base64_encode(&body, false);
    let mut body_lines = lines_of_64(&encoded);
    if encoded.len() % 64 == 0 {
        body_lines.push(""); // age ends a stanza body with a line shorter than 64 columns
    }
    for line in body_lines {
        header.extend_from_slice(line.as_bytes());
        header.push(b'\n');
    }
    header.extend_from_slice(b"---");
    let mac: [u8; 32] = header_hmac(&file_key, &header).finalize().into_bytes().into();
    header.push(b' ');
    header.extend_from_slice(base64_encode(&mac, false).as_bytes());
    header.push(b'\n');

    let mut file = header;
    file.extend_from_slice(nonce);
    file.extend_from_slice(&encrypt_payload(&file_key, nonce, plaintext));

    Ok(armor(&file))
}

/// An age file in age's ASCII armor: padded base64 in lines of 64 columns.
pub fn armor(file: &[u8]) -> String {
    let mut armored = String::with_capacity(file.len() * 4 / 3 + 100);
    armored.push_str(ARMOR_BEGIN);
    armored.push('\n');
    for line in lines_of_64(&base64_encode(file, true)) {
        armored.push_str(line);
        armored.push('\n');
    }
    armored.push_str(ARMOR_END);
    armored.push('\n');
    armored
}

impl Envelope {
    /// Reads an armored age file holding one quicknet `tlock` stanza.
    pub fn parse(armored: &str) -> Result<Envelope, TimelockError> {
        Envelope::parse_binary(&dearmor(armored)?)
    }

    /// Reads an age file without armor (as `tle` writes without `-a`).
    pub fn parse_binary(file: &[u8]) -> Result<Envelope, TimelockError> {
        parse_age(file)
    }

    /// Decrypts with the round's signature (48 bytes, verified as the round's by the
    /// caller). Checks the stanza, the header MAC and every payload chunk.
    pub fn open(&self, signature: &[u8]) -> Result<Vec<u8>, TimelockError> {
        let file_key = ibe_decrypt(&self.body, signature)?;
        header_hmac(&file_key, &self.mac_input).verify_slice(&self.mac).map_err(|_| TimelockError::HeaderMac)?;
        decrypt_payload(&file_key, &self.payload)
    }
}

/// SHA-256 of the round as 8 big-endian bytes: the identity a round's signature is the
/// private key of (it is also the message quicknet signs).
fn identity(round: u64) -> [u8; 32] {
    Sha256::digest(round.to_be_bytes()).into()
}

fn ibe_encrypt(round: u64, sigma: &[u8; 16], message: &[u8; 16]) -> Result<[u8; STANZA_BODY_LEN], TimelockError> {
    let hashed = <G1Projective as HashToCurve<ExpandMsgXmd<Sha256>>>::hash_to_curve(
        [&identity(round)[..]],
        crate::beacon::DST_G1,
    );
    let q_id = ark_g1(&G1Affine::from(hashed).to_compressed()).ok_or(TimelockError::LockRound(round))?;
    let master = ark_g2(&QUICKNET_PUBLIC_KEY).ok_or(TimelockError::LockRound(round))?;
    let r = h3(sigma, message).ok_or(TimelockError::LockRound(round))?;
    let u = G2Affine::from(G2Affine::generator() * r).to_compressed();
    let g_id = ark_bls12_381::Bls12_381::pairing(q_id, master);
    let r_g_id = g_id * ark_bls12_381::Fr::from_le_bytes_mod_order(&r.to_bytes());
    let v = xor16(sigma, &h2(&r_g_id));
    let w = xor16(message, &h4(sigma));
    let mut body = [0u8; STANZA_BODY_LEN];
    body[..G2_COMPRESSED].copy_from_slice(&u);
    body[G2_COMPRESSED..G2_COMPRESSED + 16].copy_from_slice(&v);
    body[G2_COMPRESSED + 16..].copy_from_slice(&w);
    Ok(body)
}

fn ibe_decrypt(body: &[u8; STANZA_BODY_LEN], signature: &[u8]) -> Result<[u8; 16], TimelockError> {
    let u_bytes = &body[..G2_COMPRESSED];
    let u = ark_g2(u_bytes).ok_or(TimelockError::Point)?;
    if signature.len() != G1_COMPRESSED {
        return Err(TimelockError::Signature);
    }
    let private = ark_g1(signature).ok_or(TimelockError::Signature)?;
    let r_g_id = ark_bls12_381::Bls12_381::pairing(private, u);
    let v: [u8; 16] = body[G2_COMPRESSED..G2_COMPRESSED + 16].try_into().map_err(|_| TimelockError::Point)?;
    let w: [u8; 16] = body[G2_COMPRESSED + 16..].try_into().map_err(|_| TimelockError::Point)?;
    let sigma = xor16(&v, &h2(&r_g_id));
    let message = xor16(&w, &h4(&sigma));
    // The Fujisaki–Okamoto check: U must be r·P for the r that σ and the message give;
    // otherwise the key is not the round's or the stanza was altered.
    let r = h3(&sigma, &message).ok_or(TimelockError::Key)?;
    if G2Affine::from(G2Affine::generator() * r).to_compressed()[..] != *u_bytes {
        return Err(TimelockError::Key);
    }
    Ok(message)
}

fn ark_g1(bytes: &[u8]) -> Option<ark_bls12_381::G1Affine> {
    ark_bls12_381::G1Affine::deserialize_compressed(bytes).ok()
}

fn ark_g2(bytes: &[u8]) -> Option<ark_bls12_381::G2Affine> {
    ark_bls12_381::G2Affine::deserialize_compressed(bytes).ok()
}

/// H2: SHA-256("IBE-H2" ‖ the pairing value as drand's Go code marshals it), first 16
/// bytes. That marshalling is the twelve base-field coefficients big-endian, highest
/// first: exactly arkworks' little-endian serialisation reversed.
fn h2(gt: &ark_ec::pairing::PairingOutput<ark_bls12_381::Bls12_381>) -> [u8; 16] {
    let mut bytes = Vec::with_capacity(576);
    // Writing into a Vec cannot fail.
    let _ = gt.serialize_compressed(&mut bytes);
    bytes.reverse();
    first16(&Sha256::new().chain_update(b"IBE-H2").chain_update(&bytes).finalize())
}

/// H3: the scalar r, by rejection sampling as drand does: with
/// h = SHA-256("IBE-H3" ‖ σ ‖ message), the first i = 1, 2, … for which
/// SHA-256(i as 2 little-endian bytes ‖ h), its first byte shifted right by one, read
/// big-endian, is below the group order.
fn h3(sigma: &[u8; 16], message: &[u8; 16]) -> Option<Scalar> {
    let h = Sha256::new().chain_update(b"IBE-H3").chain_update(sigma).chain_update(message).finalize();
    (1..u16::MAX).find_map(|i| {
        let mut candidate: [u8; 32] =
            Sha256::new().chain_update(i.to_le_bytes()).chain_update(h).finalize().into();
        candidate[0] >>= 1;
        candidate.reverse();
        Option::from(Scalar::from_bytes(&candidate))
    })
}

/// H4: SHA-256("IBE-H4" ‖ σ), first 16 bytes.
fn h4(sigma: &[u8; 16]) -> [u8; 16] {
    first16(&Sha256::new().chain_update(b"IBE-H4").chain_update(sigma).finalize())
}

fn first16(h: &[u8]) -> [u8; 16] {
    let mut out = [0u8; 16];
    out.copy_from_slice(&h[..16]);
    out
}

fn xor16(a: &[u8; 16], b: &[u8; 16]) -> [u8; 16] {
    std::array::from_fn(|i| a[i] ^ b[i])
}

fn hkdf(ikm: &[u8], salt: &[u8], info: &[u8]) -> [u8; 32] {
    let mut okm = [0u8; 32];
    // 32 bytes is far below HKDF-SHA-256's limit of 8160.
    let _ = hkdf::Hkdf::<Sha256>::new(Some(salt), ikm).expand(info, &mut okm);
    okm
}

/// The header's HMAC-SHA-256 under the key age derives from the file key, fed with
/// the header up to and including `---`: written by [`lock`], verified by
/// [`Envelope::open`].
fn header_hmac(file_key: &[u8; 16], header: &[u8]) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&hkdf(file_key, b"", b"header")).expect("HMAC takes a key of any length");
    mac.update(header);
    mac
}

/// age's STREAM nonce: an 11-byte big-endian chunk counter and the last-chunk flag.
fn stream_nonce(counter: u64, last: bool) -> [u8; 12] {
    let mut nonce = [0u8; 12];
    nonce[3..11].copy_from_slice(&counter.to_be_bytes());
    nonce[11] = last as u8;
    nonce
}

fn encrypt_payload(file_key: &[u8; 16], nonce: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let cipher = ChaCha20Poly1305::new(&hkdf(file_key, nonce, b"payload").into());
    let chunks: Vec<&[u8]> = if plaintext.is_empty() { vec![&[][..]] } else { plaintext.chunks(CHUNK).collect() };
    let mut out = Vec::with_capacity(plaintext.len() + chunks.len() * TAG_LEN);
    for (i, chunk) in chunks.iter().enumerate() {
        let n = stream_nonce(i as u64, i + 1 == chunks.len());
        // ChaCha20-Poly1305 fails only beyond 256 GiB per chunk; a chunk is 64 KiB.
        if let Ok(sealed) = cipher.encrypt(&n.into(), Payload { msg: chunk, aad: b"" }) {
            out.extend_from_slice(&sealed);
        }
    }
    out
}

fn decrypt_payload(file_key: &[u8; 16], payload: &[u8]) -> Result<Vec<u8>, TimelockError> {
    if payload.len() < 16 {
        return Err(TimelockError::Payload("no nonce"));
    }
    let (nonce, mut rest) = payload.split_at(16);
    let cipher = ChaCha20Poly1305::new(&hkdf(file_key, nonce, b"payload").into());
    let mut out = Vec::with_capacity(rest.len());
    let mut counter = 0u64;
    loop {
        let last = rest.len() <= CHUNK + TAG_LEN;
        let (chunk, next) = rest.split_at(rest.len().min(CHUNK + TAG_LEN));
        if chunk.len() < TAG_LEN {
            return Err(TimelockError::Payload("truncated chunk"));
        }
        let plain = cipher
            .decrypt(&stream_nonce(counter, last).into(), Payload { msg: chunk, aad: b"" })
            .map_err(|_| TimelockError::Payload("chunk"))?;
        if last && plain.is_empty() && counter > 0 {
            return Err(TimelockError::Payload("empty final chunk"));
        }
        out.extend_from_slice(&plain);
        if last {
            return Ok(out);
        }
        rest = next;
        counter += 1;
    }
}

fn parse_age(file: &[u8]) -> Result<Envelope, TimelockError> {
    let rest = file.strip_prefix(AGE_VERSION_LINE).ok_or(TimelockError::Header("version line"))?;
    let mut lines = Lines { rest, consumed: AGE_VERSION_LINE.len() };
    let mut tlock: Vec<(u64, [u8; 32], [u8; STANZA_BODY_LEN])> = Vec::new();
    let mut stanzas = 0usize;
    loop {
        let line = lines.next().ok_or(TimelockError::Header("no MAC line"))?;
        if let Some(mac) = line.strip_prefix(b"--- ") {
            let mac_end = lines.consumed - 1 - mac.len() - 1; // before " MAC\n"
            let mac: [u8; 32] = base64_decode(mac, false)
                .and_then(|m| m.try_into().ok())
                .ok_or(TimelockError::Header("MAC"))?;
            if tlock.len() != 1 {
                return Err(TimelockError::Stanzas(tlock.len()));
            }
            let (round, chain_hash, body) = tlock.remove(0);
            return Ok(Envelope {
                round,
                chain_hash,
                body,
                mac_input: file[..mac_end].to_vec(),
                mac,
                payload: lines.rest.to_vec(),
            });
        }
        let args = line.strip_prefix(b"-> ").ok_or(TimelockError::Header("stanza line"))?;
        let args: Vec<&[u8]> = args.split(|&b| b == b' ').collect();
        if args.iter().any(|a| a.is_empty() || a.iter().any(|&c| !(33..=126).contains(&c))) {
            return Err(TimelockError::Header("stanza arguments"));
        }
        let body = stanza_body(&mut lines)?;
        stanzas += 1;
        if stanzas > 20 {
            return Err(TimelockError::Header("too many stanzas"));
        }
        if args[0] != STANZA_TAG.as_bytes() {
            continue; // another recipient type: not ours to open (age ignores it too)
        }
        tlock.push(tlock_stanza(&args[1..], &body)?);
    }
}

fn tlock_stanza(args: &[&[u8]], body: &[u8]) -> Result<(u64, [u8; 32], [u8; STANZA_BODY_LEN]), TimelockError> {
    let [round, chain] = args else {
        return Err(TimelockError::Header("tlock stanza arguments"));
    };
    let round_text = String::from_utf8_lossy(round).into_owned();
    let round: u64 = match round_text.parse() {
        Ok(r) if QUICKNET.round_in_bounds(r) && !round_text.starts_with('0') => r,
        _ => return Err(TimelockError::Round(round_text)),
    };
    let chain_text = String::from_utf8_lossy(chain).into_owned();
    if chain_text != QUICKNET.chain_hash_hex() {
        return Err(TimelockError::Chain(chain_text.chars().take(64).collect()));
    }
    let body: [u8; STANZA_BODY_LEN] = body.try_into().map_err(|_| TimelockError::Header("tlock stanza body length"))?;
    Ok((round, QUICKNET.chain_hash, body))
}

/// A stanza's body: canonical unpadded base64 in lines of 64 columns, ended by the
/// first shorter line (possibly empty).
fn stanza_body(lines: &mut Lines) -> Result<Vec<u8>, TimelockError> {
    let mut encoded = Vec::new();
    loop {
        let line = lines.next().ok_or(TimelockError::Header("stanza body"))?;
        if line.len() > 64 {
            return Err(TimelockError::Header("stanza body line longer than 64 columns"));
        }
        encoded.extend_from_slice(line);
        if line.len() < 64 {
            return base64_decode(&encoded, false).ok_or(TimelockError::Header("stanza body base64"));
        }
        if encoded.len() > 4096 {
            return Err(TimelockError::Header("stanza body too long"));
        }
    }
}

/// The header's lines, each ended by `\n` (excluded); `consumed` counts the bytes read.
struct Lines<'a> {
    rest: &'a [u8],
    consumed: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let end = self.rest.iter().position(|&b| b == b'\n')?;
        let (line, rest) = (&self.rest[..end], &self.rest[end + 1..]);
        self.rest = rest;
        self.consumed += end + 1;
        Some(line)
    }
}

/// The age file inside the armor: canonical padded base64 in lines of 64 columns, the
/// last possibly shorter; whitespace around the armor and `\r\n` line ends are accepted.
pub fn dearmor(text: &str) -> Result<Vec<u8>, TimelockError> {
    let text = text.trim();
    let inner = text
        .strip_prefix(ARMOR_BEGIN)
        .and_then(|t| t.strip_suffix(ARMOR_END))
        .ok_or(TimelockError::Armor)?;
    let lines: Vec<&str> = inner.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    // inner starts with the BEGIN line's end and ends with the last line's end.
    let [first, body @ .., last] = lines.as_slice() else {
        return Err(TimelockError::Armor);
    };
    if !first.is_empty() || !last.is_empty() || body.is_empty() {
        return Err(TimelockError::Armor);
    }
    let (final_line, full) = body.split_last().ok_or(TimelockError::Armor)?;
    if full.iter().any(|l| l.len() != 64) || final_line.is_empty() || final_line.len() > 64 {
        return Err(TimelockError::Armor);
    }
    let joined: String = body.concat();
    base64_decode(joined.as_bytes(), true).ok_or(TimelockError::Armor)
}

/// Base64 text in lines of 64 columns, the last shorter or equal.
fn lines_of_64(s: &str) -> Vec<&str> {
    // base64 is ASCII, so byte offsets are character boundaries.
    s.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or("")).collect()
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        let symbols = chunk.len() + 1;
        for i in 0..4 {
            if i < symbols {
                out.push(BASE64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Strict base64: the standard alphabet, padding exactly when `pad` (and then required),
/// and no stray bits in the last symbol, so that every byte string has one encoding.
fn base64_decode(text: &[u8], pad: bool) -> Option<Vec<u8>> {
    let text = if pad {
        if text.len() % 4 != 0 {
            return None;
        }
        let stripped = text.strip_suffix(b"==").or_else(|| text.strip_suffix(b"=")).unwrap_or(text);
        if stripped.contains(&b'=') {
            return None;
        }
        stripped
    } else {
        text
    };
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = BASE64.iter().position(|&b| b == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        let bytes = chunk.len() - 1;
        let value = n.to_be_bytes();
        out.extend_from_slice(&value[1..1 + bytes]);
        // Bits below the last whole byte must be zero (canonical encoding).
        let used_bits = 8 * bytes;
        if n & ((1u32 << (24 - used_bits)) - 1) != 0 {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_refuses_non_canonical() {
        for len in 0..10 {
            let bytes: Vec<u8> = (0..len as u8).map(|b| b.wrapping_mul(37)).collect();
            assert_eq!(base64_decode(base64_encode(&bytes, true).as_bytes(), true), Some(bytes.clone()));
            assert_eq!(base64_decode(base64_encode(&bytes, false).as_bytes(), false), Some(bytes));
        }
        assert_eq!(base64_decode(b"QQ==", true), Some(b"A".to_vec()));
        assert_eq!(base64_decode(b"QR==", true), None, "stray bits");
        assert_eq!(base64_decode(b"QQ", true), None, "padding missing");
        assert_eq!(base64_decode(b"QQ==", false), None, "padding where none is allowed");
        assert_eq!(base64_decode(b"Q", false), None);
    }

    /// SPEC §10.9's check value of the pairing, computed by the independent verifier
    /// (tests/independent/timelock.py) from the curve's definition.
    #[test]
    fn the_pairing_of_the_generators_is_the_one_drand_computes() {
        let g = ark_bls12_381::Bls12_381::pairing(ark_bls12_381::G1Affine::generator(), ark_bls12_381::G2Affine::generator());
        let mut bytes = Vec::new();
        let _ = g.serialize_compressed(&mut bytes);
        bytes.reverse();
        assert_eq!(bytes.len(), 576);
        assert_eq!(crate::hashing::hex(&Sha256::digest(&bytes)), "300e47c99502f3af33ad2080847d528cabd90365a90ab98bc174565c27928591");
    }

    #[test]
    fn h3_is_below_the_group_order() {
        // From the scalar's own canonical check: whatever σ and message, r exists.
        for b in 0..=255u8 {
            assert!(h3(&[b; 16], &[!b; 16]).is_some());
        }
    }
}
