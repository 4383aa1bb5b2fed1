//! Which firms the checklist's items apply to (适用行业 against the directory's
//! 行业), with every item industry that matches no firm offered a mapping: items
//! the draw can never give are otherwise a silent hole in the inspections.

use fairdraw::applicability::{category_uses, firms_without_items, industries, CategoryUse};
use fairdraw::model::Directories;
use yew::prelude::*;

use crate::browser::fields;
use crate::i18n::fill;
use crate::i18n::plan::PlanTexts;
use crate::organizer::state::{Action, OrganizerState};

type Org = UseReducerHandle<OrganizerState>;

/// The checklist against the directory: each category's use, the directory's
/// industries, and the firms no item applies to. Each walks every firm, which for a
/// city's directory is tens of milliseconds, and the page renders on every progress
/// report: the editor keeps it until the directories change.
#[derive(Debug, PartialEq)]
pub struct Fit {
    uses: Vec<CategoryUse>,
    known: Vec<(String, usize)>,
    without: usize,
}

impl Fit {
    pub fn new(dirs: &Directories) -> Fit {
        let uses = category_uses(&dirs.checklist, &dirs.enterprises);
        if uses.is_empty() {
            return Fit { uses, known: Vec::new(), without: 0 };
        }
        Fit { known: industries(&dirs.enterprises), without: firms_without_items(&dirs.checklist, &dirs.enterprises), uses }
    }
}

pub fn applicability(t: &PlanTexts, org: &Org, fit: &Fit) -> Html {
    let Fit { uses, known, without } = fit;
    let without = *without;
    if uses.is_empty() {
        return html! {};
    }
    html! {
        <fieldset class="checklist-fit" data-testid="checklist-applicability">
            <legend>{ t.checklist_heading }</legend>
            <p class="hint">{ t.checklist_hint }</p>
            <table>
                <thead><tr><th>{ t.checklist_category }</th><th>{ t.checklist_items }</th><th>{ t.checklist_firms }</th></tr></thead>
                <tbody>{ for uses.iter().map(|u| row(t, org, u, known)) }</tbody>
            </table>
            <p class={classes!("hint", (without > 0).then_some("warning"))} data-testid="checklist-firms-without-items" data-count={without.to_string()}>
                { fill(t.firms_without_items, &[("n", &without.to_string())]) }
            </p>
        </fieldset>
    }
}

fn row(t: &PlanTexts, org: &Org, u: &CategoryUse, known: &[(String, usize)]) -> Html {
    let unmatched = u.firms == 0;
    html! {
        <tr data-testid="checklist-category" data-category={u.category.clone()} data-items={u.items.to_string()} data-firms={u.firms.to_string()}>
            <th scope="row">{ &u.category }</th>
            <td>{ u.items }</td>
            <td>
                { u.firms }
                if unmatched {
                    <p class="warning">{ t.category_unmatched }</p>
                    { mapping(t, org, &u.category, known) }
                }
            </td>
        </tr>
    }
}

fn mapping(t: &PlanTexts, org: &Org, category: &str, known: &[(String, usize)]) -> Html {
    let onchange = {
        let (org, from) = (org.clone(), category.to_string());
        Callback::from(move |e: Event| {
            let value = fields::target_value(&e);
            // Industries are any text, so each choice says what it is.
            let to = match (value.as_str(), value.strip_prefix("to:")) {
                ("all", _) => None,
                (_, Some(industry)) => Some(industry.to_string()),
                _ => return,
            };
            org.dispatch(Action::MapChecklistCategory { from: from.clone(), to });
        })
    };
    html! {
        <select data-testid="checklist-category-map" aria-label={format!("{category}：{}", t.checklist_category)} {onchange}>
            <option value="" selected=true>{ t.category_keep }</option>
            { for known.iter().map(|(i, n)| html! {
                <option value={format!("to:{i}")}>{ fill(t.category_to, &[("i", i), ("n", &n.to_string())]) }</option>
            }) }
            <option value="all">{ t.category_all }</option>
        </select>
    }
}
