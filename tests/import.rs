//! Import of the four input files from CSV bytes as regulators' spreadsheets write
//! them.

use std::collections::BTreeMap;

use fairdraw::import::*;
use fairdraw::model::{ChecklistItem, Enterprise, HistoryRecord, Inspector};
use fairdraw::uscc::check_char;
use fairdraw::Problems;

fn uscc(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).unwrap())
}

/// Same 17 characters with a deliberately wrong check character.
fn bad_uscc(first17: &str) -> String {
    let good = check_char(first17).unwrap();
    let wrong = if good == '0' { '1' } else { '0' };
    format!("{first17}{wrong}")
}

fn fullwidth(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect()
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn opts() -> ImportOptions {
    ImportOptions::default()
}

/// (row, column, fragment of the Chinese message) of every problem, for comparison.
fn located(p: &Problems) -> Vec<(Option<u64>, String, bool)> {
    p.0.iter().map(|p| (p.row, p.column.clone(), p.warning)).collect()
}

fn assert_has(p: &Problems, row: u64, column: &str, zh_fragment: &str) {
    assert!(
        p.0.iter().any(|x| x.row == Some(row) && x.column == column && x.text.zh.contains(zh_fragment) && !x.text.en.is_empty()),
        "no problem at row {row} column {column} containing {zh_fragment:?}; got:\n{p}"
    );
}

#[test]
#[cfg(feature = "gb18030")]
fn gbk_fixture_written_by_another_encoder() {
    let bytes = include_bytes!("fixtures/import/enterprises_gbk.csv");
    assert!(String::from_utf8(bytes.to_vec()).is_err(), "fixture must really be GBK");
    let got = import_enterprises_csv("企业名录.csv", bytes, &opts()).unwrap();
    assert_eq!(got.encoding, Some(TextEncoding::Gb18030));
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let ids: Vec<&str> = got.records.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["91350100MA34R6T9X5", "91350102MA2Y4B7K18", "92350104MA8U2N3P6C"]);
    let chem = &got.records[0];
    assert_eq!(chem.name, "福建示例化工有限公司");
    assert_eq!(chem.status, "revoked");
    assert_eq!(chem.risk, "D");
    assert_eq!(chem.flags, ["blacklist", "key"]);
    assert_eq!(chem.address, "福州市闽侯县高新大道3号,B栋");
    assert_eq!(chem.industry, "危险化学品");
    assert_eq!(chem.region, "高新区所");
    assert_eq!(chem.attrs.get("注册资本").map(String::as_str), Some("5000万元"));
    let shop = &got.records[2];
    assert_eq!(shop.risk, "A");
    assert_eq!(shop.status, "active");
    assert!(shop.flags.is_empty());
    assert!(shop.attrs.is_empty(), "empty attribute cells are left out");
    assert_eq!(got.records[1].status, "active");
}

#[test]
#[cfg(feature = "gb18030")]
fn gbk_generated_with_a_real_encoder_and_gb18030_choice() {
    let a = uscc("91350102MA2Y4B7K1");
    let text = format!("执法证号,姓名,单位,部门,区域,执法类别,执法证有效期至,专家,状态,回避企业\r\n35010021001,林晓明,鼓楼所,市场监管,鼓楼所,\"食品安全、特种设备\",2027年6月30日,否,在岗,{a}\r\n");
    let bytes = gbk(&text);
    for enc in [TextEncoding::Auto, TextEncoding::Gb18030] {
        let o = ImportOptions { encoding: enc, ..opts() };
        let got = import_inspectors_csv("人员.csv", &bytes, &o).unwrap();
        assert_eq!(got.encoding, Some(TextEncoding::Gb18030));
        let i = &got.records[0];
        assert_eq!(i.name, "林晓明");
        assert_eq!(i.cert_expiry, "2027-06-30");
        assert_eq!(i.qualifications, ["特种设备", "食品安全"]);
        assert_eq!(i.conflicts, std::slice::from_ref(&a));
    }
    // Asking for UTF-8 on GBK bytes is an error that says what to do, not mojibake.
    let o = ImportOptions { encoding: TextEncoding::Utf8, ..opts() };
    let err = import_inspectors_csv("人员.csv", &bytes, &o).unwrap_err();
    assert!(err.0[0].text.zh.contains("GBK"), "{err}");
}

