use std::cell::{Cell, RefCell};
use std::rc::Rc;

use fairdraw::verify::{check_text_for, Check, Lookup, Report};
use yew::prelude::*;

use super::step::StepSection;
use super::ViewProps;
use crate::browser::verifier::{self, BuildInfo, Reply, Verifier};
use crate::browser::{fields, files, timers};
use crate::i18n::verify::{verify_texts, VerifyTexts};
use crate::route::Page;
use crate::i18n::fill;
use crate::state::Lang;
use crate::verification::{
    self, human_size, visible_rows, LookupPhase, Outcome, Phase, ResultView, SortKey, Source, TaskView, VerifyAction,
    VerifyState, CHECK_IDS, ROW_LIMIT,
};

/// The query parameter naming the published files to check, as linked from a notice.
pub const BUNDLE_PARAM: &str = "bundle";
/// `&id=…&key=…`: a firm's QR code asks for its own outcome once the document verifies.
pub const ID_PARAM: &str = "id";
pub const KEY_PARAM: &str = "key";

/// Where the text of a bundle comes from.
enum Input {
    Text(String),
    File(files::File),
    Url(String),
}

/// What starting a verification needs, cloned into event handlers.
#[derive(Clone)]
struct Runner {
    state: UseReducerDispatcher<VerifyState>,
    verifier: Rc<Verifier>,
    runs: Rc<Cell<u32>>,
    started: Rc<Cell<f64>>,
    /// Time-stamping roots the visitor added (hex DER), trusted for this visit.
    roots: Rc<RefCell<Vec<String>>>,
}

impl Runner {
    fn start(&self, source: Source, input: Input) {
        let run = self.runs.get().wrapping_add(1);
        self.runs.set(run);
        self.state.dispatch(VerifyAction::Start { run, source });
        let me = self.clone();
        yew::platform::spawn_local(async move {
            let bytes = match input {
                Input::Text(text) => Ok(text.into_bytes()),
                Input::File(file) => match verification::too_large_for_page(verifier::file_size(&file)) {
                    Some(outcome) => return me.state.dispatch(VerifyAction::Done { run, outcome: Rc::new(outcome), millis: 0 }),
                    None => verifier::read_file(&file).await,
                },
                Input::Url(url) => {
                    let state = me.state.clone();
                    verifier::fetch_bytes(&url, move |received, total| state.dispatch(VerifyAction::Received { run, received, total })).await
                }
            };
            let bytes = match bytes {
                Ok(b) => {
                    let by_browser = verifier::inflate_gzip(&b, fairdraw::read::MAX_BYTES_BROWSER).await;
                    Ok(verification::gunzip_for_page(b, by_browser))
                }
                Err(e) => Err(e),
            };
            // Decoded by the verifier, which reports bytes that are not text.
            let document = match bytes {
                Ok(Ok(document)) => document,
                Ok(Err(outcome)) => return me.state.dispatch(VerifyAction::Done { run, outcome: Rc::new(outcome), millis: 0 }),
                Err(e) => return me.state.dispatch(VerifyAction::Failed { run, zh: e.zh, en: e.en }),
            };
            me.state.dispatch(VerifyAction::Verifying { run, bytes: document.len() });
            me.started.set(timers::now_millis());
            let roots = me.roots.borrow().join("\n");
            me.verifier.verify(run, document, roots);
        });
    }
}

fn on_reply(state: UseReducerDispatcher<VerifyState>, started: Rc<Cell<f64>>) -> impl Fn(Reply) {
    move |reply| match reply {
        Reply::Verified { run, json } => match serde_json::from_str::<Outcome>(&json) {
            Ok(outcome) => {
                let millis = (timers::now_millis() - started.get()).max(0.0) as u64;
                state.dispatch(VerifyAction::Done { run, outcome: Rc::new(outcome), millis });
            }
            Err(e) => state.dispatch(VerifyAction::Failed {
                run,
                zh: format!("核验程序的回答无法读取：{e}"),
                en: format!("the verifier's answer cannot be read: {e}"),
            }),
        },
        Reply::Checked { run, check } => {
            if let Some(check) = fairdraw::verify::CheckId::ALL.into_iter().find(|c| c.as_str() == check) {
                state.dispatch(VerifyAction::Checked { run, check });
            }
        }
        Reply::Looked { run, json } => {
            if let Ok(Some(answer)) = serde_json::from_str::<Option<Lookup>>(&json) {
                state.dispatch(VerifyAction::LookupAnswered { run, answer: Rc::new(answer) });
            }
        }
        Reply::Crashed { run, message } => state.dispatch(VerifyAction::Failed {
            run,
            zh: format!("核验程序出错：{message}（文件可能过大，请换用内存更多的电脑或命令行工具 fairdraw verify）"),
            en: format!("the verifier failed: {message} (the file may be too large; try a computer with more memory or the fairdraw verify command)"),
        }),
    }
}

