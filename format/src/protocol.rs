//! Commit, then beacon, then reveal: the files a draw produces and how each is
//! derived from the previous. SPEC.md §3 and §5.

use serde::{Deserialize, Serialize};

use crate::beacon::{self, ChainInfo, DrandRound, NistPulse, VerifiedDrand, VerifiedNist};
use crate::canonical::{self, digest_records};
use crate::draw::{self, DrawResult};
use crate::hashing::{framed, hex, sha256, unhex, unhex32, Hash};
use crate::model::{Directories, Plan};
use crate::plan::{self, Exclusions, PlanReport};
use crate::problem::{Problem, Problems};

/// Format version written into every file. Outputs of a released version never change.
pub const FORMAT: &str = "fairdraw/1";
pub const SECTION_TAG: &str = "fairdraw/1/section";
pub const SEED_TAG: &str = "fairdraw/1/seed";
/// Seed tag when a NIST pulse is committed as well: a distinct tag, so that a
/// two-beacon seed can never coincide with a one-beacon seed.
pub const SEED2_TAG: &str = "fairdraw/1/seed2";
/// NIST Beacon 2.0 emits a pulse at every whole UTC minute.
pub const NIST_PERIOD_SECONDS: i64 = 60;

/// Everything that decides the outcome and is private until the reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    pub format: String,
    /// Hex; random bytes chosen at commitment so that nobody can test guesses about
    /// the directories against the published section hashes.
    pub salt: String,
    /// Format 2: the department's secret (32 bytes, hex) every firm's 核验码 derives
    /// from (SPEC §10.2). Absent in format 1.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::canonical::not_null")]
    pub secret: Option<String>,
    pub plan: Plan,
    pub directories: Directories,
}

/// Salted hashes of the five input sections (SPEC.md §3.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionHashes {
    pub plan: String,
    pub enterprises: String,
    pub inspectors: String,
    pub checklist: String,
    pub history: String,
    /// Format 2: the section hash of the secret. Absent in format 1.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::canonical::not_null")]
    pub secret: Option<String>,
}

impl SectionHashes {
    pub fn entries(&self) -> Vec<(&'static str, &str)> {
        let mut entries = vec![
            ("plan", self.plan.as_str()),
            ("enterprises", &self.enterprises),
            ("inspectors", &self.inspectors),
            ("checklist", &self.checklist),
            ("history", &self.history),
        ];
        if let Some(secret) = &self.secret {
            entries.push(("secret", secret));
        }
        entries
    }
}

/// The committed beacon round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeaconRef {
    /// `quicknet` or `default`
    pub chain: String,
    pub chain_hash: String,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub round: u64,
    /// When the round is emitted, RFC 3339 UTC (from the chain's genesis and period).
    pub emission_time: String,
    /// A second, independently operated beacon, so that no single operator controls
    /// the seed. Absent from commitments without it, whose bytes stay as they were.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::canonical::not_null")]
    pub nist: Option<NistRef>,
}

/// The committed NIST pulse, named by chain and time rather than by pulse index:
/// the index of a future pulse cannot be known (outages skip minutes without
/// skipping indices), while its time can, and one pulse proves its own time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NistRef {
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub chain_index: u64,
    /// A whole UTC minute, RFC 3339 with `Z`; the pulse's `timeStamp` must name this instant.
    pub time_stamp: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRef {
    pub number: String,
    pub name: String,
    pub year: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratumSummary {
    pub values: Vec<String>,
    pub census: bool,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub size: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskSummary {
    pub number: String,
    pub name: String,
    pub directed: bool,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub pool: u64,
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub count: u64,
    pub excluded: Exclusions,
    pub strata: Vec<StratumSummary>,
}

/// The public commitment (commitment.json), published before the round exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub format: String,
    pub department: String,
    pub plan: PlanRef,
    /// Per-department sequence number, from 1.
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub sequence: u64,
    /// Hex hash of the department's previous commitment; empty for the first. A
    /// dropped commitment breaks this chain visibly.
    pub previous: String,
    /// The organizer's stated time of commitment, RFC 3339 UTC.
    pub committed_at: String,
    /// 演练: a rehearsal is never a valid draw.
    pub rehearsal: bool,
    pub beacon: BeaconRef,
    pub inputs: SectionHashes,
    pub tasks: Vec<TaskSummary>,
    /// Format 2: SHA-256 of the public inputs' canonical JSON (SPEC §10.3). Absent in
    /// format 1.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::canonical::not_null")]
    pub public: Option<String>,
    /// SHA-256 of the canonical bytes of this object without this field.
    #[serde(default)]
    pub commitment: String,
}

impl Commitment {
    /// The hash this record should carry in `commitment`.
    pub fn compute_hash(&self) -> Hash {
        let mut value = serde_json::to_value(self).expect("a commitment serialises");
        value.as_object_mut().expect("an object").remove("commitment");
        let mut bytes = Vec::new();
        canonical::write_value(&mut bytes, &value).expect("commitments hold only safe integers");
        sha256(&bytes)
    }
}

/// Everything a person needs to check a draw: one JSON file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format: String,
    pub commitment: Commitment,
    pub inputs: Inputs,
    pub beacon: BeaconEvidence,
    pub result: DrawResult,
    /// SHA-256 of the canonical bytes of `result`.
    pub result_sha256: String,
}