#[test]
#[cfg(feature = "gb18030")]
fn gb18030_four_byte_characters_survive() {
    // 𠀀 (U+20000) needs GB18030's four-byte form; GBK cannot hold it.
    let a = uscc("91350102MA2Y4B7K1");
    let text = format!("统一社会信用代码,企业名称,信用风险分类\n{a},𠀀记小吃店,C\n");
    let (bytes, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    let got = import_enterprises_csv("e.csv", &bytes, &opts()).unwrap();
    assert_eq!(got.records[0].name, "𠀀记小吃店");
}

#[test]
#[cfg(not(feature = "gb18030"))]
fn gbk_without_the_decoder_says_how_to_fix_it() {
    let err = import_enterprises_csv("e.csv", &gbk("统一社会信用代码,企业名称\n"), &opts()).unwrap_err();
    assert!(err.0[0].zh.contains("CSV UTF-8") && err.0[0].en.contains("GB18030"), "{err}");
}

#[test]
fn utf8_bom_crlf_quotes_and_embedded_newlines() {
    let a = uscc("91350102MA2Y4B7K1");
    let b = uscc("92350104MA8U2N3P6");
    let text = format!(
        "\u{feff}统一社会信用代码,企业名称,信用风险分类,住所,备注\r\n\
         {a},\"示例\"\"老字号\"\"餐馆, 鼓楼店\",B,\"福州市鼓楼区\r\n五四路1号\",\"多行\r\n备注\"\r\n\
         \r\n\
         {fw},示例便利店,ｂ,,\r\n",
        fw = fullwidth(&b)
    );
    let got = import_enterprises_csv("e.csv", text.as_bytes(), &opts()).unwrap();
    assert_eq!(got.encoding, Some(TextEncoding::Utf8));
    assert_eq!(got.records.len(), 2);
    let first = &got.records[0];
    assert_eq!(first.id, a);
    assert_eq!(first.name, "示例\"老字号\"餐馆, 鼓楼店");
    // A cell typed on two lines keeps its words, a line break becoming a space: a
    // document holds no control character (SPEC §3.5).
    assert_eq!(first.address, "福州市鼓楼区 五四路1号");
    assert_eq!(first.attrs.get("备注").map(String::as_str), Some("多行 备注"));
    assert_eq!(got.records[1].id, b, "full-width code folded");
    assert_eq!(got.records[1].risk, "B");
}

#[test]
fn rows_are_spreadsheet_rows_even_after_multiline_cells() {
    let a = uscc("91350102MA2Y4B7K1");
    // Row 2 spans three text lines; the bad code is on spreadsheet row 4 (row 3 empty).
    let text = format!("统一社会信用代码,企业名称,信用风险分类\n{a},\"甲\n乙\n丙\",A\n\n123,丁,A\n");
    let err = import_enterprises_csv("e.csv", text.as_bytes(), &opts()).unwrap_err();
    assert_eq!(located(&err), vec![(Some(4), "统一社会信用代码".to_string(), false)]);
}

#[test]
fn many_errors_are_all_reported_with_row_and_column() {
    let a = uscc("91350102MA2Y4B7K1");
    let b = uscc("92350104MA8U2N3P6");
    let c = uscc("91350100MA34R6T9X");
    let text = [
        "统一社会信用代码,企业名称,信用风险分类,登记状态,重点监管,标记".to_string(),
        format!("{a},甲公司,A,存续,否,"),                             // 2 fine
        format!("{},乙公司,B,存续,否,", bad_uscc("92350104MA8U2N3P6")), // 3 check character
        format!("{b},,E,倒闭,也许,红名单"),                              // 4 name, risk, status, flag, flags
        format!("{a},甲公司重复,A,,,"),                                  // 5 duplicate of row 2
        format!("{c},丙公司,,存续,是,黑名单"),                            // 6 missing risk
        "9.13501E+17,丁公司,A,,,".to_string(),                         // 7 Excel number
        format!("{},戊公司,A,,,,多余", uscc("91350100MA34R6T8X")),        // 8 cell without header
    ]
    .join("\n");
    let err = import_enterprises_csv("企业.csv", text.as_bytes(), &opts()).unwrap_err();
    assert_has(&err, 3, "统一社会信用代码", "校验位");
    assert_has(&err, 4, "企业名称", "必填");
    assert_has(&err, 4, "信用风险分类", "未知的信用风险分类“E”");
    assert_has(&err, 4, "登记状态", "倒闭");
    assert_has(&err, 4, "重点监管", "也许");
    assert_has(&err, 4, "标记", "红名单");
    assert_has(&err, 5, "统一社会信用代码", "第 2 行重复");
    assert_has(&err, 6, "信用风险分类", "必填");
    assert_has(&err, 7, "统一社会信用代码", "科学计数法");
    assert!(err.0.iter().any(|p| p.row == Some(8) && p.text.zh.contains("第 7 列") && p.text.zh.contains("多余")), "{err}");
    assert_eq!(err.0.len(), 10, "exactly the problems above:\n{err}");
    assert!(err.0.iter().all(|p| p.file == "企业.csv" && !p.warning));
    let rows: Vec<u64> = err.0.iter().filter_map(|p| p.row).collect();
    assert!(rows.windows(2).all(|w| w[0] <= w[1]), "problems in row order: {rows:?}");
}

#[test]
fn missing_required_columns_name_the_column_and_list_the_headers() {
    let err = import_enterprises_csv("e.csv", "名称,地址\n甲,乙\n".as_bytes(), &opts()).unwrap_err();
    let zh: Vec<&str> = err.0.iter().map(|p| p.text.zh.as_str()).collect();
    assert_eq!(err.0.len(), 2, "{err}");
    assert!(zh[0].contains("统一社会信用代码") && zh[0].contains("“名称”、“地址”"), "{zh:?}");
    assert!(zh[1].contains("信用风险分类"), "{zh:?}");
    // Not insisting on risk drops that one.
    let o = ImportOptions { require_risk: false, ..opts() };
    let err = import_enterprises_csv("e.csv", "名称,地址\n甲,乙\n".as_bytes(), &o).unwrap_err();
    assert_eq!(err.0.len(), 1);
}

#[test]
fn optional_risk_and_custom_classes() {
    let a = uscc("91350102MA2Y4B7K1");
    let b = uscc("92350104MA8U2N3P6");
    let text = format!("统一社会信用代码,企业名称,信用风险分类\n{a},甲,\n{b},乙,高风险\n");
    let o = ImportOptions { require_risk: false, risk_classes: vec!["低风险".into(), "高风险".into()], ..opts() };
    let got = import_enterprises_csv("e.csv", text.as_bytes(), &o).unwrap();
    assert_eq!(got.records[0].risk, "");
    assert_eq!(got.records[1].risk, "高风险");
    let err = import_enterprises_csv("e.csv", text.as_bytes(), &opts()).unwrap_err();
    assert_has(&err, 2, "信用风险分类", "必填");
    assert_has(&err, 3, "信用风险分类", "A、B、C、D");
}

#[test]
fn english_headers() {
    let a = uscc("91350102MA2Y4B7K1");
    let text = format!(
        "USCC,Name,Kind,Industry,Region,Risk,Status,Address,Key,Blacklist,Serious_Violation,Abnormal,Penalized,Trusted,Floor Area\n\
         {a},Example Co,企业,餐饮服务,鼓楼所,c,revoked,Road 1,Y,n,0,1,false,,200\n"
    );
    let got = import_enterprises_csv("e.csv", text.as_bytes(), &opts()).unwrap();
    let e = &got.records[0];
    assert_eq!((e.risk.as_str(), e.status.as_str()), ("C", "revoked"));
    assert_eq!(e.flags, ["abnormal", "key"]);
    assert_eq!(e.attrs.get("Floor Area").map(String::as_str), Some("200"));

    let text = "id,name,unit,department,region,qualifications,cert_expiry,expert,status,conflicts\n\
                a-1,Li,U,D,R,\"x, y\",2030-01-01,no,inactive,\n";
    let got = import_inspectors_csv("i.csv", text.as_bytes(), &opts()).unwrap();
    assert_eq!(got.records[0].id, "A-1");
    assert_eq!(got.records[0].status, "inactive");
    assert_eq!(got.records[0].qualifications, ["x", "y"]);

    let text = "code,name,basis,level,categories\nk1,Check,Law,key,\n";
    let got = import_checklist_csv("c.csv", text.as_bytes(), &opts()).unwrap();
    assert_eq!(got.records[0].level, "key");

    // A 抽查事项清单 as offices write it: 检查对象 for the industries, 全部 for every firm.
    let text = "事项编码,抽查事项,检查对象\nA1,安全生产许可,危险化学品生产企业、烟花爆竹经营单位\nA2,应急预案,全部\nA3,教育培训,所有企业\n";
    let got = import_checklist_csv("c.csv", text.as_bytes(), &opts()).unwrap();
    let categories: Vec<&[String]> = got.records.iter().map(|r| r.categories.as_slice()).collect();
    assert_eq!(categories, [&["危险化学品生产企业".to_string(), "烟花爆竹经营单位".to_string()][..], &[][..], &[][..]]);

    let text = format!("enterprise_id,date,department,level\n{a},2026/3/5,SAMR,higher\n");
    let got = import_history_csv("h.csv", text.as_bytes(), &opts()).unwrap();
    assert_eq!(got.records[0], HistoryRecord { enterprise_id: a, date: "2026-03-05".into(), department: "SAMR".into(), level: "higher".into() });
}

#[test]
fn header_overrides_map_ignore_and_reject() {
    let a = uscc("91350102MA2Y4B7K1");
    let text = format!("代码,企业,风险,内部编号,联系人\n{a},甲,A,N-7,张三\n");
    let bytes = text.as_bytes();
    // Without help, 代码 and 企业 are not recognised: they would become attributes.
    let (m, _) = csv_header_mapping("e.csv", bytes, FileKind::Enterprises, &opts()).unwrap();
    assert_eq!(m.missing, ["uscc", "name", "risk"]);
    let mut o = opts();
    o.header_overrides = BTreeMap::from([
        ("代码".to_string(), "uscc".to_string()),
        ("企业".to_string(), "企业名称".to_string()),
        ("风险".to_string(), "risk".to_string()),
        ("联系人".to_string(), String::new()),
        ("内部编号".to_string(), "attr:编号".to_string()),
    ]);
    let got = import_enterprises_csv("e.csv", bytes, &o).unwrap();
    let e = &got.records[0];
    assert_eq!((e.id.as_str(), e.name.as_str(), e.risk.as_str()), (a.as_str(), "甲", "A"));
    assert_eq!(e.attrs, BTreeMap::from([("编号".to_string(), "N-7".to_string())]));
    assert_eq!(got.mapping.columns[4].target, Target::Ignored);
    assert!(got.mapping.columns.iter().all(|c| c.overridden));

    o.header_overrides.insert("联系人".into(), "phone".into());
    let err = import_enterprises_csv("e.csv", bytes, &o).unwrap_err();
    assert_has(&err, 1, "联系人", "phone");
}

#[test]
fn inspectors_expiry_experts_conflicts_and_warnings() {
    let a = uscc("91350102MA2Y4B7K1");
    let text = format!(
        "执法证号,姓名,执法证有效期至,专家,状态,回避企业\n\
         35010021001,林,2025-12-31,否,在岗,\n\
         ZJ-0001,王,,是,,\n\
         35010021002,陈,,否,休假,\n\
         35010021003,周,2026-02-30,否,在岗,\"{a}；{bad}\"\n\
         ３５０１００２１００１,林二,2027-01-01,否,出差,{a}\n",
        bad = bad_uscc("91350100MA34R6T9X")
    );
    let o = ImportOptions { as_of: Some("2026-05-01".into()), ..opts() };
    let err = import_inspectors_csv("人员.csv", text.as_bytes(), &o).unwrap_err();
    assert_has(&err, 2, "执法证有效期至", "过期");
    assert!(err.0.iter().find(|p| p.row == Some(2)).unwrap().warning, "expired is a warning");
    assert_has(&err, 4, "执法证有效期至", "非专家");
    assert_has(&err, 5, "执法证有效期至", "2026-02-30");
    assert_has(&err, 5, "回避企业", "校验位");
    assert_has(&err, 6, "状态", "出差");
    assert_has(&err, 6, "执法证号", "第 2 行重复");
    assert_eq!(err.0.len(), 6, "{err}");

    // The valid rows alone import; the expired certificate stays a warning.
    let mut ok: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
    ok.push_str("35010021002,陈,2030-01-01,否,休假,\n");
    let got = import_inspectors_csv("人员.csv", ok.as_bytes(), &o).unwrap();
    assert_eq!(got.warnings.len(), 1);
    assert!(got.warnings[0].warning);
    let ids: Vec<&str> = got.records.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["35010021001", "35010021002", "ZJ-0001"]);
    assert!(got.records[2].expert && got.records[2].cert_expiry.is_empty());
    assert_eq!(got.records[1].status, "inactive");
}

