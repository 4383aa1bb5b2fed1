//! The draw ceremony (抽取): the commitment folder's two files in, the committed
//! drand round checked on screen, the draw run by the core, the result revealed firm
//! by firm. Pure state and its changes; the page (components/draw.rs) only wires
//! events and browser calls to it.

pub mod relays;
pub mod stage;

use std::rc::Rc;

use fairdraw::beacon::{self, DrandRound};
use fairdraw::hashing::{hex, unhex32};
use fairdraw::protocol::{self, Bundle, Commitment, Inputs};
use yew::Reducible;

use relays::BeaconStatus;

/// What a draw starts from: the private inputs and the public commitment made of
/// them. The CLI's commitment folder holds both; an in-browser plan hands them over
/// the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeremonyInput {
    pub inputs: Inputs,
    pub commitment: Commitment,
    /// Time-stamp tokens witnessing the commitment (hex), carried into the documents.
    pub witnesses: Vec<String>,
}

/// A loaded file, recognised by its content so that the two files can be dropped
/// together or in any order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    Inputs(Box<Inputs>),
    Commitment(Box<Commitment>),
}

/// Reads inputs.json or commitment.json, whichever `text` is.
pub fn read_file(text: &str) -> Result<Loaded, (String, String)> {
    let text = text.trim_start_matches('\u{feff}');
    if let Ok(c) = serde_json::from_str::<Commitment>(text) {
        if let Some(nist) = &c.beacon.nist {
            // The seed would need the NIST pulse too (SPEC.md §5.3), which this page
            // does not fetch: better no ceremony than a seed shown wrong on screen.
            return Err((
                format!(
                    "这份承诺除 drand 外还指定了 NIST 随机信标脉冲（第 {} 链，{}）。本页只用 drand 抽取：请用命令行 fairdraw draw 目录 --beacon-file 轮次.json --nist-file 脉冲.json 抽取，结果可以在本站验证页核验",
                    nist.chain_index, nist.time_stamp
                ),
                format!(
                    "this commitment names a NIST beacon pulse (chain {}, {}) besides drand. This page draws with drand alone: draw it with the command line, fairdraw draw DIR --beacon-file ROUND.json --nist-file PULSE.json, and verify the result on this site's verification page",
                    nist.chain_index, nist.time_stamp
                ),
            ));
        }
        return Ok(Loaded::Commitment(Box::new(c)));
    }
    match serde_json::from_str::<Inputs>(text) {
        Ok(i) => Ok(Loaded::Inputs(Box::new(i))),
        Err(e) => Err((
            format!("这个文件既不是 inputs.json 也不是 commitment.json（{e}）"),
            format!("this file is neither inputs.json nor commitment.json ({e})"),
        )),
    }
}

/// The checked beacon value and what follows from it, as shown on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeaconView {
    pub chain: String,
    pub round: u64,
    pub randomness: String,
    pub commitment: String,
    pub chain_hash: String,
    pub seed: String,
    pub value: DrandRound,
}

/// Checks a beacon JSON against the committed chain and round, and derives the seed
/// (SPEC.md §5.2) so the audience sees every input of it.
pub fn check_beacon(commitment: &Commitment, text: &str) -> Result<BeaconView, (String, String)> {
    let chain = beacon::chain_by_hash(&commitment.beacon.chain_hash)
        .ok_or_else(|| ("承诺中的信标链未知".to_string(), "the committed beacon chain is unknown".to_string()))?;
    let value = beacon::parse_drand_json(text).map_err(|e| (e.zh(), e.en()))?;
    let verified = beacon::verify_drand(chain, commitment.beacon.round, &value).map_err(|e| (e.zh(), e.en()))?;
    let commitment_hash = unhex32(&commitment.commitment)
        .ok_or_else(|| ("承诺的哈希值不是 64 位十六进制".to_string(), "the commitment hash is not 64 hex digits".to_string()))?;
    // The ceremony draws drand-only commitments (a NIST one is refused on loading).
    let seed = protocol::seed_from_evidence(&commitment_hash, chain, &verified, None);
    Ok(BeaconView {
        chain: chain.name.to_string(),
        round: verified.round,
        randomness: hex(&verified.randomness),
        commitment: commitment.commitment.clone(),
        chain_hash: chain.chain_hash_hex(),
        seed: hex(&seed),
        value,
    })
}

