//! The state of the site and the only ways it changes. Pure: no browser calls here,
//! so all of it is tested natively.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::route::{self, Page, Route};

/// The language the site is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Chinese first: the people who run draws are Chinese civil servants.
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The key under which the choice is remembered in localStorage.
    pub const STORAGE_KEY: &'static str = "fairdraw.lang";

    /// The value stored under [`Lang::STORAGE_KEY`].
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Reads a stored value; anything unknown (an older or hand-edited value) is ignored.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The value for `<html lang>`, which screen readers and fonts rely on.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The language's own name, as a person looking for it would recognise it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct State {
    pub lang: Lang,
    pub route: Route,
    /// How many times the route changed after the first view; lets the page move
    /// keyboard focus to the new content on navigation, but not on first load.
    pub navigations: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetLang(Lang),
    ToggleLang,
    /// The address changed to this `location.hash`.
    HashChanged(String),
}

impl State {
    /// The state on opening the page: the remembered language, if any, and the
    /// view named by the address.
    pub fn initial(stored_lang: Option<&str>, hash: &str) -> State {
        State {
            lang: stored_lang.and_then(Lang::from_code).unwrap_or_default(),
            route: route::parse(hash),
            navigations: 0,
        }
    }

    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::ToggleLang => next.lang = self.lang.other(),
            Action::HashChanged(hash) => {
                let route = route::parse(&hash);
                if route != self.route {
                    next.route = route;
                    next.navigations = self.navigations.saturating_add(1);
                }
            }
        }
        next
    }

    pub fn page(&self) -> &Page {
        &self.route.page
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_chinese() {
        assert_eq!(State::initial(None, "").lang, Lang::Zh);
        assert_eq!(State::initial(Some("klingon"), "").lang, Lang::Zh);
        assert_eq!(State::initial(Some(""), "").lang, Lang::Zh);
    }

    #[test]
    fn remembers_the_stored_language() {
        assert_eq!(State::initial(Some("en"), "").lang, Lang::En);
        assert_eq!(State::initial(Some("zh"), "").lang, Lang::Zh);
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn html_lang_follows_the_language() {
        assert_eq!(Lang::Zh.html_lang(), "zh-CN");
        assert_eq!(Lang::En.html_lang(), "en");
    }

    #[test]
    fn toggling_switches_back_and_forth() {
        let start = State::initial(None, "#/plan");
        let once = start.apply(Action::ToggleLang);
        assert_eq!(once.lang, Lang::En);
        assert_eq!(once.route, start.route);
        assert_eq!(once.apply(Action::ToggleLang).lang, Lang::Zh);
        assert_eq!(start.apply(Action::SetLang(Lang::En)).lang, Lang::En);
    }

    #[test]
    fn opens_on_the_view_in_the_address() {
        let state = State::initial(None, "#/verify?bundle=https://example.org/b.json");
        assert_eq!(state.route.page, Page::Verify);
        assert_eq!(state.route.param("bundle"), Some("https://example.org/b.json"));
        assert_eq!(state.navigations, 0);
    }

    #[test]
    fn hash_changes_navigate_and_are_counted() {
        let start = State::initial(None, "#/");
        let next = start.apply(Action::HashChanged("#/draw".into()));
        assert_eq!(next.page(), &Page::Draw);
        assert_eq!(next.navigations, 1);
        // The same address again (e.g. a click on the current nav item) is not a move.
        let same = next.apply(Action::HashChanged("#/draw/".into()));
        assert_eq!(same, next);
    }

    #[test]
    fn reducer_keeps_the_same_state_when_nothing_changes() {
        let state = Rc::new(State::initial(Some("en"), "#/plan"));
        let after = state.clone().reduce(Action::SetLang(Lang::En));
        assert!(Rc::ptr_eq(&state, &after));
        let after = state.clone().reduce(Action::ToggleLang);
        assert!(!Rc::ptr_eq(&state, &after));
    }
}