#[test]
fn inspectors_without_an_expiry_column() {
    let only_experts = "执法证号,姓名,专家\nZJ-1,王,是\n";
    assert!(import_inspectors_csv("i.csv", only_experts.as_bytes(), &opts()).is_ok());
    let mixed = "执法证号,姓名,专家\nZJ-1,王,是\n3501,林,否\n3502,陈,\n";
    let err = import_inspectors_csv("i.csv", mixed.as_bytes(), &opts()).unwrap_err();
    assert_eq!(err.0.len(), 1, "one file-level problem, not one per row: {err}");
    assert_eq!(err.0[0].column, "执法证有效期至");
}

#[test]
fn checklist_and_history_checks() {
    let text = "事项编码,事项名称,依据,事项类别,适用行业\nA1,甲,,重点,\"餐饮服务、食品销售、餐饮服务\"\na1,乙,,一般,\nA2,,,特别,\n";
    let err = import_checklist_csv("c.csv", text.as_bytes(), &opts()).unwrap_err();
    assert_has(&err, 3, "事项编码", "第 2 行重复");
    assert_has(&err, 4, "事项名称", "必填");
    assert_has(&err, 4, "事项类别", "特别");
    assert_eq!(err.0.len(), 3, "{err}");
    let got = import_checklist_csv("c.csv", text.lines().take(2).collect::<Vec<_>>().join("\n").as_bytes(), &opts()).unwrap();
    assert_eq!(got.records[0].categories, ["食品销售", "餐饮服务"]);

    let a = uscc("91350102MA2Y4B7K1");
    let text = format!(
        "统一社会信用代码,检查日期,检查部门,层级\n{a},2026-03-01,市场监管,\n{bad},2026-03-02,市场监管,本级\n{a},,市场监管,本级\n{a},2026-03-01,市场监管,本级\n{a},2026-09-01,应急,中央\n{a},2026-09-01,应急,上级\n",
        bad = bad_uscc("92350104MA8U2N3P6")
    );
    let o = ImportOptions { as_of: Some("2026年6月1日".into()), ..opts() };
    let err = import_history_csv("h.csv", text.as_bytes(), &o).unwrap_err();
    assert_has(&err, 3, "统一社会信用代码", "校验位");
    assert_has(&err, 4, "检查日期", "必填");
    assert_has(&err, 5, "统一社会信用代码", "完全相同");
    assert_has(&err, 6, "层级", "中央");
    assert_has(&err, 6, "检查日期", "晚于");
    assert_has(&err, 7, "检查日期", "晚于");
    assert_eq!(err.0.iter().filter(|p| !p.warning).count(), 3, "{err}");
}

