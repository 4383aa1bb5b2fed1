//! The 计划 page: the organiser imports the directories and edits the plan, and
//! sees at once what the draw would take. The project lives in `organizer`, shared
//! with the other pages (and kept as a draft) by `components::organizer`; this
//! renders it and wires its files. A committed project is shown locked.

mod checklist;
mod editor;
mod history;
mod files;
mod picks;
mod preview;
mod project_bar;
mod report;

use yew::prelude::*;

use super::confirm::Safeguards;
use super::organizer::Org;
use super::step::StepSection;
use super::ViewProps;
use crate::i18n::commit::commit_texts;
use crate::i18n::fill;
use crate::organizer::state::OrganizerState;
use crate::route::{self, Page, Route};

/// What every part of the page is given.
#[derive(Properties, PartialEq, Clone)]
pub struct PartProps {
    pub lang: crate::state::Lang,
    pub org: UseReducerHandle<OrganizerState>,
}

#[function_component(PlanSection)]
pub fn plan_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    let Some(org) = use_context::<Org>() else {
        return Html::default();
    };
    let report = super::organizer::use_plan_report(&org);

    let ct = commit_texts(lang);
    let locked = org.project.locked.then(|| org.project.commitments.last().map_or(0, |c| c.sequence()));

    html! {
        <StepSection {lang} page={Page::Plan}>
            <project_bar::ProjectBar {lang} org={org.clone()} />
            <Safeguards {lang} org={org.clone()} />
            if org.restored {
                if let Some(n) = locked {
                    <p class="plan-locked" role="note" data-testid="plan-locked">
                        { fill(ct.plan_locked, &[("n", &n.to_string())]) }{ " " }
                        <a href={route::format(&Route::new(Page::Commit))}>{ ct.go_commit }</a>
                    </p>
                }
                // The consequences stay beside the editor on a wide screen (below it on a
                // narrow one), so that every edit shows its effect where it is made.
                <div class="plan-workspace">
                    // A disabled fieldset disables every control inside: a locked
                    // project's editors cannot be used (the state refuses edits as well).
                    <fieldset class="plan-fields" disabled={locked.is_some()} data-testid="plan-fields">
                        <files::Files {lang} org={org.clone()} />
                        <preview::Preview {lang} org={org.clone()} />
                        <editor::Editor {lang} org={org.clone()} report={report.clone()} />
                    </fieldset>
                    <report::Report {lang} org={org.clone()} report={report.clone()} />
                </div>
            }
        </StepSection>
    }
}
