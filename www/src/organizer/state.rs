//! The 计划 page's state and the only ways it changes, reducer style.

use std::collections::BTreeMap;
use std::rc::Rc;

use fairdraw::import::{FileKind, Records, TextEncoding};
use fairdraw::model::{Directories, Task};
use fairdraw::problem::Problem;
use yew::Reducible;

use super::choices;
use super::commit::{self, ChainLink, CommitRecord};
use fairdraw::organizer::KeptDraw;
use super::confirm::{Destructive, Replacement};
use super::edit::{self, ConditionField, PlanField, RuleField, TaskField};
use super::import::{attempt, replaced, Attempt, PendingFile};
use super::project::{kind_code, Project, Source};

/// Whether the draft in the browser matches what is on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Nothing changed since the draft was read (or there is none yet).
    Unchanged,
    /// Saving the given revision.
    Saving(u64),
    Saved(u64),
    /// The browser refused; the message is the browser's own.
    Failed { revision: u64, message: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizerState {
    pub project: Project,
    /// Bumped on every change of the project: drives the autosave and the report.
    pub revision: u64,
    /// False until the draft kept in the browser has been read: nothing is saved
    /// before, so an empty page never overwrites a draft.
    pub restored: bool,
    /// Why the draft could not be read, when it could not.
    pub restore_failed: Option<String>,
    pub save: SaveStatus,
    /// Column choices remembered in this browser across projects (file kind code →
    /// header → field); the project's own choices win.
    pub remembered: BTreeMap<String, BTreeMap<String, String>>,
    /// The file being imported, kept to re-read it with another encoding or mapping.
    /// Shared, as the project's directories are, so that an action copies neither.
    pub pending: Option<Rc<PendingFile>>,
    pub attempt: Option<Rc<Attempt>>,
    /// The pending file being read, asked of the page (which reads it in its import
    /// worker, or itself) and answered with [`Action::Read`].
    pub reading: Option<Rc<Reading>>,
    /// Reads asked so far: each has its number, and only the last one's answer counts.
    pub reads: u64,
    /// The last edit or file refused, with the reason.
    pub notice: Option<Problem>,
    /// The destructive action waiting for the user's yes or no.
    pub confirming: Option<Destructive>,
    /// The last destructive action run, with the project as it was before: kept
    /// until the next change of the project, so undo restores exactly that.
    pub undo: Option<Undo>,
    /// The element (`id`) the page should move the keyboard focus to, asked anew
    /// each time `focus_serial` changes: back to what asked a question on cancel,
    /// to the undo notice after a destructive action.
    pub focus_after: Option<String>,
    pub focus_serial: u64,
    /// The year a new project's plan is for.
    pub this_year: u32,
}

/// A read of the pending file, asked and not yet answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Its number ([`OrganizerState::reads`]).
    pub run: u64,
    pub file: Rc<PendingFile>,
    /// The column choices it reads the file with.
    pub choices: BTreeMap<String, String>,
    /// Data rows read so far and the table's data rows, once told.
    pub rows: Option<(u64, u64)>,
}

impl Reading {
    /// Reads the file here, at once: what the worker does away from the page.
    pub fn here(&self) -> (Attempt, Option<Records>) {
        attempt(&self.file, &self.choices)
    }
}

/// What [`Action::Undo`] restores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undo {
    /// What was done (a project file's contents left out).
    pub what: Destructive,
    pub before: Project,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The draft kept in the browser, if any.
    Restored(Option<Project>),
    RestoreFailed(String),
    /// A file's bytes, read from the picker or a drop.
    ImportFile(PendingFile),
    /// A file that could not be read at all.
    FileUnreadable { name: String },
    SetEncoding(TextEncoding),
    /// The sheet of the pending workbook to import (an index into its sheets).
    SetSheet(usize),
    /// Something that went wrong outside an import, e.g. a template that could not be made.
    ShowNotice(Problem),
    /// The user says what a column of the pending file holds ("" = ignore it).
    MapColumn { header: String, target: String },
    /// The header's row in the file being imported, as the spreadsheet numbers it;
    /// `None` finds it again.
    SetHeaderRow(Option<u64>),
    /// How far read `run` has got: data rows read of the table's.
    ReadProgress { run: u64, done: u64, total: u64 },
    /// The answer to read `run`: what the preview shows, and the records when the
    /// file imported.
    Read { run: u64, attempt: Rc<Attempt>, records: Option<Records> },
    /// Read `run` could not be made (the reader itself failed, not the file).
    ReadFailed { run: u64, message: String },
    CloseImport,
    /// The demo, a blank project, a project file: each replaces the project at once,
    /// unasked. The page asks first (`AskConfirm`), and the question runs these.
    LoadDemo,
    NewProject,
    OpenProject(String),
    SetPlanField(PlanField, String),
    /// What the history records of one department (检查机关) count as: the plan's own
    /// department, the level above, or neither.
    SetHistoryDepartment(String, fairdraw::departments::DepartmentRole),
    /// Replaces a checklist category (适用行业) by one of the directory's industries,
    /// or (`None`) drops it so that its items apply to every firm.
    MapChecklistCategory { from: String, to: Option<String> },
    /// Declares an enterprise field public (`true`) or confidential (SPEC §10.1).
    SetPublicField(String, bool),
    SetTaskField(usize, TaskField, String),
    SetRuleField(usize, usize, RuleField, String),
    SetConditionField(usize, usize, ConditionField, String),
    /// The values typed beside a condition's pick list, for those the enterprise
    /// directory does not hold; the values picked from the list stay.
    SetConditionOthers(usize, usize, String),
    /// A rule's value for one stratification field, picked from the directory's
    /// values; `None` is “any”.
    SetRuleWhen { task: usize, rule: usize, field: String, value: Option<String> },
    AddTask,
    /// Deletes at once, unasked, as the other `Remove…` do (the page asks first).
    RemoveTask(usize),
    AddRule(usize),
    RemoveRule(usize, usize),
    AddCondition(usize),
    RemoveCondition(usize, usize),
    SaveStarted(u64),
    Saved(u64),
    SaveFailed { revision: u64, message: String },
    /// A commitment made of the project at `revision` (see `organizer::commit`):
    /// kept, and the project locked to it, unless the project has changed since
    /// (the commitment is made off the page's thread, and the page answers meanwhile).
    Committed { revision: u64, record: Box<CommitRecord> },
    /// Unlocks a committed project for changes, unasked; its next commitment
    /// supersedes the last.
    Unlock,
    /// Asks before a destructive action; one that would lose nothing (replacing a
    /// blank project) runs at once.
    AskConfirm(Destructive),
    /// The user's yes to the action asked about.
    Confirm,
    /// The user's no: nothing changes, and the focus goes back where it was.
    Cancel,
    /// Restores the project as it was before the last destructive action.
    Undo,
    /// Closes the undo notice.
    DismissUndo,
    /// Where the project's first commitment continues the department's chain.
    SetChainStart(ChainLink),
    /// A verified time-stamp token (hex) witnessing the current commitment.
    AddWitness(String),
    /// The current commitment (named by its hash) was drawn: what rebuilds the same
    /// documents is kept with it. A commitment keeps its first draw.
    Drew { commitment: String, kept: Box<KeptDraw> },
}

