//! Publishing from the browser: the 公示 folder as the site serves it now, plus a
//! draw's new files, into the one ZIP the department uploads. The package itself is
//! the application crate's (`publication::publish_package`), so the site and
//! `fairdraw publish` cannot make different folders.

use fairdraw::protocol::{Bundle, Commitment};
use fairdraw::publication::{self, shards, Folder, PublicationIndex, INDEX_FILE, SITE_FOLDER};
use fairdraw::Text;

use crate::browser::fetch::{self, Fetched};
use crate::ceremony::erased::Json;
use crate::ceremony::{document_file_name, Drawn};

/// Where the site keeps the public address the department gave, asked once.
pub const SITE_KEY: &str = "fairdraw-public-site";

/// How long the site's own files may take to arrive.
const FETCH_MS: i32 = 60_000;

/// Which files of a draw go to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// Now: the commitment and the sealed result, which names no firm.
    Sealed,
    /// After the inspections: the full result too.
    Full,
}

/// A commitment's file as the site publishes it.
pub fn commitment_file(c: &Commitment) -> (String, String) {
    (document_file_name(c, "commitment", "json"), fairdraw::protocol::commitment_file(c))
}

/// The files of a draw to publish, named so that draws never share a name. Never
/// the auditor document or the inputs: they hold what the law keeps confidential.
pub fn draw_files(drawn: &Drawn, release: Release) -> Vec<(String, String)> {
    let json = |v: &dyn Json| v.text();
    let c = &drawn.bundle.commitment;
    let mut files = vec![commitment_file(c)];
    match &drawn.format2 {
        Some(d) => {
            files.push((document_file_name(c, "sealed", "json"), json(&d.sealed)));
            if release == Release::Full {
                files.push((document_file_name(c, "public", "json"), json(&d.public)));
            }
        }
        None => {
            files.push((document_file_name(c, "sealed", "json"), json(&publication::seal(&drawn.bundle))));
            if release == Release::Full {
                files.push((crate::ceremony::bundle_file_name(c), json(drawn.bundle.as_ref())));
            }
        }
    }
    files
}

/// The ZIP's name: the plan's number, what it is, and a rehearsal marked as such.
pub fn archive_name(b: &Bundle, release: Release) -> String {
    let what = match release {
        Release::Sealed => "公示文件",
        Release::Full => "公示文件-完整结果",
    };
    fairdraw::export::file_name(b, what, "zip")
}

/// The ZIP of what to upload, from the folder as served (`published`) and `new`.
pub fn package(published: &Folder, new: &[(String, String)], base: &str) -> Result<Vec<u8>, Vec<Text>> {
    let files = publication::publish_package(published, new, base).map_err(|p| p.0.into_iter().map(|p| p.lines()).collect::<Vec<_>>())?;
    let files: Vec<fairdraw::archive::ArchiveFile> =
        files.into_iter().map(|(path, text)| fairdraw::archive::ArchiveFile { path, bytes: text.into_bytes() }).collect();
    fairdraw::archive::zip(&files).map_err(|p| vec![p.lines()])
}

/// The site's 公示 folder as its index describes it, fetched from the site itself:
/// the index, the address its links were written with, and each listed file that
/// one of `new` is named as (to be compared); empty when it has no index yet.
pub async fn published_folder(new: &[(String, String)]) -> Result<Folder, Vec<Text>> {
    let index_url = format!("{SITE_FOLDER}/{INDEX_FILE}");
    let index: PublicationIndex = match fetch::get_text(&index_url, FETCH_MS).await {
        Fetched::Body(text) => serde_json::from_str(&text).map_err(|e| {
            vec![Text::new(
                format!("网站上的 {index_url} 无法读取（{e}）：请先修复或删除它"),
                format!("the site's {index_url} cannot be read ({e}): repair or remove it first"),
            )]
        })?,
        Fetched::Status(404) => return Ok(Folder::default()),
        other => return Err(vec![unreachable(&index_url, &other)]),
    };
    // Without the split index's root (a folder published by an older version), every
    // derived file is made again.
    let root_url = format!("{SITE_FOLDER}/{}", shards::ROOT_FILE);
    let base = match fetch::get_text(&root_url, FETCH_MS).await {
        Fetched::Body(text) => serde_json::from_str::<shards::Root>(&text).ok().map(|r| r.site),
        _ => None,
    };
    let listed = publication::listed_files(&index);
    let mut texts = Vec::new();
    for (name, _) in new.iter().filter(|(name, _)| listed.contains(name)) {
        let url = format!("{SITE_FOLDER}/{}", publication::encode_path(name));
        match fetch::get_text(&url, FETCH_MS).await {
            Fetched::Body(text) => texts.push((name.clone(), text)),
            other => return Err(vec![unreachable(&url, &other)]),
        }
    }
    Ok(Folder { index, base, texts })
}

