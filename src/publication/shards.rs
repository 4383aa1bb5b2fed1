//! The index as the 公示 page reads it: split by plan year and department, so that a
//! site holding a province's year of draws shows its first screen from a few
//! kilobytes. `index.json` stays whole, for tools and for extending the index; these
//! files are derived from it alone and carry nothing it does not.
//!
//! - `index/root.json`: every (year, department) with its counts and its file;
//! - `index/YEAR-DEPT.json`: that department's entries of that year, with every
//!   break of its chains (any year), since a chain runs across years;
//! - `index/c/HH.json`: which file lists each commitment whose hash starts with
//!   `HH`, so that a link naming one commitment opens two small files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ChainWarning, Entry, PublicationIndex, Status};
use crate::hashing::{hex, sha256};

/// The folder of the split index, inside the published folder.
pub const SHARD_FOLDER: &str = "index";
/// The root of the split index, relative to the published folder.
pub const ROOT_FILE: &str = "index/root.json";
pub const ROOT_FORMAT: &str = "fairdraw/1/publication-root";
pub const SHARD_FORMAT: &str = "fairdraw/1/publication-shard";
pub const LOOKUP_FORMAT: &str = "fairdraw/1/publication-lookup";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Root {
    pub format: String,
    /// The address links and QR codes start with (empty: relative to the site).
    pub site: String,
    /// Newest year first, then by department.
    pub shards: Vec<ShardRef>,
}

/// One department's draws of one plan year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardRef {
    pub year: u32,
    pub department: String,
    /// Relative to the published folder.
    pub file: String,
    pub entries: u64,
    pub drawn: u64,
    pub sealed: u64,
    pub rehearsal: u64,
    pub committed: u64,
    /// Breaks of the department's chains (any year).
    pub warnings: u64,
    /// The newest `committed_at` among the entries.
    pub latest: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shard {
    pub format: String,
    pub year: u32,
    pub department: String,
    /// In the whole index's order.
    pub entries: Vec<Entry>,
    /// Every break of the department's chains, of any year.
    pub warnings: Vec<ChainWarning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lookup {
    pub format: String,
    /// Commitment hash → the file listing it.
    pub shards: BTreeMap<String, String>,
}

/// `index/YEAR-…json`: the department is named by its hash, so that any name makes
/// a plain file name.
pub fn shard_file(year: u32, department: &str) -> String {
    format!("{SHARD_FOLDER}/{year}-{}.json", &hex(&sha256(department.as_bytes()))[..16])
}

/// `index/c/HH.json` for a commitment hash; `None` for text that is not one, so
/// that a typed link never builds another address.
pub fn lookup_file(commitment: &str) -> Option<String> {
    let hash = commitment.to_ascii_lowercase();
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| format!("{SHARD_FOLDER}/c/{}.json", &hash[..2]))
}

/// The split index's files, `(path relative to the published folder, text)`.
pub fn split(index: &PublicationIndex, site: &str) -> Vec<(String, String)> {
    let mut groups: BTreeMap<(std::cmp::Reverse<u32>, &str), Vec<&Entry>> = BTreeMap::new();
    for e in &index.entries {
        groups.entry((std::cmp::Reverse(e.plan.year), e.department.as_str())).or_default().push(e);
    }
    let mut lookups: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut root = Root { format: ROOT_FORMAT.to_string(), site: site.to_string(), shards: Vec::new() };
    let mut files = Vec::new();
    for ((std::cmp::Reverse(year), department), entries) in groups {
        let file = shard_file(year, department);
        let warnings: Vec<ChainWarning> = index.warnings.iter().filter(|w| w.department == department).cloned().collect();
        let count = |s: Status| entries.iter().filter(|e| e.status == s).count() as u64;
        root.shards.push(ShardRef {
            year,
            department: department.to_string(),
            file: file.clone(),
            entries: entries.len() as u64,
            drawn: count(Status::Drawn),
            sealed: count(Status::Sealed),
            rehearsal: count(Status::Rehearsal),
            committed: count(Status::Committed),
            warnings: warnings.len() as u64,
            latest: entries.iter().map(|e| e.committed_at.as_str()).max().unwrap_or_default().to_string(),
        });
        for e in &entries {
            if let Some(lookup) = lookup_file(&e.commitment) {
                lookups.entry(lookup).or_default().insert(e.commitment.clone(), file.clone());
            }
        }
        let shard = Shard { format: SHARD_FORMAT.to_string(), year, department: department.to_string(), entries: entries.into_iter().cloned().collect(), warnings };
        files.push((file, json(&shard)));
    }
    for (file, shards) in lookups {
        files.push((file, json(&Lookup { format: LOOKUP_FORMAT.to_string(), shards })));
    }
    files.push((ROOT_FILE.to_string(), json(&root)));
    files
}

/// One line of JSON: these files are read by the page, not by people (who have
/// `index.json`).
fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The entry a link names and the breaks of its department's chain up to it.
pub fn find_in_shard<'a>(shard: &'a Shard, commitment: &str) -> Option<(&'a Entry, Vec<&'a ChainWarning>)> {
    let entry = shard.entries.iter().find(|e| e.commitment.eq_ignore_ascii_case(commitment))?;
    let breaks = shard.warnings.iter().filter(|w| w.department == entry.department && w.sequence <= entry.sequence).collect();
    Some((entry, breaks))
}
