//! Canonical CSV: the templates people download and fill in, and the writers whose
//! output the importers read back into identical records.
//!
//! Output starts with a UTF-8 BOM, because Excel in China opens a UTF-8 CSV without
//! one as GBK and shows mojibake; lines end in CRLF as RFC 4180 says.

use std::collections::BTreeSet;

use crate::model::{flag, ChecklistItem, Enterprise, HistoryRecord, Inspector};
use crate::tabular::write_field;
use crate::uscc;

use super::checklist::item_level_zh;
use super::enterprises::status_zh;
use super::headers::{recognise, FileKind, ATTR_PREFIX};
use super::normalize::clean;
use super::history::history_level_zh;
use super::inspectors::inspector_status_zh;

fn to_csv(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{FEFF}");
    for line in std::iter::once(headers).chain(rows.iter().map(|r| r.as_slice())) {
        for (i, v) in line.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_field(&mut out, v);
        }
        out.push_str("\r\n");
    }
    out
}

fn template_headers(kind: FileKind) -> Vec<String> {
    kind.fields().iter().filter(|f| f.in_template).map(|f| f.header_zh.to_string()).collect()
}

fn yes_no(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

fn list(v: &[String]) -> String {
    v.join("、")
}

fn enterprise_row(e: &Enterprise, attr_keys: &BTreeSet<&str>) -> Vec<String> {
    let mut row = vec![
        e.id.clone(),
        e.name.clone(),
        e.kind.clone(),
        e.industry.clone(),
        e.region.clone(),
        e.risk.clone(),
        status_zh(&e.status).to_string(),
        e.address.clone(),
    ];
    for code in flag::ALL {
        row.push(yes_no(e.flags.iter().any(|f| f == code)));
    }
    for k in attr_keys {
        row.push(e.attrs.get(*k).cloned().unwrap_or_default());
    }
    row
}

/// 检查对象名录库 in the template's columns, then one column per attribute.
pub fn write_enterprises_csv(rows: &[Enterprise]) -> String {
    let attr_keys: BTreeSet<&str> = rows.iter().flat_map(|e| e.attrs.keys().map(|k| k.as_str())).collect();
    let mut headers = template_headers(FileKind::Enterprises);
    // An attribute whose name reads as a field (or is empty) gets the explicit
    // prefix, so that reading the file back keeps it an attribute.
    headers.extend(attr_keys.iter().map(|k| {
        if k.is_empty() || recognise(FileKind::Enterprises, k).is_some() || k.starts_with(ATTR_PREFIX) || clean(k) != *k {
            format!("{ATTR_PREFIX}{k}")
        } else {
            k.to_string()
        }
    }));
    let body: Vec<Vec<String>> = rows.iter().map(|e| enterprise_row(e, &attr_keys)).collect();
    to_csv(&headers, &body)
}

fn inspector_row(i: &Inspector) -> Vec<String> {
    vec![
        i.id.clone(),
        i.name.clone(),
        i.unit.clone(),
        i.department.clone(),
        i.region.clone(),
        list(&i.qualifications),
        i.cert_expiry.clone(),
        yes_no(i.expert),
        inspector_status_zh(&i.status).to_string(),
        list(&i.conflicts),
    ]
}

/// 执法检查人员名录库 in the template's columns.
pub fn write_inspectors_csv(rows: &[Inspector]) -> String {
    to_csv(&template_headers(FileKind::Inspectors), &rows.iter().map(inspector_row).collect::<Vec<_>>())
}

fn checklist_row(c: &ChecklistItem) -> Vec<String> {
    vec![c.code.clone(), c.name.clone(), c.basis.clone(), item_level_zh(&c.level).to_string(), list(&c.categories)]
}

/// 随机抽查事项清单 in the template's columns.
pub fn write_checklist_csv(rows: &[ChecklistItem]) -> String {
    to_csv(&template_headers(FileKind::Checklist), &rows.iter().map(checklist_row).collect::<Vec<_>>())
}

fn history_row(h: &HistoryRecord) -> Vec<String> {
    vec![h.enterprise_id.clone(), h.date.clone(), h.department.clone(), history_level_zh(&h.level).to_string()]
}

/// Inspection history in the template's columns.
pub fn write_history_csv(rows: &[HistoryRecord]) -> String {
    to_csv(&template_headers(FileKind::History), &rows.iter().map(history_row).collect::<Vec<_>>())
}

/// A made-up but valid 统一社会信用代码 for the examples: the first 17 characters
/// plus their check character.
fn example_uscc(first17: &str) -> String {
    let c = uscc::check_char(first17).unwrap_or('0');
    format!("{first17}{c}")
}

/// The examples' enterprises. The codes are invented (registration authority code
/// 9 = 工商, 1 = 企业 / 2 = 个体工商户, Fuzhou districts), with correct check characters.
fn example_ids() -> [String; 3] {
    [example_uscc("91350102MA2Y4B7K1"), example_uscc("92350104MA8U2N3P6"), example_uscc("91350100MA34R6T9X")]
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// A template to download: the Chinese headers and example rows that import
/// without errors.
pub fn template_csv(kind: FileKind) -> String {
    let [a, b, c] = example_ids();
    let headers = template_headers(kind);
    let rows: Vec<Vec<String>> = match kind {
        FileKind::Enterprises => vec![
            s(&[&a, "福州市鼓楼区示例餐饮有限公司", "企业", "餐饮服务", "鼓楼所", "B", "存续", "福州市鼓楼区五四路1号", "否", "否", "否", "否", "否", "否"]),
            s(&[&b, "福州市仓山区示例便利店", "个体工商户", "食品销售", "仓山所", "A", "存续", "福州市仓山区上渡路2号", "否", "否", "否", "否", "否", "是"]),
            s(&[&c, "福建示例化工有限公司", "企业", "危险化学品", "高新区所", "D", "存续", "福州市闽侯县高新大道3号", "是", "是", "否", "否", "是", "否"]),
        ],
        FileKind::Inspectors => vec![
            s(&["35010021001", "林晓明", "鼓楼区市场监督管理局鼓楼所", "市场监管", "鼓楼所", "食品安全、特种设备", "2027-06-30", "否", "在岗", &b]),
            s(&["35010021002", "陈静", "仓山区市场监督管理局仓山所", "市场监管", "仓山所", "食品安全", "2026-12-31", "否", "在岗", ""]),
            s(&["ZJ-0001", "王磊", "福州大学化学学院", "专家库", "", "危险化学品", "", "是", "在岗", ""]),
        ],
        FileKind::Checklist => vec![
            s(&["SCJG-001", "食品销售者经营条件检查", "《中华人民共和国食品安全法》第三十三条", "重点", "食品销售、餐饮服务"]),
            s(&["SCJG-002", "企业公示信息检查", "《企业信息公示暂行条例》第十四条", "一般", ""]),
        ],
        FileKind::History => vec![
            s(&[&a, "2026-03-15", "市场监管", "本级"]),
            s(&[&c, "2026-04-02", "应急管理", "上级"]),
        ],
    };
    to_csv(&headers, &rows)
}