impl Action {
    /// Whether the action may run on a locked project: saving, reading the draft,
    /// closing an import, unlocking, and starting a new project (which keeps the
    /// department's chain), and questions and undo (which check what they run
    /// themselves). Everything else changes or replaces the committed plan or
    /// directories, or commits it again.
    fn allowed_when_locked(&self) -> bool {
        matches!(
            self,
            Action::Restored(_)
                | Action::RestoreFailed(_)
                | Action::ReadProgress { .. }
                | Action::Read { .. }
                | Action::ReadFailed { .. }
                | Action::FileUnreadable { .. }
                | Action::ShowNotice(_)
                | Action::CloseImport
                | Action::NewProject
                | Action::SaveStarted(_)
                | Action::Saved(_)
                | Action::SaveFailed { .. }
                | Action::Unlock
                | Action::SetChainStart(_)
                | Action::AddWitness(_)
                | Action::Drew { .. }
                | Action::AskConfirm(_)
                | Action::Confirm
                | Action::Cancel
                | Action::Undo
                | Action::DismissUndo
        )
    }
}

/// Why an edit of a locked project was refused, and what to do instead.
pub fn locked_notice(sequence: u64) -> Problem {
    Problem::new(
        format!(
            "本项目已作出第 {sequence} 号承诺，计划和名录已锁定，不能修改。确需修改，请到“承诺”页点“修改计划（需重新承诺）”：改后必须重新承诺（序号加 1），原承诺也要公布。"
        ),
        format!(
            "this project is committed (commitment number {sequence}): the plan and directories are locked. To change them, press “Change the plan (new commitment needed)” on the Commit page: a new commitment (the next number) is then needed, and the old one is published as well."
        ),
    )
}

impl OrganizerState {
    pub fn new(remembered: BTreeMap<String, BTreeMap<String, String>>) -> OrganizerState {
        OrganizerState {
            project: Project::default(),
            revision: 0,
            restored: false,
            restore_failed: None,
            save: SaveStatus::Unchanged,
            remembered,
            pending: None,
            attempt: None,
            reading: None,
            reads: 0,
            notice: None,
            confirming: None,
            undo: None,
            focus_after: None,
            focus_serial: 0,
            this_year: Project::default().plan.year,
        }
    }

    /// The state of a browser whose clock says `year`: a new project is for that
    /// year, the first one included (unless a draft is restored over it).
    pub fn starting_in(mut self, year: u32) -> OrganizerState {
        self.this_year = year;
        if self.project.is_blank() {
            self.project = Project::blank(year);
        }
        self
    }

    /// The column choices in force for a kind: remembered ones, then the project's.
    pub fn choices(&self, kind: FileKind) -> BTreeMap<String, String> {
        let mut c = self.remembered.get(kind_code(kind)).cloned().unwrap_or_default();
        c.extend(self.project.choices(kind));
        c
    }

    /// Whether the draft needs saving: restored, and changed since the last save.
    /// Whether to write the draft now: it needs saving and no write is in flight.
    /// One write at a time, so that an older draft can never be written over a newer
    /// one; when a write ends, the next starts with the latest revision.
    pub fn should_start_save(&self) -> bool {
        self.needs_save() && !matches!(self.save, SaveStatus::Saving(_))
    }

    pub fn needs_save(&self) -> bool {
        self.restored
            && self.revision > 0
            && match &self.save {
                SaveStatus::Unchanged => true,
                SaveStatus::Saving(r) | SaveStatus::Saved(r) => *r < self.revision,
                SaveStatus::Failed { revision, .. } => *revision < self.revision,
            }
    }

