//! 随机抽查事项清单.

use crate::model::ChecklistItem;
use crate::problem::Problems;

use super::headers::FileKind;
use super::normalize::{fold_code, split_list};
use super::rows::{keyed, report_duplicates, walk};
use super::table::Table;
use super::{finish, prepare, ImportOptions, Imported};

/// 一般/重点 to `general`/`key`.
pub fn item_level_code(value: &str) -> Option<&'static str> {
    match &*fold_code(value) {
        "" | "一般" | "一般事项" | "一般检查事项" | "general" => Some("general"),
        "重点" | "重点事项" | "重点检查事项" | "key" => Some("key"),
        _ => None,
    }
}

pub(crate) fn item_level_zh(code: &str) -> &str {
    match code {
        "general" => "一般",
        "key" => "重点",
        other => other,
    }
}

/// Reads a 随机抽查事项清单 table.
/// Words a checklist writes for "every firm" (全部, 所有企业, 各类生产经营单位…):
/// the format's empty list, since as a category they would match no firm's 行业.
const EVERY_FIRM: [&str; 10] = ["全部", "所有", "全部企业", "所有企业", "不限", "各行业", "所有行业", "全行业", "各类生产经营单位", "所有生产经营单位"];

fn categories(values: Vec<String>) -> Vec<String> {
    if values.iter().any(|v| EVERY_FIRM.contains(&v.as_str())) {
        return Vec::new();
    }
    values
}

pub fn checklist_from_table(t: &Table, o: &ImportOptions) -> Result<Imported<ChecklistItem>, Problems> {
    let (t, mapping, mut probs) = prepare(t, FileKind::Checklist, o, &[])?;
    let t = t.as_ref();
    let file = t.file.as_str();
    let rows = walk(t, &mapping, o.progress, &mut probs, |r, probs| {
        let code = r.required_id("code", probs);
        let name = r.required_text("name", probs);
        let level_raw = r.text("level");
        let level = item_level_code(&level_raw);
        if level.is_none() {
            probs.push(r.unknown_value("level", &level_raw, "一般、重点（空白为一般）", "一般/general, 重点/key (empty means general)"));
        }
        let (Some(name), Some(level)) = (name, level) else { return (code, None) };
        let Some(code) = code else { return (None, None) };
        let categories = categories(split_list(r.raw("categories")));
        (Some(code.clone()), Some(ChecklistItem { code, name, basis: r.text("basis"), level: level.to_string(), categories }))
    });
    let column = mapping.column_of("code").map_or_else(|| "事项编码".to_string(), |c| c.header.clone());
    let (keys, mut records) = keyed(rows);
    report_duplicates(file, &column, &keys, &mut probs);
    records.sort_by(|a, b| a.code.cmp(&b.code));
    finish(records, probs, mapping)
}
