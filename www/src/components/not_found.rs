use yew::prelude::*;

use super::{ViewProps, MAIN_HEADING_ID};
use crate::i18n::texts;

#[function_component(NotFound)]
pub fn not_found(props: &ViewProps) -> Html {
    let t = texts(props.lang);
    html! {
        <section class="not-found" data-testid="section-not-found" aria-labelledby={MAIN_HEADING_ID}>
            <h1 id={MAIN_HEADING_ID} tabindex="-1">{ t.not_found_heading }</h1>
            <p>{ t.not_found_body }</p>
            <p>{ t.not_found_asked }<code class="wrap-anywhere">{ format!("#/{}", props.route.page.slug()) }</code></p>
            <p><a href="#/">{ t.back_home }</a></p>
        </section>
    }
}
