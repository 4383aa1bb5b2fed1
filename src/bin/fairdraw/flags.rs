//! Every command and every flag of the command line, each defined once. The parser and
//! the `--help` text are both read from these tables, so what is accepted and what is
//! documented cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};

use crate::demo::{MAX_ENTERPRISES, MAX_INSPECTORS};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Command {
    Demo,
    Commit,
    Draw,
    Verify,
    Seal,
    Open,
    Public,
    Codes,
    Export,
    Lookup,
    Publish,
    WitnessRequest,
    WitnessAdd,
    ImportEnterprises,
    ImportInspectors,
    ImportChecklist,
    ImportHistory,
    BeaconVerify,
    BeaconRound,
    BeaconTime,
}

/// A file, folder or number named on the command line without a flag.
pub struct Operand {
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// One exit code of one command and what it means there.
pub type ExitMeaning = (u8, &'static str, &'static str);

pub struct CommandInfo {
    pub command: Command,
    /// As typed after `fairdraw`, e.g. `beacon verify`.
    pub name: &'static str,
    pub operands: &'static [Operand],
    pub zh: &'static str,
    pub en: &'static str,
    pub exit_codes: &'static [ExitMeaning],
}

/// What follows a flag.
#[derive(Clone, Copy)]
pub enum Value {
    /// Nothing: the flag is a switch.
    Switch,
    /// Any non-empty text; the command checks it.
    Text(&'static str),
    /// A whole number in `min..=max`.
    Number(&'static str, u64, u64),
    /// Hexadecimal digits: exactly this many, or any even number when `None`.
    Hex(&'static str, Option<usize>),
}

pub struct Flag {
    pub name: &'static str,
    pub value: Value,
    pub required: bool,
    pub commands: &'static [Command],
    pub zh: &'static str,
    pub en: &'static str,
}

use Command::*;

const BUNDLE: Operand = Operand { name: "BUNDLE.json", zh: "验证文件", en: "bundle file" };

const OK: ExitMeaning = (0, "成功", "success");
const TABLE: Operand = Operand { name: "FILE", zh: "CSV 或 Excel 文件", en: "CSV or Excel file" };
const IMPORT_EXITS: &[ExitMeaning] = &[
    (0, "文件无误，已写出记录（警告另有提示）", "the file has no error; the records are written (warnings are printed)"),
    (2, "文件有错误（全部列出，不写出任何记录）、无法读取，或用法错误", "the file has errors (all listed, nothing written), cannot be read, or bad usage"),
];
const USAGE: ExitMeaning = (2, "用法错误，或输入无法读取、有误", "bad usage, or input that cannot be read or is wrong");
const BUNDLE_FAILS: ExitMeaning = (1, "验证文件未通过验证，未写入任何文件", "the bundle does not verify; nothing is written");

pub const COMMANDS: &[CommandInfo] = &[
    CommandInfo {
        command: Demo,
        name: "demo",
        operands: &[],
        zh: "生成一套演示数据（虚构的企业、执法人员、抽查事项、检查记录和抽查计划）；相同参数总是生成相同文件",
        en: "writes example inputs (a fictional zone's firms, inspectors, checklist, history and plan); same arguments, same files",
        exit_codes: &[OK, (2, "用法错误，或无法写入", "bad usage, or the files cannot be written")],
    },
    CommandInfo {
        command: Commit,
        name: "commit",
        operands: &[],
        zh: "导入并检查各表，写出 commitment.json（立即公布）和 inputs.json（妥善保管到公布结果）",
        en: "imports and checks every table, writes commitment.json (publish it now) and inputs.json (keep it until the reveal)",
        exit_codes: &[
            OK,
            (
                2,
                "用法错误、输入有误、计划不可行、轮次不在将来，或目录中已有承诺（未加 --force）",
                "bad usage, wrong input, an infeasible plan, a round not in the future, or a commitment already in the folder (without --force)",
            ),
        ],
    },
    CommandInfo {
        command: Draw,
        name: "draw",
        operands: &[Operand { name: "DIR", zh: "承诺目录", en: "commitment folder" }],
        zh: "用承诺的信标轮次抽取，写出验证文件",
        en: "draws with the committed beacon round and writes the bundle",
        exit_codes: &[
            OK,
            (1, "信标无效或不是承诺的轮次/脉冲，或输入与承诺不符", "the beacon is invalid or not the committed one, or the inputs do not match the commitment"),
            USAGE,
        ],
    },
    CommandInfo {
        command: Verify,
        name: "verify",
        operands: &[Operand { name: "BUNDLE.json|SEALED.json", zh: "验证文件", en: "bundle file" }],
        zh: "重算并检查验证文件或结果封存公告，逐项列出检查结果",
        en: "recomputes and checks a bundle or a sealed result, printing every check",
        exit_codes: &[
            (0, "有效、一致的演练（输出注明“演练”）或结果封存公告有效", "valid, a consistent rehearsal (the output says 演练), or a valid sealed result"),
            (1, "无效：文件可以读取，但有检查未通过（见输出）", "invalid: the document was read and a check failed (see the output)"),
            (2, "无法读取（不是可核验的 fairdraw 文件：下载不完整、不是 JSON、文件类型不对等，对抽取本身不说明任何问题），或用法错误", "unreadable (not a fairdraw document that can be checked: cut short, not JSON, another kind of file; this says nothing about the draw), or bad usage"),
        ],
    },
    CommandInfo {
        command: Seal,
        name: "seal",
        operands: &[BUNDLE],
        zh: "写出结果封存公告：承诺、信标和结果哈希，不含名单；格式 2 的名单加时间锁，到期由 drand 轮次自动开启",
        en: "writes the sealed result: the commitment, the beacon values and the result hash, without the list; in format 2 the list is time-locked and opens itself with a drand round",
        exit_codes: &[OK, BUNDLE_FAILS, USAGE],
    },
    CommandInfo {
        command: Open,
        name: "open",
        operands: &[Operand { name: "SEALED.json", zh: "格式 2 的封存文件", en: "format 2 sealed document" }],
        zh: "用时间锁轮次开启封存文件，写出并验证其中的公开文件（与封存时的公开文件逐字节相同）",
        en: "opens a sealed document with its timelock round, and writes and verifies the public document inside (byte for byte the one that was sealed)",
        exit_codes: &[
            OK,
            (1, "封存文件无效：时间锁里不是这次抽取的名单，或名单未通过验证", "the sealed document is invalid: its timelock does not hold this draw's list, or the list does not verify"),
            (2, "无法读取，轮次不是时间锁的轮次或不是真实的 drand 轮次，或用法错误", "unreadable, a round that is not the timelock's or not a genuine drand round, or bad usage"),
        ],
    },
    CommandInfo {
        command: Public,
        name: "public",
        operands: &[BUNDLE],
        zh: "由审计文件（draw 的输出）写出公开文件：未抽中企业只以令牌出现，不含保密字段，可供任何人核验",
        en: "writes the public document of an auditor document (draw's output): unselected firms appear only as tokens, nothing confidential, and anyone can verify it",
        exit_codes: &[OK, BUNDLE_FAILS, USAGE],
    },
    CommandInfo {
        command: Codes,
        name: "codes",
        operands: &[BUNDLE],
        zh: "写出每家企业的统一社会信用代码、名称和核验码（CSV），按企业要求发放",
        en: "writes every firm's credit code, name and 核验码 (CSV), to hand out on request",
        exit_codes: &[OK, BUNDLE_FAILS, USAGE],
    },
    CommandInfo {
        command: Export,
        name: "export",
        operands: &[BUNDLE],
        zh: "写出抽取结果、任务单和公示信息（CSV 及一个 Excel 工作簿）",
        en: "writes the result, the task sheets and the publicity record (CSV files and one Excel workbook)",
        exit_codes: &[OK, BUNDLE_FAILS, USAGE],
    },
    CommandInfo {
        command: Lookup,
        name: "lookup",
        operands: &[BUNDLE],
        zh: "说明一家企业的结果：签号、分层、截止值及抽中或未抽中的原因",
        en: "explains one firm's outcome: its ticket, stratum, cutoff and why it was or was not selected",
        exit_codes: &[
            (0, "已回答：企业在名录中", "answered: the firm is in the directory"),
            (1, "验证文件未通过核验，不作解释", "the bundle does not verify, so nothing is explained"),
            USAGE,
            (3, "企业不在名录中，或代码不是有效的统一社会信用代码（原因已打印）", "the firm is not in the directory, or the code is not a valid credit code (the reason is printed)"),
        ],
    },
    CommandInfo {
        command: Publish,
        name: "publish",
        operands: &[Operand { name: "DIR", zh: "公示目录", en: "publication folder" }],
        zh: "由目录中的承诺、结果封存公告和验证文件写出公示页所用的 DIR/index.json、按年度和部门分开的 DIR/index/ 和二维码；\
             已有 index.json 时只读取它未列出的文件；无法读取或不是这三种文件之一的文件跳过并说明原因",
        en: "writes DIR/index.json, the same index split by year and department under DIR/index/, and QR codes for the 公示 page \
             from the commitments, sealed results and bundles in DIR; with an index.json already there, only the files it does not \
             list are read; a file that cannot be read, or is none of the three, is skipped with the reason",
        exit_codes: &[
            (0, "已写出（跳过的文件另有提示）", "written (skipped files are reported as warnings)"),
            (
                2,
                "用法错误、某文件未通过检查（如承诺被改动、结果与封存不符）、没有可公示的文件，或无法写入",
                "bad usage, a file that fails its checks (e.g. an edited commitment, a result that differs from the sealed one), nothing to publish, or cannot write",
            ),
        ],
    },
    CommandInfo {
        command: WitnessRequest,
        name: "witness request",
        operands: &[Operand { name: "COMMITMENT.json", zh: "承诺文件", en: "commitment file" }],
        zh: "写出向时间戳服务（TSA）申请见证此承诺的请求（RFC 3161 .tsq）；用 curl 发送，见 README",
        en: "writes the request (RFC 3161 .tsq) asking a time-stamping authority to witness this commitment; send it with curl, see the README",
        exit_codes: &[OK, (2, "用法错误，或承诺无法读取", "bad usage, or the commitment cannot be read")],
    },
    CommandInfo {
        command: WitnessAdd,
        name: "witness add",
        operands: &[
            Operand { name: "COMMITMENT.json", zh: "承诺文件", en: "commitment file" },
            Operand { name: "REPLY.tsr", zh: "时间戳服务的回复", en: "the authority's reply" },
        ],
        zh: "核验时间戳服务的回复，并把令牌加入承诺旁的 witnesses.json（抽取时带入各文件）",
        en: "verifies the authority's reply and adds its token to witnesses.json beside the commitment (the draw carries it into every document)",
        exit_codes: &[
            OK,
            (1, "令牌不见证这份承诺（摘要不同、签名无效、证书链不通向固定的根证书等，原因已打印）", "the token does not witness this commitment (another hash, a bad signature, no chain to a pinned root…; the reason is printed)"),
            (2, "用法错误，或文件无法读取", "bad usage, or a file cannot be read"),
        ],
    },
    CommandInfo {
        command: ImportEnterprises,
        name: "import enterprises",
        operands: &[TABLE],
        zh: "像计划页一样检查一个检查对象名录文件（CSV 或 Excel），写出承诺时使用的记录",
        en: "checks an enterprise directory file (CSV or Excel) exactly as the 计划 page does, and writes the records as they would be committed",
        exit_codes: IMPORT_EXITS,
    },
    CommandInfo {
        command: ImportInspectors,
        name: "import inspectors",
        operands: &[TABLE],
        zh: "像计划页一样检查一个执法检查人员名录文件，写出承诺时使用的记录",
        en: "checks an inspector directory file as the 计划 page does, and writes the records as they would be committed",
        exit_codes: IMPORT_EXITS,
    },
    CommandInfo {
        command: ImportChecklist,
        name: "import checklist",
        operands: &[TABLE],
        zh: "像计划页一样检查一个抽查事项清单文件，写出承诺时使用的记录",
        en: "checks a checklist file as the 计划 page does, and writes the records as they would be committed",
        exit_codes: IMPORT_EXITS,
    },
    CommandInfo {
        command: ImportHistory,
        name: "import history",
        operands: &[TABLE],
        zh: "像计划页一样检查一个本年度检查记录文件，写出承诺时使用的记录",
        en: "checks a file of this year's inspection records as the 计划 page does, and writes the records as they would be committed",
        exit_codes: IMPORT_EXITS,
    },
    CommandInfo {
        command: BeaconVerify,
        name: "beacon verify",
        operands: &[Operand { name: "FILE", zh: "要检查的文件", en: "file to check" }],
        zh: "检查 drand 随机信标 JSON（v1 或 v2），或以 --nist 检查 NIST 随机信标 2.0 脉冲",
        en: "checks a drand round JSON (v1 or v2), or with --nist a NIST Beacon 2.0 pulse",
        exit_codes: &[(0, "有效", "valid"), (1, "无效（原因见输出）", "invalid (the reason is printed)"), (2, "无法读取或用法错误", "unreadable, or bad usage")],
    },
    CommandInfo {
        command: BeaconRound,
        name: "beacon round",
        operands: &[],
        zh: "某一时刻或之后的第一轮",
        en: "the first round at or after a time",
        exit_codes: &[OK, (2, "用法错误", "bad usage")],
    },
    CommandInfo {
        command: BeaconTime,
        name: "beacon time",
        operands: &[Operand { name: "ROUND", zh: "轮次", en: "round" }],
        zh: "某一轮的产生时间，以及是否已产生",
        en: "when a round is emitted, and whether it already is",
        exit_codes: &[OK, (2, "用法错误", "bad usage")],
    },
];

pub const FLAGS: &[Flag] = &[
    Flag { name: "--out", value: Value::Text("DIR"), required: true, commands: &[Demo], zh: "输出目录（不存在则创建）", en: "output folder (created if missing)" },
    Flag {
        name: "--enterprises",
        value: Value::Number("N", 1, MAX_ENTERPRISES as u64),
        required: false,
        commands: &[Demo],
        zh: "企业数量（默认 2000）",
        en: "number of firms (default 2000)",
    },
    Flag {
        name: "--published",
        value: Value::Number("N", 1, 1_000_000),
        required: false,
        commands: &[Demo],
        zh: "另写出 DIR/draws/：N 份已公示的承诺（许多部门、四个年度，每个部门一条编号链），用来试用和测量大规模的公示网站",
        en: "also writes DIR/draws/: N published commitments (many departments over four years, each department one numbered chain), to try and measure a 公示 site at scale",
    },
    Flag {
        name: "--inspectors",
        value: Value::Number("M", 1, MAX_INSPECTORS as u64),
        required: false,
        commands: &[Demo],
        zh: "执法人员数量（默认 60）",
        en: "number of inspectors (default 60)",
    },
    Flag {
        name: "--format",
        value: Value::Text("csv|gbk|xlsx"),
        required: false,
        commands: &[Demo],
        zh: "四张表的格式：csv 为带 BOM 的 UTF-8（默认），gbk 为中文版 Excel 所存的 GB18030 CSV，xlsx 为 Excel 工作簿",
        en: "format of the four tables: csv is UTF-8 with a BOM (default), gbk is CSV in GB18030 as Excel on Chinese Windows saves it, xlsx Excel workbooks",
    },
    Flag { name: "--plan", value: Value::Text("PLAN.json"), required: true, commands: &[Commit], zh: "抽查计划", en: "the inspection plan" },
    Flag {
        name: "--enterprises",
        value: Value::Text("E.csv|E.xlsx"),
        required: true,
        commands: &[Commit],
        zh: "检查对象名录",
        en: "the enterprise directory",
    },
    Flag {
        name: "--inspectors",
        value: Value::Text("I.csv|I.xlsx"),
        required: true,
        commands: &[Commit],
        zh: "执法检查人员名录",
        en: "the inspector directory",
    },
    Flag { name: "--items", value: Value::Text("C.csv|C.xlsx"), required: false, commands: &[Commit], zh: "抽查事项清单", en: "the checklist" },
    Flag {
        name: "--history",
        value: Value::Text("H.csv|H.xlsx"),
        required: false,
        commands: &[Commit],
        zh: "本年度检查记录",
        en: "this year's inspection history",
    },
    Flag {
        name: "--sheet",
        value: Value::Text("NAME"),
        required: false,
        commands: &[Commit, ImportEnterprises, ImportInspectors, ImportChecklist, ImportHistory],
        zh: "读取 Excel 工作簿中的这个工作表（默认第一个）",
        en: "the worksheet to read from Excel workbooks (the first by default)",
    },
    Flag {
        name: "--header-row",
        value: Value::Number("N", 1, 1_048_576),
        required: false,
        commands: &[ImportEnterprises, ImportInspectors, ImportChecklist, ImportHistory],
        zh: "表头在第 N 行（如表格中所示）；默认自动查找，跳过上方的标题行和导出说明",
        en: "the header is row N (as the spreadsheet numbers it); found by itself by default, past title and export rows above it",
    },
    Flag {
        name: "--project",
        value: Value::Text("PROJECT.json"),
        required: false,
        commands: &[ImportEnterprises, ImportInspectors, ImportChecklist, ImportHistory],
        zh: "网站导出的项目文件：按其中为此类文件作出的列对应（哪一列是哪一项、哪一列不用）读取，与网站上一样",
        en: "a project file the site exported: its column choices for this kind of file (which column is which field, which is left out) apply, as on the site",
    },
    Flag {
        name: "--beacon",
        value: Value::Text("CHAIN:ROUND"),
        required: true,
        commands: &[Commit],
        zh: "承诺的 drand 轮次，如 quicknet:1234567，或 quicknet:2026-12-01T09:00:00+08:00 表示该时刻或之后的第一轮；正式抽取须至少在 10 分钟之后",
        en: "the drand round committed to, e.g. quicknet:1234567, or quicknet:2026-12-01T09:00:00+08:00 for the first round at or after that time; a real draw needs one at least 10 minutes ahead",
    },
    Flag {
        name: "--nist-pulse-at",
        value: Value::Text("TIME"),
        required: false,
        commands: &[Commit],
        zh: "另承诺 TIME 或之后第一个整分的 NIST 脉冲作为第二随机源；draw 须以 --nist-file 提供",
        en: "also commits to the NIST pulse of the first whole minute at or after TIME as a second beacon; draw then needs it as --nist-file",
    },
    Flag {
        name: "--nist-chain",
        value: Value::Number("N", 1, u64::MAX),
        required: false,
        commands: &[Commit],
        zh: "NIST 链号（默认 2），须与 --nist-pulse-at 同用",
        en: "the NIST chain (2 by default); needs --nist-pulse-at",
    },
    Flag {
        name: "--rehearsal",
        value: Value::Switch,
        required: false,
        commands: &[Commit],
        zh: "演练：允许已产生的轮次，所有文件标注“演练”",
        en: "a rehearsal: allows a past round and marks every file as 演练",
    },
    Flag {
        name: "--sequence",
        value: Value::Number("N", 1, u64::MAX),
        required: false,
        commands: &[Commit],
        zh: "本部门承诺的序号（默认 1）；大于 1 时须给出 --previous",
        en: "the department's commitment number (1 by default); above 1 it needs --previous",
    },
    Flag {
        name: "--previous",
        value: Value::Hex("HASH", Some(64)),
        required: false,
        commands: &[Commit],
        zh: "本部门上一份承诺的哈希值（64 位十六进制）",
        en: "the hash of the department's previous commitment (64 hex digits)",
    },
    Flag {
        name: "--previous-commitment",
        value: Value::Text("FILE"),
        required: false,
        commands: &[Commit],
        zh: "本部门上一份 commitment.json：核对其哈希与部门后，由它得出序号和上一哈希（代替 --sequence 与 --previous）",
        en: "the department's previous commitment.json: its hash and department are checked, and the number and previous hash follow from it (instead of --sequence and --previous)",
    },
    Flag {
        name: "--salt",
        value: Value::Hex("HEX", Some(32)),
        required: false,
        commands: &[Commit],
        zh: "指定盐值（32 位十六进制，即 16 字节，SPEC §3.2）；默认由操作系统随机生成",
        en: "the salt (32 hex digits, 16 bytes, SPEC §3.2); by default random from the operating system",
    },
    Flag {
        name: "--force",
        value: Value::Switch,
        required: false,
        commands: &[Commit],
        zh: "覆盖 --out 目录中已有的 commitment.json 和 inputs.json（已公布的承诺将无法打开）",
        en: "overwrite commitment.json and inputs.json already in the --out folder (a published commitment could no longer be opened)",
    },
    Flag {
        name: "--out",
        value: Value::Text("DIR"),
        required: true,
        commands: &[Commit],
        zh: "写出 commitment.json 和 inputs.json 的目录",
        en: "the folder for commitment.json and inputs.json",
    },
    Flag {
        name: "--beacon-file",
        value: Value::Text("ROUND.json"),
        required: true,
        commands: &[Draw],
        zh: "承诺的 drand 轮次，如中继所提供（https://api.drand.sh/<链哈希>/public/<轮次>）",
        en: "the committed drand round as a relay serves it (https://api.drand.sh/<chain hash>/public/<round>)",
    },
    Flag {
        name: "--nist-file",
        value: Value::Text("PULSE.json"),
        required: false,
        commands: &[Draw],
        zh: "承诺的 NIST 脉冲（承诺含 NIST 时必需）",
        en: "the committed NIST pulse (needed when the commitment names one)",
    },
    Flag { name: "--out", value: Value::Text("BUNDLE.json"), required: true, commands: &[Draw], zh: "写出的验证文件", en: "the bundle to write" },
    Flag {
        name: "--out",
        value: Value::Text("REQ.tsq"),
        required: true,
        commands: &[WitnessRequest],
        zh: "写出的时间戳请求",
        en: "the time-stamp request to write",
    },
    Flag {
        name: "--trust-tsa",
        value: Value::Text("ROOT.pem"),
        required: false,
        commands: &[Verify, WitnessAdd],
        zh: "本次核验另外信任的时间戳服务根证书（PEM 或 DER）",
        en: "a time-stamping authority's root certificate (PEM or DER) trusted for this run besides the pinned ones",
    },
    Flag {
        name: "--json",
        value: Value::Switch,
        required: false,
        commands: &[Verify],
        zh: "以 JSON 输出检查报告",
        en: "print the report as JSON",
    },
    Flag {
        name: "--out",
        value: Value::Text("SEALED.json"),
        required: true,
        commands: &[Seal],
        zh: "写出的结果封存公告",
        en: "the sealed result to write",
    },
    Flag {
        name: "--open-at",
        value: Value::Text("TIME"),
        required: false,
        commands: &[Seal],
        zh: "名单自动开启的时间（如 2027-01-01T00:00:00+08:00），取此刻或其后的第一个 quicknet 轮次；不得晚于检查期结束后的第一轮（默认即该轮）",
        en: "when the list opens itself (e.g. 2027-01-01T00:00:00+08:00): the first quicknet round at or after it; no later than the first round after the inspection windows end (the default)",
    },
    Flag {
        name: "--open-round",
        value: Value::Number("R", 1, u64::MAX),
        required: false,
        commands: &[Seal],
        zh: "名单自动开启的 quicknet 轮次（只有 quicknet 这类无链轮次可用于时间锁；已过去的轮次只用于演练）",
        en: "the quicknet round that opens the list (only an unchained chain such as quicknet can time-lock; a past round only for a rehearsal)",
    },
    Flag {
        name: "--beacon-file",
        value: Value::Text("ROUND.json"),
        required: true,
        commands: &[Open],
        zh: "时间锁的 quicknet 轮次，如中继所提供（https://api.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971/public/<轮次>）",
        en: "the timelock's quicknet round as a relay serves it (https://api.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971/public/<round>)",
    },
    Flag { name: "--out", value: Value::Text("PUBLIC.json"), required: true, commands: &[Open], zh: "写出的公开文件", en: "the public document to write" },
    Flag { name: "--out", value: Value::Text("DIR"), required: true, commands: &[Export], zh: "写出表格的目录", en: "the folder for the tables" },
    Flag { name: "--out", value: Value::Text("PUBLIC.json"), required: true, commands: &[Public], zh: "写出的公开文件", en: "the public document to write" },
    Flag {
        name: "--out",
        value: Value::Text("RECORDS.json"),
        required: true,
        commands: &[ImportEnterprises, ImportInspectors, ImportChecklist, ImportHistory],
        zh: "写出的记录（JSON 数组，与 inputs.json 中的相同）",
        en: "the records to write (a JSON array, as in inputs.json)",
    },
    Flag { name: "--out", value: Value::Text("CODES.csv"), required: true, commands: &[Codes], zh: "写出的核验码清单", en: "the list of codes to write" },
    Flag {
        name: "--id",
        value: Value::Text("统一社会信用代码"),
        required: true,
        commands: &[Lookup],
        zh: "企业的统一社会信用代码",
        en: "the firm's unified social credit code",
    },
    Flag {
        name: "--key",
        value: Value::Text("核验码"),
        required: false,
        commands: &[Lookup],
        zh: "企业的核验码（格式 2 的公开文件中，未抽中企业的结果需要它）",
        en: "the firm's 核验码 (in a format 2 public document, needed for a firm that was not selected)",
    },
    Flag {
        name: "--base-url",
        value: Value::Text("URL"),
        required: false,
        commands: &[Publish],
        zh: "站点地址（http:// 或 https://），二维码和链接用绝对地址；默认为相对地址",
        en: "the site's address (http:// or https://) for absolute links in the QR codes; relative links by default",
    },
    Flag {
        name: "--rebuild",
        value: Value::Switch,
        required: false,
        commands: &[Publish],
        zh: "重新读取目录中的每个文件并重建索引，而不是只读取现有 index.json 未列出的文件",
        en: "reads every file in the folder again and rebuilds the index, instead of only the files the present index.json does not list",
    },
    Flag {
        name: "--chain",
        value: Value::Text("quicknet|default"),
        required: false,
        commands: &[BeaconVerify],
        zh: "drand 链；检查 drand 轮次时必需",
        en: "the drand chain; required for a drand round",
    },
    Flag {
        name: "--chain",
        value: Value::Text("quicknet|default"),
        required: true,
        commands: &[BeaconRound, BeaconTime],
        zh: "drand 链",
        en: "the drand chain",
    },
    Flag {
        name: "--round",
        value: Value::Number("N", 1, u64::MAX),
        required: false,
        commands: &[BeaconVerify, BeaconTime],
        zh: "verify：文件必须是这一轮；time：代替参数 ROUND",
        en: "verify: the round the file must be; time: instead of the ROUND operand",
    },
    Flag {
        name: "--nist",
        value: Value::Switch,
        required: false,
        commands: &[BeaconVerify],
        zh: "文件是 NIST 随机信标 2.0 脉冲（仅接受固定信任的 NIST 证书所签）",
        en: "the file is a NIST Beacon 2.0 pulse (only pulses signed under a pinned NIST certificate pass)",
    },
    Flag {
        name: "--at",
        value: Value::Text("TIME"),
        required: true,
        commands: &[BeaconRound],
        zh: "时间，如 2026-12-01T09:00:00+08:00",
        en: "a time, e.g. 2026-12-01T09:00:00+08:00",
    },
];

/// A mistake in how a command was called: exit code 2, with the command's usage.
#[derive(Debug)]
pub struct UsageError {
    pub zh: String,
    pub en: String,
}

pub fn usage_error(zh: impl Into<String>, en: impl Into<String>) -> UsageError {
    UsageError { zh: zh.into(), en: en.into() }
}

pub fn info(command: Command) -> &'static CommandInfo {
    COMMANDS.iter().find(|c| c.command == command).unwrap_or(&COMMANDS[0])
}

pub fn flags_of(command: Command) -> impl Iterator<Item = &'static Flag> {
    FLAGS.iter().filter(move |f| f.commands.contains(&command))
}

fn find_flag(command: Command, name: &str) -> Option<&'static Flag> {
    flags_of(command).find(|f| f.name == name)
}

/// The command line of one command after parsing: every value already checked
/// against its flag's kind.
pub struct Args {
    command: Command,
    values: BTreeMap<&'static str, String>,
    switches: BTreeSet<&'static str>,
    pub operands: Vec<String>,
}

pub enum Parsed {
    Help,
    Args(Args),
}

/// `--flag value` and `--flag=value` alike, in any order; `--` ends the flags; `-h` or
/// `--help` anywhere asks for the command's help.
pub fn parse(command: Command, args: &[String]) -> Result<Parsed, UsageError> {
    let flags_end = args.iter().position(|a| a == "--").unwrap_or(args.len());
    if args[..flags_end].iter().any(|a| a == "-h" || a == "--help") {
        return Ok(Parsed::Help);
    }
    let mut parsed = Args { command, values: BTreeMap::new(), switches: BTreeSet::new(), operands: Vec::new() };
    let mut i = 0;
    while i < flags_end {
        let arg = &args[i];
        i += 1;
        if !arg.starts_with('-') || arg == "-" {
            parsed.operands.push(arg.clone());
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let flag = find_flag(command, name).ok_or_else(|| unknown_flag(command, name))?;
        let twice = || usage_error(format!("{name} 只能给出一次"), format!("{name} is given more than once"));
        if let Value::Switch = flag.value {
            if inline.is_some() {
                return Err(usage_error(format!("{name} 不带取值"), format!("{name} takes no value")));
            }
            if !parsed.switches.insert(flag.name) {
                return Err(twice());
            }
            continue;
        }
        let value = match inline {
            Some(v) => v,
            // A following flag means this one's value was forgotten.
            None => match args[..flags_end].get(i) {
                Some(next) if !next.starts_with("--") => {
                    i += 1;
                    next.clone()
                }
                _ => return Err(missing_value(flag)),
            },
        };
        check_value(flag, &value)?;
        if parsed.values.insert(flag.name, value).is_some() {
            return Err(twice());
        }
    }
    parsed.operands.extend(args.iter().skip(flags_end + 1).cloned());
    let expected = info(command).operands.len();
    if let Some(extra) = parsed.operands.get(expected) {
        return Err(usage_error(format!("多余的参数“{extra}”"), format!("unexpected argument “{extra}”")));
    }
    Ok(Parsed::Args(parsed))
}

fn unknown_flag(command: Command, name: &str) -> UsageError {
    let cmd = info(command).name;
    usage_error(format!("fairdraw {cmd} 没有选项 {name}"), format!("unknown option {name} for fairdraw {cmd}"))
}

fn missing_value(flag: &Flag) -> UsageError {
    let v = value_name(flag.value);
    usage_error(format!("{} 后面缺少取值 {v}", flag.name), format!("{} needs a value ({v})", flag.name))
}

fn value_name(value: Value) -> &'static str {
    match value {
        Value::Switch => "",
        Value::Text(n) | Value::Number(n, ..) | Value::Hex(n, _) => n,
    }
}

fn check_value(flag: &Flag, value: &str) -> Result<(), UsageError> {
    let name = flag.name;
    if value.trim().is_empty() {
        return Err(usage_error(format!("{name} 的取值为空"), format!("{name} has an empty value")));
    }
    match flag.value {
        Value::Switch | Value::Text(_) => Ok(()),
        Value::Number(_, min, max) => match value.trim().parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(()),
            _ if max == u64::MAX => Err(usage_error(
                format!("{name} 应为不小于 {min} 的整数，而不是“{value}”"),
                format!("{name} must be a whole number from {min} up, not “{value}”"),
            )),
            _ => Err(usage_error(
                format!("{name} 应为 {min} 到 {max} 之间的整数，而不是“{value}”"),
                format!("{name} must be a whole number from {min} to {max}, not “{value}”"),
            )),
        },
        Value::Hex(_, digits) => {
            let hex = value.chars().all(|c| c.is_ascii_hexdigit());
            match digits {
                Some(n) if !hex || value.len() != n => Err(usage_error(
                    format!("{name} 应为 {n} 位十六进制数字，而不是“{value}”"),
                    format!("{name} must be {n} hex digits, not “{value}”"),
                )),
                None if !hex || value.len() % 2 != 0 => Err(usage_error(
                    format!("{name} 应为偶数位十六进制数字，而不是“{value}”"),
                    format!("{name} must be an even number of hex digits, not “{value}”"),
                )),
                _ => Ok(()),
            }
        }
    }
}