/// One line of the reveal: a selected firm and its team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevealItem {
    pub task: String,
    pub id: String,
    pub name: String,
    /// Each member as [`stage::member_label`] shows them, in team order.
    pub team: Vec<String>,
    /// Drawn from a 100 % (census) stratum.
    pub census: bool,
}

/// Every selected firm, task by task, in the result's order.
pub fn reveal_items(bundle: &Bundle) -> Vec<RevealItem> {
    bundle
        .result
        .tasks
        .iter()
        .flat_map(|task| {
            task.selected.iter().map(move |s| RevealItem {
                task: format!("{} {}", task.number, task.name),
                id: s.id.clone(),
                name: s.name.clone(),
                team: s.team.iter().map(stage::member_label).collect(),
                census: usize::try_from(s.stratum).ok().and_then(|k| task.strata.get(k)).is_some_and(|st| st.census),
            })
        })
        .collect()
}

/// The name the bundle is saved under; a rehearsal says so in its name too.
pub fn bundle_file_name(commitment: &Commitment) -> String {
    document_file_name(commitment, "bundle", "json")
}

/// `PLAN-SEQUENCE-COMMITMENT[-rehearsal]-WHAT.EXT`: the names every download of one
/// draw shares. COMMITMENT is the commitment hash's first 8 hex digits, so that two
/// departments publishing on one site under the same plan number and sequence (each
/// department has its own chain) never give two different files one name.
pub fn document_file_name(commitment: &Commitment, what: &str, extension: &str) -> String {
    let safe: String = commitment.plan.number.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    let safe = if safe.is_empty() { "draw".to_string() } else { safe };
    let short: String = commitment.commitment.chars().filter(char::is_ascii_hexdigit).take(8).collect();
    let rehearsal = if commitment.rehearsal { "-rehearsal" } else { "" };
    format!("{safe}-{}-{short}{rehearsal}-{what}.{extension}", commitment.sequence)
}

/// A format 2 draw's documents for the three readers, and every firm's 核验码.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format2Documents {
    pub auditor: fairdraw::v2::Auditor,
    pub public: fairdraw::v2::Public,
    pub sealed: fairdraw::v2::Sealed2,
    /// (credit code, name, 核验码), directory order.
    pub codes: Vec<(String, String, String)>,
}

impl Format2Documents {
    /// The files to download: (test id, file name, MIME type, text).
    pub fn files(&self) -> Vec<(&'static str, String, &'static str, String)> {
        let c = &self.auditor.commitment;
        let json = |v: &dyn erased::Json| v.text();
        let codes = fairdraw::export::codes_sheet(&self.auditor.inputs.plan, &self.codes);
        vec![
            ("ceremony-download-public", document_file_name(c, "public", "json"), "application/json", json(&self.public)),
            ("ceremony-download-sealed", document_file_name(c, "sealed", "json"), "application/json", json(&self.sealed)),
            ("ceremony-download", document_file_name(c, "auditor", "json"), "application/json", json(&self.auditor)),
            ("ceremony-download-codes", document_file_name(c, "codes", "csv"), "text/csv", fairdraw::export::csv(&codes)),
        ]
    }
}

