//! 抽取: the draw ceremony, made to be shown on a livestream. State and checks live in
//! `crate::ceremony`; this file renders and wires events.

use std::cell::Cell;
use std::rc::Rc;

use fairdraw::beacon;
use fairdraw::time::format_china;
use yew::prelude::*;

use super::commit::handoff::UseProjectCommitment;
use super::exports::ExportPanel;
use super::organizer::Org;
use super::step::StepSection;
use super::ViewProps;
use crate::browser::{self, fields, files, stage, timers, verifier};
use crate::ceremony::relays::{self, BeaconStatus};
use crate::ceremony::{self, CeremonyAction, CeremonyState};
use crate::i18n::ceremony::{ceremony_texts, CeremonyTexts};
use crate::route::Page;
use crate::i18n::fill;
use crate::organizer::state::Action;
use crate::state::Lang;

mod livestream;

/// The element put in full screen.
const STAGE_ID: &str = "ceremony-stage";
/// Time between two revealed firms.
const REVEAL_STEP_MS: u64 = 1_200;
/// The ordinary page's list of revealed firms, kept scrolled to the newest.
const REVEAL_LIST_ID: &str = "reveal-list";
/// How long the stage waits before asking the relays again for a round they did not have.
const STAGE_RETRY_MS: u64 = 5_000;

fn pick(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// "2023-08-23 23:59:24（+08:00）" — readable aloud and on video.
fn china_time(unix: i64) -> String {
    let t = format_china(unix);
    match t.strip_suffix("+08:00") {
        Some(local) => format!("{} (UTC+8)", local.replace('T', " ")),
        None => t,
    }
}

/// Seconds as "1天 02:03:04" / "02:03:04", whole seconds only.
fn countdown(seconds: i64, lang: Lang) -> String {
    let s = seconds.max(0);
    let (d, h, m, sec) = (s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60);
    let clock = format!("{h:02}:{m:02}:{sec:02}");
    match (d, lang) {
        (0, _) => clock,
        (d, Lang::Zh) => format!("{d} 天 {clock}"),
        (d, Lang::En) => format!("{d} d {clock}"),
    }
}

/// Reads each chosen or dropped file and hands it to the ceremony.
fn load_files(files: Vec<files::File>, dispatch: UseReducerDispatcher<CeremonyState>) {
    yew::platform::spawn_local(async move {
        for file in files {
            match verifier::read_file_text(&file).await {
                Ok(text) => match ceremony::read_file(&text) {
                    Ok(loaded) => dispatch.dispatch(CeremonyAction::Loaded(loaded)),
                    Err((zh, en)) => dispatch.dispatch(CeremonyAction::LoadFailed(format!("{}：{zh}", file.name()), format!("{}: {en}", file.name()))),
                },
                Err(e) => dispatch.dispatch(CeremonyAction::LoadFailed(e.zh, e.en)),
            }
        }
    });
}

type Ceremony = UseReducerHandle<CeremonyState>;

/// Whole Unix seconds, updated every second while the page is shown: the countdown's clock.
#[hook]
fn use_clock() -> i64 {
    let now = use_state(timers::now_unix);
    {
        let now = now.setter();
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            let still = alive.clone();
            yew::platform::spawn_local(async move {
                while still.get() {
                    yew::platform::time::sleep(std::time::Duration::from_millis(1_000)).await;
                    if still.get() {
                        now.set(timers::now_unix());
                    }
                }
            });
            move || alive.set(false)
        });
    }
    *now
}

/// The reveal: one firm after another, or all at once for those who asked for less motion.
#[hook]
fn use_reveal(state: &Ceremony) {
    let dispatch = state.dispatcher();
    let key = (state.bundle.is_some(), state.revealed, state.reveal_total());
    use_effect_with(key, move |&(drawn, revealed, total)| {
        let alive = Rc::new(Cell::new(true));
        if drawn && revealed < total {
            if stage::prefers_reduced_motion() {
                dispatch.dispatch(CeremonyAction::RevealAll);
            } else {
                let still = alive.clone();
                yew::platform::spawn_local(async move {
                    yew::platform::time::sleep(std::time::Duration::from_millis(REVEAL_STEP_MS)).await;
                    if still.get() {
                        dispatch.dispatch(CeremonyAction::RevealNext);
                    }
                });
            }
        }
        move || alive.set(false)
    });
}

