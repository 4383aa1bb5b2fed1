//! `fairdraw demo --out DIR [--enterprises N] [--inspectors M] [--format F]`: example
//! inputs to try the whole procedure on. The same arguments always give the same files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fairdraw::demo::{self, DemoInputs};
use fairdraw::import::{
    write_checklist_csv, write_enterprises_csv, write_history_csv, write_inspectors_csv,
};
use fairdraw::model::{flag, inspector_status, status};
use fairdraw::plan;

use crate::flags::{usage_error, Args, Command, UsageError};
use crate::output::{errln, outln};

/// A province (Guangdong has over 20,000,000 market entities).
pub const MAX_ENTERPRISES: usize = 20_000_000;
pub const MAX_INSPECTORS: usize = 100_000;

struct Options {
    out: PathBuf,
    /// `--published`: commitments to write under `out/draws/`.
    published: usize,
    enterprises: usize,
    inspectors: usize,
    format: Format,
}

/// How the four tables are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Gbk,
    Xlsx,
}

impl Format {
    fn parse(value: &str) -> Option<Format> {
        match value.trim().to_ascii_lowercase().as_str() {
            "csv" | "utf-8" | "utf8" => Some(Format::Csv),
            "gbk" | "gb18030" => Some(Format::Gbk),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Csv | Format::Gbk => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// The file's bytes from the table as canonical CSV text.
    fn encode(self, name: &str, csv: &str) -> Result<Vec<u8>, String> {
        match self {
            Format::Csv => Ok(csv.as_bytes().to_vec()),
            Format::Gbk => {
                let text = csv.strip_prefix('\u{FEFF}').unwrap_or(csv);
                let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
                if unmappable {
                    return Err(format!("{name}: GB18030 无法表示某些字符 / has characters GB18030 cannot encode"));
                }
                Ok(bytes.into_owned())
            }
            Format::Xlsx => {
                let table = fairdraw::import::parse_csv(name, csv).map_err(|p| p.to_string())?;
                let mut rows = vec![table.headers.clone()];
                rows.extend(table.rows.into_iter().map(|r| r.cells.to_vec()));
                let sheet = fairdraw::import::xlsx::Sheet { name: "Sheet1".to_string(), rows };
                Ok(fairdraw::import::xlsx::write_workbook(&[sheet]))
            }
        }
    }
}

/// `--format`'s value; the other flags are checked by the flag table.
fn parse(a: &Args) -> Result<Options, UsageError> {
    let out = PathBuf::from(a.required("--out")?);
    let format = match a.value("--format") {
        None => Format::Csv,
        Some(value) => Format::parse(value).ok_or_else(|| {
            usage_error(
                format!("--format 应为 csv、gbk 或 xlsx，而不是“{value}”"),
                format!("--format must be csv, gbk or xlsx, not “{value}”"),
            )
        })?,
    };
    // The table has checked both counts against MAX_ENTERPRISES and MAX_INSPECTORS.
    let count = |flag, default| a.number(flag).and_then(|n| usize::try_from(n).ok()).unwrap_or(default);
    Ok(Options {
        published: count("--published", 0),
        out,
        enterprises: count("--enterprises", demo::DEFAULT_ENTERPRISES),
        inspectors: count("--inspectors", demo::DEFAULT_INSPECTORS),
        format,
    })
}

pub fn run(a: &Args) -> u8 {
    let options = match parse(a) {
        Ok(options) => options,
        Err(e) => return crate::report_usage(Some(Command::Demo), &e),
    };
    let inputs = demo::demo_inputs(options.enterprises, options.inspectors);
    if let Err(code) = write_all(&options.out, &inputs, options.format) {
        return code;
    }
    if options.published > 0 {
        let draws = options.out.join("draws");
        if let Err(e) = std::fs::create_dir_all(&draws) {
            return io_error(&draws, &e);
        }
        for (name, text) in demo::published_commitments(options.published) {
            let path = draws.join(name);
            if let Err(e) = std::fs::write(&path, text) {
                return io_error(&path, &e);
            }
        }
    }
    print_summary(&options.out, inputs);
    0
}

fn write_all(dir: &Path, inputs: &DemoInputs, format: Format) -> Result<(), u8> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(io_error(dir, &e));
    }
    let plan = match serde_json::to_string_pretty(&inputs.plan) {
        Ok(json) => json + "\n",
        Err(e) => {
            errln!("fairdraw demo: 无法生成 plan.json：{e} / cannot serialise plan.json: {e}");
            return Err(2);
        }
    };
    let path = dir.join("plan.json");
    if let Err(e) = std::fs::write(&path, plan) {
        return Err(io_error(&path, &e));
    }
    let tables = [
        ("enterprises", write_enterprises_csv(&inputs.enterprises)),
        ("inspectors", write_inspectors_csv(&inputs.inspectors)),
        ("checklist", write_checklist_csv(&inputs.checklist)),
        ("history", write_history_csv(&inputs.history)),
    ];
    for (name, csv) in tables {
        let path = dir.join(format!("{name}.{}", format.extension()));
        let bytes = match format.encode(name, &csv) {
            Ok(bytes) => bytes,
            Err(message) => {
                errln!("fairdraw demo: {message}");
                return Err(2);
            }
        };
        if let Err(e) = std::fs::write(&path, bytes) {
            return Err(io_error(&path, &e));
        }
    }
    Ok(())
}

