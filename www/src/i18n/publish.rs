//! The strings of publishing from the browser, zh and en side by side.

use crate::state::Lang;

pub struct PublishTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub site: &'static str,
    pub site_hint: &'static str,
    pub site_local: &'static str,
    pub download_sealed: &'static str,
    pub download_full: &'static str,
    /// "{date}" is replaced.
    pub full_note: &'static str,
    pub download_commitment: &'static str,
    pub working: &'static str,
    /// "{name}" is replaced.
    pub done: &'static str,
    pub failed: &'static str,
}

pub const ZH: PublishTexts = PublishTexts {
    heading: "发布到公示网站",
    intro: "下载的压缩包里是网站 draws 文件夹要增加的全部文件：本次的公示文件、二维码和更新后的目录 index.json（按网站上现有的公示内容重新生成）。解压后把其中的 draws 文件夹上传到网站根目录（与 index.html 同一层），同名文件直接覆盖，公示页就会列出本次抽取。",
    site: "公示网站地址",
    site_hint: "公众打开本网站的地址，例如 https://yjj.example.gov.cn/fairdraw/ 。二维码和链接都用它，只需填写一次。",
    site_local: "这是只有本机能打开的地址，印进二维码后公众打不开。请填写部门公示网站的地址。",
    download_sealed: "下载公示文件（现在发布：承诺和结果封存公告，不含名单）",
    download_full: "检查结束后：下载含完整名单的公示文件",
    full_note: "完整名单须在 {date} 之后才公布；此前只发布上面的封存公告。",
    download_commitment: "下载公示文件（承诺）",
    working: "正在读取网站上现有的公示内容并生成压缩包……",
    done: "已生成 {name}。",
    failed: "无法生成公示文件：",
};

pub const EN: PublishTexts = PublishTexts {
    heading: "Publish on the public site",
    intro: "The archive holds every file the site's draws folder gains: this draw's public files, the QR codes and the updated index.json (rebuilt with what the site already publishes). Unpack it and upload its draws folder to the site's root (beside index.html), replacing files of the same name; the 公示 page then lists this draw.",
    site: "Public site address",
    site_hint: "The address at which the public opens this site, such as https://yjj.example.gov.cn/fairdraw/. QR codes and links use it; it is asked once.",
    site_local: "Only this computer opens this address; printed in a QR code it opens nothing for the public. Enter the department's public site.",
    download_sealed: "Download the files to publish now (commitment and sealed result, no list)",
    download_full: "After the inspections: download the files with the full list",
    full_note: "The full list is published only after {date}; until then publish only the sealed result above.",
    download_commitment: "Download the files to publish (the commitment)",
    working: "Reading what the site publishes now and packing the archive…",
    done: "{name} is ready.",
    failed: "Could not make the files to publish: ",
};

pub fn publish_texts(lang: Lang) -> &'static PublishTexts {
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
            assert!(t.full_note.contains("{date}") && t.done.contains("{name}"));
        }
    }
}