#[test]
fn utf16_tab_separated_unicode_text() {
    let a = uscc("91350102MA2Y4B7K1");
    let text = format!("统一社会信用代码\t企业名称\t信用风险分类\t住所\r\n{a}\t甲\tA\t福州,鼓楼\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let got = import_enterprises_csv("e.txt", &bytes, &opts()).unwrap();
    assert_eq!(got.encoding, Some(TextEncoding::Utf16Le));
    assert_eq!(got.records[0].address, "福州,鼓楼");
}

#[test]
fn templates_import_without_problems() {
    let o = opts();
    for kind in FileKind::ALL {
        let t = template_csv(kind);
        assert!(t.starts_with('\u{feff}'), "BOM for Excel");
        let bytes = t.as_bytes();
        let n = match kind {
            FileKind::Enterprises => import_enterprises_csv("t", bytes, &o).map(|i| (i.records.len(), i.warnings.len())),
            FileKind::Inspectors => import_inspectors_csv("t", bytes, &o).map(|i| (i.records.len(), i.warnings.len())),
            FileKind::Checklist => import_checklist_csv("t", bytes, &o).map(|i| (i.records.len(), i.warnings.len())),
            FileKind::History => import_history_csv("t", bytes, &o).map(|i| (i.records.len(), i.warnings.len())),
        };
        let (records, warnings) = n.unwrap_or_else(|e| panic!("{kind:?} template:\n{e}"));
        assert!(records >= 2 && warnings == 0, "{kind:?}");
        let (m, _) = csv_header_mapping("t", bytes, kind, &o).unwrap();
        assert!(m.columns.iter().all(|c| matches!(c.target, Target::Field(_))), "{kind:?} template headers are all fields");
    }
}

type ImportFn<T> = fn(&str, &[u8], &ImportOptions) -> Result<Imported<T>, Problems>;

fn roundtrip<T: PartialEq + std::fmt::Debug>(
    records: &[T],
    write: fn(&[T]) -> String,
    import: ImportFn<T>,
) {
    let csv = write(records);
    let back = import("rt.csv", csv.as_bytes(), &opts()).unwrap_or_else(|e| panic!("{e}\n{csv}"));
    assert_eq!(back.records, records, "{csv}");
    assert!(back.warnings.is_empty());
    // And once more from the re-read records: the writer is a fixed point.
    assert_eq!(write(&back.records), csv);
}

#[test]
fn writers_round_trip() {
    let a = uscc("91350102MA2Y4B7K1");
    let b = uscc("92350104MA8U2N3P6");
    let c = uscc("91350100MA34R6T9X");
    let enterprises = vec![
        Enterprise {
            id: c.clone(),
            name: "福建\"示例\"化工, 有限公司".into(),
            kind: "企业".into(),
            industry: "危险化学品".into(),
            region: "高新区所".into(),
            risk: "D".into(),
            flags: vec!["abnormal".into(), "blacklist".into(), "key".into(), "penalized".into(), "serious_violation".into(), "trusted".into()],
            status: "moved_out".into(),
            address: "第一行 第二行".into(),
            attrs: BTreeMap::from([
                ("注册资本".into(), "5000万元".into()),
                ("专项库".into(), "危化品经营许可".into()),
                // Reads as a field name; the writer must keep it an attribute.
                ("类别".into(), "工贸".into()),
            ]),
        },
        Enterprise {
            id: a.clone(),
            name: "甲".into(),
            kind: String::new(),
            industry: String::new(),
            region: String::new(),
            risk: "A".into(),
            flags: vec![],
            status: "suspended".into(),
            address: String::new(),
            attrs: BTreeMap::from([("注册资本".into(), "1万元".into())]),
        },
    ];
    let mut sorted = enterprises.clone();
    sorted.sort_by(|x, y| x.id.cmp(&y.id));
    roundtrip(&sorted, write_enterprises_csv, import_enterprises_csv);
    for st in ["active", "revoked", "cancelled"] {
        let one = vec![Enterprise { status: st.into(), ..sorted[0].clone() }];
        roundtrip(&one, write_enterprises_csv, import_enterprises_csv);
    }

    let inspectors = vec![
        Inspector {
            id: "35010021001".into(),
            name: "林晓明".into(),
            unit: "鼓楼所".into(),
            department: "市场监管".into(),
            region: "鼓楼所".into(),
            qualifications: vec!["特种设备".into(), "食品安全".into()],
            cert_expiry: "2027-06-30".into(),
            expert: false,
            status: "active".into(),
            conflicts: vec![a.clone(), b.clone()],
        },
        Inspector {
            id: "ZJ-0001".into(),
            name: "王磊".into(),
            unit: String::new(),
            department: String::new(),
            region: String::new(),
            qualifications: vec![],
            cert_expiry: String::new(),
            expert: true,
            status: "inactive".into(),
            conflicts: vec![],
        },
    ];
    roundtrip(&inspectors, write_inspectors_csv, import_inspectors_csv);

    let items = vec![
        ChecklistItem { code: "SCJG-001".into(), name: "食品销售者经营条件检查".into(), basis: "《食品安全法》".into(), level: "key".into(), categories: vec!["食品销售".into(), "餐饮服务".into()] },
        ChecklistItem { code: "SCJG-002".into(), name: "公示信息".into(), basis: String::new(), level: "general".into(), categories: vec![] },
    ];
    roundtrip(&items, write_checklist_csv, import_checklist_csv);

    let mut history = vec![
        HistoryRecord { enterprise_id: c.clone(), date: "2026-04-02".into(), department: "应急管理".into(), level: "higher".into() },
        HistoryRecord { enterprise_id: a.clone(), date: "2026-03-15".into(), department: "市场监管".into(), level: "same".into() },
        HistoryRecord { enterprise_id: a, date: "2026-03-15".into(), department: "".into(), level: "same".into() },
    ];
    history.sort();
    roundtrip(&history, write_history_csv, import_history_csv);
}

#[test]
fn template_round_trips_through_the_writer() {
    let got = import_enterprises_csv("t", template_csv(FileKind::Enterprises).as_bytes(), &opts()).unwrap();
    let again = import_enterprises_csv("t", write_enterprises_csv(&got.records).as_bytes(), &opts()).unwrap();
    assert_eq!(got.records, again.records);
}

#[test]
fn combined_flags_column_in_chinese_or_codes() {
    let a = uscc("91350102MA2Y4B7K1");
    let text = format!("统一社会信用代码,企业名称,信用风险分类,黑名单,标记\n{a},甲,A,是,\"经营异常名录、重点监管；abnormal, 守信\"\n");
    let got = import_enterprises_csv("e.csv", text.as_bytes(), &opts()).unwrap();
    assert_eq!(got.records[0].flags, ["abnormal", "blacklist", "key", "trusted"]);
}

#[test]
fn content_under_an_empty_header_is_an_error() {
    let a = uscc("91350102MA2Y4B7K1");
    let text = format!("统一社会信用代码,,企业名称,信用风险分类\n{a},?,甲,A\n{a}2,,乙,B\n");
    let err = import_enterprises_csv("e.csv", text.as_bytes(), &opts()).unwrap_err();
    assert!(err.0.iter().any(|p| p.row == Some(2) && p.text.zh.contains("第 2 列")), "{err}");
    assert_has(&err, 3, "统一社会信用代码", "18 位");
    assert_eq!(err.0.len(), 2, "{err}");
}

#[test]
fn empty_and_header_only_files() {
    let err = import_enterprises_csv("e.csv", b"", &opts()).unwrap_err();
    assert!(err.0[0].text.zh.contains("空"));
    let got = import_history_csv("h.csv", "统一社会信用代码,检查日期\r\n".as_bytes(), &opts()).unwrap();
    assert!(got.records.is_empty());
}

/// Small deterministic generator so the fuzz cases are the same on every run.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let seeds: Vec<Vec<u8>> = FileKind::ALL.iter().map(|&k| template_csv(k).into_bytes()).collect();
    let alphabet: &[u8] = b",\"\r\n\t ;\xEF\xBB\xBF\xFF\xFE\xA3\xAC0A";
    for round in 0..3000 {
        let bytes: Vec<u8> = if round % 3 == 0 {
            let len = (rng.next() % 200) as usize;
            (0..len).map(|_| rng.next() as u8).collect()
        } else {
            // Mutate a valid file: structure-breaking bytes in a realistic context.
            let mut b = seeds[round % seeds.len()].clone();
            for _ in 0..(1 + rng.next() % 8) {
                let pos = (rng.next() as usize) % (b.len() + 1);
                let byte = alphabet[(rng.next() as usize) % alphabet.len()];
                match rng.next() % 3 {
                    0 => b.insert(pos, byte),
                    1 if pos < b.len() => {
                        b.remove(pos);
                    }
                    _ if pos < b.len() => b[pos] = byte,
                    _ => {}
                }
            }
            b
        };
        for enc in [TextEncoding::Auto, TextEncoding::Utf8, TextEncoding::Gb18030] {
            let o = ImportOptions { encoding: enc, as_of: Some("2026-01-01".into()), ..opts() };
            let _ = import_enterprises_csv("f", &bytes, &o);
            let _ = import_inspectors_csv("f", &bytes, &o);
            let _ = import_checklist_csv("f", &bytes, &o);
            let _ = import_history_csv("f", &bytes, &o);
        }
    }
}

