//! Components only render and wire events; what they show comes from `state`,
//! `i18n` and the core.

pub mod app;
pub mod commit;
pub mod confirm;
pub mod demo;
pub mod draw;
pub mod exports;
pub mod guide;
pub mod header;
pub mod home;
pub mod nav;
pub mod not_found;
pub mod organizer;
pub mod plan;
pub mod publication;
pub mod publish;
pub mod step;
pub mod timelock;
pub mod typed;
pub mod verify;

use yew::Properties;

use crate::route::Route;
use crate::state::Lang;

/// What every view is given.
#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    pub lang: Lang,
    pub route: Route,
}

/// The id of each view's main heading, where focus goes after a navigation.
pub const MAIN_HEADING_ID: &str = "main-heading";
/// The id of `<main>`, the target of the skip link.
pub const MAIN_ID: &str = "main-content";
