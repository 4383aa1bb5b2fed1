//! `fairdraw publish DIR [--base-url URL] [--rebuild]`: turns a folder of
//! commitments, sealed results and bundles into what the site's 公示 page reads:
//! `index.json`, the same index split under `index/`, and one QR code per draw
//! under `qr/`. A folder published before is extended: only the files its index
//! does not list are read, and only what changes is written.

use std::path::Path;

use fairdraw::publication::{self, shards, PublicationIndex, Status, Written, INDEX_FILE};
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
    match publish(Path::new(&dir), &base, a.has("--rebuild")) {
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

fn publish(dir: &Path, base: &str, rebuild: bool) -> Result<(), Problems> {
    let names = json_files(dir)?;
    let earlier = if rebuild { None } else { earlier_publication(dir, &names) };
    let listed: std::collections::BTreeSet<String> = earlier.as_ref().map(|(index, _)| publication::listed_files(index).into_iter().collect()).unwrap_or_default();
    // A listed file changed since the index was written is read again, so that a
    // published document replaced by another is caught as a rebuild would catch it.
    let since = std::fs::metadata(dir.join(INDEX_FILE)).and_then(|m| m.modified()).ok();
    let changed = |name: &str| match since {
        Some(since) => std::fs::metadata(dir.join(name)).and_then(|m| m.modified()).map_or(true, |t| t >= since),
        None => true,
    };
    let files = read_documents(dir, names.iter().filter(|n| !listed.contains(*n) || changed(n)))?;
    let index = match &earlier {
        Some((before, _)) => publication::extend_index(before, &files)?,
        None if files.is_empty() => return Err(nothing_to_publish(dir)),
        None => publication::build_index(&files)?,
    };
    let written = earlier.as_ref().map(|(index, base)| Written { index, base });
    let outputs = publication::outputs_since(written, &index, base)?;
    // What an earlier run should have written and is not there is written again.
    let outputs = if outputs_present(dir, &index, base, &outputs) { outputs } else { publication::outputs(&index, base)? };
    write_outputs(dir, &outputs)?;
    print_summary(dir, &index, earlier.as_ref().map(|(index, _)| index), base, files.len(), outputs.len());
    Ok(())
}

/// The index this folder was published with, and the address its links start with,
/// when every file it lists is still there; otherwise the folder is read afresh.
fn earlier_publication(dir: &Path, names: &[String]) -> Option<(PublicationIndex, String)> {
    let text = std::fs::read_to_string(dir.join(INDEX_FILE)).ok()?;
    let index: PublicationIndex = serde_json::from_str(&text).ok()?;
    let root: shards::Root = serde_json::from_str(&std::fs::read_to_string(dir.join(shards::ROOT_FILE)).ok()?).ok()?;
    if index.format != publication::INDEX_FORMAT || root.format != shards::ROOT_FORMAT {
        return None;
    }
    let missing: Vec<String> = publication::listed_files(&index).into_iter().filter(|f| names.binary_search(f).is_err()).collect();
    if let Some(first) = missing.first() {
        errln!(
            "索引列出的 {} 个文件已不在目录中（如 {first}）：重新读取全部文件 / {} files the index lists are gone (e.g. {first}): reading every file again",
            missing.len(),
            missing.len()
        );
        return None;
    }
    Some((index, root.site))
}

/// Whether every file the outputs would hold, if unchanged, is on disk.
fn outputs_present(dir: &Path, index: &PublicationIndex, base: &str, outputs: &[(String, String)]) -> bool {
    let written: std::collections::BTreeSet<&str> = outputs.iter().map(|(p, _)| p.as_str()).collect();
    let qr = index.entries.iter().map(|e| e.qr_file.clone());
    let split = shards::split(index, base).into_iter().map(|(p, _)| p);
    qr.chain(split).all(|p| written.contains(p.as_str()) || dir.join(&p).is_file())
}

fn nothing_to_publish(dir: &Path) -> Problems {
    Problem::new(
        "目录中没有可公示的承诺文件、结果封存公告或抽取结果文件（*.json）",
        "the folder holds no commitment, sealed result or bundle file (*.json) that can be published",
    )
    .in_file(dir.display().to_string())
    .into()
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

/// The names of every `*.json` directly in `dir` but the index, sorted.
fn json_files(dir: &Path) -> Result<Vec<String>, Problems> {
    let listing = std::fs::read_dir(dir).map_err(|e| io_problem(dir, "无法读取目录", "cannot read the folder", e))?;
    let mut names = Vec::new();
    for item in listing {
        let item = item.map_err(|e| io_problem(dir, "无法读取目录", "cannot read the folder", e))?;
        let name = item.file_name().to_string_lossy().into_owned();
        if name.to_ascii_lowercase().ends_with(".json") && name != INDEX_FILE && item.path().is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// The named files as `(file name, text)`. A file that cannot be read, or read as a
/// commitment, a sealed result or a bundle, is skipped with the reason; one that can
/// but fails its checks stays in, so that the index refuses the publication and
/// names it.
fn read_documents<'a>(dir: &Path, names: impl Iterator<Item = &'a String>) -> Result<Vec<(String, String)>, Problems> {
    let mut skipped = Problems::default();
    let mut files = Vec::new();
    for name in names {
        match read_document(&dir.join(name), name) {
            Ok(text) => files.push((name.clone(), text)),
            Err(why) => skipped.0.extend(why.0),
        }
    }
    for p in &skipped.0 {
        errln!("已跳过 / skipped: {}\n  {}\n  {}", p.file, p.line_zh(), p.line_en());
    }
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

fn write_outputs(dir: &Path, outputs: &[(String, String)]) -> Result<(), Problems> {
    for (rel, text) in outputs {
        let path = dir.join(rel);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| io_problem(folder, "无法创建目录", "cannot create the folder", e))?;
        }
        write(&path, text)?;
    }
    Ok(())
}

/// The counts, then each entry that is new or changed (every entry when the
/// folder was read afresh), then the chains' breaks.
fn print_summary(dir: &Path, index: &PublicationIndex, earlier: Option<&PublicationIndex>, base: &str, read: usize, written: usize) {
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
    if earlier.is_some() {
        outln!("已读取新增或改动的文件 {read} 个，写出 {written} 个文件 / read {read} new or changed files, wrote {written} files");
    }
    let before: std::collections::BTreeMap<&str, &publication::Entry> =
        earlier.map(|i| i.entries.iter().map(|e| (e.commitment.as_str(), e)).collect()).unwrap_or_default();
    for e in index.entries.iter().filter(|e| before.get(e.commitment.as_str()) != Some(e)) {
        outln!("  {} #{} {} [{}] {}", e.department, e.sequence, e.plan.number, e.status.as_str(), e.link(base));
    }
    for w in &index.warnings {
        outln!("警告 / warning: {}\n  {}", w.zh, w.en);
    }
    outln!("{}", dir.join(INDEX_FILE).display());
}