/// The importers apply the verifier's rules on text (SPEC §3.5), by cell: a name that
/// would show reversed, a code with a hidden character or a stray symbol, an over-long
/// name — each an error at its row and column, and the file is not imported.
#[test]
fn hidden_characters_and_odd_codes_are_refused_where_they_stand() {
    let a = uscc("91350102MA2Y4B7K1");
    let b = uscc("92350104MA8U2N3P6");
    let long = "长".repeat(101);
    // At the limit once its spaces are trimmed: accepted.
    let padded = format!("  {}  ", "长".repeat(100));
    let c = uscc("91350102MA2Y4B7K2");
    let text = format!(
        "统一社会信用代码,企业名称,住所\n{a},正常贸易有限公司\u{202E}gnp.exe,福州\n{b}\u{200B}x,乙,福州\n{a},{long},福州\n{c},{padded},福州\n"
    );
    let err = import_enterprises_csv("e.csv", text.as_bytes(), &opts()).unwrap_err();
    let found = located(&err);
    assert!(!found.iter().any(|(row, _, _)| *row == Some(5)), "{err}");
    assert!(found.contains(&(Some(2), "企业名称".to_string(), false)), "{err}");
    assert!(found.contains(&(Some(3), "统一社会信用代码".to_string(), false)), "{err}");
    assert!(found.contains(&(Some(4), "企业名称".to_string(), false)), "{err}");
    assert!(err.to_string().contains("U+202E"), "{err}");

    let inspectors = "执法证号,姓名,执法证有效期至\n13030036102,甲,2030-12-31\n1303#0036,乙,2030-12-31\n";
    let err = import_inspectors_csv("i.csv", inspectors.as_bytes(), &opts()).unwrap_err();
    assert_eq!(located(&err), vec![(Some(3), "执法证号".to_string(), false)], "{err}");
}

