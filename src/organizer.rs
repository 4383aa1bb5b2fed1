//! The organiser's workflow around a commitment, shared by `fairdraw commit` and the
//! site's 承诺 page: the private inputs a commitment is made to, and the place of a
//! commitment in its department's chain (sequence number and previous hash).
//!
//! The format (`protocol::commit`) checks that a sequence number and a previous
//! hash fit together; where they come from — typed, the next after the project's
//! last commitment, or read from the department's previous `commitment.json` — is
//! decided here.

use serde::{Deserialize, Serialize};

use crate::hashing::{hex, unhex32};
use crate::import::normalize::fold_width;
use crate::model::{Directories, Plan};
use crate::problem::Problem;
use crate::protocol::{self, Commitment, Inputs};

/// The private inputs (`inputs.json`) of a commitment to `plan` and `directories`
/// with `salt` (hex, case and surrounding spaces ignored).
pub fn committed_inputs(plan: Plan, directories: Directories, salt: &str) -> Inputs {
    Inputs { format: protocol::FORMAT.to_string(), salt: salt.trim().to_ascii_lowercase(), secret: None, plan, directories }
}

/// The private inputs of a format 2 commitment: as [`committed_inputs`], with the
/// secret every firm's 核验码 derives from (hex of 32 random bytes) and the plan's
/// declaration of public fields (the default when it declares none).
pub fn committed_inputs2(mut plan: Plan, directories: Directories, salt: &str, secret: &str) -> Inputs {
    if plan.public_fields.is_none() {
        plan.public_fields = Some(crate::v2::public::public_fields(&plan));
    }
    Inputs {
        format: crate::v2::FORMAT.to_string(),
        salt: salt.trim().to_ascii_lowercase(),
        secret: Some(secret.trim().to_ascii_lowercase()),
        plan,
        directories,
    }
}

/// Which inspection group each member of a format 2 draw's groups belongs to, for
/// the papers (SPEC §10.10).
pub fn group_numbers(a: &crate::v2::Auditor) -> crate::export::GroupNumbers {
    a.result
        .tasks
        .iter()
        .flat_map(|t| t.groups.iter().flat_map(move |g| g.members.iter().map(move |m| ((t.number.clone(), m.id.clone()), g.number))))
        .collect()
}

/// A format 2 draw as the papers (result table, task sheets, 公示信息) read it: the
/// shapes of format 1, every token named by its firm. For the organiser's own
/// exports from the auditor document; it is not a document and verifies as nothing.
pub fn papers_view(a: &crate::v2::Auditor) -> Result<crate::protocol::Bundle, Problem> {
    use crate::draw::{DrawResult, Reserve, Selection, StratumResult, TaskResult};
    let secret = a.inputs.secret.as_deref().and_then(crate::hashing::unhex32).ok_or_else(|| {
        Problem::new("审计文件中没有核验码密钥", "the auditor document has no secret")
    })?;
    let d = &a.inputs.directories;
    let report = crate::plan::evaluate(&a.inputs.plan, d);
    let derived = crate::v2::public::derive(&a.inputs.plan, d, &report, &secret);
    let mut tasks = Vec::with_capacity(a.result.tasks.len());
    for (t, task) in a.result.tasks.iter().enumerate() {
        let pt = derived.public.tasks.get(t);
        let firm_of = |token: &str| -> String {
            pt.and_then(|pt| {
                pt.strata.iter().enumerate().find_map(|(k, st)| {
                    st.find(token).map(|e| d.enterprises[derived.firms[t][k][e] as usize].id.clone())
                })
            })
            .unwrap_or_default()
        };
        let strata = task
            .strata
            .iter()
            .map(|s| StratumResult {
                values: s.values.clone(),
                census: s.census,
                size: s.size,
                count: s.count,
                cutoff: s.cutoff.clone(),
                cutoff_id: if s.cutoff_token.is_empty() { String::new() } else { firm_of(&s.cutoff_token) },
                reserves: s.reserves.iter().map(|r| Reserve { id: firm_of(&r.token), ticket: r.ticket.clone() }).collect(),
            })
            .collect();
        let selected = task
            .selected
            .iter()
            .map(|s| Selection {
                id: s.id.clone(),
                name: s.name.clone(),
                stratum: s.stratum,
                ticket: s.ticket.clone(),
                team: s.team.clone(),
                items: s.items.clone(),
                over_cap: s.over_cap,
                unfilled: s.unfilled,
            })
            .collect();
        tasks.push(TaskResult { number: task.number.clone(), name: task.name.clone(), directed: task.directed, strata, selected });
    }
    Ok(crate::protocol::Bundle {
        format: a.format.clone(),
        commitment: a.commitment.clone(),
        inputs: a.inputs.clone(),
        beacon: a.beacon.clone(),
        result: DrawResult { seed: a.result.seed.clone(), tasks },
        result_sha256: a.result_sha256.clone(),
    })
}

