use std::rc::Rc;

use fairdraw::plan::{regular_candidate, PlanReport};
use yew::prelude::*;

use crate::i18n::fill;
use crate::i18n::plan::plan_texts;
use crate::organizer::state::OrganizerState;
use crate::state::Lang;

#[derive(Properties, Clone)]
pub struct ReportProps {
    pub lang: Lang,
    pub org: UseReducerHandle<OrganizerState>,
    pub report: Rc<PlanReport>,
}

impl PartialEq for ReportProps {
    fn eq(&self, other: &Self) -> bool {
        // The report is recomputed only with a new revision: the same Rc is the same report.
        self.lang == other.lang && self.org == other.org && Rc::ptr_eq(&self.report, &other.report)
    }
}

/// Display only: a share as a percentage with one decimal.
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "—".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// The year's line: all tasks together, against the year's minimum share.
fn year_total(t: &crate::i18n::plan::PlanTexts, r: &PlanReport, plan: &fairdraw::model::Plan) -> Html {
    let total: u64 = r.tasks.iter().map(|task| task.count()).sum();
    let bp = plan.rules.min_total_bp;
    let need = fairdraw::plan::ratio_count(r.active_firms, bp, fairdraw::plan::Rounding::Ceil);
    let met = bp == 0 || total >= need;
    let text = if bp == 0 {
        fill(t.year_total, &[("total", &total.to_string()), ("share", &share(total, r.active_firms))])
    } else {
        fill(t.year_total_minimum, &[
            ("total", &total.to_string()),
            ("share", &share(total, r.active_firms)),
            ("minimum", &fairdraw::plan::percent(bp)),
            ("need", &need.to_string()),
        ])
    };
    html! {
        <p class={classes!("year-total", (!met).then_some("problem-error"))} data-testid="year-total" data-total={total.to_string()} data-need={need.to_string()}>
            <strong>{ text }</strong>
        </p>
    }
}

/// What the plan, as it stands, would draw: per task and stratum, and whether it can.
#[function_component(Report)]
pub fn report(props: &ReportProps) -> Html {
    let lang = props.lang;
    let t = plan_texts(lang);
    let r = &props.report;
    let d = &props.org.project.directories;
    let plan = &props.org.project.plan;
    let line = |p: &fairdraw::problem::Problem| if lang == Lang::Zh { p.line_zh() } else { p.line_en() };
    let tasks = plan.tasks.iter().zip(&r.tasks).map(|(task, pool)| {
        let people = d.inspectors.iter().filter(|i| regular_candidate(i, &task.team, &task.window.end)).count() as u64;
        let slots = pool.count() * u64::from(task.team.size);
        let per = if people == 0 { t.no_inspectors.to_string() } else {
            t.per_inspector
                .replace("{slots}", &slots.to_string())
                .replace("{people}", &people.to_string())
                .replace("{per}", &format!("{:.1}", slots as f64 / people as f64))
        };
        let x = &pool.excluded;
        html! {
            <div class="task-result" data-testid="task-result" data-number={task.number.clone()}
                 data-size={pool.pool_size().to_string()} data-count={pool.count().to_string()}>
                <h3>{ format!("{} {} {}", t.task, task.number, task.name) }</h3>
                <table class="strata">
                    <thead><tr><th scope="col">{ t.stratum }</th><th scope="col">{ t.pool_size }</th><th scope="col">{ t.drawn }</th><th scope="col">{ t.probability }</th></tr></thead>
                    <tbody>
                        { for pool.strata.iter().map(|s| html! {
                            <tr data-testid="stratum-row" data-label={s.label()} data-size={s.size().to_string()} data-count={s.count.to_string()}>
                                <th scope="row">{ s.label() }</th>
                                <td>{ s.size() }</td>
                                <td>{ s.count }</td>
                                <td>{ share(s.count, s.size()) }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot><tr><th scope="row">{ t.total }</th><td>{ pool.pool_size() }</td><td>{ pool.count() }</td><td>{ share(pool.count(), pool.pool_size()) }</td></tr></tfoot>
                </table>
                <p class="hint" data-testid="excluded">{ t.excluded
                    .replace("{inactive}", &x.inactive.to_string())
                    .replace("{cap}", &x.yearly_cap.to_string())
                    .replace("{higher}", &x.higher_level.to_string())
                    .replace("{scope}", &x.out_of_scope.to_string()) }</p>
                <p class="hint" data-testid="per-inspector">{ per }</p>
            </div>
        }
    });
    let ok = r.is_feasible();
    html! {
        <section class="plan-report" aria-labelledby="plan-report-heading" aria-live="polite" tabindex="0">
            <h2 id="plan-report-heading">{ t.result_heading }</h2>
            if d.enterprises.is_empty() {
                <p class="hint">{ t.no_firms }</p>
            } else {
                <p class="hint">{ t.active_firms.replace("{n}", &r.active_firms.to_string()) }</p>
            }
            { for tasks }
            { year_total(t, r, plan) }
            <div class={classes!("feasibility", if ok { "feasible" } else { "infeasible" })} data-testid="feasibility" data-ok={ok.to_string()}>
                <p><strong>{ if ok { t.feasible } else { t.infeasible } }</strong></p>
                <ul>
                    { for r.problems.errors().map(|p| html! { <li class="problem-error">{ line(p) }</li> }) }
                    { for r.problems.warnings().map(|p| html! { <li class="problem-warning">{ t.warning }{ "：" }{ line(p) }</li> }) }
                </ul>
            </div>
        </section>
    }
}
