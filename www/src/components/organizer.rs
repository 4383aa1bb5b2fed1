//! The organiser's project, shared by the 计划, 承诺 and 抽取 pages: one state for
//! the whole site, read from the browser's draft the first time one of those pages
//! opens (never on the public pages, which have no use for it) and saved after
//! every change.

use std::collections::BTreeMap;
use std::rc::Rc;

use fairdraw::model::Directories;
use fairdraw::problem::Problem;
use fairdraw::protocol::{Commitment, Inputs};
use yew::prelude::*;

use crate::browser::{self, drafts};
use crate::organizer::commit;
use crate::organizer::project::Project;
use crate::organizer::state::{Action, OrganizerState, SaveStatus};

/// What the pages get from the context.
pub type Org = UseReducerHandle<OrganizerState>;

/// The project's current commitment with its inputs (`commit::current`), for every
/// page that shows or draws it: rebuilt once per change of the project, because
/// rebuilding copies the directories and hashes them whole (seconds for a million
/// firms), not once per page or component that needs it.
#[derive(Clone)]
pub struct Committed(pub Rc<Option<Result<(Rc<Inputs>, Commitment), Problem>>>);

impl PartialEq for Committed {
    // By identity: comparing a million firms' inputs on every render would cost what
    // sharing them saves.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct OrganizerProviderProps {
    /// Whether a page that needs the project is shown: the draft is read then.
    pub active: bool,
    #[prop_or_default]
    pub children: Html,
}

fn remembered_choices() -> BTreeMap<String, BTreeMap<String, String>> {
    browser::stored(drafts::CHOICES_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// The year of the browser's clock, for a new project's plan.
fn this_year() -> u32 {
    browser::files::today().get(..4).and_then(|y| y.parse().ok()).unwrap_or_else(|| Project::default().plan.year)
}

#[function_component(OrganizerProvider)]
pub fn organizer_provider(props: &OrganizerProviderProps) -> Html {
    let org = use_reducer(|| OrganizerState::new(remembered_choices()).starting_in(this_year()));
    let requested = use_mut_ref(|| false);

    {
        let dispatcher = org.dispatcher();
        use_effect_with(props.active, move |active| {
            if *active && !*requested.borrow() {
                *requested.borrow_mut() = true;
                yew::platform::spawn_local(async move {
                    match drafts::load().await {
                        Ok(Some(draft)) => match Project::from_draft(&draft.project, draft.directories.as_deref()) {
                            Ok(p) => dispatcher.dispatch(Action::Restored(Some(p))),
                            Err(p) => dispatcher.dispatch(Action::RestoreFailed(p.text.zh)),
                        },
                        Ok(None) => dispatcher.dispatch(Action::Restored(None)),
                        Err(message) => dispatcher.dispatch(Action::RestoreFailed(message)),
                    }
                });
            }
        });
    }
    {
        let org2 = org.clone();
        let in_flight = matches!(org.save, SaveStatus::Saving(_));
        // The directories last written to the draft: written again only when the
        // project holds others (they are shared, not copied, while unchanged).
        let saved_directories = use_mut_ref(|| None::<Rc<Directories>>);
        use_effect_with((org.revision, org.restored, in_flight), move |_| {
            if org2.should_start_save() {
                let revision = org2.revision;
                let project = org2.project.draft_json();
                let current = org2.project.directories.clone();
                let unchanged = saved_directories.borrow().as_ref().is_some_and(|saved| Rc::ptr_eq(saved, &current));
                let directories = (!unchanged).then(|| org2.project.directories_json());
                let dispatcher = org2.dispatcher();
                dispatcher.dispatch(Action::SaveStarted(revision));
                yew::platform::spawn_local(async move {
                    match drafts::save(project, directories).await {
                        Ok(()) => {
                            *saved_directories.borrow_mut() = Some(current);
                            dispatcher.dispatch(Action::Saved(revision));
                        }
                        Err(message) => dispatcher.dispatch(Action::SaveFailed { revision, message }),
                    }
                });
            }
        });
    }
    {
        let target = org.focus_after.clone();
        use_effect_with(org.focus_serial, move |_| {
            if let Some(id) = target {
                browser::focus(&id);
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

    let committed = {
        let org = org.clone();
        Committed(use_memo((org.restored, org.revision), move |_| commit::current(&org.project).map(|c| c.map(|(inputs, commitment)| (Rc::new(inputs), commitment)))))
    };

    html! {
        <ContextProvider<Org> context={org}>
            <ContextProvider<Committed> context={committed}>
                { props.children.clone() }
            </ContextProvider<Committed>>
        </ContextProvider<Org>>
    }
}
