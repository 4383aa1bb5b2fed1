//! What the plan editor offers to pick from: the values the imported directories
//! hold, each with how many firms or inspectors hold it, so that a condition, a
//! stratum rule or a joint department is chosen rather than typed and never names a
//! value nobody has by a slip of the keyboard ("东区" is not "东区片区").

use std::collections::HashMap;

use fairdraw::model::{flag, Enterprise, Inspector};

/// A field with more distinct values than this (an address, a phone number) is not
/// something to pick from: the editor falls back to typing for it.
pub const PICK_LIMIT: usize = 500;

/// One value offered, with how many hold it; `known` is false for a value the plan
/// names but the directory does not hold (typed before, or from a project file),
/// kept so that nothing the plan says silently disappears from the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub count: usize,
    pub known: bool,
}

/// The value of `field` (a built-in field or `attr:NAME`) of a firm, as the plan's
/// conditions and strata read it: a column the firm lacks is empty.
pub fn firm_value<'e>(e: &'e Enterprise, field: &str) -> &'e str {
    match field {
        "kind" => &e.kind,
        "industry" => &e.industry,
        "region" => &e.region,
        "risk" => &e.risk,
        "status" => &e.status,
        _ => field.strip_prefix("attr:").and_then(|name| e.attrs.get(name)).map_or("", String::as_str),
    }
}

/// Each value of `field` among the firms with how many firms hold it, in byte order
/// (the order strata are listed in), or `None` when there are more than
/// [`PICK_LIMIT`]. For `flag`, every flag in its fixed order, held or not: a firm may
/// hold several, and a flag nobody holds yet is still a flag.
pub fn firm_values(firms: &[Enterprise], field: &str) -> Option<Vec<(String, usize)>> {
    if field == "flag" {
        let mut counts = [0usize; flag::ALL.len()];
        for f in firms.iter().flat_map(|e| &e.flags) {
            if let Some(k) = flag::ALL.iter().position(|a| a == f) {
                counts[k] += 1;
            }
        }
        return Some(flag::ALL.iter().zip(counts).map(|(f, n)| (f.to_string(), n)).collect());
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in firms {
        *counts.entry(firm_value(e, field)).or_default() += 1;
        if counts.len() > PICK_LIMIT {
            return None;
        }
    }
    let mut values: Vec<(String, usize)> = counts.into_iter().map(|(v, n)| (v.to_string(), n)).collect();
    values.sort();
    Some(values)
}

/// Each 部门 of the inspector list with how many inspectors it has, in byte order.
pub fn inspector_departments(inspectors: &[Inspector]) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for i in inspectors.iter().filter(|i| !i.department.is_empty()) {
        *counts.entry(i.department.as_str()).or_default() += 1;
    }
    counts.into_iter().map(|(d, n)| (d.to_string(), n)).collect()
}

/// The values to offer: those the data holds, then each value `chosen` names that
/// the data lacks, marked unknown.
pub fn with_chosen(known: &[(String, usize)], chosen: &[String]) -> Vec<Choice> {
    let mut choices: Vec<Choice> =
        known.iter().map(|(value, count)| Choice { value: value.clone(), count: *count, known: true }).collect();
    for value in chosen {
        if !choices.iter().any(|c| &c.value == value) {
            choices.push(Choice { value: value.clone(), count: 0, known: false });
        }
    }
    choices
}

#[cfg(test)]
mod tests {
    use super::*;

    fn firms() -> Vec<Enterprise> {
        let mut list = fairdraw::demo::demo_inputs(40, 3).enterprises;
        list[0].attrs.insert("所属乡镇".into(), "城关镇".into());
        list[1].attrs.insert("所属乡镇".into(), "城关镇".into());
        list[2].attrs.insert("所属乡镇".into(), "北戴河镇".into());
        list
    }

    #[test]
    fn each_value_is_counted_once_per_firm_that_holds_it() {
        let firms = firms();
        let risks = firm_values(&firms, "risk").unwrap();
        assert_eq!(risks.iter().map(|(_, n)| n).sum::<usize>(), firms.len());
        for (value, n) in &risks {
            assert_eq!(*n, firms.iter().filter(|e| &e.risk == value).count(), "{value}");
        }
        let values: Vec<&str> = risks.iter().map(|(v, _)| v.as_str()).collect();
        let mut sorted = values.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(values, sorted, "sorted and distinct");
        // A column most firms lack: the others hold the empty value.
        let towns = firm_values(&firms, "attr:所属乡镇").unwrap();
        assert_eq!(towns, [("".to_string(), firms.len() - 3), ("北戴河镇".to_string(), 1), ("城关镇".to_string(), 2)]);
    }

    #[test]
    fn flags_are_all_offered_and_counted_per_firm() {
        let mut firms = firms();
        firms[0].flags = vec![flag::BLACKLIST.into(), flag::KEY.into()];
        let flags = firm_values(&firms, "flag").unwrap();
        assert_eq!(flags.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(), flag::ALL);
        for (f, n) in &flags {
            assert_eq!(*n, firms.iter().filter(|e| e.flags.contains(f)).count(), "{f}");
        }
        assert!(flags.iter().any(|(f, n)| f == flag::KEY && *n >= 1));
    }

    #[test]
    fn a_column_of_unique_values_is_not_offered() {
        let mut firms = fairdraw::demo::demo_inputs(PICK_LIMIT + 2, 3).enterprises;
        for (k, e) in firms.iter_mut().enumerate() {
            e.attrs.insert("联系电话".into(), format!("1380000{k:04}"));
        }
        assert_eq!(firm_values(&firms, "attr:联系电话"), None);
        assert!(firm_values(&firms, "risk").is_some());
    }

    #[test]
    fn departments_are_counted_and_a_chosen_unknown_one_is_kept() {
        let inspectors = fairdraw::demo::demo_inputs(40, 60).inspectors;
        let depts = inspector_departments(&inspectors);
        assert!(depts.len() >= 2, "{depts:?}");
        assert_eq!(depts.iter().map(|(_, n)| n).sum::<usize>(), inspectors.iter().filter(|i| !i.department.is_empty()).count());
        let chosen = vec![depts[0].0.clone(), "市卫健委".to_string()];
        let choices = with_chosen(&depts, &chosen);
        assert_eq!(choices.len(), depts.len() + 1);
        assert!(choices[..depts.len()].iter().all(|c| c.known));
        assert_eq!(choices.last(), Some(&Choice { value: "市卫健委".into(), count: 0, known: false }));
    }
}
