//! Fetches the committed drand round from the relays, one after the other, each with
//! a time limit. What is asked and in which order is decided by `ceremony::relays`;
//! here only the requests are made. Nothing fetched is trusted: the caller checks
//! the signature.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::ceremony::relays::{self, Attempt, BeaconStatus};

/// The host the page is served from, to decide whether a relay override is allowed.
pub fn page_host() -> String {
    web_sys::window().and_then(|w| w.location().hostname().ok()).unwrap_or_default()
}

/// One GET, aborted after [`relays::TIMEOUT_MS`].
pub async fn get(url: &str) -> Attempt {
    let Some(window) = web_sys::window() else {
        return Attempt::Network("no window".into());
    };
    let init = web_sys::RequestInit::new();
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let controller = web_sys::AbortController::new().ok();
    let timer = controller.as_ref().and_then(|c| {
        init.set_signal(Some(&c.signal()));
        let c = c.clone();
        let abort = Closure::once_into_js(move || c.abort());
        window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), relays::TIMEOUT_MS).ok()
    });
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await;
    let timed_out = controller.as_ref().is_some_and(|c| c.signal().aborted());
    let attempt = match answer {
        Err(_) if timed_out => Attempt::Timeout,
        Err(e) => Attempt::Network(super::error_message(&e).unwrap_or_default()),
        Ok(response) => match response.dyn_into::<web_sys::Response>() {
            Err(_) => Attempt::Network(String::new()),
            Ok(r) if r.status() == 404 => Attempt::NotFound,
            Ok(r) if !r.ok() => Attempt::Http(r.status()),
            Ok(r) => match r.text() {
                Ok(p) => match JsFuture::from(p).await {
                    Ok(t) => t.as_string().map(Attempt::Body).unwrap_or(Attempt::Network(String::new())),
                    Err(_) if controller.as_ref().is_some_and(|c| c.signal().aborted()) => Attempt::Timeout,
                    Err(e) => Attempt::Network(super::error_message(&e).unwrap_or_default()),
                },
                Err(e) => Attempt::Network(super::error_message(&e).unwrap_or_default()),
            },
        },
    };
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    attempt
}

/// Tries each relay in turn (v1, then v2 where a relay answers without the round)
/// and reports progress through `status`. Returns the first body and the address it
/// came from, or the final status when no relay had the round.
pub async fn fetch_round(
    relay_list: &[String],
    chain_hash: &str,
    round: u64,
    emission: i64,
    status: impl Fn(BeaconStatus),
) -> Result<(String, String), BeaconStatus> {
    let mut attempts = Vec::new();
    for (index, relay) in relay_list.iter().enumerate() {
        status(BeaconStatus::Fetching { relay: relay.clone(), index, of: relay_list.len() });
        let url = relays::round_url(relay, chain_hash, round);
        let mut attempt = get(&url).await;
        if attempt.try_v2() {
            let v2 = relays::round_url_v2(relay, chain_hash, round);
            let second = get(&v2).await;
            if let Attempt::Body(text) = second {
                return Ok((text, v2));
            }
            if second == Attempt::NotFound {
                attempt = second;
            }
        }
        match attempt {
            Attempt::Body(text) => return Ok((text, url)),
            other => attempts.push((relay.clone(), other)),
        }
    }
    Err(relays::after_all_failed(&attempts, emission))
}
