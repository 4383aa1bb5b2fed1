//! Format 2 (SPEC §10): anyone verifies the draw from a public document that names
//! no unselected firm; each firm checks its own outcome with its 核验码; auditors
//! verify everything from the full inputs.
//!
//! Three documents of one draw: the auditor document (the full inputs, as format 1's
//! bundle), the public document (public inputs with blinded entries, the result,
//! and the records of the selected firms), and the sealed document (the public
//! document before any firm is named).

pub mod codes;
pub mod draw;
pub mod lookup;
pub mod public;
pub mod seal;
pub mod verify;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::hashing::{hex, unhex32, Hash};
use crate::problem::{Problem, Problems};
use crate::protocol::{BeaconEvidence, Commitment, Inputs};
use draw::{Result2, Selection2};
use public::PublicInputs;

pub const FORMAT: &str = "fairdraw/2";


/// `document` of each format 2 document.
pub const AUDITOR: &str = "auditor";
pub const PUBLIC: &str = "public";
pub const SEALED: &str = "sealed";

/// The auditor document: everything, for 上级部门, 纪检监察 and courts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auditor {
    pub format: String,
    pub document: String,
    pub commitment: Commitment,
    pub inputs: Inputs,
    pub beacon: BeaconEvidence,
    /// Time-stamp tokens over the commitment hash (hex of DER), SPEC §10.8.
    pub witnesses: Vec<String>,
    pub result: Result2,
    pub result_sha256: String,
}

/// The public document: what a department publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Public {
    pub format: String,
    pub document: String,
    pub commitment: Commitment,
    pub public: PublicInputs,
    pub beacon: BeaconEvidence,
    pub witnesses: Vec<String>,
    pub result: Result2,
    /// The selected firms' records and keys, by ID.
    pub revealed: Vec<Revealed>,
    pub result_sha256: String,
}

/// The sealed document: the draw is fixed and its selection verifies, while no firm
/// is named until `reveal_after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sealed2 {
    pub format: String,
    pub document: String,
    pub commitment: Commitment,
    pub public: PublicInputs,
    pub beacon: BeaconEvidence,
    pub witnesses: Vec<String>,
    pub selection: Selection2,
    pub result_sha256: String,
    pub reveal_after: String,
    /// The reveal, locked to a quicknet round (SPEC §10.9).
    pub timelock: seal::Timelock,
}

/// A selected firm as the public document reveals it: its key and its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revealed {
    pub id: String,
    /// 20 hex digits: the firm's 核验码.
    pub key: String,
    pub name: String,
    pub industry: String,
    pub region: String,
    pub conflicts: Vec<String>,
    pub public: BTreeMap<String, String>,
}

impl Revealed {
    /// The record as sealed, borrowed.
    pub fn record_view(&self) -> codes::RecordView<'_> {
        codes::RecordView {
            id: &self.id,
            name: &self.name,
            industry: &self.industry,
            region: &self.region,
            conflicts: &self.conflicts,
            public: &self.public,
        }
    }

    pub fn record(&self) -> codes::Record {
        codes::Record {
            id: self.id.clone(),
            name: self.name.clone(),
            industry: self.industry.clone(),
            region: self.region.clone(),
            conflicts: self.conflicts.clone(),
            public: self.public.clone(),
        }
    }
}

fn secret_of(inputs: &Inputs) -> Result<Hash, Problem> {
    inputs.secret.as_deref().and_then(unhex32).ok_or_else(|| {
        Problem::new("输入中没有 32 字节的核验码密钥（secret）", "the inputs have no 32-byte secret").in_file("inputs")
    })
}

/// After the round: checks the commitment, inputs and beacon as a verifier would,
/// derives the seed and draws; the auditor document.
pub fn draw_auditor(inputs: Inputs, commitment: Commitment, beacon: BeaconEvidence) -> Result<Auditor, Problems> {
    let mut a = auditor_to_draw(inputs, commitment, beacon)?;
    (a.result, a.result_sha256) = draw_result(&a)?;
    Ok(a)
}

/// The auditor document of a draw before the draw: its result and digest are
/// placeholders, which [`draw_result`] replaces. Everything it is made from is known,
/// so a large document can be written while the draw runs ([`write_auditor_head`]).
pub fn auditor_to_draw(inputs: Inputs, commitment: Commitment, beacon: BeaconEvidence) -> Result<Auditor, Problems> {
    crate::protocol::pulse_as_committed(&commitment, &beacon.nist_pulse)?;
    Ok(Auditor {
        format: FORMAT.to_string(),
        document: AUDITOR.to_string(),
        commitment,
        inputs,
        beacon,
        witnesses: Vec::new(),
        // Placeholders in their one form, so that the checks before the result judge
        // only what the draw is made from.
        result: Result2 { seed: "0".repeat(64), tasks: Vec::new() },
        result_sha256: "0".repeat(64),
    })
}

/// The draw of an [`auditor_to_draw`] document: checks the commitment, inputs and
/// beacon as a verifier would, derives the seed and draws; the result and its digest.
pub fn draw_result(a: &Auditor) -> Result<(Result2, String), Problems> {
    let before = verify::auditor_before_result(a, crate::verify::Seams::FULL);
    if before.failures.is_some() {
        return Err(Problems(before.failures.unwrap_or_default()));
    }
    let seed = before.seed.ok_or_else(|| Problem::new("信标未通过验证", "the beacon did not verify"))?;
    let derived = before.derived.expect("derived whenever the checks pass");
    let result = verify::auditor_result(a, &derived, &seed);
    let digest = hex(&draw::result_digest(&result));
    Ok((result, digest))
}

