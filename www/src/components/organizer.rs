//! The organiser's project, shared by the 计划, 承诺 and 抽取 pages: one state for
//! the whole site, read from the browser's draft the first time one of those pages
//! opens (never on the public pages, which have no use for it) and saved after
//! every change.

use std::collections::BTreeMap;
use std::rc::Rc;

use fairdraw::model::Directories;
use fairdraw::problem::Problem;
use fairdraw::protocol::Commitment;
use yew::prelude::*;

use crate::browser::importer::{Importer, Part, Reply};
use crate::browser::{self, drafts};
use crate::organizer::commit;
use crate::organizer::import::{Attempt, ReadRequest, RecordsTaken};
use crate::organizer::project::{DirectoriesDraft, Project};
use crate::organizer::state::{Action, OrganizerState, Reading, SaveStatus};

/// The plan's report (`plan::evaluate`) for the 计划 and 承诺 pages, made again on
/// every change of the project; the directories' own check (every firm's code and
/// text) only when the directories are others, not on each edit of the plan.
#[hook]
pub fn use_plan_report(org: &Org) -> Rc<fairdraw::plan::PlanReport> {
    let checked = use_memo(Same(org.project.directories.clone()), |d| Rc::new(fairdraw::plan::validate_directories(&d.0)));
    let org = org.clone();
    let deps = (org.revision, Same((*checked).clone()));
    (*use_memo(deps, move |(_, checked)| Rc::new(fairdraw::plan::evaluate_checked(&org.project.plan, &org.project.directories, &checked.0)))).clone()
}

/// A shared value compared by identity: comparing a million firms on every render
/// would cost what sharing them saves.
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the pages get from the context.
pub type Org = UseReducerHandle<OrganizerState>;

/// The project's current commitment with its inputs (`commit::current`), for every
/// page that shows or draws it: found once per change of the project, because
/// checking them hashes the directories whole (seconds for a million firms), not
/// once per page or component that needs it.
#[derive(Clone)]
pub struct Committed(pub Rc<Option<Result<(Rc<commit::CurrentInputs>, Commitment), Problem>>>);

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
        let readers = use_mut_ref(Readers::default);
        let (reading, dispatcher) = (org.reading.clone(), org.dispatcher());
        use_effect_with(org.reading.as_ref().map(|r| r.run), move |_| {
            if let Some(reading) = reading {
                start_read(&readers, reading, dispatcher);
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
                let directories = (!unchanged).then(|| DirectoriesDraft::new(current.clone()));
                let dispatcher = org2.dispatcher();
                dispatcher.dispatch(Action::SaveStarted(revision));
                yew::platform::spawn_local(async move {
                    let directories = match directories {
                        Some(json) => Some(drafts::directories_in_parts(json).await),
                        None => None,
                    };
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

type Dispatcher = UseReducerDispatcher<OrganizerState>;

/// Who reads the files the state asks for: the import worker, started at the first
/// CSV file, and the read it was given (read on the page instead if the worker cannot
/// start).
#[derive(Default)]
struct Readers {
    importer: Option<Importer>,
    given: Rc<std::cell::RefCell<Option<Rc<Reading>>>>,
}

/// Reads a CSV file in the import worker; a workbook (its sheets already read by the
/// XLSX module), or any file where no worker runs, on the page.
fn start_read(readers: &std::cell::RefCell<Readers>, reading: Rc<Reading>, dispatcher: Dispatcher) {
    let mut readers = readers.borrow_mut();
    let Some(request) = ReadRequest::of(&reading.file, &reading.choices) else {
        return read_here(reading, dispatcher);
    };
    if readers.importer.is_none() {
        let (given, dispatcher) = (readers.given.clone(), dispatcher.clone());
        readers.importer = Importer::new(move |reply| on_reply(reply, &given, dispatcher.clone()));
    }
    match &readers.importer {
        Some(importer) => {
            *readers.given.borrow_mut() = Some(reading.clone());
            importer.read(reading.run, &reading.file.bytes, &request);
        }
        None => read_here(reading, dispatcher),
    }
}

fn on_reply(reply: Reply, given: &std::cell::RefCell<Option<Rc<Reading>>>, dispatcher: Dispatcher) {
    match reply {
        Reply::Progress { run, done, total } => dispatcher.dispatch(Action::ReadProgress { run, done, total }),
        Reply::Read { run, attempt, records } => yew::platform::spawn_local(take_read(run, attempt, records, dispatcher)),
        // The worker could not start: the page reads the file itself.
        Reply::Failed { run, message, reading } => match given.borrow().clone().filter(|r| r.run == run && !reading) {
            Some(asked) => read_here(asked, dispatcher),
            None => dispatcher.dispatch(Action::ReadFailed { run, message }),
        },
    }
}

/// The worker's answer read back, one part of the records per task, so that the
/// page answers between parts.
async fn take_read(run: u64, attempt: String, parts: Option<Vec<Part>>, dispatcher: Dispatcher) {
    let attempt: Attempt = match serde_json::from_str(&attempt) {
        Ok(a) => a,
        Err(e) => return dispatcher.dispatch(Action::ReadFailed { run, message: e.to_string() }),
    };
    let mut records = parts.as_ref().map(|_| RecordsTaken::expecting(attempt.kind, attempt.accepted.unwrap_or(0)));
    for part in parts.iter().flatten() {
        yew::platform::time::sleep(std::time::Duration::ZERO).await;
        if let Some(Err(message)) = records.as_mut().map(|r| r.take(&part.bytes())) {
            return dispatcher.dispatch(Action::ReadFailed { run, message });
        }
    }
    dispatcher.dispatch(Action::Read { run, attempt: Rc::new(attempt), records: records.map(RecordsTaken::records) });
}

/// Reads the file on the page, once it has shown that it is reading.
fn read_here(reading: Rc<Reading>, dispatcher: Dispatcher) {
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(std::time::Duration::ZERO).await;
        let (attempt, records) = reading.here();
        dispatcher.dispatch(Action::Read { run: reading.run, attempt: Rc::new(attempt), records });
    });
}
