//! The departments the year's inspection records name, each with what its records
//! count as (本部门, 上级, 其他), decided on screen: the draw reads records exactly,
//! so a name written another way, or a higher level without a 层级 column, must be
//! settled here rather than guessed.

use fairdraw::departments::{history_departments, DepartmentRole, HistoryDepartment};
use yew::prelude::*;

use crate::browser::fields;
use crate::i18n::plan::PlanTexts;
use crate::organizer::state::{Action, OrganizerState};

type Org = UseReducerHandle<OrganizerState>;

pub fn departments(t: &PlanTexts, org: &Org) -> Html {
    let project = &org.project;
    let list = history_departments(&project.plan, &project.directories.history);
    if list.is_empty() {
        return html! {};
    }
    html! {
        <div class="history-departments">
            <p id="history-departments-heading">{ t.history_departments }</p>
            <table data-testid="history-departments" aria-labelledby="history-departments-heading">
                <thead><tr><th>{ t.history_department }</th><th>{ t.history_records }</th><th>{ t.history_role }</th></tr></thead>
                <tbody>{ for list.iter().map(|d| row(t, org, d, d.name == project.plan.department)) }</tbody>
            </table>
        </div>
    }
}

fn row(t: &PlanTexts, org: &Org, d: &HistoryDepartment, plans_own: bool) -> Html {
    let name = d.name.clone();
    let shown = if name.is_empty() { t.blank_department.to_string() } else { name.clone() };
    let set = |role: DepartmentRole| {
        let (org, name) = (org.clone(), name.clone());
        move || org.dispatch(Action::SetHistoryDepartment(name.clone(), role))
    };
    let onchange = {
        let (org, name) = (org.clone(), name.clone());
        Callback::from(move |e: Event| {
            if let Some(role) = DepartmentRole::parse(&fields::target_value(&e)) {
                org.dispatch(Action::SetHistoryDepartment(name.clone(), role));
            }
        })
    };
    let label = |role: DepartmentRole| match role {
        DepartmentRole::Own => t.role_own,
        DepartmentRole::Higher => t.role_higher,
        DepartmentRole::Other => t.role_other,
        DepartmentRole::Mixed => t.role_mixed,
    };
    // A blank name cannot be declared one of the department's names.
    let choices = DepartmentRole::CHOICES.into_iter().filter(|r| !(name.is_empty() && *r == DepartmentRole::Own));
    let confirm = set(DepartmentRole::Higher);
    html! {
        <tr data-testid="history-department" data-name={name.clone()} data-role={d.role.name()} data-records={d.records.to_string()} data-looks-higher={d.looks_higher.to_string()}>
            <th scope="row">{ &shown }</th>
            <td>{ d.records }</td>
            <td>
                <select data-testid="history-department-role" aria-label={format!("{shown}：{}", t.history_role)} disabled={plans_own} {onchange}>
                    if d.role == DepartmentRole::Mixed {
                        <option value="mixed" selected=true disabled=true>{ label(DepartmentRole::Mixed) }</option>
                    }
                    { for choices.map(|r| html! { <option value={r.name()} selected={r == d.role}>{ label(r) }</option> }) }
                </select>
                if d.looks_higher {
                    <p class="hint warning" data-testid="history-department-looks-higher">
                        { t.looks_higher }
                        <button type="button" class="secondary" data-testid="history-department-confirm-higher" onclick={Callback::from(move |_| confirm())}>{ t.confirm_higher }</button>
                    </p>
                }
            </td>
        </tr>
    }
}
