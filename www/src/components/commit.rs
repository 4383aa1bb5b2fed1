//! The 承诺 page: is the project ready, which round, the department's chain, then
//! the commitment with its files and printable 公告; a committed project is locked
//! until it is deliberately unlocked for a new commitment. The logic lives in
//! `organizer::commit`; this renders it and wires the browser (clock, random salt,
//! files, printing).

mod chain;
pub mod handoff;
mod notice;

use super::publish::{use_public_site, PublishPanel, Publishable};
use std::rc::Rc;

use fairdraw::problem::Problem;
use fairdraw::protocol;
use yew::prelude::*;

use super::confirm::Safeguards;
use super::organizer::Org;
use super::step::StepSection;
use super::ViewProps;
use crate::browser::{committer, fields, files, random, timers};
use crate::i18n::commit::{commit_texts, CommitTexts};
use crate::i18n::fill;
use crate::organizer::commit::{self, CommitForm, CommitRequest, FormAction};
use crate::organizer::confirm::Destructive;
use crate::organizer::state::Action;
use crate::route::{self, Page, Route};
use crate::state::Lang;

/// Salt bytes drawn when none is typed, as the command line does.
const SALT_BYTES: u32 = 16;
/// The secret every firm's 核验码 derives from (SPEC §10.1).
const SECRET_BYTES: u32 = 32;

fn line(lang: Lang, p: &Problem) -> String {
    match lang {
        Lang::Zh => p.line_zh(),
        Lang::En => p.line_en(),
    }
}

fn problem_list(lang: Lang, problems: &[Problem], testid: &str) -> Html {
    html! {
        <ul class="commit-problems" data-testid={testid.to_string()}>
            { for problems.iter().map(|p| html! { <li>{ line(lang, p) }</li> }) }
        </ul>
    }
}

#[function_component(CommitSection)]
pub fn commit_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    let t = commit_texts(lang);
    let Some(org) = use_context::<Org>() else {
        return Html::default();
    };
    let form = use_reducer(|| CommitForm::new(timers::now_unix()));
    let report = super::organizer::use_plan_report(&org);
    let current = use_context::<super::organizer::Committed>().map(|c| c.0).unwrap_or_default();

    let body = if !org.restored {
        html! { <p role="status">{ crate::i18n::plan::plan_texts(lang).restoring }</p> }
    } else {
        match current.as_ref() {
            Some(Ok((inputs, commitment))) => committed_view(t, lang, &org, inputs, commitment),
            Some(Err(problem)) => html! {
                <>
                    <p class="commit-refused" role="alert" data-testid="commit-mismatch">{ t.mismatch }{ " " }{ line(lang, problem) }</p>
                    { unlock_block(t, &org) }
                </>
            },
            None => form_view(t, lang, &org, &form, &report),
        }
    };
    let rehearsal = match current.as_ref() {
        Some(Ok((_, c))) => c.rehearsal,
        _ => org.restored && !org.project.locked && form.rehearsal,
    };
    let banner = rehearsal.then(|| {
        html! {
            <p class="rehearsal-banner" data-testid="rehearsal-banner" role="note">{ t.rehearsal_banner }</p>
        }
    });

    html! {
        <StepSection {lang} page={Page::Commit}>
            { banner }
            <Safeguards {lang} org={org.clone()} />
            { body }
            if org.restored {
                <chain::Chain {lang} project={Rc::new(org.project.clone())} />
            }
        </StepSection>
    }
}

type Form = UseReducerHandle<CommitForm>;

/// Before committing: readiness, then (once ready) the commitment's form.
fn form_view(
    t: &'static CommitTexts,
    lang: Lang,
    org: &Org,
    form: &Form,
    report: &fairdraw::plan::PlanReport,
) -> Html {
    let reasons = commit::readiness(&org.project, report);
    let readiness = readiness_view(t, lang, org, &reasons);
    if !reasons.is_empty() {
        return readiness;
    }
    html! {
        <>
            { readiness }
            { commit_form(t, lang, org, form) }
        </>
    }
}

/// Whether the project can be committed, and if not, why.
fn readiness_view(t: &'static CommitTexts, lang: Lang, org: &Org, reasons: &[Problem]) -> Html {
    let ready = reasons.is_empty();
    let plan = &org.project.plan;
    html! {
        <section class="commit-readiness" data-testid="commit-readiness" data-ready={ready.to_string()}>
            <h2>{ t.readiness_heading }</h2>
            <p class="commit-plan-line">{ format!("{} · {} {}", plan.department, plan.number, plan.name) }</p>
            if ready {
                <p class="commit-ok">{ t.ready }</p>
            } else {
                <p class="commit-refused" role="alert">{ t.not_ready }</p>
                { problem_list(lang, reasons, "commit-reasons") }
                <p><a href={route::format(&Route::new(Page::Plan))}>{ t.go_plan }</a></p>
            }
        </section>
    }
}

