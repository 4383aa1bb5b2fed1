use yew::prelude::*;

use super::step::{ComingSoon, StepSection};
use super::ViewProps;
use crate::i18n::texts;
use crate::route::Page;

/// The query parameter naming the published files to check, as linked from a notice.
pub const BUNDLE_PARAM: &str = "bundle";

#[function_component(VerifySection)]
pub fn verify_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    let t = texts(lang);
    // Shown as text only: nothing is fetched until the verifier is in place.
    let bundle = props.route.param(BUNDLE_PARAM).filter(|b| !b.trim().is_empty()).map(|bundle| {
        html! {
            <p class="bundle-given" data-testid="verify-bundle">
                { t.verify_bundle_given }<code class="wrap-anywhere">{ bundle }</code>
            </p>
        }
    });
    html! {
        <StepSection {lang} page={Page::Verify}>
            { for bundle }
            <ComingSoon {lang} />
        </StepSection>
    }
}
