//! The strings of the 公示 exports offered after a draw, zh and en side by side.

use crate::state::Lang;

pub struct ExportTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub rehearsal: &'static str,
    pub result: &'static str,
    pub task_sheets: &'static str,
    pub publicity: &'static str,
    pub reserves: &'static str,
    pub reserves_heading: &'static str,
    pub reserves_none: &'static str,
    pub csv: &'static str,
    pub xlsx: &'static str,
    pub xlsx_loading: &'static str,
    pub xlsx_failed: &'static str,
    pub print_sheets: &'static str,
    pub preview_sheets: &'static str,
    pub sealed_heading: &'static str,
    /// "{date}" is replaced.
    pub sealed_body: &'static str,
    pub sealed_download: &'static str,
    pub sheet_title: &'static str,
    /// "{n}" is replaced.
    pub team: &'static str,
    pub members: &'static str,
    pub window: &'static str,
    pub order: &'static str,
    pub firm: &'static str,
    pub address: &'static str,
    pub region: &'static str,
    pub items: &'static str,
    pub expert: &'static str,
    pub leader: &'static str,
    pub no_group: &'static str,
    /// "{n}" is replaced.
    pub unfilled: &'static str,
    pub signature: &'static str,
    /// Beside a selected firm's QR code on its task sheet.
    pub firm_code: &'static str,
    pub notices_heading: &'static str,
    pub notices_intro: &'static str,
    pub print_notices: &'static str,
    pub preview_notices: &'static str,
    pub notice_title: &'static str,
    pub seal: &'static str,
    pub notice_date: &'static str,
}

pub const ZH: ExportTexts = ExportTexts {
    heading: "导出与公示",
    intro: "以下文件都由本次抽取结果生成，内容与结果包一致。CSV 为带 BOM 的 UTF-8，可直接用 Excel 打开。",
    rehearsal: "演练：以下所有文件都标明“演练，非正式抽取结果”。",
    result: "抽取结果",
    task_sheets: "任务单（按检查组）",
    publicity: "公示信息（国家企业信用信息公示系统字段）",
    reserves: "候补名单（抽中企业已注销、迁出等无法检查时，按顺序递补）",
    reserves_heading: "候补企业（抽中企业无法检查时，按分层内顺序递补）",
    reserves_none: "本次抽取的计划未设候补。",
    csv: "CSV",
    xlsx: "Excel（XLSX）",
    xlsx_loading: "正在准备 Excel 文件……",
    xlsx_failed: "无法生成 Excel 文件：",
    print_sheets: "打印任务单",
    preview_sheets: "查看任务单",
    sealed_heading: "检查结束前只公布封存公告",
    sealed_body: "抽中名单在检查结束前应当保密。可以先公布“结果封存公告”：它证明抽取已经按承诺进行、结果已经确定，但不含名单。{date} 之后再公布完整的结果包；结果包的结果哈希值必须与封存公告一致。",
    sealed_download: "下载结果封存公告",
    sheet_title: "双随机抽查任务单",
    team: "第 {n} 组",
    members: "检查人员",
    window: "检查时间",
    order: "序号",
    firm: "检查对象（统一社会信用代码）",
    address: "住所（经营场所）",
    region: "区域",
    items: "检查事项",
    expert: "专家",
    leader: "组长",
    no_group: "未分配检查组（没有一个组的成员全部无需回避）",
    unfilled: "另有 {n} 个名额无符合条件的检查人员，须依规补足",
    signature: "检查人员签名：",
    firm_code: "核验码（企业扫码可核验本检查组确由承诺的抽取产生）：",
    notices_heading: "检查通知书",
    notices_intro: "每家被抽中企业一份：检查时间、检查事项和检查人员（含执法证号），格式 2 的抽取附企业的核验码。打印时每份一页。",
    print_notices: "打印检查通知书",
    preview_notices: "查看检查通知书",
    notice_title: "随机抽查检查通知书",
    seal: "（盖章）",
    notice_date: "年　　月　　日",
};

pub const EN: ExportTexts = ExportTexts {
    heading: "Exports and publication",
    intro: "Every file below is made from this draw's result and agrees with the bundle. CSV files are UTF-8 with a BOM and open directly in Excel.",
    rehearsal: "Rehearsal: every file below is marked as not a real draw.",
    result: "Result",
    task_sheets: "Task sheets (one per team)",
    publicity: "Publicity record (fields of the national enterprise credit system)",
    reserves: "Reserves (replace, in order, a selected firm that turns out closed or gone)",
    reserves_heading: "Reserves (replace, in their stratum's order, a selected firm that cannot be inspected)",
    reserves_none: "The plan of this draw declares no reserves.",
    csv: "CSV",
    xlsx: "Excel (XLSX)",
    xlsx_loading: "Preparing the Excel file…",
    xlsx_failed: "Could not make the Excel file: ",
    print_sheets: "Print the task sheets",
    preview_sheets: "Show the task sheets",
    sealed_heading: "Before the inspections end, publish only the sealed result",
    sealed_body: "The drawn list should stay confidential until the inspections are over. Publish the sealed result first: it shows that the draw followed the commitment and that the result is fixed, without the list. Publish the full bundle after {date}; its result hash must equal the sealed one.",
    sealed_download: "Download the sealed result",
    sheet_title: "Random inspection task sheet",
    team: "Team {n}",
    members: "Inspectors",
    window: "Inspection period",
    order: "No.",
    firm: "Entity (credit code)",
    address: "Address",
    region: "Region",
    items: "Checklist items",
    expert: "expert",
    leader: "leader",
    no_group: "No inspection group (every group has a member who must step aside)",
    unfilled: "{n} more places had no eligible inspector and must be filled by the rules",
    signature: "Inspectors' signatures:",
    firm_code: "核验码 (the firm scans it to check that this team was drawn by the committed draw): ",
    notices_heading: "Inspection notices (检查通知书)",
    notices_intro: "One per selected firm: the period, the items and the inspectors (with their 执法证号); a format 2 draw adds the firm's 核验码. Each prints on its own page. The notices are in Chinese, as sent.",
    print_notices: "Print the inspection notices",
    preview_notices: "Show the inspection notices",
    notice_title: "随机抽查检查通知书",
    seal: "（盖章）",
    notice_date: "年　　月　　日",
};

pub fn export_texts(lang: Lang) -> &'static ExportTexts {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_in_both_languages() {
        for t in [&ZH, &EN] {
            assert!(t.sealed_body.contains("{date}"));
            assert!(t.team.contains("{n}") && t.unfilled.contains("{n}"));
        }
    }
}