fn unreachable(url: &str, how: &Fetched) -> Text {
    let why = how.failure();
    Text::new(
        format!("无法从本网站取得 {url}（{why}）：要在现有公示内容之上生成发布文件，请在部门公示网站上打开本页"),
        format!("could not fetch {url} from this site ({why}): to build on what is published, open this page on the department's public site"),
    )
}

/// The public site's address as the department gave it, or this page's own when it
/// is not a local one; `None` until one is known, so that no QR code ever points at
/// `127.0.0.1`.
pub fn public_base() -> Option<String> {
    let stored = crate::browser::stored(SITE_KEY).and_then(|s| publication::site_base(&s).ok());
    let here = Some(crate::browser::stage::site_base());
    stored.into_iter().chain(here).find(|base| !publication::is_local_site(base))
}

/// The typed address as links start it, when it is one the public can open.
pub fn checked_site(typed: &str) -> Option<String> {
    publication::site_base(typed).ok().filter(|base| !publication::is_local_site(base))
}

/// Checks and keeps the address the department typed.
pub fn remember_site(typed: &str) -> Result<String, Text> {
    let base = publication::site_base(typed).map_err(|p| p.lines())?;
    if publication::is_local_site(&base) {
        return Err(Text::new(
            format!("“{base}”只有本机能打开，印进二维码后公众打不开：请填写部门公示网站的地址"),
            format!("only this computer opens “{base}”; printed in a QR code it opens nothing for the public: enter the department's public site"),
        ));
    }
    crate::browser::store(SITE_KEY, &base);
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    /// One of the site's demo draws, as the ceremony holds it after drawing.
    fn demo_draw() -> (Drawn, Vec<(String, String)>) {
        let site = fairdraw::demo::site_demo();
        let (name, text) = site.iter().find(|(n, _)| n.ends_with("-bundle.json")).cloned().expect("a demo bundle");
        let bundle: Bundle = serde_json::from_str(&text).unwrap();
        let others = site.into_iter().filter(|(n, _)| *n != name).collect();
        (Drawn { bundle: Rc::new(bundle), format2: None }, others)
    }

    #[test]
    fn the_list_waits_for_the_full_release_and_nothing_confidential_goes() {
        let (drawn, _) = demo_draw();
        let now = draw_files(&drawn, Release::Sealed);
        let names: Vec<&str> = now.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names[0].ends_with("-commitment.json") && names[1].ends_with("-sealed.json"), "{names:?}");
        let first = &drawn.bundle.result.tasks[0].selected[0].id;
        assert!(now.iter().all(|(_, t)| !t.contains(first.as_str())), "the sealed release names no firm");
        let full = draw_files(&drawn, Release::Full);
        assert_eq!(full.len(), 3);
        assert!(full[2].1.contains(first.as_str()));
        assert!(archive_name(&drawn.bundle, Release::Full).ends_with(".zip"));
    }

    #[test]
    fn the_package_adds_the_draw_to_the_folder_as_served() {
        let (drawn, files) = demo_draw();
        let published = Folder { index: publication::build_index(&files).unwrap(), base: None, texts: files.clone() };
        let zip = package(&published, &draw_files(&drawn, Release::Full), "https://yjj.example.gov.cn/").unwrap();
        assert_eq!(&zip[..4], b"PK\x03\x04");
        let index_at = zip.windows(16).position(|w| w == b"draws/index.json").expect("the index is in the archive");
        assert!(index_at > 0);
        // A file of a published name with other content is refused, saying so.
        let (name, _) = files[0].clone();
        let why = package(&published, &[(name, "{}".into())], "").unwrap_err();
        assert!(why.iter().any(|t| t.en.contains("never changes")), "{why:?}");
    }
}
