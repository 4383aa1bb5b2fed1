//! The strings of the 公示 page, zh and en side by side.

use crate::state::Lang;

pub struct PublicationTexts {
    pub loading: &'static str,
    pub load_failed: &'static str,
    /// The archived single-file verifier has no 公示 folder beside it.
    pub single_file: &'static str,
    pub single_file_verify: &'static str,
    pub empty: &'static str,
    pub list_label: &'static str,
    pub status_committed: &'static str,
    pub status_drawn: &'static str,
    pub status_rehearsal: &'static str,
    pub status_sealed: &'static str,
    /// "{date}" is replaced.
    pub sealed_note: &'static str,
    pub sealed_file: &'static str,
    pub status_label: &'static str,
    pub rehearsal_note: &'static str,
    pub plan_number: &'static str,
    pub department: &'static str,
    /// "{n}" is replaced.
    pub sequence: &'static str,
    pub committed_at: &'static str,
    /// "{chain}" and "{round}" are replaced.
    pub beacon: &'static str,
    pub emission: &'static str,
    pub china_time: &'static str,
    pub tasks_caption: &'static str,
    pub strata_heading: &'static str,
    pub stratum: &'static str,
    pub stratum_all: &'static str,
    pub stratum_census: &'static str,
    pub task_number: &'static str,
    pub task_name: &'static str,
    pub task_kind: &'static str,
    pub directed: &'static str,
    pub undirected: &'static str,
    pub pool: &'static str,
    pub count: &'static str,
    pub countdown_label: &'static str,
    /// "{d}", "{h}", "{m}" and "{s}" are replaced.
    pub countdown_days: &'static str,
    /// "{h}", "{m}" and "{s}" are replaced.
    pub countdown: &'static str,
    pub round_out: &'static str,
    pub verify_link: &'static str,
    pub commitment_file: &'static str,
    pub bundle_file: &'static str,
    pub commitment_link: &'static str,
    pub result_hash: &'static str,
    /// "{plan}" is replaced.
    pub qr_alt: &'static str,
    pub qr_caption_drawn: &'static str,
    pub qr_caption_committed: &'static str,
    pub warnings_heading: &'static str,
    pub not_found: &'static str,
    pub show_all: &'static str,
    /// "{round}" and "{time}" are replaced.
    pub timelock_note: &'static str,
    pub timelock_countdown: &'static str,
    pub timelock_opening: &'static str,
    /// "{n}" is replaced.
    pub timelock_opened: &'static str,
    pub timelock_failed: &'static str,
    pub timelock_not_yet: &'static str,
    pub timelock_task: &'static str,
    pub years_label: &'static str,
    pub departments_label: &'static str,
    /// "{n}", "{drawn}", "{sealed}", "{rehearsal}" and "{committed}" are replaced.
    pub department_counts: &'static str,
    /// "{n}" is replaced.
    pub department_warnings: &'static str,
    pub choose_department: &'static str,
    pub not_found_split: &'static str,
}

