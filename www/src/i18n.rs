//! Every string the site shows, in both languages, side by side so a change to one
//! is seen next to the other. The Chinese is written for the civil servants who run
//! the draws: plain words, the terms of the 双随机、一公开 rules, no technical jargon.

pub mod ceremony;
pub mod commit;
pub mod confirm;
pub mod exports;
pub mod plan;
pub mod publication;
pub mod publish;
pub mod verify;

use crate::route::Page;
use crate::state::Lang;

/// The texts of one step of a draw.
pub struct StepTexts {
    /// The short name used in the navigation bar.
    pub nav: &'static str,
    pub heading: &'static str,
    /// One paragraph saying what happens in this step.
    pub intro: &'static str,
}

pub struct Texts {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_link: &'static str,
    pub nav_label: &'static str,
    pub plan: StepTexts,
    pub commit: StepTexts,
    pub draw: StepTexts,
    pub publication: StepTexts,
    pub verify: StepTexts,
    pub coming_soon: &'static str,
    pub verify_bundle_given: &'static str,
    pub home_heading: &'static str,
    pub home_intro: &'static str,
    pub home_steps_heading: &'static str,
    pub not_found_heading: &'static str,
    pub guide_link: &'static str,
    pub guide_intro: &'static str,
    pub guide_in_chinese: &'static str,
    pub not_found_body: &'static str,
    pub not_found_asked: &'static str,
    pub back_home: &'static str,
    pub footer: &'static str,
    /// Shown instead of the site when another site frames it.
    pub framed_refused: &'static str,
    pub framed_open_alone: &'static str,
    /// While the verification page's small module hands over to the whole site.
    pub loading_whole_site: &'static str,
    pub demo: DemoTexts,
}

pub struct DemoTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub code_column: &'static str,
    pub verdict_column: &'static str,
    pub valid: &'static str,
    pub invalid: &'static str,
    /// "{total}", "{valid}" and "{invalid}" are replaced by counts.
    pub summary: &'static str,
    pub beacon_heading: &'static str,
    /// "{time}" and "{round}" are replaced.
    pub beacon_sentence: &'static str,
    pub beacon_explain: &'static str,
}

pub const ZH: Texts = Texts {
    site_name: "公平抽取",
    tagline: "“双随机、一公开”抽查：抽取过程人人可以核验",
    skip_link: "跳到正文",
    nav_label: "抽取步骤",
    plan: StepTexts {
        nav: "计划",
        heading: "计划：导入名录，安排抽查任务",
        intro: "把检查对象名录和执法检查人员名录导入本页，再写明每项抽查任务：从哪些对象中抽、抽多少家、每家派几名检查人员。名录只在您自己的电脑或手机上处理，不会上传到任何地方。",
    },
    commit: StepTexts {
        nav: "承诺",
        heading: "承诺：抽取之前先公开",
        intro: "在抽取之前，先公开一份“承诺”。它把全部名录和任务安排固定下来，并事先指定将来某一时刻由公共随机数服务（drand）公布的一个随机数。承诺公开以后，名录和任务只要改动一个字，任何人都能查出来。",
    },
    draw: StepTexts {
        nav: "抽取",
        heading: "抽取：随机数公布后进行抽取",
        intro: "到了承诺中指定的时刻，公共随机数服务公布这个随机数，本页用它完成抽取。同样的名录、同样的随机数，算出的结果永远相同，所以抽取只有一次，不能重抽，也不能挑选结果。",
    },
    publication: StepTexts {
        nav: "公示",
        heading: "公示：已公开的抽取结果",
        intro: "这里是已经公示的抽取结果。每一份结果都附有事先公开的承诺和抽取时用的随机数，社会公众可以查阅，也可以下载后自行核对。",
    },
    verify: StepTexts {
        nav: "验证",
        heading: "验证：人人都能重算一遍",
        intro: "社会公众、新闻媒体和被检查的企业，都可以用公示的材料在自己的浏览器里把抽取重新算一遍，看结果是否与公示的一致。不用安装软件，不用登录，也不用相信任何人的说法。",
    },
    coming_soon: "这一步的功能正在完善，很快就能在这里使用。",
    verify_bundle_given: "要核验的材料地址：",
    home_heading: "公平抽取：看得见、可核验的随机抽查",
    home_intro: "“双随机、一公开”要求随机抽取检查对象、随机选派执法检查人员，并及时公开抽查情况和结果。本网站让抽取过程事后可以核验：先公开承诺，再用一个事先谁也不知道的公共随机数抽取，任何人都能在自己的浏览器里重算一遍，得到同样的结果。",
    home_steps_heading: "五个步骤",
    not_found_heading: "找不到这个页面",
    guide_link: "操作手册",
    guide_intro: "第一次组织抽取？操作手册一步一步说明从导入名录到公示的全部操作。",
    guide_in_chinese: "The user guide is written in Chinese, for the people who run draws.",
    not_found_body: "这个链接指向的页面不存在，可能是地址输错了。",
    not_found_asked: "您打开的地址：",
    back_home: "回到首页",
    footer: "本网站是一组静态文件：没有服务器，不收集任何信息，所有计算都在您的浏览器里完成。",
    framed_refused: "本页被嵌在另一个网站的页面里。为防止核验结果被遮挡、裁剪或改换样式，本页不在其他网站内运行。",
    framed_open_alone: "单独打开本页",
    loading_whole_site: "正在加载网站的其余部分…",
    demo: DemoTexts {
        heading: "示例：统一社会信用代码校验",
        intro: "下面的结果不是事先写好的文字，而是本页的计算程序刚刚在您的浏览器里算出来的：逐个检查统一社会信用代码的最后一位（校验位）。其中一个代码的最后一位故意写错了。",
        code_column: "统一社会信用代码",
        verdict_column: "检查结果",
        valid: "正确",
        invalid: "有误",
        summary: "共检查 {total} 个代码：{valid} 个正确，{invalid} 个有误。",
        beacon_heading: "示例：公共随机数的轮次",
        beacon_sentence: "drand 公共随机数服务（quicknet）每 3 秒公布一个随机数，并按顺序编号。在北京时间 {time} 或之后公布的第一个随机数是第 {round} 轮。",
        beacon_explain: "承诺里写明的就是这样一个轮次：在它公布之前，谁也不知道它是多少，包括组织抽取的部门。",
    },
};