/// The round the chosen time gives, or why there is none.
fn round_view(t: &'static CommitTexts, lang: Lang, form: &Form) -> Html {
    let now = timers::now_unix();
    match &form.choice() {
        Ok(c) => {
            let lead = commit::check_lead(c, now, form.rehearsal);
            html! {
                <>
                    <p class="commit-round" data-testid="commit-round" data-round={c.round.to_string()} data-chain={c.chain.name}
                       data-emission={commit::china_display(c.emission)}>
                        { fill(t.round_line, &[("round", &c.round.to_string()), ("china", &commit::china_display(c.emission)), ("utc", &commit::utc_display(c.emission))]) }
                    </p>
                    if let Err(p) = lead {
                        <p class="commit-refused" role="alert" data-testid="commit-lead">{ line(lang, &p) }</p>
                    }
                </>
            }
        }
        Err(p) => {
            html! { <p class="commit-refused" role="alert" data-testid="commit-round" data-round="">{ line(lang, p) }</p> }
        }
    }
}

/// Sends what is typed in a field to the form as `action`.
fn on_typed(form: &Form, action: fn(String) -> FormAction) -> Callback<InputEvent> {
    let form = form.clone();
    Callback::from(move |e: InputEvent| form.dispatch(action(fields::target_value(&e))))
}

/// Commits with the form's choices, a salt drawn here when none is typed.
fn on_commit(form: &Form, org: &Org) -> Callback<MouseEvent> {
    let (form, org) = (form.clone(), org.clone());
    Callback::from(move |_: MouseEvent| {
        let choice = match form.choice() {
            Ok(c) => c,
            Err(p) => return form.dispatch(FormAction::Refused(vec![p])),
        };
        let salt = match commit::parse_salt(&form.salt) {
            Ok(s) if s.is_empty() => random::random_hex(SALT_BYTES),
            Ok(s) => Some(s),
            Err(p) => return form.dispatch(FormAction::Refused(vec![p])),
        };
        let Some(salt) = salt else {
            return form.dispatch(FormAction::Refused(vec![Problem::new(
                "这个浏览器无法生成安全的随机盐值，请在“盐值”中填写 32 位十六进制",
                "this browser cannot draw a secure random salt; type 32 hex digits as the salt",
            )]));
        };
        let Some(secret) = random::random_hex(SECRET_BYTES) else {
            return form.dispatch(FormAction::Refused(vec![Problem::new(
                "这个浏览器无法生成安全的随机数，不能生成核验码：请换用较新的浏览器",
                "this browser cannot draw secure random numbers for the 核验码: use a more recent browser",
            )]));
        };
        let request = CommitRequest { choice, rehearsal: form.rehearsal, salt, secret, now: timers::now_unix() };
        let refusals = commit::commit_refusals(&org.project, &request);
        if !refusals.is_empty() {
            return form.dispatch(FormAction::Refused(refusals));
        }
        // Made off the page's thread: the record is kept only if the project is
        // still the one committed (`Action::Committed` checks the revision).
        form.dispatch(FormAction::Committing);
        let (project, revision, dispatcher, form) = (org.project.clone(), org.revision, org.dispatcher(), form.clone());
        yew::platform::spawn_local(async move {
            match committer::commit(&project, &request).await {
                Ok(record) => {
                    dispatcher.dispatch(Action::Committed { revision, record: Box::new(record) });
                    form.dispatch(FormAction::Accepted);
                }
                Err(problems) => form.dispatch(FormAction::Refused(problems)),
            }
        });
    })
}

