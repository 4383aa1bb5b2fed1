//! 检查对象名录库.

use std::collections::BTreeMap;

use crate::model::{flag, status, Enterprise};
use crate::problem::Problems;

use super::headers::{FileKind, Target};
use super::normalize::{clean, fold_code, fold_id, split_list};
use super::rows::{keyed, report_duplicates, walk};
use super::table::Table;
use super::{finish, prepare, ImportOptions, Imported};

/// 登记状态 as written on the platforms (including SAMR's "存续（在营、开业、在册）"
/// and "吊销，未注销") to its code.
pub fn status_code(value: &str) -> Option<&'static str> {
    let v = fold_code(value);
    let head = v.split(['(', '（', ',', '，']).next().unwrap_or("").trim();
    match head {
        "" | "存续" | "在业" | "开业" | "正常" | "在营" | "在册" | "active" => Some(status::ACTIVE),
        "吊销" | "已吊销" | "吊销未注销" | "revoked" => Some(status::REVOKED),
        "注销" | "已注销" | "cancelled" | "canceled" => Some(status::CANCELLED),
        "迁出" | "已迁出" | "moved_out" | "movedout" | "moved out" => Some(status::MOVED_OUT),
        "停业" | "歇业" | "suspended" => Some(status::SUSPENDED),
        _ => None,
    }
}

/// The Chinese word the writers use for a status code.
pub(crate) fn status_zh(code: &str) -> &str {
    match code {
        status::ACTIVE => "存续",
        status::REVOKED => "吊销",
        status::CANCELLED => "注销",
        status::MOVED_OUT => "迁出",
        status::SUSPENDED => "停业",
        other => other,
    }
}

/// A flag named in a 标记 column, by Chinese label or code.
pub fn flag_code(value: &str) -> Option<&'static str> {
    match &*fold_code(value) {
        "key" | "重点监管" | "重点" | "重点监管对象" => Some(flag::KEY),
        "blacklist" | "黑名单" | "安全生产黑名单" => Some(flag::BLACKLIST),
        "serious_violation" | "严重违法失信" | "严重违法失信名单" | "严重违法" => Some(flag::SERIOUS_VIOLATION),
        "abnormal" | "经营异常" | "经营异常名录" => Some(flag::ABNORMAL),
        "penalized" | "penalised" | "已受行政处罚" | "行政处罚" | "受过行政处罚" => Some(flag::PENALIZED),
        "trusted" | "守信" | "守信企业" => Some(flag::TRUSTED),
        _ => None,
    }
}

