//! `fairdraw commit`, `draw`, `verify` and `lookup`: files in, files out; every
//! decision is the core's.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use fairdraw::beacon::{self, ChainInfo, QUICKNET};
use fairdraw::export;
use fairdraw::hashing::hex;
use fairdraw::import::{self, FileKind, ImportOptions};
use fairdraw::model::{Directories, Plan};
use fairdraw::organizer;
use fairdraw::protocol::{self, Bundle, CommitOptions, Commitment, Inputs};
use fairdraw::read::{Document, Unreadable, MAX_BYTES_NATIVE};
use fairdraw::verify::{self, check_text_for, Verdict};
use fairdraw::{Problem, Problems};

use crate::flags::{self, Args, Command, UsageError};
use crate::output::{errln, outln};

/// Minimum time between committing and the committed round, so the commitment can be
/// published (website notice, 公告) while the randomness does not exist yet.
const MIN_LEAD_SECONDS: i64 = 600;

/// Exit code and message of a failed command.
pub struct Failure {
    code: u8,
    problems: Problems,
    /// A usage mistake also shows how the command is called.
    usage: bool,
}

impl Failure {
    fn usage(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Failure { code: 2, problems: Problem::new(zh, en).into(), usage: true }
    }
    fn input(problems: impl Into<Problems>) -> Self {
        Failure { code: 2, problems: problems.into(), usage: false }
    }
    fn verification(problems: impl Into<Problems>) -> Self {
        Failure { code: 1, problems: problems.into(), usage: false }
    }
}

impl From<UsageError> for Failure {
    fn from(e: UsageError) -> Self {
        Failure::usage(e.zh, e.en)
    }
}

/// The errors under one heading, then the warnings under another, never interleaved:
/// the errors are what must be fixed.
fn report_failure(command: Command, f: Failure) -> u8 {
    let name = flags::info(command).name;
    errln!("fairdraw {name}: 失败 / failed");
    let errors: Vec<&Problem> = f.problems.errors().collect();
    let warnings: Vec<&Problem> = f.problems.warnings().collect();
    if !errors.is_empty() && !warnings.is_empty() {
        errln!("错误 / errors ({}):", errors.len());
    }
    for p in &errors {
        errln!("{p}");
    }
    print_warnings(&warnings);
    if f.usage {
        errln!("\n用法 / usage: {}", flags::synopsis(command));
        errln!("fairdraw {name} --help 查看全部选项 / lists every option");
    }
    f.code
}

fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| {
        Failure::input(Problem::new(format!("无法读取文件：{e}"), format!("cannot read the file: {e}")).in_file(path))
    })
}

fn read_text(path: &str) -> Result<String, Failure> {
    String::from_utf8(read_bytes(path)?)
        .map_err(|_| Failure::input(Problem::new("文件不是 UTF-8 文本", "the file is not UTF-8 text").in_file(path)))
}

fn read_json<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, Failure> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::input(
            Problem::new(format!("JSON 内容有误：{e}"), format!("the JSON is not as expected: {e}"))
                .in_file(path)
                .at_row(e.line() as u64),
        )
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| cannot_write(path, e))
}

fn cannot_write(path: &Path, e: std::io::Error) -> Failure {
    Failure::input(Problem::new(format!("无法写入文件：{e}"), format!("cannot write the file: {e}")).in_file(path.display().to_string()))
}

/// Records as `fairdraw import` writes them: a JSON array, indented, and a line
/// break; written as they are produced. The number of records.
fn write_records<T: serde::Serialize>(path: &Path, records: &[T]) -> Result<usize, Failure> {
    write_streamed(path, path, |out| {
        serde_json::to_writer_pretty(&mut *out, records)?;
        out.write_all(b"\n")
    })?;
    Ok(records.len())
}

/// A document as compact JSON, written as it is produced.
fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<(), Failure> {
    write_streamed(path, path, |out| Ok(serde_json::to_writer(out, value)?))
}

/// A file written as `write` produces it: the documents of a large directory are
/// hundreds of megabytes, which are not worth holding twice. A failure names `shown`
/// (the file the user asked for, when `path` is a temporary name for it).
fn write_streamed(path: &Path, shown: &Path, write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>) -> Result<(), Failure> {
    start_streamed(path, shown, write)?.flush().map_err(|e| cannot_write(shown, e))
}

/// A file begun as `write` produces it and left open for more. A failure names
/// `shown` (the file the user asked for, when `path` is a temporary name for it).
fn start_streamed(
    path: &Path,
    shown: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<std::io::BufWriter<std::fs::File>, Failure> {
    let file = std::fs::File::create(path).map_err(|e| cannot_write(shown, e))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    write(&mut out).map_err(|e| cannot_write(shown, e))?;
    Ok(out)
}

/// A hidden name beside `path` for the file while it is being written.
fn partial_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Sixteen bytes from the operating system for the salt.
fn random_salt() -> Result<String, Failure> {
    random_hex(16)
}

/// `n` bytes from the operating system, as hex: the salt, the secret of the 核验码.
fn random_hex(n: usize) -> Result<String, Failure> {
    use std::io::Read;
    let mut bytes = vec![0u8; n];
    std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes)).map_err(|e| {
        Failure::input(Problem::new(
            format!("无法从操作系统取得随机数（{e}）"),
            format!("cannot get random bytes from the operating system ({e})"),
        ))
    })?;
    Ok(hex(&bytes))
}

/// `quicknet:ROUND` or `quicknet:2026-12-01T09:00:00+08:00` (the first round at or after).
fn parse_beacon(spec: &str) -> Result<(&'static ChainInfo, u64), Failure> {
    let bad = || {
        Failure::usage(
            format!("--beacon 应为“链:轮次”，如 quicknet:1234567 或 quicknet:2026-12-01T09:00:00+08:00，而不是“{spec}”"),
            format!("--beacon must be CHAIN:ROUND, e.g. quicknet:1234567 or quicknet:2026-12-01T09:00:00+08:00, not “{spec}”"),
        )
    };
    let (name, rest) = spec.split_once(':').ok_or_else(bad)?;
    let chain = beacon::chain_by_name(name).ok_or_else(|| {
        let e = beacon::unknown_chain(name);
        Failure::usage(e.zh(), e.en())
    })?;
    let round = match rest.parse::<u64>() {
        Ok(r) if r >= 1 => r,
        Ok(_) => return Err(bad()),
        Err(_) => {
            let at = fairdraw::time::parse_rfc3339(rest).map_err(|_| bad())?;
            chain.round_at_or_after(at)
        }
    };
    Ok((chain, round))
}

