use yew::prelude::*;

use super::demo::Demo;
use super::{ViewProps, MAIN_HEADING_ID};
use crate::i18n::texts;
use crate::route::{self, Page, Route};

/// The landing view: what fairdraw is, the five steps, and a demo computed on the spot.
#[function_component(Home)]
pub fn home(props: &ViewProps) -> Html {
    let lang = props.lang;
    let t = texts(lang);
    let steps = Page::STEPS.iter().filter_map(|page| {
        let step = t.step(page)?;
        Some(html! {
            <li class="step-card">
                <a class="step-card-link" href={route::format(&Route::new(page.clone()))}>{ step.heading }</a>
                <p>{ step.intro }</p>
            </li>
        })
    });
    html! {
        <section class="home" data-testid="section-home" aria-labelledby={MAIN_HEADING_ID}>
            <h1 id={MAIN_HEADING_ID} tabindex="-1">{ t.home_heading }</h1>
            <p class="intro">{ t.home_intro }</p>
            <Demo {lang} />
            <h2>{ t.home_steps_heading }</h2>
            <ol class="step-cards">{ for steps }</ol>
            <p class="guide-link">{ t.guide_intro }{ " " }<a href={route::format(&Route::new(Page::Guide))} data-testid="guide-link">{ t.guide_link }</a></p>
        </section>
    }
}