fn io_error(path: &Path, e: &std::io::Error) -> u8 {
    errln!(
        "fairdraw demo: 无法写入 {}：{e} / cannot write {}: {e}",
        path.display(),
        path.display()
    );
    2
}

fn print_summary(dir: &Path, inputs: DemoInputs) {
    let mut by_risk: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_region: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_flag: BTreeMap<&str, usize> = BTreeMap::new();
    let mut active = 0;
    for e in &inputs.enterprises {
        *by_risk.entry(&e.risk).or_default() += 1;
        *by_region.entry(&e.region).or_default() += 1;
        for f in &e.flags {
            *by_flag.entry(f).or_default() += 1;
        }
        active += usize::from(e.status == status::ACTIVE);
    }
    let join = |m: &BTreeMap<&str, usize>, label: &dyn Fn(&str) -> String| {
        m.iter()
            .map(|(k, v)| format!("{} {v}", label(k)))
            .collect::<Vec<_>>()
            .join("，")
    };
    let people = &inputs.inspectors;
    let on_duty = people
        .iter()
        .filter(|i| i.status == inspector_status::ACTIVE)
        .count();
    let experts = people.iter().filter(|i| i.expert).count();

    outln!("已写入 / written: {}", dir.display());
    outln!(
        "企业 / firms: {}（在业 / active {active}）",
        inputs.enterprises.len()
    );
    outln!(
        "  信用风险分类 / risk class: {}",
        join(&by_risk, &|k| format!("{k} 类"))
    );
    outln!("  片区 / region: {}", join(&by_region, &|k| k.to_string()));
    outln!(
        "  标记 / flags: {}",
        join(&by_flag, &|k| flag::label_zh(k).to_string())
    );
    outln!(
        "执法人员 / inspectors: {}（在岗 / active {on_duty}，专家 / experts {experts}）",
        people.len()
    );
    outln!("抽查事项 / checklist items: {}", inputs.checklist.len());
    outln!("本年度检查记录 / history records: {}", inputs.history.len());

    let (plan, directories) = inputs.into_parts();
    let report = plan::evaluate(&plan, &directories);
    outln!("抽查计划 / plan {} {}", plan.number, plan.name);
    for (task, pool) in plan.tasks.iter().zip(&report.tasks) {
        outln!(
            "  任务 / task {}（{}–{}）：范围 / pool {}，抽取 / draws {}",
            task.number,
            task.window.start,
            task.window.end,
            pool.pool_size(),
            pool.count()
        );
    }
    for problem in &report.problems.0 {
        let kind = if problem.warning {
            "提示 / warning"
        } else {
            "错误 / error"
        };
        outln!("  {kind}: {} / {}", problem.text.zh, problem.text.en);
    }
}
