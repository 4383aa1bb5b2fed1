use fairdraw::import::{FileKind, Target, TextEncoding};
use fairdraw::problem::Problem;
use yew::prelude::*;

use super::PartProps;
use crate::browser::fields;
use crate::components::typed::Typed;
use crate::i18n::plan::{plan_texts, PlanTexts};
use crate::organizer::import::{column_choices, columns_to_map, needs_choice, Attempt};
use crate::organizer::state::{Action, OrganizerState};
use crate::state::Lang;

fn line(p: &Problem, lang: Lang) -> String {
    if lang == Lang::Zh { p.line_zh() } else { p.line_en() }
}

fn msg(p: &Problem, lang: Lang) -> &str {
    if lang == Lang::Zh { &p.text.zh } else { &p.text.en }
}

const ENCODINGS: [TextEncoding; 3] = [TextEncoding::Auto, TextEncoding::Utf8, TextEncoding::Gb18030];

fn encoding_code(e: TextEncoding) -> &'static str {
    match e {
        TextEncoding::Auto => "auto",
        TextEncoding::Utf8 => "utf8",
        TextEncoding::Gb18030 => "gb18030",
        TextEncoding::Utf16Le => "utf16le",
        TextEncoding::Utf16Be => "utf16be",
    }
}

type Org = UseReducerHandle<OrganizerState>;

/// The file being imported: encoding, column choices, the first rows with every
/// problem marked in its cell, and the full problem list.
#[function_component(Preview)]
pub fn preview(props: &PartProps) -> Html {
    let lang = props.lang;
    let t = plan_texts(lang);
    let org = &props.org;
    let Some(a) = &org.attempt else { return Html::default() };
    let kind_label = if lang == Lang::Zh { a.kind.label_zh() } else { a.kind.label_en() };
    html! {
        <section class="plan-preview" aria-labelledby="plan-preview-heading">
            <h2 id="plan-preview-heading">{ format!("{}：{} · {}", t.preview_heading, kind_label, a.name) }</h2>
            { reading_controls(t, a, org) }
            { summary(t, a) }
            { column_mapping(t, lang, a, org) }
            { preview_table(t, lang, a) }
            { problem_list(t, lang, a) }
        </section>
    }
}

/// How the file is read: the sheet of a workbook, or the encoding of a text file.
fn reading_controls(t: &PlanTexts, a: &Attempt, org: &Org) -> Html {
    let on_encoding = {
        let org = org.clone();
        Callback::from(move |e: Event| {
            let chosen = fields::target_value(&e);
            let enc = ENCODINGS.iter().copied().find(|x| encoding_code(*x) == chosen).unwrap_or_default();
            org.dispatch(Action::SetEncoding(enc));
        })
    };
    let on_sheet = {
        let org = org.clone();
        Callback::from(move |e: Event| {
            if let Ok(index) = fields::target_value(&e).parse::<usize>() {
                org.dispatch(Action::SetSheet(index));
            }
        })
    };
    let on_close = {
        let org = org.clone();
        Callback::from(move |_: MouseEvent| org.dispatch(Action::CloseImport))
    };
    let on_header_row = {
        let org = org.clone();
        Callback::from(move |typed: String| {
            if let Ok(row) = typed.trim().parse::<u64>() {
                org.dispatch(Action::SetHeaderRow(Some(row.max(1))));
            }
        })
    };
    let on_header_auto = {
        let org = org.clone();
        Callback::from(move |_: MouseEvent| org.dispatch(Action::SetHeaderRow(None)))
    };
    // Title rows above the header are common in platform exports: the row found is
    // shown and may be corrected, and the file is read again at once.
    let header_row = a.table.as_ref().map(|t| t.header_row);
    html! {
        <div class="preview-controls">
            // A workbook has no text encoding to choose, but may have several sheets.
            if a.workbook {
                if a.sheets.len() > 1 {
                    <label>
                        { t.sheet }{ " " }
                        <select data-testid="import-sheet" onchange={on_sheet}>
                            { for a.sheets.iter().enumerate().map(|(i, name)| html! {
                                <option value={i.to_string()} selected={i == a.sheet}>{ name }</option>
                            }) }
                        </select>
                    </label>
                }
            } else {
                <label>
                    { t.encoding }{ " " }
                    <select data-testid="import-encoding" onchange={on_encoding}>
                        { for ENCODINGS.iter().map(|&e| html! {
                            <option value={encoding_code(e)} selected={e == a.asked}>
                                { if e == TextEncoding::Auto { t.encoding_auto.to_string() } else { e.label().to_string() } }
                            </option>
                        }) }
                    </select>
                </label>
            }
            if let Some(used) = a.used {
                <span class="hint" data-testid="import-encoding-used" data-encoding={encoding_code(used)}>
                    { " " }{ t.encoding_used.replace("{enc}", used.label()) }
                </span>
            }
            if let Some(row) = header_row {
                <label>
                    { t.header_row }{ " " }
                    <Typed kind="number" min="1" inputmode="numeric" class="header-row" testid="import-header-row"
                        data_set={a.header_set.to_string()} value={row.to_string()} onchange={on_header_row} />
                </label>
                if a.header_set {
                    <button type="button" class="secondary" data-testid="import-header-auto" onclick={on_header_auto}>{ t.header_row_auto }</button>
                }
            }
            <button type="button" class="secondary" onclick={on_close}>{ t.close }</button>
        </div>
    }
}

