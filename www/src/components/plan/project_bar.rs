use yew::prelude::*;

use super::PartProps;
use crate::browser::files;
use crate::i18n::plan::plan_texts;
use crate::organizer::confirm::{Destructive, Replacement};
use crate::organizer::project::Project;
use crate::organizer::state::{Action, SaveStatus};

/// Save state, demo, new, export and open of the whole project.
#[function_component(ProjectBar)]
pub fn project_bar(props: &PartProps) -> Html {
    let t = plan_texts(props.lang);
    let org = &props.org;
    let (state, line) = if !org.restored {
        ("restoring", t.restoring.to_string())
    } else {
        match &org.save {
            SaveStatus::Unchanged => ("unchanged", t.unchanged.to_string()),
            SaveStatus::Saving(_) => ("saving", t.saving.to_string()),
            SaveStatus::Saved(r) if *r == org.revision => ("saved", t.saved.to_string()),
            SaveStatus::Saved(_) => ("saving", t.saving.to_string()),
            SaveStatus::Failed { message, .. } => ("failed", t.save_failed.replace("{msg}", message)),
        }
    };
    let ask = |what: Destructive| {
        let org = org.clone();
        Callback::from(move |_: MouseEvent| org.dispatch(Action::AskConfirm(what.clone())))
    };
    let on_demo = ask(Destructive::ReplaceProject(Replacement::Demo));
    let on_new = ask(Destructive::ReplaceProject(Replacement::New));
    let on_export = {
        let org = org.clone();
        Callback::from(move |_: MouseEvent| {
            let p = &org.project;
            let name = format!("抽查项目-{}.json", if p.plan.number.is_empty() { "草稿" } else { p.plan.number.as_str() });
            files::download(&name, "application/json", &p.to_json_pretty());
        })
    };
    let on_open = {
        let org = org.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = files::take_first_chosen(&e) {
                let org = org.clone();
                yew::platform::spawn_local(async move {
                    let name = file.name();
                    match files::read_text(&file).await.map(|text| Project::from_json(&text)) {
                        Some(Ok(project)) => {
                            let with = Replacement::File { name, project: Box::new(project) };
                            org.dispatch(Action::AskConfirm(Destructive::ReplaceProject(with)))
                        }
                        Some(Err(problem)) => org.dispatch(Action::ShowNotice(problem)),
                        None => org.dispatch(Action::FileUnreadable { name }),
                    }
                });
            }
        })
    };
    html! {
        <div class="project-bar">
            <h2>{ t.project_heading }</h2>
            <p class={classes!("save-status", format!("save-{state}"))} data-testid="save-status" data-state={state}
               role={if state == "failed" { "alert" } else { "status" }}>{ line }</p>
            if let Some(msg) = &org.restore_failed {
                <p class="save-status save-failed" role="alert" data-testid="restore-failed">{ t.restore_failed.replace("{msg}", msg) }</p>
            }
            if org.restored {
                <div class="project-actions">
                    <button type="button" id="load-demo" data-testid="load-demo" onclick={on_demo}>{ t.load_demo }</button>
                    <button type="button" data-testid="project-export" onclick={on_export}>{ t.export }</button>
                    <label class="file-button">
                        { t.import_project }
                        <input type="file" accept=".json,application/json" id="project-import" data-testid="project-import" onchange={on_open} />
                    </label>
                    <button type="button" class="secondary" id="new-project" data-testid="new-project" onclick={on_new}>{ t.new_project }</button>
                </div>
            }
            if let Some(p) = &org.notice {
                <p class="plan-notice" role="alert" data-testid="plan-notice">
                    { if props.lang == crate::state::Lang::Zh { p.line_zh() } else { p.line_en() } }
                </p>
            }
        </div>
    }
}