/// A platform export: a title, an export note and a blank row above the header, and
/// 制表人, 审核人 and 合计 below the data.
fn bureau_enterprise_csv() -> String {
    let a = uscc("91350102MA2Y4B7K1");
    let b = uscc("92350104MA8U2N3P6");
    [
        "2026年度双随机抽查对象名录,,".to_string(),
        "导出时间：2026-03-01 导出人：王五,,".to_string(),
        ",,".to_string(),
        "统一社会信用代码,企业名称,信用风险分类".to_string(),
        format!("{a},甲公司,A"),
        format!("{b},乙公司,B"),
        ",,".to_string(),
        "制表人：张三,,审核人：李四".to_string(),
        "合计：2家,,".to_string(),
    ]
    .join("\r\n")
}

#[test]
fn title_rows_and_footers_are_set_apart_with_notices() {
    let got = import_enterprises_csv("名录.csv", bureau_enterprise_csv().as_bytes(), &opts()).unwrap();
    assert_eq!(got.records.len(), 2);
    assert_eq!(got.warnings.len(), 2, "{:?}", got.warnings);
    let above = &got.warnings[0];
    assert_eq!((above.row, above.warning), (Some(1), true));
    assert!(above.text.zh.contains("已跳过表头上方 3 行（第 1–3 行：2026年度双随机抽查对象名录）"), "{above:?}");
    assert!(above.text.en.contains("skipped 3 rows above the header (rows 1–3"), "{above:?}");
    let below = &got.warnings[1];
    assert_eq!(below.row, Some(8));
    assert!(below.text.zh.contains("已跳过表尾 2 行（第 8–9 行：制表人：张三）"), "{below:?}");
    assert!(below.text.en.contains("skipped 2 footer rows (rows 8–9"), "{below:?}");

    // Later problems keep the file's own row numbers; column problems are at the header.
    let missing = bureau_enterprise_csv().replace("信用风险分类", "风险");
    let err = import_enterprises_csv("名录.csv", missing.as_bytes(), &opts()).unwrap_err();
    assert_has(&err, 4, "信用风险分类", "缺少必填列");
    let wrong_value = bureau_enterprise_csv().replace(",乙公司,B", ",乙公司,Z");
    let err = import_enterprises_csv("名录.csv", wrong_value.as_bytes(), &opts()).unwrap_err();
    assert_has(&err, 6, "信用风险分类", "“Z”");
    assert_eq!(err.0.iter().filter(|p| !p.warning).count(), 1, "{err}");
}