/// Keeps the newest revealed firm on screen, on the stage and on the ordinary page.
#[hook]
fn use_newest_in_view(revealed: usize, on_stage: bool) {
    use_effect_with((revealed, on_stage), move |&(revealed, on_stage)| {
        if revealed > 0 {
            stage::keep_last_in_view(if on_stage { livestream::STAGE_LIST_ID } else { REVEAL_LIST_ID });
        }
    });
}

/// On the stage nobody operates the page: once the committed round is due it is
/// fetched (again every few seconds while the relays do not have it), and once its
/// signature is verified the draw runs. A value refused as not the committed round's
/// waits for the operator.
#[hook]
fn use_stage_autopilot(state: &Ceremony, on_stage: bool, due: bool, fetch: Callback<()>, draw: Callback<()>) {
    let key = (on_stage, due, state.beacon.code(), state.checked.is_some(), state.bundle.is_some(), state.drawing, state.draw_error.is_some());
    use_effect_with(key, move |&(on_stage, due, beacon, checked, drawn, drawing, failed)| {
        let alive = Rc::new(Cell::new(true));
        if on_stage && checked && !drawn && !drawing && !failed {
            draw.emit(());
        } else if on_stage && due && !checked {
            match beacon {
                "waiting" => fetch.emit(()),
                "not_yet" | "failed" => {
                    let still = alive.clone();
                    yew::platform::spawn_local(async move {
                        yew::platform::time::sleep(std::time::Duration::from_millis(STAGE_RETRY_MS)).await;
                        if still.get() {
                            fetch.emit(());
                        }
                    });
                }
                _ => {}
            }
        }
        move || alive.set(false)
    });
}

/// Whether the committed round's time has come, for inputs and a commitment that agree.
fn round_due(state: &CeremonyState, now: i64) -> bool {
    let ready = state.inputs.is_some() && state.mismatch().is_none();
    state
        .commitment
        .as_ref()
        .filter(|_| ready)
        .and_then(|c| beacon::chain_by_hash(&c.beacon.chain_hash).map(|chain| chain.round_time(c.beacon.round) <= now))
        .unwrap_or(false)
}

/// The project's current commitment with the draw kept in it, once the draft is read.
type KeptInput = Option<Rc<(ceremony::CeremonyInput, fairdraw::organizer::KeptDraw)>>;

/// After a reload the ceremony starts empty, but the project remembers its draw: the
/// result is rebuilt from it (beacon verified again, documents computed anew) and
/// shown as drawn before, so that nothing is drawn twice. Returns whether that is
/// under way.
#[hook]
fn use_kept_draw(state: &Ceremony, org: Option<Org>) -> bool {
    let restoring = use_state(|| false);
    let revision = org.as_ref().map(|o| (o.restored, o.revision));
    let committed = use_context::<super::organizer::Committed>().map(|c| c.0);
    let kept: Rc<KeptInput> = use_memo(revision, move |_| {
        let org = org.filter(|o| o.restored)?;
        let record = org.project.commitments.last()?;
        let kept = record.drawn.clone()?;
        let Some(Ok((inputs, commitment))) = committed.as_deref()? else { return None };
        let (inputs, commitment) = (inputs.inputs(), commitment.clone());
        Some(Rc::new((ceremony::CeremonyInput { inputs, commitment, witnesses: record.witnesses.clone() }, kept)))
    });
    let hash = kept.as_ref().as_ref().map(|k| k.0.commitment.commitment.clone());
    let waiting = state.bundle.is_none() && !state.drawing;
    let same = state.commitment.as_ref().is_none_or(|c| Some(&c.commitment) == hash.as_ref());
    {
        let dispatch = state.dispatcher();
        let restoring = restoring.clone();
        let kept = (*kept).clone().filter(|_| waiting && same);
        use_effect_with(hash, move |_| {
            if let Some(kept) = kept {
                restoring.set(true);
                yew::platform::spawn_local(async move {
                    // Lets the notice paint before the computation holds the page.
                    yew::platform::time::sleep(std::time::Duration::from_millis(30)).await;
                    let (input, draw) = (*kept).clone();
                    match ceremony::rebuild(input.clone(), &draw) {
                        Ok(rebuilt) => dispatch.dispatch(CeremonyAction::Restored(Box::new(rebuilt))),
                        Err((zh, en)) => {
                            dispatch.dispatch(CeremonyAction::Given(Box::new(input)));
                            dispatch.dispatch(CeremonyAction::LoadFailed(
                                format!("项目中保存的抽取记录无法恢复：{zh}"),
                                format!("the draw kept in the project could not be restored: {en}"),
                            ));
                        }
                    }
                    restoring.set(false);
                });
            }
        });
    }
    *restoring
}

