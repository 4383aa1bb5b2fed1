//! Where a drand round is fetched from, and what the visitor is told while it is.
//! Pure: the browser side (browser/fetch_beacon.rs) only performs the requests this
//! module lists and reports each answer back as an [`Attempt`].
//!
//! Relays are untrusted transport: a round is accepted for its signature alone, so a
//! relay that lies is caught by the verification, and one that is down is skipped.

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
