//! Which column holds which field: Chinese and English header names, synonyms seen
//! on the platforms in use, and the user's own choices for the rest.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::problem::Problem;

use super::normalize::{clean, header_key};

/// The four input files of a draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Enterprises,
    Inspectors,
    Checklist,
    History,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [FileKind::Enterprises, FileKind::Inspectors, FileKind::Checklist, FileKind::History];

    /// The kind's name in files and commands (`fairdraw import enterprises`, a
    /// project file's `header_choices`).
    pub fn code(self) -> &'static str {
        match self {
            FileKind::Enterprises => "enterprises",
            FileKind::Inspectors => "inspectors",
            FileKind::Checklist => "checklist",
            FileKind::History => "history",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            FileKind::Enterprises => "检查对象名录库",
            FileKind::Inspectors => "执法检查人员名录库",
            FileKind::Checklist => "随机抽查事项清单",
            FileKind::History => "本年度检查记录",
        }
    }

    /// The English label after “a” or “an”, as a sentence needs it.
    pub fn with_article(self) -> &'static str {
        match self {
            FileKind::Enterprises => "an enterprise directory",
            FileKind::Inspectors => "an inspector directory",
            FileKind::Checklist => "a checklist",
            FileKind::History => "an inspection history",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            FileKind::Enterprises => "enterprise directory",
            FileKind::Inspectors => "inspector directory",
            FileKind::Checklist => "checklist",
            FileKind::History => "inspection history",
        }
    }

    /// The fields of this kind, in template column order.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            FileKind::Enterprises => ENTERPRISE_FIELDS,
            FileKind::Inspectors => INSPECTOR_FIELDS,
            FileKind::Checklist => CHECKLIST_FIELDS,
            FileKind::History => HISTORY_FIELDS,
        }
    }

    /// Whether columns nobody recognises are kept (as enterprise `attrs`) rather than
    /// ignored.
    pub fn keeps_extra_columns(self) -> bool {
        self == FileKind::Enterprises
    }

    pub fn field(self, name: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.name == name)
    }
}

/// One field an importer fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    /// Canonical name (the English header).
    pub name: &'static str,
    /// The template's Chinese header.
    pub header_zh: &'static str,
    /// Whether the column must be present.
    pub required: bool,
    /// Further Chinese and English names recognised (compared after
    /// [`header_key`] folding).
    pub synonyms: &'static [&'static str],
    /// Whether the field appears in the template and the canonical writers (the
    /// combined `flags` column does not: the writers use one column per flag).
    pub in_template: bool,
}

const fn f(
    name: &'static str,
    header_zh: &'static str,
    required: bool,
    synonyms: &'static [&'static str],
) -> FieldSpec {
    FieldSpec { name, header_zh, required, synonyms, in_template: true }
}

