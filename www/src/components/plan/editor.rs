use fairdraw::model::{flag, Condition, StratumRule, Task};
use fairdraw::plan::RangeChoice;
use yew::prelude::*;

use crate::browser::fields;
use crate::i18n::fill;
use crate::i18n::plan::{plan_texts, PlanTexts};
use crate::organizer::edit::{field_label, when_field, ConditionField, PlanField, RuleField, TaskField, FIELD_LABELS};
use crate::organizer::confirm::Destructive;
use crate::organizer::project::{list_field, percent_field, ratio_field};
use crate::organizer::state::{Action, OrganizerState};

use super::picks::{self, Picks};
use crate::components::organizer::Same;
use crate::components::typed::Typed;

type Org = UseReducerHandle<OrganizerState>;

/// A text field that applies on change (Enter or leaving it), like a spreadsheet cell.
fn text(label: &str, value: String, testid: &str, on: Callback<String>) -> Html {
    html! {
        <label class="field">
            <span>{ label }</span>
            <Typed {value} testid={testid.to_string()} onchange={on} />
        </label>
    }
}

/// A field in a table cell: its column heading is its label, said by screen readers.
fn cell(label: &str, value: String, testid: &str, on: Callback<String>) -> Html {
    html! {
        <Typed class="cell" {value} label={label.to_string()} testid={testid.to_string()} onchange={on} />
    }
}

fn check(label: &str, checked: bool, testid: &str, on: Callback<String>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        on.emit(fields::target_checked(&e).to_string())
    });
    html! {
        <label class="plan-toggle">
            <input type="checkbox" {checked} data-testid={testid.to_string()} {onchange} />
            { " " }{ label }
        </label>
    }
}

fn select(label: &str, value: &str, options: &[(&str, &str)], testid: &str, on: Callback<String>) -> Html {
    let onchange = Callback::from(move |e: Event| on.emit(fields::target_value(&e)));
    html! {
        <label class="field">
            <span>{ label }</span>
            <select data-testid={testid.to_string()} {onchange}>
                { for options.iter().map(|(v, l)| html! { <option value={v.to_string()} selected={*v == value}>{ *l }</option> }) }
            </select>
        </label>
    }
}

fn plan_cb(org: &Org, field: PlanField) -> Callback<String> {
    let org = org.clone();
    Callback::from(move |v| org.dispatch(Action::SetPlanField(field, v)))
}

fn task_cb(org: &Org, t: usize, field: TaskField) -> Callback<String> {
    let org = org.clone();
    Callback::from(move |v| org.dispatch(Action::SetTaskField(t, field, v)))
}

fn click(org: &Org, action: Action) -> Callback<MouseEvent> {
    let org = org.clone();
    Callback::from(move |_: MouseEvent| org.dispatch(action.clone()))
}

/// A delete button: it only asks (see `components::confirm`); its `id` is where the
/// focus goes back when the answer is no.
fn remove_button(org: &Org, what: Destructive, testid: &str, label: &str) -> Html {
    let id = what.opener_id();
    let org = org.clone();
    let onclick = Callback::from(move |_: MouseEvent| org.dispatch(Action::AskConfirm(what.clone())));
    let class = if testid == "remove-task" { "secondary danger" } else { "link-button" };
    html! {
        <button type="button" {class} {id} data-testid={testid.to_string()} {onclick}>{ label }</button>
    }
}

#[derive(Properties, Clone)]
pub struct EditorProps {
    pub lang: crate::state::Lang,
    pub org: UseReducerHandle<OrganizerState>,
    /// The plan evaluated: how many firms each plan-wide rule keeps out, shown beside it.
    pub report: std::rc::Rc<fairdraw::plan::PlanReport>,
}

impl PartialEq for EditorProps {
    fn eq(&self, other: &Self) -> bool {
        // The report is recomputed only with a new revision: the same Rc is the same report.
        self.lang == other.lang && self.org == other.org && std::rc::Rc::ptr_eq(&self.report, &other.report)
    }
}