/// The beacon value as served by drand (transport does not matter: the signature does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeaconEvidence {
    pub drand: DrandRound,
    /// The committed NIST pulse as NIST served it; kept field for field, since its
    /// signature covers those fields.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::canonical::not_null")]
    pub nist_pulse: Option<NistPulse>,
}

/// Salted hash of one section: `H("fairdraw/1/section", salt, name, SHA-256(JCS(section)))`.
pub fn section_hash(salt: &[u8], name: &str, section_digest: &Hash) -> String {
    hex(&framed(SECTION_TAG, &[salt, name.as_bytes(), section_digest]))
}

pub fn section_hashes(inputs: &Inputs) -> Result<SectionHashes, Problem> {
    let salt = unhex(&inputs.salt).ok_or_else(|| Problem::new("盐值不是十六进制", "the salt is not hex").in_file("inputs"))?;
    let plan_digest = canonical::digest(&inputs.plan).map_err(|e| {
        Problem::new(format!("计划中有不允许的数值：{e}"), format!("the plan holds a value not allowed: {e}")).in_file("plan")
    })?;
    let d = &inputs.directories;
    Ok(SectionHashes {
        plan: section_hash(&salt, "plan", &plan_digest),
        enterprises: section_hash(&salt, "enterprises", &digest_records(&d.enterprises)),
        inspectors: section_hash(&salt, "inspectors", &digest_records(&d.inspectors)),
        checklist: section_hash(&salt, "checklist", &digest_records(&d.checklist)),
        history: section_hash(&salt, "history", &digest_records(&d.history)),
        secret: inputs.secret.as_ref().map(|secret| {
            let mut json = Vec::new();
            canonical::write_string(&mut json, secret);
            section_hash(&salt, "secret", &sha256(&json))
        }),
    })
}

/// `H("fairdraw/1/seed", commitment, chain hash, u64be(round), randomness)`.
pub fn derive_seed(commitment: &Hash, chain_hash: &Hash, round: u64, randomness: &Hash) -> Hash {
    framed(SEED_TAG, &[commitment, chain_hash, &round.to_be_bytes(), randomness])
}

/// `H("fairdraw/1/seed2", commitment, chain hash, u64be(round), randomness,
/// u64be(nist chain), u64be(nist pulse), nist output value)`.
pub fn derive_seed_with_nist(commitment: &Hash, chain_hash: &Hash, round: u64, randomness: &Hash, nist: &VerifiedNist) -> Hash {
    framed(
        SEED2_TAG,
        &[
            commitment,
            chain_hash,
            &round.to_be_bytes(),
            randomness,
            &nist.chain_index.to_be_bytes(),
            &nist.pulse_index.to_be_bytes(),
            &nist.output_value,
        ],
    )
}

/// The seed of a draw from its commitment and its verified beacon values: the
/// two-beacon form exactly when a NIST pulse was committed (SPEC.md §5.1). The draw
/// and every verification derive it here.
pub fn seed_from_evidence(commitment: &Hash, chain: &ChainInfo, drand: &VerifiedDrand, nist: Option<&VerifiedNist>) -> Hash {
    match nist {
        None => derive_seed(commitment, &chain.chain_hash, drand.round, &drand.randomness),
        Some(n) => derive_seed_with_nist(commitment, &chain.chain_hash, drand.round, &drand.randomness, n),
    }
}

/// The NIST pulse time a commitment names for "at or after `at`": the next whole minute.
pub fn nist_time_at_or_after(at: i64) -> i64 {
    at.div_euclid(NIST_PERIOD_SECONDS) * NIST_PERIOD_SECONDS + if at.rem_euclid(NIST_PERIOD_SECONDS) == 0 { 0 } else { NIST_PERIOD_SECONDS }
}