pub const ZH: PublicationTexts = PublicationTexts {
    loading: "正在读取公示目录……",
    load_failed: "无法读取公示目录：",
    single_file: "这是单文件核验程序（fairdraw-verify.html），只用于核验，不带公示目录。公示目录请在发布抽取结果的网站上查看（网站的“公示”页）。要核验保存在本机的抽取结果文件，请在核验页用“选择文件”打开它，或把文件拖到该页。",
    single_file_verify: "去核验页",
    empty: "目前还没有公示的抽取。",
    list_label: "已公示的抽取",
    status_committed: "已承诺",
    status_drawn: "已抽取",
    status_rehearsal: "演练",
    status_sealed: "已抽取，结果封存",
    sealed_note: "已经抽取，名单在检查结束前保密：将于 {date} 之后公布完整结果。届时公布的结果必须与下面的结果哈希值一致，否则说明结果被改动过。",
    sealed_file: "结果封存公告",
    status_label: "状态：",
    rehearsal_note: "这是演练，不是正式抽取，结果不作数。",
    plan_number: "抽查计划编号：",
    department: "抽查机关：",
    sequence: "本机关第 {n} 号承诺",
    committed_at: "承诺时间：",
    beacon: "公共随机数：drand {chain} 第 {round} 轮",
    emission: "随机数产生时间：",
    china_time: "（北京时间）",
    strata_heading: "各层的企业数与抽取数（承诺时即已确定）",
    stratum: "分层",
    stratum_all: "全部",
    stratum_census: "100%（全部检查）",
    tasks_caption: "抽查任务",
    task_number: "任务编号",
    task_name: "任务名称",
    task_kind: "类型",
    directed: "定向",
    undirected: "不定向",
    pool: "抽查范围（家）",
    count: "抽取数量（家）",
    countdown_label: "距随机数产生还有：",
    countdown_days: "{d} 天 {h} 小时 {m} 分 {s} 秒",
    countdown: "{h} 小时 {m} 分 {s} 秒",
    round_out: "随机数已经产生，等待组织抽取的部门公布抽取结果。",
    verify_link: "核验抽取结果",
    commitment_file: "承诺文件",
    bundle_file: "抽取结果文件",
    commitment_link: "查看承诺",
    result_hash: "抽取结果的哈希值：",
    qr_alt: "二维码：用手机扫描，核验“{plan}”",
    qr_caption_drawn: "扫码核验",
    qr_caption_committed: "扫码查看承诺",
    warnings_heading: "请注意：承诺编号不连续",
    not_found: "没有找到这份承诺，下面列出全部公示。",
    show_all: "查看全部公示",
    timelock_note: "名单已加时间锁：drand quicknet 第 {round} 轮（北京时间 {time}）产生后，任何人的浏览器都能自动开启并核验，谁也不能把名单封存得更久或换成别的名单。",
    timelock_countdown: "距名单自动开启还有：",
    timelock_opening: "正在取得 quicknet 轮次并开启名单…",
    timelock_opened: "名单已自动开启，并与封存的结果哈希一致、通过全部核验：共抽中 {n} 家企业。",
    timelock_failed: "无法开启名单：",
    timelock_not_yet: "开启名单所需的 drand 轮次暂时取不到，稍后刷新页面再试：",
    timelock_task: "抽查任务",
    years_label: "年度",
    departments_label: "部门",
    department_counts: "共 {n} 份：已抽取 {drawn}，名单待公布 {sealed}，演练 {rehearsal}，待抽取 {committed}",
    department_warnings: "承诺编号不连续 {n} 处",
    choose_department: "请选择部门，查看其公示。",
    not_found_split: "本网站的公示中没有这份承诺。",
};

pub const EN: PublicationTexts = PublicationTexts {
    loading: "Reading the list of published draws…",
    load_failed: "Could not read the list of published draws: ",
    single_file: "This is the single-file verifier (fairdraw-verify.html): it only verifies, and has no list of published draws. See that list on the website that published the draws (its publication page). To verify a result file saved on this computer, open it with “Choose file” on the verification page, or drop it on that page.",
    single_file_verify: "Go to the verification page",
    empty: "No draws have been published yet.",
    list_label: "Published draws",
    status_committed: "Committed",
    status_drawn: "Drawn",
    status_rehearsal: "Rehearsal",
    status_sealed: "Drawn, result sealed",
    sealed_note: "Drawn; the list stays confidential until the inspections are over and the full result is published after {date}. That result must have the result hash below, or it was changed.",
    sealed_file: "Sealed result",
    status_label: "Status: ",
    rehearsal_note: "This is a rehearsal, not a real draw; its result counts for nothing.",
    plan_number: "Plan number: ",
    department: "Department: ",
    sequence: "The department's commitment no. {n}",
    committed_at: "Committed at: ",
    beacon: "Public random number: drand {chain}, round {round}",
    emission: "Random number published at: ",
    china_time: " (Beijing time)",
    strata_heading: "Entities and draws per stratum (fixed at the commitment)",
    stratum: "Stratum",
    stratum_all: "all",
    stratum_census: "100% (all inspected)",
    tasks_caption: "Inspection tasks",
    task_number: "Task",
    task_name: "Name",
    task_kind: "Kind",
    directed: "directed",
    undirected: "undirected",
    pool: "Entities in scope",
    count: "Entities drawn",
    countdown_label: "Time until the random number is published: ",
    countdown_days: "{d} d {h} h {m} min {s} s",
    countdown: "{h} h {m} min {s} s",
    round_out: "The random number is out; the department has yet to publish the draw.",
    verify_link: "Verify the draw",
    commitment_file: "Commitment file",
    bundle_file: "Draw file",
    commitment_link: "View the commitment",
    result_hash: "Hash of the result: ",
    qr_alt: "QR code: scan with a phone to check “{plan}”",
    qr_caption_drawn: "Scan to verify",
    qr_caption_committed: "Scan to view the commitment",
    warnings_heading: "Note: the commitment numbers are not continuous",
    not_found: "That commitment was not found; all published draws are listed below.",
    show_all: "All published draws",
    timelock_note: "The list is time-locked: once drand quicknet round {round} exists ({time} Beijing time), anyone's browser opens and verifies it; nobody can keep it sealed longer or put another list in its place.",
    timelock_countdown: "The list opens itself in: ",
    timelock_opening: "Fetching the quicknet round and opening the list…",
    timelock_opened: "The list has opened itself; it matches the sealed result hash and passes every check: {n} firms were drawn.",
    timelock_failed: "The list cannot be opened: ",
    timelock_not_yet: "The drand round that opens the list cannot be fetched right now; reload the page later: ",
    timelock_task: "Task",
    years_label: "Year",
    departments_label: "Departments",
    department_counts: "{n} in all: {drawn} drawn, {sealed} with the list sealed, {rehearsal} rehearsals, {committed} awaiting the draw",
    department_warnings: "{n} breaks in the commitment numbers",
    choose_department: "Choose a department to see what it published.",
    not_found_split: "This site has published no such commitment.",
};