/// The plan and each task's rules.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let t = plan_texts(props.lang);
    let org = &props.org;
    let p = &org.project.plan;
    // Extra columns of the directory can be filtered and stratified on too.
    let mut attrs: Vec<String> =
        org.project.directories.enterprises.iter().take(200).flat_map(|e| e.attrs.keys().cloned()).collect();
    attrs.sort();
    attrs.dedup();
    let quals = qualifications(&org.project.directories.inspectors);
    let picks = use_memo((Same(org.project.directories.clone()), Picks::fields_named(p)), |(d, fields)| Picks::new(fields, &d.0));
    let fit = use_memo(Same(org.project.directories.clone()), |d| super::checklist::Fit::new(&d.0));
    html! {
        <section class="plan-editor" data-testid="plan-editor" aria-labelledby="plan-editor-heading">
            <h2 id="plan-editor-heading">{ t.plan_heading }</h2>
            <p class="hint">{ t.edit_hint }</p>
            <div class="field-grid">
                { text(t.plan_number, p.number.clone(), "plan-number", plan_cb(org, PlanField::Number)) }
                { text(t.plan_name, p.name.clone(), "plan-name", plan_cb(org, PlanField::Name)) }
                { text(t.department, p.department.clone(), "plan-department", plan_cb(org, PlanField::Department)) }
                { text(t.year, p.year.to_string(), "plan-year", plan_cb(org, PlanField::Year)) }
                { text(t.min_total, percent_field(p.rules.min_total_bp), "plan-min-total", plan_cb(org, PlanField::MinTotal)) }
                { range_choice(t, org) }
            </div>
            { history_rules(t, org, &props.report) }
            { super::checklist::applicability(t, org, &fit) }
            { for p.tasks.iter().enumerate().map(|(i, task)| task_view(t, org, i, task, &attrs, &quals, &picks)) }
            <button type="button" data-testid="add-task" onclick={click(org, Action::AddTask)}>{ t.add_task }</button>
        </section>
    }
}

/// Each 执法类别/资质 the inspector list holds, with how many inspectors hold it: the
/// only values a task may require, so that a requirement never silently matches
/// nobody ("综合" is not "安全生产综合").
fn qualifications(inspectors: &[fairdraw::model::Inspector]) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for q in inspectors.iter().flat_map(|i| &i.qualifications) {
        *counts.entry(q.as_str()).or_default() += 1;
    }
    counts.into_iter().map(|(q, n)| (q.to_string(), n)).collect()
}

/// A qualification chosen from the inspector list's values, or none. A value the list
/// does not hold (typed before, or from a project file) stays selected and says so.
fn qualification_select(t: &PlanTexts, label: &str, current: &str, known: &[(String, usize)], testid: &str, on: Callback<String>) -> Html {
    let onchange = Callback::from(move |e: Event| on.emit(fields::target_value(&e)));
    let unknown = !current.is_empty() && !known.iter().any(|(q, _)| q == current);
    html! {
        <label class="field">
            <span>{ label }</span>
            <select data-testid={testid.to_string()} data-unknown={unknown.to_string()} {onchange}>
                <option value="" selected={current.is_empty()}>{ t.any_qualification }</option>
                { for known.iter().map(|(q, n)| html! {
                    <option value={q.clone()} selected={q == current}>{ fill(t.qualification_held, &[("q", q), ("n", &n.to_string())]) }</option>
                }) }
                if unknown {
                    <option value={current.to_string()} selected=true>{ fill(t.qualification_unknown, &[("q", current)]) }</option>
                }
            </select>
        </label>
    }
}

