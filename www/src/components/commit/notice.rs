//! The 公告: what a department publishes when it commits, made to be printed (the
//! page's print stylesheet prints this alone) and to be read by anyone without the
//! site: every value a person needs to hold the organiser to the commitment.

use std::rc::Rc;

use fairdraw::protocol::Commitment;
use yew::prelude::*;

use crate::i18n::commit::commit_texts;
use crate::i18n::fill;
use crate::organizer::commit;
use crate::state::Lang;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub lang: Lang,
    pub commitment: Rc<Commitment>,
    /// What the QR code opens.
    pub link: String,
}

#[function_component(Notice)]
pub fn notice(props: &NoticeProps) -> Html {
    let t = commit_texts(props.lang);
    let c = &props.commitment;
    let qr = fairdraw::qr::qr_svg(&props.link)
        .map(|svg| format!("data:image/svg+xml,{}", crate::route::percent_encode(&svg)))
        .ok();
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
            { for c.tasks.iter().map(|task| html! {
                <li data-testid="notice-task" data-number={task.number.clone()}>
                    <strong>{ format!("{} {}", task.number, task.name) }</strong>
                    { fill(t.task_counts, &[
                        ("kind", if task.directed { t.directed } else { t.undirected }),
                        ("pool", &task.pool.to_string()),
                        ("count", &task.count.to_string()),
                    ]) }
                </li>
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
                <h2>{ if c.rehearsal { t.notice_rehearsal_title } else { t.notice_title } }</h2>
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
                if let Some(src) = qr {
                    <figure class="notice-qr">
                        <img src={src} alt={props.link.clone()} data-testid="commit-qr" />
                        <figcaption>
                            <strong>{ t.qr_caption }</strong>
                            <code class="wrap-anywhere notice-link" data-testid="commit-link">{ props.link.clone() }</code>
                            <span class="notice-link-note">{ t.link_note }</span>
                        </figcaption>
                    </figure>
                }
                <p>{ t.notice_verify }</p>
                { banner }
            </article>
        </section>
    }
}