/// The ceremony's state as the pages share it.
pub type CeremonyHandle = UseReducerHandle<CeremonyState>;

/// Keeps the ceremony above the pages, so that leaving the 抽取 page and coming back
/// finds the draw, its documents and its papers where they were: exports can be made
/// again without drawing again.
#[derive(Properties, PartialEq)]
pub struct CeremonyProviderProps {
    #[prop_or_default]
    pub children: Html,
}

#[function_component(CeremonyProvider)]
pub fn ceremony_provider(props: &CeremonyProviderProps) -> Html {
    let state = use_reducer(CeremonyState::default);
    html! {
        <ContextProvider<CeremonyHandle> context={state}>
            { props.children.clone() }
        </ContextProvider<CeremonyHandle>>
    }
}

#[function_component(DrawSection)]
pub fn draw_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    let t = ceremony_texts(lang);
    // Both hooks run every time, as hooks must; the shared state wins when there is one.
    let own = use_reducer(CeremonyState::default);
    let state = use_context::<CeremonyHandle>().unwrap_or(own);
    let on_stage = use_state(|| false);
    let keep_sealed = use_state(|| false);
    let now = use_clock();
    let runs = use_memo((), |_| Cell::new(0u32));
    let paste_ref = use_node_ref();
    let org = use_context::<Org>();
    let restoring = use_kept_draw(&state, org.clone());
    use_reveal(&state);
    use_newest_in_view(state.revealed, *on_stage);
    {
        let on_stage = on_stage.setter();
        use_effect_with((), move |_| {
            let watch = stage::watch_fullscreen_exit(move || on_stage.set(false));
            move || drop(watch)
        });
    }
    let relay_param = props.route.param(relays::RELAY_PARAM).map(str::to_string);
    let on_fetch = on_fetch(&state, runs, relay_param);
    let on_draw = on_draw(&state, org);
    use_stage_autopilot(&state, *on_stage, round_due(&state, now), on_fetch.clone(), on_draw.clone());

    let on_stage_toggle = {
        let on_stage = on_stage.clone();
        Callback::from(move |_: MouseEvent| {
            if *on_stage {
                stage::exit_fullscreen();
                on_stage.set(false);
            } else {
                // Inside the click: browsers grant full screen only to a user's gesture.
                stage::toggle_fullscreen(STAGE_ID);
                on_stage.set(true);
            }
        })
    };
    let rehearsal = state.rehearsal();
    let banner = rehearsal.then(|| html! {
        <p class="rehearsal-banner" data-testid="rehearsal-banner" role="note">{ t.rehearsal_banner }</p>
    });
    let on_keep_sealed = {
        let keep_sealed = keep_sealed.clone();
        Callback::from(move |_: Event| keep_sealed.set(!*keep_sealed))
    };
    let class = classes!("ceremony", (*on_stage).then_some("ceremony-stage"), rehearsal.then_some("ceremony-rehearsal"));
    if *on_stage {
        let qr = state.bundle.as_ref().filter(|_| state.revealed >= state.reveal_total()).and_then(|b| verify_link_and_qr(&state, b).1);
        let view = livestream::Stage { t, lang, state: &state, now, keep_sealed: *keep_sealed, on_exit: on_stage_toggle, qr };
        return html! {
            <StepSection {lang} page={Page::Draw}>
                <div id={STAGE_ID} {class} data-testid="ceremony">{ livestream::stage_view(view) }</div>
            </StepSection>
        };
    }

    html! {
        <StepSection {lang} page={Page::Draw}>
            <div id={STAGE_ID} {class} data-testid="ceremony">
                { banner.clone() }
                <div class="ceremony-tools">
                    <label class="ceremony-keep-sealed" title={t.keep_sealed_hint}>
                        <input type="checkbox" data-testid="stage-keep-sealed" checked={*keep_sealed} onchange={on_keep_sealed} />
                        { " " }{ t.keep_sealed }
                    </label>
                    <button class="button" data-testid="fullscreen-toggle" aria-pressed="false" onclick={on_stage_toggle}>{ t.stage_on }</button>
                </div>
                if state.restored {
                    <p class="ceremony-restored" data-testid="ceremony-restored" role="status">{ t.restored }</p>
                } else if restoring {
                    <p class="ceremony-note" data-testid="ceremony-restoring" role="status">{ t.restoring }</p>
                }
                if state.bundle.is_none() && !restoring { { load_panel(t, lang, &state) } }
                { ceremony_body(t, lang, &state, now, on_fetch, on_draw, paste_ref) }
                { banner }
            </div>
        </StepSection>
    }
}