/// The rules that read the year's inspection records, each with the number of firms
/// it keeps out, and how the records are read: the plan's department and its other
/// names for the yearly cap, the 层级 column for the level above.
fn history_rules(t: &PlanTexts, org: &Org, report: &fairdraw::plan::PlanReport) -> Html {
    let p = &org.project.plan;
    // Both exclusions are decided before any task's own conditions, so every task
    // counts the same firms.
    let excluded = report.tasks.first().map(|task| task.excluded.clone()).unwrap_or_default();
    let names = p.rules.department_names.clone().unwrap_or_default();
    let count = |n: u64, testid: &str| html! {
        <span class="rule-effect" data-testid={testid.to_string()} data-count={n.to_string()}>{ fill(t.rule_excludes, &[("n", &n.to_string())]) }</span>
    };
    html! {
        <fieldset class="history-rules" data-testid="history-rules">
            <legend>{ t.history_rules }</legend>
            <p class="hint">{ t.history_hint }</p>
            <div class="field-grid">
                <div>
                    { text(t.yearly_cap, p.rules.yearly_cap.to_string(), "plan-yearly-cap", plan_cb(org, PlanField::YearlyCap)) }
                    { count(excluded.yearly_cap, "excluded-yearly-cap") }
                </div>
                { text(t.department_names, list_field(&names), "plan-department-names", plan_cb(org, PlanField::DepartmentNames)) }
                <div>
                    { check(t.exclude_higher, p.rules.exclude_higher_level, "plan-exclude-higher", plan_cb(org, PlanField::ExcludeHigher)) }
                    { count(excluded.higher_level, "excluded-higher-level") }
                </div>
            </div>
            { super::history::departments(t, org) }
        </fieldset>
    }
}

/// How counts are fixed inside ratio ranges: asked once a rule states a range, since
/// it is committed with the plan and cannot be chosen after the draw.
fn range_choice(t: &PlanTexts, org: &Org) -> Html {
    let p = &org.project.plan;
    if !p.uses_ranges() {
        return html! {};
    }
    let choice = RangeChoice::of(&p.rules);
    let options = [(RangeChoice::Low.name(), t.range_low), (RangeChoice::High.name(), t.range_high), (RangeChoice::YearMinimum.name(), t.range_year_minimum)];
    html! {
        <div class="range-choice">
            { select(t.range_choice, choice.name(), &options, "plan-range-choice", plan_cb(org, PlanField::RangeChoice)) }
            <p class="hint">{ t.range_hint }</p>
        </div>
    }
}

/// Condition `c` of task `i`: which firms the task considers.
fn condition_row(t: &PlanTexts, org: &Org, i: usize, c: usize, cond: &Condition, fields: &[String], picks: &Picks) -> Html {
    let cb = |field: ConditionField| {
        let org = org.clone();
        Callback::from(move |v| org.dispatch(Action::SetConditionField(i, c, field, v)))
    };
    let mut options: Vec<(String, String)> = fields.iter().map(|f| (f.clone(), field_label(f))).collect();
    options.push(("flag".to_string(), field_label("flag")));
    let opts: Vec<(&str, &str)> = options.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let values = match picks.of(&cond.field) {
        Some(known) => {
            let org = org.clone();
            let others = Callback::from(move |v| org.dispatch(Action::SetConditionOthers(i, c, v)));
            picks::condition_values(t, &cond.field, &cond.values, known, cb(ConditionField::Toggle), others)
        }
        None => {
            let values = if cond.field == "flag" {
                cond.values.iter().map(|v| flag::label_zh(v).to_string()).collect::<Vec<_>>()
            } else {
                cond.values.clone()
            };
            text(t.values, list_field(&values), "condition-values", cb(ConditionField::Values))
        }
    };
    html! {
        <div class="condition" data-testid="condition-row">
            { select(t.condition_field, &cond.field, &opts, "condition-field", cb(ConditionField::Field)) }
            { select(t.condition_op, &cond.op, &[("in", t.op_in), ("not_in", t.op_not_in)], "condition-op", cb(ConditionField::Op)) }
            { values }
            { remove_button(org, Destructive::DeleteCondition(i, c), "remove-condition", t.remove) }
        </div>
    }
}

/// Sampling rule `r` of task `i`.
fn rule_row(t: &PlanTexts, org: &Org, i: usize, r: usize, rule: &StratumRule, strata_by: &[String], picks: &Picks) -> Html {
    let cb = |field: RuleField| {
        let org = org.clone();
        Callback::from(move |v| org.dispatch(Action::SetRuleField(i, r, field, v)))
    };
    html! {
        <tr data-testid="rule-row">
            <td>{ rule_when(t, org, i, r, rule, strata_by, picks) }</td>
            <td>{ cell(t.ratio, rule.ratio_bp.map(|low| ratio_field(low, rule.ratio_max_bp)).unwrap_or_default(), "rule-ratio", cb(RuleField::Ratio)) }</td>
            <td>{ cell(t.count, rule.count.map(|c| c.to_string()).unwrap_or_default(), "rule-count", cb(RuleField::Count)) }</td>
            <td>{ cell(t.min, rule.min.to_string(), "rule-min", cb(RuleField::Min)) }</td>
            <td>{ cell(t.max, rule.max.map(|m| m.to_string()).unwrap_or_default(), "rule-max", cb(RuleField::Max)) }</td>
            <td>{ remove_button(org, Destructive::DeleteRule(i, r), "remove-rule", t.remove) }</td>
        </tr>
    }
}

