//! The 公告: what a department publishes when it commits, made to be printed (the
//! page's print stylesheet prints this alone) and to be read by anyone without the
//! site: an official notice (文号, the inspections' period and items, 落款, date and
//! room for the seal) with every value a person needs to hold the organiser to the
//! commitment, and nothing addressed to the operator.

use std::rc::Rc;

use fairdraw::model::{ChecklistItem, Task};
use fairdraw::protocol::Commitment;
use yew::prelude::*;

use crate::components::typed::Typed;

use crate::i18n::commit::commit_texts;
use crate::i18n::fill;
use crate::organizer::commit;
use crate::state::Lang;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub lang: Lang,
    pub commitment: Rc<Commitment>,
    /// The committed inputs: the tasks' periods and items, the checklist's names.
    pub inputs: Rc<commit::CurrentInputs>,
    /// What the QR code opens: the commitment on the department's public site; none
    /// while no public address is known, so that no QR code points at this computer.
    pub link: Option<String>,
    /// The 落款's date, until the user types another.
    pub today: String,
}

/// The period and the items of a task, as the notice states them.
fn task_terms(t: &crate::i18n::commit::CommitTexts, task: &Task, checklist: &[ChecklistItem]) -> String {
    let name_of = |code: &String| checklist.iter().find(|c| c.code == *code).map(|c| c.name.clone()).unwrap_or_else(|| code.clone());
    let fixed: Vec<String> = task.items.fixed.iter().map(name_of).collect();
    let mut items = fixed.join("、");
    if task.items.draw > 0 {
        let drawn = fill(t.items_drawn, &[("n", &task.items.draw.to_string())]);
        items = if items.is_empty() { drawn } else { format!("{items}；{drawn}") };
    }
    fill(t.task_terms, &[("start", &task.window.start), ("end", &task.window.end), ("items", &items)])
}

#[function_component(Notice)]
pub fn notice(props: &NoticeProps) -> Html {
    let t = commit_texts(props.lang);
    let c = &props.commitment;
    let qr = props.link.as_ref().and_then(|link| {
        let svg = fairdraw::qr::qr_svg(link).ok()?;
        Some((link.clone(), format!("data:image/svg+xml,{}", crate::route::percent_encode(&svg))))
    });
    let number = use_state(String::new);
    let date = use_state(|| props.today.clone());
    let on_number = {
        let number = number.clone();
        Callback::from(move |typed: String| number.set(typed))
    };
    let on_date = {
        let date = date.clone();
        Callback::from(move |typed: String| date.set(typed))
    };
    let banner = c.rehearsal.then(|| {
        html! {
            <p class="rehearsal-banner" role="note">{ t.rehearsal_banner }</p>
        }
    });
    let emission = commit::china_display_of(&c.beacon.emission_time);
    let row = |label: &str, value: Html| html! { <><dt>{ label.to_string() }</dt><dd>{ value }</dd></> };
    let code = |text: &str| html! { <code class="hex wrap-anywhere">{ text.to_string() }</code> };
    let tasks = html! {
        <ul class="notice-tasks">
            { for c.tasks.iter().map(|task| {
                let terms = props.inputs.plan().tasks.iter().find(|p| p.number == task.number).map(|p| task_terms(t, p, &props.inputs.directories().checklist));
                html! {
                    <li data-testid="notice-task" data-number={task.number.clone()}>
                        <strong>{ format!("{} {}", task.number, task.name) }</strong>
                        { fill(t.task_counts, &[
                            ("kind", if task.directed { t.directed } else { t.undirected }),
                            ("pool", &task.pool.to_string()),
                            ("count", &task.count.to_string()),
                        ]) }
                        if let Some(terms) = terms { <br /><span data-testid="notice-task-terms">{ terms }</span> }
                    </li>
                }
            }) }
        </ul>
    };
    let previous = if c.previous.is_empty() {
        html! { { "—" } }
    } else {
        code(&c.previous)
    };
    let on_print = Callback::from(|_: MouseEvent| crate::browser::print());
    html! {
        <section class="commit-notice-wrap" aria-label={t.notice_heading}>
            <p class="commit-print-line">
                <button type="button" class="button" data-testid="commit-print" onclick={on_print}>{ t.print }</button>
            </p>
            <article class={classes!("commit-notice", c.rehearsal.then_some("commit-notice-rehearsal"))}
                     data-testid="commit-notice" data-rehearsal={c.rehearsal.to_string()} data-commitment={c.commitment.clone()}>
                { banner.clone() }
                <h2>{ format!("{}{}", c.department, if c.rehearsal { t.notice_rehearsal_title } else { t.notice_title }) }</h2>
                <p class="notice-number">
                    <Typed value={(*number).clone()} placeholder={t.notice_number_placeholder} label={t.notice_number}
                           testid="notice-number" onchange={on_number} />
                </p>
                <p>{ t.notice_intro }</p>
                <dl class="notice-facts">
                    { row(t.department, html! { { c.department.clone() } }) }
                    { row(t.plan, html! { { fill(t.plan_line, &[("number", &c.plan.number), ("name", &c.plan.name), ("year", &c.plan.year.to_string())]) } }) }
                    { row(t.tasks, tasks) }
                    { row(t.commitment_hash, code(&c.commitment)) }
                    { row(t.beacon, html! { { fill(t.beacon_chain, &[("chain", &c.beacon.chain), ("hash", &c.beacon.chain_hash)]) } }) }
                    { row(t.round, html! { <strong data-testid="notice-round">{ c.beacon.round.to_string() }</strong> }) }
                    { row(t.emission, html! { <strong>{ format!("{emission}{}", t.china_time) }</strong> }) }
                    { row(t.sequence, html! { <span data-testid="notice-sequence">{ c.sequence.to_string() }</span> }) }
                    { row(t.previous, previous) }
                    { row(t.committed_at, html! { { format!("{}{}", commit::china_display_of(&c.committed_at), t.china_time) } }) }
                </dl>
                if let Some((link, src)) = qr {
                    <figure class="notice-qr">
                        <img src={src} alt={link.clone()} data-testid="commit-qr" />
                        <figcaption>
                            <strong>{ t.qr_caption }</strong>
                            <code class="wrap-anywhere notice-link" data-testid="commit-link">{ link.clone() }</code>
                            <span class="notice-link-note">{ t.link_note }</span>
                        </figcaption>
                    </figure>
                } else {
                    <p class="notice-no-site" data-testid="notice-no-site">{ t.notice_no_site }</p>
                }
                <p>{ t.notice_verify }</p>
                <div class="notice-signature" data-testid="notice-signature">
                    <div class="notice-seal" data-testid="notice-seal" aria-hidden="true">{ t.seal_space }</div>
                    <p>{ c.department.clone() }</p>
                    <p><Typed value={(*date).clone()} label={t.notice_date} testid="notice-date" onchange={on_date} /></p>
                </div>
                { banner }
            </article>
        </section>
    }
}