/// Where a commitment sits in the department's chain: its sequence number and the
/// hash of the commitment before it ("" for number 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    pub sequence: u64,
    pub previous: String,
}

impl Default for ChainLink {
    /// A department's very first commitment.
    fn default() -> Self {
        ChainLink { sequence: 1, previous: String::new() }
    }
}

impl ChainLink {
    /// The place right after `commitment`: the next number, its hash.
    pub fn after(commitment: &Commitment) -> ChainLink {
        ChainLink { sequence: commitment.sequence + 1, previous: commitment.commitment.to_ascii_lowercase() }
    }
}

/// The sequence number and previous hash typed for a first commitment (full-width
/// digits and either case accepted).
pub fn parse_chain_start(sequence: &str, previous: &str) -> Result<ChainLink, Problem> {
    let folded = fold_width(sequence.trim());
    let sequence: u64 = match folded.trim().parse() {
        Ok(n) if n >= 1 => n,
        _ => {
            return Err(Problem::new(
                format!("序号应为正整数，“{}”不是", sequence.trim()),
                format!("the sequence number must be a positive whole number, not “{}”", sequence.trim()),
            ))
        }
    };
    let previous = previous.trim().to_ascii_lowercase();
    if !previous.is_empty() && unhex32(&previous).is_none() {
        return Err(Problem::new(
            "上一承诺的哈希值应为 64 位十六进制",
            "the previous commitment hash must be 64 hex digits",
        ));
    }
    if let Some(p) = fairdraw_format::protocol::chain_rule(sequence, &previous) {
        return Err(p);
    }
    Ok(ChainLink { sequence, previous })
}

/// The place after the department's previous commitment, read from the text of its
/// `commitment.json`, so that the hash is not taken on trust. Refuses a file whose
/// hash does not match its content, and one of another department than
/// `department` (not checked when `department` is empty).
pub fn chain_start_from_previous(text: &str, department: &str) -> Result<ChainLink, Problem> {
    let c: Commitment = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        Problem::new(
            format!("这不是 commitment.json 承诺文件（{e}）"),
            format!("this is not a commitment.json file ({e})"),
        )
    })?;
    if hex(&c.compute_hash()) != c.commitment.to_ascii_lowercase() {
        return Err(Problem::new(
            "这份承诺的哈希值与内容不符：文件被改动过",
            "this commitment's hash does not match its content: the file was changed",
        ));
    }
    let department = department.trim();
    if !department.is_empty() && c.department != department {
        return Err(Problem::new(
            format!("这份承诺属于“{}”，而本计划的部门是“{department}”：承诺链按部门连续", c.department),
            format!("this commitment belongs to “{}”, but this plan's department is “{department}”: chains are per department", c.department),
        ));
    }
    Ok(ChainLink::after(&c))
}

/// One commitment made: the public commitment exactly as published, and the salt
/// of its inputs (hex), which with the committed plan and directories gives back
/// `inputs.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRecord {
    pub commitment: Commitment,
    pub salt: String,
    /// Format 2: the secret of the firms' 核验码 (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Time-stamp tokens witnessing the commitment (hex of DER), SPEC §10.8.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub witnesses: Vec<String>,
    /// The draw of this commitment, once made: what rebuilds exactly the same
    /// documents, so that a draw is made once and its files can be made again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drawn: Option<KeptDraw>,
}