/// The NIST chain that `--nist-pulse-at` means unless `--nist-chain` says otherwise:
/// the one NIST serves now (chain 1 ended in 2019).
const DEFAULT_NIST_CHAIN: u64 = 2;

/// `--nist-pulse-at TIME [--nist-chain N]`: the pulse of the first whole minute at or after TIME.
fn parse_nist(a: &Args) -> Result<Option<(u64, i64)>, Failure> {
    let chain = a.number("--nist-chain");
    let Some(at) = a.value("--nist-pulse-at") else {
        return match chain {
            Some(_) => Err(Failure::usage("--nist-chain 需要与 --nist-pulse-at 同用", "--nist-chain needs --nist-pulse-at")),
            None => Ok(None),
        };
    };
    let time = fairdraw::time::parse_rfc3339(at).map_err(|_| {
        Failure::usage(
            format!("--nist-pulse-at 应为时间，如 2026-12-01T09:00:00+08:00，而不是“{at}”"),
            format!("--nist-pulse-at must be a time, e.g. 2026-12-01T09:00:00+08:00, not “{at}”"),
        )
    })?;
    Ok(Some((chain.unwrap_or(DEFAULT_NIST_CHAIN), protocol::nist_time_at_or_after(time))))
}

/// The commitment's place in the department's chain: after a previous
/// commitment.json, checked as the 承诺 page checks it, or as typed.
fn chain_link(a: &Args, department: &str) -> Result<organizer::ChainLink, Failure> {
    match a.value("--previous-commitment") {
        Some(path) => {
            if a.value("--sequence").is_some() || a.value("--previous").is_some() {
                return Err(Failure::usage(
                    "--previous-commitment 已决定序号和上一哈希，不能再给 --sequence 或 --previous",
                    "--previous-commitment decides the number and the previous hash: do not also give --sequence or --previous",
                ));
            }
            organizer::chain_start_from_previous(&read_text(path)?, department).map_err(|p| Failure::input(p.in_file(path)))
        }
        None => Ok(organizer::ChainLink {
            sequence: a.number("--sequence").unwrap_or(1),
            previous: a.value("--previous").unwrap_or_default().to_string(),
        }),
    }
}

/// A commitment may already be published when its folder is committed into again;
/// overwriting its `inputs.json` would leave it impossible to open.
fn refuse_to_overwrite(out: &Path) -> Result<(), Problem> {
    for file in ["commitment.json", "inputs.json"] {
        let path = out.join(file);
        if path.symlink_metadata().is_ok() {
            return Err(
                Problem::new(
                    format!(
                        "目录中已有 {file}：覆盖会丢失一份可能已公布的承诺（或打开它所需的输入），之后无法再证明其抽取；\
                         请换一个 --out 目录，确需重新承诺时加 --force"
                    ),
                    format!(
                        "the folder already holds {file}: overwriting it would lose a commitment that may already be published \
                         (or the inputs that open it), and its draw could no longer be proven; use another --out folder, \
                         or --force to replace it"
                    ),
                )
                .in_file(path.display().to_string()),
            );
        }
    }
    Ok(())
}

fn today() -> String {
    fairdraw::time::format_date(now_unix().div_euclid(86_400))
}

fn print_warnings(warnings: &[&Problem]) {
    if warnings.is_empty() {
        return;
    }
    errln!("提示 / warnings ({}):", warnings.len());
    for w in warnings {
        errln!("{w}");
    }
}

/// Imports one CSV or XLSX file (`sheet` picks a workbook's sheet) into its place
/// among `directories`; its problems are collected into `problems`.
fn import_file(
    kind: FileKind,
    path: &str,
    options: &ImportOptions,
    sheet: Option<&str>,
    directories: &mut Directories,
    problems: &mut Problems,
) -> Result<(), Failure> {
    let bytes = read_bytes(path)?;
    let name = Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.to_string());
    match import::import_bytes(kind, &name, &bytes, sheet, options).into_result() {
        Ok((records, warnings)) => {
            // Printed with the others once the commit succeeds or fails, not mixed in.
            problems.0.extend(warnings.into_iter().map(Problem::as_warning));
            records.store_in(directories);
        }
        Err(p) => problems.0.extend(p.0),
    }
    Ok(())
}

/// `--trust-tsa ROOT`: one root certificate, PEM or DER.
fn trusted_roots(a: &Args) -> Result<Vec<Vec<u8>>, Failure> {
    let Some(path) = a.value("--trust-tsa") else { return Ok(Vec::new()) };
    let bytes = read_bytes(path)?;
    let der = fairdraw::witness::certificate_der(&bytes).ok_or_else(|| {
        Failure::input(Problem::new("不是 PEM 或 DER 格式的证书", "not a certificate in PEM or DER").in_file(path))
    })?;
    Ok(vec![der])
}

/// The witnesses file beside a commitment: the tokens witnessing it (SPEC §10.8).
const WITNESSES_FILE: &str = "witnesses.json";

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WitnessesFile {
    format: String,
    document: String,
    commitment: String,
    tokens: Vec<String>,
}

fn witnesses_beside(commitment_path: &Path) -> PathBuf {
    commitment_path.parent().unwrap_or(Path::new(".")).join(WITNESSES_FILE)
}

/// The tokens kept beside a commitment, checked to be for it.
fn read_witnesses(path: &Path, commitment: &Commitment) -> Result<Vec<String>, Failure> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let file: WitnessesFile = read_json(&path.display().to_string())?;
    if file.commitment != commitment.commitment || file.document != "witnesses" {
        return Err(Failure::input(
            Problem::new("witnesses.json 属于另一份承诺", "witnesses.json belongs to another commitment").in_file(path.display().to_string()),
        ));
    }
    Ok(file.tokens)
}

fn read_commitment_file(path: &str) -> Result<Commitment, Failure> {
    fairdraw::read::read_commitment(&read_text(path)?).map_err(|reason| Failure::input(reason.problem().in_file(path)))
}

/// `fairdraw witness request COMMITMENT.json --out REQ.tsq`.
pub fn witness_request(a: &Args) -> u8 {
    run_command(Command::WitnessRequest, || {
        let path = a.operand(0)?;
        let out = PathBuf::from(a.required("--out")?);
        let commitment = read_commitment_file(path)?;
        let hash = fairdraw::hashing::unhex32(&commitment.commitment)
            .ok_or_else(|| Failure::input(Problem::new("承诺哈希值无效", "the commitment hash is not valid").in_file(path)))?;
        let nonce = u64::from_str_radix(&random_hex(8)?, 16).unwrap_or(1);
        write_file(&out, &fairdraw::witness::request(&hash, nonce))?;
        outln!("已写入 / written: {}", out.display());
        outln!("发送 / send: curl -sS -H 'Content-Type: application/timestamp-query' --data-binary @{} http://timestamp.digicert.com -o reply.tsr", out.display());
        outln!("然后 / then: fairdraw witness add {path} reply.tsr");
        Ok(0)
    })
}

