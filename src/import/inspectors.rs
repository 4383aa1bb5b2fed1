//! 执法检查人员名录库.

use crate::model::{inspector_status, Inspector};
use crate::problem::{Problem, Problems};

use super::headers::FileKind;
use super::normalize::{fold_code, fold_id, split_list};
use super::rows::{keyed, report_duplicates, walk};
use super::table::Table;
use super::{as_of, finish, prepare, ImportOptions, Imported};

/// 在岗/停用 and the words used alongside them (是/否 in a 是否在岗 column).
pub fn inspector_status_code(value: &str) -> Option<&'static str> {
    match &*fold_code(value) {
        "" | "在岗" | "正常" | "正常在岗" | "启用" | "在职" | "是" | "active" => Some(inspector_status::ACTIVE),
        "停用" | "离岗" | "休假" | "禁用" | "离职" | "调离" | "已调离" | "退休" | "已退休" | "借调" | "暂停执法" | "暂停" | "停职"
        | "病休" | "否" | "inactive" => Some(inspector_status::INACTIVE),
        _ => None,
    }
}

/// Words in a 备注 that say a person should not be sent out, whatever the status
/// column says.
const REMARKS_OF_ABSENCE: &[&str] = &["暂停执法", "借调", "退休", "调离", "停职", "病休", "离职", "离岗", "停用", "休假", "病假", "产假"];

/// A person imported as active although the remarks say otherwise: the status
/// column decides, but someone should look.
fn absence_in_remarks(remark: &str) -> bool {
    REMARKS_OF_ABSENCE.iter().any(|w| remark.contains(w))
}

pub(crate) fn inspector_status_zh(code: &str) -> &str {
    match code {
        inspector_status::ACTIVE => "在岗",
        inspector_status::INACTIVE => "停用",
        other => other,
    }
}

/// Reads a 执法检查人员名录库 table.
///
/// As `enterprises_from_table`: one statement per column, in the file's order.
pub fn inspectors_from_table(t: &Table, o: &ImportOptions) -> Result<Imported<Inspector>, Problems> {
    let (t, mapping, mut probs) = prepare(t, FileKind::Inspectors, o, &[])?;
    let t = t.as_ref();
    let file = t.file.as_str();
    let as_of = as_of(file, o, &mut probs);
    let has_expiry_column = mapping.column_of("cert_expiry").is_some();
    // Whether a row needed the expiry column that the file does not have, reported
    // once for the file.
    let expiry_column_needed = std::sync::atomic::AtomicBool::new(false);

    let rows = walk(t, &mapping, o.progress, &mut probs, |r, probs| {
        let n = probs.len();
        let id = r.required_id("id", probs);
        let name = r.required_text("name", probs);
        let expert = r.flag("expert", probs);

        let status_raw = r.text("status");
        let st = match inspector_status_code(&status_raw) {
            Some(s) => s.to_string(),
            None => {
                probs.push(r.unknown_value(
                    "status",
                    &status_raw,
                    "在岗（在职、正常）、停用（离岗、休假、退休、调离、借调、暂停执法也视为停用），空白为在岗",
                    "在岗/active (在职, 正常), 停用/inactive (离岗, 休假, 退休, 调离, 借调, 暂停执法 count as inactive); empty means active",
                ));
                String::new()
            }
        };
        let remark = r.text("remarks");
        if st == inspector_status::ACTIVE && absence_in_remarks(&remark) {
            probs.push(
                r.problem(
                    "remarks",
                    format!("备注“{remark}”：该人员仍按在岗导入，请确认"),
                    format!("the remark “{remark}”: this person is still imported as active; please check"),
                )
                .as_warning(),
            );
        }

        let expiry = r.date("cert_expiry", probs);
        if let Some(e) = &expiry {
            if e.is_empty() && !expert {
                if has_expiry_column {
                    probs.push(r.problem(
                        "cert_expiry",
                        "必填项为空：非专家人员必须填写执法证有效期",
                        "required field is empty: anyone who is not an expert needs a certificate expiry date",
                    ));
                } else {
                    expiry_column_needed.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
            if let Some(day) = &as_of {
                if !e.is_empty() && e < day {
                    probs.push(
                        r.problem(
                            "cert_expiry",
                            format!("执法证已于 {e} 过期（核对日期 {day}），该人员不能作为持证检查人员被选派"),
                            format!("certificate expired on {e} (as of {day}); this person cannot be assigned as a certified inspector"),
                        )
                        .as_warning(),
                    );
                }
            }
        }

        let mut conflicts = Vec::new();
        for token in split_list(r.raw("conflicts")) {
            let code = fold_id(&token);
            if r.check_uscc("conflicts", &code, probs) {
                conflicts.push(code);
            }
        }
        conflicts.sort();
        conflicts.dedup();

        if probs.get(n..).is_some_and(|p| p.iter().any(|p| !p.warning)) {
            return (id, None);
        }
        let (Some(name), Some(cert_expiry)) = (name, expiry) else { return (id, None) };
        let Some(id) = id else { return (None, None) };
        (Some(id.clone()), Some(Inspector {
            id,
            name,
            unit: r.text("unit"),
            department: r.text("department"),
            region: r.text("region"),
            qualifications: split_list(r.raw("qualifications")),
            cert_expiry,
            expert,
            status: st,
            conflicts,
        }))
    });
    if expiry_column_needed.into_inner() {
        probs.push(
            Problem::new(
                "缺少“执法证有效期至”列：非专家人员必须有执法证有效期",
                "the column “执法证有效期至” (cert_expiry) is missing: anyone who is not an expert needs a certificate expiry date",
            )
            .in_file(file)
            .at(t.header_row, "执法证有效期至"),
        );
    }
    let column = mapping.column_of("id").map_or_else(|| "执法证号".to_string(), |c| c.header.clone());
    let (keys, mut records) = keyed(rows);
    report_duplicates(file, &column, &keys, &mut probs);
    records.sort_by(|a, b| a.id.cmp(&b.id));
    finish(records, probs, mapping)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words() {
        let cases: &[(&str, Option<&str>)] = &[
            ("在岗", Some("active")),
            ("", Some("active")),
            ("停用", Some("inactive")),
            ("离岗", Some("inactive")),
            ("休假", Some("inactive")),
            ("INACTIVE", Some("inactive")),
            ("在职", Some("active")),
            ("正常", Some("active")),
            ("退休", Some("inactive")),
            ("调离", Some("inactive")),
            ("借调", Some("inactive")),
            ("暂停执法", Some("inactive")),
            ("出差", None),
        ];
        for (input, expected) in cases {
            assert_eq!(inspector_status_code(input), *expected, "{input}");
        }
    }
}
