use yew::prelude::*;

use super::step::{ComingSoon, StepSection};
use super::ViewProps;
use crate::route::Page;

#[function_component(CommitSection)]
pub fn commit_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    html! {
        <StepSection {lang} page={Page::Commit}>
            <ComingSoon {lang} />
        </StepSection>
    }
}