/// Which strata rule `r` of task `i` applies to: a value (or any) per stratification
/// field, picked from the directory's; typed when there is nothing to pick from.
fn rule_when(t: &PlanTexts, org: &Org, i: usize, r: usize, rule: &StratumRule, strata_by: &[String], picks: &Picks) -> Html {
    // A field the rule names but the task no longer stratifies by stays shown, to be
    // set to “any”; the report says the rule is wrong meanwhile.
    let named: Vec<&String> = strata_by.iter().chain(rule.when.keys().filter(|k| !strata_by.contains(k))).collect();
    let lists: Option<Vec<(&String, &[(String, usize)])>> = named.iter().map(|f| picks.of(f).map(|known| (*f, known))).collect();
    match lists {
        Some(lists) if picks.has_firms => {
            if lists.is_empty() {
                return html! { <span class="hint">{ t.when_all }</span> };
            }
            html! {
                <div class="when-picks">
                    { for lists.into_iter().map(|(field, known)| {
                        let org = org.clone();
                        let f = field.clone();
                        let set = Callback::from(move |value| org.dispatch(Action::SetRuleWhen { task: i, rule: r, field: f.clone(), value }));
                        picks::when_select(t, field, rule.when.get(field).map(String::as_str), known, set)
                    }) }
                </div>
            }
        }
        _ => {
            let org = org.clone();
            let on = Callback::from(move |v| org.dispatch(Action::SetRuleField(i, r, RuleField::When, v)));
            cell(t.when, when_field(&rule.when), "rule-when", on)
        }
    }
}

