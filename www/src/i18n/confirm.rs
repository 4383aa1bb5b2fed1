//! The strings of the questions asked before deleting or replacing the organiser's
//! work, and of the notice that offers to undo it, zh and en side by side.
//! "{…}" parts are replaced (see `organizer::confirm`).

use crate::state::Lang;

pub struct ConfirmTexts {
    /// "{number}" is replaced.
    pub delete_task_title: &'static str,
    /// "{name}" is replaced.
    pub delete_task_lost: &'static str,
    /// "{number}" is replaced.
    pub delete_task_yes: &'static str,
    /// "{n}" (1-based) and "{number}" are replaced.
    pub delete_rule_title: &'static str,
    pub delete_rule_lost: &'static str,
    /// "{n}" (1-based) and "{number}" are replaced.
    pub delete_condition_title: &'static str,
    pub delete_condition_lost: &'static str,
    pub delete_yes: &'static str,
    /// "{n}" is replaced by the commitment's sequence number.
    pub unlock_title: &'static str,
    /// "{n}" and "{hash}" are replaced.
    pub unlock_lost: &'static str,
    /// Added when the commitment was drawn in this browser: its kept draw goes too.
    pub unlock_drawn_lost: &'static str,
    pub unlock_yes: &'static str,
    pub demo_title: &'static str,
    pub demo_yes: &'static str,
    pub new_title: &'static str,
    pub new_yes: &'static str,
    /// "{file}" is replaced.
    pub file_title: &'static str,
    pub file_yes: &'static str,
    /// What a replaced project held: "{name}", "{firms}", "{people}", "{tasks}" are replaced.
    pub project_lost: &'static str,
    pub unnamed_plan: &'static str,
    /// Added when the project replaced is committed.
    pub committed_lost: &'static str,
    pub undo_hint: &'static str,
    pub cancel: &'static str,

    /// "{number}" is replaced.
    pub deleted_task: &'static str,
    pub deleted_rule: &'static str,
    pub deleted_condition: &'static str,
    /// "{n}" is replaced.
    pub unlocked: &'static str,
    pub replaced_by_demo: &'static str,
    pub replaced_by_new: &'static str,
    /// "{file}" is replaced.
    pub replaced_by_file: &'static str,
    pub undo: &'static str,
    pub dismiss: &'static str,

    /// The notice over a project that still shows the demo.
    pub demo_banner: &'static str,
}

pub const ZH: ConfirmTexts = ConfirmTexts {
    delete_task_title: "删除抽查任务 {number}？",
    delete_task_lost: "任务“{name}”连同它的筛选条件、分层、抽取规则、事项和检查组设置都将删除。",
    delete_task_yes: "删除任务 {number}",
    delete_rule_title: "删除任务 {number} 的第 {n} 条抽取规则？",
    delete_rule_lost: "这条规则的适用分层、比例、数量和上下限都将删除，抽取数量随之改变。",
    delete_condition_title: "删除任务 {number} 的第 {n} 个筛选条件？",
    delete_condition_lost: "这个条件删除后，任务的检查对象范围随之改变。",
    delete_yes: "删除",
    unlock_title: "作废第 {n} 号承诺，修改计划？",
    unlock_lost: "第 {n} 号承诺（哈希值 {hash}…）将作废。修改后必须重新承诺（序号加 1），作废的承诺仍须公布；若随机数已经公布，重新承诺就是重抽，所有人都能从承诺链上看出来。",
    unlock_yes: "作废承诺并修改计划",
    unlock_drawn_lost: "这份承诺已经抽取过：项目中保存的抽取记录将一并删除，抽取页不再恢复它的结果；需要的文件请先下载。",
    demo_title: "载入演示数据，替换当前项目？",
    demo_yes: "替换为演示数据",
    new_title: "新建空白项目，替换当前项目？",
    new_yes: "替换为空白项目",
    file_title: "打开项目文件“{file}”，替换当前项目？",
    file_yes: "替换为这个项目文件",
    project_lost: "当前项目“{name}”（{firms} 家企业、{people} 名执法人员、{tasks} 个抽查任务）将被替换。",
    unnamed_plan: "未命名的计划",
    committed_lost: "本项目已经作出承诺：请先下载 inputs.json 或导出项目文件另存。新项目的第一份承诺将接续本项目的承诺序号。",
    undo_hint: "确认后，在下一次修改之前，可以点“撤销”恢复。",
    cancel: "取消",

    deleted_task: "已删除抽查任务 {number}。",
    deleted_rule: "已删除一条抽取规则。",
    deleted_condition: "已删除一个筛选条件。",
    unlocked: "第 {n} 号承诺已作废，计划已解锁。",
    replaced_by_demo: "已载入演示数据，原来的项目已被替换。",
    replaced_by_new: "已新建空白项目，原来的项目已被替换。",
    replaced_by_file: "已打开项目文件“{file}”，原来的项目已被替换。",
    undo: "撤销",
    dismiss: "知道了",

    demo_banner: "演示数据：这里的计划和名录是虚构的示例（秦皇岛经济技术开发区），只能用于练习和演练承诺，不能用于真实抽查。真实抽查请点“新建（清空）”，再导入本单位的名录。",
};