impl Args {
    fn known(&self, flag: &str) -> bool {
        find_flag(self.command, flag).is_some()
    }

    pub fn value(&self, flag: &str) -> Option<&str> {
        debug_assert!(self.known(flag), "{flag} is not in the flag table for {:?}", self.command);
        self.values.get(flag).map(String::as_str)
    }

    pub fn required(&self, flag: &str) -> Result<&str, UsageError> {
        self.value(flag).ok_or_else(|| usage_error(format!("缺少 {flag}"), format!("{flag} is required")))
    }

    /// A `Value::Number` flag's value, already checked to be in range.
    pub fn number(&self, flag: &str) -> Option<u64> {
        self.value(flag).and_then(|v| v.trim().parse().ok())
    }

    pub fn has(&self, switch: &str) -> bool {
        debug_assert!(self.known(switch), "{switch} is not in the flag table for {:?}", self.command);
        self.switches.contains(switch)
    }

    /// The `index`th operand, or a message naming the one missing.
    pub fn operand(&self, index: usize) -> Result<&str, UsageError> {
        if let Some(o) = self.operands.get(index) {
            return Ok(o);
        }
        let (name, zh, en) = info(self.command).operands.get(index).map_or(("", "参数", "argument"), |o| (o.name, o.zh, o.en));
        Err(usage_error(format!("缺少{zh} {name}"), format!("the {en} {name} is missing")))
    }
}