pub const EN: Texts = Texts {
    site_name: "fairdraw",
    tagline: "Random inspections (双随机、一公开) whose draws anyone can check",
    skip_link: "Skip to main content",
    nav_label: "Steps of a draw",
    plan: StepTexts {
        nav: "Plan",
        heading: "Plan: import the lists and plan the tasks",
        intro: "Import the list of entities that may be inspected and the list of inspectors, then set out each inspection task: which entities it draws from, how many to draw, and how many inspectors to send to each. The lists are processed on your own computer or phone and are never uploaded anywhere.",
    },
    commit: StepTexts {
        nav: "Commit",
        heading: "Commit: publish before anything is drawn",
        intro: "Before anything is drawn, publish a commitment. It fixes all the lists and the task plan, and names in advance a random number that a public randomness service (drand) will publish at a set future time. Once the commitment is public, changing even one character of the inputs would be detected by anyone.",
    },
    draw: StepTexts {
        nav: "Draw",
        heading: "Draw: once the random number is out",
        intro: "At the time named in the commitment the public randomness service publishes the random number, and this page uses it to run the draw. The same lists and the same random number always give the same result, so there is exactly one draw: no re-draws, no picking a preferred outcome.",
    },
    publication: StepTexts {
        nav: "Published",
        heading: "Published: the draws made public",
        intro: "These are the draws that have been made public. Each comes with the commitment published beforehand and the random number the draw used, for anyone to read or to download and check.",
    },
    verify: StepTexts {
        nav: "Verify",
        heading: "Verify: anyone can recompute a draw",
        intro: "The public, journalists and the inspected firms can all recompute a published draw in their own browser from the published files and see whether the result matches. Nothing to install, no login, and no need to take anyone's word for it.",
    },
    coming_soon: "This step is being built and will be available here soon.",
    verify_bundle_given: "Files to check: ",
    home_heading: "fairdraw: random inspections you can check",
    home_intro: "China's 双随机、一公开 rules require inspected entities and inspectors to be drawn at random and the results to be made public. fairdraw makes the draw checkable afterwards: a commitment is published first, the draw then uses a public random number nobody could know in advance, and anyone can recompute it in their own browser and get the same result.",
    home_steps_heading: "Five steps",
    not_found_heading: "Page not found",
    guide_link: "User guide (操作手册)",
    guide_intro: "Running a draw for the first time? The guide (in Chinese) goes step by step from importing the directories to publishing.",
    guide_in_chinese: "The user guide is written in Chinese, for the people who run draws.",
    not_found_body: "The link points to a page that does not exist; the address may have been mistyped.",
    not_found_asked: "The address you opened: ",
    back_home: "Back to the start page",
    footer: "This site is a folder of static files: no server, nothing collected, every computation runs in your browser.",
    framed_refused: "This page is shown inside another website. So that nobody can cover, crop or restyle a verdict, it does not run inside another site.",
    framed_open_alone: "Open this page on its own",
    loading_whole_site: "Loading the rest of the site…",
    demo: DemoTexts {
        heading: "Example: checking unified social credit codes",
        intro: "The results below are not written in advance: the page's own code has just computed them in your browser, checking the last character (the check character) of each unified social credit code. One code has a deliberately wrong last character.",
        code_column: "Unified social credit code",
        verdict_column: "Result",
        valid: "valid",
        invalid: "invalid",
        summary: "{total} codes checked: {valid} valid, {invalid} invalid.",
        beacon_heading: "Example: rounds of the public random number",
        beacon_sentence: "The drand service (quicknet) publishes a numbered random value every 3 seconds. The first one published at or after {time} Beijing time is round {round}.",
        beacon_explain: "A commitment names a round like this one: until it is published nobody knows its value, not even the department running the draw.",
    },
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

impl Texts {
    /// The texts of a step; `None` for views that are not steps.
    pub fn step(&self, page: &Page) -> Option<&StepTexts> {
        match page {
            Page::Plan => Some(&self.plan),
            Page::Commit => Some(&self.commit),
            Page::Draw => Some(&self.draw),
            Page::Publication => Some(&self.publication),
            Page::Verify => Some(&self.verify),
            Page::Home | Page::Guide | Page::NotFound(_) => None,
        }
    }

    /// The document title for a view, so browser tabs and history say where one is.
    pub fn title(&self, page: &Page) -> String {
        let site = "公平抽取 fairdraw";
        match self.step(page) {
            Some(step) => format!("{} · {site}", step.nav),
            None => match page {
                Page::NotFound(_) => format!("{} · {site}", self.not_found_heading),
                Page::Guide => format!("{} · {site}", self.guide_link),
                _ => site.to_string(),
            },
        }
    }
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_strings(t: &Texts) -> Vec<&'static str> {
        let mut all = vec![
            t.site_name,
            t.tagline,
            t.skip_link,
            t.nav_label,
            t.coming_soon,
            t.verify_bundle_given,
            t.home_heading,
            t.home_intro,
            t.home_steps_heading,
            t.not_found_heading,
            t.not_found_body,
            t.not_found_asked,
            t.back_home,
            t.footer,
            t.demo.heading,
            t.demo.intro,
            t.demo.code_column,
            t.demo.verdict_column,
            t.demo.valid,
            t.demo.invalid,
            t.demo.summary,
            t.demo.beacon_heading,
            t.demo.beacon_sentence,
            t.demo.beacon_explain,
        ];
        for step in [&t.plan, &t.commit, &t.draw, &t.publication, &t.verify] {
            all.extend([step.nav, step.heading, step.intro]);
        }
        all
    }

    #[test]
    fn no_text_is_empty() {
        for t in [&ZH, &EN] {
            for s in all_strings(t) {
                assert!(!s.trim().is_empty());
            }
        }
    }

    #[test]
    fn chinese_texts_are_chinese_and_english_texts_mostly_ascii() {
        let has_han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for s in all_strings(&ZH) {
            assert!(has_han(s) || s.contains("fairdraw"), "not Chinese: {s}");
        }
        // English may quote the Chinese name of the rules, nothing more.
        for s in all_strings(&EN) {
            let stripped = s.replace("双随机、一公开", "");
            assert!(!has_han(&stripped), "Chinese left in English text: {s}");
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        for (zh, en) in [(ZH.demo.summary, EN.demo.summary), (ZH.demo.beacon_sentence, EN.demo.beacon_sentence)] {
            for name in ["{total}", "{valid}", "{invalid}", "{time}", "{round}"] {
                assert_eq!(zh.contains(name), en.contains(name), "{name} in {zh} / {en}");
            }
        }
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(fill("共 {n} 个，{n} 个", &[("n", "3")]), "共 3 个，3 个");
    }

    #[test]
    fn titles_name_the_view() {
        assert_eq!(ZH.title(&Page::Verify), "验证 · 公平抽取 fairdraw");
        assert_eq!(EN.title(&Page::Plan), "Plan · 公平抽取 fairdraw");
        assert_eq!(ZH.title(&Page::Home), "公平抽取 fairdraw");
    }
}