#[test]
fn the_header_row_can_be_named() {
    let text = bureau_enterprise_csv();
    let at = |row: u64| ImportOptions { header_row: Some(row), ..opts() };
    assert_eq!(import_enterprises_csv("名录.csv", text.as_bytes(), &at(4)).unwrap().records.len(), 2);
    // The export note as the header: nothing fits, and the problems say where.
    let err = import_enterprises_csv("名录.csv", text.as_bytes(), &at(2)).unwrap_err();
    assert_has(&err, 2, "统一社会信用代码", "缺少必填列");
    assert!(err.0.iter().any(|p| p.warning && p.text.zh.contains("已跳过表头上方 1 行（第 1 行")), "{err}");
    let err = import_enterprises_csv("名录.csv", text.as_bytes(), &at(3)).unwrap_err();
    assert!(err.0[0].text.zh.contains("第 3 行是空行") && err.0[0].text.en.contains("row 3, is empty"), "{err}");
    let err = import_enterprises_csv("名录.csv", text.as_bytes(), &at(40)).unwrap_err();
    assert!(err.0[0].text.zh.contains("最后一行是第 9 行"), "{err}");
    let got = import_file(FileKind::Enterprises, "名录.csv", FileContent::Csv(text.as_bytes()), &at(3));
    assert!(got.has_errors() && got.table.is_some());
}

#[test]
fn a_file_in_the_wrong_place_is_named_for_what_it_is() {
    let a = uscc("91350102MA2Y4B7K1");
    let inspectors = "执法人员名录\n执法证号,姓名,执法证有效期至\n35010021001,林晓明,2027-06-30\n";
    let err = import_enterprises_csv("人员.csv", inspectors.as_bytes(), &opts()).unwrap_err();
    assert!(err.0[0].text.zh.contains("这看起来是执法检查人员名录库，而不是检查对象名录库"), "{err}");
    assert!(err.0[0].text.en.contains("this looks like an inspector directory, not an enterprise directory"), "{err}");
    let firms = format!("统一社会信用代码,企业名称,信用风险分类\n{a},甲公司,A\n");
    let err = import_inspectors_csv("企业.csv", firms.as_bytes(), &opts()).unwrap_err();
    assert!(err.0[0].text.zh.contains("这看起来是检查对象名录库，而不是执法检查人员名录库"), "{err}");
    let history = format!("统一社会信用代码,检查日期,检查部门\n{a},2026-03-01,市场监管局\n");
    let err = import_enterprises_csv("记录.csv", history.as_bytes(), &opts()).unwrap_err();
    assert!(err.0[0].text.en.contains("looks like an inspection history"), "{err}");
    // A file that merely lacks a column is not taken for another kind.
    let err = import_enterprises_csv("企业.csv", "统一社会信用代码,企业名称\n".as_bytes(), &opts()).unwrap_err();
    assert!(!err.0.iter().any(|p| p.text.zh.contains("看起来")), "{err}");
}

