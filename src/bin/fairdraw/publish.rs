//! `fairdraw publish DIR [--base-url URL]`: turns a folder of commitments, sealed
//! results and bundles into what the site's 公示 page reads: `index.json` and one QR code per
//! draw under `qr/`.

use std::path::Path;

use fairdraw::publication::{self, PublicationIndex, Status, INDEX_FILE};
use fairdraw::protocol::Commitment;
use fairdraw::{Problem, Problems};

use crate::flags::{usage_error, Args, Command, UsageError};
use crate::output::{errln, outln};
use crate::report_usage;

pub fn run(a: &Args) -> u8 {
    let (dir, base) = match parse(a) {
        Ok(parsed) => parsed,
        Err(e) => return report_usage(Some(Command::Publish), &e),
    };
    match publish(Path::new(&dir), &base) {
        Ok(()) => 0,
        Err(problems) => {
            errln!("fairdraw publish: 失败 / failed");
            for p in &problems.0 {
                errln!("{p}");
            }
            2
        }
    }
}

fn parse(a: &Args) -> Result<(String, String), UsageError> {
    let dir = a.operand(0)?.to_string();
    let base = match a.value("--base-url") {
        Some(url) => check_base_url(url)?,
        None => String::new(),
    };
    Ok((dir, base))
}

fn publish(dir: &Path, base: &str) -> Result<(), Problems> {
    let files = read_folder(dir)?;
    let index = publication::build_index(&files)?;
    write_outputs(dir, &index, base)?;
    print_summary(dir, &index, base);
    Ok(())
}

/// The base URL goes into every QR code and link a citizen follows, so only a web
/// address is accepted (`publication::site_base`).
fn check_base_url(url: &str) -> Result<String, UsageError> {
    publication::site_base(url).map_err(|_| {
        usage_error(
            format!("--base-url 应为以 http:// 或 https:// 开头的网址，而不是“{}”", url.trim()),
            format!("--base-url must be a web address starting with http:// or https://, not “{}”", url.trim()),
        )
    })
}

fn io_problem(path: &Path, zh: &str, en: &str, e: std::io::Error) -> Problems {
    Problem::new(format!("{zh}：{e}"), format!("{en}: {e}")).in_file(path.display().to_string()).into()
}

/// Every `*.json` directly in `dir` but the index, as `(file name, text)`. A file
/// that cannot be read, or read as a commitment, a sealed result or a bundle, is
/// skipped with the reason; one that can but fails its checks stays in, so that
/// `build_index` refuses the publication and names it.
fn read_folder(dir: &Path) -> Result<Vec<(String, String)>, Problems> {
    let listing = std::fs::read_dir(dir).map_err(|e| io_problem(dir, "无法读取目录", "cannot read the folder", e))?;
    let mut skipped = Problems::default();
    let mut files = Vec::new();
    for item in listing {
        let item = item.map_err(|e| io_problem(dir, "无法读取目录", "cannot read the folder", e))?;
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        if !name.to_ascii_lowercase().ends_with(".json") || name == INDEX_FILE || !path.is_file() {
            continue;
        }
        match read_document(&path, &name) {
            Ok(text) => files.push((name, text)),
            Err(why) => skipped.0.extend(why.0),
        }
    }
    for p in &skipped.0 {
        errln!("已跳过 / skipped: {}\n  {}\n  {}", p.file, p.line_zh(), p.line_en());
    }
    if files.is_empty() {
        return Err(Problem::new(
            "目录中没有可公示的承诺文件、结果封存公告或抽取结果文件（*.json）",
            "the folder holds no commitment, sealed result or bundle file (*.json) that can be published",
        )
        .in_file(dir.display().to_string())
        .into());
    }
    files.sort();
    Ok(files)
}

/// The text of one file, or why it is skipped.
fn read_document(path: &Path, name: &str) -> Result<String, Problems> {
    let bytes = std::fs::read(path).map_err(|e| io_problem(Path::new(name), "无法读取文件", "cannot read the file", e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Problems::from(Problem::new("文件不是 UTF-8 文本", "the file is not UTF-8 text").in_file(name)))?;
    // Alone, a file can only fail for what is in it; its reasons are the index's own.
    let alone = [(name.to_string(), text)];
    if let Err(why) = publication::build_index(&alone) {
        if !is_a_document(&alone[0].1) {
            return Err(why);
        }
    }
    let [(_, text)] = alone;
    Ok(text)
}

/// Whether the text reads as one of the three documents, whatever its checks say.
fn is_a_document(text: &str) -> bool {
    serde_json::from_str::<Commitment>(text).is_ok() || fairdraw::read::read_text(text).is_ok()
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
    outln!(
        "已公示 {} 份：已抽取 {drawn}，已抽取待公布名单 {sealed}，演练 {rehearsal}，已承诺待抽取 {committed}",
        index.entries.len()
    );
    outln!(
        "published {}: {drawn} drawn, {sealed} drawn with the list sealed, {rehearsal} rehearsal, {committed} committed and not yet drawn",
        index.entries.len()
    );
    for e in &index.entries {
        outln!("  {} #{} {} [{}] {}", e.department, e.sequence, e.plan.number, e.status.as_str(), e.link(base));
    }
    for w in &index.warnings {
        outln!("警告 / warning: {}\n  {}", w.zh, w.en);
    }
    outln!("{}", dir.join(INDEX_FILE).display());
}