fn error_line(lang: Lang, error: &Option<(String, String)>) -> Option<Html> {
    error.as_ref().map(|(zh, en)| html! { <p class="ceremony-error" role="alert">{ pick(lang, zh, en) }</p> })
}

/// Loading the draw's inputs and commitment: chosen, dropped, or the project's own.
fn load_panel(t: &CeremonyTexts, lang: Lang, state: &Ceremony) -> Html {
    let on_files = {
        let dispatch = state.dispatcher();
        Callback::from(move |event: Event| load_files(files::take_chosen(&event), dispatch.clone()))
    };
    let on_drop = {
        let dispatch = state.dispatcher();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            load_files(files::dropped_all(&event), dispatch.clone());
        })
    };
    let on_drag_over = Callback::from(|event: DragEvent| event.prevent_default());
    let on_use_project = {
        let dispatch = state.dispatcher();
        Callback::from(move |input: ceremony::CeremonyInput| dispatch.dispatch(CeremonyAction::Given(Box::new(input))))
    };
    let file_state = |present: bool| if present { t.loaded } else { t.missing };
    html! {
        <div class="ceremony-load" ondrop={on_drop} ondragover={on_drag_over} data-testid="ceremony-dropzone">
            <h2>{ t.load_heading }</h2>
            <p>{ t.load_hint }</p>
            <UseProjectCommitment {lang} on_use={on_use_project} />
            <div class="ceremony-files">
                <label class="button file-button">
                    { t.inputs_label }{ " · " }{ file_state(state.inputs.is_some()) }
                    <input type="file" accept=".json,application/json" multiple=true class="visually-hidden" data-testid="ceremony-load-inputs" onchange={on_files.clone()} />
                </label>
                <label class="button file-button">
                    { t.commitment_label }{ " · " }{ file_state(state.commitment.is_some()) }
                    <input type="file" accept=".json,application/json" multiple=true class="visually-hidden" data-testid="ceremony-load-commitment" onchange={on_files} />
                </label>
            </div>
            { error_line(lang, &state.load_error) }
            { error_line(lang, &state.mismatch()) }
        </div>
    }
}

/// Asks the relays for the committed round; `runs` numbers the attempts so a late
/// answer to an earlier one is ignored.
fn on_fetch(state: &Ceremony, runs: Rc<Cell<u32>>, relay_param: Option<String>) -> Callback<()> {
    let dispatch = state.dispatcher();
    let commitment = state.commitment.clone();
    Callback::from(move |_: ()| {
        let Some(c) = commitment.clone() else { return };
        let Some(chain) = beacon::chain_by_hash(&c.beacon.chain_hash) else { return };
        let run = runs.get().wrapping_add(1);
        runs.set(run);
        dispatch.dispatch(CeremonyAction::FetchStarted { run });
        let emission = chain.round_time(c.beacon.round);
        // No relay can have a round before its time; asking would only confuse.
        if chain.check_emitted(c.beacon.round, timers::now_unix()).is_err() {
            dispatch.dispatch(CeremonyAction::FetchStatus { run, status: BeaconStatus::NotYet { emission } });
            return;
        }
        let list = relays::relays(&browser::page_host(), relay_param.as_deref());
        let dispatch = dispatch.clone();
        yew::platform::spawn_local(async move {
            let report = dispatch.clone();
            let status = move |status| report.dispatch(CeremonyAction::FetchStatus { run, status });
            match relays::fetch_round(&list, &c.beacon.chain_hash, c.beacon.round, emission, status).await {
                Ok((text, source)) => dispatch.dispatch(CeremonyAction::Beacon { text, source }),
                Err(status) => dispatch.dispatch(CeremonyAction::FetchStatus { run, status }),
            }
        });
    })
}