#[function_component(VerifySection)]
pub fn verify_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    let state = use_reducer(VerifyState::default);
    let runs = use_memo((), |_| Cell::new(0u32));
    let started = use_memo((), |_| Cell::new(0f64));
    let verifier = {
        let dispatcher = state.dispatcher();
        let started = started.clone();
        use_memo((), move |_| Verifier::new(verification::answer_here, on_reply(dispatcher, started)))
    };
    let roots = use_memo((), |_| RefCell::new(Vec::new()));
    let runner = Runner { state: state.dispatcher(), verifier: verifier.clone(), runs, started, roots };
    let build = use_state(|| None::<Option<BuildInfo>>);
    {
        let build = build.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move { build.set(Some(verifier::build_info().await)) });
        });
    }

    // `#/verify?bundle=URL`: a notice or QR code links straight to a verification.
    let given = props.route.param(BUNDLE_PARAM).map(str::trim).filter(|b| !b.is_empty()).map(str::to_string);
    {
        let runner = runner.clone();
        use_effect_with(given.clone(), move |given| {
            if let Some(given) = given {
                match verification::bundle_url(given, &verifier::page_url()) {
                    Some(url) => runner.start(Source::Url(given.clone()), Input::Url(url)),
                    None => {
                        let run = runner.runs.get().wrapping_add(1);
                        runner.runs.set(run);
                        runner.state.dispatch(VerifyAction::Start { run, source: Source::Url(given.clone()) });
                        runner.state.dispatch(VerifyAction::Failed {
                            run,
                            zh: format!("“{given}”不是可以下载的网址（应以 http:// 或 https:// 开头，或是本网站内的路径）"),
                            en: format!("“{given}” is not an address that can be downloaded (http://, https:// or a path on this site)"),
                        });
                    }
                }
            }
        });
    }

    // A firm's QR code (its 检查通知书) names the firm and its 核验码: once the
    // document is verified, look it up as if typed.
    let asked_firm = props.route.param(ID_PARAM).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let asked_key = props.route.param(KEY_PARAM).map(str::trim).unwrap_or_default().to_string();
    {
        let runner = runner.clone();
        let ready = state.outcome().is_some_and(|o| o.view.is_some()) && state.lookup == LookupPhase::None;
        let run = state.run;
        use_effect_with((ready, run, asked_firm.clone()), move |(ready, run, firm)| {
            if let (true, Some(firm)) = (*ready, firm) {
                runner.state.dispatch(VerifyAction::LookupAsked(firm.clone()));
                runner.verifier.lookup(*run, verification::lookup_query(firm, &asked_key));
            }
        });
    }

    let t = verify_texts(lang);
    let load = html! { <LoadPanel {lang} runner={RunnerProp(runner.clone())} busy={state.busy()} given={given.clone()} /> };
    // Opened from a link (a notice, a QR code): the verdict is what the visitor came
    // for, so it comes first and the ways to load another file are folded away.
    let (load_first, load_folded) = match given {
        Some(_) => (Html::default(), html! {
            <details class="verify-load-folded" data-testid="load-folded">
                <summary>{ t.load_another }</summary>
                { load }
            </details>
        }),
        None => (load, Html::default()),
    };
    html! {
        <StepSection {lang} page={Page::Verify}>
            { load_first }
            { progress(lang, &state) }
            if let Some(outcome) = state.outcome() {
                <VerdictView {lang} outcome={outcome.clone()} millis={match &state.phase { Phase::Done { millis, .. } => *millis, _ => 0 }} source={match &state.phase { Phase::Done { source, .. } => source_key(source), _ => String::new() }} from_url={match &state.phase { Phase::Done { source: Source::Url(url), .. } => Some(url.clone()), _ => None }} />
                if outcome.view.is_some() {
                    <LookupPanel {lang} runner={RunnerProp(runner.clone())} state={state.clone()} invalid={verification::verdict(&outcome.report) == "invalid"} public={outcome.report.document == "public"} rehearsal={outcome.report.verdict == fairdraw::verify::Verdict::Rehearsal} />
                }
                if let Some(view) = outcome.view.as_ref() {
                    <ResultPanel {lang} report={outcome.report.clone()} view={Rc::new(view.clone())} state={state.clone()} />
                }
            }
            { load_folded }
            <TrustPanel {lang} build={(*build).clone()} />
        </StepSection>
    }
}

/// Handlers compare as always equal: the runner never changes for a mounted page.
#[derive(Clone)]
struct RunnerProp(Runner);

impl PartialEq for RunnerProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0.verifier, &other.0.verifier)
    }
}

fn progress(lang: Lang, state: &VerifyState) -> Html {
    let t = verify_texts(lang);
    match &state.phase {
        Phase::Loading { source, received, total } => {
            let percent = verification::percent_of(*received, *total);
            html! {
                <div class="verify-progress" data-testid="verify-progress" data-stage="loading" role="status"
                     data-received={received.to_string()} data-total={total.map(|t| t.to_string()).unwrap_or_default()}>
                    <p>
                        { if matches!(source, Source::Url(_)) { t.downloading } else { t.reading } }
                        if *received > 0 {
                            <span class="verify-received" data-testid="verify-received">{ " " }{ verification::received_words(*received, *total) }</span>
                        }
                    </p>
                    { match percent {
                        Some(p) => html! { <progress max="100" value={p.to_string()} /> },
                        None => html! { <progress /> },
                    } }
                </div>
            }
        }
        Phase::Verifying { bytes, done, .. } => {
            // The checks in the report's order: those made, then the one running.
            let running = fairdraw::verify::CheckId::ALL.into_iter().find(|c| !done.contains(c));
            html! {
                <div class="verify-progress" data-testid="verify-progress" data-stage="verifying" role="status">
                    <p>{ fill(t.verifying, &[("size", &human_size(*bytes))]) }</p>
                    <progress max={fairdraw::verify::CheckId::ALL.len().to_string()} value={done.len().to_string()} />
                    if let Some(running) = running.filter(|_| !done.is_empty()) {
                        <p class="verify-step" data-testid="verify-step" data-check={running.as_str()} data-done={done.len().to_string()}>
                            { fill(t.verifying_step, &[("check", pick(lang, fairdraw::verify::check_text(running)[0])), ("n", &(done.len() + 1).to_string()), ("of", &fairdraw::verify::CheckId::ALL.len().to_string())]) }
                        </p>
                    }
                </div>
            }
        }
        Phase::Failed { zh, en, source } => html! {
            <div class="verify-load-error" data-testid="verify-load-error" role="alert">
                <h2>{ t.load_failed }</h2>
                <p>{ source_line(t, source) }</p>
                <p class="wrap-anywhere">{ if lang == Lang::Zh { zh.clone() } else { en.clone() } }</p>
            </div>
        },
        _ => Html::default(),
    }
}

fn source_key(source: &Source) -> String {
    match source {
        Source::File(name) => name.clone(),
        Source::Pasted => "paste".to_string(),
        Source::Url(url) => url.clone(),
    }
}

fn source_line(t: &VerifyTexts, source: &Source) -> String {
    match source {
        Source::File(name) => format!("{}{name}", t.from_file),
        Source::Pasted => t.from_paste.to_string(),
        Source::Url(url) => format!("{}{url}", t.from_url),
    }
}

#[derive(Properties, PartialEq)]
struct LoadProps {
    lang: Lang,
    runner: RunnerProp,
    busy: bool,
    given: Option<String>,
}