pub(crate) const ENTERPRISE_FIELDS: &[FieldSpec] = &[
    f("uscc", "统一社会信用代码", true, &["社会信用代码", "统一代码", "信用代码", "统一社会信用代码/注册号", "enterprise_id", "id", "credit_code", "unified_social_credit_code", "usci"]),
    f("name", "企业名称", true, &["名称", "单位名称", "市场主体名称", "主体名称", "企业（机构）名称", "对象名称", "检查对象名称", "enterprise_name", "company_name", "company"]),
    f("kind", "类型", false, &["企业类型", "主体类型", "市场主体类型", "类型名称", "type", "enterprise_type", "entity_type"]),
    f("industry", "行业", false, &["所属行业", "行业类别", "行业分类", "行业门类", "行业类型", "类别", "industry_category", "category"]),
    f("region", "区域", false, &[
        "管辖单位", "片区", "管辖片区", "登记机关", "管辖机关", "所属区域", "辖区", "所属片区", "所属乡镇", "乡镇", "乡镇（街道）",
        "乡镇街道", "所属街道", "街道", "所在乡镇", "镇街", "网格", "所属网格", "area", "district", "jurisdiction",
    ]),
    f("risk", "信用风险分类", true, &["风险等级", "信用等级", "风险分类", "信用风险等级", "风险类别", "信用风险分类结果", "风险分类结果", "risk_class", "credit_risk", "risk_level"]),
    f("status", "登记状态", false, &["经营状态", "企业状态", "状态", "登记状况", "registration_status"]),
    f("address", "住所", false, &[
        "地址", "经营场所", "注册地址", "经营地址", "住所地址", "详细地址", "住所（经营场所）", "经营场所地址", "生产经营地址",
        "生产经营场所", "实际经营地址", "企业地址", "addr",
    ]),
    f("key", "重点监管", false, &[
        "是否重点监管", "重点监管对象", "重点", "是否重点", "是否重点执法检查企业", "重点执法检查企业", "重点执法检查对象",
        "是否重点监管企业", "重点监管企业", "key_supervision",
    ]),
    f("blacklist", "黑名单", false, &["安全生产黑名单", "是否黑名单", "列入黑名单", "是否列入黑名单", "黑名单企业", "是否黑名单企业", "black_list"]),
    f("serious_violation", "严重违法失信", false, &["严重违法失信名单", "严重违法失信企业名单", "列入严重违法失信名单", "是否严重违法失信", "serious_violations"]),
    f("abnormal", "经营异常", false, &["经营异常名录", "列入经营异常名录", "是否经营异常", "abnormal_operation"]),
    f("penalized", "已受行政处罚", false, &["受过行政处罚", "行政处罚", "已受到行政处罚", "因违法已受到行政处罚", "penalised"]),
    f("trusted", "守信", false, &["守信企业", "守信激励", "是否守信", "trustworthy"]),
    FieldSpec { name: "flags", header_zh: "标记", required: false, synonyms: &["标签", "特殊标记", "tags"], in_template: false },
];

pub(crate) const INSPECTOR_FIELDS: &[FieldSpec] = &[
    f("id", "执法证号", true, &[
        "执法证件号", "执法证编号", "执法证号码", "执法证件号码", "执法证件编号", "行政执法证号", "行政执法证件号", "行政执法证件号码",
        "证件号", "证号", "人员编号", "cert_no", "certificate_no", "inspector_id",
    ]),
    f("name", "姓名", true, &["人员姓名", "名字", "检查人员", "执法人员", "inspector_name"]),
    f("unit", "单位", false, &["所在单位", "工作单位", "所属单位", "执法单位"]),
    f("department", "部门", false, &["所属部门", "业务部门", "执法部门", "dept"]),
    f("region", "区域", false, &[
        "管辖片区", "片区", "所属区域", "管辖区域", "负责片区", "负责区域", "分管片区", "执法中队", "所属中队", "所在中队", "中队",
        "area", "district",
    ]),
    f("qualifications", "执法类别", false, &["执法领域", "资质", "业务专长", "专业", "专长", "执法门类", "执法专业", "qualification", "expertise"]),
    f("cert_expiry", "执法证有效期至", false, &[
        "有效期至", "执法证有效期", "有效期", "证件有效期", "证件有效期至", "执法证件有效期", "执法证件有效期至", "执法证到期日",
        "到期日期", "expiry", "cert_valid_until", "valid_until",
    ]),
    f("expert", "专家", false, &["是否专家", "专家标识", "is_expert"]),
    f("status", "状态", false, &["人员状态", "在岗状态", "在岗情况", "在岗状况", "工作状态", "是否在岗"]),
    f("conflicts", "回避企业", false, &["需回避企业", "回避", "利害关系企业", "回避对象", "conflict"]),
    // Not stored: read for words such as 暂停执法 beside a person still marked 在岗.
    FieldSpec { name: "remarks", header_zh: "备注", required: false, synonyms: &["备注说明", "说明", "remark", "notes"], in_template: false },
];