/// What a draw of a commitment was made with, beyond the commitment's inputs: the
/// beacon value as it came (the draw checks it again each time it is rebuilt, so
/// nothing here is taken on trust) and, in format 2, the randomness that locked the
/// sealed document to its round. With both, drawing again gives the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptDraw {
    /// The drand round's JSON exactly as fetched, pasted or read from a file.
    pub beacon: String,
    /// Where it came from: a relay's address, a file name, or that it was pasted.
    pub source: String,
    /// Format 2: the time-lock randomness of the sealed document (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timelock_randomness: Option<String>,
}

impl KeptDraw {
    /// The time-lock randomness as bytes; `None` when absent or not of its length.
    pub fn timelock_bytes(&self) -> Option<[u8; crate::timelock::RANDOMNESS_LEN]> {
        crate::hashing::unhex_array(self.timelock_randomness.as_deref()?)
    }
}

impl CommitRecord {
    pub fn sequence(&self) -> u64 {
        self.commitment.sequence
    }

    pub fn hash(&self) -> &str {
        &self.commitment.commitment
    }

    pub fn rehearsal(&self) -> bool {
        self.commitment.rehearsal
    }

    /// The inputs of this commitment rebuilt from `plan` and `directories`, refused
    /// unless they are exactly the committed ones (the commitment's section hashes).
    pub fn inputs(&self, plan: Plan, directories: Directories) -> Result<Inputs, Problem> {
        let inputs = self.inputs_unchecked(plan, directories);
        if protocol::section_hashes(&inputs).is_ok_and(|h| h == self.commitment.inputs) {
            Ok(inputs)
        } else {
            Err(Problem::new(
                "项目中的计划或名录与承诺不符（项目文件被改动过？），不能用于抽取",
                "the project's plan or directories do not match its commitment (was the project file changed?); it cannot be drawn",
            ))
        }
    }

    /// [`CommitRecord::inputs`] without checking them against the commitment: for
    /// inputs already checked, the same plan and directories.
    pub fn inputs_unchecked(&self, plan: Plan, directories: Directories) -> Inputs {
        match &self.secret {
            Some(secret) if self.commitment.format == crate::v2::FORMAT => committed_inputs2(plan, directories, &self.salt, secret),
            _ => committed_inputs(plan, directories, &self.salt),
        }
    }
}

/// Whether a commitment is in the chain of `department`'s real commitments, or (with
/// `rehearsal`) in that department's rehearsal numbering. Each department has its
/// own chain, and rehearsals never use up a real sequence number.
pub fn in_chain(c: &Commitment, department: &str, rehearsal: bool) -> bool {
    c.department == department && c.rehearsal == rehearsal
}