/// Opens the bundle at the address typed in `url`, through the page's own address
/// so the page can be bookmarked or shared as it is.
fn on_url(url: NodeRef) -> Callback<SubmitEvent> {
    Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        if let Some(value) = fields::node_value(&url) {
            if !value.trim().is_empty() {
                let route = crate::route::Route::new(Page::Verify).with(BUNDLE_PARAM, value.trim());
                crate::browser::set_hash(&crate::route::format(&route));
            }
        }
    })
}

#[function_component(LoadPanel)]
fn load_panel(props: &LoadProps) -> Html {
    let t = verify_texts(props.lang);
    let paste = use_node_ref();
    let url = use_node_ref();
    let dragging = use_state(|| false);
    let runner = props.runner.0.clone();

    let on_file = {
        let runner = runner.clone();
        Callback::from(move |event: Event| {
            // The choice is cleared, so choosing the same file again (after editing it) verifies again.
            if let Some(file) = files::take_first_chosen(&event) {
                runner.start(Source::File(file.name()), Input::File(file));
            }
        })
    };
    let on_drop = {
        let runner = runner.clone();
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            if let Some(file) = files::dropped(&event) {
                runner.start(Source::File(file.name()), Input::File(file));
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Without this the browser opens the dropped file instead.
            event.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_paste = {
        let runner = runner.clone();
        let paste = paste.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(text) = fields::node_value(&paste) {
                if !text.trim().is_empty() {
                    runner.start(Source::Pasted, Input::Text(text));
                }
            }
        })
    };
    html! {
        <div class="verify-load no-print">
            <h2>{ t.load_heading }</h2>
            <div
                class={classes!("dropzone", dragging.then_some("dragging"))}
                data-testid="verify-dropzone"
                ondrop={on_drop}
                ondragover={on_drag_over}
                ondragleave={on_drag_leave}
            >
                <p>
                    { t.drop_hint }{ " " }
                    <label class="button file-button">
                        { t.choose_file }
                        <input type="file" accept=".json,.gz,application/json,application/gzip" data-testid="verify-file" onchange={on_file} class="visually-hidden" />
                    </label>
                </p>
            </div>
            <form class="verify-paste" onsubmit={on_paste}>
                <label for="verify-paste">{ t.paste_label }</label>
                <textarea id="verify-paste" ref={paste} rows="4" spellcheck="false" placeholder={t.paste_placeholder} data-testid="verify-paste" />
                <button type="submit" class="button" data-testid="verify-paste-submit" disabled={props.busy}>{ t.paste_submit }</button>
            </form>
            <form class="verify-url" onsubmit={on_url(url.clone())}>
                <label for="verify-url">{ t.url_label }</label>
                <input id="verify-url" ref={url} type="url" inputmode="url" spellcheck="false" value={props.given.clone().unwrap_or_default()} placeholder="https://…/bundle.json" data-testid="verify-url" />
                <button type="submit" class="button" data-testid="verify-url-submit" disabled={props.busy}>{ t.url_submit }</button>
            </form>
            <p class="verify-local-note">{ t.local_note }</p>
            <TrustRoots lang={props.lang} roots={runner.roots.clone()} />
        </div>
    }
}

#[derive(Properties)]
struct TrustRootsProps {
    lang: Lang,
    roots: Rc<RefCell<Vec<String>>>,
}

impl PartialEq for TrustRootsProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang && Rc::ptr_eq(&self.roots, &other.roots)
    }
}