pub fn publication_texts(lang: Lang) -> &'static PublicationTexts {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

impl PublicationTexts {
    pub fn status(&self, status: fairdraw::publication::Status) -> &'static str {
        use fairdraw::publication::Status;
        match status {
            Status::Committed => self.status_committed,
            Status::Drawn => self.status_drawn,
            Status::Rehearsal => self.status_rehearsal,
            Status::Sealed => self.status_sealed,
        }
    }

    #[cfg(test)]
    fn all(&self) -> Vec<&'static str> {
        vec![
            self.loading, self.load_failed, self.single_file, self.single_file_verify, self.empty, self.list_label, self.status_committed, self.status_drawn,
            self.status_rehearsal, self.status_sealed, self.sealed_note, self.sealed_file, self.status_label, self.rehearsal_note, self.plan_number, self.department,
            self.sequence, self.committed_at, self.beacon, self.emission, self.china_time, self.tasks_caption, self.strata_heading, self.stratum, self.stratum_all, self.stratum_census,
            self.task_number, self.task_name, self.task_kind, self.directed, self.undirected, self.pool, self.count,
            self.countdown_label, self.countdown_days, self.countdown, self.round_out, self.verify_link,
            self.commitment_file, self.bundle_file, self.commitment_link, self.result_hash, self.qr_alt,
            self.qr_caption_drawn, self.qr_caption_committed, self.warnings_heading, self.not_found, self.show_all,
            self.timelock_note, self.timelock_countdown, self.timelock_opening, self.timelock_opened, self.timelock_failed,
            self.timelock_not_yet, self.timelock_task, self.years_label, self.departments_label, self.department_counts,
            self.department_warnings, self.choose_department, self.not_found_split,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_are_complete_and_match() {
        let has_han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let (zh, en) = (ZH.all(), EN.all());
        assert_eq!(zh.len(), en.len());
        for (z, e) in zh.iter().zip(&en) {
            assert!(!z.trim().is_empty() && !e.trim().is_empty());
            assert!(has_han(z), "not Chinese: {z}");
            assert!(!has_han(e), "Chinese in English text: {e}");
            for name in ["{date}", "{n}", "{chain}", "{round}", "{d}", "{h}", "{m}", "{s}", "{plan}", "{drawn}", "{sealed}", "{rehearsal}", "{committed}"] {
                assert_eq!(z.contains(name), e.contains(name), "{name} in {z} / {e}");
            }
        }
    }

    #[test]
    fn status_labels_are_the_official_words() {
        use fairdraw::publication::Status;
        assert_eq!(ZH.status(Status::Committed), "已承诺");
        assert_eq!(ZH.status(Status::Drawn), "已抽取");
        assert_eq!(ZH.status(Status::Rehearsal), "演练");
        assert_eq!(ZH.status(Status::Sealed), "已抽取，结果封存");
    }
}
