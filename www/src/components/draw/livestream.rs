//! The livestream stage: what the public may see of the ceremony, in type readable
//! across a room. No file, hash, formula or operator control but a discreet exit;
//! firms as the public document publishes them (`crate::ceremony::stage`), or only
//! the notice that the list is sealed.

use fairdraw::beacon;
use yew::prelude::*;

use super::{china_time, countdown, Ceremony};
use crate::ceremony::relays::BeaconStatus;
use crate::ceremony::stage::{self as view, StageFirm, StageTask};
use crate::i18n::ceremony::CeremonyTexts;
use crate::i18n::fill;
use crate::state::Lang;

/// The list that scrolls to keep the newest firm in view.
pub const STAGE_LIST_ID: &str = "stage-reveal-list";

pub struct Stage<'a> {
    pub t: &'static CeremonyTexts,
    pub lang: Lang,
    pub state: &'a Ceremony,
    pub now: i64,
    pub keep_sealed: bool,
    pub on_exit: Callback<MouseEvent>,
    /// The verification QR code (data URI) once the reveal is over.
    pub qr: Option<String>,
}

pub fn stage_view(stage: Stage) -> Html {
    let Stage { t, state, on_exit, .. } = &stage;
    let commitment = state.commitment.as_ref();
    let banner = state.rehearsal().then(|| html! {
        <p class="rehearsal-banner" data-testid="rehearsal-banner" role="note">{ t.rehearsal_banner }</p>
    });
    html! {
        <div class="stage">
            <header class="stage-top">
                <div class="stage-title">
                    if let Some(c) = commitment {
                        <p class="stage-department">{ &c.department }</p>
                        <h2 class="stage-plan"><bdi>{ fairdraw::wellformed::visible(&c.plan.name).into_owned() }</bdi></h2>
                    }
                </div>
                <button class="stage-exit" data-testid="fullscreen-toggle" aria-pressed="true" onclick={on_exit.clone()}>{ t.stage_off }</button>
            </header>
            { banner }
            { status_line(&stage) }
            <div class="stage-main">
                // Focusable: it scrolls when a plan has more strata than the screen holds.
                <aside class="stage-side" tabindex="0" aria-label={t.plan}>
                    if let Some(c) = commitment { { strata_panel(t, &view::stage_tasks(c)) } }
                    if let Some(src) = stage.qr.clone().filter(|_| !stage.keep_sealed) {
                        <figure class="stage-qr">
                            <img src={src} alt={t.stage_verify} />
                            <figcaption>{ t.stage_verify }</figcaption>
                        </figure>
                    }
                </aside>
                <section class="stage-reveal" aria-label={t.stage_list_label}>
                    if stage.keep_sealed { { sealed_notice(&stage) } } else { { reveal_list(&stage) } }
                </section>
            </div>
        </div>
    }
}

/// One sentence of what is happening, with the countdown while the round is ahead.
fn status_line(stage: &Stage) -> Html {
    let (t, state) = (stage.t, stage.state);
    let ready = state.inputs.is_some() && state.mismatch().is_none();
    let round_and_time = state
        .commitment
        .as_ref()
        .filter(|_| ready)
        .and_then(|c| beacon::chain_by_hash(&c.beacon.chain_hash).map(|chain| (c.beacon.round, chain.name, chain.round_time(c.beacon.round))));
    let Some((round, chain, emission)) = round_and_time else {
        return html! { <p class="stage-status" data-testid="stage-status" role="status">{ t.stage_loading }</p> };
    };
    let remaining = emission - stage.now;
    let total = state.reveal_total();
    let (n, total_text, round_text, time) = (state.revealed.to_string(), total.to_string(), round.to_string(), china_time(emission));
    let template = if state.bundle.is_some() {
        match (stage.keep_sealed, state.revealed >= total) {
            (true, _) => t.stage_done_sealed,
            (false, true) => t.stage_done,
            (false, false) => t.stage_revealing,
        }
    } else if state.drawing || state.checked.is_some() {
        t.stage_drawing
    } else {
        match &state.beacon {
            BeaconStatus::Invalid { .. } => t.stage_beacon_invalid,
            BeaconStatus::NotYet { .. } | BeaconStatus::Failed { .. } if remaining <= 0 => t.stage_beacon_problem,
            _ if remaining > 0 => t.stage_waiting,
            _ => t.stage_fetching,
        }
    };
    let line = fill(template, &[("chain", chain), ("round", &round_text), ("time", &time), ("n", &n), ("total", &total_text)]);
    html! {
        <>
            <p class="stage-status" data-testid="stage-status" role="status" aria-live="polite">{ line }</p>
            if remaining > 0 {
                <p class="stage-countdown" data-testid="ceremony-countdown" data-remaining={remaining.to_string()}>
                    <span>{ t.countdown_label }</span>
                    <span class="countdown-clock">{ countdown(remaining, stage.lang) }</span>
                </p>
            }
        </>
    }
}