/// `--trust-tsa` on the page: root certificates of further time-stamping
/// authorities, trusted for the verifications of this visit only.
#[function_component(TrustRoots)]
fn trust_roots(props: &TrustRootsProps) -> Html {
    let t = verify_texts(props.lang);
    let added = use_state(Vec::<Result<String, String>>::new);
    let on_root = {
        let (added, roots) = (added.clone(), props.roots.clone());
        Callback::from(move |event: Event| {
            let Some(file) = files::take_first_chosen(&event) else { return };
            let (added, roots) = (added.clone(), roots.clone());
            yew::platform::spawn_local(async move {
                let name = file.name();
                let der = files::read_bytes(&file).await.and_then(|b| fairdraw::witness::certificate_der(&b));
                let mut shown = (*added).clone();
                match der {
                    Some(der) => {
                        roots.borrow_mut().push(fairdraw::hashing::hex(&der));
                        shown.push(Ok(name));
                    }
                    None => shown.push(Err(name)),
                }
                added.set(shown);
            });
        })
    };
    let items = added.iter().map(|a| match a {
        Ok(name) => html! { <li data-testid="verify-trusted">{ fill(t.trust_added, &[("name", name)]) }</li> },
        Err(name) => html! { <li class="error" role="alert" data-testid="verify-trust-error">{ fill(t.trust_unreadable, &[("name", name)]) }</li> },
    });
    html! {
        <details class="verify-trust" data-testid="verify-trust">
            <summary>{ t.trust_summary }</summary>
            <p>{ t.trust_note }</p>
            <label class="button file-button">
                { t.trust_choose }
                <input type="file" accept=".pem,.crt,.cer,.der" data-testid="verify-trust-tsa" onchange={on_root} class="visually-hidden" />
            </label>
            <ul>{ for items }</ul>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct VerdictProps {
    lang: Lang,
    outcome: Rc<Outcome>,
    millis: u64,
    /// Which file this verdict is about: its name, its address or `paste`.
    source: String,
    /// The address the document was downloaded from, when it was: its 公示 index
    /// is beside it.
    from_url: Option<String>,
}

fn pick(lang: Lang, pair: (&'static str, &'static str)) -> &'static str {
    match lang {
        Lang::Zh => pair.0,
        Lang::En => pair.1,
    }
}

/// An RFC 3339 time shown as Beijing time and UTC, or as written when it cannot be read.
fn both_times(text: &str) -> String {
    match fairdraw::time::parse_rfc3339(text) {
        Ok(unix) => format!("{}（UTC {}）", fairdraw::time::format_china(unix), fairdraw::time::format_utc(unix)),
        Err(_) => text.to_string(),
    }
}

#[function_component(VerdictView)]
fn verdict_view(props: &VerdictProps) -> Html {
    let lang = props.lang;
    let t = verify_texts(lang);
    let report = &props.outcome.report;
    let verdict = verification::verdict(report);
    let failed: Vec<&str> =
        report.checks.iter().filter(|c| !c.ok).map(|c| pick(lang, check_text_for(&report.document, c.id)[0])).collect();
    let (title, body) = match verdict {
        "valid" if !report.witnessed => (t.verdict_valid_conditional, html! { { t.verdict_valid_body } }),
        "valid" => (t.verdict_valid, html! { { t.verdict_valid_body } }),
        "rehearsal" => (t.verdict_rehearsal, html! { { t.verdict_rehearsal_body } }),
        "sealed" => (t.verdict_sealed, sealed_body(lang, report)),
        "unreadable" => (t.verdict_unreadable, html! { { t.verdict_unreadable_body } }),
        _ => (t.verdict_invalid, html! { { fill(t.verdict_invalid_body, &[("checks", &failed.join(if lang == Lang::Zh { "、" } else { ", " }))]) } }),
    };
    let reason = report.reason.as_ref().map(|r| if lang == Lang::Zh { r.zh.clone() } else { r.en.clone() });
    let rows = CHECK_IDS.iter().map(|&id| check_row(lang, id, report.check(id), report));
    html! {
        <>
            <p class="print-only print-title">
                { t.print_title }
                if verdict == "rehearsal" { { format!("（{}）", t.rehearsal_mark) } }
            </p>
            <div class={classes!("verdict", format!("verdict-{verdict}"))} data-testid="verdict" data-verdict={verdict} data-witnessed={report.witnessed.to_string()} data-source={props.source.clone()} role="status" tabindex="-1">
                <h2>{ title }</h2>
                if let Some(reason) = reason {
                    <p class="verdict-reason" data-testid="verdict-reason"><strong>{ reason }</strong></p>
                }
                <p>{ body }</p>
                { checked_view(lang, report, verdict) }
            </div>
            // What the verdict rests on and where the file stands, below it, so that the
            // verdict itself fits a phone's first screen.
            <div class="verdict-more">
                { condition_view(lang, report, verdict) }
                if report.opens_round > 0 {
                    <p class="verdict-timelock" data-testid="verdict-timelock" data-round={report.opens_round.to_string()}>
                        { fill(t.sealed_opens, &[("round", &report.opens_round.to_string()), ("time", &crate::components::publication::china_time(&report.opens_at))]) }
                    </p>
                }
                if let Some(url) = props.from_url.clone().filter(|_| !report.commitment.is_empty()) {
                    <SiteListingView {lang} {url} commitment={report.commitment.clone()} />
                }
                if let Some(kind) = document_kind(lang, report) {
                    <p class="verdict-document" data-testid="verdict-document" data-document={report.document.clone()}>{ kind }</p>
                }
                if !report.reason_detail.is_empty() {
                    <p class="verdict-detail" data-testid="verdict-detail"><code>{ &report.reason_detail }</code></p>
                }
                <p class="verdict-meta no-print" data-millis={props.millis.to_string()}>{ fill(t.took, &[("ms", &props.millis.to_string())]) }</p>
            </div>
            if verdict != "unreadable" {
                <section class="checks no-print" aria-labelledby="checks-heading">
                    <h2 id="checks-heading">{ t.checks_heading }</h2>
                    <ol class="check-list">{ for rows }</ol>
                </section>
            }
            { summary(lang, report, verdict) }
        </>
    }
}

/// The sealed notice's sentence, with the hash the full result must have shortened
/// in place.
fn sealed_body(lang: Lang, report: &Report) -> Html {
    let t = verify_texts(lang);
    let text = fill(t.verdict_sealed_body, &[("date", &report.reveal_after)]);
    let (before, after) = text.split_once("{hash}").unwrap_or((text.as_str(), ""));
    html! { <>{ before.to_string() }<ShortHash {lang} full={report.sealed_result_sha256.clone()} />{ after.to_string() }</> }
}

/// What a passing verdict rests on, one line per check, in words for anyone; a check
/// that is not a plain pass says what it is instead.
fn checked_view(lang: Lang, report: &Report, verdict: &str) -> Html {
    let t = verify_texts(lang);
    if !matches!(verdict, "valid" | "rehearsal" | "sealed") {
        return Html::default();
    }
    let items = CHECK_IDS.iter().zip(t.checked).map(|(&id, words)| {
        let state = verification::CheckState::of(id, report.check(id), report);
        let words = match state {
            verification::CheckState::RehearsalTiming => t.checked_rehearsal_timing.to_string(),
            verification::CheckState::NotApplicable => format!("{words}：{}", t.checked_later),
            _ => words.to_string(),
        };
        html! {
            <li data-state={state.code()}><span class="check-mark" aria-hidden="true">{ state.mark() }</span>{ " " }{ words }</li>
        }
    });
    html! {
        <div class="verdict-checked" data-testid="verdict-checked">
            <p>{ t.checked_heading }</p>
            <ul>{ for items }</ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ShortHashProps {
    lang: Lang,
    full: String,
}

/// A 64-digit hash as its first and last 8 digits, enough to tell it from another
/// at a glance on a phone; the whole is in its title and one tap copies it.
#[function_component(ShortHash)]
fn short_hash(props: &ShortHashProps) -> Html {
    let t = verify_texts(props.lang);
    let copied = use_state(|| false);
    let onclick = {
        let (full, copied) = (props.full.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let (full, copied) = (full.clone(), copied.clone());
            yew::platform::spawn_local(async move { copied.set(crate::browser::copy_text(&full).await) });
        })
    };
    html! {
        <span class="short-hash" data-testid="short-hash" data-full={props.full.clone()} title={props.full.clone()}>
            <code class="no-print">{ verification::shorten_hash(&props.full) }</code>
            <code class="print-inline">{ &props.full }</code>
            <button type="button" class="link-button copy-button no-print" {onclick}>{ if *copied { t.copied } else { t.copy } }</button>
        </span>
    }
}

/// The condition a passing verdict rests on, first and in words, with the commitment
/// hash large enough to compare against the department's notice; or who witnessed it.
fn condition_view(lang: Lang, report: &Report, verdict: &str) -> Html {
    let t = verify_texts(lang);
    if !matches!(verdict, "valid" | "rehearsal" | "sealed") {
        return Html::default();
    }
    if report.witnessed {
        return html! {
            <ul class="verdict-witnesses" data-testid="verdict-witnesses">
                { for report.witnesses.iter().map(|w| html! {
                    <li data-added-root={w.added_root.to_string()}>
                        { fill(t.witnessed_by, &[("who", &w.authority), ("time", &w.time)]) }
                        { if w.added_root { t.witness_added_root } else { "" } }
                    </li>
                }) }
            </ul>
        };
    }
    let Some(condition) = &report.condition else { return Html::default() };
    html! {
        <div class="verdict-condition" data-testid="verdict-condition">
            <p><strong>{ if lang == Lang::Zh { &condition.zh } else { &condition.en } }</strong></p>
            <p class="verdict-hash" data-testid="verdict-commitment"><ShortHash {lang} full={report.commitment.clone()} /></p>
            <p>{ t.compare_notice }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SiteListingProps {
    lang: Lang,
    /// The address the document was downloaded from.
    url: String,
    commitment: String,
}

/// What the 公示 folder a document came from says of its commitment: through the
/// split index (its lookup file, then one department's year), or the whole
/// `index.json` of a folder published before the index was split.
async fn site_listing(document_url: &str, commitment: &str) -> verification::SiteListing {
    use crate::browser::fetch::{get_text, Fetched};
    use fairdraw::publication::shards;
    const FETCH_MS: i32 = 30_000;
    let beside = |file: &str| verification::file_beside(document_url, file);
    let (Some(lookup), Some(root)) = (shards::lookup_file(commitment).and_then(|f| beside(&f)), beside(shards::ROOT_FILE)) else {
        return verification::SiteListing::NoIndex;
    };
    match get_text(&lookup, FETCH_MS).await {
        Fetched::Body(text) => {
            let file = serde_json::from_str::<shards::Lookup>(&text).ok().and_then(|l| l.shards.get(&commitment.to_ascii_lowercase()).cloned());
            let Some(shard) = file.and_then(|f| beside(&f)) else { return verification::SiteListing::NotListed };
            let text = match get_text(&shard, FETCH_MS).await {
                Fetched::Body(text) => Some(text),
                _ => None,
            };
            verification::site_listing_in_shard(text.as_deref(), commitment)
        }
        Fetched::Status(404) => match get_text(&root, FETCH_MS).await {
            Fetched::Body(_) => verification::SiteListing::NotListed,
            _ => {
                let index = verification::index_url_beside(document_url).unwrap_or_default();
                let text = crate::browser::fetch::fetch_text(&index).await.ok();
                verification::site_listing(text.as_deref(), commitment)
            }
        },
        _ => verification::SiteListing::NoIndex,
    }
}

/// Whether the 公示 site a document came from lists its commitment, and whether the
/// department's chain is complete up to it.
#[function_component(SiteListingView)]
fn site_listing_view(props: &SiteListingProps) -> Html {
    let listing = use_state(|| None::<verification::SiteListing>);
    {
        let listing = listing.clone();
        use_effect_with((props.url.clone(), props.commitment.clone()), move |(url, commitment)| {
            listing.set(None);
            if verification::index_url_beside(url).is_some() {
                let (listing, url, commitment) = (listing.clone(), url.clone(), commitment.clone());
                yew::platform::spawn_local(async move { listing.set(Some(site_listing(&url, &commitment).await)) });
            }
        });
    }
    let t = verify_texts(props.lang);
    let Some(found) = (*listing).clone() else { return Html::default() };
    let words = match &found {
        verification::SiteListing::Listed { sequence, chain_breaks } if chain_breaks.is_empty() => {
            fill(t.site_listed, &[("n", &sequence.to_string())])
        }
        verification::SiteListing::Listed { sequence, chain_breaks } => {
            let breaks: Vec<&String> = chain_breaks.iter().map(|(zh, en)| if props.lang == Lang::Zh { zh } else { en }).collect();
            format!("{}{}", fill(t.site_chain_broken, &[("n", &sequence.to_string())]), breaks.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("；"))
        }
        verification::SiteListing::NotListed => t.site_not_listed.to_string(),
        verification::SiteListing::NoIndex => t.site_no_index.to_string(),
    };
    html! { <p class="verdict-site" data-testid="verdict-site" data-listing={found.code()}>{ words }</p> }
}

/// Which of the three documents was verified, and what that kind proves.
fn document_kind(lang: Lang, report: &Report) -> Option<&'static str> {
    let t = verify_texts(lang);
    match report.document.as_str() {
        "auditor" => Some(t.document_auditor),
        "public" => Some(t.document_public),
        "sealed" => Some(t.document_sealed),
        _ => None,
    }
}

fn check_row(lang: Lang, id: fairdraw::verify::CheckId, check: Option<&Check>, report: &Report) -> Html {
    let t = verify_texts(lang);
    let [title, proves, not_proves] = check_text_for(&report.document, id);
    let ok = check.is_some_and(|c| c.ok);
    let state = verification::CheckState::of(id, check, report);
    let status = match state {
        verification::CheckState::Passed => t.passed,
        verification::CheckState::Failed => t.failed,
        verification::CheckState::NotApplicable => t.not_run_sealed,
        verification::CheckState::NotRun => t.state_not_run,
        verification::CheckState::Unreadable => t.not_run,
        verification::CheckState::Conditional => t.state_conditional,
        verification::CheckState::Witnessed => t.state_witnessed,
        verification::CheckState::RehearsalTiming => t.rehearsal_timing,
    };
    let details = check.map(|c| c.details.as_slice()).unwrap_or_default();
    let detail_label = if ok { t.found } else { t.differs };
    let proves = if state == verification::CheckState::RehearsalTiming { t.rehearsal_timing_proves } else { pick(lang, proves) };
    html! {
        <li class={classes!("check", state.class())} data-testid={format!("check-{id}")} data-ok={ok.to_string()} data-state={state.code()}>
            <h3>
                <span class="check-mark" aria-hidden="true">{ state.mark() }</span>
                { pick(lang, title) }
                <span class="check-status">{ status }</span>
            </h3>
            if id == fairdraw::verify::CheckId::Timing && !report.committed_at.is_empty() {
                <dl class="check-times">
                    <dt>{ t.committed_at }</dt><dd>{ both_times(&report.committed_at) }</dd>
                    <dt>{ t.emitted_at }</dt><dd>{ both_times(&report.emission_time) }</dd>
                </dl>
            }
            if !details.is_empty() {
                <div class="check-details" data-testid={format!("check-{id}-details")}>
                    <span class="check-details-label">{ detail_label }</span>
                    <ul>
                        { for details.iter().map(|d| html! { <li class="wrap-anywhere">{ if lang == Lang::Zh { &d.zh } else { &d.en } }</li> }) }
                    </ul>
                </div>
            }
            <p class="check-proves"><strong>{ t.proves }</strong>{ proves }</p>
            <p class="check-limits"><strong>{ t.does_not_prove }</strong>{ pick(lang, not_proves) }</p>
        </li>
    }
}

fn summary(lang: Lang, report: &Report, verdict: &str) -> Html {
    let t = verify_texts(lang);
    if report.commitment.is_empty() && report.plan_number.is_empty() {
        return Html::default();
    }
    html! {
        <section class="verify-summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="no-print">{ t.summary_heading }</h2>
            <dl class="summary-list" data-testid="verify-summary">
                <dt>{ t.plan }</dt>
                <dd>
                    <bdi>{ fairdraw::wellformed::visible(&format!("{} {}", report.plan_number, report.plan_name)).into_owned() }</bdi>
                    if verdict == "rehearsal" { <span class="rehearsal-mark">{ t.rehearsal_mark }</span> }
                </dd>
                <dt>{ t.department }</dt><dd>{ &report.department }</dd>
                <dt>{ t.beacon }</dt>
                <dd>{ fill(t.beacon_value, &[("chain", &report.chain), ("round", &report.round.to_string())]) }{ "，" }{ both_times(&report.emission_time) }</dd>
                <dt>{ t.commitment_hash }</dt><dd data-testid="verify-commitment"><ShortHash {lang} full={report.commitment.clone()} /></dd>
                if !report.seed.is_empty() {
                    <dt>{ t.seed }</dt><dd><ShortHash {lang} full={report.seed.clone()} /></dd>
                }
            </dl>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LookupProps {
    lang: Lang,
    runner: RunnerProp,
    state: UseReducerHandle<VerifyState>,
    /// Answers then come from a file that failed verification, and say so.
    invalid: bool,
    /// A format 2 public document: a firm it does not name needs its 核验码.
    public: bool,
    /// Answers come from a rehearsal, and say so.
    rehearsal: bool,
}

#[function_component(LookupPanel)]
fn lookup_panel(props: &LookupProps) -> Html {
    let lang = props.lang;
    let t = verify_texts(lang);
    let input = use_node_ref();
    let key_input = use_node_ref();
    let ask = {
        let key_input = key_input.clone();
        let runner = props.runner.0.clone();
        let run = props.state.run;
        Callback::from(move |query: String| {
            let key = fields::node_value(&key_input).unwrap_or_default();
            runner.state.dispatch(VerifyAction::LookupAsked(query.clone()));
            runner.verifier.lookup(run, verification::lookup_query(&query, &key));
        })
    };
    let on_submit = {
        let input = input.clone();
        let ask = ask.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = fields::node_value(&input) else { return };
            let query = field.trim().to_string();
            if !query.is_empty() {
                ask.emit(query);
            }
        })
    };
    // Choosing one of several firms a name fits: its code goes into the field and is asked.
    let on_pick = {
        let input = input.clone();
        Callback::from(move |id: String| {
            fields::set_node_value(&input, &id);
            ask.emit(id);
        })
    };
    let answer = match &props.state.lookup {
        LookupPhase::None => Html::default(),
        LookupPhase::Asking(_) => html! { <p role="status">{ t.lookup_asking }</p> },
        LookupPhase::Answer(answer) => html! {
            <>
                if props.rehearsal {
                    <p class="rehearsal-note" data-testid="lookup-rehearsal">{ t.lookup_rehearsal }</p>
                }
                { lookup_answer(lang, answer, &on_pick) }
            </>
        },
    };
    html! {
        <section class="lookup no-print" aria-labelledby="lookup-heading">
            <h2 id="lookup-heading">{ t.lookup_heading }</h2>
            <p>{ t.lookup_intro }</p>
            if props.invalid {
                <p class="result-warning">{ t.lookup_unverified }</p>
            }
            <form class="lookup-form" onsubmit={on_submit}>
                <label for="lookup-input" class="visually-hidden">{ t.lookup_label }</label>
                <input id="lookup-input" ref={input} type="search" spellcheck="false" autocomplete="off" placeholder={t.lookup_label} data-testid="lookup-input" />
                if props.public {
                    <label for="lookup-key" class="visually-hidden">{ t.lookup_key_label }</label>
                    <input id="lookup-key" ref={key_input} type="text" spellcheck="false" autocomplete="off" autocapitalize="characters" placeholder={t.lookup_key_label} data-testid="lookup-key" />
                }
                <button type="submit" class="button" data-testid="lookup-submit">{ t.lookup_submit }</button>
            </form>
            if props.public {
                <p class="lookup-hint">{ t.lookup_key_hint }</p>
            }
            <div aria-live="polite">{ answer }</div>
        </section>
    }
}

fn lookup_answer(lang: Lang, answer: &Lookup, on_pick: &Callback<String>) -> Html {
    let t = verify_texts(lang);
    let status = verification::lookup_status(answer);
    if !answer.candidates.is_empty() {
        let items = answer.candidates.iter().map(|c| {
            let pick = { let (on_pick, id) = (on_pick.clone(), c.id.clone()); Callback::from(move |_: MouseEvent| on_pick.emit(id.clone())) };
            html! {
                <li>
                    <button type="button" class="link-button" data-testid="lookup-candidate" data-id={c.id.clone()} onclick={pick}>
                        <bdi>{ fairdraw::wellformed::visible(&c.name).into_owned() }</bdi>{ " " }<code>{ &c.id }</code>
                    </button>
                </li>
            }
        });
        let more = (answer.candidates.len() >= fairdraw::verify::MAX_CANDIDATES).then(|| html! { <p>{ t.lookup_more }</p> });
        return html! {
            <div class={classes!("lookup-result", format!("lookup-{status}"))} data-testid="lookup-result" data-status={status}>
                <p>{ fill(t.lookup_choose, &[("n", &answer.candidates.len().to_string())]) }</p>
                <ul class="lookup-candidates">{ for items }</ul>
                { for more }
            </div>
        };
    }
    if !answer.found {
        let message = match (&answer.key_problem, &answer.id_problem) {
            (None, Some(_)) if verification::check_character_wrong(&answer.id) => fill(t.lookup_check_char, &[("id", &answer.id)]),
            (Some(p), _) | (None, Some(p)) => if lang == Lang::Zh { p.zh.clone() } else { p.en.clone() },
            (None, None) if answer.needs_key => fill(t.lookup_needs_key, &[("id", &answer.id)]),
            (None, None) => fill(t.lookup_not_found, &[("id", &answer.id)]),
        };
        return html! {
            <div class={classes!("lookup-result", format!("lookup-{status}"))} data-testid="lookup-result" data-status={status}
                 data-problem={verification::check_character_wrong(&answer.id).then_some("check-character")}>
                <p>{ message }</p>
            </div>
        };
    }
    let outcomes = answer.outcomes.iter().map(|o| {
        html! {
            <li class={classes!("lookup-outcome", format!("lookup-{}", o.status))} data-status={o.status.as_str()} data-task={o.task.clone()}>
                <h4>{ format!("{} {} {}：", t.task, o.task, o.task_name) }<strong>{ t.status(o.status.as_str()) }</strong></h4>
                if o.rank > 0 {
                    <p class="firm-rank" data-testid="firm-rank" data-rank={o.rank.to_string()} data-size={o.stratum_size.to_string()} data-count={o.stratum_count.to_string()}>
                        { rank_words(t, o) }
                    </p>
                } else {
                    <p>{ if lang == Lang::Zh { &o.reason_zh } else { &o.reason_en } }</p>
                }
                if !o.ticket.is_empty() {
                    <dl>
                        <dt>{ t.col_stratum }</dt><dd>{ format!("{}（{} / {}）", o.stratum, o.stratum_count, o.stratum_size) }</dd>
                        if !o.team.is_empty() {
                            <dt>{ t.lookup_team }</dt>
                            <dd data-testid="lookup-team" data-group={o.group.to_string()}>{ team_text(t, o) }</dd>
                        }
                        if !o.items.is_empty() {
                            <dt>{ t.lookup_items }</dt><dd>{ o.items.join("、") }</dd>
                        }
                    </dl>
                    // The numbers behind the rank, for whoever wants to compare them.
                    <details class="lookup-hex" data-testid="lookup-hex" data-rank={o.rank.to_string()}>
                        <summary>{ t.lookup_hex }</summary>
                        <dl>
                            <dt>{ t.lookup_ticket }</dt><dd><code class="wrap-anywhere">{ &o.ticket }</code></dd>
                            <dt>{ t.col_cutoff }</dt><dd><code class="wrap-anywhere">{ if o.cutoff.is_empty() { "—" } else { &o.cutoff } }</code></dd>
                        </dl>
                    </details>
                }
            </li>
        }
    });
    html! {
        <div class={classes!("lookup-result", format!("lookup-{status}"))} data-testid="lookup-result" data-status={status}>
            <h3>{ format!("{} {}", answer.name, answer.id) }</h3>
            <ul class="lookup-outcomes">{ for outcomes }</ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ResultProps {
    lang: Lang,
    report: Report,
    view: Rc<ResultView>,
    state: UseReducerHandle<VerifyState>,
}

#[function_component(ResultPanel)]
fn result_panel(props: &ResultProps) -> Html {
    let lang = props.lang;
    let t = verify_texts(lang);
    let state = &props.state;
    let on_search = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: InputEvent| {
            dispatcher.dispatch(VerifyAction::Search(fields::target_value(&event)));
        })
    };
    let on_csv = {
        let view = props.view.clone();
        let name = verification::csv_file_name(&props.report.plan_number, props.view.rehearsal);
        Callback::from(move |_: MouseEvent| {
            files::download(&name, "text/csv;charset=utf-8", &verification::csv(&view, lang));
        })
    };
    let on_print = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            // The notice lists every firm, not only the first page of rows.
            dispatcher.dispatch(VerifyAction::ShowAll);
            yew::platform::spawn_local(async {
                yew::platform::time::sleep(std::time::Duration::from_millis(100)).await;
                crate::browser::print();
            });
        })
    };
    let invalid = verification::verdict(&props.report) == "invalid";
    html! {
        <section class="verify-result" aria-labelledby="result-heading">
            <h2 id="result-heading">{ t.result_heading }</h2>
            if invalid {
                <p class="result-warning" data-testid="result-unverified">{ t.result_unverified }</p>
            }
            <div class="result-controls no-print">
                <label for="result-search">{ t.search_label }</label>
                <input id="result-search" type="search" value={state.search.clone()} oninput={on_search} placeholder={t.search_placeholder} data-testid="result-search" />
                <button type="button" class="button" onclick={on_csv} data-testid="export-csv">{ t.export_csv }</button>
                <button type="button" class="button" onclick={on_print} data-testid="print-button">{ t.print }</button>
            </div>
            { for props.view.tasks.iter().map(|task| task_view(lang, task, state)) }
        </section>
    }
}