pub(crate) mod erased {
    /// A document as the text it is downloaded as.
    pub trait Json {
        fn text(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn text(&self) -> String {
            serde_json::to_string(self).map(|t| t + "\n").unwrap_or_default()
        }
    }
}

/// What a draw produced: the result as the screen and the papers show it, and in
/// format 2 the three documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    pub bundle: Rc<Bundle>,
    pub format2: Option<Rc<Format2Documents>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CeremonyState {
    pub inputs: Option<Rc<Inputs>>,
    /// The commitment's witnesses, when the project handed them over.
    pub witnesses: Vec<String>,
    pub commitment: Option<Rc<Commitment>>,
    /// Why the last file could not be used.
    pub load_error: Option<(String, String)>,
    pub beacon: BeaconStatus,
    pub checked: Option<Rc<BeaconView>>,
    /// Counts fetches so that answers of an abandoned one are ignored.
    pub fetch_run: u32,
    pub drawing: bool,
    pub bundle: Option<Rc<Bundle>>,
    /// Format 2: the documents to download.
    pub format2: Option<Rc<Format2Documents>>,
    pub draw_error: Option<(String, String)>,
    /// How many reveal items are shown.
    pub revealed: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CeremonyAction {
    Loaded(Loaded),
    /// Both files at once, from an in-browser project.
    Given(Box<CeremonyInput>),
    LoadFailed(String, String),
    FetchStarted { run: u32 },
    /// A fetch changed its status (not to a value: see [`CeremonyAction::Beacon`]).
    FetchStatus { run: u32, status: BeaconStatus },
    /// A beacon JSON, fetched from `source` or pasted.
    Beacon { text: String, source: String },
    Drawing,
    Drawn(Result<Drawn, (String, String)>),
    RevealNext,
    RevealAll,
}

impl CeremonyState {
    pub fn input(&self) -> Option<CeremonyInput> {
        Some(CeremonyInput { inputs: (*self.inputs.clone()?).clone(), commitment: (*self.commitment.clone()?).clone(), witnesses: self.witnesses.clone() })
    }

    pub fn rehearsal(&self) -> bool {
        self.commitment.as_ref().is_some_and(|c| c.rehearsal)
    }

    /// Both files are there and belong together (same section hashes).
    pub fn mismatch(&self) -> Option<(String, String)> {
        let (inputs, commitment) = (self.inputs.as_ref()?, self.commitment.as_ref()?);
        match protocol::section_hashes(inputs) {
            Ok(h) if h == commitment.inputs => None,
            _ => Some((
                "inputs.json 与 commitment.json 不符：它们不是同一次承诺的文件，或承诺之后输入被改动过".into(),
                "inputs.json does not match commitment.json: they are not from the same commitment, or the inputs changed after it".into(),
            )),
        }
    }

    pub fn reveal_total(&self) -> usize {
        self.bundle.as_ref().map(|b| b.result.tasks.iter().map(|t| t.selected.len()).sum()).unwrap_or(0)
    }

    fn apply(&self, action: CeremonyAction) -> CeremonyState {
        let mut next = self.clone();
        match action {
            CeremonyAction::Loaded(loaded) => {
                // A new file starts the ceremony over: a beacon or result of other files
                // must never stay on screen.
                next = CeremonyState { inputs: self.inputs.clone(), commitment: self.commitment.clone(), fetch_run: self.fetch_run, ..Default::default() };
                match loaded {
                    Loaded::Inputs(i) => next.inputs = Some(Rc::new(*i)),
                    Loaded::Commitment(c) => next.commitment = Some(Rc::new(*c)),
                }
            }
            CeremonyAction::Given(given) => {
                next = CeremonyState {
                    witnesses: given.witnesses,
                    inputs: Some(Rc::new(given.inputs)),
                    commitment: Some(Rc::new(given.commitment)),
                    fetch_run: self.fetch_run,
                    ..Default::default()
                };
            }
            CeremonyAction::LoadFailed(zh, en) => next.load_error = Some((zh, en)),
            CeremonyAction::FetchStarted { run } => {
                next.fetch_run = run;
                next.beacon = BeaconStatus::Fetching { relay: String::new(), index: 0, of: 0 };
            }
            CeremonyAction::FetchStatus { run, status } => {
                if run == self.fetch_run && self.checked.is_none() {
                    next.beacon = status;
                }
            }
            CeremonyAction::Beacon { text, source } => {
                if self.checked.is_some() {
                    return next;
                }
                let Some(commitment) = self.commitment.as_ref() else {
                    return next;
                };
                match check_beacon(commitment, &text) {
                    Ok(view) => {
                        next.beacon = BeaconStatus::Verified { source };
                        next.checked = Some(Rc::new(view));
                    }
                    Err((zh, en)) => next.beacon = BeaconStatus::Invalid { zh, en },
                }
                // A fetch still running must not overwrite what was just decided.
                next.fetch_run = self.fetch_run.wrapping_add(1);
            }
            CeremonyAction::Drawing => {
                next.drawing = true;
                next.draw_error = None;
            }
            CeremonyAction::Drawn(result) => {
                next.drawing = false;
                match result {
                    Ok(drawn) => {
                        next.bundle = Some(drawn.bundle);
                        next.format2 = drawn.format2;
                        next.revealed = 0;
                    }
                    Err(e) => next.draw_error = Some(e),
                }
            }
            CeremonyAction::RevealNext => next.revealed = (self.revealed + 1).min(self.reveal_total()),
            CeremonyAction::RevealAll => next.revealed = self.reveal_total(),
        }
        next
    }
}

impl Reducible for CeremonyState {
    type Action = CeremonyAction;

    fn reduce(self: Rc<Self>, action: CeremonyAction) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// Runs the draw of `input` with the checked beacon value: the core's `draw_bundle`,
/// which checks everything again. `randomness` (fresh, from the browser's generator)
/// locks the sealed document's list to its round (SPEC §10.9).
pub fn run_draw(
    input: CeremonyInput,
    value: DrandRound,
    randomness: &[u8; fairdraw::timelock::RANDOMNESS_LEN],
) -> Result<Drawn, (String, String)> {
    let joined = |problems: fairdraw::Problems| {
        let zh: Vec<String> = problems.0.iter().map(|p| p.text.zh.clone()).collect();
        let en: Vec<String> = problems.0.iter().map(|p| p.text.en.clone()).collect();
        (zh.join("；"), en.join("; "))
    };
    if input.inputs.format != fairdraw::v2::FORMAT {
        let bundle = protocol::draw_bundle(input.inputs, input.commitment, value).map_err(joined)?;
        return Ok(Drawn { bundle: Rc::new(bundle), format2: None });
    }
    let evidence = protocol::BeaconEvidence { drand: value, nist_pulse: None };
    let mut auditor = fairdraw::v2::draw_auditor(input.inputs, input.commitment, evidence).map_err(joined)?;
    auditor.witnesses = input.witnesses;
    let one = |p: fairdraw::Problem| joined(p.into());
    let bundle = fairdraw::organizer::papers_view(&auditor).map_err(one)?;
    let public = fairdraw::v2::public_document(&auditor).map_err(one)?;
    let sealed = fairdraw::v2::sealed_document(&public, None, randomness).map_err(|t| (t.zh, t.en))?;
    let codes = fairdraw::v2::codes_list(&auditor.inputs).map_err(one)?;
    Ok(Drawn { bundle: Rc::new(bundle), format2: Some(Rc::new(Format2Documents { auditor, public, sealed, codes })) })
}

#[cfg(test)]
mod tests {
    use super::*;

    const INPUTS: &str = include_str!("../../../tests/fixtures/ceremony/inputs.json");
    const COMMITMENT: &str = include_str!("../../../tests/fixtures/ceremony/commitment.json");
    const ROUND_1000: &str = include_str!("../../../tests/fixtures/ceremony/round-1000.json");
    const ROUND_123: &str = include_str!("../../../tests/fixtures/ceremony/round-123.json");

    fn loaded() -> CeremonyState {
        let s = CeremonyState::default();
        let Ok(i) = read_file(INPUTS) else { panic!("inputs") };
        let Ok(c) = read_file(COMMITMENT) else { panic!("commitment") };
        assert!(matches!(i, Loaded::Inputs(_)) && matches!(c, Loaded::Commitment(_)));
        s.apply(CeremonyAction::Loaded(c)).apply(CeremonyAction::Loaded(i))
    }

    #[test]
    fn a_commitment_with_a_nist_pulse_is_refused_with_the_way_to_draw_it() {
        let mut c: serde_json::Value = serde_json::from_str(COMMITMENT).unwrap();
        c["beacon"]["nist"] = serde_json::json!({"chain_index": 2, "time_stamp": "2026-09-01T03:04:00Z"});
        let Err((zh, en)) = read_file(&c.to_string()) else { panic!("a NIST commitment must be refused") };
        assert!(zh.contains("NIST") && zh.contains("--nist-file") && zh.contains("2026-09-01T03:04:00Z"), "{zh}");
        assert!(en.contains("NIST") && en.contains("--nist-file"), "{en}");
    }

    #[test]
    fn files_are_recognised_by_content() {
        assert!(read_file("{\"round\": 1}").is_err());
        let s = loaded();
        assert!(s.rehearsal());
        assert_eq!(s.mismatch(), None);
        assert!(s.input().is_some());
    }

    #[test]
    fn a_wrong_round_is_invalid_with_the_reason() {
        let s = loaded().apply(CeremonyAction::Beacon { text: ROUND_123.into(), source: "paste".into() });
        let BeaconStatus::Invalid { zh, en } = &s.beacon else { panic!("{:?}", s.beacon) };
        assert!(zh.contains("123") && en.contains("1000"), "{zh} / {en}");
        assert!(s.checked.is_none());
    }

    #[test]
    fn the_committed_round_draws_the_same_as_the_core() {
        let s = loaded().apply(CeremonyAction::FetchStarted { run: 1 });
        let s = s.apply(CeremonyAction::Beacon { text: ROUND_1000.into(), source: "relay".into() });
        assert_eq!(s.beacon.code(), "verified");
        // A late status of the fetch does not undo the verification.
        let s = s.apply(CeremonyAction::FetchStatus { run: 1, status: BeaconStatus::NotYet { emission: 0 } });
        assert_eq!(s.beacon.code(), "verified");
        let view = s.checked.clone().expect("checked");
        assert_eq!(view.randomness, "fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd");
        let drawn = run_draw(s.input().expect("input"), view.value.clone(), &[7; 48]).expect("draw");
        let bundle = drawn.bundle.clone();
        assert_eq!(bundle.result.seed, view.seed);
        let s = s.apply(CeremonyAction::Drawn(Ok(drawn)));
        let total = s.reveal_total();
        assert!(total > 0);
        assert_eq!(reveal_items(&bundle).len(), total);
        let s = s.apply(CeremonyAction::RevealNext);
        assert_eq!(s.revealed, 1);
        let s = s.apply(CeremonyAction::RevealAll).apply(CeremonyAction::RevealNext);
        assert_eq!(s.revealed, total);
        assert!(bundle_file_name(&bundle.commitment).ends_with("-rehearsal-bundle.json"));
    }

    #[test]
    fn file_names_tell_apart_two_departments_with_one_plan_number() {
        let Ok(Loaded::Commitment(c)) = read_file(COMMITMENT) else { panic!("commitment") };
        let name = document_file_name(&c, "public", "json");
        let short = &c.commitment[..8];
        let plan: String = c.plan.number.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        assert_eq!(name, format!("{plan}-{}-{short}-rehearsal-public.json", c.sequence));
        let mut other = (*c).clone();
        other.department = "另一个部门".into();
        other.commitment = "0123456789abcdef".repeat(4);
        assert_ne!(document_file_name(&other, "public", "json"), name, "same plan number and sequence, another commitment");
    }

    #[test]
    fn a_new_file_clears_the_beacon_and_result() {
        let s = loaded().apply(CeremonyAction::Beacon { text: ROUND_1000.into(), source: "paste".into() });
        let Ok(c) = read_file(COMMITMENT) else { panic!("commitment") };
        let s = s.apply(CeremonyAction::Loaded(c));
        assert_eq!(s.beacon.code(), "waiting");
        assert!(s.checked.is_none() && s.bundle.is_none());
    }
}
