//! The draw ceremony (抽取): the commitment folder's two files in, the committed
//! drand round checked on screen, the draw run by the core, the result revealed firm
//! by firm. Pure state and its changes; the page (components/draw.rs) only wires
//! events and browser calls to it.

pub mod relays;
pub mod stage;

use std::rc::Rc;

use fairdraw::beacon::{self, DrandRound};
use fairdraw::hashing::{hex, unhex32};
use fairdraw::organizer::KeptDraw;
use fairdraw::protocol::{self, Bundle, Commitment, Inputs};
use fairdraw::timelock::RANDOMNESS_LEN;
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
    /// The beacon JSON as it came, kept with the draw so that it can be checked again.
    pub text: String,
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
        text: text.to_string(),
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
    /// The result was rebuilt from the draw kept in the project, not drawn here and now.
    pub restored: bool,
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
    /// The draw kept in the project, rebuilt by [`rebuild`]: shown whole, as drawn before.
    Restored(Box<Rebuilt>),
}

/// A draw kept in the project, checked and computed again: everything the page shows
/// of a draw, as if it had just been made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    pub input: CeremonyInput,
    pub view: BeaconView,
    pub source: String,
    pub drawn: Drawn,
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

    /// The page as it stands after `rebuilt`: verified, drawn, all revealed.
    fn restored(rebuilt: Rebuilt, fetch_run: u32) -> CeremonyState {
        let Rebuilt { input, view, source, drawn } = rebuilt;
        let mut state = CeremonyState {
            inputs: Some(Rc::new(input.inputs)),
            witnesses: input.witnesses,
            commitment: Some(Rc::new(input.commitment)),
            beacon: BeaconStatus::Verified { source },
            checked: Some(Rc::new(view)),
            fetch_run,
            bundle: Some(drawn.bundle),
            format2: drawn.format2,
            restored: true,
            ..Default::default()
        };
        state.revealed = state.reveal_total();
        state
    }

    /// What to keep in the project of the draw just made with `randomness`: the
    /// checked beacon as it came and where from (format 1 seals nothing, so keeps no
    /// randomness).
    pub fn kept_draw(&self, randomness: &[u8; RANDOMNESS_LEN]) -> Option<KeptDraw> {
        let view = self.checked.as_ref()?;
        let BeaconStatus::Verified { source } = &self.beacon else { return None };
        let format2 = self.inputs.as_ref()?.format == fairdraw::v2::FORMAT;
        Some(KeptDraw { beacon: view.text.clone(), source: source.clone(), timelock_randomness: format2.then(|| hex(randomness)) })
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
            CeremonyAction::Restored(rebuilt) => {
                // Only into an empty page or one waiting on the same commitment: a
                // result already there, or other files, are never replaced.
                let same = self.commitment.as_ref().is_none_or(|c| **c == rebuilt.input.commitment);
                if self.bundle.is_some() || self.drawing || !same {
                    return next;
                }
                next = CeremonyState::restored(*rebuilt, self.fetch_run.wrapping_add(1));
            }
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

/// The randomness to draw with: a commitment drawn before is drawn again with the
/// randomness kept from then, so that its documents come out the same bytes and no
/// second, different sealed document can exist; otherwise `fresh()`.
pub fn draw_randomness(
    input: &CeremonyInput,
    kept: Option<&KeptDraw>,
    fresh: impl FnOnce() -> Option<[u8; RANDOMNESS_LEN]>,
) -> Result<[u8; RANDOMNESS_LEN], (String, String)> {
    let format2 = input.inputs.format == fairdraw::v2::FORMAT;
    match kept {
        Some(kept) if format2 => kept.timelock_bytes().ok_or_else(|| {
            (
                "项目中保存的抽取记录已损坏（时间锁随机数不可读），不能再次生成同样的文件".to_string(),
                "the draw kept in the project is damaged (its time-lock randomness is unreadable): the same documents cannot be made again".to_string(),
            )
        }),
        // Format 1 seals nothing: the randomness is not used.
        Some(_) => Ok([0; RANDOMNESS_LEN]),
        None => fresh().ok_or_else(|| {
            (
                "此浏览器没有安全随机数发生器，无法为封存名单加时间锁".to_string(),
                "this browser has no secure random generator to time-lock the sealed list with".to_string(),
            )
        }),
    }
}

/// The draw kept in the project for `input`, made again: the beacon checked against
/// the commitment as on the day, the documents computed anew from the inputs. The
/// stored text is never taken for a result.
pub fn rebuild(input: CeremonyInput, kept: &KeptDraw) -> Result<Rebuilt, (String, String)> {
    let view = check_beacon(&input.commitment, &kept.beacon)?;
    let randomness = draw_randomness(&input, Some(kept), || None)?;
    let drawn = run_draw(input.clone(), view.value.clone(), &randomness)?;
    Ok(Rebuilt { input, view, source: kept.source.clone(), drawn })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organizer::commit::{choose_round, current, make_commitment, CommitRequest};
    use crate::organizer::project::Project;
    use crate::organizer::state::{Action, OrganizerState};

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

    /// The demo project committed as a rehearsal to round 1000, as the 承诺 page does it.
    fn committed_demo() -> OrganizerState {
        let s = OrganizerState::new(Default::default()).apply(Action::Restored(None)).apply(Action::LoadDemo);
        let request = CommitRequest {
            choice: choose_round("quicknet", "", true, "1000").expect("round"),
            rehearsal: true,
            salt: "00112233445566778899aabbccddeeff".into(),
            secret: "5e".repeat(32),
            now: 20_788 * 86_400 + 3600,
        };
        let record = make_commitment(&s.project, &request).expect("commitment");
        s.with_commitment(record)
    }

    fn project_input(org: &OrganizerState) -> CeremonyInput {
        let (inputs, commitment) = current(&org.project).expect("locked").expect("inputs");
        CeremonyInput { inputs: inputs.inputs(), commitment, witnesses: Vec::new() }
    }

    fn sealed_text(drawn: &Drawn) -> String {
        let files = drawn.format2.as_ref().expect("format 2").files();
        files.into_iter().find(|f| f.0 == "ceremony-download-sealed").expect("sealed").3
    }

    #[test]
    fn a_kept_draw_gives_back_the_same_documents_and_no_other_draw() {
        let org = committed_demo();
        let input = project_input(&org);
        let s = CeremonyState::default()
            .apply(CeremonyAction::Given(Box::new(input.clone())))
            .apply(CeremonyAction::Beacon { text: ROUND_1000.into(), source: "粘贴".into() });
        let value = s.checked.as_ref().expect("verified").value.clone();
        let randomness = draw_randomness(&input, None, || Some([9; RANDOMNESS_LEN])).expect("fresh");
        let drawn = run_draw(input.clone(), value.clone(), &randomness).expect("draw");
        let first = drawn.format2.as_ref().expect("format 2").files();
        let kept = s.kept_draw(&randomness).expect("kept");
        assert_eq!((kept.beacon.as_str(), kept.source.as_str()), (ROUND_1000, "粘贴"));
        assert_eq!(kept.timelock_randomness.as_deref(), Some("09".repeat(RANDOMNESS_LEN).as_str()));

        // Kept with the commitment, through the project file as after a reload.
        let hash = input.commitment.commitment.clone();
        let org = org.apply(Action::Drew { commitment: hash.clone(), kept: Box::new(kept.clone()) });
        let reloaded = Project::from_json(&org.project.to_json()).expect("project");
        let back = reloaded.commitments.last().and_then(|r| r.drawn.clone()).expect("drawn kept");
        assert_eq!(back, kept);

        // Drawing again takes the kept randomness, whatever the generator gives now,
        // and makes the very same files.
        let again = draw_randomness(&input, Some(&back), || Some([1; RANDOMNESS_LEN])).expect("kept");
        let second = run_draw(input.clone(), value.clone(), &again).expect("second draw");
        assert_eq!(second.format2.as_ref().expect("format 2").files(), first);
        let rebuilt = rebuild(input.clone(), &back).expect("rebuilt");
        assert_eq!(rebuilt.drawn.format2.as_ref().expect("format 2").files(), first);
        // Fresh randomness would have sealed another document: the comparison can fail.
        let other = run_draw(input.clone(), value, &[1; RANDOMNESS_LEN]).expect("other");
        assert_ne!(sealed_text(&other), sealed_text(&drawn));

        // Shown whole, as drawn before.
        let restored = CeremonyState::default().apply(CeremonyAction::Restored(Box::new(rebuilt.clone())));
        assert!(restored.restored && restored.bundle.is_some());
        assert_eq!(restored.beacon, BeaconStatus::Verified { source: "粘贴".into() });
        assert!(restored.reveal_total() > 0);
        assert_eq!(restored.revealed, restored.reveal_total());
        // A result already on the page is never replaced.
        let shown = s.apply(CeremonyAction::Drawn(Ok(other)));
        assert!(!shown.apply(CeremonyAction::Restored(Box::new(rebuilt))).restored);
    }

    #[test]
    fn a_kept_draw_is_checked_again_before_it_is_shown() {
        let input = project_input(&committed_demo());
        let kept = KeptDraw { beacon: ROUND_123.into(), source: "粘贴".into(), timelock_randomness: Some("09".repeat(RANDOMNESS_LEN)) };
        let Err((zh, en)) = rebuild(input.clone(), &kept) else { panic!("another round must be refused") };
        assert!(zh.contains("123") && en.contains("1000"), "{zh} / {en}");
        let damaged = KeptDraw { beacon: ROUND_1000.into(), timelock_randomness: Some("09".into()), ..kept };
        let Err((zh, _)) = rebuild(input.clone(), &damaged) else { panic!("damaged randomness must be refused") };
        assert!(zh.contains("时间锁"), "{zh}");
        let missing = KeptDraw { timelock_randomness: None, ..damaged };
        assert!(draw_randomness(&input, Some(&missing), || Some([1; RANDOMNESS_LEN])).is_err());
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
