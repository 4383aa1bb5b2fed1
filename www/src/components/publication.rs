use yew::prelude::*;

use super::step::{ComingSoon, StepSection};
use super::ViewProps;
use crate::route::Page;

#[function_component(PublicationSection)]
pub fn publication_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    html! {
        <StepSection {lang} page={Page::Publication}>
            <ComingSoon {lang} />
        </StepSection>
    }
}