/// Whether a verified pulse is the committed one; the reason in both languages if not.
pub fn check_committed_nist(committed: &NistRef, pulse: &VerifiedNist) -> Result<(), Problem> {
    let committed_at = crate::time::parse_rfc3339(&committed.time_stamp)?;
    let pulse_at = crate::time::parse_rfc3339(&pulse.time_stamp)?;
    // Parsing drops fractions of a second; an exact match must not.
    let fraction_is_zero = pulse.time_stamp.get(19..).map_or(true, |rest| {
        rest.strip_prefix('.').map_or(true, |f| f.bytes().take_while(u8::is_ascii_digit).all(|c| c == b'0'))
    });
    if committed.chain_index != pulse.chain_index || committed_at != pulse_at || !fraction_is_zero {
        return Err(Problem::new(
            format!(
                "NIST 脉冲不是承诺的那一个：承诺第 {} 链 {} 的脉冲，提供的是第 {} 链第 {} 号脉冲（{}）",
                committed.chain_index, committed.time_stamp, pulse.chain_index, pulse.pulse_index, pulse.time_stamp
            ),
            format!(
                "the NIST pulse is not the committed one: committed chain {} at {}, given pulse {} of chain {} at {}",
                committed.chain_index, committed.time_stamp, pulse.pulse_index, pulse.chain_index, pulse.time_stamp
            ),
        ));
    }
    Ok(())
}

/// What the organizer states at commitment time besides the inputs.
#[derive(Debug, Clone)]
pub struct CommitOptions {
    pub sequence: u64,
    pub previous: String,
    /// Unix seconds, supplied by the caller (the core has no clock).
    pub committed_at: i64,
    pub rehearsal: bool,
    pub chain: &'static ChainInfo,
    pub round: u64,
}

pub fn task_summaries(plan: &Plan, report: &PlanReport) -> Vec<TaskSummary> {
    plan.tasks
        .iter()
        .zip(&report.tasks)
        .map(|(t, pool)| TaskSummary {
            number: t.number.clone(),
            name: t.name.clone(),
            directed: t.directed,
            pool: pool.pool_size(),
            count: pool.count(),
            excluded: pool.excluded.clone(),
            strata: pool
                .strata
                .iter()
                .map(|s| StratumSummary { values: s.values.clone(), census: s.census, size: s.size(), count: s.count })
                .collect(),
        })
        .collect()
}

/// Commits to the inputs; refuses an infeasible plan and says why. The caller
/// checks that the round lies in the future (it has the clock).
pub fn commit(inputs: &Inputs, opts: &CommitOptions) -> Result<(Commitment, PlanReport), Problems> {
    commit_with_nist(inputs, opts, None)
}