/// `fairdraw draw DIR --beacon-file ROUND.json … [选项 / options]`: the operands, then the required flags.
pub fn synopsis(command: Command) -> String {
    let info = info(command);
    let mut line = format!("fairdraw {}", info.name);
    for o in info.operands {
        line.push_str(&format!(" {}", o.name));
    }
    for f in flags_of(command).filter(|f| f.required) {
        line.push_str(&format!(" {} {}", f.name, value_name(f.value)));
    }
    if flags_of(command).any(|f| !f.required) {
        line.push_str(" [选项 / options]");
    }
    line
}

const FLAG_COLUMN: usize = 28;

/// The help of one command: what it does, its flags and its exit codes.
pub fn command_help(command: Command) -> String {
    let info = info(command);
    let mut out = format!("{}\n  {}\n  {}\n", synopsis(command), info.zh, info.en);
    for o in info.operands {
        out.push_str(&format!("  {:<w$}{}{} / {}\n", o.name, "", o.zh, o.en, w = FLAG_COLUMN));
    }
    for f in flags_of(command) {
        let head = format!("{} {}", f.name, value_name(f.value));
        let required = if f.required { "（必需 / required）" } else { "" };
        let range = match f.value {
            Value::Number(_, min, max) if max != u64::MAX => format!("; {min}–{max}"),
            _ => String::new(),
        };
        out.push_str(&format!("  {head:<w$}{}{range}{required}\n", f.zh, w = FLAG_COLUMN));
        out.push_str(&format!("  {:<w$}{}{range}\n", "", f.en, w = FLAG_COLUMN));
    }
    out.push_str("  退出码 / exit codes:\n");
    for (code, zh, en) in info.exit_codes {
        out.push_str(&format!("    {code}  {zh} / {en}\n"));
    }
    out
}

