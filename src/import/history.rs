//! This year's inspections so far (for the yearly cap and the higher-level exclusion).

use std::collections::BTreeMap;

use crate::model::{history_level, HistoryRecord};
use crate::problem::{Problem, Problems};

use super::headers::FileKind;
use super::normalize::fold_code;
use super::rows::walk;
use super::table::Table;
use super::{as_of, finish, prepare, ImportOptions, Imported};

/// 本级/上级 to `same`/`higher`.
pub fn history_level_code(value: &str) -> Option<&'static str> {
    match &*fold_code(value) {
        "" | "本级" | "同级" | "same" => Some(history_level::SAME),
        "上级" | "上级部门" | "higher" => Some(history_level::HIGHER),
        _ => None,
    }
}

pub(crate) fn history_level_zh(code: &str) -> &str {
    match code {
        history_level::SAME => "本级",
        history_level::HIGHER => "上级",
        other => other,
    }
}

/// Reads an inspection history table.
pub fn history_from_table(t: &Table, o: &ImportOptions) -> Result<Imported<HistoryRecord>, Problems> {
    let (t, mapping, mut probs) = prepare(t, FileKind::History, o, &[])?;
    let t = t.as_ref();
    let file = t.file.as_str();
    let as_of = as_of(file, o, &mut probs);
    let rows = walk(t, &mapping, o.progress, &mut probs, |r, probs| {
        let id = r.required_uscc("enterprise_id", probs);
        let date = match r.date("date", probs) {
            Some(d) if d.is_empty() => {
                if r.has("date") {
                    probs.push(r.problem("date", "必填项为空", "required field is empty"));
                }
                None
            }
            other => other,
        };
        if let (Some(d), Some(day)) = (&date, &as_of) {
            if d > day {
                probs.push(
                    r.problem(
                        "date",
                        format!("检查日期 {d} 晚于核对日期 {day}"),
                        format!("inspection date {d} is after the as-of date {day}"),
                    )
                    .as_warning(),
                );
            }
        }
        let level_raw = r.text("level");
        let level = history_level_code(&level_raw);
        if level.is_none() {
            probs.push(r.unknown_value("level", &level_raw, "本级、上级（空白为本级）", "本级/same, 上级/higher (empty means same)"));
        }
        Some(HistoryRecord { enterprise_id: id?, date: date?, department: r.text("department"), level: level?.to_string() })
    });
    // Two identical lines would count one inspection twice against the yearly cap.
    let mut seen: BTreeMap<HistoryRecord, u64> = BTreeMap::new();
    let column = mapping.column_of("enterprise_id").map_or_else(|| "统一社会信用代码".to_string(), |c| c.header.clone());
    let recs: Vec<(u64, HistoryRecord)> = rows.into_iter().filter_map(|(row, rec)| Some((row, rec?))).collect();
    for (row, rec) in &recs {
        if let Some(prev) = seen.get(rec) {
            probs.push(
                Problem::new(
                    format!("与第 {prev} 行完全相同；如确为同一天同一部门的两次检查可保留，否则请删除一行"),
                    format!("identical to row {prev}; keep it only if there really were two such inspections"),
                )
                .in_file(file)
                .at(*row, column.clone())
                .as_warning(),
            );
        } else {
            seen.insert(rec.clone(), *row);
        }
    }
    let mut records: Vec<HistoryRecord> = recs.into_iter().map(|(_, r)| r).collect();
    records.sort();
    finish(records, probs, mapping)
}