/// As [`commit`], also committing to the NIST pulse of `nist` (chain, Unix seconds
/// of a whole minute).
pub fn commit_with_nist(inputs: &Inputs, opts: &CommitOptions, nist: Option<(u64, i64)>) -> Result<(Commitment, PlanReport), Problems> {
    let mut problems = Problems::default();
    let v2 = inputs.format == crate::v2::FORMAT;
    if v2 && (inputs.secret.as_deref().and_then(unhex32).is_none() || inputs.plan.public_fields.is_none()) {
        problems.push(Problem::new(
            "格式 2 的输入须有 32 字节的核验码密钥（secret）和公开字段声明（plan.public_fields）",
            "format 2 inputs need a 32-byte secret and a declaration of public fields (plan.public_fields)",
        ));
    }
    if !v2 && inputs.plan.tasks.iter().any(|t| t.team.uses_format2_members()) {
        problems.push(Problem::new("检查组（groups、leader）只属于格式 2", "inspection groups (groups, leader) belong to format 2 only"));
    }
    if !v2 && inputs.plan.rules.department_names.is_some() {
        problems.push(Problem::new(
            "本部门的其他名称（department_names）只属于格式 2",
            "the department's other names (department_names) belong to format 2 only",
        ));
    }
    if !v2 && inputs.plan.uses_ranges() {
        problems.push(Problem::new(
            "比例区间（ratio_max_bp、range_choice）只属于格式 2",
            "ratio ranges (ratio_max_bp, range_choice) belong to format 2 only",
        ));
    }
    if !v2 && (inputs.secret.is_some() || inputs.plan.public_fields.is_some()) {
        problems.push(Problem::new(
            "格式 1 的输入没有 secret 和 plan.public_fields",
            "format 1 inputs have no secret and no plan.public_fields",
        ));
    }
    if inputs.format != FORMAT && !v2 {
        problems.push(Problem::new(format!("不支持的格式“{}”", inputs.format), format!("unsupported format “{}”", inputs.format)));
    }
    if !opts.previous.is_empty() && unhex32(&opts.previous).is_none() {
        problems.push(Problem::new("上一承诺的哈希值应为 64 位十六进制", "the previous commitment hash must be 64 hex digits"));
    }
    if nist.is_some_and(|(_, at)| at.rem_euclid(NIST_PERIOD_SECONDS) != 0) {
        problems.push(Problem::new("NIST 脉冲每整分钟产生一个：承诺的时间必须是整分钟", "NIST emits a pulse at every whole minute: the committed time must be one"));
    }
    if let Err(t) = opts.chain.check_round_bounds(opts.round) {
        problems.push(Problem::new(t.zh, t.en));
    }
    if opts.sequence > crate::canonical::MAX_SAFE_INTEGER {
        problems.push(Problem::new("承诺序号超出范围（至多 2^53 − 1）", "the sequence number is out of range (at most 2^53 − 1)"));
    }
    problems.0.extend(chain_rule(opts.sequence, &opts.previous));
    let (report, sections) = crate::par::join(|| plan::evaluate(&inputs.plan, &inputs.directories), || section_hashes(inputs));
    problems.0.extend(report.problems.0.iter().cloned());
    if let Err(p) = &sections {
        problems.push(p.clone());
    }
    if problems.has_errors() {
        return Err(problems);
    }
    let plan = &inputs.plan;
    // What a verifier would refuse in the inputs is looked for while the public
    // inputs are derived; the commitment's own part once it exists.
    let (public, mut unfit) = crate::par::join(
        || match inputs.secret.as_deref().and_then(unhex32) {
            Some(secret) if v2 => {
                let derived = crate::v2::public::derive(plan, &inputs.directories, &report, &secret);
                derived.public.digest().map(|digest| Some(hex(&digest))).map_err(|e| {
                    Problems(vec![Problem::new(format!("公开输入中有不允许的数值：{e}"), format!("the public inputs hold a value not allowed: {e}"))])
                })
            }
            _ => Ok(None),
        },
        || crate::wellformed::inputs_alone(inputs),
    );
    let public = public?;
    let mut c = Commitment {
        format: inputs.format.clone(),
        department: plan.department.clone(),
        plan: PlanRef { number: plan.number.clone(), name: plan.name.clone(), year: plan.year },
        sequence: opts.sequence,
        previous: opts.previous.to_lowercase(),
        committed_at: crate::time::format_utc(opts.committed_at),
        rehearsal: opts.rehearsal,
        beacon: BeaconRef {
            chain: opts.chain.name.to_string(),
            chain_hash: hex(&opts.chain.chain_hash),
            round: opts.round,
            emission_time: crate::time::format_utc(opts.chain.round_time(opts.round)),
            nist: nist.map(|(chain_index, at)| NistRef { chain_index, time_stamp: crate::time::format_utc(at) }),
        },
        inputs: sections.expect("checked above"),
        tasks: task_summaries(plan, &report),
        public,
        commitment: String::new(),
    };
    c.commitment = hex(&c.compute_hash());
    // What a verifier would refuse is refused now, before anything is published.
    unfit.extend(crate::wellformed::commitment_alone(&c));
    if !unfit.is_empty() {
        return Err(Problems(unfit));
    }
    Ok((c, report))
}

/// SPEC §3.4: numbers start at 1, and each but the first names the one before.
pub fn chain_rule(sequence: u64, previous: &str) -> Option<Problem> {
    (sequence == 0 || (sequence == 1) != previous.is_empty()).then(|| {
        Problem::new(
            format!("承诺序号 {sequence} 与上一承诺哈希不相称：序号从 1 开始，第 1 号没有上一承诺，之后每一号都须给出上一承诺的哈希值"),
            format!(
                "sequence {sequence} does not fit its previous hash: numbers start at 1, number 1 has no previous commitment, every later one names it"
            ),
        )
    })
}

/// Refuses a round that is not far enough in the future, unless rehearsing.
/// `min_lead` seconds leave time to publish the commitment before the randomness exists.
pub fn check_round_is_future(chain: &ChainInfo, round: u64, now: i64, min_lead: i64, rehearsal: bool) -> Result<(), Problem> {
    let at = chain.round_time(round);
    if rehearsal || at >= now + min_lead {
        return Ok(());
    }
    Err(Problem::new(
        format!(
            "信标轮次 {round} 产生于 {}，距现在不足 {} 分钟：正式抽取必须承诺一个未来的轮次（或标记为演练）",
            crate::time::format_china(at),
            min_lead / 60
        ),
        format!(
            "beacon round {round} is emitted at {}, less than {} minutes from now: a real draw must commit to a future round (or be marked a rehearsal)",
            crate::time::format_utc(at),
            min_lead / 60
        ),
    ))
}

