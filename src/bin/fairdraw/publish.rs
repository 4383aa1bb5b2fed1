//! `fairdraw publish DIR [--base-url URL]`: turns a folder of commitments, sealed
//! results and bundles into what the site's 公示 page reads: `index.json` and one QR code per
//! draw under `qr/`.

use std::path::Path;

use fairdraw::publication::{self, PublicationIndex, Status, INDEX_FILE};
use fairdraw::{Problem, Problems};

const USAGE_ZH: &str = "用法：fairdraw publish 目录 [--base-url 网址]";
const USAGE_EN: &str = "usage: fairdraw publish DIR [--base-url URL]";

pub fn run(args: &[String]) -> u8 {
    match publish(args) {
        Ok(()) => 0,
        Err(problems) => {
            eprintln!("fairdraw publish: 失败 / failed");
            for p in &problems.0 {
                eprintln!("{p}");
            }
            2
        }
    }
}

fn usage(zh: &str, en: &str) -> Problems {
    Problem::new(format!("{zh}\n{USAGE_ZH}"), format!("{en}\n{USAGE_EN}")).into()
}

fn publish(args: &[String]) -> Result<(), Problems> {
    let mut dir = None;
    let mut base = String::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--base-url" => {
                let v = it.next().ok_or_else(|| usage("--base-url 后面缺少网址", "--base-url needs a URL"))?;
                base = normalise_base(v);
            }
            s if s.starts_with("--") => return Err(usage(&format!("未知选项 {s}"), &format!("unknown option {s}"))),
            s if dir.is_none() => dir = Some(s.to_string()),
            _ => return Err(usage("只能给出一个目录", "exactly one folder is expected")),
        }
    }
    let dir = dir.ok_or_else(|| usage("缺少目录", "the folder is missing"))?;
    let dir = Path::new(&dir);
    let files = read_folder(dir)?;
    let index = publication::build_index(&files)?;
    write_outputs(dir, &index, &base)?;
    print_summary(dir, &index, &base);
    Ok(())
}

/// The site's address as the folder holding `index.html`, ending in `/`.
fn normalise_base(url: &str) -> String {
    let url = url.trim();
    let url = url.strip_suffix("index.html").unwrap_or(url);
    if url.is_empty() || url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

fn io_problem(path: &Path, zh: &str, en: &str, e: std::io::Error) -> Problems {
    Problem::new(format!("{zh}：{e}"), format!("{en}: {e}")).in_file(path.display().to_string()).into()
}

/// Every `*.json` directly in `dir` but the index, as `(file name, text)`.
fn read_folder(dir: &Path) -> Result<Vec<(String, String)>, Problems> {
    let listing = std::fs::read_dir(dir).map_err(|e| io_problem(dir, "无法读取目录", "cannot read the folder", e))?;
    let mut problems = Problems::default();
    let mut files = Vec::new();
    for item in listing {
        let item = item.map_err(|e| io_problem(dir, "无法读取目录", "cannot read the folder", e))?;
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        if !name.to_ascii_lowercase().ends_with(".json") || name == INDEX_FILE || !path.is_file() {
            continue;
        }
        match std::fs::read(&path) {
            Err(e) => problems.0.extend(io_problem(&path, "无法读取文件", "cannot read the file", e).0),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((name, text)),
                Err(_) => problems.push(Problem::new("文件不是 UTF-8 文本", "the file is not UTF-8 text").in_file(name)),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if files.is_empty() {
        return Err(Problem::new(
            "目录中没有承诺文件或抽取结果文件（*.json）",
            "the folder holds no commitment or bundle files (*.json)",
        )
        .in_file(dir.display().to_string())
        .into());
    }
    files.sort();
    Ok(files)
}

fn write(path: &Path, text: &str) -> Result<(), Problems> {
    std::fs::write(path, text).map_err(|e| io_problem(path, "无法写入文件", "cannot write the file", e))
}

fn write_outputs(dir: &Path, index: &PublicationIndex, base: &str) -> Result<(), Problems> {
    let qr_dir = dir.join("qr");
    std::fs::create_dir_all(&qr_dir).map_err(|e| io_problem(&qr_dir, "无法创建目录", "cannot create the folder", e))?;
    for (rel, text) in publication::outputs(index, base)? {
        write(&dir.join(rel), &text)?;
    }
    Ok(())
}

fn print_summary(dir: &Path, index: &PublicationIndex, base: &str) {
    let count = |s: Status| index.entries.iter().filter(|e| e.status == s).count();
    let (drawn, sealed, rehearsal, committed) =
        (count(Status::Drawn), count(Status::Sealed), count(Status::Rehearsal), count(Status::Committed));
    println!(
        "已公示 {} 份：已抽取 {drawn}，已抽取待公布名单 {sealed}，演练 {rehearsal}，已承诺待抽取 {committed}",
        index.entries.len()
    );
    println!(
        "published {}: {drawn} drawn, {sealed} drawn with the list sealed, {rehearsal} rehearsal, {committed} committed and not yet drawn",
        index.entries.len()
    );
    for e in &index.entries {
        println!("  {} #{} {} [{}] {}", e.department, e.sequence, e.plan.number, e.status.as_str(), e.link(base));
    }
    for w in &index.warnings {
        println!("警告 / warning: {}\n  {}", w.zh, w.en);
    }
    println!("{}", dir.join(INDEX_FILE).display());
}