/// Once inputs and commitment agree: the plan, the round and its countdown, the
/// beacon, the seed, the draw and its reveal.
fn ceremony_body(t: &CeremonyTexts, lang: Lang, state: &Ceremony, now: i64, on_fetch: Callback<()>, on_draw: Callback<()>, paste_ref: NodeRef) -> Html {
    let ready = state.inputs.is_some() && state.mismatch().is_none();
    let Some(c) = state.commitment.as_ref().filter(|_| ready) else { return Html::default() };
    let Some(chain) = beacon::chain_by_hash(&c.beacon.chain_hash) else { return Html::default() };
    let emission = chain.round_time(c.beacon.round);
    let remaining = emission - now;
    let round = c.beacon.round.to_string();
    let when = china_time(emission);
    html! {
        <>
            <div class="ceremony-plan">
                <p class="ceremony-department">{ &c.department }</p>
                <p class="ceremony-plan-name"><bdi>{ fairdraw::wellformed::visible(&c.plan.name).into_owned() }</bdi></p>
            </div>
            <div class="ceremony-round">
                <h2>{ t.round_heading }</h2>
                <p>{ fill(t.round_sentence, &[("chain", chain.name), ("round", &round), ("time", &when)]) }</p>
                <p class="ceremony-countdown" data-testid="ceremony-countdown" data-remaining={remaining.max(0).to_string()}>
                    if remaining > 0 {
                        <span class="countdown-label">{ t.countdown_label }</span>
                        <span class="countdown-clock">{ countdown(remaining, lang) }</span>
                    } else {
                        <span class="countdown-label">{ t.emitted }</span>
                    }
                </p>
            </div>
            { beacon_block(t, lang, state, on_fetch, paste_ref) }
            if state.checked.is_some() {
                { seed_block(t, state) }
                if state.bundle.is_none() {
                    <p>
                        <button class="button ceremony-draw-button" data-testid="ceremony-draw" onclick={on_draw.reform(|_: MouseEvent| ())} disabled={state.drawing}>
                            { if state.drawing { t.drawing } else { t.draw } }
                        </button>
                    </p>
                    <p class="ceremony-note">{ t.main_thread_note }</p>
                    { error_line(lang, &state.draw_error) }
                }
            }
            { reveal_block(t, state) }
            if let Some(bundle) = state.bundle.clone().filter(|_| state.revealed >= state.reveal_total()) {
                <ExportPanel {lang} {bundle} format2={state.format2.clone()} />
            }
        </>
    }
}

/// Draws, and keeps the draw with the project's commitment it was made of. A
/// commitment the project has drawn before is drawn with the randomness kept then.
fn on_draw(state: &Ceremony, org: Option<Org>) -> Callback<()> {
    let dispatch = state.dispatcher();
    let input = state.input();
    let value = state.checked.as_ref().map(|c| c.value.clone());
    let snapshot = (**state).clone();
    Callback::from(move |_: ()| {
        let (Some(input), Some(value)) = (input.clone(), value.clone()) else {
            return;
        };
        let hash = input.commitment.commitment.clone();
        let kept = org.as_ref().and_then(|o| o.kept_draw(&hash).cloned());
        let project = org.as_ref().map(|o| o.dispatcher());
        dispatch.dispatch(CeremonyAction::Drawing);
        let (dispatch, snapshot) = (dispatch.clone(), snapshot.clone());
        yew::platform::spawn_local(async move {
            // Lets "drawing…" paint before the computation holds the page.
            yew::platform::time::sleep(std::time::Duration::from_millis(30)).await;
            let fresh = crate::browser::random::random_bytes::<{ fairdraw::timelock::RANDOMNESS_LEN }>;
            let drawn = ceremony::draw_randomness(&input, kept.as_ref(), fresh)
                .and_then(|randomness| ceremony::run_draw(input, value, &randomness).map(|d| (d, randomness)));
            match drawn {
                Ok((drawn, randomness)) => {
                    if let (Some(project), Some(kept)) = (project, snapshot.kept_draw(&randomness)) {
                        project.dispatch(Action::Drew { commitment: hash, kept: Box::new(kept) });
                    }
                    dispatch.dispatch(CeremonyAction::Drawn(Ok(drawn)));
                }
                Err(e) => dispatch.dispatch(CeremonyAction::Drawn(Err(e))),
            }
        });
    })
}

