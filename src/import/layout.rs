//! Where the table is in a sheet as the platforms export it: a title row
//! (“2026年度双随机抽查对象名录”), an export note (“导出时间：… 导出人：…”) and blank
//! rows above the header, and 制表人, 审核人, 合计 and 填表说明 rows below the data.
//! The header is the row that reads most like one; what is set apart is reported,
//! so that nobody wonders where a row went.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::problem::Problem;

use super::headers::{header_mapping, FileKind, KnownHeaders};
use super::normalize::clean;
use super::ImportOptions;
use super::table::{Table, TableRow};

/// How far down a header is looked for: exports put a few rows above it, never
/// a page of them, and a data row further down must not be taken for it.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// The index (into `rows`, every row with content) of the row that reads most like
/// a header: of `kind` first, then of any input file; the earliest of equals, so a
/// file whose headers nobody knows keeps its first row as the header.
pub(crate) fn likely_header(rows: &[TableRow], kind: Option<FileKind>) -> Option<usize> {
    let candidates = rows.iter().take(HEADER_SEARCH_ROWS).map(|r| r.cells.to_vec());
    best_header(&KnownHeaders::new(), candidates, kind, &BTreeMap::new())
}

/// Fields a row must name to be taken as the header rather than the first row: one
/// could be a value that happens to read as a header (专家, 重点). Below rows of one
/// cell each (a title, an export note) one named field is enough.
const FEWEST_NAMED: usize = 2;

/// As [`likely_header`]; a header the user gave a meaning to (`chosen`, the column
/// choices) counts as a named field.
fn best_header(
    known: &KnownHeaders,
    candidates: impl Iterator<Item = Vec<String>>,
    kind: Option<FileKind>,
    chosen: &BTreeMap<String, String>,
) -> Option<usize> {
    let mut best: Option<(usize, (usize, usize))> = None;
    let mut titles_only_above = true;
    for (i, cells) in candidates.enumerate() {
        let any = FileKind::ALL.iter().map(|k| known.score(*k, &cells)).max().unwrap_or(0);
        let mapped = cells.iter().filter(|c| chosen.contains_key(&clean(c))).count();
        let score = (kind.map_or(any, |k| known.score(k, &cells)) + mapped, any);
        let fewest = if titles_only_above { 1 } else { FEWEST_NAMED };
        let qualifies = i == 0 || score.0.max(score.1) >= fewest;
        if qualifies && best.is_none_or(|(_, b)| score > b) {
            best = Some((i, score));
        }
        titles_only_above &= cells.iter().filter(|c| !clean(c).is_empty()).count() <= 1;
    }
    best.map(|(i, _)| i)
}

/// The first rows of a table, header included, in file order: where a header is
/// looked for.
fn candidates(t: &Table) -> impl Iterator<Item = Vec<String>> + '_ {
    t.above
        .iter()
        .map(|r| r.cells.to_vec())
        .chain(std::iter::once(t.headers.clone()))
        .chain(t.rows.iter().chain(t.below.iter()).map(|r| r.cells.to_vec()))
        .take(HEADER_SEARCH_ROWS)
}

/// Words a footer row starts with. Those that could begin a firm's or a person's
/// name count only when a colon follows.
const FOOTER_WORDS: &[&str] = &[
    "制表人", "制表单位", "制表日期", "制表时间", "填表人", "填表单位", "填表日期", "填报人", "填报单位", "填报日期",
    "审核人", "审批人", "复核人", "核对人", "统计人", "经办人", "单位负责人", "合计", "总计", "共计",
    "小计", "填表说明", "以下空白", "以下无数据", "导出时间", "导出人", "打印时间", "打印人",
];
const FOOTER_WORDS_WITH_COLON: &[&str] = &["说明", "注", "备注", "注意", "联系人", "联系电话", "负责人", "日期"];

fn first_text(row: &TableRow) -> String {
    row.cells.iter().map(|c| clean(c)).find(|c| !c.is_empty()).unwrap_or_default()
}

fn is_footer(row: &TableRow) -> bool {
    let text: String = first_text(row).chars().filter(|c| !c.is_whitespace()).collect();
    FOOTER_WORDS.iter().any(|w| text.starts_with(w))
        || FOOTER_WORDS_WITH_COLON.iter().any(|w| text.strip_prefix(w).is_some_and(|rest| rest.starts_with(['：', ':'])))
}

/// Where the footer rows begin: after the last row that is not one.
pub(crate) fn footer_start(data: &[TableRow]) -> usize {
    data.iter().rposition(|r| !is_footer(r)).map_or(0, |i| i + 1)
}

