use yew::prelude::*;

use super::step::{ComingSoon, StepSection};
use super::ViewProps;
use crate::route::Page;

#[function_component(DrawSection)]
pub fn draw_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    html! {
        <StepSection {lang} page={Page::Draw}>
            <ComingSoon {lang} />
        </StepSection>
    }
}
