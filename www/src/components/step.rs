use yew::prelude::*;

use super::MAIN_HEADING_ID;
use crate::i18n::texts;
use crate::route::Page;
use crate::state::Lang;

#[derive(Properties, PartialEq)]
pub struct StepSectionProps {
    pub lang: Lang,
    pub page: Page,
    #[prop_or_default]
    pub children: Html,
}

/// The frame shared by the five steps: heading, plain-words explanation, content.
#[function_component(StepSection)]
pub fn step_section(props: &StepSectionProps) -> Html {
    let t = texts(props.lang);
    let Some(step) = t.step(&props.page) else {
        return Html::default();
    };
    html! {
        <section
            class={classes!("step", format!("step-{}", props.page.slug()))}
            data-testid={format!("section-{}", props.page.slug())}
            aria-labelledby={MAIN_HEADING_ID}
        >
            <h1 id={MAIN_HEADING_ID} tabindex="-1">{ step.heading }</h1>
            <p class="intro">{ step.intro }</p>
            { props.children.clone() }
        </section>
    }
}

/// Shown in steps whose tools are not there yet.
#[function_component(ComingSoon)]
pub fn coming_soon(props: &ComingSoonProps) -> Html {
    html! { <p class="coming-soon">{ texts(props.lang).coming_soon }</p> }
}

#[derive(Properties, PartialEq)]
pub struct ComingSoonProps {
    pub lang: Lang,
}
