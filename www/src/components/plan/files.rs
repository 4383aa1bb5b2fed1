use fairdraw::import::{template_csv, FileKind, TextEncoding};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::PartProps;
use crate::browser::files;
use crate::i18n::plan::plan_texts;
use crate::organizer::import::PendingFile;
use crate::organizer::project::kind_code;
use crate::organizer::state::{Action, OrganizerState};
use crate::state::Lang;

fn read_into(org: UseReducerHandle<OrganizerState>, kind: FileKind, file: web_sys::File) {
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        match files::read_bytes(&file).await {
            Some(bytes) => org.dispatch(Action::ImportFile(PendingFile {
                kind,
                name,
                bytes,
                encoding: TextEncoding::Auto,
                today: files::today(),
            })),
            None => org.dispatch(Action::FileUnreadable { name }),
        }
    });
}

/// The four input files: choose, drop, or download a template.
#[function_component(Files)]
pub fn files_part(props: &PartProps) -> Html {
    let t = plan_texts(props.lang);
    html! {
        <section class="plan-files" aria-labelledby="plan-files-heading">
            <h2 id="plan-files-heading">{ t.files_heading }</h2>
            <p class="hint">{ t.files_intro }</p>
            <div class="file-slots">
                { for FileKind::ALL.iter().map(|&kind| slot(props, kind)) }
            </div>
        </section>
    }
}

fn slot(props: &PartProps, kind: FileKind) -> Html {
    let t = plan_texts(props.lang);
    let org = &props.org;
    let code = kind_code(kind);
    let on_choose = {
        let org = org.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = files::chosen(&input) {
                read_into(org.clone(), kind, file);
            }
            // Choosing the same file again, corrected, must read it again.
            input.set_value("");
        })
    };
    let on_drop = {
        let org = org.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = files::dropped(&e) {
                read_into(org.clone(), kind, file);
            }
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_template = Callback::from(move |_: MouseEvent| {
        let name = format!("{}模板.csv", kind.label_zh());
        // The BOM makes Excel open the UTF-8 file with the right characters.
        files::download(&name, "text/csv;charset=utf-8", &format!("\u{feff}{}", template_csv(kind)));
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
                <input type="file" accept=".csv,.txt,text/csv" data-testid={format!("import-{code}")} onchange={on_choose} />
            </label>
            <span class="hint">{ " " }{ t.drop_hint }</span>
            <button type="button" class="link-button" data-testid={format!("template-{code}")} onclick={on_template}>{ t.template }</button>
        </div>
    }
}
