//! HTTP GETs. Plain answers in and out: what an answer means (a round not there yet,
//! a relay to skip) is for the caller to decide.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How one GET ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// A 2xx answer with this body.
    Body(String),
    /// Any other HTTP status.
    Status(u16),
    /// No answer within the time given.
    TimedOut,
    /// Refused, offline, blocked by the CSP: what the browser says, if anything.
    Failed(String),
}

impl Fetched {
    /// Why there is no body, as a message shows it: `HTTP 404`, `timed out`, or
    /// what the browser said (empty for a body).
    pub fn failure(&self) -> String {
        match self {
            Fetched::Body(_) => String::new(),
            Fetched::Status(code) => format!("HTTP {code}"),
            Fetched::TimedOut => "timed out".to_string(),
            Fetched::Failed(why) => why.clone(),
        }
    }
}

/// One GET without cookies, aborted after `timeout_ms`.
pub async fn get_text(url: &str, timeout_ms: i32) -> Fetched {
    let Some(window) = web_sys::window() else {
        return Fetched::Failed("no window".into());
    };
    let init = web_sys::RequestInit::new();
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoCache);
    let controller = web_sys::AbortController::new().ok();
    let timer = controller.as_ref().and_then(|c| {
        init.set_signal(Some(&c.signal()));
        let c = c.clone();
        let abort = Closure::once_into_js(move || c.abort());
        window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), timeout_ms).ok()
    });
    let aborted = || controller.as_ref().is_some_and(|c| c.signal().aborted());
    let fetched = match JsFuture::from(window.fetch_with_str_and_init(url, &init)).await {
        Err(_) if aborted() => Fetched::TimedOut,
        Err(e) => Fetched::Failed(super::error_message(&e).unwrap_or_default()),
        Ok(response) => match response.dyn_into::<web_sys::Response>() {
            Err(_) => Fetched::Failed(String::new()),
            Ok(r) if !r.ok() => Fetched::Status(r.status()),
            Ok(r) => match r.text() {
                Ok(p) => match JsFuture::from(p).await {
                    Ok(t) => t.as_string().map(Fetched::Body).unwrap_or(Fetched::Failed(String::new())),
                    Err(_) if aborted() => Fetched::TimedOut,
                    Err(e) => Fetched::Failed(super::error_message(&e).unwrap_or_default()),
                },
                Err(e) => Fetched::Failed(super::error_message(&e).unwrap_or_default()),
            },
        },
    };
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    fetched
}

fn describe(value: &JsValue) -> String {
    value.as_string().or_else(|| js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string())).unwrap_or_default()
}

/// A file of the site itself (same origin, no time limit); the error names the
/// address and why, for the page to show as it is. Always asked of the server
/// (revalidated, never taken from the cache unchecked), since the 公示 folder changes
/// whenever a department publishes and a stale index would hide a draw.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or_else(|| "no window".to_string())?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoCache);
    let response =
        JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(|e| format!("{url}: {}", describe(&e)))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| format!("{url}: not a response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = response.text().map_err(|e| format!("{url}: {}", describe(&e)))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{url}: the body is not text"))
}