pub const TITLE: &str = "fairdraw — 双随机、一公开 抽查的承诺、抽取与验证 / committed, verifiable inspection draws";

/// The short usage: one line per command.
pub fn short_usage() -> String {
    let mut out = format!("{TITLE}\n\n用法 / usage:\n");
    for c in COMMANDS {
        out.push_str(&format!("  {}\n", synopsis(c.command)));
    }
    out.push_str("\nfairdraw --help 或 fairdraw 命令 --help 查看全部选项 / for every option: fairdraw --help, or fairdraw COMMAND --help\n");
    out
}

/// `fairdraw --help`: every command with every flag and its exit codes.
pub fn full_help() -> String {
    let mut out = format!("{TITLE}\n\n");
    for c in COMMANDS {
        out.push_str(&command_help(c.command));
        out.push('\n');
    }
    out.push_str(
        "fairdraw --help 或 fairdraw 命令 --help 显示帮助 / fairdraw --help or fairdraw COMMAND --help shows the help\n\
         选项可写作 --选项 值 或 --选项=值；-- 之后均为参数 / a flag's value may follow as --flag VALUE or --flag=VALUE; \
         everything after -- is an operand\n\
         退出码 / exit codes: 0 成功 / success, 1 验证未通过 / a verification failed, 2 用法错误或输入有误 / bad usage or input\n\
         输出管道被关闭（如 | head）时安静结束，退出码不变 / a closed output pipe (e.g. | head) ends quietly, with the command's own exit code\n",
    );
    out
}

/// The help of a group of commands that share a first word (`beacon`).
pub fn group_help(first_word: &str) -> String {
    let mut out = String::new();
    for c in COMMANDS.iter().filter(|c| c.name.split(' ').next() == Some(first_word)) {
        out.push_str(&command_help(c.command));
        out.push('\n');
    }
    out
}

/// The command named by the first one or two words, and the rest of the arguments.
pub fn find_command(args: &[String]) -> Option<(Command, &[String])> {
    let first = args.first()?;
    if let Some(c) = COMMANDS.iter().find(|c| c.name == first.as_str()) {
        return Some((c.command, &args[1..]));
    }
    let second = args.get(1)?;
    COMMANDS.iter().find(|c| c.name.split_once(' ') == Some((first.as_str(), second.as_str()))).map(|c| (c.command, &args[2..]))
}