fn summary(t: &PlanTexts, a: &Attempt) -> Html {
    if a.has_errors() {
        html! { <p class="import-summary import-failed" role="alert" data-testid="import-summary" data-ok="false">{ t.errors_found.replace("{n}", &a.error_count().to_string()) }</p> }
    } else {
        html! { <p class="import-summary import-ok" role="status" data-testid="import-summary" data-ok="true">
            { t.accepted.replace("{file}", &a.name).replace("{n}", &a.accepted.unwrap_or(0).to_string()) }</p> }
    }
}

/// What each column of the file holds, as recognised or as the user chose.
fn column_mapping(t: &PlanTexts, lang: Lang, a: &Attempt, org: &Org) -> Html {
    let Some(full) = a.mapping.as_ref() else { return Html::default() };
    let mapping = columns_to_map(full);
    if mapping.is_empty() {
        return Html::default();
    }
    let choices = column_choices(a.kind);
    let public = fairdraw::v2::public::public_fields(&org.project.plan);
    let map_rows = mapping.iter().map(|c| {
        let header = c.header.clone();
        let dispatch = org.clone();
        let onchange = Callback::from(move |e: Event| {
            dispatch.dispatch(Action::MapColumn { header: header.clone(), target: fields::target_value(&e) });
        });
        let current = match &c.target {
            Target::Field(f) => f.clone(),
            Target::Attr(_) => "attr".to_string(),
            Target::Ignored => String::new(),
            Target::Unmatched | Target::Invalid(_) => "?".to_string(),
        };
        // An extra column of an enterprise file stays confidential unless declared
        // public (format 2): asked here, where the column is first seen.
        let visibility = match &c.target {
            Target::Attr(name) if a.kind == FileKind::Enterprises => {
                let field = format!("attr:{name}");
                let shown = public.contains(&field);
                let org = org.clone();
                let on_public = Callback::from(move |e: Event| org.dispatch(Action::SetPublicField(field.clone(), fields::target_checked(&e))));
                html! {
                    <label class="plan-toggle">
                        <input type="checkbox" checked={shown} data-testid="map-column-public" data-header={c.header.clone()} onchange={on_public} />
                        { " " }{ t.column_public }
                    </label>
                }
            }
            _ => Html::default(),
        };
        let state = if needs_choice(full, c) { "choose" } else { "recognised" };
        html! {
            <li data-testid="column-mapping-row" data-header={c.header.clone()} data-state={state}>
                <label>
                    <span class="column-name">{ format!("“{}”", c.header) }</span>
                    <select data-testid="map-column" data-header={c.header.clone()} {onchange}>
                        if current == "?" { <option value="?" selected=true disabled=true>{ "—" }</option> }
                        { for choices.iter().map(|(v, zh, en)| html! {
                            <option value={v.clone()} selected={*v == current}>{ format!("{}（{}）", if lang == Lang::Zh { zh } else { en }, v) }</option>
                        }) }
                        if a.kind == FileKind::Enterprises { <option value="attr" selected={current == "attr"}>{ t.as_attr }</option> }
                        <option value="" selected={current.is_empty()}>{ t.ignore_column }</option>
                    </select>
                </label>
                { visibility }
            </li>
        }
    });
    html! {
        <div class="column-mapping" data-testid="column-mapping">
            <h3>{ t.mapping_heading }</h3>
            <p class="hint">{ t.mapping_intro }</p>
            <ul>{ for map_rows }</ul>
        </div>
    }
}

