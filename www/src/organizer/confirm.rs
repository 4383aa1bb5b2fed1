//! The actions that delete or replace the organiser's work. Each is asked before it
//! runs, naming what would be lost, and the last one run can be undone (see
//! `state`). The question and the notice after it are made here from the project
//! as it stands, so they name the very task or project concerned.

use crate::i18n::confirm::ConfirmTexts;
use crate::i18n::fill;

use super::project::Project;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destructive {
    DeleteTask(usize),
    /// Rule `.1` of task `.0`.
    DeleteRule(usize, usize),
    /// Condition `.1` of task `.0`.
    DeleteCondition(usize, usize),
    /// Voids the current commitment so that the plan can change again.
    Unlock,
    ReplaceProject(Replacement),
}

/// What takes the current project's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    Demo,
    New,
    /// A project file, already read and found to be one.
    File { name: String, project: Box<Project> },
}

/// The question asked before a destructive action, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub title: String,
    /// What would be lost, in full.
    pub lost: String,
    /// The label of the button that goes ahead.
    pub yes: String,
}

impl Destructive {
    /// Whether it may be asked for on a locked project: unlocking it, or starting a
    /// new one. Everything else would change the committed plan.
    pub fn allowed_when_locked(&self) -> bool {
        matches!(self, Destructive::Unlock | Destructive::ReplaceProject(Replacement::New))
    }

    /// Whether it has something to act on (an index may be stale, a project not locked).
    pub fn applies_to(&self, project: &Project) -> bool {
        let tasks = &project.plan.tasks;
        match *self {
            Destructive::DeleteTask(t) => t < tasks.len(),
            Destructive::DeleteRule(t, r) => tasks.get(t).is_some_and(|task| r < task.sampling.rules.len()),
            Destructive::DeleteCondition(t, c) => tasks.get(t).is_some_and(|task| c < task.filter.len()),
            Destructive::Unlock => project.locked,
            Destructive::ReplaceProject(_) => true,
        }
    }

    /// Whether running it loses nothing, so that it needs no question: replacing a
    /// project still blank.
    pub fn loses_nothing(&self, project: &Project) -> bool {
        matches!(self, Destructive::ReplaceProject(_)) && project.is_blank()
    }

    /// The `id` of the control that asks for it: focus goes back there on cancel.
    pub fn opener_id(&self) -> String {
        match self {
            Destructive::DeleteTask(t) => format!("remove-task-{t}"),
            Destructive::DeleteRule(t, r) => format!("remove-rule-{t}-{r}"),
            Destructive::DeleteCondition(t, c) => format!("remove-condition-{t}-{c}"),
            Destructive::Unlock => "commit-unlock".to_string(),
            Destructive::ReplaceProject(Replacement::Demo) => "load-demo".to_string(),
            Destructive::ReplaceProject(Replacement::New) => "new-project".to_string(),
            Destructive::ReplaceProject(Replacement::File { .. }) => "project-import".to_string(),
        }
    }

    /// The question, naming what of `project` would be lost.
    pub fn question(&self, project: &Project, t: &ConfirmTexts) -> Question {
        let task_number = |i: usize| project.plan.tasks.get(i).map(|task| task.number.clone()).unwrap_or_default();
        let (title, lost, yes) = match self {
            Destructive::DeleteTask(i) => {
                let number = task_number(*i);
                let name = project.plan.tasks.get(*i).map(|task| task.name.as_str()).unwrap_or_default();
                (
                    fill(t.delete_task_title, &[("number", &number)]),
                    fill(t.delete_task_lost, &[("name", name)]),
                    fill(t.delete_task_yes, &[("number", &number)]),
                )
            }
            Destructive::DeleteRule(i, r) => (
                fill(t.delete_rule_title, &[("number", &task_number(*i)), ("n", &(r + 1).to_string())]),
                t.delete_rule_lost.to_string(),
                t.delete_yes.to_string(),
            ),
            Destructive::DeleteCondition(i, c) => (
                fill(t.delete_condition_title, &[("number", &task_number(*i)), ("n", &(c + 1).to_string())]),
                t.delete_condition_lost.to_string(),
                t.delete_yes.to_string(),
            ),
            Destructive::Unlock => {
                let last = project.commitments.last();
                let n = last.map_or(0, |c| c.sequence()).to_string();
                let hash: String = last.map(|c| c.hash().chars().take(16).collect()).unwrap_or_default();
                let mut lost = fill(t.unlock_lost, &[("n", &n), ("hash", &hash)]);
                if last.is_some_and(|c| c.drawn.is_some()) {
                    lost = format!("{lost} {}", t.unlock_drawn_lost);
                }
                (fill(t.unlock_title, &[("n", &n)]), lost, t.unlock_yes.to_string())
            }
            Destructive::ReplaceProject(with) => {
                let (title, yes) = match with {
                    Replacement::Demo => (t.demo_title.to_string(), t.demo_yes),
                    Replacement::New => (t.new_title.to_string(), t.new_yes),
                    Replacement::File { name, .. } => (fill(t.file_title, &[("file", name)]), t.file_yes),
                };
                (title, project_lost(project, t), yes.to_string())
            }
        };
        Question { title, lost: format!("{lost} {}", t.undo_hint), yes }
    }

    /// What the notice says once it ran, `before` being the project it ran on.
    pub fn done(&self, before: &Project, t: &ConfirmTexts) -> String {
        match self {
            Destructive::DeleteTask(i) => {
                let number = before.plan.tasks.get(*i).map(|task| task.number.as_str()).unwrap_or_default();
                fill(t.deleted_task, &[("number", number)])
            }
            Destructive::DeleteRule(..) => t.deleted_rule.to_string(),
            Destructive::DeleteCondition(..) => t.deleted_condition.to_string(),
            Destructive::Unlock => {
                let n = before.commitments.last().map_or(0, |c| c.sequence());
                fill(t.unlocked, &[("n", &n.to_string())])
            }
            Destructive::ReplaceProject(Replacement::Demo) => t.replaced_by_demo.to_string(),
            Destructive::ReplaceProject(Replacement::New) => t.replaced_by_new.to_string(),
            Destructive::ReplaceProject(Replacement::File { name, .. }) => fill(t.replaced_by_file, &[("file", name)]),
        }
    }
}

/// What a replaced project held, in one sentence.
fn project_lost(project: &Project, t: &ConfirmTexts) -> String {
    let plan = &project.plan;
    let name = if plan.name.trim().is_empty() { t.unnamed_plan } else { plan.name.as_str() };
    let d = &project.directories;
    let mut lost = fill(
        t.project_lost,
        &[
            ("name", name),
            ("firms", &d.enterprises.len().to_string()),
            ("people", &d.inspectors.len().to_string()),
            ("tasks", &plan.tasks.len().to_string()),
        ],
    );
    if !project.commitments.is_empty() {
        lost = format!("{lost} {}", t.committed_lost);
    }
    lost
}