pub const EN: ConfirmTexts = ConfirmTexts {
    delete_task_title: "Delete inspection task {number}?",
    delete_task_lost: "The task “{name}” is deleted with its filter, strata, sampling rules, items and team settings.",
    delete_task_yes: "Delete task {number}",
    delete_rule_title: "Delete sampling rule {n} of task {number}?",
    delete_rule_lost: "The rule's stratum, ratio, count and limits are deleted, and the counts drawn change with them.",
    delete_condition_title: "Delete filter condition {n} of task {number}?",
    delete_condition_lost: "Without this condition the firms the task covers change.",
    delete_yes: "Delete",
    unlock_title: "Void commitment number {n} and change the plan?",
    unlock_lost: "Commitment number {n} (hash {hash}…) becomes void. After the change a new commitment is needed (the next number), and the void one must still be published; if the random value is already out, a new commitment is a re-draw that the chain shows to everyone.",
    unlock_yes: "Void the commitment and change the plan",
    unlock_drawn_lost: "This commitment has been drawn: the draw kept in the project is removed with it, and the Draw page will no longer restore its result; download the files you need first.",
    demo_title: "Load the demo example in place of the current project?",
    demo_yes: "Replace with the demo",
    new_title: "Start a blank project in place of the current one?",
    new_yes: "Replace with a blank project",
    file_title: "Open the project file “{file}” in place of the current project?",
    file_yes: "Replace with this project file",
    project_lost: "The current project “{name}” ({firms} firms, {people} inspectors, {tasks} tasks) is replaced.",
    unnamed_plan: "unnamed plan",
    committed_lost: "This project is committed: download inputs.json or export the project file first. The new project's first commitment continues this project's numbers.",
    undo_hint: "Until the next change, Undo brings it back.",
    cancel: "Cancel",

    deleted_task: "Inspection task {number} deleted.",
    deleted_rule: "A sampling rule was deleted.",
    deleted_condition: "A filter condition was deleted.",
    unlocked: "Commitment number {n} is void and the plan unlocked.",
    replaced_by_demo: "The demo example was loaded in place of the previous project.",
    replaced_by_new: "A blank project was started in place of the previous one.",
    replaced_by_file: "The project file “{file}” was opened in place of the previous project.",
    undo: "Undo",
    dismiss: "OK",

    demo_banner: "Demo data: the plan and directories here are an invented example (Qinhuangdao Economic and Technological Development Zone), for practice and rehearsal commitments only, never for a real draw. For a real draw press “New (clear)” and import your own directories.",
};

pub fn confirm_texts(lang: Lang) -> &'static ConfirmTexts {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
