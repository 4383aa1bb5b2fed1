//! Where a drand round is fetched from, and what the visitor is told while it is.
//! The decisions are pure ([`fetch_round_with`] takes the request as a function);
//! `browser::fetch` only performs the GETs and answers with plain data.
//!
//! Relays are untrusted transport: a round is accepted for its signature alone, so a
//! relay that lies is caught by the verification, and one that is down is skipped.

use std::future::Future;

use crate::browser::fetch::{self, Fetched};

/// drand's public HTTP relays, tried in this order. Each is also in the page's
/// Content-Security-Policy (`connect-src`), which allows nothing else off-site.
pub const DEFAULT_RELAYS: [&str; 4] =
    ["https://api.drand.sh", "https://api2.drand.sh", "https://api3.drand.sh", "https://drand.cloudflare.com"];

/// The query parameter that replaces the relay list (comma-separated), for a relay
/// served by a test next to the page.
pub const RELAY_PARAM: &str = "relay";

/// Milliseconds one request may take before the next relay is tried.
pub const TIMEOUT_MS: i32 = 5_000;

/// drand's v1 address of a round: `{base}/{chain_hash}/public/{round}`.
pub fn round_url(base: &str, chain_hash: &str, round: u64) -> String {
    format!("{}/{chain_hash}/public/{round}", base.trim_end_matches('/'))
}

/// drand's v2 address of a round: `{base}/v2/chains/{chain_hash}/rounds/{round}`.
pub fn round_url_v2(base: &str, chain_hash: &str, round: u64) -> String {
    format!("{}/v2/chains/{chain_hash}/rounds/{round}", base.trim_end_matches('/'))
}

/// Whether the page is served from this machine, where a developer or a test runs it.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

/// The relays to use. `param` (from `#/draw?relay=…`) replaces the list only on a page
/// served from this machine: on a published site a link must not be able to send the
/// organizer's fetch elsewhere. Only http(s) addresses are taken; the CSP still
/// decides what may actually be contacted (the page's own origin and the relays).
pub fn relays(page_host: &str, param: Option<&str>) -> Vec<String> {
    let given: Vec<String> = match param {
        Some(p) if is_loopback_host(page_host) => p
            .split(',')
            .map(str::trim)
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .map(|u| u.trim_end_matches('/').to_string())
            .collect(),
        _ => Vec::new(),
    };
    if given.is_empty() {
        DEFAULT_RELAYS.iter().map(|s| s.to_string()).collect()
    } else {
        given
    }
}

/// How one request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// 200 with this body (not yet checked: the signature decides).
    Body(String),
    /// 404: relays answer so for a round they do not have yet.
    NotFound,
    /// Another HTTP status.
    Http(u16),
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// Refused, offline, blocked by the CSP: the browser says no more.
    Network(String),
}

impl Attempt {
    /// What a plain answer means for a relay: 404 is a round it does not have yet.
    pub fn from_fetched(fetched: Fetched) -> Attempt {
        match fetched {
            Fetched::Body(text) => Attempt::Body(text),
            Fetched::Status(404) => Attempt::NotFound,
            Fetched::Status(status) => Attempt::Http(status),
            Fetched::TimedOut => Attempt::Timeout,
            Fetched::Failed(why) => Attempt::Network(why),
        }
    }

    /// Whether the v2 address is worth trying on the same relay: the relay answered,
    /// but not with the round (a relay that has dropped the v1 API).
    pub fn try_v2(&self) -> bool {
        matches!(self, Attempt::Http(status) if *status != 404)
    }
}

/// What the page says about the beacon. `data-state` of `beacon-status` is
/// [`BeaconStatus::code`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BeaconStatus {
    /// Nothing asked yet.
    #[default]
    Waiting,
    /// Asking relay `index` (from 0) of `of`.
    Fetching { relay: String, index: usize, of: usize },
    /// The round does not exist yet: it is emitted at this Unix time.
    NotYet { emission: i64 },
    /// The signature checks out for the committed chain and round.
    Verified { source: String },
    /// A value was obtained but is not the committed round's: why, in both languages.
    Invalid { zh: String, en: String },
    /// No relay answered.
    Failed { zh: String, en: String },
}

impl BeaconStatus {
    pub fn code(&self) -> &'static str {
        match self {
            BeaconStatus::Waiting => "waiting",
            BeaconStatus::Fetching { .. } => "fetching",
            BeaconStatus::NotYet { .. } => "not_yet",
            BeaconStatus::Verified { .. } => "verified",
            BeaconStatus::Invalid { .. } => "invalid",
            BeaconStatus::Failed { .. } => "failed",
        }
    }
}