fn task_view(t: &PlanTexts, org: &Org, i: usize, task: &Task, attrs: &[String], quals: &[(String, usize)], picks: &Picks) -> Html {
    let s = &task.sampling;
    let mut fields: Vec<String> = FIELD_LABELS.iter().map(|(f, _)| f.to_string()).collect();
    fields.extend(attrs.iter().map(|a| format!("attr:{a}")));
    let conditions = task.filter.iter().enumerate().map(|(c, cond)| condition_row(t, org, i, c, cond, &fields, picks));
    let rules = s.rules.iter().enumerate().map(|(r, rule)| rule_row(t, org, i, r, rule, &s.strata_by, picks));
    let departments = match &picks.departments {
        Some(known) => picks::departments(t, &task.team.departments, known, task_cb(org, i, TaskField::ToggleDepartment)),
        None => text(t.departments, list_field(&task.team.departments), "task-departments", task_cb(org, i, TaskField::Departments)),
    };
    html! {
        <fieldset class="task" data-testid="task" data-number={task.number.clone()}>
            <legend>{ format!("{} {}", t.task, task.number) }</legend>
            // The task's own delete button sits here with its name, after the fields
            // that say which task it is, so that Tab from the last field of a task
            // (or of the task before) never lands on a delete button.
            <div class="field-grid task-head">
                { text(t.task_number, task.number.clone(), "task-number", task_cb(org, i, TaskField::Number)) }
                { text(t.task_name, task.name.clone(), "task-name", task_cb(org, i, TaskField::Name)) }
                { check(t.directed, task.directed, "task-directed", task_cb(org, i, TaskField::Directed)) }
                <div class="task-remove">
                    { remove_button(org, Destructive::DeleteTask(i), "remove-task", &format!("{} {} {}", t.remove, t.task, task.number)) }
                </div>
            </div>
            <div class="conditions">
                <h4>{ t.filter }</h4>
                if task.filter.is_empty() { <p class="hint">{ t.filter_none }</p> }
                { for conditions }
                <button type="button" class="secondary" data-testid="add-condition" onclick={click(org, Action::AddCondition(i))}>{ t.add_condition }</button>
            </div>
            <div class="strata-by">
                <h4>{ t.strata_by }</h4>
                { for fields.iter().map(|f| check(&field_label(f), s.strata_by.contains(f), &format!("strata-{f}"), {
                    let org = org.clone();
                    let f = f.clone();
                    Callback::from(move |_| org.dispatch(Action::SetTaskField(i, TaskField::StrataBy, f.clone())))
                })) }
            </div>
            <div class="field-grid">
                { select(t.allocation, &s.allocation, &[("per_stratum", t.per_stratum), ("proportional", t.proportional)], "task-allocation", task_cb(org, i, TaskField::Allocation)) }
                { select(t.rounding, &s.rounding, &[("ceil", t.ceil), ("floor", t.floor), ("half_up", t.half_up)], "task-rounding", task_cb(org, i, TaskField::Rounding)) }
            </div>
            <h4>{ t.rules }</h4>
            <table class="rules">
                <thead><tr><th>{ if picks.has_firms { t.when_picked } else { t.when } }</th><th>{ t.ratio }</th><th>{ t.count }</th><th>{ t.min }</th><th>{ t.max }</th><th></th></tr></thead>
                <tbody>{ for rules }</tbody>
            </table>
            <button type="button" class="secondary" data-testid="add-rule" onclick={click(org, Action::AddRule(i))}>{ t.add_rule }</button>
            <div class="field-grid">
                { text(t.task_min_total, percent_field(s.min_total_bp), "task-min-total", task_cb(org, i, TaskField::MinTotal)) }
                { text(t.reserves, s.reserves.to_string(), "task-reserves", task_cb(org, i, TaskField::Reserves)) }
            </div>
            <div class="census">
                <h4>{ t.census }</h4>
                { for flag::ALL.iter().map(|f| check(flag::label_zh(f), s.census_flags.iter().any(|c| c == f), &format!("census-{f}"), {
                    let org = org.clone();
                    Callback::from(move |_| org.dispatch(Action::SetTaskField(i, TaskField::Census, f.to_string())))
                })) }
            </div>
            <div class="field-grid">
                { text(t.items_fixed, list_field(&task.items.fixed), "task-items-fixed", task_cb(org, i, TaskField::ItemsFixed)) }
                { text(t.items_draw, task.items.draw.to_string(), "task-items-draw", task_cb(org, i, TaskField::ItemsDraw)) }
                { text(t.team_size, task.team.size.to_string(), "task-team-size", task_cb(org, i, TaskField::TeamSize)) }
                { qualification_select(t, t.qualification, &task.team.qualification, quals, "task-qualification", task_cb(org, i, TaskField::Qualification)) }
                { check(t.cross_region, task.team.cross_region, "task-cross-region", task_cb(org, i, TaskField::CrossRegion)) }
                { departments }
                { check(t.expert, task.team.expert, "task-expert", task_cb(org, i, TaskField::Expert)) }
                { qualification_select(t, t.expert_qualification, &task.team.expert_qualification, quals, "task-expert-qualification", task_cb(org, i, TaskField::ExpertQualification)) }
                { text(t.groups, task.team.group_count().to_string(), "task-groups", task_cb(org, i, TaskField::Groups)) }
                if task.team.group_count() > 0 {
                    { check(t.leader, task.team.has_leader(), "task-leader", task_cb(org, i, TaskField::Leader)) }
                }
                { text(if task.team.group_count() > 0 { t.load_cap_groups } else { t.load_cap }, task.team.load_cap.to_string(), "task-load-cap", task_cb(org, i, TaskField::LoadCap)) }
                { text(t.window_start, task.window.start.clone(), "task-window-start", task_cb(org, i, TaskField::WindowStart)) }
                { text(t.window_end, task.window.end.clone(), "task-window-end", task_cb(org, i, TaskField::WindowEnd)) }
            </div>
            <p class="hint">{ t.conflicts_note }</p>
        </fieldset>
    }
}