/// The start of an auditor document's compact JSON, up to its inputs: the members
/// known before the draw. [`write_auditor_tail`] writes the rest; the two together are
/// `serde_json::to_writer` of the document, byte for byte.
pub fn write_auditor_head(a: &Auditor, mut out: impl std::io::Write) -> std::io::Result<()> {
    write_member(&mut out, b'{', "format", &a.format)?;
    write_member(&mut out, b',', "document", &a.document)?;
    write_member(&mut out, b',', "commitment", &a.commitment)?;
    write_member(&mut out, b',', "inputs", &a.inputs)
}

/// The rest of an auditor document after [`write_auditor_head`].
pub fn write_auditor_tail(a: &Auditor, mut out: impl std::io::Write) -> std::io::Result<()> {
    write_member(&mut out, b',', "beacon", &a.beacon)?;
    write_member(&mut out, b',', "witnesses", &a.witnesses)?;
    write_member(&mut out, b',', "result", &a.result)?;
    write_member(&mut out, b',', "result_sha256", &a.result_sha256)?;
    out.write_all(b"}")
}

/// One member of an object as serde_json writes it, after `before` (the object's
/// `{`, or the `,` after the member before).
fn write_member(out: &mut impl std::io::Write, before: u8, key: &str, value: &impl Serialize) -> std::io::Result<()> {
    out.write_all(&[before])?;
    serde_json::to_writer(&mut *out, key)?;
    out.write_all(b":")?;
    Ok(serde_json::to_writer(out, value)?)
}

/// The public document of an auditor document (which must verify).
pub fn public_document(a: &Auditor) -> Result<Public, Problem> {
    let secret = secret_of(&a.inputs)?;
    let report = crate::plan::evaluate(&a.inputs.plan, &a.inputs.directories);
    public_document_from(a, public::derive(&a.inputs.plan, &a.inputs.directories, &report, &secret))
}

/// An auditor document verified and, unless it is invalid, its public document, both
/// from one derivation of the public inputs: deriving them is much of the work for a
/// large directory.
pub fn verify_and_publish(a: &Auditor) -> (crate::verify::Report, Option<Result<Public, Problem>>) {
    let (report, derived) = verify::verify_auditor_keeping(a, crate::verify::Seams::FULL);
    let public = derived.filter(|_| report.verdict != crate::verify::Verdict::Invalid).map(|derived| public_document_from(a, derived));
    (report, public)
}

fn public_document_from(a: &Auditor, derived: public::Derived) -> Result<Public, Problem> {
    let d = &a.inputs.directories;
    let conflicts = public::conflicts_by_firm(d);
    let fields = public::public_fields(&a.inputs.plan);
    let mut ids: Vec<&str> = a.result.tasks.iter().flat_map(|t| t.selected.iter().map(|s| s.id.as_str())).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut revealed = Vec::with_capacity(ids.len());
    for id in ids {
        let index = d.enterprises.binary_search_by(|e| e.id.as_str().cmp(id)).map_err(|_| {
            Problem::new(format!("结果中的企业 {id} 不在名录中"), format!("firm {id} of the result is not in the directory"))
        })?;
        let e = &d.enterprises[index];
        let record = codes::record(e, conflicts.get(e.id.as_str()).cloned().unwrap_or_default(), &fields);
        revealed.push(Revealed {
            id: record.id,
            key: hex(&derived.keys[index]),
            name: record.name,
            industry: record.industry,
            region: record.region,
            conflicts: record.conflicts,
            public: record.public,
        });
    }
    Ok(Public {
        format: FORMAT.to_string(),
        document: PUBLIC.to_string(),
        commitment: a.commitment.clone(),
        public: derived.public,
        beacon: a.beacon.clone(),
        witnesses: a.witnesses.clone(),
        result: a.result.clone(),
        revealed,
        result_sha256: a.result_sha256.clone(),
    })
}

pub use seal::sealed_document;

/// Every firm's credit code, name and 核验码 (directory order), to hand out.
pub fn codes_list(inputs: &Inputs) -> Result<Vec<(String, String, String)>, Problem> {
    let secret = secret_of(inputs)?;
    let keys = public::keys(&secret, &inputs.directories);
    Ok(inputs
        .directories
        .enterprises
        .iter()
        .zip(keys)
        .map(|(e, k)| (e.id.clone(), e.name.clone(), codes::code_text(&k)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_auditor_documents_head_and_tail_are_its_json() {
        for text in [
            include_str!("../../../tests/vectors/spec/format2-auditor-small.json"),
            include_str!("../../../tests/vectors/spec/format2-auditor-groups.json"),
        ] {
            let mut a: Auditor = serde_json::from_str(text).unwrap();
            a.witnesses.push("3082".into());
            let mut split = Vec::new();
            write_auditor_head(&a, &mut split).unwrap();
            write_auditor_tail(&a, &mut split).unwrap();
            assert_eq!(String::from_utf8(split).unwrap(), serde_json::to_string(&a).unwrap());
        }
    }

    #[test]
    fn drawing_in_two_steps_draws_as_in_one() {
        let text = include_str!("../../../tests/vectors/spec/format2-auditor-small.json");
        let a: Auditor = serde_json::from_str(text).unwrap();
        let to_draw = auditor_to_draw(a.inputs.clone(), a.commitment.clone(), a.beacon.clone()).unwrap();
        assert_eq!(draw_result(&to_draw).unwrap(), (a.result.clone(), a.result_sha256.clone()));
        let drawn = draw_auditor(a.inputs.clone(), a.commitment.clone(), a.beacon.clone()).unwrap();
        assert_eq!(drawn, Auditor { witnesses: Vec::new(), ..a });
    }
}