/// `fairdraw witness add COMMITMENT.json REPLY.tsr`: the token verified, then kept.
pub fn witness_add(a: &Args) -> u8 {
    run_command(Command::WitnessAdd, || {
        let path = a.operand(0)?;
        let reply_path = a.operand(1)?;
        let commitment = read_commitment_file(path)?;
        let hash = fairdraw::hashing::unhex32(&commitment.commitment)
            .ok_or_else(|| Failure::input(Problem::new("承诺哈希值无效", "the commitment hash is not valid").in_file(path)))?;
        let reply = read_bytes(reply_path)?;
        let token = fairdraw::witness::token_of_reply(&reply).map_err(|t| Failure::verification(Problem::new(t.zh, t.en).in_file(reply_path)))?;
        let mut roots = fairdraw::witness::pinned_roots();
        roots.extend(trusted_roots(a)?);
        let w = fairdraw::witness::verify(&token, &hash, &roots).map_err(|t| Failure::verification(Problem::new(t.zh, t.en).in_file(reply_path)))?;
        let file = witnesses_beside(Path::new(path));
        let mut tokens = read_witnesses(&file, &commitment)?;
        let token_hex = hex(&token);
        if !tokens.contains(&token_hex) {
            tokens.push(token_hex);
        }
        let kept = WitnessesFile { format: fairdraw::v2::FORMAT.into(), document: "witnesses".into(), commitment: commitment.commitment.clone(), tokens };
        let mut text = serde_json::to_string_pretty(&kept).expect("witnesses serialise");
        text.push('\n');
        write_file(&file, text.as_bytes())?;
        outln!("见证 / witness: {}，{}（{}）", w.authority, fairdraw::time::format_china(w.gen_time), fairdraw::time::format_utc(w.gen_time));
        let emitted = beacon::chain_by_hash(&commitment.beacon.chain_hash).map(|c| c.round_time(commitment.beacon.round));
        match emitted {
            Some(at) if w.latest < at => outln!("早于信标轮次 / before the beacon round ({})", fairdraw::time::format_utc(at)),
            Some(at) => outln!("注意 / note: 不早于信标轮次，不能证明承诺在随机数产生之前 / not before the beacon round ({}): it does not show the commitment came first", fairdraw::time::format_utc(at)),
            None => {}
        }
        outln!("已写入 / written: {}", file.display());
        Ok(0)
    })
}

/// `fairdraw import KIND FILE --out RECORDS.json`: one file checked exactly as the
/// 计划 page and `commit` check it, and its records as they would be committed — so a
/// department can check its files from a script before committing.
/// The column choices a project file exported by the site holds for `kind`: its
/// `header_choices` member, header text → field (or "" to leave the column out).
fn project_column_choices(path: &str, kind: FileKind) -> Result<std::collections::BTreeMap<String, String>, Failure> {
    let bytes = read_bytes(path)?;
    let not_a_project = || {
        Failure::input(
            Problem::new(
                "这不是网站导出的项目文件（缺少 \"format\": \"fairdraw-project\"）",
                "not a project file exported by the site (no \"format\": \"fairdraw-project\")",
            )
            .in_file(path),
        )
    };
    let project: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| not_a_project())?;
    if project.get("format").and_then(|f| f.as_str()) != Some("fairdraw-project") {
        return Err(not_a_project());
    }
    let Some(choices) = project.get("header_choices").and_then(|c| c.get(kind.code())) else { return Ok(Default::default()) };
    serde_json::from_value(choices.clone()).map_err(|e| {
        Failure::input(
            Problem::new(
                format!("项目文件的列对应（header_choices.{}）无法读取：{e}", kind.code()),
                format!("the project file's column choices (header_choices.{}) cannot be read: {e}", kind.code()),
            )
            .in_file(path),
        )
    })
}

pub fn import(a: &Args, kind: FileKind, command: Command) -> u8 {
    run_command(command, || {
        let path = a.operand(0)?;
        let out = PathBuf::from(a.required("--out")?);
        let header_overrides = match a.value("--project") {
            Some(project) => project_column_choices(project, kind)?,
            None => Default::default(),
        };
        let options = ImportOptions { as_of: Some(today()), header_row: a.number("--header-row"), header_overrides, ..ImportOptions::default() };
        let mut problems = Problems::default();
        let mut directories = Directories { enterprises: Vec::new(), inspectors: Vec::new(), checklist: Vec::new(), history: Vec::new() };
        import_file(kind, path, &options, a.value("--sheet"), &mut directories, &mut problems)?;
        if problems.has_errors() {
            return Err(Failure::input(problems));
        }
        print_warnings(&problems.warnings().collect::<Vec<_>>());
        let count = match kind {
            FileKind::Enterprises => write_records(&out, &directories.enterprises)?,
            FileKind::Inspectors => write_records(&out, &directories.inspectors)?,
            FileKind::Checklist => write_records(&out, &directories.checklist)?,
            FileKind::History => write_records(&out, &directories.history)?,
        };
        outln!("{}：{} 条记录 / {} records", kind.label_zh(), count, count);
        outln!("已写入 / written: {}", out.display());
        Ok(0)
    })
}

