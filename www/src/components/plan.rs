//! The 计划 page: the organiser imports the directories and edits the plan, and
//! sees at once what the draw would take. The project lives in `organizer`; this
//! only wires it to the browser (draft storage, files) and renders it.

mod editor;
mod files;
mod preview;
mod project_bar;
mod report;

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use super::step::StepSection;
use super::ViewProps;
use crate::browser::{self, drafts};
use crate::organizer::project::Project;
use crate::organizer::state::{Action, OrganizerState};
use crate::route::Page;

/// What every part of the page is given.
#[derive(Properties, PartialEq, Clone)]
pub struct PartProps {
    pub lang: crate::state::Lang,
    pub org: UseReducerHandle<OrganizerState>,
}

fn remembered_choices() -> BTreeMap<String, BTreeMap<String, String>> {
    browser::stored(drafts::CHOICES_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

#[function_component(PlanSection)]
pub fn plan_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    let org = use_reducer(|| OrganizerState::new(remembered_choices()));

    {
        let dispatcher = org.dispatcher();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match drafts::load().await {
                    Ok(Some(text)) => match Project::from_json(&text) {
                        Ok(p) => dispatcher.dispatch(Action::Restored(Some(p))),
                        Err(p) => dispatcher.dispatch(Action::RestoreFailed(p.zh)),
                    },
                    Ok(None) => dispatcher.dispatch(Action::Restored(None)),
                    Err(message) => dispatcher.dispatch(Action::RestoreFailed(message)),
                }
            });
        });
    }
    {
        let org2 = org.clone();
        use_effect_with((org.revision, org.restored), move |_| {
            if org2.needs_save() {
                let revision = org2.revision;
                let json = org2.project.to_json();
                let dispatcher = org2.dispatcher();
                dispatcher.dispatch(Action::SaveStarted(revision));
                wasm_bindgen_futures::spawn_local(async move {
                    match drafts::save(json).await {
                        Ok(()) => dispatcher.dispatch(Action::Saved(revision)),
                        Err(message) => dispatcher.dispatch(Action::SaveFailed { revision, message }),
                    }
                });
            }
        });
    }
    use_effect_with(org.remembered.clone(), |remembered| {
        if !remembered.is_empty() {
            if let Ok(json) = serde_json::to_string(remembered) {
                browser::store(drafts::CHOICES_KEY, &json);
            }
        }
    });
    let report = {
        let org = org.clone();
        use_memo(org.revision, move |_| Rc::new(fairdraw::plan::evaluate(&org.project.plan, &org.project.directories)))
    };

    html! {
        <StepSection {lang} page={Page::Plan}>
            <project_bar::ProjectBar {lang} org={org.clone()} />
            if org.restored {
                <files::Files {lang} org={org.clone()} />
                <preview::Preview {lang} org={org.clone()} />
                <editor::Editor {lang} org={org.clone()} />
                <report::Report {lang} org={org.clone()} report={(*report).clone()} />
            }
        </StepSection>
    }
}