pub(crate) const CHECKLIST_FIELDS: &[FieldSpec] = &[
    f("code", "事项编码", true, &["事项代码", "编码", "抽查事项编码", "检查事项编码", "item_code"]),
    f("name", "事项名称", true, &["抽查事项", "检查事项", "名称", "抽查事项名称", "检查事项名称", "item_name"]),
    f("basis", "依据", false, &["检查依据", "法律依据", "抽查依据", "执法依据", "legal_basis"]),
    f("level", "事项类别", false, &["事项类型", "类别", "类型", "抽查类别", "item_level"]),
    f("categories", "适用行业", false, &["行业", "适用行业类别", "适用对象行业", "检查对象", "抽查对象", "适用对象", "适用范围", "适用企业", "industries", "category"]),
];

pub(crate) const HISTORY_FIELDS: &[FieldSpec] = &[
    f("enterprise_id", "统一社会信用代码", true, &["社会信用代码", "统一代码", "信用代码", "uscc", "id"]),
    f("date", "检查日期", true, &["日期", "抽查日期", "完成日期", "检查时间", "inspection_date"]),
    f("department", "检查部门", false, &["部门", "检查机关", "抽查机关", "检查单位", "dept"]),
    f("level", "层级", false, &["检查层级", "级别", "本级/上级"]),
];

/// What one column of the file is read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "name")]
pub enum Target {
    /// A canonical field of the kind.
    Field(String),
    /// An extra enterprise attribute (`attr:NAME` in filters).
    Attr(String),
    /// Read but not used.
    Ignored,
    /// Nobody knows what it is: the user should map it (not for enterprises, whose
    /// extra columns become attributes).
    Unmatched,
    /// The user's override names a field this kind does not have.
    Invalid(String),
}

/// One column of the file and what it maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// 0-based position in the file.
    pub index: usize,
    /// Header text as written in the file (trimmed).
    pub header: String,
    pub target: Target,
    /// Whether the user's override decided this column.
    pub overridden: bool,
}

/// The result of matching a file's headers, for the UI's mapping step and for the
/// importers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub kind: FileKind,
    /// One entry per header, in file order.
    pub columns: Vec<ColumnMapping>,
    /// Canonical names of required fields that no column maps to.
    pub missing: Vec<String>,
    /// Fields that more than one column maps to, with those columns' indexes.
    pub duplicates: Vec<(String, Vec<usize>)>,
    /// The header's row number in the file, where problems of a whole column are
    /// located.
    #[serde(default = "first_row")]
    pub header_row: u64,
}

fn first_row() -> u64 {
    1
}

impl Mapping {
    /// The column a field is read from (the first if several; duplicates are an error).
    pub fn column_of(&self, field: &str) -> Option<&ColumnMapping> {
        self.columns.iter().find(|c| matches!(&c.target, Target::Field(f) if f == field))
    }

    /// Columns that still need the user's decision.
    pub fn unmatched(&self) -> impl Iterator<Item = &ColumnMapping> {
        self.columns.iter().filter(|c| matches!(c.target, Target::Unmatched | Target::Invalid(_)))
    }

