use yew::prelude::*;

use crate::i18n::texts;
use crate::route::{self, Page, Route};
use crate::state::Lang;

#[derive(Properties, PartialEq)]
pub struct NavProps {
    pub lang: Lang,
    pub page: Page,
}

#[function_component(Nav)]
pub fn nav(props: &NavProps) -> Html {
    let t = texts(props.lang);
    // The archived single file verifies; the other steps need the site around it.
    let archived = crate::browser::verifier::is_single_file();
    let items = Page::STEPS.iter().filter(|page| !archived || **page == Page::Verify).filter_map(|page| {
        let step = t.step(page)?;
        let current = *page == props.page;
        Some(html! {
            <li>
                <a
                    href={route::format(&Route::new(page.clone()))}
                    data-testid={format!("nav-{}", page.slug())}
                    aria-current={current.then_some("page")}
                    class={classes!("nav-link", current.then_some("is-current"))}
                >
                    { step.nav }
                </a>
            </li>
        })
    });
    html! {
        <nav class="site-nav" aria-label={t.nav_label}>
            <ol class="nav-list">{ for items }</ol>
        </nav>
    }
}