fn describe(attempt: &Attempt) -> (String, String) {
    match attempt {
        Attempt::Body(_) => ("有回答".into(), "answered".into()),
        Attempt::NotFound => ("还没有这一轮".into(), "does not have the round yet".into()),
        Attempt::Http(s) => (format!("回答 {s}"), format!("answered {s}")),
        Attempt::Timeout => (format!("{} 秒内没有回答", TIMEOUT_MS / 1000), format!("no answer within {} s", TIMEOUT_MS / 1000)),
        Attempt::Network(m) if m.is_empty() => ("无法连接".into(), "cannot be reached".into()),
        Attempt::Network(m) => (format!("无法连接（{m}）"), format!("cannot be reached ({m})")),
    }
}

/// The status after every relay was tried without obtaining a value: the round is
/// not there yet if any relay said so, otherwise every relay failed, each named with
/// its reason so that an intranet's blocked address is easy to spot.
pub fn after_all_failed(attempts: &[(String, Attempt)], emission: i64) -> BeaconStatus {
    if attempts.iter().any(|(_, a)| *a == Attempt::NotFound) {
        return BeaconStatus::NotYet { emission };
    }
    let (zh, en): (Vec<String>, Vec<String>) = attempts
        .iter()
        .map(|(relay, a)| {
            let (zh, en) = describe(a);
            (format!("{relay}：{zh}"), format!("{relay}: {en}"))
        })
        .unzip();
    BeaconStatus::Failed {
        zh: format!(
            "没有取到随机数：{}。可以在能上网的电脑上打开上述地址，把得到的 JSON 粘贴或上传到本页，效果完全相同。",
            zh.join("；")
        ),
        en: format!(
            "the beacon could not be fetched: {}. Open one of these addresses on a computer that is online and paste or upload the JSON here: it counts exactly the same.",
            en.join("; ")
        ),
    }
}