/// The table with its header where it belongs for `kind`: the row the user named
/// (`header_row`), or the one that reads most like a header of `kind`. Borrowed when
/// it already is.
pub(crate) fn for_kind<'a>(t: &'a Table, kind: FileKind, o: &ImportOptions) -> Result<Cow<'a, Table>, Problem> {
    match o.header_row {
        Some(wanted) if wanted == t.header_row => Ok(Cow::Borrowed(t)),
        Some(wanted) => {
            let all = t.all_rows();
            match all.iter().position(|r| r.row == wanted) {
                Some(i) => Ok(Cow::Owned(Table::split(&t.file, all, i))),
                None => Err(no_such_header_row(&t.file, wanted, all.last().map_or(0, |r| r.row))),
            }
        }
        None => match best_header(&KnownHeaders::new(), candidates(t), Some(kind), &o.header_overrides) {
            Some(i) if i != t.above.len() => Ok(Cow::Owned(Table::split(&t.file, t.all_rows(), i))),
            _ => Ok(Cow::Borrowed(t)),
        },
    }
}

fn no_such_header_row(file: &str, wanted: u64, last: u64) -> Problem {
    let p = if wanted == 0 {
        Problem::new("表头行号从 1 开始（第 1 行是文件的第一行）", "header rows are numbered from 1 (the file's first row)")
    } else if wanted > last {
        Problem::new(
            format!("指定的表头行第 {wanted} 行不存在：文件有内容的最后一行是第 {last} 行"),
            format!("the header row given, row {wanted}, does not exist: the file's last row with content is row {last}"),
        )
    } else {
        Problem::new(
            format!("指定的表头行第 {wanted} 行是空行，不能作为表头"),
            format!("the header row given, row {wanted}, is empty and cannot be the header"),
        )
    };
    p.in_file(file)
}

/// Rows numbered as a person reads them: `第 5 行` or `第 5–7 行`.
fn row_span(first: u64, last: u64) -> (String, String) {
    if first == last {
        (format!("第 {first} 行"), format!("row {first}"))
    } else {
        (format!("第 {first}–{last} 行"), format!("rows {first}–{last}"))
    }
}

/// The start of a row's text, to recognise it by.
fn gist(row: &TableRow) -> String {
    const LONGEST: usize = 24;
    let text = first_text(row);
    if text.chars().count() > LONGEST {
        format!("{}…", text.chars().take(LONGEST).collect::<String>())
    } else {
        text
    }
}

/// Notices of the rows set apart above the header and below the data.
pub(crate) fn notices(t: &Table) -> Vec<Problem> {
    let mut out = Vec::new();
    if let Some(first) = t.above.first() {
        // Blank rows among them count too: the span is what the user sees above it.
        let skipped = t.header_row.saturating_sub(1).max(1);
        let (zh, en) = row_span(1, skipped);
        let g = gist(first);
        out.push(
            Problem::new(
                format!("已跳过表头上方 {skipped} 行（{zh}：{g}），表头是第 {} 行", t.header_row),
                format!("skipped {skipped} rows above the header ({en}: {g}); the header is row {}", t.header_row),
            )
            .in_file(&t.file)
            .at_row(first.row)
            .as_warning(),
        );
    }
    if let (Some(first), Some(last)) = (t.below.first(), t.below.last()) {
        let n = t.below.len();
        let (zh, en) = row_span(first.row, last.row);
        let g = gist(first);
        out.push(
            Problem::new(
                format!("已跳过表尾 {n} 行（{zh}：{g}），这些行不是数据"),
                format!("skipped {n} footer rows ({en}: {g}); they are not data"),
            )
            .in_file(&t.file)
            .at_row(first.row)
            .as_warning(),
        );
    }
    out
}