/// Reads a 检查对象名录库 table.
///
/// One statement per column of the 名录库 in the file's order, each reporting into the
/// same row's problems; split, the parts would only pass the row context around.
pub fn enterprises_from_table(t: &Table, o: &ImportOptions) -> Result<Imported<Enterprise>, Problems> {
    let skip: &[&str] = if o.require_risk { &[] } else { &["risk"] };
    let (t, mapping, mut probs) = prepare(t, FileKind::Enterprises, o, skip)?;
    let t = t.as_ref();
    let file = t.file.as_str();
    let attrs: Vec<(usize, String)> = mapping
        .columns
        .iter()
        .filter_map(|c| match &c.target {
            Target::Attr(name) => Some((c.index, name.clone())),
            _ => None,
        })
        .collect();
    // Classes compared folded (ａ = A) but stored as the option spells them.
    let classes: Vec<(String, String)> = o.risk_classes.iter().map(|c| (fold_id(c), clean(c))).collect();
    let classes_list = o.risk_classes.iter().map(|c| clean(c)).collect::<Vec<_>>();

    let rows = walk(t, &mapping, o.progress, &mut probs, |r, probs| {
        let n = probs.len();
        let id = r.required_uscc("uscc", probs);
        let name = r.required_text("name", probs);

        let risk_raw = r.text("risk");
        let risk = if risk_raw.is_empty() {
            if o.require_risk && r.has("risk") {
                probs.push(r.problem("risk", "必填项为空：缺少信用风险分类", "required field is empty: no risk class"));
            }
            String::new()
        } else if classes.is_empty() {
            risk_raw
        } else {
            let folded = fold_id(&risk_raw);
            match classes.iter().find(|(f, _)| *f == folded) {
                Some((_, c)) => c.clone(),
                None => {
                    probs.push(r.problem(
                        "risk",
                        format!("未知的信用风险分类“{risk_raw}”；可填：{}", classes_list.join("、")),
                        format!("unknown risk class “{risk_raw}”; allowed: {}", classes_list.join(", ")),
                    ));
                    String::new()
                }
            }
        };

        let status_raw = r.text("status");
        let st = match status_code(&status_raw) {
            Some(s) => s.to_string(),
            None => {
                probs.push(r.unknown_value(
                    "status",
                    &status_raw,
                    "存续（在业、开业、正常）、吊销、注销、迁出、停业（歇业），空白为存续",
                    "存续/active, 吊销/revoked, 注销/cancelled, 迁出/moved_out, 停业/suspended; empty means active",
                ));
                String::new()
            }
        };

        let mut flags: Vec<String> = Vec::new();
        for code in flag::ALL {
            if r.has(code) && r.flag(code, probs) {
                flags.push(code.to_string());
            }
        }
        for token in split_list(r.raw("flags")) {
            match flag_code(&token) {
                Some(code) => flags.push(code.to_string()),
                None => probs.push(r.unknown_value(
                    "flags",
                    &token,
                    "重点监管、黑名单、严重违法失信、经营异常、已受行政处罚、守信（以“、”分隔）",
                    "key, blacklist, serious_violation, abnormal, penalized, trusted (separated by 、 or ,)",
                )),
            }
        }
        flags.sort();
        flags.dedup();

        let mut attr_map = BTreeMap::new();
        for (i, key) in &attrs {
            let v = r.cells.get(*i).map(|c| clean(c)).unwrap_or_default();
            // Empty cells are left out so that "no value" has one representation.
            if !v.is_empty() {
                attr_map.insert(key.clone(), v);
            }
        }

        if probs.len() > n && probs.get(n..).is_some_and(|p| p.iter().any(|p| !p.warning)) {
            return (id, None);
        }
        let Some(name) = name else { return (id, None) };
        let Some(id) = id else { return (None, None) };
        (Some(id.clone()), Some(Enterprise {
            id,
            name,
            kind: r.text("kind"),
            industry: r.text("industry"),
            region: r.text("region"),
            risk,
            flags,
            status: st,
            address: r.text("address"),
            attrs: attr_map,
        }))
    });
    let column = mapping.column_of("uscc").map_or_else(|| "统一社会信用代码".to_string(), |c| c.header.clone());
    let (keys, mut records) = keyed(rows);
    report_duplicates(file, &column, &keys, &mut probs);
    records.sort_by(|a, b| a.id.cmp(&b.id));
    finish(records, probs, mapping)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_enterprises_csv;

    /// A directory large enough to be read in two halves at once reports what a
    /// small one does, in row order: errors in both halves, and a repeat whose first
    /// row is in the other half.
    #[test]
    fn a_large_file_is_read_as_a_small_one_is() {
        let code = |n: usize| {
            let first17 = format!("91350100MA{n:07}");
            format!("{first17}{}", crate::uscc::check_char(&first17).unwrap())
        };
        let mut csv = String::from("统一社会信用代码,企业名称,信用风险分类\n");
        let rows = 10_000;
        for n in 0..rows {
            match n {
                10 => csv.push_str(&format!("{},,A\n", code(n))),
                9_000 => csv.push_str(&format!("{},重复企业,B\n", code(20))),
                9_500 => csv.push_str("91350100MA0000000X,坏代码企业,C\n"),
                _ => csv.push_str(&format!("{},企业{n},A\n", code(n))),
            }
        }
        let whole = import_enterprises_csv("名录.csv", csv.as_bytes(), &ImportOptions::default()).unwrap_err();
        let found: Vec<(Option<u64>, bool)> = whole.0.iter().map(|p| (p.row, p.text.en.contains("duplicates row 22"))).collect();
        assert_eq!(found, [(Some(12), false), (Some(9002), true), (Some(9502), false)], "{whole:?}");

        // Without the three, every record, sorted by code, and no problem.
        let fine: String = csv.lines().enumerate().filter(|(i, _)| ![11, 9001, 9501].contains(i)).map(|(_, l)| format!("{l}\n")).collect();
        let read = import_enterprises_csv("名录.csv", fine.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(read.records.len(), rows - 3);
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        assert!(read.records.windows(2).all(|w| w[0].id < w[1].id));
    }

    #[test]
    fn status_words() {
        let cases: &[(&str, Option<&str>)] = &[
            ("存续", Some("active")),
            ("在业", Some("active")),
            ("开业", Some("active")),
            ("正常", Some("active")),
            ("存续（在营、开业、在册）", Some("active")),
            ("", Some("active")),
            ("吊销", Some("revoked")),
            ("吊销，未注销", Some("revoked")),
            ("注销", Some("cancelled")),
            ("迁出", Some("moved_out")),
            ("停业", Some("suspended")),
            ("歇业", Some("suspended")),
            ("Revoked", Some("revoked")),
            ("moved_out", Some("moved_out")),
            ("破产", None),
        ];
        for (input, expected) in cases {
            assert_eq!(status_code(input), *expected, "{input}");
        }
    }

    #[test]
    fn flag_words() {
        let cases: &[(&str, Option<&str>)] = &[
            ("重点监管", Some("key")),
            ("黑名单", Some("blacklist")),
            ("严重违法失信名单", Some("serious_violation")),
            ("经营异常名录", Some("abnormal")),
            ("已受行政处罚", Some("penalized")),
            ("守信", Some("trusted")),
            ("ABNORMAL", Some("abnormal")),
            ("红名单", None),
        ];
        for (input, expected) in cases {
            assert_eq!(flag_code(input), *expected, "{input}");
        }
    }
}
