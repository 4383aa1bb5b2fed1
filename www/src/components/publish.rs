//! 发布到公示网站: one download holding every file the site's 公示 folder gains, so
//! that publishing is "upload these files". The folder is rebuilt from what the site
//! serves now (`crate::publishing`).

use std::rc::Rc;

use fairdraw::protocol::Commitment;
use fairdraw::Text;
use yew::prelude::*;

use crate::browser::files;
use crate::components::typed::Typed;
use crate::ceremony::Drawn;
use crate::i18n::fill;
use crate::i18n::publish::{publish_texts, PublishTexts};
use crate::publishing::{self, Release};
use crate::state::Lang;

/// What there is to publish.
#[derive(Clone, PartialEq)]
pub enum Publishable {
    /// A commitment, before its draw.
    Commitment(Rc<Commitment>),
    /// A draw: its sealed result now, its full result after the inspections.
    Draw(Drawn),
}

impl Publishable {
    fn files(&self, release: Release) -> Vec<(String, String)> {
        match self {
            Publishable::Commitment(c) => vec![publishing::commitment_file(c)],
            Publishable::Draw(d) => publishing::draw_files(d, release),
        }
    }

    fn archive_name(&self, release: Release) -> String {
        match self {
            Publishable::Commitment(c) => crate::ceremony::document_file_name(c, "公示文件", "zip"),
            Publishable::Draw(d) => publishing::archive_name(&d.bundle, release),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct PublishPanelProps {
    pub lang: Lang,
    pub what: Publishable,
    /// The public site's address as typed, shared with whatever prints a QR code.
    pub site: UseStateHandle<String>,
}

/// The public site's address, starting as the one given before (asked once).
#[hook]
pub fn use_public_site() -> UseStateHandle<String> {
    use_state(|| publishing::public_base().unwrap_or_default())
}

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Working,
    Done(String),
    Failed(Vec<Text>),
}

impl Status {
    fn code(&self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Working => "working",
            Status::Done(_) => "done",
            Status::Failed(_) => "failed",
        }
    }
}

fn pick(lang: Lang, text: &Text) -> String {
    match lang {
        Lang::Zh => text.zh.clone(),
        Lang::En => text.en.clone(),
    }
}

#[function_component(PublishPanel)]
pub fn publish_panel(props: &PublishPanelProps) -> Html {
    let t = publish_texts(props.lang);
    let lang = props.lang;
    let site = props.site.clone();
    let status = use_state(|| Status::Idle);
    let on_site = {
        let site = site.clone();
        Callback::from(move |typed: String| {
            // Kept as soon as it is a public address, so that it is asked once.
            let _ = publishing::remember_site(&typed);
            site.set(typed);
        })
    };
    let start = |release: Release| {
        let (site, status, what) = (site.clone(), status.clone(), props.what.clone());
        Callback::from(move |_: MouseEvent| {
            let base = match publishing::remember_site(&site) {
                Ok(base) => base,
                Err(why) => return status.set(Status::Failed(vec![why])),
            };
            site.set(base.clone());
            status.set(Status::Working);
            let (status, what) = (status.clone(), what.clone());
            yew::platform::spawn_local(async move {
                let new = what.files(release);
                let packed = match publishing::published_folder(&new).await {
                    Ok(published) => publishing::package(&published, &new, &base),
                    Err(why) => Err(why),
                };
                match packed {
                    Ok(zip) => {
                        let name = what.archive_name(release);
                        files::download_bytes(&name, "application/zip", &zip);
                        status.set(Status::Done(name));
                    }
                    Err(why) => status.set(Status::Failed(why)),
                }
            });
        })
    };
    let busy = *status == Status::Working;
    let local = !site.trim().is_empty() && fairdraw::publication::is_local_site(&site);
    html! {
        <section class="publish" data-testid="publish" aria-labelledby="publish-heading">
            <h3 id="publish-heading">{ t.heading }</h3>
            <p>{ t.intro }</p>
            <label class="field">
                <span>{ t.site }</span>
                <Typed kind="url" value={(*site).clone()} placeholder="https://" testid="publish-site" onchange={on_site} />
            </label>
            <p class="hint">{ t.site_hint }</p>
            if local { <p class="warning" role="alert" data-testid="publish-site-local">{ t.site_local }</p> }
            { buttons(t, &props.what, busy, start) }
            { status_line(t, lang, &status) }
        </section>
    }
}

fn buttons(t: &PublishTexts, what: &Publishable, busy: bool, start: impl Fn(Release) -> Callback<MouseEvent>) -> Html {
    match what {
        Publishable::Commitment(_) => html! {
            <p><button class="button" data-testid="publish-download" disabled={busy} onclick={start(Release::Sealed)}>{ t.download_commitment }</button></p>
        },
        Publishable::Draw(d) => {
            let date = fairdraw::publication::reveal_after(&d.bundle.inputs.plan);
            html! {
                <>
                    <p><button class="button" data-testid="publish-download" disabled={busy} onclick={start(Release::Sealed)}>{ t.download_sealed }</button></p>
                    <p>
                        <button class="button button-secondary" data-testid="publish-download-full" disabled={busy} onclick={start(Release::Full)}>{ t.download_full }</button>
                        <span class="hint">{ " " }{ fill(t.full_note, &[("date", &date)]) }</span>
                    </p>
                </>
            }
        }
    }
}

fn status_line(t: &PublishTexts, lang: Lang, status: &Status) -> Html {
    let body = match status {
        Status::Idle => Html::default(),
        Status::Working => html! { { t.working } },
        Status::Done(name) => html! { { fill(t.done, &[("name", name)]) } },
        Status::Failed(why) => html! {
            <>
                { t.failed }
                <ul>{ for why.iter().map(|w| html! { <li>{ pick(lang, w) }</li> }) }</ul>
            </>
        },
    };
    let role = if matches!(status, Status::Failed(_)) { "alert" } else { "status" };
    html! { <div class="publish-status" role={role} data-testid="publish-status" data-state={status.code()}>{ body }</div> }
}
