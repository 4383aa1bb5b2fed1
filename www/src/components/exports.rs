//! 导出与公示: the files an organiser takes away from a draw — result, task sheets
//! per team, the national publicity record, the sealed result — and a print view of
//! the task sheets. The tables come from `fairdraw::export`; this file only renders
//! them and offers them for saving.

use std::rc::Rc;

use fairdraw::export::{self, Sheet, TaskSheet};
use fairdraw::protocol::Bundle;
use yew::prelude::*;

use super::publish::{use_public_site, PublishPanel, Publishable};
use crate::browser::{files, xlsx};
use crate::i18n::exports::{export_texts, ExportTexts};
use crate::i18n::fill;
use crate::state::Lang;

#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    pub lang: Lang,
    pub bundle: Rc<Bundle>,
    /// Format 2: the documents of the draw (the sealed one to publish, each selected
    /// firm's 核验码 for its QR code on the task sheet).
    #[prop_or_default]
    pub format2: Option<Rc<crate::ceremony::Format2Documents>>,
}

/// Which table a button exports.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Result,
    TaskSheets,
    Reserves,
    Publicity,
}

impl Table {
    const ALL: [Table; 4] = [Table::Result, Table::TaskSheets, Table::Reserves, Table::Publicity];

    fn code(self) -> &'static str {
        match self {
            Table::Result => "result",
            Table::TaskSheets => "task-sheets",
            Table::Reserves => "reserves",
            Table::Publicity => "publicity",
        }
    }

    /// The word in the file name, as in `fairdraw export`.
    fn file_word(self) -> &'static str {
        match self {
            Table::Result => "抽取结果",
            Table::TaskSheets => "任务单",
            Table::Reserves => "候补名单",
            Table::Publicity => "公示信息",
        }
    }

    fn label(self, t: &ExportTexts) -> &'static str {
        match self {
            Table::Result => t.result,
            Table::TaskSheets => t.task_sheets,
            Table::Reserves => t.reserves,
            Table::Publicity => t.publicity,
        }
    }

    fn sheet(self, b: &Bundle, groups: &export::GroupNumbers) -> Sheet {
        match self {
            Table::Result => export::result_sheet(b),
            Table::TaskSheets => export::task_sheet_table(b, &export::task_sheets(b, groups)),
            Table::Reserves => export::reserve_sheet(b),
            Table::Publicity => export::publicity_sheet(b),
        }
    }
}