/// The beacon value typed or pasted in by hand.
fn on_paste(lang: Lang, state: &Ceremony, paste_ref: NodeRef) -> Callback<SubmitEvent> {
    let dispatch = state.dispatcher();
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        if let Some(text) = fields::node_value(&paste_ref) {
            if !text.trim().is_empty() {
                dispatch.dispatch(CeremonyAction::Beacon { text, source: pick(lang, "粘贴", "pasted") });
            }
        }
    })
}

/// The beacon value from a file saved on a computer that was online.
fn on_beacon_file(state: &Ceremony) -> Callback<Event> {
    let dispatch = state.dispatcher();
    Callback::from(move |event: Event| {
        let dispatch = dispatch.clone();
        if let Some(file) = files::take_first_chosen(&event) {
            yew::platform::spawn_local(async move {
                match verifier::read_file_text(&file).await {
                    Ok(text) => dispatch.dispatch(CeremonyAction::Beacon { text, source: file.name() }),
                    Err(e) => dispatch.dispatch(CeremonyAction::FetchStatus {
                        run: 0,
                        status: BeaconStatus::Invalid { zh: e.zh, en: e.en },
                    }),
                }
            });
        }
    })
}

fn beacon_block(t: &CeremonyTexts, lang: Lang, state: &Ceremony, on_fetch: Callback<()>, paste_ref: NodeRef) -> Html {
    let verified = state.checked.is_some();
    let fetching = matches!(state.beacon, BeaconStatus::Fetching { .. });
    let status = match &state.beacon {
        BeaconStatus::Waiting => html! { { t.status_waiting } },
        BeaconStatus::Fetching { relay, index, of } => {
            let (n, of) = ((index + 1).to_string(), of.to_string());
            html! { { fill(t.status_fetching, &[("relay", relay), ("n", &n), ("of", &of)]) } }
        }
        BeaconStatus::NotYet { emission } => html! { { fill(t.status_not_yet, &[("time", &china_time(*emission))]) } },
        BeaconStatus::Verified { source } => {
            let view = state.checked.as_ref();
            let round = view.map(|v| v.round.to_string()).unwrap_or_default();
            let chain = view.map(|v| v.chain.clone()).unwrap_or_default();
            html! {
                <>
                    <strong>{ fill(t.status_verified, &[("chain", &chain), ("round", &round)]) }</strong>
                    <span class="ceremony-source">{ t.source }{ "：" }{ source }</span>
                </>
            }
        }
        BeaconStatus::Invalid { zh, en } => html! { <><strong>{ t.status_invalid }</strong>{ " " }<span data-testid="beacon-reason">{ pick(lang, zh, en) }</span></> },
        BeaconStatus::Failed { zh, en } => html! { <span data-testid="beacon-reason">{ pick(lang, zh, en) }</span> },
    };
    html! {
        <div class="ceremony-beacon">
            <p class={classes!("beacon-status", format!("beacon-{}", state.beacon.code()))} data-testid="beacon-status" data-state={state.beacon.code()} role="status" aria-live="polite">
                { status }
            </p>
            if !verified {
                <p>
                    <button class="button ceremony-fetch-button" data-testid="ceremony-fetch" onclick={on_fetch.reform(|_: MouseEvent| ())} disabled={fetching}>{ t.fetch }</button>
                </p>
                <form class="ceremony-paste" onsubmit={on_paste(lang, state, paste_ref.clone())}>
                    <label for="ceremony-paste">{ t.paste_label }</label>
                    <textarea id="ceremony-paste" ref={paste_ref} rows="3" spellcheck="false" data-testid="ceremony-paste" />
                    <button type="submit" class="button" data-testid="ceremony-paste-submit">{ t.paste_submit }</button>
                </form>
                <p>
                    <label class="button file-button">
                        { t.upload_label }
                        <input type="file" accept=".json,application/json" class="visually-hidden" data-testid="ceremony-beacon-file" onchange={on_beacon_file(state)} />
                    </label>
                </p>
                <p class="ceremony-note">{ t.transport_note }</p>
            }
        </div>
    }
}