    /// File-level problems of the mapping. `skip_missing` lists required fields the
    /// caller does not insist on (e.g. `risk` when it is optional).
    pub fn problems(&self, file: &str, skip_missing: &[&str]) -> Vec<Problem> {
        let mut out = Vec::new();
        let found: Vec<String> = self.columns.iter().filter(|c| !c.header.is_empty()).map(|c| format!("“{}”", c.header)).collect();
        let found_zh = if found.is_empty() { "（无）".to_string() } else { found.join("、") };
        let found_en = if found.is_empty() { "(none)".to_string() } else { found.join(", ") };
        for m in &self.missing {
            if skip_missing.contains(&m.as_str()) {
                continue;
            }
            let zh_name = self.kind.field(m).map_or(m.as_str(), |f| f.header_zh);
            out.push(
                Problem::new(
                    format!("缺少必填列“{zh_name}”（{m}）；文件中的列为：{found_zh}。可在列对应设置中指定哪一列是“{zh_name}”"),
                    format!("required column “{zh_name}” ({m}) is missing; the file has {found_en}. You can map a column to it"),
                )
                .in_file(file)
                .at(self.header_row, zh_name),
            );
        }
        for (field, idxs) in &self.duplicates {
            let heads: Vec<String> = idxs
                .iter()
                .filter_map(|&i| self.columns.get(i))
                .map(|c| format!("“{}”", c.header))
                .collect();
            let zh_name = self.kind.field(field).map_or(field.as_str(), |f| f.header_zh);
            let first = idxs.first().and_then(|&i| self.columns.get(i)).map_or("", |c| c.header.as_str());
            out.push(
                Problem::new(
                    format!("多列都对应“{zh_name}”：{}；请只保留一列，或把其余列设为忽略", heads.join("、")),
                    format!("several columns map to “{field}”: {}; keep one, or set the others to be ignored", heads.join(", ")),
                )
                .in_file(file)
                .at(self.header_row, first),
            );
        }
        let mut seen_attr: BTreeMap<&str, &str> = BTreeMap::new();
        for c in &self.columns {
            match &c.target {
                Target::Invalid(name) => {
                    let names: Vec<&str> = self.kind.fields().iter().map(|f| f.name).collect();
                    out.push(
                        Problem::new(
                            format!("列对应设置把此列指定为“{name}”，但没有这个字段；可用的字段：{}", names.join("、")),
                            format!("the column mapping names “{name}”, which is not a field; fields: {}", names.join(", ")),
                        )
                        .in_file(file)
                        .at(self.header_row, c.header.clone()),
                    );
                }
                Target::Unmatched if c.header.is_empty() => {}
                Target::Unmatched => out.push(
                    Problem::new(
                        "无法识别此列，已忽略；如需使用请在列对应设置中指定",
                        "column not recognised and ignored; map it if it is needed",
                    )
                    .in_file(file)
                    .at(self.header_row, c.header.clone())
                    .as_warning(),
                ),
                Target::Attr(name) => {
                    if let Some(prev) = seen_attr.insert(name.as_str(), c.header.as_str()) {
                        out.push(
                            Problem::new(
                                format!("有两列同名“{name}”（与“{prev}”重复）；请改名或忽略其中一列"),
                                format!("two columns are both named “{name}”; rename or ignore one"),
                            )
                            .in_file(file)
                            .at(self.header_row, c.header.clone()),
                        );
                    }
                }
                _ => {}
            }
            if let Some(moved) = self.second_choice_notice(c) {
                out.push(moved.in_file(file).at(self.header_row, c.header.clone()).as_warning());
            }
        }
        out
    }

    /// Why a column is not read as the field its header names, when another
    /// column already is that field (see [`SECOND_CHOICES`]).
    fn second_choice_notice(&self, c: &ColumnMapping) -> Option<Problem> {
        if c.overridden {
            return None;
        }
        let first = recognise(self.kind, &c.header)?;
        let (read_zh, read_en) = match &c.target {
            Target::Field(f) if f == first.name => return None,
            Target::Field(f) => (format!("“{}”", self.kind.field(f).map_or(f.as_str(), |s| s.header_zh)), format!("“{f}”")),
            Target::Attr(name) => (format!("附加属性“{name}”"), format!("the attribute “{name}”")),
            _ => return None,
        };
        let keeper = self.column_of(first.name)?;
        Some(Problem::new(
            format!("此列也可作“{}”，但“{}”列已作“{}”，此列读作{read_zh}", first.header_zh, keeper.header, first.header_zh),
            format!("this column could be “{}”, but column “{}” already is; it is read as {read_en}", first.name, keeper.header),
        ))
    }
}