/// The declared replacements (候补), shown with the result they belong to: per task
/// and stratum in their order, with the firm's name and region.
fn reserves_view(t: &ExportTexts, b: &Bundle) -> Html {
    let sheet = export::reserve_sheet(b);
    let Some((head, rows)) = sheet.rows.split_first() else { return Html::default() };
    // Every column but the rehearsal mark (said above the tables) and the ticket.
    let shown: Vec<usize> = head.iter().enumerate().filter(|(_, h)| !matches!(h.as_str(), "抽取性质" | "票号")).map(|(i, _)| i).collect();
    let id_column = head.iter().position(|h| h == "统一社会信用代码");
    if rows.is_empty() {
        return html! { <p class="reserves-none" data-testid="reserves-none">{ t.reserves_none }</p> };
    }
    html! {
        <div class="reserves">
            <h3 id="reserves-heading">{ t.reserves_heading }</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="reserves-heading">
                <table class="verdicts" data-testid="reserves-table" data-count={rows.len().to_string()}>
                    <thead><tr>{ for shown.iter().map(|&i| html! { <th scope="col">{ &head[i] }</th> }) }</tr></thead>
                    <tbody>
                        { for rows.iter().map(|r| html! {
                            <tr data-testid="reserve-row" data-id={id_column.and_then(|i| r.get(i)).cloned().unwrap_or_default()}>
                                { for shown.iter().map(|&i| html! { <td>{ r.get(i).cloned().unwrap_or_default() }</td> }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// Puts the task sheets, and only them, on paper.
fn print_task_sheets() {
    crate::browser::print_marked("task-sheets");
}

/// Where the last XLSX export stands.
#[derive(Clone, PartialEq)]
enum Workbook {
    Idle,
    Making,
    Failed(String),
}

#[function_component(ExportPanel)]
pub fn export_panel(props: &ExportPanelProps) -> Html {
    let t = export_texts(props.lang);
    let lang = props.lang;
    let b = props.bundle.clone();
    let groups = Rc::new(props.format2.as_ref().map(|d| fairdraw::organizer::group_numbers(&d.auditor)).unwrap_or_default());
    let preview = use_state(|| false);
    let preview_notices = use_state(|| false);
    let workbook = use_state(|| Workbook::Idle);
    let site = use_public_site();
    let rows = Table::ALL.iter().map(|&table| {
        let on_csv = {
            let b = b.clone();
            let groups = groups.clone();
            Callback::from(move |_: MouseEvent| {
                let sheet = table.sheet(&b, &groups);
                files::download(&export::file_name(&b, table.file_word(), "csv"), "text/csv;charset=utf-8", &export::csv(&sheet));
            })
        };
        let on_xlsx = {
            let b = b.clone();
            let groups = groups.clone();
            let workbook = workbook.clone();
            Callback::from(move |_: MouseEvent| {
                let sheet = table.sheet(&b, &groups);
                let name = export::file_name(&b, table.file_word(), "xlsx");
                let workbook = workbook.clone();
                workbook.set(Workbook::Making);
                yew::platform::spawn_local(async move {
                    match xlsx::write(vec![(sheet.name, sheet.rows)]).await {
                        Ok(bytes) => {
                            files::download_bytes(&name, xlsx::MIME, &bytes);
                            workbook.set(Workbook::Idle);
                        }
                        Err((zh, en)) => workbook.set(Workbook::Failed(if lang == Lang::Zh { zh } else { en })),
                    }
                });
            })
        };
        html! {
            <li class="export-row">
                <span class="export-label">{ table.label(t) }</span>
                <button class="button" data-testid={format!("export-{}-csv", table.code())} onclick={on_csv}>{ t.csv }</button>
                <button class="button" data-testid={format!("export-{}-xlsx", table.code())} disabled={*workbook == Workbook::Making} onclick={on_xlsx}>{ t.xlsx }</button>
            </li>
        }
    });
    let on_sealed = {
        let b = b.clone();
        let format2 = props.format2.clone();
        Callback::from(move |_: MouseEvent| {
            let text = match &format2 {
                Some(documents) => serde_json::to_string(&documents.sealed),
                None => serde_json::to_string_pretty(&fairdraw::publication::seal(&b)),
            };
            if let Ok(text) = text {
                files::download(&export::file_name(&b, "结果封存公告", "json"), "application/json", &(text + "\n"));
            }
        })
    };
    let firm_links = firm_links(&props.format2, crate::publishing::checked_site(&site));
    let on_print = Callback::from(|_: MouseEvent| print_task_sheets());
    let on_preview = {
        let preview = preview.clone();
        Callback::from(move |_: MouseEvent| preview.set(!*preview))
    };
    let on_print_notices = Callback::from(|_: MouseEvent| crate::browser::print_marked("inspection-notices"));
    let on_preview_notices = {
        let preview = preview_notices.clone();
        Callback::from(move |_: MouseEvent| preview.set(!*preview))
    };
    let reveal_after = fairdraw::publication::reveal_after(&b.inputs.plan);
    let sheets = export::task_sheets(&b, &groups);
    html! {
        <section class="exports" data-testid="exports" aria-labelledby="exports-heading">
            <h2 id="exports-heading">{ t.heading }</h2>
            <p>{ t.intro }</p>
            if b.commitment.rehearsal { <p class="rehearsal-note" data-testid="exports-rehearsal">{ t.rehearsal }</p> }
            { reserves_view(t, &b) }
            <ul class="export-list">{ for rows }</ul>
            { match &*workbook {
                Workbook::Idle => Html::default(),
                Workbook::Making => html! { <p role="status" data-testid="export-xlsx-status">{ t.xlsx_loading }</p> },
                Workbook::Failed(why) => html! { <p class="error" role="alert" data-testid="export-xlsx-status">{ t.xlsx_failed }{ why }</p> },
            } }
            <p class="export-actions">
                <button class="button" data-testid="export-print-task-sheets" onclick={on_print}>{ t.print_sheets }</button>
                <button class="button button-secondary" data-testid="export-preview-task-sheets" aria-expanded={preview.to_string()} onclick={on_preview}>{ t.preview_sheets }</button>
            </p>
            <div class="export-sealed">
                <h3>{ t.sealed_heading }</h3>
                <p>{ fill(t.sealed_body, &[("date", &reveal_after)]) }</p>
                <button class="button" data-testid="export-sealed" onclick={on_sealed}>{ t.sealed_download }</button>
            </div>
            <PublishPanel {lang} what={Publishable::Draw(crate::ceremony::Drawn { bundle: b.clone(), format2: props.format2.clone() })} site={site} />
            <div class={classes!("task-sheets", (!*preview).then_some("task-sheets-hidden"))} data-testid="task-sheets">
                { for sheets.iter().map(|s| task_sheet_view(t, &b, s, &firm_links)) }
            </div>
            <div class="export-notices">
                <h3>{ t.notices_heading }</h3>
                <p>{ t.notices_intro }</p>
                <p class="export-actions">
                    <button class="button" data-testid="export-print-notices" onclick={on_print_notices}>{ t.print_notices }</button>
                    <button class="button button-secondary" data-testid="export-preview-notices" aria-expanded={preview_notices.to_string()} onclick={on_preview_notices}>{ t.preview_notices }</button>
                </p>
            </div>
            <div class={classes!("inspection-notices", (!*preview_notices).then_some("task-sheets-hidden"))} data-testid="inspection-notices">
                { for export::inspection_notices(&sheets).iter().map(|n| notice_view(t, &b, n, &firm_links)) }
            </div>
        </section>
    }
}

/// Each selected firm's 核验码 and the address its QR code opens (format 2): the
/// verification of the published public document on the department's public site,
/// then this firm's outcome. No QR code while that address is unknown.
fn firm_links(format2: &Option<Rc<crate::ceremony::Format2Documents>>, base: Option<String>) -> std::collections::HashMap<String, (String, Option<String>)> {
    let Some(documents) = format2 else { return Default::default() };
    let public_file = crate::ceremony::document_file_name(&documents.public.commitment, "public", "json");
    documents
        .public
        .revealed
        .iter()
        .filter_map(|r| {
            let key: fairdraw::v2::codes::Key = fairdraw::hashing::unhex_array(&r.key)?;
            let code = fairdraw::v2::codes::code_text(&key);
            let qr = base.as_ref().and_then(|base| {
                let link = fairdraw::publication::firm_link(base, &public_file, &r.id, &code);
                let svg = fairdraw::qr::qr_svg(&link).ok()?;
                Some(format!("data:image/svg+xml,{}", crate::route::percent_encode(&svg)))
            });
            Some((r.id.clone(), (code, qr)))
        })
        .collect()
}

/// One 检查通知书, on its own page when printed.
fn notice_view(t: &ExportTexts, b: &Bundle, n: &export::InspectionNotice, firm_links: &std::collections::HashMap<String, (String, Option<String>)>) -> Html {
    let department = &b.inputs.plan.department;
    html! {
        <article class="inspection-notice" data-testid="inspection-notice" data-id={n.firm.id.clone()} data-task={n.sheet.task_number.clone()}>
            <h3>
                { format!("{department}{}", t.notice_title) }
                if n.sheet.rehearsal { <span class="rehearsal-mark">{ format!("（{}）", export::REHEARSAL_MARK) }</span> }
            </h3>
            { for n.body(department).into_iter().map(|line| html! { <p>{ line }</p> }) }
            if let Some((code, qr)) = firm_links.get(&n.firm.id) {
                <div class="firm-code" data-testid="notice-code" data-code={code.clone()}>
                    if let Some(qr) = qr { <img src={qr.clone()} alt={code.clone()} width="96" height="96" /> }
                    <span>{ t.firm_code }<code>{ code.clone() }</code></span>
                </div>
            }
            <div class="notice-signature">
                <div class="notice-seal" data-testid="notice-seal" aria-hidden="true">{ t.seal }</div>
                <p>{ department.clone() }</p>
                <p>{ t.notice_date }</p>
            </div>
        </article>
    }
}

fn task_sheet_view(t: &ExportTexts, b: &Bundle, s: &TaskSheet, firm_links: &std::collections::HashMap<String, (String, Option<String>)>) -> Html {
    let members = s.members.iter().map(|m| {
        let role = match (m.leader, m.expert) {
            (true, _) => format!("（{}）", t.leader),
            (_, true) => format!("（{}）", t.expert),
            _ => String::new(),
        };
        html! { <li>{ format!("{} {}{role}", m.name, m.id) }<span class="member-unit">{ format!(" {}", if m.unit.is_empty() { &m.department } else { &m.unit }) }</span></li> }
    });
    let firms = s.firms.iter().map(|f| {
        let items: Vec<String> = f.items.iter().map(|(code, name)| format!("{code} {name}")).collect();
        html! {
            <tr>
                <td class="num">{ f.order }</td>
                <td>
                    { &f.name }<br /><code>{ &f.id }</code>
                    if let Some((code, qr)) = firm_links.get(&f.id) {
                        <div class="firm-code" data-testid="firm-code" data-id={f.id.clone()}>
                            if let Some(qr) = qr { <img src={qr.clone()} alt={code.clone()} width="96" height="96" /> }
                            <span>{ t.firm_code }<code>{ code.clone() }</code></span>
                        </div>
                    }
                </td>
                <td>{ &f.region }</td>
                <td>{ &f.address }</td>
                <td>
                    { items.join("；") }
                    if f.unfilled > 0 { <br /><strong>{ fill(t.unfilled, &[("n", &f.unfilled.to_string())]) }</strong> }
                </td>
            </tr>
        }
    });
    html! {
        <article class="task-sheet" data-testid="task-sheet" data-task={s.task_number.clone()} data-team={s.team_number.to_string()}>
            <h3>
                { t.sheet_title }
                if s.rehearsal { <span class="rehearsal-mark">{ format!("（{}）", export::REHEARSAL_MARK) }</span> }
            </h3>
            <p>{ format!("{} {} · {} {}", b.inputs.plan.number, b.inputs.plan.name, s.task_number, s.task_name) }</p>
            <p><strong>{ if s.team_number == 0 { t.no_group.to_string() } else { fill(t.team, &[("n", &s.team_number.to_string())]) } }</strong>{ format!(" · {}：{} 至 {}", t.window, s.window.start, s.window.end) }</p>
            <p>{ t.members }</p>
            <ul class="task-sheet-members">{ for members }</ul>
            <table class="verdicts">
                <thead>
                    <tr>
                        <th scope="col">{ t.order }</th>
                        <th scope="col">{ t.firm }</th>
                        <th scope="col">{ t.region }</th>
                        <th scope="col">{ t.address }</th>
                        <th scope="col">{ t.items }</th>
                    </tr>
                </thead>
                <tbody>{ for firms }</tbody>
            </table>
            <p class="task-sheet-signature">{ t.signature }</p>
        </article>
    }
}