pub fn commit(a: &Args) -> u8 {
    run_command(Command::Commit, || {
        let (chain, round) = parse_beacon(a.required("--beacon")?)?;
        let out = PathBuf::from(a.required("--out")?);
        let rehearsal = a.has("--rehearsal");
        let now = now_unix();
        protocol::check_round_is_future(chain, round, now, MIN_LEAD_SECONDS, rehearsal).map_err(Failure::input)?;
        let nist = parse_nist(a)?;
        if let Some((_, at)) = nist {
            protocol::check_nist_is_future(at, now, MIN_LEAD_SECONDS, rehearsal).map_err(Failure::input)?;
        }

        let plan: Plan = read_json(a.required("--plan")?)?;
        let options = ImportOptions { as_of: Some(today()), ..ImportOptions::default() };
        let mut problems = Problems::default();
        let sheet = a.value("--sheet");
        let mut directories = Directories { enterprises: Vec::new(), inspectors: Vec::new(), checklist: Vec::new(), history: Vec::new() };
        import_file(FileKind::Enterprises, a.required("--enterprises")?, &options, sheet, &mut directories, &mut problems)?;
        import_file(FileKind::Inspectors, a.required("--inspectors")?, &options, sheet, &mut directories, &mut problems)?;
        if let Some(p) = a.value("--items") {
            import_file(FileKind::Checklist, p, &options, sheet, &mut directories, &mut problems)?;
        }
        if let Some(p) = a.value("--history") {
            import_file(FileKind::History, p, &options, sheet, &mut directories, &mut problems)?;
        }
        if problems.has_errors() {
            return Err(Failure::input(problems));
        }
        let link = chain_link(a, &plan.department)?;
        let salt = match a.value("--salt") {
            Some(s) => s.to_string(),
            None => random_salt()?,
        };
        let inputs = organizer::committed_inputs2(plan, directories, &salt, &random_hex(32)?);
        let opts = CommitOptions {
            sequence: link.sequence,
            previous: link.previous,
            committed_at: now,
            rehearsal,
            chain,
            round,
        };
        // Reported only after the inputs' own problems, but known now: the inputs
        // file is written while the commitment is computed, which takes about as long
        // for a large directory.
        let refusal = if a.has("--force") { None } else { refuse_to_overwrite(&out).err() };
        let pending = PendingInputs::new(&out);
        let (committed, written) = std::thread::scope(|s| {
            let writer = refusal.is_none().then(|| s.spawn(|| pending.write(&inputs)));
            let committed = protocol::commit_with_nist(&inputs, &opts, nist);
            (committed, writer.map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))))
        });
        let (commitment, report) = committed.map_err(|mut p| {
            pending.discard();
            p.0.splice(0..0, problems.0.drain(..));
            Failure::input(p)
        })?;
        let mut notes: Vec<Problem> = problems.warnings().chain(report.problems.warnings()).cloned().collect();
        if let Some(refusal) = refusal {
            notes.insert(0, refusal);
            return Err(Failure::input(Problems(notes)));
        }
        print_warnings(&notes.iter().collect::<Vec<_>>());
        if let Some(Err(failure)) = written {
            pending.discard();
            return Err(failure);
        }
        pending.keep()?;
        write_file(&out.join("commitment.json"), protocol::commitment_file(&commitment).as_bytes())?;

        if rehearsal {
            outln!("【演练 / REHEARSAL】本次承诺仅用于演练，不是正式抽取 / for rehearsal only, not a real draw");
        }
        outln!("承诺 / commitment: {}", commitment.commitment);
        let at = chain.round_time(round);
        outln!(
            "信标 / beacon: drand {} 第 {round} 轮 / round {round}，产生于 / emitted at {}（{}）",
            chain.name,
            fairdraw::time::format_china(at),
            fairdraw::time::format_utc(at)
        );
        if let Some(n) = &commitment.beacon.nist {
            let at = fairdraw::time::parse_rfc3339(&n.time_stamp).unwrap_or_default();
            outln!(
                "信标 / beacon: NIST 第 {} 链 / chain {}，{} 的脉冲 / pulse at {}",
                n.chain_index,
                n.chain_index,
                fairdraw::time::format_china(at),
                n.time_stamp
            );
        }
        for t in &commitment.tasks {
            outln!("任务 / task {}：企业池 / pool {}，抽取 / draws {}", t.number, t.pool, t.count);
        }
        outln!("已写入 / written: {} {}", out.join("commitment.json").display(), out.join("inputs.json").display());
        outln!("请立即公布 commitment.json，妥善保管 inputs.json / publish commitment.json now; keep inputs.json safe");
        free_at_exit(inputs);
        Ok(0)
    })
}

/// `inputs.json` of a commitment being made, written under a name of its own until
/// the commitment is known to succeed; the folder is made for it when missing and
/// removed again, empty, when the commitment fails.
struct PendingInputs {
    folder: PathBuf,
    folder_existed: bool,
    partial: PathBuf,
}

impl PendingInputs {
    fn new(folder: &Path) -> PendingInputs {
        PendingInputs { folder: folder.to_path_buf(), folder_existed: folder.exists(), partial: folder.join(".inputs.json.partial") }
    }

    fn write(&self, inputs: &fairdraw::protocol::Inputs) -> Result<(), Failure> {
        std::fs::create_dir_all(&self.folder).map_err(|e| {
            Failure::input(Problem::new(format!("无法创建目录：{e}"), format!("cannot create the folder: {e}")).in_file(self.folder.display().to_string()))
        })?;
        write_streamed(&self.partial, &self.folder.join("inputs.json"), |out| protocol::write_inputs_file(inputs, out))
    }

    fn keep(&self) -> Result<(), Failure> {
        let to = self.folder.join("inputs.json");
        std::fs::rename(&self.partial, &to).map_err(|e| cannot_write(&to, e))
    }

    fn discard(&self) {
        let _ = std::fs::remove_file(&self.partial);
        if !self.folder_existed {
            let _ = std::fs::remove_dir(&self.folder);
        }
    }
}

/// `commitment.json` or `inputs.json` in a commit folder, or the one file named
/// `…-commitment.json` (`…-inputs.json`) there, as the site names its downloads
/// (plan number, sequence, hash); several such files are refused, naming them.
fn commit_folder_file(dir: &Path, what: &str) -> Result<PathBuf, Failure> {
    let plain = dir.join(format!("{what}.json"));
    if plain.exists() {
        return Ok(plain);
    }
    let suffix = format!("-{what}.json");
    let mut named: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|listing| listing.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(&suffix))).collect())
        .unwrap_or_default();
    named.sort();
    match named.len() {
        0 => Ok(plain),
        1 => Ok(named.remove(0)),
        _ => {
            let names: Vec<String> = named.iter().filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).collect();
            Err(Failure::input(
                Problem::new(
                    format!("目录中有多个 *{suffix} 文件（{}）：请把一次承诺的两个文件单独放在一个目录中", names.join("、")),
                    format!("the folder holds several *{suffix} files ({}): put one commitment's two files in a folder of their own", names.join(", ")),
                )
                .in_file(dir.display().to_string()),
            ))
        }
    }
}