fn sort_header(label: &'static str, key: SortKey, state: &UseReducerHandle<VerifyState>, testid: &'static str) -> Html {
    let sort = state.sort;
    let aria = if sort.key == key {
        if sort.descending { "descending" } else { "ascending" }
    } else {
        "none"
    };
    let arrow = match aria {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    };
    let onclick = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(VerifyAction::SortBy(key)))
    };
    html! {
        <th scope="col" aria-sort={aria}>
            <button type="button" class="sort-button" {onclick} data-testid={testid}>{ label }{ arrow }</button>
        </th>
    }
}

fn task_view(lang: Lang, task: &TaskView, state: &UseReducerHandle<VerifyState>) -> Html {
    let t = verify_texts(lang);
    let rows = visible_rows(task, &state.search, state.sort);
    let total = rows.len();
    let shown = if state.show_all { total } else { total.min(ROW_LIMIT) };
    let on_all = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(VerifyAction::ShowAll))
    };
    html! {
        <section class="result-task" data-testid={format!("result-task-{}", task.number)}>
            <h3>
                { format!("{} {} {}", t.task, task.number, task.name) }
                if task.directed { <span class="task-tag">{ t.directed }</span> }
            </h3>
            <div class="table-scroll" tabindex="0" role="region" aria-label={format!("{} {} {}", t.task, task.number, t.strata_caption)}>
                <table class="data-table strata-table" data-testid={format!("strata-{}", task.number)}>
                    <caption>{ t.strata_caption }</caption>
                    <thead><tr>
                        <th scope="col">{ t.col_stratum }</th>
                        <th scope="col" class="num">{ t.col_size }</th>
                        <th scope="col" class="num">{ t.col_count }</th>
                        <th scope="col" class="num">{ t.col_reserves }</th>
                        <th scope="col">{ t.col_cutoff }</th>
                    </tr></thead>
                    <tbody>
                        { for task.strata.iter().map(|s| html! {
                            <tr data-testid="stratum-row" data-reserves={s.reserves.to_string()}>
                                <td>{ &s.label }</td>
                                <td class="num">{ s.size }</td>
                                <td class="num">{ s.count }</td>
                                <td class="num">{ s.reserves }</td>
                                <td><code class="ticket" title={s.cutoff_id.clone()}>{ if s.cutoff.is_empty() { "—".to_string() } else { s.cutoff.clone() } }</code></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="rows-shown no-print" data-testid={format!("rows-shown-{}", task.number)}>
                { fill(t.rows_shown, &[("shown", &shown.to_string()), ("total", &total.to_string())]) }
                { " · " }{ t.sort_hint }
            </p>
            <div class="table-scroll" tabindex="0" role="region" aria-label={format!("{} {} {}", t.task, task.number, task.name)}>
                <table class="data-table selection-table" data-testid={format!("selection-{}", task.number)}>
                    <thead><tr>
                        { sort_header(t.col_no, SortKey::Ticket, state, "sort-ticket") }
                        { sort_header(t.col_id, SortKey::Id, state, "sort-id") }
                        { sort_header(t.col_name, SortKey::Name, state, "sort-name") }
                        { sort_header(t.col_stratum, SortKey::Stratum, state, "sort-stratum") }
                        <th scope="col">{ t.col_ticket }</th>
                        <th scope="col">{ t.col_team }</th>
                        <th scope="col">{ t.col_items }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().take(shown).map(|r| html! {
                            <tr data-testid="result-row" data-id={r.id.clone()}>
                                <td class="num" data-label={t.col_no}>{ r.order + 1 }</td>
                                <td data-label={t.col_id}><code>{ &r.id }</code></td>
                                <td class="row-name" data-label={t.col_name}>{ &r.name }</td>
                                <td data-label={t.col_stratum}>{ &r.stratum }</td>
                                <td data-label={t.col_ticket}>
                                    <code class="ticket no-print" title={r.ticket.clone()}>{ short_ticket(&r.ticket) }</code>
                                    <code class="ticket print-inline">{ &r.ticket }</code>
                                </td>
                                <td data-label={t.col_team}>{ r.team.join("；") }</td>
                                <td data-label={t.col_items}>{ r.items.join("、") }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if total == 0 {
                <p class="no-rows">{ t.no_rows }</p>
            }
            if shown < total {
                <button type="button" class="button no-print" onclick={on_all} data-testid="show-all">{ t.show_all }</button>
            }
        </section>
    }
}

/// Tickets are 64 hex digits; the first 16 order them in practice, the whole one
/// is in the tooltip, the CSV and the print.
fn short_ticket(ticket: &str) -> String {
    match ticket.get(..16) {
        Some(head) if ticket.len() > 16 => format!("{head}…"),
        _ => ticket.to_string(),
    }
}

#[derive(Properties, PartialEq)]
struct TrustProps {
    lang: Lang,
    /// None while loading; Some(None) when the build recorded nothing.
    build: Option<Option<BuildInfo>>,
}

#[function_component(TrustPanel)]
fn trust_panel(props: &TrustProps) -> Html {
    let t = verify_texts(props.lang);
    let (version, wasm) = match &props.build {
        Some(Some(info)) => (info.version.clone(), info.running_wasm_sha256().to_string()),
        Some(None) => (t.trust_unknown.to_string(), t.trust_unknown.to_string()),
        None => ("…".to_string(), "…".to_string()),
    };
    html! {
        <section class="trust no-print" aria-labelledby="trust-heading">
            <h2 id="trust-heading">{ t.trust_heading }</h2>
            <p>{ t.trust_body }</p>
            <dl class="summary-list">
                <dt>{ t.trust_version }</dt><dd data-testid="build-version">{ version }</dd>
                <dt>{ t.trust_wasm }</dt><dd><code class="wrap-anywhere" data-testid="build-wasm-sha256">{ wasm }</code></dd>
            </dl>
        </section>
    }
}

/// A firm's place by ticket in its stratum, and what that place means for it.
fn rank_words(t: &VerifyTexts, o: &fairdraw::verify::FirmOutcome) -> String {
    let line = fill(t.rank_line, &[("size", &o.stratum_size.to_string()), ("count", &o.stratum_count.to_string()), ("rank", &o.rank.to_string())]);
    format!("{line}{}{}", t.rank_then, t.status(o.status.as_str()))
}

/// A firm's team as the lookup shows it: its inspection group's number first, when
/// it has one, and who leads it.
fn team_text(t: &VerifyTexts, o: &fairdraw::verify::FirmOutcome) -> String {
    let members = o.team.iter().map(|m| {
        let role = if m.role == fairdraw::draw::Role::Leader { format!("，{}", t.lookup_leader) } else { String::new() };
        format!("{}（{}{role}）", m.name, m.department)
    });
    let group = (o.group > 0).then(|| fill(t.lookup_group, &[("n", &o.group.to_string())]));
    group.into_iter().chain(members).collect::<Vec<_>>().join("；")
}