/// Resolves the target an override names: a canonical field name, a template
/// header, `attr:NAME` (enterprises), or "" to ignore.
fn override_target(kind: FileKind, header: &str, value: &str) -> Target {
    let v = clean(value);
    if v.is_empty() {
        return Target::Ignored;
    }
    if let Some(f) = kind.fields().iter().find(|f| f.name == v || f.header_zh == v) {
        return Target::Field(f.name.to_string());
    }
    if kind.keeps_extra_columns() {
        if v == "attr" {
            return Target::Attr(header.to_string());
        }
        if let Some(name) = v.strip_prefix(ATTR_PREFIX) {
            let name = clean(name);
            return Target::Attr(if name.is_empty() { header.to_string() } else { name });
        }
    }
    Target::Invalid(v)
}

/// Where two columns of a file name the same field, the headers that give way and
/// what they are read as instead (`attr` keeps it as an enterprise attribute): an
/// inspector list with both 执法中队 and 负责片区 has its area in the second and the
/// squad a person belongs to in the first; a firm's township beats its grid.
const SECOND_CHOICES: &[(FileKind, &[&str], &[&str])] = &[
    (FileKind::Inspectors, &["执法中队", "所属中队", "所在中队", "中队"], &["unit", "department"]),
    (
        FileKind::Enterprises,
        &["网格", "所属网格", "片区", "所属片区", "管辖片区", "登记机关", "管辖机关", "管辖单位", "辖区"],
        &["attr"],
    ),
];

fn second_choices(kind: FileKind, header: &str) -> &'static [&'static str] {
    let key = header_key(header);
    SECOND_CHOICES
        .iter()
        .find(|(k, headers, _)| *k == kind && headers.iter().any(|h| header_key(h) == key))
        .map_or(&[], |(_, _, fields)| fields)
}

/// Columns every export numbers its rows with, which are nobody's data.
const ROW_NUMBER_HEADERS: &[&str] = &["序号", "行号"];

/// Columns such files carry that the draw has no use for, read as "not needed"
/// rather than put to the user as unknown: a records export names the firm and the
/// outcome beside the code, an inspector list the person's phone and ID number
/// (which are better not kept at all).
fn not_needed(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::History => &[
            "企业名称", "名称", "单位名称", "市场主体名称", "检查对象名称", "被检查对象", "检查结果", "检查情况", "处理结果",
            "处理情况", "检查人员", "执法人员", "检查事项", "检查内容", "检查方式", "备注",
        ],
        FileKind::Inspectors => &[
            "性别", "联系电话", "电话", "手机", "手机号码", "职务", "职级", "出生日期", "民族", "政治面貌", "身份证号", "身份证号码", "学历",
        ],
        FileKind::Checklist => &["抽查方式", "检查方式", "抽查内容", "检查内容", "抽查主体", "实施主体", "备注"],
        _ => &[],
    }
}

/// How many of `kind`'s fields a row of cells names: the measure of how much it
/// reads like that kind's header row.
pub fn header_score(kind: FileKind, cells: &[String]) -> usize {
    KnownHeaders::new().score(kind, cells)
}

