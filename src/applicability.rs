//! Which firms each checklist item applies to, as the organiser must see it before
//! committing: an item applies to a firm whose `industry` is one of its
//! `categories` (SPEC §6.4), compared exactly. A checklist's 适用行业 or 检查对象
//! is written by another office than the directory's 行业, so a value that matches
//! no firm silently leaves items out of every draw; each such value is shown with
//! the directory's own industries to map it to.

use std::collections::BTreeMap;

use crate::model::{ChecklistItem, Enterprise};

/// One value of the checklist's 适用行业, with how many items name it and how many
/// firms of the directory it reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryUse {
    pub category: String,
    pub items: usize,
    pub firms: usize,
}

/// Every category the checklist names, in byte order.
pub fn category_uses(checklist: &[ChecklistItem], enterprises: &[Enterprise]) -> Vec<CategoryUse> {
    let industries = industries(enterprises);
    let mut items: BTreeMap<&str, usize> = BTreeMap::new();
    for c in checklist.iter().flat_map(|i| &i.categories) {
        *items.entry(c.as_str()).or_default() += 1;
    }
    items
        .into_iter()
        .map(|(category, items)| CategoryUse {
            category: category.to_string(),
            items,
            firms: industries.iter().find(|(i, _)| i == category).map_or(0, |(_, n)| *n),
        })
        .collect()
}

/// The directory's industries with their firm counts, in byte order (blank left out).
pub fn industries(enterprises: &[Enterprise]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in enterprises.iter().filter(|e| !e.industry.is_empty()) {
        *counts.entry(e.industry.as_str()).or_default() += 1;
    }
    counts.into_iter().map(|(i, n)| (i.to_string(), n)).collect()
}

/// How many firms of the directory no item of the checklist applies to. With an
/// empty checklist, none: there is nothing to apply.
pub fn firms_without_items(checklist: &[ChecklistItem], enterprises: &[Enterprise]) -> usize {
    if checklist.is_empty() {
        return 0;
    }
    if checklist.iter().any(|i| i.categories.is_empty()) {
        return 0;
    }
    enterprises.iter().filter(|e| !checklist.iter().any(|i| i.categories.contains(&e.industry))).count()
}

/// Replaces `from` in every item's categories by `to`, or drops it when `to` is
/// `None` (an item left with no category applies to every firm). Categories stay
/// sorted and distinct. Whether anything changed.
pub fn map_category(checklist: &mut [ChecklistItem], from: &str, to: Option<&str>) -> bool {
    if to == Some(from) {
        return false;
    }
    let mut changed = false;
    for item in checklist.iter_mut().filter(|i| i.categories.iter().any(|c| c == from)) {
        item.categories.retain(|c| c != from);
        if let Some(to) = to {
            item.categories.push(to.to_string());
            item.categories.sort();
            item.categories.dedup();
        }
        changed = true;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str, categories: &[&str]) -> ChecklistItem {
        ChecklistItem {
            code: code.into(),
            name: code.into(),
            basis: String::new(),
            level: "general".into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn firm(industry: &str) -> Enterprise {
        let mut e: Enterprise = serde_json::from_str(r#"{"id":"91350121700020001X","name":"x"}"#).unwrap_or_else(|_| panic!("minimal firm"));
        e.industry = industry.into();
        e
    }

    #[test]
    fn each_category_is_counted_against_the_directorys_industries() {
        let checklist = vec![item("1", &["危险化学品"]), item("2", &["危险化学品", "危险化学品生产企业"]), item("3", &["烟花爆竹"])];
        let firms = vec![firm("危险化学品"), firm("危险化学品"), firm("工贸"), firm("")];
        let got: Vec<(String, usize, usize)> = category_uses(&checklist, &firms).into_iter().map(|u| (u.category, u.items, u.firms)).collect();
        assert_eq!(
            got,
            vec![("危险化学品".into(), 2, 2), ("危险化学品生产企业".into(), 1, 0), ("烟花爆竹".into(), 1, 0)]
        );
        assert_eq!(industries(&firms), vec![("危险化学品".to_string(), 2), ("工贸".to_string(), 1)]);
        assert_eq!(firms_without_items(&checklist, &firms), 2, "工贸 and the blank industry");
        let mut general = checklist.clone();
        general.push(item("4", &[]));
        assert_eq!(firms_without_items(&general, &firms), 0, "an item without categories applies to all");
        assert_eq!(firms_without_items(&[], &firms), 0);
    }

    #[test]
    fn a_category_is_mapped_to_an_industry_or_dropped() {
        let mut checklist = vec![item("1", &["危险化学品"]), item("2", &["危险化学品", "危险化学品生产企业"]), item("3", &["烟花爆竹"])];
        assert!(map_category(&mut checklist, "危险化学品生产企业", Some("危险化学品")));
        assert_eq!(checklist[1].categories, vec!["危险化学品".to_string()], "merged, still distinct");
        assert!(map_category(&mut checklist, "烟花爆竹", None));
        assert!(checklist[2].categories.is_empty(), "now applies to every firm");
        assert!(!map_category(&mut checklist, "烟花爆竹", Some("工贸")), "no item names it any more");
        assert!(!map_category(&mut checklist, "危险化学品", Some("危险化学品")));
    }
}