/// Where the next commitment of `department` goes: after the last of `records` in
/// the same chain ([`in_chain`]), else at `start`, where that chain stood before.
pub fn next_link(records: &[CommitRecord], start: &ChainLink, department: &str, rehearsal: bool) -> ChainLink {
    match records.iter().rev().find(|r| in_chain(&r.commitment, department, rehearsal)) {
        Some(last) => ChainLink::after(&last.commitment),
        None => start.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLI_COMMITMENT: &str = include_str!("../tests/fixtures/ceremony/commitment.json");
    const CLI_INPUTS: &str = include_str!("../tests/fixtures/ceremony/inputs.json");

    #[test]
    fn chain_start_as_typed() {
        let h = "ab".repeat(32);
        assert_eq!(parse_chain_start("1", ""), Ok(ChainLink::default()));
        assert_eq!(parse_chain_start("７", &h.to_uppercase()), Ok(ChainLink { sequence: 7, previous: h.clone() }));
        assert!(parse_chain_start("2", "").is_err());
        assert!(parse_chain_start("1", &h).is_err());
        assert!(parse_chain_start("0", "").is_err());
        assert!(parse_chain_start("2", "abc").is_err());
    }

    #[test]
    fn a_previous_commitment_file_is_checked_before_the_chain_continues_from_it() {
        let fixture: Commitment = serde_json::from_str(CLI_COMMITMENT).unwrap();
        let link = chain_start_from_previous(CLI_COMMITMENT, &fixture.department).unwrap();
        assert_eq!(link, ChainLink { sequence: fixture.sequence + 1, previous: fixture.commitment.clone() });
        assert_eq!(chain_start_from_previous(&format!("\u{feff}{CLI_COMMITMENT}"), "").unwrap(), link);
        let other = chain_start_from_previous(CLI_COMMITMENT, "另一个局").unwrap_err();
        assert!(other.text.zh.contains("另一个局") && other.text.en.contains("per department"), "{other:?}");
        let tampered = CLI_COMMITMENT.replacen("\"sequence\": 1", "\"sequence\": 2", 1);
        assert_ne!(tampered, CLI_COMMITMENT);
        assert!(chain_start_from_previous(&tampered, "").unwrap_err().text.zh.contains("改动"));
        assert!(chain_start_from_previous("{}", "").is_err());
    }

    #[test]
    fn a_record_gives_back_exactly_the_committed_inputs() {
        let commitment: Commitment = serde_json::from_str(CLI_COMMITMENT).unwrap();
        let inputs: Inputs = serde_json::from_str(CLI_INPUTS).unwrap();
        let record = CommitRecord { commitment, salt: format!(" {} ", inputs.salt.to_uppercase()), secret: None, witnesses: Vec::new(), drawn: None };
        let back = record.inputs(inputs.plan.clone(), inputs.directories.clone()).unwrap();
        assert_eq!(protocol::inputs_file(&back), CLI_INPUTS);
        // The command line writes the file as it is produced: the same bytes.
        let mut streamed = Vec::new();
        protocol::write_inputs_file(&back, &mut streamed).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), CLI_INPUTS);
        let mut changed = inputs.plan.clone();
        changed.name.push('改');
        assert!(record.inputs(changed, inputs.directories.clone()).is_err());

        let department = record.commitment.department.clone();
        let rehearsal = record.commitment.rehearsal;
        assert_eq!(next_link(&[], &ChainLink::default(), &department, rehearsal), ChainLink::default());
        let next = next_link(std::slice::from_ref(&record), &ChainLink::default(), &department, rehearsal);
        assert_eq!(next, ChainLink { sequence: record.sequence() + 1, previous: record.hash().to_string() });
        // Another department, and the other kind of commitment, go on from their own start.
        let start = ChainLink { sequence: 5, previous: "ab".repeat(32) };
        assert_eq!(next_link(std::slice::from_ref(&record), &start, "另一个局", rehearsal), start);
        assert_eq!(next_link(std::slice::from_ref(&record), &start, &department, !rehearsal), start);
    }

    #[test]
    fn a_kept_draw_round_trips_and_a_record_without_one_keeps_its_bytes() {
        let commitment: Commitment = serde_json::from_str(CLI_COMMITMENT).unwrap();
        let record = CommitRecord { commitment, salt: "00".repeat(16), secret: None, witnesses: Vec::new(), drawn: None };
        let old = serde_json::to_string(&record).unwrap();
        assert!(!old.contains("drawn"));
        let back: CommitRecord = serde_json::from_str(&old).unwrap();
        assert_eq!(back, record);
        assert_eq!(serde_json::to_string(&back).unwrap(), old);

        let randomness = "a5".repeat(crate::timelock::RANDOMNESS_LEN);
        let kept = KeptDraw { beacon: "{\"round\": 1000}".into(), source: "粘贴".into(), timelock_randomness: Some(randomness) };
        let drawn = CommitRecord { drawn: Some(kept.clone()), ..record };
        let back: CommitRecord = serde_json::from_str(&serde_json::to_string(&drawn).unwrap()).unwrap();
        assert_eq!(back, drawn);
        assert_eq!(kept.timelock_bytes(), Some([0xa5; crate::timelock::RANDOMNESS_LEN]));
        let short = KeptDraw { timelock_randomness: Some("a5".into()), ..kept.clone() };
        assert_eq!(short.timelock_bytes(), None);
        let format1 = KeptDraw { timelock_randomness: None, ..kept };
        assert!(!serde_json::to_string(&format1).unwrap().contains("timelock"));
        assert_eq!(format1.timelock_bytes(), None);
    }
}