fn seed_block(t: &CeremonyTexts, state: &CeremonyState) -> Html {
    let Some(view) = state.checked.as_ref() else {
        return Html::default();
    };
    let round = view.round.to_string();
    let rows: [(&str, &str); 5] = [
        (t.randomness, &view.randomness),
        (t.commitment_hash, &view.commitment),
        (t.chain_hash, &view.chain_hash),
        (t.round, &round),
        (t.seed, &view.seed),
    ];
    html! {
        <div class="ceremony-seed" data-testid="ceremony-seed">
            <h2>{ t.seed_heading }</h2>
            <p class="ceremony-formula"><code>{ t.seed_formula }</code></p>
            <dl>
                { for rows.iter().map(|(k, v)| html! { <><dt>{ *k }</dt><dd><code class="hex">{ *v }</code></dd></> }) }
            </dl>
        </div>
    }
}

/// The address of the verification of what gets published (format 2's public
/// document, format 1's bundle) and its QR code as a data URI: on the department's
/// public site once its address is known (so that viewers of a livestream can open
/// it), else on this page's own.
fn verify_link_and_qr(state: &CeremonyState, bundle: &fairdraw::protocol::Bundle) -> (String, Option<String>) {
    let published = match &state.format2 {
        Some(_) => ceremony::document_file_name(&bundle.commitment, "public", "json"),
        None => ceremony::bundle_file_name(&bundle.commitment),
    };
    let base = crate::publishing::public_base().unwrap_or_else(stage::site_base);
    let link = fairdraw::publication::verify_link(&base, &published);
    let qr = fairdraw::qr::qr_svg(&link).map(|svg| format!("data:image/svg+xml,{}", crate::route::percent_encode(&svg))).ok();
    (link, qr)
}

fn reveal_block(t: &CeremonyTexts, state: &Ceremony) -> Html {
    let Some(bundle) = state.bundle.as_ref() else {
        return Html::default();
    };
    let on_skip = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(CeremonyAction::RevealAll))
    };
    let on_download = {
        let bundle = bundle.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(text) = serde_json::to_string_pretty(bundle.as_ref()) {
                files::download(&ceremony::bundle_file_name(&bundle.commitment), "application/json", &(text + "\n"));
            }
        })
    };
    let items = ceremony::reveal_items(bundle);
    let done = state.revealed >= items.len();
    let (link, qr) = verify_link_and_qr(state, bundle);
    let downloads = state.format2.as_ref().map(|documents| {
        let buttons = documents.files().into_iter().map(|(testid, name, mime, text)| {
            let label = t.download_document(testid);
            let onclick = Callback::from(move |_: MouseEvent| {
                files::download(&name, mime, &text);
            });
            html! {
                <li><button class="button ceremony-download-button" data-testid={testid} {onclick}>{ label.0 }</button><span class="ceremony-note">{ label.1 }</span></li>
            }
        });
        html! { <ul class="ceremony-downloads">{ for buttons }</ul> }
    });
    html! {
        <div class="ceremony-result">
            <h2>{ t.result_heading }</h2>
            if items.is_empty() {
                <p>{ t.none_selected }</p>
            }
            <ol id={REVEAL_LIST_ID} class="reveal-list">
                { for items.iter().take(state.revealed).map(|item| html! {
                    <li class="reveal-item" data-testid="reveal-item" data-id={item.id.clone()} data-census={item.census.to_string()}>
                        <span class="reveal-task">{ &item.task }</span>
                        <span class="reveal-name">
                            { &item.name }
                            if item.census { <span class="census-mark">{ t.census }</span> }
                        </span>
                        <span class="reveal-id">{ &item.id }</span>
                        <span class="reveal-team">{ t.team }{ "：" }{ item.team.join("、") }</span>
                    </li>
                }) }
            </ol>
            if !done {
                <p><button class="button" data-testid="reveal-skip" onclick={on_skip}>{ t.skip }</button></p>
            } else {
                <div class="ceremony-end">
                    if let Some(src) = qr {
                        <figure class="ceremony-qr">
                            <img src={src} alt={link.clone()} data-testid="ceremony-qr" />
                            <figcaption>
                                <strong>{ t.qr_heading }</strong>
                                <span>{ t.qr_note }</span>
                                <code class="ceremony-link">{ link.clone() }</code>
                            </figcaption>
                        </figure>
                    }
                    if let Some(downloads) = downloads {
                        { downloads }
                    } else {
                        <p>
                            <button class="button ceremony-download-button" data-testid="ceremony-download" onclick={on_download}>{ t.download }</button>
                        </p>
                        <p class="ceremony-note">{ t.download_note }</p>
                    }
                </div>
            }
        </div>
    }
}
