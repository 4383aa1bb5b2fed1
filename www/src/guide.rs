//! 操作手册: the user guide shown on the site is `docs/操作手册.md` itself, read at
//! build time, so the site and the repository can never carry two versions. Only the
//! little Markdown the guide uses is understood: `#` headings, paragraphs, `-` and
//! `1.` lists, and `**bold**` and `` `code` `` spans. Pure, so it is tested natively.

/// The guide's text.
pub const GUIDE: &str = include_str!("../../docs/操作手册.md");

/// One block of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 to 3, and its text.
    Heading(u8, String),
    Paragraph(String),
    /// Whether it is numbered, and its items.
    List(bool, Vec<String>),
}

/// A run of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Strong(String),
    Code(String),
}

/// The blocks of a Markdown text, in order.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            out.push(Block::Paragraph(paragraph.join("")));
            paragraph.clear();
        }
    };
    for line in text.lines().map(str::trim_end) {
        let heading = line.chars().take_while(|c| *c == '#').count();
        if (1..=3).contains(&heading) && line[heading..].starts_with(' ') {
            flush(&mut paragraph, &mut out);
            out.push(Block::Heading(heading as u8, line[heading..].trim().to_string()));
        } else if let Some((numbered, item)) = list_item(line) {
            flush(&mut paragraph, &mut out);
            match out.last_mut() {
                Some(Block::List(n, items)) if *n == numbered => items.push(item.to_string()),
                _ => out.push(Block::List(numbered, vec![item.to_string()])),
            }
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push(line.trim());
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// `- item` or `12. item`: whether numbered, and the item's text.
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(item) = line.strip_prefix("- ") {
        return Some((false, item.trim()));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0).then(|| line[digits..].strip_prefix(". ")).flatten().map(|item| (true, item.trim()))
}

/// The spans of one line: `**bold**` and `` `code` ``; an unclosed marker is text.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let bold = rest.find("**");
        let code = rest.find('`');
        let (at, marker, make): (usize, &str, fn(String) -> Span) = match (bold, code) {
            (Some(b), Some(c)) if c < b => (c, "`", Span::Code),
            (Some(b), _) => (b, "**", Span::Strong),
            (None, Some(c)) => (c, "`", Span::Code),
            (None, None) => break,
        };
        let after = &rest[at + marker.len()..];
        let Some(end) = after.find(marker) else { break };
        if at > 0 {
            out.push(Span::Text(rest[..at].to_string()));
        }
        out.push(make(after[..end].to_string()));
        rest = &after[end + marker.len()..];
    }
    if !rest.is_empty() {
        out.push(Span::Text(rest.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_the_markdown_the_guide_uses() {
        let text = "# 手册\n\n第一段\n接着一行。\n\n## 步骤\n\n1. 计划\n2. 承诺\n- 甲\n- 乙\n\n### 小节\n末段";
        assert_eq!(
            blocks(text),
            vec![
                Block::Heading(1, "手册".into()),
                Block::Paragraph("第一段接着一行。".into()),
                Block::Heading(2, "步骤".into()),
                Block::List(true, vec!["计划".into(), "承诺".into()]),
                Block::List(false, vec!["甲".into(), "乙".into()]),
                Block::Heading(3, "小节".into()),
                Block::Paragraph("末段".into()),
            ]
        );
    }

    #[test]
    fn spans_of_a_line() {
        assert_eq!(
            spans("下载 `inputs.json` 并**妥善保管**。"),
            vec![Span::Text("下载 ".into()), Span::Code("inputs.json".into()), Span::Text(" 并".into()), Span::Strong("妥善保管".into()), Span::Text("。".into())]
        );
        assert_eq!(spans("未闭合的 `标记"), vec![Span::Text("未闭合的 `标记".into())]);
        assert_eq!(spans(""), vec![]);
    }

    #[test]
    fn the_guide_reads_as_headed_sections() {
        let b = blocks(GUIDE);
        assert_eq!(b.first(), Some(&Block::Heading(1, "操作手册".into())));
        let steps: Vec<&String> = b.iter().filter_map(|x| match x { Block::Heading(2, h) => Some(h), _ => None }).collect();
        for step in ["第一步：计划", "第二步：承诺", "第三步：抽取（可直播）", "第四步：公示", "第五步：验证", "常见问题"] {
            assert!(steps.iter().any(|h| *h == step), "{step} in {steps:?}");
        }
        // Every button the guide names is one the site shows.
        let site = [
            include_str!("i18n/plan.rs"),
            include_str!("i18n/commit.rs"),
            include_str!("i18n/ceremony.rs"),
            include_str!("i18n/exports.rs"),
            include_str!("i18n/publish.rs"),
            include_str!("i18n/confirm.rs"),
        ]
        .concat();
        for label in ["载入演示数据", "导出项目文件", "作出承诺", "修改计划（需重新承诺）", "直播全屏", "直播中封存名单", "使用本项目的承诺", "获取随机数", "发布到公示网站", "撤销", "被抽中时公开", "在区间内刚好满足全年最低比例", "检查结束后：下载含完整名单的公示文件"] {
            assert!(GUIDE.contains(&format!("“{label}”")), "the guide quotes “{label}”");
            assert!(site.contains(&format!("\"{label}\"")), "the site has a control labelled “{label}”");
        }
        // Written for the people who run draws: nothing of the developer's tools.
        for word in ["cargo", "fairdraw publish", "命令行"] {
            assert!(!GUIDE.contains(word), "{word}");
        }
    }
}
