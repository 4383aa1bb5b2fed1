//! The plan editor's pick lists: a condition's values, a rule's stratum and a task's
//! joint departments chosen from what the imported directories hold, each with how
//! many hold it. A value the plan names that the data lacks stays shown and checked,
//! and says so, so that nothing the plan says disappears from the page.

use std::collections::BTreeMap;

use fairdraw::model::flag;
use yew::prelude::*;

use crate::browser::fields;
use crate::components::typed::Typed;
use crate::i18n::fill;
use crate::i18n::plan::PlanTexts;
use crate::organizer::choices::{self, Choice};
use crate::organizer::edit::field_label;

/// The values of each field the plan's conditions and rules name, as the enterprise
/// directory holds them (`None` for a field with too many to pick from), and the
/// inspectors' departments. Empty directories offer nothing, and the editor falls
/// back to typing.
pub struct Picks {
    pub has_firms: bool,
    fields: BTreeMap<String, Option<Vec<(String, usize)>>>,
    pub departments: Option<Vec<(String, usize)>>,
}

impl Picks {
    /// The firm fields the plan's conditions, strata and rules name: what the picks
    /// depend on besides the directories.
    pub fn fields_named(plan: &fairdraw::model::Plan) -> Vec<String> {
        let mut named: Vec<String> = plan
            .tasks
            .iter()
            .flat_map(|task| {
                let s = &task.sampling;
                task.filter.iter().map(|c| &c.field).chain(&s.strata_by).chain(s.rules.iter().flat_map(|r| r.when.keys()))
            })
            .cloned()
            .collect();
        named.sort();
        named.dedup();
        named
    }

    /// Counts every value of each field over the whole directory: made again only
    /// when the directories or the fields named change, not on every edit.
    pub fn new(fields_named: &[String], d: &fairdraw::model::Directories) -> Picks {
        let mut fields = BTreeMap::new();
        if !d.enterprises.is_empty() {
            for field in fields_named {
                fields.insert(field.clone(), choices::firm_values(&d.enterprises, field));
            }
        }
        let departments = (!d.inspectors.is_empty()).then(|| choices::inspector_departments(&d.inspectors));
        Picks { has_firms: !d.enterprises.is_empty(), fields, departments }
    }

    /// The values to pick `field` from, or `None` when it is to be typed.
    pub fn of(&self, field: &str) -> Option<&[(String, usize)]> {
        self.fields.get(field)?.as_deref()
    }
}

/// A value as people read it: a flag by its name, the empty value as “blank”.
fn shown(t: &PlanTexts, field: &str, value: &str) -> String {
    if value.is_empty() {
        t.value_blank.to_string()
    } else if field == "flag" {
        flag::label_zh(value).to_string()
    } else {
        value.to_string()
    }
}

/// One checkbox of a pick list, labelled with the value and its count, or with
/// `unknown` for a value the data lacks.
fn pick_box(choice: &Choice, checked: bool, text: String, testid: &str, on: Callback<String>) -> Html {
    let value = choice.value.clone();
    let onchange = Callback::from(move |_: Event| on.emit(value.clone()));
    html! {
        <label class={classes!("pick", (!choice.known).then_some("pick-unknown"))}>
            <input type="checkbox" {checked} data-testid={testid.to_string()} data-value={choice.value.clone()}
                   data-count={choice.count.to_string()} data-unknown={(!choice.known).to_string()} {onchange} />
            { " " }{ text }
        </label>
    }
}

/// A condition's values picked from the directory's; `toggle` adds or removes one,
/// `others` takes the values typed for those the directory lacks.
pub fn condition_values(t: &PlanTexts, field: &str, chosen: &[String], known: &[(String, usize)], toggle: Callback<String>, others: Callback<String>) -> Html {
    let choices = choices::with_chosen(known, chosen);
    let unknown: Vec<String> = choices.iter().filter(|c| !c.known).map(|c| shown(t, field, &c.value)).collect();
    html! {
        <>
            <fieldset class="picks" data-testid="condition-picks">
                <legend>{ t.values_picked }</legend>
                { for choices.iter().map(|c| {
                    let text = if c.known {
                        fill(t.value_firms, &[("v", &shown(t, field, &c.value)), ("n", &c.count.to_string())])
                    } else {
                        fill(t.value_unknown, &[("v", &shown(t, field, &c.value))])
                    };
                    pick_box(c, chosen.contains(&c.value), text, "condition-value", toggle.clone())
                }) }
            </fieldset>
            <label class="field picks-other">
                <span>{ t.values_other }</span>
                <Typed value={unknown.join("、")} testid="condition-values" onchange={others} />
            </label>
        </>
    }
}

/// A task's joint departments picked from the inspectors' departments.
pub fn departments(t: &PlanTexts, chosen: &[String], known: &[(String, usize)], toggle: Callback<String>) -> Html {
    let choices = choices::with_chosen(known, chosen);
    html! {
        <fieldset class="picks" data-testid="department-picks">
            <legend>{ t.departments_picked }</legend>
            { for choices.iter().map(|c| {
                let text = if c.known {
                    fill(t.department_held, &[("d", &c.value), ("n", &c.count.to_string())])
                } else {
                    fill(t.department_unknown, &[("d", &c.value)])
                };
                pick_box(c, chosen.contains(&c.value), text, "task-department", toggle.clone())
            }) }
        </fieldset>
    }
}

/// A rule's value for one stratification field: “any”, or one of the directory's
/// values with its count. `set` receives `None` for “any”.
pub fn when_select(t: &PlanTexts, field: &str, current: Option<&str>, known: &[(String, usize)], set: Callback<Option<String>>) -> Html {
    // An option's value is "" for “any” and "=" before a data value, so that the empty
    // value (firms lacking the column) is told apart from “any”.
    let onchange = Callback::from(move |e: Event| set.emit(fields::target_value(&e).strip_prefix('=').map(str::to_string)));
    let unknown = current.filter(|c| !known.iter().any(|(v, _)| v == c));
    let label = fill(t.when_field, &[("field", &field_label(field))]);
    html! {
        <label class="when-pick">
            <span class="when-field">{ field_label(field) }</span>
            <select aria-label={label} data-testid="rule-when-field" data-field={field.to_string()}
                    data-unknown={unknown.is_some().to_string()} {onchange}>
                <option value="" selected={current.is_none()}>{ t.when_any }</option>
                { for known.iter().map(|(v, n)| html! {
                    <option value={format!("={v}")} selected={current == Some(v.as_str())}>
                        { fill(t.value_firms, &[("v", &shown(t, field, v)), ("n", &n.to_string())]) }
                    </option>
                }) }
                if let Some(v) = unknown {
                    <option value={format!("={v}")} selected=true>{ fill(t.value_unknown, &[("v", &shown(t, field, v))]) }</option>
                }
            </select>
        </label>
    }
}