/// The round, the chain start, the salt, the button.
fn commit_form(t: &'static CommitTexts, lang: Lang, org: &Org, form: &Form) -> Html {
    let on_chain = {
        let form = form.clone();
        Callback::from(move |e: Event| form.dispatch(FormAction::Chain(fields::target_value(&e))))
    };
    let on_rehearsal = {
        let form = form.clone();
        Callback::from(move |e: Event| form.dispatch(FormAction::Rehearsal(fields::target_checked(&e))))
    };
    let chain_options = [("quicknet", t.chain_quicknet), ("default", t.chain_default)];
    html! {
        <section class="commit-form" data-testid="commit-form">
            <h2>{ t.form_heading }</h2>
            <div class="commit-fields">
                <label class="field">
                    <span>{ t.chain_label }</span>
                    <select data-testid="commit-chain-select" onchange={on_chain}>
                        { for chain_options.iter().map(|(v, l)| html! { <option value={*v} selected={form.chain == *v}>{ *l }</option> }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ t.at_label }</span>
                    <input type="datetime-local" value={form.at.clone()} data-testid="commit-at" oninput={on_typed(form, FormAction::At)} />
                </label>
            </div>
            <p class="hint">{ t.at_hint }</p>
            { round_view(t, lang, form) }
            <details class="commit-margin" open=true>
                <summary>{ t.margin_heading }</summary>
                <p>{ t.margin_explain }</p>
            </details>
            <p>
                <label class="plan-toggle">
                    <input type="checkbox" checked={form.rehearsal} data-testid="commit-rehearsal" onchange={on_rehearsal} />
                    { " " }{ t.rehearsal_label }
                </label>
            </p>
            if form.rehearsal {
                <label class="field commit-round-field">
                    <span>{ t.round_input_label }</span>
                    <input type="text" inputmode="numeric" value={form.round.clone()} data-testid="commit-round-input" oninput={on_typed(form, FormAction::Round)} />
                </label>
                <p class="hint">{ t.round_input_hint }</p>
            }
            { link_block(t, org, form) }
            { public_fields_block(t, org) }
            <label class="field commit-salt-field">
                <span>{ t.salt_label }</span>
                <input type="text" spellcheck="false" autocomplete="off" value={form.salt.clone()} data-testid="commit-salt" oninput={on_typed(form, FormAction::Salt)} />
            </label>
            <p class="hint">{ t.salt_hint }</p>
            <p>
                <button type="button" class="button commit-button" data-testid="commit-button" data-committing={form.committing.to_string()}
                        disabled={form.committing} onclick={on_commit(form, org)}>{ if form.committing { t.committing } else { t.commit_button } }</button>
            </p>
            if !form.refused.is_empty() {
                <div class="commit-refused" role="alert" data-testid="commit-error">
                    <p>{ t.refused }</p>
                    { problem_list(lang, &form.refused, "commit-error-list") }
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct WitnessProps {
    lang: Lang,
    org: Org,
    commitment: Rc<protocol::Commitment>,
}

/// An outside witness of the commitment: the RFC 3161 request to send from any
/// computer (the site itself contacts no time-stamping authority) and the reply read
/// back, verified here and kept in the project, so the draw's documents carry it.
#[function_component(WitnessBlock)]
fn witness_block(props: &WitnessProps) -> Html {
    let t = commit_texts(props.lang);
    let status = use_state(|| None::<(bool, String)>);
    let on_request = {
        let commitment = props.commitment.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(hash) = fairdraw::hashing::unhex32(&commitment.commitment) else { return };
            let nonce = random::random_hex(8).and_then(|h| u64::from_str_radix(&h, 16).ok()).unwrap_or(1);
            let name = crate::ceremony::document_file_name(&commitment, "commitment", "tsq");
            files::download_bytes(&name, "application/timestamp-query", &fairdraw::witness::request(&hash, nonce));
        })
    };
    let on_reply = {
        let (org, status, lang) = (props.org.clone(), status.clone(), props.lang);
        Callback::from(move |e: Event| {
            let Some(file) = files::take_first_chosen(&e) else { return };
            let (org, status) = (org.clone(), status.clone());
            yew::platform::spawn_local(async move {
                let Some(bytes) = files::read_bytes(&file).await else { return };
                match commit::witness_reply(&org.project, &bytes) {
                    Ok((token, w, before)) => {
                        let t = commit_texts(lang);
                        let when = commit::china_display(w.gen_time);
                        let words = fill(if before { t.witness_accepted } else { t.witness_late }, &[("who", &w.authority), ("time", &when)]);
                        org.dispatch(Action::AddWitness(token));
                        status.set(Some((before, words)));
                    }
                    Err(p) => status.set(Some((false, line(lang, &p)))),
                }
            });
        })
    };
    let count = props.org.project.commitments.last().map_or(0, |r| r.witnesses.len());
    html! {
        <section class="commit-witness" data-testid="witness" data-count={count.to_string()}>
            <h2>{ t.witness_heading }</h2>
            <p>{ t.witness_explain }</p>
            <p><button type="button" class="button" data-testid="witness-request" onclick={on_request}>{ t.witness_request }</button></p>
            <pre class="witness-command"><code>{ "curl -sS -H 'Content-Type: application/timestamp-query' --data-binary @commitment.tsq http://timestamp.digicert.com -o reply.tsr" }</code></pre>
            <label class="field">
                <span>{ t.witness_reply }</span>
                <input type="file" accept=".tsr,application/timestamp-reply" data-testid="witness-reply" onchange={on_reply} />
            </label>
            if let Some((ok, words)) = (*status).clone() {
                <p class={classes!("witness-status", (!ok).then_some("commit-refused"))} data-testid="witness-status" data-state={if ok { "accepted" } else { "refused" }}>{ words }</p>
            }
            if count > 0 {
                <p class="hint">{ fill(t.witness_count, &[("n", &count.to_string())]) }</p>
            }
        </section>
    }
}

/// Which enterprise fields are published for a selected firm: the organiser sees the
/// declaration and changes it before committing; everything unticked stays
/// confidential.
fn public_fields_block(t: &'static CommitTexts, org: &Org) -> Html {
    let choices = crate::organizer::edit::public_field_choices(&org.project.plan, &org.project.directories.enterprises);
    let boxes = choices.into_iter().map(|(field, public)| {
        let dispatch = org.clone();
        let name = field.clone();
        let onchange = Callback::from(move |e: Event| dispatch.dispatch(Action::SetPublicField(name.clone(), fields::target_checked(&e))));
        let label = t.public_field_label(&field);
        html! {
            <li>
                <label class="plan-toggle">
                    <input type="checkbox" checked={public} data-testid="public-field" data-field={field.clone()} {onchange} />
                    { " " }<bdi>{ label }</bdi>
                </label>
            </li>
        }
    });
    html! {
        <fieldset class="commit-public-fields" data-testid="public-fields">
            <legend>{ t.public_fields_heading }</legend>
            <p class="hint">{ t.public_fields_hint }</p>
            <ul class="public-field-list">{ for boxes }</ul>
        </fieldset>
    }
}

/// The sequence number and previous hash the commitment will carry; for the
/// project's first commitment, settable from a file or by typing.
fn link_block(t: &'static CommitTexts, org: &Org, form: &Form) -> Html {
    let link = commit::next_link(&org.project, form.rehearsal);
    let summary = html! {
        <p class="commit-link" data-testid="commit-next" data-sequence={link.sequence.to_string()} data-previous={link.previous.clone()}>
            <strong>{ fill(t.next_sequence, &[("sequence", &link.sequence.to_string())]) }</strong><br />
            if link.previous.is_empty() {
                { t.previous_none }
            } else {
                { t.previous_is }{ " " }<code class="hex wrap-anywhere">{ link.previous.clone() }</code>
            }
        </p>
    };
    if !org.project.commitments.is_empty() {
        return html! {
            <section class="commit-chain-start">
                <h3>{ t.link_heading }</h3>
                { summary }
            </section>
        };
    }
    let on_file = {
        let org = org.clone();
        let form = form.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = files::take_first_chosen(&e) {
                let org = org.clone();
                let form = form.clone();
                yew::platform::spawn_local(async move {
                    let name = file.name();
                    let read = files::read_text(&file).await.ok_or_else(|| {
                        Problem::new("无法读取这个文件", "could not read this file").in_file(name.clone())
                    });
                    match read.and_then(|text| {
                        commit::chain_start_from_previous(&text, &org.project.plan.department)
                            .map_err(|p| p.in_file(name))
                    }) {
                        Ok(link) => {
                            org.dispatch(Action::SetChainStart(link));
                            form.dispatch(FormAction::Accepted);
                        }
                        Err(p) => form.dispatch(FormAction::Refused(vec![p])),
                    }
                });
            }
        })
    };
    // Read only on submit; the section is rebuilt on every render of the page.
    let sequence_ref = NodeRef::default();
    let previous_ref = NodeRef::default();
    let on_set = {
        let org = org.clone();
        let form = form.clone();
        let (sequence_ref, previous_ref) = (sequence_ref.clone(), previous_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| fields::node_value(r).unwrap_or_default();
            match commit::parse_chain_start(&value(&sequence_ref), &value(&previous_ref)) {
                Ok(link) => {
                    org.dispatch(Action::SetChainStart(link));
                    form.dispatch(FormAction::Accepted);
                }
                Err(p) => form.dispatch(FormAction::Refused(vec![p])),
            }
        })
    };
    html! {
        <section class="commit-chain-start">
            <h3>{ t.link_heading }</h3>
            <p class="hint">{ t.link_intro }</p>
            { summary }
            <p class="hint">{ t.first_commitment }</p>
            <p>
                <label class="file-button">
                    { t.previous_file_label }
                    <input type="file" accept=".json,application/json" data-testid="commit-previous-file" onchange={on_file} />
                </label>
            </p>
            <form class="commit-start-form" onsubmit={on_set}>
                <label class="field">
                    <span>{ t.sequence_label }</span>
                    <input type="text" inputmode="numeric" ref={sequence_ref} value={link.sequence.to_string()} data-testid="commit-sequence" />
                </label>
                <label class="field commit-previous-field">
                    <span>{ t.previous_label }</span>
                    <input type="text" spellcheck="false" ref={previous_ref} value={link.previous.clone()} data-testid="commit-previous" />
                </label>
                <button type="submit" data-testid="commit-start-set">{ t.set_start }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PublishingProps {
    lang: Lang,
    commitment: Rc<protocol::Commitment>,
    inputs: Rc<crate::organizer::commit::CurrentInputs>,
}

/// The 公告 and the files to publish, sharing the public site's address: the notice's
/// QR code is printed only once it is known.
#[function_component(Publishing)]
fn publishing(props: &PublishingProps) -> Html {
    let site = use_public_site();
    let lang = props.lang;
    let link = crate::publishing::checked_site(&site).map(|base| commit::notice_link(&base, &props.commitment));
    html! {
        <>
            <notice::Notice {lang} commitment={props.commitment.clone()} inputs={props.inputs.clone()} {link} today={files::today()} />
            <PublishPanel {lang} what={Publishable::Commitment(props.commitment.clone())} site={site.clone()} />
        </>
    }
}

/// After committing: the hash, the files, the 公告, and the way back to editing.
fn committed_view(
    t: &'static CommitTexts,
    lang: Lang,
    org: &Org,
    inputs: &Rc<crate::organizer::commit::CurrentInputs>,
    commitment: &protocol::Commitment,
) -> Html {
    let on_commitment = {
        let text = protocol::commitment_file(commitment);
        let name = crate::ceremony::document_file_name(commitment, "commitment", "json");
        Callback::from(move |_: MouseEvent| {
            files::download(&name, "application/json", &text);
        })
    };
    let on_inputs = {
        // Written on the click, in parts: a large directory's inputs are hundreds of
        // megabytes, more than the page can hold as one text beside the project.
        let inputs = inputs.clone();
        let name = crate::ceremony::document_file_name(commitment, "inputs", "json");
        Callback::from(move |_: MouseEvent| {
            files::download_written(&name, "application/json", |out| protocol::write_inputs_file(&inputs.inputs(), out));
        })
    };
    let save = org.save_code();
    html! {
        <>
            <section class="commit-result" data-testid="commit-result" data-sequence={commitment.sequence.to_string()}
                     data-rehearsal={commitment.rehearsal.to_string()}>
                <h2>{ t.result_heading }</h2>
                <p class="commit-ok" data-testid="commit-locked">{ t.locked_line }</p>
                <p class={classes!("hint", (save == "failed").then_some("commit-refused"))} data-testid="save-status" data-state={save}>
                    { match save { "saved" | "unchanged" => t.kept, "failed" => t.keep_failed, _ => t.keeping } }
                </p>
                <p class="commit-hash-line">
                    <span>{ t.hash_label }</span>
                    <code class="hex wrap-anywhere commit-hash" data-testid="commitment-hash">{ commitment.commitment.clone() }</code>
                </p>
                <div class="commit-downloads">
                    <div>
                        <button type="button" class="button" data-testid="download-commitment" onclick={on_commitment}>{ t.download_commitment }</button>
                        <p class="hint">{ t.download_commitment_note }</p>
                    </div>
                    <div>
                        <button type="button" class="button" data-testid="download-inputs" onclick={on_inputs}>{ t.download_inputs }</button>
                        <p class="hint">{ t.download_inputs_note }</p>
                    </div>
                </div>
            </section>
            <WitnessBlock {lang} org={org.clone()} commitment={Rc::new(commitment.clone())} />
            <Publishing {lang} commitment={Rc::new(commitment.clone())} inputs={inputs.clone()} />
            { unlock_block(t, org) }
        </>
    }
}

fn unlock_block(t: &'static CommitTexts, org: &Org) -> Html {
    let on_unlock = {
        let org = org.clone();
        Callback::from(move |_: MouseEvent| org.dispatch(Action::AskConfirm(Destructive::Unlock)))
    };
    html! {
        <section class="commit-unlock">
            <p>
                <button type="button" class="secondary" id="commit-unlock" data-testid="commit-unlock" onclick={on_unlock}>{ t.unlock }</button>
            </p>
            <p class="hint">{ t.unlock_note }</p>
        </section>
    }
}