    /// The draft's state in one word, for pages that only need to say whether the
    /// latest change is kept: `restoring`, `unchanged`, `saving`, `saved`, `failed`.
    pub fn save_code(&self) -> &'static str {
        if !self.restored {
            return "restoring";
        }
        if self.needs_save() {
            return "saving";
        }
        match &self.save {
            SaveStatus::Unchanged => "unchanged",
            SaveStatus::Saving(_) => "saving",
            SaveStatus::Saved(_) => "saved",
            SaveStatus::Failed { .. } => "failed",
        }
    }

    fn changed(&mut self) {
        self.revision += 1;
    }

    /// Asks for the pending file to be read (again); the answer replaces the preview.
    fn run_pending(&mut self) {
        let Some(file) = self.pending.clone() else { return };
        self.reads += 1;
        let choices = self.choices(file.kind);
        self.reading = Some(Rc::new(Reading { run: self.reads, file, choices, rows: None }));
    }

    fn read_progress(&mut self, run: u64, done: u64, total: u64) {
        if let Some(reading) = self.reading.as_mut().filter(|r| r.run == run) {
            Rc::make_mut(reading).rows = Some((done, total));
        }
    }

    /// The answer to the read asked last; an earlier read's answer, or one arriving
    /// after the import was closed, is dropped. Records read while the project was
    /// being locked are refused as any import then is.
    fn read(&mut self, run: u64, a: Rc<Attempt>, read: Option<Records>) {
        let Some(reading) = self.reading.take_if(|r| r.run == run) else { return };
        if self.project.locked {
            self.refuse_locked();
            return;
        }
        let file = reading.file.clone();
        if let Some(read) = read {
            let records = read.len() as u64;
            self.project.directories = Rc::new(replaced(&self.project.directories, read));
            let warnings = a.problems.clone();
            self.project.sources.set(
                file.kind,
                Some(Source { file: file.name.clone(), encoding: a.used, records, warnings }),
            );
            self.changed();
        }
        self.attempt = Some(a);
    }

    fn edit(&mut self, result: Result<(), Problem>) {
        match result {
            Ok(()) => {
                self.notice = None;
                self.changed();
            }
            Err(p) => self.notice = Some(p),
        }
    }

    /// Starts another project in place of this one. Where each department's real
    /// chain stands goes with it, this project's department included, so that the
    /// department's next project goes on from here and another department's does not.
    fn replace_project(&mut self, project: Project) {
        // A file still being read was chosen for the project replaced, not this one.
        if self.reading.take().is_some() {
            self.pending = None;
            self.attempt = None;
        }
        let department = self.project.plan.department.clone();
        let links = [false, true].map(|rehearsal| commit::next_link(&self.project, rehearsal));
        let mut carried = [std::mem::take(&mut self.project.chains), std::mem::take(&mut self.project.rehearsal_chains)];
        for (chains, link) in carried.iter_mut().zip(links) {
            if link != fairdraw::organizer::ChainLink::default() && !department.is_empty() {
                chains.insert(department.clone(), link);
            }
        }
        self.project = project;
        let [real, rehearsal] = carried;
        for (mine, chains) in [(&mut self.project.chains, real), (&mut self.project.rehearsal_chains, rehearsal)] {
            for (department, link) in chains {
                let known = mine.entry(department).or_insert_with(|| link.clone());
                if known.sequence < link.sequence {
                    *known = link;
                }
            }
        }
    }

    fn refuse_locked(&mut self) {
        let sequence = self.project.commitments.last().map_or(0, |c| c.sequence());
        self.notice = Some(locked_notice(sequence));
    }

    /// One action. A question pending or an undo offered does not outlive a change
    /// of the project other than the one confirmed: it would then concern another
    /// project than the one the user saw.
    pub fn apply(mut self, action: Action) -> OrganizerState {
        if self.project.locked && !action.allowed_when_locked() {
            self.refuse_locked();
            return self;
        }
        let revision = self.revision;
        let confirmed = matches!(action, Action::Confirm);
        self.run(action);
        if self.revision != revision && !confirmed {
            self.confirming = None;
            self.undo = None;
        }
        self
    }

    /// One action, by group: the draft kept in the browser, the file being imported,
    /// the whole project, questions and undo, and edits of the plan. Each arm names
    /// what it does.
    fn run(&mut self, action: Action) {
        match action {
            Action::Restored(project) => self.restore(project),
            Action::RestoreFailed(message) => {
                self.restored = true;
                self.restore_failed = Some(message);
            }
            Action::SaveStarted(r) => self.save = SaveStatus::Saving(r),
            Action::Saved(r) => self.saved(r),
            Action::SaveFailed { revision, message } => self.save = SaveStatus::Failed { revision, message },

            Action::ImportFile(file) => {
                // The preview of the file before would be taken for this one's.
                self.attempt = None;
                self.pending = Some(Rc::new(file));
                self.run_pending();
            }
            Action::FileUnreadable { name } => {
                self.notice = Some(Problem::new("无法读取这个文件", "could not read this file").in_file(name));
            }
            Action::SetEncoding(encoding) => self.set_encoding(encoding),
            Action::SetSheet(index) => self.set_sheet(index),
            Action::ShowNotice(problem) => self.notice = Some(problem),
            Action::MapColumn { header, target } => self.map_column(header, target),
            Action::SetHeaderRow(row) => {
                if let Some(p) = &mut self.pending {
                    Rc::make_mut(p).header_row = row;
                }
                self.run_pending();
            }
            Action::ReadProgress { run, done, total } => self.read_progress(run, done, total),
            Action::Read { run, attempt, records } => self.read(run, attempt, records),
            Action::ReadFailed { run, message } => {
                if self.reading.take_if(|r| r.run == run).is_some() {
                    self.notice = Some(Problem::new(
                        format!("读取文件时出错：{message}。文件很大时，可能是浏览器的内存不够：请改用命令行 fairdraw commit 读取这份名录"),
                        format!("reading the file failed: {message}. For a very large file the browser may have run out of memory: read this directory with the command line's fairdraw commit instead"),
                    ));
                }
            }
            Action::CloseImport => self.close_import(),

            Action::LoadDemo => self.load_demo(),
            Action::NewProject => self.start_another(Project::blank(self.this_year)),
            Action::OpenProject(text) => match Project::from_json(&text) {
                Ok(p) => self.open_project(p),
                Err(p) => self.notice = Some(p),
            },
            Action::Committed { revision, record } => self.committed(revision, *record),
            Action::Unlock => self.unlock(),
            Action::AskConfirm(what) => self.ask(what),
            Action::Confirm => self.confirm(),
            Action::Cancel => {
                if let Some(what) = self.confirming.take() {
                    self.request_focus(what.opener_id());
                }
            }
            Action::Undo => self.undo(),
            Action::DismissUndo => self.undo = None,
            Action::SetChainStart(link) => self.set_chain_start(link),
            Action::Drew { commitment, kept } => self.drew(&commitment, *kept),
            Action::AddWitness(token) => {
                if let Some(record) = self.project.commitments.last_mut().filter(|r| !r.witnesses.contains(&token)) {
                    record.witnesses.push(token);
                    self.changed();
                }
            }

            Action::SetPlanField(field, value) => {
                let result = edit::set_plan(&mut self.project.plan, field, &value);
                self.edit(result);
            }
            Action::SetHistoryDepartment(name, role) => {
                let project = &mut self.project;
                // Copies the directories (they are shared with the state before); a
                // department's role is set seldom, unlike the plan's fields.
                let mut directories = Directories::clone(&project.directories);
                if fairdraw::departments::set_department_role(&mut project.plan, &mut directories.history, &name, role) {
                    project.directories = Rc::new(directories);
                    self.changed();
                }
            }
            Action::MapChecklistCategory { from, to } => {
                let mut directories = Directories::clone(&self.project.directories);
                if fairdraw::applicability::map_category(&mut directories.checklist, &from, to.as_deref()) {
                    self.project.directories = Rc::new(directories);
                    self.changed();
                }
            }
            Action::SetPublicField(field, public) => {
                let result = edit::set_public_field(&mut self.project.plan, &field, public);
                self.edit(result);
            }
            Action::SetTaskField(t, field, value) => self.edit_task(t, |task| Some(edit::set_task(task, field, &value))),
            Action::SetRuleField(t, i, field, value) => {
                self.edit_task(t, |task| Some(edit::set_rule(task.sampling.rules.get_mut(i)?, field, &value)))
            }
            Action::SetConditionField(t, i, field, value) => {
                self.edit_task(t, |task| Some(edit::set_condition(task.filter.get_mut(i)?, field, &value)))
            }
            Action::SetConditionOthers(t, i, value) => self.set_condition_others(t, i, &value),
            Action::SetRuleWhen { task, rule, field, value } => self.edit_task(task, |task| {
                edit::set_rule_when(task.sampling.rules.get_mut(rule)?, &field, value.as_deref());
                Some(Ok(()))
            }),
            Action::AddTask => {
                let task = edit::new_task(&self.project.plan);
                self.project.plan.tasks.push(task);
                self.changed();
            }
            Action::RemoveTask(t) => {
                self.carry_out(Destructive::DeleteTask(t));
            }
            Action::AddRule(t) => self.reshape_task(t, |task| {
                task.sampling.rules.push(edit::new_rule());
                true
            }),
            Action::RemoveRule(t, i) => {
                self.carry_out(Destructive::DeleteRule(t, i));
            }
            Action::AddCondition(t) => self.reshape_task(t, |task| {
                task.filter.push(edit::new_condition());
                true
            }),
            Action::RemoveCondition(t, i) => {
                self.carry_out(Destructive::DeleteCondition(t, i));
            }
        }
    }

    fn request_focus(&mut self, id: String) {
        self.focus_after = Some(id);
        self.focus_serial += 1;
    }

    fn ask(&mut self, what: Destructive) {
        if self.project.locked && !what.allowed_when_locked() {
            self.refuse_locked();
        } else if what.loses_nothing(&self.project) {
            self.carry_out(what);
        } else if what.applies_to(&self.project) {
            self.confirming = Some(what);
        }
    }

    /// Runs the action asked about, keeping the project as it was for undo.
    fn confirm(&mut self) {
        let Some(what) = self.confirming.take() else { return };
        if self.project.locked && !what.allowed_when_locked() {
            self.refuse_locked();
            return;
        }
        let before = self.project.clone();
        let revision = self.revision;
        let what = self.carry_out(what);
        if self.revision != revision {
            self.undo = Some(Undo { what, before });
            self.request_focus("undo-bar".to_string());
        }
    }

    /// Runs a destructive action; gives it back without a project file's
    /// contents, which are then in the project.
    fn carry_out(&mut self, what: Destructive) -> Destructive {
        match what {
            Destructive::DeleteTask(t) => {
                if remove_at(&mut self.project.plan.tasks, t) {
                    self.changed();
                }
            }
            Destructive::DeleteRule(t, i) => self.reshape_task(t, |task| remove_at(&mut task.sampling.rules, i)),
            Destructive::DeleteCondition(t, i) => self.reshape_task(t, |task| remove_at(&mut task.filter, i)),
            Destructive::Unlock => self.unlock(),
            Destructive::ReplaceProject(Replacement::Demo) => self.load_demo(),
            Destructive::ReplaceProject(Replacement::New) => self.start_another(Project::blank(self.this_year)),
            Destructive::ReplaceProject(Replacement::File { name, project }) => {
                self.open_project(*project);
                return Destructive::ReplaceProject(Replacement::File { name, project: Box::default() });
            }
        }
        what
    }

    fn undo(&mut self) {
        if let Some(Undo { what, before }) = self.undo.take() {
            self.project = before;
            self.close_import();
            self.notice = None;
            self.changed();
            self.request_focus(what.opener_id());
        }
    }

    fn load_demo(&mut self) {
        let choices = std::mem::take(&mut self.project.header_choices);
        self.start_another(Project::demo());
        self.project.header_choices = choices;
    }

    fn restore(&mut self, project: Option<Project>) {
        if let Some(p) = project {
            self.project = p;
            // A new revision for what is derived from the project (the report),
            // already saved: it is what the browser holds.
            self.changed();
            self.save = SaveStatus::Saved(self.revision);
        }
        self.restored = true;
    }

    fn saved(&mut self, revision: u64) {
        // A slower, older save finishing late does not hide a newer failure.
        if !matches!(&self.save, SaveStatus::Failed { revision: failed, .. } if *failed > revision) {
            self.save = SaveStatus::Saved(revision);
        }
    }

    fn set_encoding(&mut self, encoding: TextEncoding) {
        if let Some(p) = &mut self.pending {
            Rc::make_mut(p).encoding = encoding;
        }
        self.run_pending();
    }

    fn set_sheet(&mut self, index: usize) {
        if let Some(book) = self.pending.as_mut().and_then(|p| Rc::make_mut(p).workbook.as_mut()) {
            book.chosen = index;
        }
        self.run_pending();
    }

    /// Remembers the choice for the project and for this browser, and reads the
    /// pending file again with it.
    fn map_column(&mut self, header: String, target: String) {
        let Some(kind) = self.pending.as_ref().map(|p| p.kind) else { return };
        let code = kind_code(kind).to_string();
        self.project.header_choices.entry(code.clone()).or_default().insert(header.clone(), target.clone());
        self.remembered.entry(code).or_default().insert(header, target);
        self.changed();
        self.run_pending();
    }

    fn close_import(&mut self) {
        self.pending = None;
        self.attempt = None;
        self.reading = None;
    }

    /// Replaces the project (the demo, a new one), continuing the department's chain.
    fn start_another(&mut self, project: Project) {
        self.replace_project(project);
        self.close_import();
        self.notice = None;
        self.changed();
    }

    fn open_project(&mut self, project: Project) {
        self.project = project;
        self.close_import();
        self.notice = None;
        self.changed();
    }

    fn committed(&mut self, revision: u64, record: CommitRecord) {
        if revision != self.revision {
            self.notice = Some(Problem::new(
                "承诺期间项目被修改了，这份承诺没有保存：请检查后重新承诺",
                "the project changed while it was being committed, so that commitment was not kept: check it and commit again",
            ));
            return;
        }
        self.project.commitments.push(record);
        self.project.locked = true;
        self.notice = None;
        self.changed();
    }

    fn drew(&mut self, commitment: &str, kept: KeptDraw) {
        let locked = self.project.locked;
        let current = self.project.commitments.last_mut().filter(|r| locked && r.hash() == commitment);
        if let Some(record) = current.filter(|r| r.drawn.is_none()) {
            record.drawn = Some(kept);
            self.changed();
        }
    }

    /// The draw kept with the current commitment, when it is the one named by its
    /// `commitment` hash and has been drawn.
    pub fn kept_draw(&self, commitment: &str) -> Option<&KeptDraw> {
        let record = self.project.commitments.last().filter(|r| self.project.locked && r.hash() == commitment)?;
        record.drawn.as_ref()
    }

    /// Voids the current commitment: its draw goes with it, so the page offers it no more.
    fn unlock(&mut self) {
        if self.project.locked {
            if let Some(record) = self.project.commitments.last_mut() {
                record.drawn = None;
            }
            self.project.locked = false;
            self.notice = None;
            self.changed();
        }
    }

    fn set_chain_start(&mut self, link: ChainLink) {
        if self.project.commitments.is_empty() && self.project.chain_start != link {
            self.project.chain_start = link;
            self.changed();
        }
    }

    /// A field edit inside task `t`; `change` gives `None` when what it edits does
    /// not exist (a stale index), which changes nothing.
    fn edit_task(&mut self, t: usize, change: impl FnOnce(&mut Task) -> Option<Result<(), Problem>>) {
        if let Some(result) = self.project.plan.tasks.get_mut(t).and_then(change) {
            self.edit(result);
        }
    }

    fn set_condition_others(&mut self, t: usize, i: usize, value: &str) {
        let Some(field) = self.project.plan.tasks.get(t).and_then(|task| task.filter.get(i)).map(|c| c.field.clone()) else {
            return;
        };
        let in_data: Vec<String> = choices::firm_values(&self.project.directories.enterprises, &field)
            .unwrap_or_default()
            .into_iter()
            .map(|(v, _)| v)
            .collect();
        self.edit_task(t, |task| {
            edit::set_condition_others(task.filter.get_mut(i)?, value, &in_data);
            Some(Ok(()))
        });
    }

    /// Adds or removes a rule or condition of task `t`; `change` says whether it did.
    fn reshape_task(&mut self, t: usize, change: impl FnOnce(&mut Task) -> bool) {
        if self.project.plan.tasks.get_mut(t).is_some_and(change) {
            self.changed();
        }
    }
}

