//! SPEC §10.3: the public inputs — what the public document publishes in place of the
//! directories: the plan, the inspectors without their conflicts, the checklist, the
//! directory's size, and per stratum the sorted entries (token and seal) of its
//! members.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::codes::{self, Key, ENTRY_BYTES, TOKEN_BYTES};
use crate::canonical::{self, CanonicalObject, CanonicalRecord};
use crate::hashing::{hex, Hash};
use crate::model::{ChecklistItem, Directories, Inspector, Plan};
use crate::plan::PlanReport;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicInputs {
    pub plan: Plan,
    /// The inspector directory with every `conflicts` empty.
    pub inspectors: Vec<Inspector>,
    pub checklist: Vec<ChecklistItem>,
    pub directory: DirectorySize,
    pub tasks: Vec<PublicTask>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectorySize {
    /// Firms in the directory.
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub enterprises: u64,
    /// Firms whose status is one of the plan's active statuses.
    #[serde(deserialize_with = "crate::canonical::safe_u64")]
    pub active: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicTask {
    pub number: String,
    pub strata: Vec<PublicStratum>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicStratum {
    pub values: Vec<String>,
    pub census: bool,
    /// Hex of the members' entries (token ‖ seal, 32 bytes each), in token order.
    pub entries: String,
}

impl PublicStratum {
    /// The number of entries; 0 when `entries` is not ASCII of whole entries (check 1
    /// refuses such a document, and a lookup in it must not fail on it either).
    pub fn len(&self) -> usize {
        if self.entries.len() % (ENTRY_BYTES * 2) != 0 || !self.entries.is_ascii() {
            return 0;
        }
        self.entries.len() / (ENTRY_BYTES * 2)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The hex of entry `k`'s token and of its seal (`k` below [`PublicStratum::len`]).
    pub fn entry(&self, k: usize) -> (&str, &str) {
        let at = k * ENTRY_BYTES * 2;
        let part = |from: usize, to: usize| self.entries.get(from..to).unwrap_or_default();
        (part(at, at + TOKEN_BYTES * 2), part(at + TOKEN_BYTES * 2, at + ENTRY_BYTES * 2))
    }

    /// The position of the entry with this token (hex), if any.
    pub fn find(&self, token: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.entry(mid).0.cmp(token) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// Writes a stratum's `entries` string: in full, or (for a digest) a gap to hash the
/// string into from where it is kept.
type EntriesWriter<'a, 'e> = &'a mut dyn FnMut(&mut Vec<u8>, &'e str);

impl PublicStratum {
    fn write_with<'e>(&'e self, out: &mut Vec<u8>, entries: EntriesWriter<'_, 'e>) {
        let mut o = CanonicalObject::new(out);
        o.bool("census", self.census);
        entries(o.key("entries"), &self.entries);
        o.strs("values", &self.values);
        o.end();
    }
}

impl PublicTask {
    fn write_with<'e>(&'e self, out: &mut Vec<u8>, entries: EntriesWriter<'_, 'e>) {
        let mut o = CanonicalObject::new(out);
        o.str("number", &self.number);
        o.list("strata", &self.strata, |out, s| s.write_with(out, entries));
        o.end();
    }
}

impl CanonicalRecord for PublicStratum {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        self.write_with(out, &mut |out, e| canonical::write_string(out, e));
    }
}

impl CanonicalRecord for PublicTask {
    fn write_canonical(&self, out: &mut Vec<u8>) {
        self.write_with(out, &mut |out, e| canonical::write_string(out, e));
    }
}

impl PublicInputs {
    /// `SHA-256(JCS(public inputs))`, the commitment's `public` member.
    /// The entries (128 MB of hex for a million firms) are hashed from where they are
    /// kept, not copied into the canonical text first: it is written with a gap for
    /// each, and hashed piece by piece.
    pub fn digest(&self) -> Result<Hash, canonical::CanonicalError> {
        let mut out = Vec::with_capacity(64 * 1024);
        let mut gaps: Vec<(usize, &str)> = Vec::new();
        let mut entries = |out: &mut Vec<u8>, e| {
            let e: &str = e;
            if canonical::is_plain(e) {
                out.extend_from_slice(b"\"\"");
                gaps.push((out.len() - 1, e));
            } else {
                canonical::write_string(out, e);
            }
        };
        let mut o = CanonicalObject::new(&mut out);
        o.records("checklist", &self.checklist);
        let dir = o.key("directory");
        let mut d = CanonicalObject::new(dir);
        d.u64("active", self.directory.active);
        d.u64("enterprises", self.directory.enterprises);
        d.end();
        o.records("inspectors", &self.inspectors);
        let plan = o.key("plan");
        canonical::write_value(plan, &serde_json::to_value(&self.plan).expect("a plan serialises"))?;
        o.list("tasks", &self.tasks, |out, t| t.write_with(out, &mut entries));
        o.end();
        let mut hasher = Sha256::new();
        let mut at = 0;
        for (gap, e) in gaps {
            hasher.update(&out[at..gap]);
            hasher.update(e.as_bytes());
            at = gap;
        }
        hasher.update(&out[at..]);
        Ok(hasher.finalize().into())
    }
}

/// The declared public fields of a format 2 plan (its default when it declares none).
pub fn public_fields(plan: &Plan) -> Vec<String> {
    plan.public_fields.clone().unwrap_or_else(|| codes::DEFAULT_PUBLIC_FIELDS.iter().map(|s| s.to_string()).collect())
}

/// The public inputs the full inputs imply, and for each task and stratum the
/// directory index of each entry's firm (entries' order).
pub struct Derived {
    pub public: PublicInputs,
    pub firms: Vec<Vec<Vec<u32>>>,
    /// Every firm's key, directory order.
    pub keys: Vec<Key>,
}

/// Every firm's key (directory order).
pub fn keys(secret: &Hash, d: &Directories) -> Vec<Key> {
    let firms = &d.enterprises;
    let half = firms.len() / 2;
    let (mut keys, rest) = crate::par::join(
        || firms[..half].iter().map(|e| codes::key(secret, &e.id)).collect::<Vec<_>>(),
        || firms[half..].iter().map(|e| codes::key(secret, &e.id)).collect::<Vec<_>>(),
    );
    keys.extend(rest);
    keys
}

/// The IDs of the inspectors who declared a conflict with each firm that has one.
pub fn conflicts_by_firm(d: &Directories) -> HashMap<&str, Vec<String>> {
    let mut by_firm: HashMap<&str, Vec<String>> = HashMap::new();
    for i in &d.inspectors {
        for c in &i.conflicts {
            by_firm.entry(c.as_str()).or_default().push(i.id.clone());
        }
    }
    by_firm
}

/// SPEC §10.3 from the full inputs and their evaluated plan.
pub fn derive(plan: &Plan, d: &Directories, report: &PlanReport, secret: &Hash) -> Derived {
    let keys = keys(secret, d);
    let conflicts = conflicts_by_firm(d);
    let fields = public_fields(plan);
    let sealed_fields = codes::canonical_fields(&fields);
    let mut firms = Vec::with_capacity(plan.tasks.len());
    let tasks = plan
        .tasks
        .iter()
        .zip(&report.tasks)
        .map(|(t, pool)| {
            let mut task_firms = Vec::with_capacity(pool.strata.len());
            let strata = pool
                .strata
                .iter()
                .map(|st| {
                    let entry_of = |&m: &u32| {
                        let e = &d.enterprises[m as usize];
                        let key = &keys[m as usize];
                        let conflicts = conflicts.get(e.id.as_str()).map_or(&[][..], Vec::as_slice);
                        let record = codes::DirectoryRecord { firm: e, conflicts, fields: &sealed_fields };
                        let mut entry = [0u8; ENTRY_BYTES];
                        entry[..TOKEN_BYTES].copy_from_slice(&codes::token(key, &t.number, &e.id));
                        entry[TOKEN_BYTES..].copy_from_slice(&codes::seal(key, &t.number, &record));
                        (entry, m)
                    };
                    let half = st.members.len() / 2;
                    let (mut entries, rest) = crate::par::join(
                        || st.members[..half].iter().map(entry_of).collect::<Vec<_>>(),
                        || st.members[half..].iter().map(entry_of).collect::<Vec<_>>(),
                    );
                    entries.extend(rest);
                    entries.sort_unstable();
                    let mut bytes = Vec::with_capacity(entries.len() * ENTRY_BYTES);
                    for (entry, _) in &entries {
                        bytes.extend_from_slice(entry);
                    }
                    task_firms.push(entries.iter().map(|(_, m)| *m).collect());
                    PublicStratum { values: st.values.clone(), census: st.census, entries: hex(&bytes) }
                })
                .collect();
            firms.push(task_firms);
            PublicTask { number: t.number.clone(), strata }
        })
        .collect();
    let mut plan = plan.clone();
    plan.public_fields = Some(fields);
    let public = PublicInputs {
        plan,
        inspectors: d.inspectors.iter().map(|i| Inspector { conflicts: Vec::new(), ..i.clone() }).collect(),
        checklist: d.checklist.clone(),
        directory: DirectorySize { enterprises: d.enterprises.len() as u64, active: report.active_firms },
        tasks,
    };
    Derived { public, firms, keys }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_hashes_the_canonical_text_of_the_public_inputs() {
        // Against the canonical text built another way (through serde's value), for
        // the spec vector's public inputs and for entries that are not plain hex (a
        // forged document's), which are written escaped, not hashed from a gap.
        let vector: serde_json::Value = serde_json::from_str(include_str!("../../../tests/vectors/spec/format2-public-small.json")).unwrap();
        let mut p: PublicInputs = serde_json::from_value(vector["public"].clone()).unwrap();
        assert_eq!(p.digest().unwrap(), canonical::digest(&p).unwrap());
        assert_eq!(hex(&p.digest().unwrap()), vector["commitment"]["public"].as_str().unwrap());
        p.tasks[0].strata[0].entries.push_str("\"\\\n");
        p.tasks[0].strata.push(PublicStratum { values: vec!["x".into()], census: false, entries: String::new() });
        assert_eq!(p.digest().unwrap(), canonical::digest(&p).unwrap());
    }
}
