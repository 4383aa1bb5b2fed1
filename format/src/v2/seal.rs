//! SPEC §10.9: the sealed list opens itself. At sealing, the reveal (the result and
//! the selected firms' records) is encrypted to a quicknet round no later than the
//! first after the inspection windows end; once that round exists, anyone opens it
//! and gets the public document the department would have published.

use serde::{Deserialize, Serialize};

use super::draw::Result2;
use super::{Public, Revealed, Sealed2, FORMAT, PUBLIC, SEALED};
use crate::beacon::{DrandRound, QUICKNET};
use crate::problem::Text;
use crate::timelock::{self, Envelope, RANDOMNESS_LEN};

/// The `timelock` member of a sealed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timelock {
    /// quicknet's chain hash: only an unchained chain's rounds can be locked to.
    pub chain: String,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub round: u64,
    /// An armored age file (drand's tlock envelope) whose plaintext is JCS(REVEAL).
    pub ciphertext: String,
}

/// What a timelock holds: the members the public document adds to the sealed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reveal {
    pub result: Result2,
    pub revealed: Vec<Revealed>,
}

/// The latest round a sealed document may lock to: the first quicknet round emitted
/// at or after 00:00 China time (UTC+8) of the day after `reveal_after`.
pub fn due_round(reveal_after: &str) -> Option<u64> {
    let day = crate::time::parse_date(reveal_after).ok()?;
    let midnight_after = (day + 1).checked_mul(86_400)?.checked_sub(8 * 3600)?;
    Some(QUICKNET.round_at_or_after(midnight_after))
}

/// The sealed document of a public document, its reveal locked to quicknet `round`
/// (by default [`due_round`]; a later one is refused). `randomness` must be fresh.
pub fn sealed_document(p: &Public, round: Option<u64>, randomness: &[u8; RANDOMNESS_LEN]) -> Result<Sealed2, Text> {
    let reveal_after = crate::sealed::reveal_after(&p.public.plan);
    let due = due_round(&reveal_after).ok_or_else(|| {
        Text::new(format!("计划的检查期结束日“{reveal_after}”不是日期"), format!("the plan's last window end “{reveal_after}” is not a date"))
    })?;
    let round = round.unwrap_or(due);
    if round > due {
        return Err(too_late(round, due, &reveal_after));
    }
    let reveal = Reveal { result: p.result.clone(), revealed: p.revealed.clone() };
    let plaintext = crate::canonical::to_canonical(&reveal)
        .map_err(|e| Text::new(format!("无法编码抽取结果：{e}"), format!("cannot encode the result: {e}")))?;
    let ciphertext = timelock::lock(&plaintext, round, randomness).map_err(|e| e.text())?;
    Ok(Sealed2 {
        format: FORMAT.to_string(),
        document: SEALED.to_string(),
        commitment: p.commitment.clone(),
        public: p.public.clone(),
        beacon: p.beacon.clone(),
        witnesses: p.witnesses.clone(),
        selection: p.result.selection(),
        result_sha256: p.result_sha256.clone(),
        reveal_after,
        timelock: Timelock { chain: QUICKNET.chain_hash_hex(), round, ciphertext },
    })
}

pub(crate) fn too_late(round: u64, due: u64, reveal_after: &str) -> Text {
    let at = crate::time::format_china(QUICKNET.round_time(round));
    let due_at = crate::time::format_china(QUICKNET.round_time(due));
    Text::new(
        format!(
            "时间锁轮次 {round}（{at}）晚于检查期结束（{reveal_after}）后的第一轮 {due}（{due_at}）：名单不得封存到检查结束以后"
        ),
        format!(
            "the timelock round {round} ({at}) is later than the first round after the inspections end ({reveal_after}), {due} ({due_at}): the list may not stay sealed beyond them"
        ),
    )
}

/// The form of the `timelock` member (check 1): quicknet, and an envelope locked to
/// exactly the round the document names.
pub fn timelock_form_problems(t: &Timelock) -> Vec<Text> {
    let mut fails = Vec::new();
    if t.chain != QUICKNET.chain_hash_hex() {
        fails.push(timelock::TimelockError::Chain(t.chain.chars().take(64).collect()).text());
    }
    match Envelope::parse(&t.ciphertext) {
        Ok(e) if e.round != t.round => fails.push(Text::new(
            format!("时间锁密文锁定的是第 {} 轮，文件却写第 {} 轮", e.round, t.round),
            format!("the timelock ciphertext is locked to round {}, but the document says round {}", e.round, t.round),
        )),
        Ok(_) => {}
        Err(e) => fails.push(e.text()),
    }
    fails
}

/// Check 5's part: the list may not stay locked beyond the first round after the
/// inspection windows end.
pub fn timelock_too_late(s: &Sealed2) -> Option<Text> {
    if let Err(out_of_bounds) = QUICKNET.check_round_bounds(s.timelock.round) {
        return Some(out_of_bounds);
    }
    let due = due_round(&s.reveal_after)?;
    (s.timelock.round > due).then(|| too_late(s.timelock.round, due, &s.reveal_after))
}

/// Opens a sealed document's list with its round (verified here): the public
/// document, exactly as the department would have published it, verified. Fails when
/// the round is not the genuine one, or when what was locked is not this draw's list
/// — which makes the sealed document invalid.
pub fn open(s: &Sealed2, round: &DrandRound) -> Result<Public, Text> {
    let public = unlock(s, round)?;
    let report = super::verify::verify_public(&public);
    if report.verdict == crate::verify::Verdict::Invalid {
        let first = report.checks.iter().filter(|c| !c.ok).flat_map(|c| c.details.first()).next().cloned().unwrap_or_default();
        return Err(Text::new(
            format!("时间锁里的名单未通过验证，封存文件无效：{}", first.zh),
            format!("the list in the timelock does not verify, so the sealed document is invalid: {}", first.en),
        ));
    }
    Ok(public)
}

fn unlock(s: &Sealed2, round: &DrandRound) -> Result<Public, Text> {
    let verified = crate::beacon::verify_drand(&QUICKNET, s.timelock.round, round).map_err(|e| e.text().clone())?;
    let envelope = Envelope::parse(&s.timelock.ciphertext).map_err(|e| e.text())?;
    if envelope.round != s.timelock.round {
        return Err(Text::new("时间锁密文的轮次与文件不符", "the timelock ciphertext's round differs from the document's"));
    }
    let plaintext = envelope.open(&verified.signature).map_err(|e| e.text())?;
    let not_the_list = |why: String, why_en: String| {
        Text::new(
            format!("时间锁里不是这次抽取的名单（{why}）：封存文件无效"),
            format!("the timelock does not hold this draw's list ({why_en}): the sealed document is invalid"),
        )
    };
    let reveal: Reveal = serde_json::from_slice(&plaintext)
        .map_err(|e| not_the_list(format!("无法读取：{e}"), format!("unreadable: {e}")))?;
    if crate::canonical::to_canonical(&reveal).ok().as_deref() != Some(&plaintext[..]) {
        return Err(not_the_list("不是规范 JSON".into(), "not canonical JSON".into()));
    }
    Ok(Public {
        format: FORMAT.to_string(),
        document: PUBLIC.to_string(),
        commitment: s.commitment.clone(),
        public: s.public.clone(),
        beacon: s.beacon.clone(),
        witnesses: s.witnesses.clone(),
        result: reveal.result,
        revealed: reveal.revealed,
        result_sha256: s.result_sha256.clone(),
    })
}