/// The same margin for a committed NIST pulse at Unix time `at`.
pub fn check_nist_is_future(at: i64, now: i64, min_lead: i64, rehearsal: bool) -> Result<(), Problem> {
    if rehearsal || at >= now + min_lead {
        return Ok(());
    }
    Err(Problem::new(
        format!(
            "NIST 脉冲 {} 距现在不足 {} 分钟：正式抽取必须承诺一个未来的脉冲（或标记为演练）",
            crate::time::format_china(at),
            min_lead / 60
        ),
        format!(
            "the NIST pulse at {} is less than {} minutes from now: a real draw must commit to a future pulse (or be marked a rehearsal)",
            crate::time::format_utc(at),
            min_lead / 60
        ),
    ))
}

/// The text of `commitment.json` as every fairdraw writer produces it (indented, for
/// people reading the published file), so the command line and the site write the
/// same bytes for the same commitment.
pub fn commitment_file(commitment: &Commitment) -> String {
    serde_json::to_string_pretty(commitment).expect("commitments serialise")
}

/// The text of `inputs.json` as every fairdraw writer produces it (compact: it holds
/// the whole directories).
pub fn inputs_file(inputs: &Inputs) -> String {
    serde_json::to_string(inputs).expect("inputs serialise")
}

/// [`inputs_file`] written as it is produced, for inputs too large to hold twice.
pub fn write_inputs_file(inputs: &Inputs, out: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer(out, inputs).map_err(std::io::Error::from)
}

/// A draw is given a NIST pulse exactly when its commitment names one.
pub fn pulse_as_committed(commitment: &Commitment, pulse: &Option<NistPulse>) -> Result<(), Problem> {
    match (&commitment.beacon.nist, pulse) {
        (Some(_), None) => Err(Problem::new(
            "承诺同时指定了 NIST 随机信标脉冲，请一并提供该脉冲",
            "the commitment also names a NIST beacon pulse: give that pulse too",
        )),
        (None, Some(_)) => Err(Problem::new(
            "承诺没有指定 NIST 随机信标脉冲，不能使用未承诺的脉冲",
            "the commitment names no NIST beacon pulse: an uncommitted pulse cannot be used",
        )),
        _ => Ok(()),
    }
}

/// After the round: verifies the beacon against the committed chain and round,
/// derives the seed, runs the draw and assembles the bundle.
pub fn draw_bundle(inputs: Inputs, commitment: Commitment, round: DrandRound) -> Result<Bundle, Problems> {
    draw_bundle_with_nist(inputs, commitment, round, None)
}

/// As [`draw_bundle`], with the NIST pulse the commitment names (required exactly
/// when it names one).
pub fn draw_bundle_with_nist(inputs: Inputs, commitment: Commitment, round: DrandRound, pulse: Option<NistPulse>) -> Result<Bundle, Problems> {
    let chain = beacon::chain_by_hash(&commitment.beacon.chain_hash)
        .ok_or_else(|| Problem::new("承诺中的信标链未知", "the committed beacon chain is unknown"))?;
    let verified = beacon::verify_drand(chain, commitment.beacon.round, &round).map_err(|e| e.to_problem())?;
    pulse_as_committed(&commitment, &pulse)?;
    let verified_nist = match (&commitment.beacon.nist, &pulse) {
        (Some(committed), Some(p)) => {
            let v = beacon::verify_nist(p).map_err(|e| e.to_problem())?;
            check_committed_nist(committed, &v)?;
            Some(v)
        }
        _ => None,
    };
    let (sections, report) =
        crate::par::join(|| section_hashes(&inputs), || plan::evaluate(&inputs.plan, &inputs.directories));
    if sections? != commitment.inputs || hex(&commitment.compute_hash()) != commitment.commitment {
        return Err(Problem::new("输入与承诺不符：承诺之后输入被改动过", "the inputs do not match the commitment: they changed after it").into());
    }
    if task_summaries(&inputs.plan, &report) != commitment.tasks {
        return Err(Problem::new("重新计算的抽查范围与承诺不符", "the recomputed pools differ from the commitment").into());
    }
    let commitment_hash = unhex32(&commitment.commitment).expect("checked above");
    let seed = seed_from_evidence(&commitment_hash, chain, &verified, verified_nist.as_ref());
    let result = draw::draw(&inputs.plan, &inputs.directories, &report, &seed);
    let result_sha256 = hex(&draw::result_digest(&result));
    Ok(Bundle {
        format: FORMAT.to_string(),
        commitment,
        inputs,
        beacon: BeaconEvidence { drand: round, nist_pulse: pulse },
        result,
        result_sha256,
    })
}
