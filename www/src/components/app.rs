use yew::prelude::*;

use super::header::Header;
use super::nav::Nav;
use super::verify::VerifySection;
use super::{MAIN_HEADING_ID, MAIN_ID};
use crate::browser::{self, HashListener};
use crate::i18n::texts;
use crate::route::Page;
use crate::state::{Action, Lang, State};

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        State::initial(browser::stored(Lang::STORAGE_KEY).as_deref(), &browser::current_hash())
    });

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = HashListener::new(move |hash| dispatcher.dispatch(Action::HashChanged(hash)));
            move || drop(listener)
        });
    }
    use_effect_with(state.lang, |lang| browser::set_document_lang(lang.html_lang()));
    use_effect_with((state.lang, state.route.page.clone()), |(lang, page)| {
        browser::set_title(&texts(*lang).title(page))
    });
    use_effect_with(state.navigations, |navigations| {
        // Not on first load: there focus belongs at the top, where the skip link is.
        if *navigations > 0 {
            browser::scroll_to_top();
            browser::focus(MAIN_HEADING_ID);
        }
    });

    let on_switch_lang = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let lang = state.lang.other();
            // Remembered only when chosen, so a first visit leaves nothing behind.
            browser::store(Lang::STORAGE_KEY, lang.code());
            state.dispatch(Action::SetLang(lang));
        })
    };
    let on_skip = Callback::from(|event: MouseEvent| {
        // A plain `#main-content` jump would be read as a route by the hash router.
        event.prevent_default();
        browser::focus(MAIN_ID);
    });

    let lang = state.lang;
    let t = texts(lang);
    let view = page_view(lang, state.route.clone());

    html! {
        <div class="app" data-testid="app-ready" data-lang={lang.code()}>
            <a class="skip-link" href={format!("#{MAIN_ID}")} onclick={on_skip}>{ t.skip_link }</a>
            <Header {lang} on_switch_lang={on_switch_lang} />
            <Nav {lang} page={state.route.page.clone()} />
            <main id={MAIN_ID} class="content" tabindex="-1">
                { view }
            </main>
            <footer class="site-footer">
                <p>{ t.footer }</p>
            </footer>
        </div>
    }
}

/// Every page, with the organiser's project and draw around the pages that use them.
#[cfg(feature = "full")]
fn page_view(lang: Lang, route: crate::route::Route) -> Html {
    use super::{commit::CommitSection, draw::DrawSection, home::Home, not_found::NotFound, plan::PlanSection};
    use super::{organizer::OrganizerProvider, publication::PublicationSection};
    // The organiser's project is read only where it is used.
    let organizing = matches!(route.page, Page::Plan | Page::Commit | Page::Draw);
    let view = match &route.page {
        Page::Home => html! { <Home {lang} {route} /> },
        Page::Plan => html! { <PlanSection {lang} {route} /> },
        Page::Commit => html! { <CommitSection {lang} {route} /> },
        Page::Draw => html! { <DrawSection {lang} {route} /> },
        Page::Publication => html! { <PublicationSection {lang} {route} /> },
        Page::Verify => html! { <VerifySection {lang} {route} /> },
        Page::Guide => html! { <super::guide::GuideSection {lang} {route} /> },
        Page::NotFound(_) => html! { <NotFound {lang} {route} /> },
    };
    html! {
        <OrganizerProvider active={organizing}>
            <super::draw::CeremonyProvider>{ view }</super::draw::CeremonyProvider>
        </OrganizerProvider>
    }
}

/// The small module has the pages a QR code or a link opens on a phone, the
/// verification page and the 公示 page; any other page loads the whole site.
#[cfg(not(feature = "full"))]
fn page_view(lang: Lang, route: crate::route::Route) -> Html {
    match &route.page {
        Page::Verify => html! { <VerifySection {lang} {route} /> },
        Page::Publication => html! { <super::publication::PublicationSection {lang} {route} /> },
        _ => html! { <LoadingWholeSite {lang} /> },
    }
}

#[cfg(not(feature = "full"))]
#[derive(Properties, PartialEq)]
struct LoadingProps {
    lang: Lang,
}

/// Shown for the moment the browser takes to load the whole site.
#[cfg(not(feature = "full"))]
#[function_component(LoadingWholeSite)]
fn loading_whole_site(props: &LoadingProps) -> Html {
    use_effect_with((), |_| browser::load_whole_site());
    html! { <p class="boot-message boot-loading" data-testid="loading-whole-site">{ texts(props.lang).loading_whole_site }</p> }
}

/// All the site shows inside another site's frame: why, in both languages, and a link
/// that opens the page in the whole window.
#[function_component(FramedRefused)]
pub fn framed_refused() -> Html {
    let href = browser::own_address();
    html! {
        <div class="boot-message boot-error" role="alert" data-testid="framed-refused">
            { for [Lang::Zh, Lang::En].into_iter().map(|lang| {
                let t = texts(lang);
                html! {
                    <p lang={lang.html_lang()}>
                        { t.framed_refused }{ " " }
                        <a href={href.clone()} target="_top">{ t.framed_open_alone }</a>
                    </p>
                }
            }) }
        </div>
    }
}