pub fn draw(a: &Args) -> u8 {
    run_command(Command::Draw, || {
        let dir = PathBuf::from(a.operand(0)?);
        let (inputs_path, commitment_path) = (commit_folder_file(&dir, "inputs")?, commit_folder_file(&dir, "commitment")?);
        let inputs: Inputs = read_json(&inputs_path.display().to_string())?;
        let commitment: Commitment = read_json(&commitment_path.display().to_string())?;
        let beacon_path = a.required("--beacon-file")?;
        let round = beacon::parse_drand_json(&read_text(beacon_path)?)
            .map_err(|e| Failure::input(e.to_problem().in_file(beacon_path)))?;
        let pulse = match a.value("--nist-file") {
            Some(path) => Some(beacon::parse_nist_json(&read_text(path)?).map_err(|e| Failure::input(e.to_problem().in_file(path)))?),
            None => None,
        };
        let out = PathBuf::from(a.required("--out")?);
        if inputs.format == fairdraw::v2::FORMAT {
            let evidence = protocol::BeaconEvidence { drand: round, nist_pulse: pulse };
            let commitment_file = commitment_path.display().to_string();
            let witnesses = read_witnesses(&dir.join(WITNESSES_FILE), &commitment)?;
            let refused = |p: Problems| Failure::verification(Problems(p.0.into_iter().map(|p| p.in_file(commitment_file.clone())).collect()));
            let mut auditor = fairdraw::v2::auditor_to_draw(inputs, commitment, evidence).map_err(refused)?;
            // The document's inputs (nearly all of its bytes) are written while the draw
            // runs, under a name of its own until the draw succeeds.
            let partial = partial_beside(&out);
            let (drawn, head) = std::thread::scope(|s| {
                let head = s.spawn(|| start_streamed(&partial, &out, |w| fairdraw::v2::write_auditor_head(&auditor, w)));
                let drawn = fairdraw::v2::draw_result(&auditor);
                (drawn, head.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            });
            let finished = drawn.map_err(refused).and_then(|(result, digest)| {
                (auditor.result, auditor.result_sha256, auditor.witnesses) = (result, digest, witnesses);
                let mut w = head?;
                fairdraw::v2::write_auditor_tail(&auditor, &mut w).and_then(|()| w.flush()).map_err(|e| cannot_write(&out, e))?;
                std::fs::rename(&partial, &out).map_err(|e| cannot_write(&out, e))
            });
            if let Err(failure) = finished {
                let _ = std::fs::remove_file(&partial);
                return Err(failure);
            }
            if auditor.commitment.rehearsal {
                outln!("【演练 / REHEARSAL】本结果不是正式抽取 / this result is not a real draw");
            }
            outln!("种子 / seed: {}", auditor.result.seed);
            for t in &auditor.result.tasks {
                outln!("任务 / task {}：抽中 / selected {} 家 / firms", t.number, t.selected.len());
            }
            outln!("结果哈希 / result hash: {}", auditor.result_sha256);
            outln!("已写入审计文件（含保密的完整输入，不要公布）/ written the auditor document (full confidential inputs; do not publish): {}", out.display());
            outln!("公布前请运行 / before publishing run: fairdraw public {} --out PUBLIC.json", out.display());
            free_at_exit(auditor);
            return Ok(0);
        }
        let bundle = protocol::draw_bundle_with_nist(inputs, commitment, round, pulse).map_err(Failure::verification)?;
        refuse_what_a_verifier_refuses(&bundle, &commitment_path)?;
        write_json(&out, &bundle)?;
        if bundle.commitment.rehearsal {
            outln!("【演练 / REHEARSAL】本结果不是正式抽取 / this result is not a real draw");
        }
        outln!("种子 / seed: {}", bundle.result.seed);
        for t in &bundle.result.tasks {
            outln!("任务 / task {}：抽中 / selected {} 家 / firms", t.number, t.selected.len());
        }
        outln!("结果哈希 / result hash: {}", bundle.result_sha256);
        outln!("已写入 / written: {}", out.display());
        Ok(0)
    })
}

/// Leaves a command's parsed directory or document to the process's exit: freeing a
/// million firms' records one allocation at a time takes a large part of a second,
/// after the command's work is done and written. Only for what a command holds until
/// it returns (each command runs once per process).
fn free_at_exit<T>(value: T) {
    std::mem::forget(value);
}

/// A document read as every verifier reads it (SPEC §8 "Reading"); a file larger
/// than the limit is refused before it is read into memory.
fn read_document(path: &str) -> Result<Result<Document, Unreadable>, Failure> {
    if let Some(refused) = std::fs::metadata(path).ok().and_then(|m| fairdraw::read::too_large(m.len(), MAX_BYTES_NATIVE)) {
        return Ok(Err(refused));
    }
    let bytes = read_bytes(path)?;
    if !fairdraw::gzip::is_gzip(&bytes) {
        return Ok(fairdraw::read::read_document(&bytes, MAX_BYTES_NATIVE));
    }
    // A document published as .json.gz is read as the site reads it.
    match fairdraw::gzip::gunzip(&bytes, MAX_BYTES_NATIVE) {
        Ok(inflated) => Ok(fairdraw::read::read_document(&inflated, MAX_BYTES_NATIVE)),
        Err(fairdraw::gzip::Corrupt::TooLarge { limit }) => Ok(Err(Unreadable::TooLarge { bytes: limit as u64 + 1, limit: limit as u64 })),
        Err(why) => {
            let (zh, en) = why.words();
            Err(Failure::input(
                Problem::new(format!("这是 gzip 压缩文件（.gz），但无法解压：{zh}"), format!("this is a gzip-compressed file (.gz), but it cannot be decompressed: {en}"))
                    .in_file(path),
            ))
        }
    }
}

/// A draw with all its inputs: format 1's bundle or format 2's auditor document.
enum FullDraw {
    One(Box<Bundle>),
    Two(Box<fairdraw::v2::Auditor>),
}

impl FullDraw {
    fn rehearsal(&self) -> bool {
        match self {
            FullDraw::One(b) => b.commitment.rehearsal,
            FullDraw::Two(a) => a.commitment.rehearsal,
        }
    }

    /// The draw as the papers read it.
    fn papers(&self) -> Result<Bundle, Failure> {
        match self {
            FullDraw::One(b) => Ok((**b).clone()),
            FullDraw::Two(a) => organizer::papers_view(a).map_err(Failure::input),
        }
    }

    fn group_numbers(&self) -> fairdraw::export::GroupNumbers {
        match self {
            FullDraw::One(_) => Default::default(),
            FullDraw::Two(a) => organizer::group_numbers(a),
        }
    }
}

fn load_draw(path: &str) -> Result<FullDraw, Failure> {
    let needs_all = |zh: &str, en: &str| {
        Failure::input(
            Problem::new(
                format!("{zh}：此命令需要含完整输入的审计文件（fairdraw draw 的输出）"),
                format!("{en}: this command needs the auditor document with the full inputs (what fairdraw draw writes)"),
            )
            .in_file(path),
        )
    };
    match read_document(path)? {
        Ok(Document::Bundle(b)) => Ok(FullDraw::One(b)),
        Ok(Document::Auditor(a)) => Ok(FullDraw::Two(a)),
        Ok(Document::Sealed(_) | Document::Sealed2(_)) => Err(needs_all("这是结果封存文件，不含抽取名单", "this is a sealed document, without the list")),
        Ok(Document::Public(_)) => Err(needs_all("这是公开文件，不含保密的完整输入", "this is a public document, without the confidential inputs")),
        Err(reason) => Err(Failure::input(reason.problem().in_file(path))),
    }
}

pub fn verify(a: &Args) -> u8 {
    run_command(Command::Verify, || {
        let path = a.operand(0)?;
        let extra = trusted_roots(a)?;
        let report = match read_document(path)? {
            Ok(document) => {
                let report = verify::verify_document_trusting(&document, &extra);
                free_at_exit(document);
                report
            }
            Err(reason) => verify::unreadable(&reason),
        };
        if a.has("--json") {
            outln!("{}", serde_json::to_string_pretty(&report).expect("reports serialise"));
        } else {
            print_report(&report);
        }
        Ok(match report.verdict {
            Verdict::Invalid => 1,
            Verdict::Unreadable => 2,
            _ => 0,
        })
    })
}

fn print_report(r: &verify::Report) {
    if !r.plan_number.is_empty() {
        outln!("{} {}（{}）", r.plan_number, r.plan_name, r.department);
        outln!("承诺 / commitment {}", r.commitment);
    }
    match r.document.as_str() {
        "auditor" => outln!("文件 / document: 审计文件（完整输入，保密）/ auditor document (full inputs, confidential)"),
        "public" => outln!("文件 / document: 公开文件（未抽中企业只以令牌出现）/ public document (unselected firms appear only as tokens)"),
        "sealed" => outln!("文件 / document: 封存文件（名单公布前）/ sealed document (before the list is published)"),
        _ => {}
    }
    for c in &r.checks {
        let [title, ..] = check_text_for(&r.document, c.id);
        outln!("{} {} / {}", if c.ok { "✓" } else { "✗" }, title.0, title.1);
        for d in &c.details {
            outln!("    {}\n    {}", d.zh, d.en);
        }
    }
    let witness = || {
        if r.witnessed {
            for w in &r.witnesses {
                outln!("见证 / witnessed: {}，{} / by {} at {}", w.authority, w.time, w.authority, w.time);
            }
        } else if let Some(condition) = &r.condition {
            outln!("未经见证 / NOT WITNESSED\n    {}\n    {}", condition.zh, condition.en);
        }
    };
    match r.verdict.as_str() {
        "valid" if !r.witnessed => {
            outln!("结论 / verdict: 有效（附条件）/ VALID, ON ONE CONDITION — 抽取可完整重算且与承诺一致 / the draw recomputes and matches its commitment");
            witness();
        }
        "valid" => {
            outln!("结论 / verdict: 有效 / VALID — 抽取可完整重算且与承诺一致，承诺时间有见证 / the draw recomputes and matches its commitment, whose time is witnessed");
            witness();
        }
        "rehearsal" => {
            outln!("结论 / verdict: 演练 / REHEARSAL — 计算一致，但这不是正式抽取 / consistent, but not a real draw");
            witness();
        }
        "sealed" => {
            outln!("结果哈希 / result hash: {}", r.sealed_result_sha256);
            outln!(
                "结论 / verdict: 已抽取，结果封存 / SEALED — 承诺完整、信标有效，名单于 {} 之后公布 / commitment intact, beacon valid; the list is published after {}",
                r.reveal_after, r.reveal_after
            );
            witness();
        }
        "unreadable" => {
            let reason = r.reason.clone().unwrap_or_default();
            outln!("结论 / verdict: 无法读取 / UNREADABLE — 这不是可以核验的 fairdraw 文件，对抽取本身不说明任何问题 / not a fairdraw document that can be checked; this says nothing about the draw itself");
            outln!("    {}\n    {}", reason.zh, reason.en);
            if !r.reason_detail.is_empty() {
                outln!("    ({})", r.reason_detail);
            }
        }
        _ => outln!("结论 / verdict: 无效 / INVALID — 见上面标 ✗ 的检查 / see the checks marked ✗"),
    }
}

/// `lookup`'s exit code when the firm is not in the directory (or the code is not a
/// valid one): the answer is given, but a script can tell it from a found firm.
pub const LOOKUP_NOT_FOUND: u8 = 3;

pub fn lookup(a: &Args) -> u8 {
    run_command(Command::Lookup, || {
        let path = a.operand(0)?;
        let id = a.required("--id")?;
        // Explanations come from a draw that recomputes: a document that does not
        // verify is not explained at all.
        let document = match read_document(path)? {
            Ok(d) => d,
            Err(reason) => return Err(Failure::input(reason.problem().in_file(path))),
        };
        let report = verify::verify_document(&document);
        if report.verdict == Verdict::Invalid {
            return Err(Failure::verification(failed_checks(&report, path)));
        }
        let (answer, rehearsal) = match &document {
            Document::Bundle(b) => (verify::lookup(b, id), b.commitment.rehearsal),
            Document::Auditor(x) => (fairdraw::v2::lookup::lookup_auditor(x, id), x.commitment.rehearsal),
            Document::Public(p) => (fairdraw::v2::lookup::lookup(p, id, a.value("--key")), p.commitment.rehearsal),
            Document::Sealed(_) | Document::Sealed2(_) => {
                return Err(Failure::input(
                    Problem::new(
                        "这是结果封存文件，名单公布前不能查询企业：请等公开文件公布",
                        "this is a sealed document: firms can be looked up once the public document is published",
                    )
                    .in_file(path),
                ))
            }
        };
        if !answer.found {
            if let Some(problem) = &answer.key_problem {
                outln!("{}\n{}", problem.zh, problem.en);
            } else if answer.needs_key {
                outln!(
                    "{} 未被公开点名：查询未抽中企业的结果需要它的核验码（--key），核验码由组织部门发给企业 / is not named in the public document: a firm that was not selected needs its 核验码 (--key), which the department gives it",
                    answer.id
                );
            } else {
                match &answer.id_problem {
                    Some(problem) => outln!("{}\n{}", problem.zh, problem.en),
                    None => outln!("{} 不在承诺的检查对象名录中 / is not in the committed enterprise directory", answer.id),
                }
            }
            return Ok(LOOKUP_NOT_FOUND);
        }
        outln!("{} {}", answer.id, answer.name);
        if rehearsal {
            outln!("【演练 / REHEARSAL】不是正式抽取 / not a real draw");
        }
        for o in &answer.outcomes {
            outln!("任务 / task {} {}", o.task, o.task_name);
            let status = match o.status.as_str() {
                "selected" => "抽中 / selected",
                "not_selected" => "未抽中 / not selected",
                "excluded" => "依规排除 / excluded",
                "out_of_scope" => "不在范围 / out of scope",
                "reserve" => "候补 / reserve",
                "not_in_pool" => "不在企业池 / not in the pool",
                _ => "非存续 / inactive",
            };
            outln!("  结果 / outcome: {status}");
            if !o.ticket.is_empty() {
                outln!("  分层 / stratum: {}（{} 家中抽 {} 家 / {} drawing {}）", o.stratum, o.stratum_size, o.stratum_count, o.stratum_size, o.stratum_count);
                outln!("  签号 / ticket: {}", o.ticket);
                outln!("  截止 / cutoff: {}", if o.cutoff.is_empty() { "—" } else { &o.cutoff });
            }
            outln!("  原因 / reason: {}\n                 {}", o.reason_zh, o.reason_en);
            if !o.team.is_empty() {
                let team: Vec<String> = o.team.iter().map(|m| format!("{}（{}）", m.name, m.id)).collect();
                outln!("  检查组 / team: {}", team.join("、"));
                outln!("  检查事项 / items: {}", o.items.join("、"));
            }
        }
        Ok(0)
    })
}

fn run_command(command: Command, f: impl FnOnce() -> Result<u8, Failure>) -> u8 {
    match f() {
        Ok(code) => code,
        Err(failure) => report_failure(command, failure),
    }
}

/// A draw is written only when every check a verifier makes on its commitment,
/// inputs and beacon passes (a commitment whose chain name and hash disagree, an ID
/// in another form, a broken chain rule…): the bundle would be refused anyway.
fn refuse_what_a_verifier_refuses(bundle: &Bundle, commitment_path: &Path) -> Result<(), Failure> {
    let report = verify::verify_before_result(bundle);
    if report.verdict != Verdict::Invalid {
        return Ok(());
    }
    Err(Failure::verification(failed_checks(&report, &commitment_path.display().to_string())))
}

/// What the failed checks of a report found, each a problem of `file`.
fn failed_checks(report: &verify::Report, file: &str) -> Problems {
    let failed = report.checks.iter().filter(|c| !c.ok);
    Problems(failed.flat_map(|c| c.details.iter().map(|d| Problem::new(d.zh.clone(), d.en.clone()).in_file(file))).collect())
}

/// Verifies a bundle for a command that builds on it: a bundle that does not verify
/// is refused with the failed checks, so nothing is ever published or exported from it.
fn load_verified_draw(path: &str) -> Result<FullDraw, Failure> {
    let draw = load_draw(path)?;
    let report = match &draw {
        FullDraw::One(b) => verify::verify(b),
        FullDraw::Two(a) => fairdraw::v2::verify::verify_auditor(a),
    };
    refuse_invalid(&report, path)?;
    Ok(draw)
}

fn refuse_invalid(report: &verify::Report, path: &str) -> Result<(), Failure> {
    match report.verdict {
        Verdict::Invalid => Err(Failure::verification(failed_checks(report, path))),
        _ => Ok(()),
    }
}

/// The public document of an auditor document verified as [`load_verified_draw`]
/// verifies it, made from the public inputs the verification derived.
fn verified_public(auditor: &fairdraw::v2::Auditor, path: &str) -> Result<fairdraw::v2::Public, Failure> {
    let (report, public) = fairdraw::v2::verify_and_publish(auditor);
    refuse_invalid(&report, path)?;
    let public = public.ok_or_else(|| Failure::verification(failed_checks(&report, path)))?;
    public.map_err(|p| Failure::input(p.in_file(path)))
}

/// `fairdraw seal BUNDLE --out FILE`: the sealed result to publish instead of the
/// bundle until the inspections are over.
pub fn seal(args: &Args) -> u8 {
    let a = args;
    run_command(Command::Seal, || {
        let path = a.operand(0)?;
        let out = PathBuf::from(a.required("--out")?);
        let draw = load_draw(path)?;
        let (result_sha256, reveal_after) = match &draw {
            FullDraw::One(bundle) => {
                refuse_invalid(&verify::verify(bundle), path)?;
                let sealed = fairdraw::publication::seal(bundle);
                let mut text = serde_json::to_string_pretty(&sealed).expect("sealed results serialise");
                text.push('\n');
                write_file(&out, text.as_bytes())?;
                (sealed.result_sha256, sealed.reveal_after)
            }
            FullDraw::Two(a) => {
                let public = verified_public(a, path)?;
                let round = timelock_round(args, &public)?;
                let randomness: [u8; fairdraw::timelock::RANDOMNESS_LEN] =
                    fairdraw::hashing::unhex(&random_hex(fairdraw::timelock::RANDOMNESS_LEN)?)
                        .and_then(|b| b.try_into().ok())
                        .unwrap_or([0; fairdraw::timelock::RANDOMNESS_LEN]);
                let sealed = fairdraw::v2::sealed_document(&public, round, &randomness)
                    .map_err(|t| Failure::input(Problem::from(t).in_file(path)))?;
                write_json(&out, &sealed)?;
                let opens = sealed.timelock.round;
                outln!(
                    "名单已加时间锁，quicknet 第 {opens} 轮（{}）后任何人可开启 / the list is time-locked: anyone opens it from quicknet round {opens} ({})",
                    fairdraw::time::format_china(QUICKNET.round_time(opens)),
                    fairdraw::time::format_utc(QUICKNET.round_time(opens))
                );
                (sealed.result_sha256, sealed.reveal_after)
            }
        };
        if draw.rehearsal() {
            outln!("【演练 / REHEARSAL】本结果不是正式抽取 / this result is not a real draw");
        }
        outln!("结果哈希 / result hash: {}", result_sha256);
        outln!("完整结果公布日期 / publish the full result after: {}", reveal_after);
        outln!("已写入 / written: {}", out.display());
        Ok(0)
    })
}

/// The round `--open-at` or `--open-round` asks for (`None`: the due round). A round
/// already emitted would open at once: only a rehearsal may use one.
fn timelock_round(a: &Args, public: &fairdraw::v2::Public) -> Result<Option<u64>, Failure> {
    let round = match (a.value("--open-at"), a.number("--open-round")) {
        (Some(_), Some(_)) => return Err(Failure::usage("--open-at 与 --open-round 只能选一个", "give --open-at or --open-round, not both")),
        (Some(at), None) => {
            let t = fairdraw::time::parse_rfc3339(at).map_err(|p| Failure { code: 2, problems: p.in_file("--open-at").into(), usage: true })?;
            Some(QUICKNET.round_at_or_after(t))
        }
        (None, round) => round,
    };
    let reveal_after = fairdraw::sealed::reveal_after(&public.public.plan);
    let effective = match round.or_else(|| fairdraw::v2::seal::due_round(&reveal_after)) {
        Some(r) => r,
        None => return Ok(round),
    };
    if QUICKNET.round_time(effective) <= now_unix() && !public.commitment.rehearsal {
        return Err(Failure::usage(
            format!(
                "quicknet 第 {effective} 轮已经过去，名单会立即可以开启：只有演练可以这样做；检查已结束时请直接公布公开文件（fairdraw public）"
            ),
            format!(
                "quicknet round {effective} has already been emitted, so the list could be opened at once: only a rehearsal may do that; once the inspections are over, publish the public document instead (fairdraw public)"
            ),
        ));
    }
    Ok(round)
}

/// `fairdraw open SEALED.json --beacon-file ROUND.json --out PUBLIC.json`: the list a
/// sealed document locked, opened with its round and verified.
pub fn open(a: &Args) -> u8 {
    run_command(Command::Open, || {
        let path = a.operand(0)?;
        let beacon_path = a.required("--beacon-file")?;
        let out = PathBuf::from(a.required("--out")?);
        let sealed = match read_document(path)? {
            Ok(Document::Sealed2(s)) => s,
            Ok(_) => {
                return Err(Failure::input(
                    Problem::new("这不是格式 2 的封存文件：只有它带时间锁", "this is not a format 2 sealed document: only those carry a timelock")
                        .in_file(path),
                ))
            }
            Err(reason) => return Err(Failure::input(reason.problem().in_file(path))),
        };
        let report = fairdraw::v2::verify::verify_sealed(&sealed);
        if report.verdict == Verdict::Invalid {
            return Err(Failure::verification(failed_checks(&report, path)));
        }
        let round = beacon::parse_drand_json(&read_text(beacon_path)?)
            .map_err(|e| Failure::input(e.to_problem().in_file(beacon_path)))?;
        beacon::verify_drand(&QUICKNET, sealed.timelock.round, &round)
            .map_err(|e| Failure::input(e.to_problem().in_file(beacon_path)))?;
        let public = fairdraw::v2::seal::open(&sealed, &round).map_err(|t| Failure::verification(Problem::from(t).in_file(path)))?;
        write_json(&out, &public)?;
        if public.commitment.rehearsal {
            outln!("【演练 / REHEARSAL】本结果不是正式抽取 / this result is not a real draw");
        }
        outln!(
            "已开启：名单与封存时的结果哈希一致并通过验证，公开了 {} 家抽中企业 / opened: the list matches the sealed result hash and verifies; it names {} selected firms",
            public.revealed.len(),
            public.revealed.len()
        );
        outln!("已写入公开文件 / written the public document: {}", out.display());
        Ok(0)
    })
}

/// `fairdraw public AUDITOR --out PUBLIC.json`: the document a department publishes.
pub fn public(a: &Args) -> u8 {
    run_command(Command::Public, || {
        let path = a.operand(0)?;
        let out = PathBuf::from(a.required("--out")?);
        let FullDraw::Two(auditor) = load_draw(path)? else {
            return Err(Failure::input(
                Problem::new(
                    "这是格式 1 的验证文件：格式 1 没有公开文件（其验证文件含全部输入）",
                    "this is a format 1 bundle: format 1 has no public document (its bundle holds every input)",
                )
                .in_file(path),
            ));
        };
        let public = verified_public(&auditor, path)?;
        write_json(&out, &public)?;
        if auditor.commitment.rehearsal {
            outln!("【演练 / REHEARSAL】本结果不是正式抽取 / this result is not a real draw");
        }
        outln!("公开了 {} 家抽中企业 / names {} selected firms", public.revealed.len(), public.revealed.len());
        outln!("已写入公开文件 / written the public document: {}", out.display());
        free_at_exit((auditor, public));
        Ok(0)
    })
}

/// `fairdraw codes AUDITOR --out CODES.csv`: every firm's 核验码.
pub fn codes(a: &Args) -> u8 {
    run_command(Command::Codes, || {
        let path = a.operand(0)?;
        let out = PathBuf::from(a.required("--out")?);
        let FullDraw::Two(auditor) = load_verified_draw(path)? else {
            return Err(Failure::input(
                Problem::new("格式 1 的抽取没有核验码", "a format 1 draw has no 核验码").in_file(path),
            ));
        };
        let list = fairdraw::v2::codes_list(&auditor.inputs).map_err(|p| Failure::input(p.in_file(path)))?;
        let sheet = export::codes_sheet(&auditor.inputs.plan, &list);
        write_file(&out, export::csv(&sheet).as_bytes())?;
        outln!("已写入 / written: {}（{} 家企业 / firms）", out.display(), list.len());
        outln!("核验码只发给企业本身 / give each firm its own code only");
        Ok(0)
    })
}

/// `fairdraw export BUNDLE --out DIR`: the result, the task sheets and the publicity
/// record as CSV files Excel opens, and the three together as one workbook.
pub fn export(a: &Args) -> u8 {
    run_command(Command::Export, || {
        let path = a.operand(0)?;
        let out = PathBuf::from(a.required("--out")?);
        let draw = load_verified_draw(path)?;
        let bundle = draw.papers()?;
        std::fs::create_dir_all(&out).map_err(|e| {
            Failure::input(Problem::new(format!("无法创建目录：{e}"), format!("cannot create the folder: {e}")).in_file(out.display().to_string()))
        })?;
        if bundle.commitment.rehearsal {
            outln!("【演练 / REHEARSAL】本结果不是正式抽取 / this result is not a real draw");
        }
        let teams = export::task_sheets(&bundle, &draw.group_numbers());
        let files = [
            ("抽取结果", export::result_sheet(&bundle)),
            ("任务单", export::task_sheet_table(&bundle, &teams)),
            ("候补名单", export::reserve_sheet(&bundle)),
            ("公示信息", export::publicity_sheet(&bundle)),
        ];
        for (what, sheet) in &files {
            let file = out.join(export::file_name(&bundle, what, "csv"));
            write_file(&file, export::csv(sheet).as_bytes())?;
            outln!("已写入 / written: {}（{} 行 / rows）", file.display(), sheet.rows.len() - 1);
        }
        let sheets: Vec<export::Sheet> = files.into_iter().map(|(_, sheet)| sheet).collect();
        let workbook = out.join(export::file_name(&bundle, "抽取结果", "xlsx"));
        write_file(&workbook, &import::xlsx::write_workbook(&sheets))?;
        outln!("已写入 / written: {}（{} 个工作表 / sheets）", workbook.display(), sheets.len());
        Ok(0)
    })
}
