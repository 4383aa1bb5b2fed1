use yew::prelude::*;

use super::step::{ComingSoon, StepSection};
use super::ViewProps;
use crate::route::Page;

#[function_component(PlanSection)]
pub fn plan_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    html! {
        <StepSection {lang} page={Page::Plan}>
            <ComingSoon {lang} />
        </StepSection>
    }
}