/// Tries each relay in turn (v1, then v2 where a relay answers without the round)
/// and reports progress through `status`. Returns the first body and the address it
/// came from, or the final status when no relay had the round.
pub async fn fetch_round_with<Get, Answer>(
    relay_list: &[String],
    chain_hash: &str,
    round: u64,
    emission: i64,
    get: Get,
    status: impl Fn(BeaconStatus),
) -> Result<(String, String), BeaconStatus>
where
    Get: Fn(String) -> Answer,
    Answer: Future<Output = Attempt>,
{
    let mut attempts = Vec::new();
    for (index, relay) in relay_list.iter().enumerate() {
        status(BeaconStatus::Fetching { relay: relay.clone(), index, of: relay_list.len() });
        let url = round_url(relay, chain_hash, round);
        let mut attempt = get(url.clone()).await;
        if attempt.try_v2() {
            let v2 = round_url_v2(relay, chain_hash, round);
            let second = get(v2.clone()).await;
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
    Err(after_all_failed(&attempts, emission))
}

/// [`fetch_round_with`] through the browser, each request limited to [`TIMEOUT_MS`].
pub async fn fetch_round(
    relay_list: &[String],
    chain_hash: &str,
    round: u64,
    emission: i64,
    status: impl Fn(BeaconStatus),
) -> Result<(String, String), BeaconStatus> {
    let get = |url: String| async move { Attempt::from_fetched(fetch::get_text(&url, TIMEOUT_MS).await) };
    fetch_round_with(relay_list, chain_hash, round, emission, get, status).await
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUICKNET: &str = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971";

    #[test]
    fn builds_drand_addresses() {
        assert_eq!(
            round_url("https://api.drand.sh", QUICKNET, 1000),
            format!("https://api.drand.sh/{QUICKNET}/public/1000")
        );
        assert_eq!(round_url("http://127.0.0.1:9/relay/", "ab", 7), "http://127.0.0.1:9/relay/ab/public/7");
        assert_eq!(
            round_url_v2("https://api2.drand.sh/", QUICKNET, 1000),
            format!("https://api2.drand.sh/v2/chains/{QUICKNET}/rounds/1000")
        );
    }

    #[test]
    fn default_relays_are_the_ones_the_csp_allows() {
        let csp = include_str!("../../static/index.html");
        for relay in DEFAULT_RELAYS {
            assert!(csp.contains(&format!(" {relay}")), "{relay} is not in connect-src");
        }
        assert_eq!(relays("example.gov.cn", None), DEFAULT_RELAYS.map(String::from).to_vec());
    }

    #[test]
    fn the_relay_list_is_replaced_only_on_a_local_page() {
        let local = Some("http://127.0.0.1:8123/relay/, http://127.0.0.1:8123/dead");
        let want = vec!["http://127.0.0.1:8123/relay".to_string(), "http://127.0.0.1:8123/dead".to_string()];
        assert_eq!(relays("127.0.0.1", local), want);
        assert_eq!(relays("localhost", local), want);
        assert_eq!(relays("[::1]", local), want);
        assert_eq!(relays("example.gov.cn", local), DEFAULT_RELAYS.map(String::from).to_vec());
        assert_eq!(relays("127.0.0.1.example.com", local).len(), 2, "a name that starts like loopback");
        assert_eq!(relays("localhost", Some("javascript:alert(1)")), DEFAULT_RELAYS.map(String::from).to_vec());
    }

    #[test]
    fn v2_is_tried_only_when_a_relay_answers_something_else() {
        assert!(Attempt::Http(410).try_v2());
        assert!(!Attempt::NotFound.try_v2());
        assert!(!Attempt::Timeout.try_v2());
        assert!(!Attempt::Network(String::new()).try_v2());
    }

    /// Runs a future whose every await is ready at once, as the fake relays below are.
    fn run_ready<F: std::future::Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut context = std::task::Context::from_waker(std::task::Waker::noop());
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("a fake relay made the fetch wait"),
        }
    }

    #[test]
    fn relays_are_tried_in_turn_v2_after_an_odd_answer() {
        let list = vec!["https://a".to_string(), "https://b".to_string()];
        let asked = std::cell::RefCell::new(Vec::new());
        let get = |url: String| {
            asked.borrow_mut().push(url.clone());
            let answer = if url.starts_with("https://a/") {
                Attempt::from_fetched(Fetched::Status(410))
            } else if url.starts_with("https://a") {
                Attempt::from_fetched(Fetched::TimedOut)
            } else {
                Attempt::from_fetched(Fetched::Body("{}".into()))
            };
            async move { answer }
        };
        let seen = std::cell::RefCell::new(Vec::new());
        let got = run_ready(fetch_round_with(&list, "ab", 7, 42, get, |s| seen.borrow_mut().push(s.code())));
        assert_eq!(got, Ok(("{}".to_string(), "https://b/ab/public/7".to_string())));
        assert_eq!(*asked.borrow(), ["https://a/ab/public/7", "https://a/v2/chains/ab/rounds/7", "https://b/ab/public/7"]);
        assert_eq!(*seen.borrow(), ["fetching", "fetching"]);

        let not_yet = |_: String| async { Attempt::from_fetched(Fetched::Status(404)) };
        assert_eq!(run_ready(fetch_round_with(&list, "ab", 7, 42, not_yet, |_| ())), Err(BeaconStatus::NotYet { emission: 42 }));
    }

    #[test]
    fn statuses_after_failures() {
        let not_yet = vec![("a".to_string(), Attempt::Timeout), ("b".to_string(), Attempt::NotFound)];
        assert_eq!(after_all_failed(&not_yet, 42), BeaconStatus::NotYet { emission: 42 });
        let down = vec![("https://api.drand.sh".to_string(), Attempt::Timeout), ("b".to_string(), Attempt::Http(502))];
        let BeaconStatus::Failed { zh, en } = after_all_failed(&down, 42) else { panic!("not failed") };
        assert!(zh.contains("https://api.drand.sh：5 秒内没有回答") && zh.contains("b：回答 502"), "{zh}");
        assert!(en.contains("no answer within 5 s") && en.contains("paste"), "{en}");
        let codes: Vec<&str> = [
            BeaconStatus::Waiting,
            BeaconStatus::Fetching { relay: String::new(), index: 0, of: 1 },
            BeaconStatus::NotYet { emission: 0 },
            BeaconStatus::Verified { source: String::new() },
            BeaconStatus::Invalid { zh: String::new(), en: String::new() },
            BeaconStatus::Failed { zh: String::new(), en: String::new() },
        ]
        .iter()
        .map(BeaconStatus::code)
        .collect();
        assert_eq!(codes, ["waiting", "fetching", "not_yet", "verified", "invalid", "failed"]);
    }
}