/// Every kind's header names folded once, as [`recognise`] compares them (exact
/// names before synonyms), for scoring many rows against every kind.
pub(crate) struct KnownHeaders(Vec<(FileKind, Vec<(String, &'static str)>)>);

impl KnownHeaders {
    pub(crate) fn new() -> Self {
        KnownHeaders(
            FileKind::ALL
                .into_iter()
                .map(|kind| {
                    let fields = kind.fields();
                    let exact = fields.iter().flat_map(|f| [(header_key(f.name), f.name), (header_key(f.header_zh), f.name)]);
                    let other = fields.iter().flat_map(|f| f.synonyms.iter().map(|s| (header_key(s), f.name)));
                    (kind, exact.chain(other).collect())
                })
                .collect(),
        )
    }

    pub(crate) fn score(&self, kind: FileKind, cells: &[String]) -> usize {
        let Some((_, known)) = self.0.iter().find(|(k, _)| *k == kind) else { return 0 };
        let mut found: Vec<&str> = cells
            .iter()
            .map(|c| header_key(c))
            .filter(|key| !key.is_empty())
            .filter_map(|key| known.iter().find(|(k, _)| *k == key).map(|(_, name)| *name))
            .collect();
        found.sort_unstable();
        found.dedup();
        found.len()
    }
}

/// Header prefix that marks an attribute column explicitly, for attribute names that
/// would otherwise be taken for a field (an attribute called 类别, say).
pub const ATTR_PREFIX: &str = "attr:";

/// The field a header is recognised as, without overrides.
pub fn recognise(kind: FileKind, header: &str) -> Option<&'static FieldSpec> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    let fields = kind.fields();
    // Exact canonical names and template headers first, so that e.g. 行业 in a
    // checklist is not taken for a synonym of another field.
    fields
        .iter()
        .find(|f| header_key(f.name) == key || header_key(f.header_zh) == key)
        .or_else(|| fields.iter().find(|f| f.synonyms.iter().any(|s| header_key(s) == key)))
}

/// Matches the headers of a file to the fields of `kind`. `overrides` maps header
/// texts (as in the file) to a canonical field name, a template header,
/// `attr:NAME`, or "" to ignore the column; it wins over recognition.
pub fn header_mapping(kind: FileKind, headers: &[String], overrides: &BTreeMap<String, String>) -> Mapping {
    let over: BTreeMap<String, &String> = overrides.iter().map(|(k, v)| (clean(k), v)).collect();
    let mut columns = Vec::with_capacity(headers.len());
    for (index, raw) in headers.iter().enumerate() {
        let header = clean(raw);
        let (target, overridden) = if let Some(v) = over.get(&header) {
            (override_target(kind, &header, v), true)
        } else if let Some(name) = header.strip_prefix(ATTR_PREFIX).filter(|_| kind.keeps_extra_columns()) {
            (Target::Attr(clean(name)), false)
        } else if ROW_NUMBER_HEADERS.iter().any(|h| header_key(h) == header_key(&header)) {
            (Target::Ignored, false)
        } else if let Some(f) = recognise(kind, &header) {
            (Target::Field(f.name.to_string()), false)
        } else if not_needed(kind).iter().any(|h| header_key(h) == header_key(&header)) {
            (Target::Ignored, false)
        } else if header.is_empty() {
            (Target::Unmatched, false)
        } else if kind.keeps_extra_columns() {
            (Target::Attr(header.clone()), false)
        } else {
            (Target::Unmatched, false)
        };
        columns.push(ColumnMapping { index, header, target, overridden });
    }
    give_way(kind, &mut columns);
    let mut by_field: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for c in &columns {
        if let Target::Field(f) = &c.target {
            by_field.entry(f.as_str()).or_default().push(c.index);
        }
    }
    let missing = kind
        .fields()
        .iter()
        .filter(|f| f.required && !by_field.contains_key(f.name))
        .map(|f| f.name.to_string())
        .collect();
    let duplicates = by_field
        .iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    Mapping { kind, columns, missing, duplicates, header_row: 1 }
}

/// Moves the columns that give way (see [`SECOND_CHOICES`]) off a field another
/// column also names, to their first free second choice.
fn give_way(kind: FileKind, columns: &mut [ColumnMapping]) {
    let fields: Vec<String> = columns
        .iter()
        .filter_map(|c| match &c.target {
            Target::Field(f) => Some(f.clone()),
            _ => None,
        })
        .collect();
    let names = |columns: &[ColumnMapping], field: &str| {
        columns.iter().filter(|c| matches!(&c.target, Target::Field(f) if f == field)).count()
    };
    for field in &fields {
        let named = names(columns, field);
        if named < 2 {
            continue;
        }
        let contested: Vec<usize> = (0..columns.len())
            .filter(|&i| !columns[i].overridden && matches!(&columns[i].target, Target::Field(f) if f == field))
            .collect();
        // One without a second choice keeps the field; else, unless the user gave
        // the field to a column, the first.
        let keeper = contested
            .iter()
            .copied()
            .find(|&i| second_choices(kind, &columns[i].header).is_empty())
            .or(if contested.len() == named { contested.first().copied() } else { None });
        for i in contested.into_iter().filter(|&i| Some(i) != keeper) {
            let free = second_choices(kind, &columns[i].header).iter().find(|alt| **alt == "attr" || names(columns, alt) == 0);
            match free {
                Some(&"attr") => columns[i].target = Target::Attr(columns[i].header.clone()),
                Some(alt) => columns[i].target = Target::Field(alt.to_string()),
                None => {}
            }
        }
    }
}

/// The mapping of a table's headers, with column problems located at its header row.
pub fn table_mapping(kind: FileKind, t: &super::table::Table, overrides: &BTreeMap<String, String>) -> Mapping {
    Mapping { header_row: t.header_row, ..header_mapping(kind, &t.headers, overrides) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }
    fn target_of(m: &Mapping, header: &str) -> Target {
        m.columns.iter().find(|c| c.header == header).map(|c| c.target.clone()).unwrap()
    }

    #[test]
    fn synonyms_do_not_collide_within_a_kind() {
        for kind in FileKind::ALL {
            let mut seen = BTreeMap::new();
            for f in kind.fields() {
                for name in [f.name, f.header_zh].iter().chain(f.synonyms.iter()) {
                    let k = header_key(name);
                    if let Some(prev) = seen.insert(k.clone(), f.name) {
                        assert_eq!(prev, f.name, "{kind:?}: “{name}” ({k}) used by {prev} and {}", f.name);
                    }
                }
            }
        }
    }

    #[test]
    fn every_template_header_and_english_name_is_recognised() {
        for kind in FileKind::ALL {
            for f in kind.fields() {
                assert_eq!(recognise(kind, f.header_zh).map(|x| x.name), Some(f.name));
                assert_eq!(recognise(kind, f.name).map(|x| x.name), Some(f.name));
                for s in f.synonyms {
                    assert_eq!(recognise(kind, s).map(|x| x.name), Some(f.name), "{s}");
                }
            }
        }
    }

    #[test]
    fn enterprise_headers_synonyms_extras_and_overrides() {
        let headers = hs(&["社会信用代码", "单位名称", "风险等级", "经营场所", "注册资本", "联系人电话", "Region"]);
        let mut o = BTreeMap::new();
        o.insert("联系人电话".to_string(), String::new());
        let m = header_mapping(FileKind::Enterprises, &headers, &o);
        assert_eq!(target_of(&m, "社会信用代码"), Target::Field("uscc".into()));
        assert_eq!(target_of(&m, "单位名称"), Target::Field("name".into()));
        assert_eq!(target_of(&m, "风险等级"), Target::Field("risk".into()));
        assert_eq!(target_of(&m, "经营场所"), Target::Field("address".into()));
        assert_eq!(target_of(&m, "注册资本"), Target::Attr("注册资本".into()));
        assert_eq!(target_of(&m, "联系人电话"), Target::Ignored);
        assert_eq!(target_of(&m, "Region"), Target::Field("region".into()));
        assert!(m.missing.is_empty());
        assert!(m.problems("f", &[]).is_empty());
    }

    #[test]
    fn attr_prefix_keeps_field_like_names_as_attributes() {
        let m = header_mapping(FileKind::Enterprises, &hs(&["行业", "attr:类别"]), &BTreeMap::new());
        assert_eq!(target_of(&m, "attr:类别"), Target::Attr("类别".into()));
        assert!(m.duplicates.is_empty());
    }

    #[test]
    fn missing_and_duplicate_columns_are_reported() {
        let m = header_mapping(FileKind::Inspectors, &hs(&["姓名", "名字", "籍贯"]), &BTreeMap::new());
        assert_eq!(m.missing, vec!["id".to_string()]);
        assert_eq!(m.duplicates, vec![("name".to_string(), vec![0, 1])]);
        assert_eq!(target_of(&m, "籍贯"), Target::Unmatched);
        let p = m.problems("f", &[]);
        assert_eq!(p.iter().filter(|p| !p.warning).count(), 2);
        assert_eq!(p.iter().filter(|p| p.warning).count(), 1);
        assert!(p[0].text.zh.contains("执法证号") && p[0].text.zh.contains("“名字”"));
    }

    #[test]
    fn a_squad_gives_way_to_an_area_and_a_grid_to_a_township() {
        let m = header_mapping(FileKind::Inspectors, &hs(&["执法证号", "姓名", "执法中队", "负责片区"]), &BTreeMap::new());
        assert_eq!(target_of(&m, "负责片区"), Target::Field("region".into()));
        assert_eq!(target_of(&m, "执法中队"), Target::Field("unit".into()));
        assert!(m.duplicates.is_empty());
        let p = m.problems("f", &[]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].warning && p[0].column == "执法中队" && p[0].text.zh.contains("负责片区"), "{p:?}");
        let alone = header_mapping(FileKind::Inspectors, &hs(&["执法证号", "姓名", "执法中队"]), &BTreeMap::new());
        assert_eq!(target_of(&alone, "执法中队"), Target::Field("region".into()));
        assert!(alone.problems("f", &[]).is_empty());
        let firms = header_mapping(FileKind::Enterprises, &hs(&["所属网格", "所属乡镇"]), &BTreeMap::new());
        assert_eq!(target_of(&firms, "所属乡镇"), Target::Field("region".into()));
        assert_eq!(target_of(&firms, "所属网格"), Target::Attr("所属网格".into()));
        let mut o = BTreeMap::new();
        o.insert("所属网格".to_string(), "region".to_string());
        let chosen = header_mapping(FileKind::Enterprises, &hs(&["所属网格", "所属乡镇"]), &o);
        assert_eq!(target_of(&chosen, "所属网格"), Target::Field("region".into()));
        assert_eq!(chosen.duplicates, vec![("region".to_string(), vec![0, 1])], "only a column with a second choice gives way");
    }

    #[test]
    fn row_numbers_are_ignored_and_scores_count_fields() {
        let m = header_mapping(FileKind::Enterprises, &hs(&["序号", "统一社会信用代码"]), &BTreeMap::new());
        assert_eq!(target_of(&m, "序号"), Target::Ignored);
        // What a records export or an inspector list carries beside the data is not
        // put to the user as unknown.
        let m = header_mapping(FileKind::History, &hs(&["统一社会信用代码", "企业名称", "检查日期", "检查机关", "检查结果", "说明"]), &BTreeMap::new());
        assert_eq!(target_of(&m, "企业名称"), Target::Ignored);
        assert_eq!(target_of(&m, "检查结果"), Target::Ignored);
        assert_eq!(target_of(&m, "说明"), Target::Unmatched);
        let m = header_mapping(FileKind::Inspectors, &hs(&["执法证号", "姓名", "身份证号", "联系电话"]), &BTreeMap::new());
        assert_eq!(target_of(&m, "身份证号"), Target::Ignored);
        assert_eq!(target_of(&m, "联系电话"), Target::Ignored);
        assert_eq!(header_score(FileKind::Enterprises, &hs(&["序号", "统一社会信用代码", "信用代码", "企业名称", "x"])), 2);
        assert_eq!(header_score(FileKind::Inspectors, &hs(&["统一社会信用代码", "企业名称"])), 0);
    }

    #[test]
    fn override_to_unknown_field_is_invalid() {
        let mut o = BTreeMap::new();
        o.insert("X".to_string(), "colour".to_string());
        o.insert("Y".to_string(), "执法证号".to_string());
        let m = header_mapping(FileKind::Inspectors, &hs(&["X", "Y", "姓名"]), &o);
        assert_eq!(target_of(&m, "X"), Target::Invalid("colour".into()));
        assert_eq!(target_of(&m, "Y"), Target::Field("id".into()));
        assert!(m.missing.is_empty());
    }
}
