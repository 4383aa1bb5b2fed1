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

const USAGE: &str = "\
用法 / usage: fairdraw demo --out DIR [--enterprises N] [--inspectors M] [--format csv|gbk|xlsx]

生成一套演示数据（虚构的开发区企业、执法人员、抽查事项、本年度检查记录和仿照
秦皇岛经济技术开发区 2023 年方案的抽查计划）。相同参数总是生成相同文件。
Writes example inputs (a fictional zone's firms, inspectors, checklist, this year's
history and a plan shaped like seed 003's) to DIR. Same arguments, same files.

  --out DIR          输出目录 / output directory (created if missing)
  --enterprises N    企业数量 / firms, 1–2000000 (默认 / default 2000)
  --inspectors M     执法人员数量 / inspectors, 1–100000 (默认 / default 60)
  --format F         表格文件格式 / format of the four tables:
                       csv  UTF-8 带 BOM / with a BOM (默认 / default)
                       gbk  GB18030 编码的 CSV，如中文 Windows 版 Excel 所存 /
                            CSV in GB18030, as Excel on Chinese Windows saves it
                       xlsx Excel 工作簿 / Excel workbooks

输出 / writes: plan.json, enterprises.csv, inspectors.csv, checklist.csv, history.csv
               (--format xlsx: *.xlsx)
";

const MAX_ENTERPRISES: usize = 2_000_000;
const MAX_INSPECTORS: usize = 100_000;

struct Options {
    out: PathBuf,
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
                rows.extend(table.rows.into_iter().map(|r| r.cells));
                let sheet = fairdraw::import::xlsx::Sheet { name: "Sheet1".to_string(), rows };
                Ok(fairdraw::import::xlsx::write_workbook(&[sheet]))
            }
        }
    }
}

fn usage_error(zh: &str, en: &str) -> u8 {
    eprintln!("fairdraw demo: {zh} / {en}\n");
    eprint!("{USAGE}");
    2
}

fn parse_count(flag_name: &str, value: &str, max: usize) -> Result<usize, u8> {
    match value.trim().parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(usage_error(
            &format!("{flag_name} 应为 1 到 {max} 之间的整数，实际为“{value}”"),
            &format!("{flag_name} must be a whole number from 1 to {max}, not “{value}”"),
        )),
    }
}

fn parse(args: &[String]) -> Result<Options, u8> {
    let mut out = None;
    let mut enterprises = demo::DEFAULT_ENTERPRISES;
    let mut inspectors = demo::DEFAULT_INSPECTORS;
    let mut format = Format::Csv;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        if matches!(name, "-h" | "--help") {
            print!("{USAGE}");
            return Err(0);
        }
        if !matches!(name, "--out" | "--enterprises" | "--inspectors" | "--format") {
            return Err(usage_error(
                &format!("未知参数“{arg}”"),
                &format!("unknown argument “{arg}”"),
            ));
        }
        let Some(value) = inline.or_else(|| rest.next().cloned()) else {
            return Err(usage_error(
                &format!("{name} 缺少取值"),
                &format!("{name} needs a value"),
            ));
        };
        match name {
            "--out" => out = Some(PathBuf::from(value)),
            "--enterprises" => enterprises = parse_count(name, &value, MAX_ENTERPRISES)?,
            "--format" => {
                format = Format::parse(&value).ok_or_else(|| {
                    usage_error(
                        &format!("--format 应为 csv、gbk 或 xlsx，实际为“{value}”"),
                        &format!("--format must be csv, gbk or xlsx, not “{value}”"),
                    )
                })?
            }
            _ => inspectors = parse_count(name, &value, MAX_INSPECTORS)?,
        }
    }
    let Some(out) = out.filter(|o| !o.as_os_str().is_empty()) else {
        return Err(usage_error("缺少 --out DIR", "--out DIR is required"));
    };
    Ok(Options {
        out,
        enterprises,
        inspectors,
        format,
    })
}

pub fn run(args: &[String]) -> u8 {
    let options = match parse(args) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let inputs = demo::demo_inputs(options.enterprises, options.inspectors);
    if let Err(code) = write_all(&options.out, &inputs, options.format) {
        return code;
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
            eprintln!("fairdraw demo: 无法生成 plan.json：{e} / cannot serialise plan.json: {e}");
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
                eprintln!("fairdraw demo: {message}");
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
    eprintln!(
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

    println!("已写入 / written: {}", dir.display());
    println!(
        "企业 / firms: {}（在业 / active {active}）",
        inputs.enterprises.len()
    );
    println!(
        "  信用风险分类 / risk class: {}",
        join(&by_risk, &|k| format!("{k} 类"))
    );
    println!("  片区 / region: {}", join(&by_region, &|k| k.to_string()));
    println!(
        "  标记 / flags: {}",
        join(&by_flag, &|k| flag::label_zh(k).to_string())
    );
    println!(
        "执法人员 / inspectors: {}（在岗 / active {on_duty}，专家 / experts {experts}）",
        people.len()
    );
    println!("抽查事项 / checklist items: {}", inputs.checklist.len());
    println!("本年度检查记录 / history records: {}", inputs.history.len());

    let (plan, directories) = inputs.into_parts();
    let report = plan::evaluate(&plan, &directories);
    println!("抽查计划 / plan {} {}", plan.number, plan.name);
    for (task, pool) in plan.tasks.iter().zip(&report.tasks) {
        println!(
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
        println!("  {kind}: {} / {}", problem.text.zh, problem.text.en);
    }
}
