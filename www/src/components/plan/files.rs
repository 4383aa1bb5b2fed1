use std::rc::Rc;

use fairdraw::import::{template_csv, FileKind, TextEncoding};
use fairdraw::problem::Problem;
use yew::prelude::*;

use super::PartProps;
use crate::browser::{files, xlsx};
use crate::i18n::plan::plan_texts;
use crate::organizer::import::{is_workbook, PendingFile, Workbook};
use crate::organizer::project::kind_code;
use crate::organizer::state::{Action, OrganizerState};
use crate::state::Lang;

/// The kind whose workbook is being read, shown while the XLSX module loads.
type Reading = UseStateHandle<Option<FileKind>>;

fn read_into(org: UseReducerHandle<OrganizerState>, reading: Reading, kind: FileKind, file: files::File) {
    yew::platform::spawn_local(async move {
        let name = file.name();
        let Some(bytes) = files::read_bytes(&file).await else {
            org.dispatch(Action::FileUnreadable { name });
            return;
        };
        let mut pending =
            PendingFile { kind, name, bytes: Rc::new(bytes), encoding: TextEncoding::Auto, today: files::today(), workbook: None, header_row: None };
        if is_workbook(&pending.name, &pending.bytes) {
            reading.set(Some(kind));
            let sheets = xlsx::read(&pending.name, &pending.bytes).await;
            reading.set(None);
            pending.bytes = Rc::default();
            pending.workbook = Some(Workbook { sheets: Rc::new(sheets), chosen: 0 });
        }
        org.dispatch(Action::ImportFile(pending));
    });
}

fn download_xlsx_template(org: UseReducerHandle<OrganizerState>, kind: FileKind) {
    yew::platform::spawn_local(async move {
        match xlsx::template(kind).await {
            Ok(bytes) => {
                files::download_bytes(&format!("{}模板.xlsx", kind.label_zh()), xlsx::MIME, &bytes);
            }
            Err((zh, en)) => org.dispatch(Action::ShowNotice(Problem::new(zh, en))),
        }
    });
}

/// The four input files: choose, drop, or download a template.
#[function_component(Files)]
pub fn files_part(props: &PartProps) -> Html {
    let t = plan_texts(props.lang);
    let reading: Reading = use_state(|| None);
    html! {
        <section class="plan-files" aria-labelledby="plan-files-heading">
            <h2 id="plan-files-heading">{ t.files_heading }</h2>
            <p class="hint">{ t.files_intro }</p>
            <div class="file-slots">
                { for FileKind::ALL.iter().map(|&kind| slot(props, &reading, kind)) }
            </div>
        </section>
    }
}

fn slot(props: &PartProps, reading: &Reading, kind: FileKind) -> Html {
    let t = plan_texts(props.lang);
    let org = &props.org;
    let code = kind_code(kind);
    let on_choose = {
        let org = org.clone();
        let reading = reading.clone();
        Callback::from(move |e: Event| {
            // The choice is cleared: choosing the same file again, corrected, reads it again.
            if let Some(file) = files::take_first_chosen(&e) {
                read_into(org.clone(), reading.clone(), kind, file);
            }
        })
    };
    let on_drop = {
        let org = org.clone();
        let reading = reading.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = files::dropped(&e) {
                read_into(org.clone(), reading.clone(), kind, file);
            }
        })
    };
    let on_template_xlsx = {
        let org = org.clone();
        Callback::from(move |_: MouseEvent| download_xlsx_template(org.clone(), kind))
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_template = Callback::from(move |_: MouseEvent| {
        let name = format!("{}模板.csv", kind.label_zh());
        // `template_csv` starts with the BOM that makes Excel read UTF-8; one, not two.
        files::download(&name, "text/csv;charset=utf-8", &template_csv(kind));
    });
    let label = if props.lang == Lang::Zh { kind.label_zh() } else { kind.label_en() };
    let status = match org.project.sources.get(kind) {
        Some(s) => {
            let file = if s.encoding.is_none() && s.file == "演示数据" { t.demo_source.to_string() } else { s.file.clone() };
            t.imported.replace("{n}", &s.records.to_string()).replace("{file}", &file)
        }
        None => t.not_imported.to_string(),
    };
    let imported = org.project.sources.get(kind).is_some();
    html! {
        <div class={classes!("file-slot", imported.then_some("imported"))} ondragover={on_drag_over} ondrop={on_drop}
             data-testid={format!("slot-{code}")} data-records={org.project.records(kind).to_string()}>
            <h3>{ label }</h3>
            <p class="slot-status">{ status }</p>
            <label class="file-button">
                { t.choose_file }
                <input type="file" accept=".csv,.txt,.xlsx,.xls,.ods,.et,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet"
                       data-testid={format!("import-{code}")} onchange={on_choose} />
            </label>
            <span class="hint">{ " " }{ t.drop_hint }</span>
            <button type="button" class="link-button" data-testid={format!("template-{code}")} onclick={on_template}>{ t.template }</button>
            <button type="button" class="link-button" data-testid={format!("template-xlsx-{code}")} onclick={on_template_xlsx}>{ t.template_xlsx }</button>
            if **reading == Some(kind) {
                <p class="hint" role="status" data-testid={format!("reading-{code}")}>{ t.reading_workbook }</p>
            }
            { reading_rows(props, kind) }
        </div>
    }
}

/// The file of this kind being read, with how many of its rows are read (told by
/// the import worker), as text and as a bar.
fn reading_rows(props: &PartProps, kind: FileKind) -> Html {
    let t = plan_texts(props.lang);
    let Some(reading) = props.org.reading.as_ref().filter(|r| r.file.kind == kind) else { return Html::default() };
    let (text, bar) = match reading.rows {
        Some((done, total)) if total > 0 => {
            let percent = done.saturating_mul(100) / total;
            let text = t.reading_rows.replace("{file}", &reading.file.name).replace("{done}", &done.to_string())
                .replace("{total}", &total.to_string()).replace("{percent}", &percent.to_string());
            (text, html! { <progress max={total.to_string()} value={done.to_string()} aria-hidden="true"></progress> })
        }
        _ => (t.reading_file.replace("{file}", &reading.file.name), html! { <progress aria-hidden="true"></progress> }),
    };
    let (done, total) = reading.rows.unwrap_or_default();
    html! {
        <p class="hint import-reading" role="status" data-testid={format!("reading-rows-{}", kind_code(kind))}
           data-done={done.to_string()} data-total={total.to_string()}>
            { text }{ " " }{ bar }
        </p>
    }
}
