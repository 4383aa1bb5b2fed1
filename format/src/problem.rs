//! Problems reported to people: always in Chinese and English, always saying where.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One message for people, in Chinese and English: every text the format shows a
/// person is one of these, so that no language can be forgotten on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text { zh: zh.into(), en: en.into() }
    }

    /// The same message after a label, `标签：…` and `label: …`.
    pub fn after(&self, label_zh: &str, label_en: &str) -> Text {
        Text { zh: format!("{label_zh}：{}", self.zh), en: format!("{label_en}: {}", self.en) }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  {}", self.zh, self.en)
    }
}

impl From<(String, String)> for Text {
    fn from((zh, en): (String, String)) -> Self {
        Text { zh, en }
    }
}

impl From<Text> for (String, String) {
    fn from(t: Text) -> Self {
        (t.zh, t.en)
    }
}

/// One problem found in an input, a plan or a bundle.
///
/// `file`, `row` and `column` locate it as a person sees it: `row` counts lines of the
/// spreadsheet from 1 with the header as row 1, `column` is the header text as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub column: String,
    /// What is wrong; `zh` and `en` are members of the problem itself in JSON.
    #[serde(flatten)]
    pub text: Text,
    /// A warning does not block an import or a commitment; an error does.
    #[serde(default, skip_serializing_if = "is_false")]
    pub warning: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Problem {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Problem::from(Text::new(zh, en))
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = file.into();
        self
    }

    pub fn at(mut self, row: u64, column: impl Into<String>) -> Self {
        self.row = Some(row);
        self.column = column.into();
        self
    }

    pub fn at_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }

    pub fn as_warning(mut self) -> Self {
        self.warning = true;
        self
    }

    /// Both lines, each with its location.
    pub fn lines(&self) -> Text {
        Text { zh: self.line_zh(), en: self.line_en() }
    }

    fn location(&self, zh: bool) -> String {
        let mut parts = Vec::new();
        if !self.file.is_empty() {
            parts.push(self.file.clone());
        }
        if let Some(row) = self.row {
            parts.push(if zh { format!("第 {row} 行") } else { format!("row {row}") });
        }
        if !self.column.is_empty() {
            parts.push(if zh { format!("“{}”列", self.column) } else { format!("column “{}”", self.column) });
        }
        parts.join(if zh { "，" } else { ", " })
    }

    /// The Chinese line, with its location.
    pub fn line_zh(&self) -> String {
        let loc = self.location(true);
        if loc.is_empty() { self.text.zh.clone() } else { format!("{loc}：{}", self.text.zh) }
    }

    /// The English line, with its location.
    pub fn line_en(&self) -> String {
        let loc = self.location(false);
        if loc.is_empty() { self.text.en.clone() } else { format!("{loc}: {}", self.text.en) }
    }
}

impl From<Text> for Problem {
    fn from(text: Text) -> Self {
        Problem { file: String::new(), row: None, column: String::new(), text, warning: false }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  {}", self.line_zh(), self.line_en())
    }
}

impl std::error::Error for Problem {}

/// Several problems at once: an input with any error is rejected whole, and every
/// problem is reported so that one correction round suffices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|p| !p.warning)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| !p.warning)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.warning)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

impl From<Problem> for Problems {
    fn from(p: Problem) -> Self {
        Problems(vec![p])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_keeps_its_message_at_the_top_level_in_json() {
        let p = Problem::new("中文", "English").in_file("f.csv").at(2, "列").as_warning();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"file":"f.csv","row":2,"column":"列","zh":"中文","en":"English","warning":true}"#);
        assert_eq!(serde_json::from_str::<Problem>(&json).unwrap(), p);
        let bare = Problem::new("甲", "a");
        assert_eq!(serde_json::to_string(&bare).unwrap(), r#"{"zh":"甲","en":"a"}"#);
        assert_eq!(serde_json::from_str::<Problem>(r#"{"zh":"甲","en":"a"}"#).unwrap(), bare);
    }
}