/// Removes item `i` if there is one; whether it did.
fn remove_at<T>(items: &mut Vec<T>, i: usize) -> bool {
    let present = i < items.len();
    if present {
        items.remove(i);
    }
    present
}

impl Reducible for OrganizerState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

/// A commitment kept as made of the project as it stands, for the tests.
#[cfg(test)]
impl OrganizerState {
    pub fn with_commitment(self, record: CommitRecord) -> OrganizerState {
        let revision = self.revision;
        self.apply(Action::Committed { revision, record: Box::new(record) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organizer::import::{Workbook, MAX_PROBLEM_ROWS, PREVIEW_ROWS};
    use crate::organizer::confirm::{Destructive, Replacement};
    use fairdraw::import::{SheetRead, Table};

    fn restored() -> OrganizerState {
        OrganizerState::new(BTreeMap::new()).apply(Action::Restored(None))
    }

    /// Answers the read the state asks for, as the page does (here, at once).
    trait ThenRead {
        fn then_read(self) -> Self;
    }

    fn answer(reading: &Reading) -> Action {
        let (attempt, records) = reading.here();
        Action::Read { run: reading.run, attempt: Rc::new(attempt), records }
    }

    impl ThenRead for OrganizerState {
        fn then_read(self) -> Self {
            match self.reading.clone() {
                Some(reading) => self.apply(answer(&reading)),
                None => self,
            }
        }
    }

    impl ThenRead for Rc<OrganizerState> {
        fn then_read(self) -> Self {
            match self.reading.clone() {
                Some(reading) => self.reduce(answer(&reading)),
                None => self,
            }
        }
    }

    #[test]
    fn a_file_is_read_when_asked_and_only_the_last_read_asked_counts() {
        let csv = "执法证号,姓名,单位,部门,片区,执法类别,执法证有效期至,专家,状态\n35010021001,林晓明,鼓楼所,市场监管,鼓楼所,食品安全,2027-06-30,否,在岗\n";
        let s = restored().apply(Action::ImportFile(file(FileKind::Inspectors, "人员.csv", csv.as_bytes())));
        // Asked, not yet read: nothing imported, no preview.
        let first = s.reading.clone().expect("a read is asked");
        assert!(s.attempt.is_none() && s.project.directories.inspectors.is_empty() && s.revision == 0);
        let s = s.apply(Action::ReadProgress { run: first.run, done: 1, total: 1 });
        assert_eq!(s.reading.as_ref().unwrap().rows, Some((1, 1)));

        // Another encoding asks again: the first read's progress and answer are dropped.
        let s = s.apply(Action::SetEncoding(TextEncoding::Utf8));
        let second = s.reading.clone().unwrap();
        assert!(second.run > first.run && second.rows.is_none());
        let s = s.apply(Action::ReadProgress { run: first.run, done: 1, total: 1 });
        assert_eq!(s.reading.as_ref().unwrap().rows, None, "an earlier read's progress is not shown");
        let s = s.apply(answer(&first));
        assert!(s.attempt.is_none() && s.project.directories.inspectors.is_empty(), "an earlier read's answer is dropped");

        // The last read's answer imports.
        let s = s.apply(answer(&second));
        assert!(s.reading.is_none());
        assert_eq!(s.project.directories.inspectors.len(), 1);
        assert_eq!(s.attempt.as_ref().unwrap().accepted, Some(1));

        // Another file: the preview of the last one goes at once.
        let s = s.apply(Action::ImportFile(file(FileKind::Inspectors, "人员2.csv", csv.as_bytes())));
        assert!(s.attempt.is_none() && s.reading.is_some());

        // Closed while reading: the answer arriving later changes nothing.
        let s = s.apply(Action::ImportFile(file(FileKind::Inspectors, "人员2.csv", csv.as_bytes())));
        let third = s.reading.clone().unwrap();
        let s = s.apply(Action::CloseImport);
        let revision = s.revision;
        let s = s.apply(answer(&third));
        assert!(s.attempt.is_none() && s.revision == revision);

        // The reader itself failing says so, once, and asks nothing more.
        let s = s.apply(Action::ImportFile(file(FileKind::Inspectors, "人员3.csv", csv.as_bytes())));
        let fourth = s.reading.clone().unwrap();
        let s = s.apply(Action::ReadFailed { run: fourth.run, message: "out of memory".into() });
        assert!(s.reading.is_none());
        assert!(s.notice.as_ref().is_some_and(|n| n.text.en.contains("out of memory")), "{:?}", s.notice);
    }

    fn file(kind: FileKind, name: &str, bytes: &[u8]) -> PendingFile {
        PendingFile {
            kind,
            name: name.into(),
            bytes: Rc::new(bytes.to_vec()),
            encoding: TextEncoding::Auto,
            today: "2026-11-01".into(),
            workbook: None,
            header_row: None,
        }
    }

    fn sheet(name: &str, rows: &[&[&str]], problems: Vec<Problem>) -> SheetRead {
        let records = rows.iter().enumerate().map(|(i, r)| (i as u64 + 1, r.iter().map(|c| c.to_string()).collect())).collect();
        SheetRead { name: name.into(), table: Table::from_records("人员.xlsx", records), problems }
    }

    fn workbook(sheets: Result<Vec<SheetRead>, Vec<Problem>>) -> PendingFile {
        PendingFile { bytes: Rc::default(), workbook: Some(Workbook { sheets: Rc::new(sheets), chosen: 0 }), ..file(FileKind::Inspectors, "人员.xlsx", b"") }
    }

    #[test]
    fn a_workbook_imports_the_chosen_sheet_and_its_cell_problems_block_it() {
        let header: &[&str] = &["执法证号", "姓名", "执法证有效期至"];
        let lost = Problem::new("单元格 A3 的数字超过 15 位有效数字", "cell A3 has more than 15 digits").in_file("人员.xlsx").at(3, "执法证号");
        let sheets = vec![
            sheet("填写说明", &[&["说明"], &["执法证号请设置为文本格式"]], Vec::new()),
            sheet("人员", &[header, &["35010021001", "林晓明", "2027-06-30"], &["350102199001011000", "赵强", "2027-03-01"]], vec![lost]),
            sheet("人员（改）", &[header, &["35010021001", "林晓明", "2027-06-30"]], Vec::new()),
        ];
        let s = restored().apply(Action::ImportFile(workbook(Ok(sheets)))).then_read();
        let a = s.attempt.as_ref().expect("attempt");
        assert!(a.workbook && a.used.is_none());
        assert_eq!(a.sheets, ["填写说明", "人员", "人员（改）"]);
        assert!(a.has_errors(), "the notes sheet has no 执法证号");
        let s = s.apply(Action::SetSheet(1)).then_read();
        let a = s.attempt.as_ref().expect("attempt");
        assert_eq!(a.sheet, 1);
        // The records read, but the cell with lost digits keeps the file out.
        assert_eq!(a.error_count(), 1, "{:?}", a.problems);
        assert_eq!(a.cell_problems(3, "执法证号").len(), 1);
        assert!(s.project.directories.inspectors.is_empty() && s.revision == 0);
        let s = s.apply(Action::SetSheet(2)).then_read();
        let a = s.attempt.as_ref().expect("attempt");
        assert_eq!(a.accepted, Some(1), "{:?}", a.problems);
        assert_eq!(s.project.directories.inspectors[0].id, "35010021001");
        let src = s.project.sources.inspectors.as_ref().expect("source");
        assert_eq!((src.file.as_str(), src.encoding), ("人员.xlsx", None));
    }

    #[test]
    fn the_page_keeps_only_the_rows_its_preview_shows() {
        // 200 inspectors, every third from row 100 on without a name: the preview
        // shows the first rows and at most MAX_PROBLEM_ROWS rows with problems, and
        // the attempt keeps exactly those, with the file's row count.
        let mut csv = String::from("执法证号,姓名,执法证有效期至\n");
        for k in 0..200 {
            let name = if k >= 98 && k % 3 == 0 { String::new() } else { format!("人员{k}") };
            csv.push_str(&format!("3501002{k:04},{name},2027-06-30\n"));
        }
        let s = restored().apply(Action::ImportFile(file(FileKind::Inspectors, "人员.csv", csv.as_bytes()))).then_read();
        let a = s.attempt.as_ref().expect("attempt");
        assert!(a.has_errors());
        assert_eq!(a.data_rows, 200);
        let shown: Vec<u64> = a.preview_rows().iter().map(|r| r.row).collect();
        let kept: Vec<u64> = a.table.as_ref().unwrap().rows.iter().map(|r| r.row).collect();
        assert_eq!(shown, kept);
        let flagged: Vec<u64> = (98..200).filter(|k| k % 3 == 0).map(|k| k + 2).take(MAX_PROBLEM_ROWS).collect();
        let expected: Vec<u64> = (2..2 + PREVIEW_ROWS as u64).chain(flagged).collect();
        assert_eq!(kept, expected);
    }

    #[test]
    fn an_unreadable_workbook_shows_why() {
        let why = Problem::new("无法加载 Excel（XLSX）组件", "could not load the Excel (XLSX) component").in_file("人员.xlsx");
        let s = restored().apply(Action::ImportFile(workbook(Err(vec![why.clone()])))).then_read();
        let a = s.attempt.as_ref().expect("attempt");
        assert_eq!(a.problems, [why]);
        assert!(a.table.is_none() && a.has_errors());
        let s = s.apply(Action::ShowNotice(Problem::new("模板", "template")));
        assert_eq!(s.notice.as_ref().map(|p| p.text.en.as_str()), Some("template"));
    }

    /// Every action copies the state (yew's reducer): a million-firm directory must
    /// not be copied with it, and a file being imported neither.
    #[test]
    fn an_action_shares_the_directories_and_the_pending_file_instead_of_copying_them() {
        let s = Rc::new(restored().apply(Action::LoadDemo));
        // A file with an error: shown, and kept for another try.
        let s2 = s.clone().reduce(Action::ImportFile(file(FileKind::Inspectors, "人员.csv", "执法证号,姓名\n,林晓明\n".as_bytes()))).then_read();
        assert!(s2.attempt.as_ref().unwrap().has_errors());
        let s3 = s2.clone().reduce(Action::SetPlanField(PlanField::Name, "新计划".into()));
        assert_eq!(s3.project.plan.name, "新计划");
        assert!(Rc::ptr_eq(&s.project.directories, &s3.project.directories), "the plan's edit shared the directories");
        assert!(Rc::ptr_eq(s2.pending.as_ref().unwrap(), s3.pending.as_ref().unwrap()), "the pending file is shared");
        assert!(Rc::ptr_eq(s2.attempt.as_ref().unwrap(), s3.attempt.as_ref().unwrap()), "the preview is shared");
        // An import replaces its own kind and keeps the others' records.
        let csv = "执法证号,姓名,单位,部门,片区,执法类别,执法证有效期至,专家,状态\n35010021001,林晓明,鼓楼所,市场监管,鼓楼所,食品安全,2027-06-30,否,在岗\n";
        let s4 = s3.clone().reduce(Action::ImportFile(file(FileKind::Inspectors, "人员.csv", csv.as_bytes()))).then_read();
        assert_eq!(s4.project.directories.inspectors.len(), 1, "{:?}", s4.attempt.as_ref().map(|a| &a.problems));
        assert_eq!(s4.project.directories.enterprises, s3.project.directories.enterprises);
        assert_eq!(s4.project.directories.checklist, s3.project.directories.checklist);
        assert_eq!(s4.project.directories.history, s3.project.directories.history);
    }

    #[test]
    fn picks_edit_the_plan_and_values_typed_beside_them_keep_the_picked() {
        let s = restored().apply(Action::LoadDemo);
        let risk = |s: &OrganizerState| s.project.plan.tasks[0].filter[0].values.clone();
        assert_eq!(risk(&s), ["A", "B", "C"]);
        let s = s.apply(Action::SetConditionField(0, 0, ConditionField::Toggle, "C".into()));
        assert_eq!(risk(&s), ["A", "B"]);
        // "Z" is held by no firm of the demo: typed, it joins the picked values, and
        // typing it away leaves them.
        let s = s.apply(Action::SetConditionOthers(0, 0, "Z".into()));
        assert_eq!(risk(&s), ["A", "B", "Z"]);
        let s = s.apply(Action::SetConditionOthers(0, 0, String::new()));
        assert_eq!(risk(&s), ["A", "B"]);

        let when = |s: &OrganizerState| edit::when_field(&s.project.plan.tasks[0].sampling.rules[0].when);
        assert_eq!(when(&s), "风险分类=A");
        let s = s.apply(Action::SetRuleWhen { task: 0, rule: 0, field: "risk".into(), value: Some("B".into()) });
        assert_eq!(when(&s), "风险分类=B");
        let s = s.apply(Action::SetRuleWhen { task: 0, rule: 0, field: "risk".into(), value: None });
        assert_eq!(when(&s), "");
        let revision = s.revision;
        let s = s.apply(Action::SetRuleWhen { task: 0, rule: 9, field: "risk".into(), value: None });
        let s = s.apply(Action::SetConditionOthers(0, 9, "Z".into()));
        assert_eq!(s.revision, revision, "a stale index changes nothing");

        let s = s.apply(Action::SetTaskField(0, TaskField::ToggleDepartment, "开发区市场监督管理局".into()));
        assert_eq!(s.project.plan.tasks[0].team.departments, ["开发区市场监督管理局"]);
    }

    const GBK: &[u8] = include_bytes!("../../../tests/fixtures/import/enterprises_gbk.csv");

    #[test]
    fn a_clean_gbk_file_is_imported_and_saved_next() {
        let s = restored();
        assert!(!s.needs_save());
        let s = s.apply(Action::ImportFile(file(FileKind::Enterprises, "名录.csv", GBK))).then_read();
        let a = s.attempt.as_ref().expect("attempt");
        assert!(!a.has_errors(), "{:?}", a.problems);
        assert_eq!(a.used, Some(TextEncoding::Gb18030));
        assert_eq!(s.project.directories.enterprises.len(), 3);
        let src = s.project.sources.enterprises.as_ref().expect("source");
        assert_eq!((src.file.as_str(), src.records), ("名录.csv", 3));
        assert!(s.needs_save());
        let r = s.revision;
        let s = s.apply(Action::SaveStarted(r)).apply(Action::Saved(r));
        assert!(!s.needs_save());
    }

    #[test]
    fn a_file_with_errors_is_not_imported_and_its_errors_are_located() {
        let csv = "统一社会信用代码,企业名称,风险等级\n91350102MA2Y4B7K18,甲公司,B\n123,乙公司,Z\n";
        let s = restored().apply(Action::ImportFile(file(FileKind::Enterprises, "坏.csv", csv.as_bytes()))).then_read();
        let a = s.attempt.as_ref().expect("attempt");
        assert!(a.has_errors());
        assert!(s.project.directories.enterprises.is_empty());
        assert_eq!(s.revision, 0);
        assert!(!a.cell_problems(3, "统一社会信用代码").is_empty(), "{:?}", a.problems);
        assert!(!a.cell_problems(3, "风险等级").is_empty());
        assert!(a.cell_problems(2, "统一社会信用代码").is_empty());
        assert_eq!(a.preview_rows().len(), 2);
    }

    #[test]
    fn an_unmatched_column_is_mapped_once_and_remembered() {
        let csv = "执法证号,姓名,证件到期,乱码列\n13030001,张三,2027-12-31,x\n";
        let s = restored().apply(Action::ImportFile(file(FileKind::Inspectors, "人员.csv", csv.as_bytes()))).then_read();
        let a = s.attempt.as_ref().expect("attempt");
        let unmatched: Vec<_> = a.mapping.as_ref().unwrap().unmatched().map(|c| c.header.clone()).collect();
        assert!(unmatched.contains(&"乱码列".to_string()), "{unmatched:?}");
        let s = s.apply(Action::MapColumn { header: "乱码列".into(), target: String::new() }).then_read();
        assert_eq!(s.remembered["inspectors"]["乱码列"], "");
        assert_eq!(s.project.header_choices["inspectors"]["乱码列"], "");
        let a = s.attempt.as_ref().expect("attempt");
        let left: Vec<_> = a.mapping.as_ref().unwrap().unmatched().map(|c| c.header.clone()).collect();
        assert!(!left.contains(&"乱码列".to_string()), "{left:?}");
    }

    /// The header found below a title row can be set by hand: a wrong row reads
    /// the file with that row's texts as headers (and fails), and finding it again
    /// reads it as before.
    #[test]
    fn the_header_row_can_be_corrected_and_found_again() {
        let csv = "2026年执法检查人员名录\n执法证号,姓名,执法证有效期至\n13030001,张三,2027-12-31\n13030002,李四,2027-12-31\n";
        let s = restored().apply(Action::ImportFile(file(FileKind::Inspectors, "人员.csv", csv.as_bytes()))).then_read();
        let found = |s: &OrganizerState| s.attempt.as_ref().and_then(|a| a.table.as_ref()).map(|t| t.header_row);
        assert_eq!(found(&s), Some(2));
        assert!(!s.attempt.as_ref().unwrap().header_set);
        assert_eq!(s.project.directories.inspectors.len(), 2);
        let s = s.apply(Action::SetHeaderRow(Some(3))).then_read();
        let a = s.attempt.as_ref().unwrap();
        assert_eq!((found(&s), a.header_set), (Some(3), true));
        assert!(a.has_errors(), "the first inspector's row read as headers names no required column");
        assert_eq!(s.project.directories.inspectors.len(), 2, "a failed re-read replaces nothing");
        let s = s.apply(Action::SetHeaderRow(None)).then_read();
        assert_eq!(found(&s), Some(2));
        assert!(!s.attempt.as_ref().unwrap().has_errors());
    }

    #[test]
    fn encoding_override_rereads_the_bytes() {
        let s = restored().apply(Action::ImportFile(file(FileKind::Enterprises, "名录.csv", GBK))).then_read();
        let s = s.apply(Action::SetEncoding(TextEncoding::Utf8)).then_read();
        assert!(s.attempt.as_ref().unwrap().has_errors());
        // The directory imported before stays: a failed re-read replaces nothing.
        assert_eq!(s.project.directories.enterprises.len(), 3);
    }

    #[test]
    fn plan_edits_and_refusals() {
        let s = restored().apply(Action::SetRuleField(0, 0, RuleField::Ratio, "20".into()));
        assert_eq!(s.project.plan.tasks[0].sampling.rules[0].ratio_bp, Some(2000));
        assert_eq!(s.revision, 1);
        let s = s.apply(Action::SetRuleField(0, 0, RuleField::Ratio, "二十".into()));
        assert!(s.notice.is_some());
        assert_eq!(s.revision, 1);
        let s = s.apply(Action::SetPlanField(PlanField::Name, "新计划".into()));
        assert!(s.notice.is_none());
        let s = s.apply(Action::AddTask).apply(Action::AddCondition(1)).apply(Action::AddRule(1));
        assert_eq!(s.project.plan.tasks.len(), 2);
        assert_eq!(s.project.plan.tasks[1].filter.len(), 1);
        assert_eq!(s.project.plan.tasks[1].sampling.rules.len(), 2);
        let s = s.apply(Action::RemoveRule(1, 0)).apply(Action::RemoveCondition(1, 0)).apply(Action::RemoveTask(1));
        assert_eq!(s.project.plan.tasks.len(), 1);
        // Out of range edits change nothing.
        let r = s.revision;
        let s = s.apply(Action::SetTaskField(9, TaskField::Name, "x".into())).apply(Action::RemoveTask(9));
        assert_eq!(s.revision, r);
    }

    #[test]
    fn demo_and_project_files() {
        let s = restored().apply(Action::LoadDemo);
        assert_eq!(s.project.directories.enterprises.len(), 2000);
        let text = s.project.to_json();
        let t = restored().apply(Action::OpenProject(text));
        assert_eq!(t.project, s.project);
        let u = t.apply(Action::OpenProject("{}".into()));
        assert!(u.notice.is_some());
        assert_eq!(u.project, s.project);
    }

    /// One draft write at a time: edits during a write wait for it, then the latest
    /// revision is written, so an older draft never lands over a newer one.
    #[test]
    fn drafts_are_written_one_at_a_time_the_latest_last() {
        let s = restored().apply(Action::LoadDemo);
        let first = s.revision;
        assert!(s.should_start_save());
        let s = s.apply(Action::SaveStarted(first));
        let s = s.apply(Action::SetPlanField(PlanField::Name, "改过的计划".into()));
        assert!(s.revision > first && s.needs_save());
        assert!(!s.should_start_save(), "the first write is still in flight");
        let s = s.apply(Action::Saved(first));
        assert!(s.should_start_save(), "the edit made during it is written next");
        let latest = s.revision;
        let s = s.apply(Action::SaveStarted(latest)).apply(Action::Saved(latest));
        assert!(!s.should_start_save());
        assert_eq!(s.save_code(), "saved");
    }

    #[test]
    fn a_restored_draft_is_a_new_revision_that_needs_no_save() {
        let s = OrganizerState::new(BTreeMap::new()).apply(Action::Restored(Some(Project::demo())));
        assert_eq!(s.revision, 1);
        assert!(!s.needs_save());
        assert_eq!(s.project.directories.enterprises.len(), 2000);
    }

    #[test]
    fn nothing_is_saved_before_the_draft_is_read() {
        let s = OrganizerState::new(BTreeMap::new()).apply(Action::LoadDemo);
        assert!(!s.needs_save());
        let s = s.apply(Action::RestoreFailed("blocked".into()));
        assert!(s.needs_save());
        let s = s.apply(Action::SaveFailed { revision: 1, message: "quota".into() });
        assert!(!s.needs_save());
        let s = s.apply(Action::Saved(0));
        assert!(matches!(s.save, SaveStatus::Failed { .. }));
    }

    /// A restored draft holding the demo with one plan edit: something to lose.
    fn worked_on() -> OrganizerState {
        let s = OrganizerState::new(BTreeMap::new()).apply(Action::Restored(Some(Project::demo())));
        s.apply(Action::SetTaskField(1, TaskField::Name, "第二个任务（已改）".into()))
    }

    #[test]
    fn a_new_browser_starts_blank_for_its_year_and_a_draft_restores_as_it_was() {
        let s = OrganizerState::new(BTreeMap::new()).starting_in(2027).apply(Action::Restored(None));
        assert!(s.project.is_blank() && !s.project.shows_demo());
        assert_eq!(s.project.plan.year, 2027);
        assert!(s.project.plan.department.is_empty() && s.project.directories.enterprises.is_empty());
        assert_eq!(s.project.plan.tasks.len(), 1);
        let draft = worked_on().project;
        let s = OrganizerState::new(BTreeMap::new()).starting_in(2027).apply(Action::Restored(Some(draft.clone())));
        assert_eq!(s.project, draft);
        let s = s.apply(Action::NewProject);
        assert_eq!(s.project.plan.year, 2027);
    }

    #[test]
    fn an_unconfirmed_delete_changes_nothing_and_cancel_gives_the_focus_back() {
        let s = worked_on();
        let (project, revision) = (s.project.clone(), s.revision);
        let s = s.apply(Action::AskConfirm(Destructive::DeleteTask(1)));
        assert_eq!(s.confirming, Some(Destructive::DeleteTask(1)));
        assert_eq!((&s.project, s.revision), (&project, revision));
        let serial = s.focus_serial;
        let s = s.apply(Action::Cancel);
        assert_eq!((&s.project, s.revision, &s.confirming), (&project, revision, &None));
        assert_eq!(s.focus_after.as_deref(), Some("remove-task-1"));
        assert!(s.focus_serial > serial);
        assert!(s.undo.is_none());
        // A question about a task that does not exist is not asked.
        let s = s.apply(Action::AskConfirm(Destructive::DeleteTask(7)));
        assert!(s.confirming.is_none());
        // Confirming with no question pending does nothing.
        assert_eq!(s.clone().apply(Action::Confirm).project, project);
    }

    #[test]
    fn a_confirmed_delete_deletes_and_undo_restores_the_exact_project() {
        let s = worked_on();
        let project = s.project.clone();
        let s = s.apply(Action::AskConfirm(Destructive::DeleteTask(1))).apply(Action::Confirm);
        assert_eq!(s.project.plan.tasks.len(), 1);
        assert_eq!(s.project.plan.tasks[0].number, "001");
        assert!(s.confirming.is_none());
        let undo = s.undo.as_ref().expect("undo offered");
        assert_eq!(undo.what, Destructive::DeleteTask(1));
        assert_eq!(s.focus_after.as_deref(), Some("undo-bar"));
        assert!(s.needs_save(), "the deletion is saved like any change");
        let s = s.apply(Action::Undo);
        assert_eq!(s.project, project);
        assert_eq!(s.project.plan.tasks[1].name, "第二个任务（已改）");
        assert!(s.undo.is_none() && s.needs_save());
        // Rules and conditions ask the same way.
        let s = s.apply(Action::AskConfirm(Destructive::DeleteRule(0, 2)));
        assert_eq!(s.project, project);
        let s = s.apply(Action::Confirm);
        assert_eq!(s.project.plan.tasks[0].sampling.rules.len(), 2);
        let s = s.apply(Action::Undo).apply(Action::AskConfirm(Destructive::DeleteCondition(0, 0))).apply(Action::Confirm);
        assert_eq!(s.project.plan.tasks[0].filter.len(), project.plan.tasks[0].filter.len() - 1);
        assert_eq!(s.apply(Action::Undo).project, project);
    }

    #[test]
    fn undo_lasts_until_the_next_change_only() {
        let s = worked_on().apply(Action::AskConfirm(Destructive::DeleteTask(0))).apply(Action::Confirm);
        let r = s.revision;
        // Saving the draft is no change of the project: the undo stays.
        let s = s.apply(Action::SaveStarted(r)).apply(Action::Saved(r));
        assert!(s.undo.is_some());
        let s = s.apply(Action::SetPlanField(PlanField::Name, "另一个名称".into()));
        assert!(s.undo.is_none());
        let before = s.project.clone();
        assert_eq!(s.apply(Action::Undo).project, before, "nothing left to undo");
        let s = worked_on().apply(Action::AskConfirm(Destructive::DeleteTask(0))).apply(Action::Confirm);
        assert!(s.apply(Action::DismissUndo).undo.is_none());
        // A pending question does not survive a change either.
        let s = worked_on().apply(Action::AskConfirm(Destructive::DeleteTask(1))).apply(Action::AddTask);
        assert!(s.confirming.is_none());
    }

    #[test]
    fn replacing_a_project_asks_unless_it_is_blank() {
        let blank = restored();
        let s = blank.clone().apply(Action::AskConfirm(Destructive::ReplaceProject(Replacement::Demo)));
        assert!(s.confirming.is_none() && s.undo.is_none());
        assert!(s.project.shows_demo(), "loaded at once: nothing was lost");
        let s = worked_on();
        let project = s.project.clone();
        let file = Project::from_json(&Project::demo().to_json()).unwrap();
        let open = Destructive::ReplaceProject(Replacement::File { name: "旧项目.json".into(), project: Box::new(file.clone()) });
        let asked = s.apply(Action::AskConfirm(open));
        assert_eq!(asked.project, project);
        let opened = asked.apply(Action::Confirm);
        assert_eq!(opened.project, file);
        match &opened.undo.as_ref().expect("undo").what {
            Destructive::ReplaceProject(Replacement::File { name, project }) => {
                assert_eq!(name, "旧项目.json");
                assert!(project.directories.enterprises.is_empty(), "the file's contents are not kept twice");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(opened.apply(Action::Undo).project, project);
        let new = worked_on().apply(Action::AskConfirm(Destructive::ReplaceProject(Replacement::New))).apply(Action::Confirm);
        assert!(new.project.is_blank());
        assert_eq!(new.apply(Action::Undo).project, project);
    }

    #[test]
    fn the_question_names_what_would_be_lost_in_both_languages() {
        use crate::i18n::confirm::{EN, ZH};
        let s = worked_on();
        let q = Destructive::DeleteTask(1).question(&s.project, &ZH);
        assert!(q.title.contains("002") && q.lost.contains("第二个任务（已改）") && q.yes.contains("002"), "{q:?}");
        let q = Destructive::ReplaceProject(Replacement::New).question(&s.project, &EN);
        assert!(q.lost.contains("2000 firms") && q.lost.contains("60 inspectors"), "{q:?}");
        let done = Destructive::DeleteTask(1).done(&s.project, &ZH);
        assert!(done.contains("002"), "{done}");
    }
}