/// Each task with its strata and counts, from the commitment; the census stratum marked.
fn strata_panel(t: &CeremonyTexts, tasks: &[StageTask]) -> Html {
    let tasks = tasks.iter().map(|task| {
        let (pool, count) = (task.pool.to_string(), task.count.to_string());
        let heading = fill(t.stage_task, &[("number", &task.number), ("name", &task.name), ("pool", &pool), ("count", &count)]);
        // An unstratified task has one stratum, already told by the task's own line.
        let strata = task.strata.iter().filter(|s| s.census || !s.label.is_empty()).map(|s| {
            let (size, count) = (s.size.to_string(), s.count.to_string());
            let line = if s.census {
                fill(t.stage_stratum_census, &[("size", &size)])
            } else {
                fill(t.stage_stratum, &[("label", &s.label), ("size", &size), ("count", &count)])
            };
            html! { <li class={classes!("stage-stratum", s.census.then_some("stage-stratum-census"))} data-census={s.census.to_string()}>{ line }</li> }
        });
        html! {
            <div class="stage-task">
                <h3>{ heading }</h3>
                <ul class="stage-strata">{ for strata }</ul>
            </div>
        }
    });
    html! { <div class="stage-tasks">{ for tasks }</div> }
}

fn reveal_list(stage: &Stage) -> Html {
    let state = stage.state;
    let Some(bundle) = state.bundle.as_ref() else { return Html::default() };
    let firms = view::stage_firms(bundle, state.format2.as_deref());
    html! {
        <ol id={STAGE_LIST_ID} class="stage-list" data-testid="stage-reveal-list" aria-label={stage.t.stage_list_label} tabindex="0">
            { for firms.iter().take(state.revealed).enumerate().map(|(i, firm)| firm_row(stage.t, i + 1, firm)) }
        </ol>
    }
}

fn firm_row(t: &CeremonyTexts, number: usize, firm: &StageFirm) -> Html {
    let facts: Vec<&str> = [firm.id.as_str(), firm.region.as_str(), firm.stratum.as_str(), firm.task.as_str()]
        .into_iter()
        .filter(|f| !f.trim().is_empty())
        .collect();
    html! {
        <li class="stage-firm" data-testid="stage-firm" data-id={firm.id.clone()} data-census={firm.census.to_string()}>
            <span class="stage-firm-number" aria-hidden="true">{ number }</span>
            <div class="stage-firm-body">
                <p class="stage-firm-name">
                    <bdi>{ &firm.name }</bdi>
                    if firm.census { <span class="census-mark">{ t.census }</span> }
                </p>
                <p class="stage-firm-facts">{ facts.join(" · ") }</p>
                if !firm.team.is_empty() {
                    <p class="stage-firm-team">{ t.team }{ "：" }{ firm.team.join("、") }</p>
                }
            </div>
        </li>
    }
}

/// Instead of the firms: the list is sealed, and when it opens.
fn sealed_notice(stage: &Stage) -> Html {
    let t = stage.t;
    let until = view::sealed_until(stage.state);
    let timelock = until.timelock.map(|(round, time)| fill(t.stage_sealed_timelock, &[("round", &round.to_string()), ("time", &china_time(time))]));
    html! {
        <div class="stage-sealed" data-testid="stage-sealed">
            <h3>{ t.stage_sealed_heading }</h3>
            if !until.reveal_after.is_empty() {
                <p>{ fill(t.stage_sealed_body, &[("date", &until.reveal_after)]) }</p>
            }
            if let Some(line) = timelock { <p>{ line }</p> }
            <p>{ t.stage_sealed_count }</p>
        </div>
    }
}