#[test]
fn status_words_and_remarks_that_contradict_an_active_status() {
    let text = "执法证号,姓名,执法证有效期至,在岗情况,备注\n\
                35010021001,张一,2027-01-01,在岗,2026年3月起暂停执法\n\
                35010021002,李二,2027-01-01,借调,\n\
                35010021003,王三,2027-01-01,在职,借调至市局\n\
                35010021004,赵四,2027-01-01,退休,已退休\n\
                35010021005,钱五,2027-01-01,,\n";
    let got = import_inspectors_csv("人员.csv", text.as_bytes(), &opts()).unwrap();
    let status: Vec<&str> = got.records.iter().map(|i| i.status.as_str()).collect();
    assert_eq!(status, ["active", "inactive", "active", "inactive", "active"]);
    let warned: Vec<(Option<u64>, &str)> = got.warnings.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(warned, [(Some(2), "备注"), (Some(4), "备注")], "{:?}", got.warnings);
    let first = &got.warnings[0];
    assert_eq!(first.text.zh, "备注“2026年3月起暂停执法”：该人员仍按在岗导入，请确认");
    assert!(first.text.en.contains("still imported as active") && first.warning);
    assert!(first.line_zh().contains("第 2 行"));

    let unknown = format!("{text}35010021006,孙六,2027-01-01,出差,\n");
    let err = import_inspectors_csv("人员.csv", unknown.as_bytes(), &opts()).unwrap_err();
    assert_has(&err, 7, "在岗情况", "出差");
}

#[test]
fn yes_no_columns_take_every_usual_mark() {
    let ids: Vec<String> = ["91350102MA2Y4B7K1", "92350104MA8U2N3P6", "91350100MA34R6T9X", "91350100MA34R6T8X"].iter().map(|s| uscc(s)).collect();
    let text = format!(
        "统一社会信用代码,企业名称,信用风险分类,是否重点执法检查企业,是否列入黑名单\n\
         {},甲,A,√,×\n{},乙,A,✓,✗\n{},丙,A,Y,有\n{},丁,A,否,无\n",
        ids[0], ids[1], ids[2], ids[3]
    );
    let got = import_enterprises_csv("e.csv", text.as_bytes(), &opts()).unwrap();
    let flags: Vec<(String, Vec<String>)> = got.records.iter().map(|e| (e.name.clone(), e.flags.clone())).collect();
    let want = |name: &str, f: &[&str]| (name.to_string(), f.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    for w in [want("甲", &["key"]), want("乙", &["key"]), want("丙", &["blacklist", "key"]), want("丁", &[])] {
        assert!(flags.contains(&w), "{w:?} in {flags:?}");
    }
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

/// What the progress test's function was told (a plain function cannot hold it).
static TOLD: std::sync::Mutex<Vec<ImportStage>> = std::sync::Mutex::new(Vec::new());

#[test]
fn an_import_tells_its_progress_and_reads_the_same_records_with_or_without_it() {
    let firms = fairdraw::demo::demo_inputs(10_000, 10).into_parts().1.enterprises;
    let csv = write_enterprises_csv(&firms);
    let quiet = import_file(FileKind::Enterprises, "名录.csv", FileContent::Csv(csv.as_bytes()), &opts());

    fn tell(stage: ImportStage) {
        TOLD.lock().unwrap().push(stage);
    }
    let told = ImportOptions { progress: Progress(Some(tell)), ..opts() };
    let watched = import_file(FileKind::Enterprises, "名录.csv", FileContent::Csv(csv.as_bytes()), &told);
    assert_eq!(watched.records, quiet.records, "the same records");
    assert_eq!(watched.problems, quiet.problems);
    assert!(matches!(&quiet.records, Some(Records::Enterprises(r)) if r.len() == firms.len()));

    let stages = std::mem::take(&mut *TOLD.lock().unwrap());
    assert_eq!(stages.first(), Some(&ImportStage::Reading), "{stages:?}");
    let mut rows: Vec<(u64, u64)> = stages[1..]
        .iter()
        .map(|s| match s {
            ImportStage::Rows { done, total } => (*done, *total),
            other => panic!("after reading, only rows are told: {other:?}"),
        })
        .collect();
    // Where the rows are read in two halves at once, the halves may tell out of order.
    rows.sort();
    assert!(rows.iter().all(|&(_, total)| total == firms.len() as u64), "{rows:?}");
    assert_eq!(rows.last().map(|r| r.0), Some(firms.len() as u64), "the last report is every row: {rows:?}");
    assert!(rows.windows(2).all(|w| w[0].0 < w[1].0), "each report counts more rows: {rows:?}");
}
