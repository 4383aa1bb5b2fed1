//! SPEC §7.1: the sealed result — the draw happened and its result hash is fixed,
//! while the list stays confidential until the inspections are over.

use serde::{Deserialize, Serialize};

use crate::protocol::{BeaconEvidence, Bundle, Commitment, FORMAT};

/// `document` of a sealed result.
pub const SEALED_DOCUMENT: &str = "sealed-result";

/// 结果封存公告: the draw has happened and its result is fixed, but the list stays
/// confidential until the inspections are over (seed 002 第九条). Published in place
/// of the bundle until `reveal_after`; the bundle published later must carry the
/// same `result_sha256`, or the 公示 index refuses it.
///
/// It reveals nothing the commitment did not: the directories stay private, and
/// without them neither the seed nor the result hash says which firms were drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sealed {
    pub format: String,
    /// Always [`SEALED_DOCUMENT`]: tells this file from a commitment or a bundle.
    pub document: String,
    pub commitment: Commitment,
    pub beacon: BeaconEvidence,
    pub result_sha256: String,
    /// `YYYY-MM-DD`: the last day of the latest task window; the full bundle is
    /// published after it.
    pub reveal_after: String,
}

/// The day after which a sealed draw's list is published: the last day of the
/// latest task window.
pub fn reveal_after(plan: &crate::model::Plan) -> String {
    plan.tasks.iter().map(|t| t.window.end.clone()).max().unwrap_or_default()
}

/// The sealed result of a drawn (and verified) bundle.
pub fn seal(b: &Bundle) -> Sealed {
    let reveal_after = reveal_after(&b.inputs.plan);
    Sealed {
        format: FORMAT.to_string(),
        document: SEALED_DOCUMENT.to_string(),
        commitment: b.commitment.clone(),
        beacon: b.beacon.clone(),
        result_sha256: b.result_sha256.clone(),
        reveal_after,
    }
}