/// When a file lacks the required columns of `kind` but has every one of another
/// kind's, and reads more like that kind, it was most likely chosen for the wrong
/// slot: saying so beats listing the columns it lacks.
pub(crate) fn another_kind(t: &Table, kind: FileKind) -> Option<Problem> {
    let known = KnownHeaders::new();
    let own = candidates(t).map(|cells| known.score(kind, &cells)).max().unwrap_or(0);
    let (_, other) = FileKind::ALL
        .into_iter()
        .filter(|k| *k != kind)
        .filter_map(|k| {
            let cells = candidates(t).nth(best_header(&known, candidates(t), Some(k), &BTreeMap::new())?)?;
            let score = known.score(k, &cells);
            let complete = header_mapping(k, &cells, &Default::default()).missing.is_empty();
            (complete && score > own).then_some((score, k))
        })
        .max_by_key(|(score, _)| *score)?;
    Some(
        Problem::new(
            format!("这看起来是{}，而不是{}：请检查是否选错了文件，或放错了位置", other.label_zh(), kind.label_zh()),
            format!(
                "this looks like {}, not {}: check that the right file was chosen for this place",
                other.with_article(),
                kind.with_article()
            ),
        )
        .in_file(&t.file),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: u64, cells: &[&str]) -> TableRow {
        TableRow { row: n, cells: cells.iter().copied().collect() }
    }

    #[test]
    fn footer_rows_are_recognised_by_their_first_words() {
        for text in ["制表人：张三", "审核人:李四", "合计：300家", "合 计", "填表说明：1. 本表……", "注：带*为必填", "以下空白"]
        {
            assert!(is_footer(&row(9, &["", text])), "{text}");
        }
        for text in ["91350100MA34R6T9X5", "注册资本", "说明书印刷有限公司", "备注", ""] {
            assert!(!is_footer(&row(9, &[text, "x"])), "{text}");
        }
        let data = [row(2, &["a"]), row(3, &["合计"]), row(4, &["b"]), row(5, &["制表人：张三"]), row(6, &["审核人：李四"])];
        assert_eq!(footer_start(&data), 3, "only rows after the last data row are footers");
        assert_eq!(footer_start(&[]), 0);
    }

    #[test]
    fn the_header_is_the_row_that_reads_most_like_one() {
        let rows = [
            row(1, &["2026年度双随机抽查对象名录"]),
            row(2, &["导出时间：2026-03-01", "", "导出人：王五"]),
            row(4, &["统一社会信用代码", "企业名称", "信用风险分类"]),
            row(5, &["91350100MA34R6T9X5", "示例公司", "A"]),
        ];
        assert_eq!(likely_header(&rows, None), Some(2));
        assert_eq!(likely_header(&rows, Some(FileKind::Enterprises)), Some(2));
        assert_eq!(likely_header(&[row(3, &["a", "b"]), row(4, &["1", "2"])], None), Some(0));
        assert_eq!(likely_header(&[], None), None);
        // A value that reads as a header does not make its row the header.
        let stray = [row(1, &["代码", "类型"]), row(2, &["1", "专家"]), row(3, &["执法证号", "姓名"])];
        assert_eq!(likely_header(&stray[..2], Some(FileKind::Inspectors)), Some(0));
        assert_eq!(likely_header(&stray, Some(FileKind::Inspectors)), Some(2));
        // Below a title, a header that names one known field is still the header.
        let titled = [row(1, &["2026年度检查对象名录"]), row(2, &["统一社会信用代码", "字号", "等级"]), row(3, &["91350100MA34R6T9X5", "重点", "A"])];
        assert_eq!(likely_header(&titled, Some(FileKind::Enterprises)), Some(1));
        // Nor do unknown headers the user has given a meaning to give way to it.
        let chosen: BTreeMap<String, String> =
            ["代码", "名", "类型"].iter().zip(["id", "name", "expert"]).map(|(h, f)| (h.to_string(), f.to_string())).collect();
        let rows = [row(1, &["代码", "名", "类型"]), row(2, &["1", "王", "专家"]), row(3, &["执法证号", "姓名"])];
        let cells = rows.iter().map(|r| r.cells.to_vec());
        assert_eq!(best_header(&KnownHeaders::new(), cells, Some(FileKind::Inspectors), &chosen), Some(0));
    }

    #[test]
    fn a_named_header_row_is_used_and_a_wrong_one_is_refused() {
        let at = |row: u64| ImportOptions { header_row: Some(row), ..ImportOptions::default() };
        let t = Table::from_records(
            "f.csv",
            vec![
                (1, vec!["标题".into()]),
                (2, vec!["执法证号".into(), "姓名".into()]),
                (3, vec!["1".into(), "张三".into()]),
                (5, vec!["2".into(), "李四".into()]),
            ],
        )
        .unwrap();
        assert_eq!((t.header_row, t.above.len(), t.rows.len()), (2, 1, 2));
        let at_one = for_kind(&t, FileKind::Inspectors, &at(1)).unwrap();
        assert_eq!((at_one.header_row, at_one.headers.clone(), at_one.rows.len()), (1, vec!["标题".to_string()], 3));
        assert!(matches!(for_kind(&t, FileKind::Inspectors, &at(2)).unwrap(), Cow::Borrowed(_)));
        assert!(matches!(for_kind(&t, FileKind::Inspectors, &ImportOptions::default()).unwrap(), Cow::Borrowed(_)));
        let back = for_kind(&at_one, FileKind::Inspectors, &ImportOptions::default()).unwrap();
        assert_eq!(back.as_ref(), &t);
        assert!(for_kind(&t, FileKind::Inspectors, &at(4)).unwrap_err().text.zh.contains("空行"));
        assert!(for_kind(&t, FileKind::Inspectors, &at(9)).unwrap_err().text.en.contains("last row with content is row 5"));
        assert!(for_kind(&t, FileKind::Inspectors, &at(0)).is_err());
    }
}
