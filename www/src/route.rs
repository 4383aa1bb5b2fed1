//! Hash routes: `#/verify?bundle=URL`. Hash routing keeps deep links working on any
//! static host, since the server only ever sees the path of `index.html`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The views of the site.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Page {
    #[default]
    Home,
    Plan,
    Commit,
    Draw,
    Publication,
    Verify,
    /// 操作手册, the user guide.
    Guide,
    /// A hash that names no view; kept so the page can say what was asked for.
    NotFound(String),
}

impl Page {
    /// The five steps, in the order a draw goes through them.
    pub const STEPS: [Page; 5] = [Page::Plan, Page::Commit, Page::Draw, Page::Publication, Page::Verify];

    /// The path segment after `#/`; empty for the landing view.
    pub fn slug(&self) -> &str {
        match self {
            Page::Home => "",
            Page::Plan => "plan",
            Page::Commit => "commit",
            Page::Draw => "draw",
            Page::Publication => "publication",
            Page::Verify => "verify",
            Page::Guide => "guide",
            Page::NotFound(path) => path,
        }
    }

    fn from_slug(slug: &str) -> Page {
        match slug.to_ascii_lowercase().as_str() {
            "" => Page::Home,
            "plan" => Page::Plan,
            "commit" => Page::Commit,
            "draw" => Page::Draw,
            "publication" => Page::Publication,
            "verify" => Page::Verify,
            "guide" => Page::Guide,
            _ => Page::NotFound(slug.to_string()),
        }
    }
}

/// A view plus the parameters given to it after `?`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Route {
    pub page: Page,
    pub query: BTreeMap<String, String>,
}

impl Route {
    pub fn new(page: Page) -> Self {
        Route { page, query: BTreeMap::new() }
    }

    pub fn with(mut self, key: &str, value: &str) -> Self {
        self.query.insert(key.to_string(), value.to_string());
        self
    }

    /// A query parameter, if given.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query.get(key).map(String::as_str)
    }
}

/// Reads `location.hash` (with or without the leading `#`).
///
/// Forgiving on purpose: links get retyped from printed notices, so `#verify`,
/// `#/Verify/` and `#/verify/?x=1` all mean the verify view.
pub fn parse(hash: &str) -> Route {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let (path, query) = match hash.split_once('?') {
        Some((path, query)) => (path, query),
        None => (hash, ""),
    };
    let slug = percent_decode(path.trim_matches('/'));
    let page = Page::from_slug(&slug);
    Route { page, query: parse_query(query) }
}

/// The hash for a route, starting with `#/`; parsing it gives the route back.
pub fn format(route: &Route) -> String {
    let mut out = String::from("#/");
    out.push_str(&percent_encode(route.page.slug()));
    let mut separator = '?';
    for (key, value) in &route.query {
        out.push(separator);
        separator = '&';
        out.push_str(&percent_encode(key));
        out.push('=');
        out.push_str(&percent_encode(value));
    }
    out
}

/// `a=1&b=2` as `URLSearchParams` reads it: `+` is a space, the last repeat wins,
/// a key without `=` has an empty value.
fn parse_query(query: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(&key.replace('+', " "));
        if key.is_empty() {
            continue;
        }
        map.insert(key, percent_decode(&value.replace('+', " ")));
    }
    map
}

/// Decodes `%XX` escapes as UTF-8; malformed escapes are kept as typed rather than
/// rejected, since a half-broken link should still open the right view.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                out.push(high << 4 | low);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Escapes everything but RFC 3986 unreserved characters and the few that are
/// harmless inside a query value and keep URLs readable (`/`, `:`).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b':' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Route) {
        assert_eq!(parse(input), expected, "parsing {input:?}");
    }

    #[test]
    fn parses_hashes() {
        let cases: Vec<(&str, Route)> = vec![
            ("", Route::new(Page::Home)),
            ("#", Route::new(Page::Home)),
            ("#/", Route::new(Page::Home)),
            ("#/plan", Route::new(Page::Plan)),
            ("#/commit", Route::new(Page::Commit)),
            ("#/draw", Route::new(Page::Draw)),
            ("#/publication", Route::new(Page::Publication)),
            ("#/verify", Route::new(Page::Verify)),
            ("/verify", Route::new(Page::Verify)),
            ("#verify", Route::new(Page::Verify)),
            ("#/Verify/", Route::new(Page::Verify)),
            ("#//verify//", Route::new(Page::Verify)),
            ("#/elsewhere", Route::new(Page::NotFound("elsewhere".into()))),
            ("#/%E9%AA%8C%E8%AF%81", Route::new(Page::NotFound("验证".into()))),
            (
                "#/verify?bundle=https%3A%2F%2Fexample.org%2Fdraw%201.json",
                Route::new(Page::Verify).with("bundle", "https://example.org/draw 1.json"),
            ),
            (
                "#/verify?bundle=https://example.org/a.json?x=1",
                Route::new(Page::Verify).with("bundle", "https://example.org/a.json?x=1"),
            ),
            ("#/verify/?x=1", Route::new(Page::Verify).with("x", "1")),
            ("#/?a=1&b=two+words&a=3", Route::new(Page::Home).with("a", "3").with("b", "two words")),
            ("#/plan?flag&&=ignored", Route::new(Page::Plan).with("flag", "")),
            ("#/plan?q=%E5%8C%97%E4%BA%AC", Route::new(Page::Plan).with("q", "北京")),
            ("#/plan?q=100%", Route::new(Page::Plan).with("q", "100%")),
            ("#/plan?q=%zz%4", Route::new(Page::Plan).with("q", "%zz%4")),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn formats_hashes() {
        assert_eq!(format(&Route::new(Page::Home)), "#/");
        assert_eq!(format(&Route::new(Page::Verify)), "#/verify");
        assert_eq!(
            format(&Route::new(Page::Verify).with("bundle", "https://example.org/a b.json?x=1&y=2")),
            "#/verify?bundle=https://example.org/a%20b.json%3Fx%3D1%26y%3D2"
        );
    }

    #[test]
    fn format_then_parse_gives_the_route_back() {
        let routes = [
            Route::new(Page::Home),
            Route::new(Page::Publication).with("id", "2025-07"),
            Route::new(Page::Verify).with("bundle", "https://例子.中国/抽取 结果.json?a=1+2&b=%").with("k", ""),
            Route::new(Page::NotFound("somewhere else".into())),
        ];
        for route in routes {
            assert_eq!(parse(&format(&route)), route, "{}", format(&route));
        }
    }

    #[test]
    fn step_slugs_are_the_nav_targets() {
        let slugs: Vec<&str> = Page::STEPS.iter().map(Page::slug).collect();
        assert_eq!(slugs, ["plan", "commit", "draw", "publication", "verify"]);
    }
}
