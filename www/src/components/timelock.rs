//! The 公示 entry of a sealed draw whose list is time-locked (SPEC §10.9): a
//! countdown to the quicknet round that opens it, then the list itself, opened and
//! verified in this browser with the round fetched from drand's relays.

use std::rc::Rc;

use fairdraw::beacon::QUICKNET;
#[cfg(feature = "full")]
use fairdraw::read::Document;
use fairdraw::time;
use fairdraw::v2::Public;
use yew::prelude::*;

#[cfg(feature = "full")]
use crate::browser::fetch;
#[cfg(feature = "full")]
use crate::ceremony::relays::{self, BeaconStatus};
use crate::i18n::fill;
use crate::i18n::publication::publication_texts;
use crate::state::Lang;

#[derive(Properties, PartialEq)]
pub struct TimelockProps {
    pub lang: Lang,
    /// The sealed document's address on this site.
    pub sealed_url: String,
    pub round: u64,
    /// The page's clock (Unix seconds), ticking while a countdown is shown.
    pub now: i64,
    /// The relays to ask for the round.
    pub relays: Rc<Vec<String>>,
}

// The small module never opens a list itself (it reloads into the whole site).
#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Clone, PartialEq)]
enum Opening {
    Idle,
    Opening,
    Opened(Rc<Public>),
    /// The round is not to be had yet (relays down or behind): try again later.
    Unavailable(String, String),
    /// The sealed document or its list fails: the draw's own problem.
    Failed(String, String),
}

#[function_component(TimelockOpener)]
pub fn timelock_opener(props: &TimelockProps) -> Html {
    let t = publication_texts(props.lang);
    let opens_at = QUICKNET.round_time(props.round);
    let opening = use_state(|| Opening::Idle);
    let due = props.now >= opens_at;
    {
        let opening = opening.clone();
        let (url, round, relays) = (props.sealed_url.clone(), props.round, props.relays.clone());
        use_effect_with(due, move |due| {
            if *due && *opening == Opening::Idle {
                opening.set(Opening::Opening);
                // Opening decrypts with a pairing the small module does not hold
                // (the 公示 page runs in it): the whole site's module opens the list
                // after a reload.
                #[cfg(not(feature = "full"))]
                {
                    let _ = (url, round, relays);
                    crate::browser::load_whole_site();
                }
                #[cfg(feature = "full")]
                yew::platform::spawn_local(async move {
                    opening.set(open(&url, round, &relays, opens_at).await);
                });
            }
        });
    }
    let zh_or_en = |zh: &str, en: &str| if props.lang == Lang::Zh { zh.to_string() } else { en.to_string() };
    let time_text = crate::components::publication::china_time(&time::format_utc(opens_at));
    let note = fill(t.timelock_note, &[("round", &props.round.to_string()), ("time", &time_text)]);
    let state = match (&*opening, due) {
        (_, false) => {
            let left = crate::components::publication::countdown_text(t, props.now, opens_at).unwrap_or_default();
            html! {
                <p class="countdown" data-testid="timelock-countdown" role="timer" aria-live="off">
                    { t.timelock_countdown }<strong>{ left }</strong>
                </p>
            }
        }
        (Opening::Idle | Opening::Opening, true) => {
            html! { <p class="timelock-opening" data-testid="timelock-opening" role="status">{ t.timelock_opening }</p> }
        }
        (Opening::Opened(public), true) => opened_view(props.lang, public),
        (Opening::Unavailable(zh, en), true) => html! {
            <p class="timelock-unavailable" data-testid="timelock-unavailable" role="status">{ t.timelock_not_yet }{ zh_or_en(zh, en) }</p>
        },
        (Opening::Failed(zh, en), true) => html! {
            <p class="timelock-failed" data-testid="timelock-failed" role="alert">{ t.timelock_failed }{ zh_or_en(zh, en) }</p>
        },
    };
    html! {
        <div class="timelock" data-testid="timelock" data-round={props.round.to_string()}>
            <p class="timelock-note">{ note }</p>
            { state }
        </div>
    }
}

fn opened_view(lang: Lang, public: &Public) -> Html {
    let t = publication_texts(lang);
    let names: std::collections::BTreeMap<&str, &str> = public.revealed.iter().map(|r| (r.id.as_str(), r.name.as_str())).collect();
    let count: usize = public.result.tasks.iter().map(|task| task.selected.len()).sum();
    let tasks = public.result.tasks.iter().map(|task| {
        let firms = task.selected.iter().map(|s| {
            let name = names.get(s.id.as_str()).copied().unwrap_or_default();
            html! {
                <li data-testid="timelock-firm" data-id={s.id.clone()}>
                    <bdi>{ fairdraw::wellformed::visible(name).into_owned() }</bdi>{ " " }<code>{ &s.id }</code>
                </li>
            }
        });
        html! {
            <div class="timelock-task">
                <h3>{ t.timelock_task }{ " " }{ &task.number }{ " · " }<bdi>{ fairdraw::wellformed::visible(&task.name).into_owned() }</bdi></h3>
                <ul>{ for firms }</ul>
            </div>
        }
    });
    html! {
        <div class="timelock-opened" data-testid="timelock-opened" data-count={count.to_string()} role="status">
            <p>{ fill(t.timelock_opened, &[("n", &count.to_string())]) }</p>
            { for tasks }
        </div>
    }
}

/// Fetches the sealed document and the round, and opens the list (the core verifies
/// the round, decrypts, and verifies the public document inside).
#[cfg(feature = "full")]
async fn open(url: &str, round: u64, relays: &[String], opens_at: i64) -> Opening {
    let text = match fetch::fetch_text(url).await {
        Ok(text) => text,
        Err(e) => return Opening::Unavailable(format!("{url}：{e}"), format!("{url}: {e}")),
    };
    let sealed = match fairdraw::read::read_text(&text) {
        Ok(Document::Sealed2(s)) => s,
        Ok(_) => return Opening::Failed("这不是格式 2 的封存文件".into(), "this is not a format 2 sealed document".into()),
        Err(reason) => {
            let t = reason.problem().text;
            return Opening::Failed(t.zh, t.en);
        }
    };
    if sealed.timelock.round != round {
        return Opening::Failed("公示目录中的轮次与封存文件不符".into(), "the index's round differs from the sealed document's".into());
    }
    let fetched = relays::fetch_round(relays, &QUICKNET.chain_hash_hex(), round, opens_at, |_| {}).await;
    let body = match fetched {
        Ok((body, _)) => body,
        Err(BeaconStatus::NotYet { .. }) => {
            return Opening::Unavailable("中继还没有这一轮".into(), "the relays do not have the round yet".into())
        }
        Err(BeaconStatus::Failed { zh, en } | BeaconStatus::Invalid { zh, en }) => return Opening::Unavailable(zh, en),
        Err(other) => return Opening::Unavailable(other.code().into(), other.code().into()),
    };
    // A relay that serves something else is the relay's fault, not the draw's.
    let round_value = match fairdraw::beacon::parse_drand_json(&body)
        .and_then(|r| fairdraw::beacon::verify_drand(&QUICKNET, round, &r).map(|_| r))
    {
        Ok(r) => r,
        Err(e) => return Opening::Unavailable(e.text().zh.clone(), e.text().en.clone()),
    };
    match fairdraw::v2::seal::open(&sealed, &round_value) {
        Ok(public) => Opening::Opened(Rc::new(public)),
        Err(t) => Opening::Failed(t.zh, t.en),
    }
}