fn joined_messages(problems: &[&Problem], lang: Lang) -> String {
    problems.iter().map(|p| msg(p, lang).to_string()).collect::<Vec<_>>().join("\n")
}

/// The first rows of the file, each problem shown in its cell.
fn preview_table(t: &PlanTexts, lang: Lang, a: &Attempt) -> Html {
    let Some(table) = a.table.as_ref() else { return Html::default() };
    let rows = a.preview_rows();
    let head = table.headers.iter().map(|h| {
        let probs = a.column_problems(h);
        let bad = !probs.is_empty();
        html! {
            <th scope="col" class={classes!(bad.then_some("cell-error"))} data-column={h.clone()}
                title={joined_messages(&probs, lang)}>{ h }</th>
        }
    });
    let ncols = table.headers.len();
    let body = rows.iter().map(|r| {
        let row_probs = a.row_problems(r.row);
        let cells = (0..ncols.max(r.cells.len())).map(|i| {
            let header = table.headers.get(i).cloned().unwrap_or_default();
            let value = r.cells.get(i).unwrap_or_default().to_string();
            let probs = if header.is_empty() { Vec::new() } else { a.cell_problems(r.row, &header) };
            let errors = probs.iter().any(|p| !p.warning);
            let class = if errors { Some("cell-error") } else if !probs.is_empty() { Some("cell-warning") } else { None };
            html! {
                <td class={classes!(class)} data-testid={class.map(|_| "problem-cell")} data-row={r.row.to_string()} data-column={header.clone()}>
                    <span class="cell-value">{ value }</span>
                    { for probs.iter().map(|p| html! { <span class="cell-message">{ msg(p, lang) }</span> }) }
                </td>
            }
        });
        let row_bad = row_probs.iter().any(|p| !p.warning);
        html! {
            <tr data-row={r.row.to_string()} class={classes!(row_bad.then_some("row-error"))}>
                <th scope="row" title={joined_messages(&row_probs, lang)}>{ r.row }</th>
                { for cells }
            </tr>
        }
    });
    html! {
        <>
            <p class="hint">{ t.rows_shown.replace("{shown}", &rows.len().to_string()).replace("{total}", &a.data_rows.to_string()) }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label={a.kind.label_zh()}>
                <table class="import-preview" data-testid="import-preview" data-kind={crate::organizer::project::kind_code(a.kind)}>
                    <thead><tr><th scope="col">{ t.row_column }</th>{ for head }</tr></thead>
                    <tbody>{ for body }</tbody>
                </table>
            </div>
        </>
    }
}

fn problem_list(t: &PlanTexts, lang: Lang, a: &Attempt) -> Html {
    if a.problems.is_empty() {
        return Html::default();
    }
    html! {
        <div class="problem-list">
            <h3>{ t.problems_heading }</h3>
            <ol data-testid="import-problems">
                { for a.problems.iter().map(|p| html! {
                    <li class={if p.warning { "problem-warning" } else { "problem-error" }}
                        data-row={p.row.map(|r| r.to_string())} data-column={p.column.clone()}>
                        <strong>{ if p.warning { t.warning } else { t.error } }</strong>{ " " }{ line(p, lang) }
                    </li>
                }) }
            </ol>
        </div>
    }
}
