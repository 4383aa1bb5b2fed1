//! What the organiser's pages share around destructive actions: the question
//! asked before one runs, the notice offering to undo it, and the mark over a
//! project that still shows the demo. The state decides; these render it.

use yew::prelude::*;

use super::organizer::Org;
use crate::browser;
use crate::i18n::confirm::confirm_texts;
use crate::organizer::state::Action;
use crate::state::Lang;

#[derive(Properties, PartialEq, Clone)]
pub struct ConfirmProps {
    pub lang: Lang,
    pub org: Org,
}

/// The `id` of the cancel button, which has the focus when the question appears.
const CANCEL_ID: &str = "confirm-no";

fn dispatcher(org: &Org, action: Action) -> Callback<MouseEvent> {
    let org = org.clone();
    Callback::from(move |_: MouseEvent| org.dispatch(action.clone()))
}

/// The question pending, if any. Cancel has the focus, so Enter or Escape keeps
/// everything; going ahead takes a click (or Tab to the button, then Enter).
#[function_component(ConfirmDialog)]
pub fn confirm_dialog(props: &ConfirmProps) -> Html {
    let t = confirm_texts(props.lang);
    let org = &props.org;
    use_effect_with(org.confirming.clone(), |asked| {
        if asked.is_some() {
            browser::focus(CANCEL_ID);
        }
    });
    let Some(what) = &org.confirming else {
        return Html::default();
    };
    let question = what.question(&org.project, t);
    let on_key = {
        let org = org.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                org.dispatch(Action::Cancel);
            }
        })
    };
    html! {
        <div class="confirm-dialog" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-lost"
             data-testid="confirm-dialog" onkeydown={on_key}>
            <h2 id="confirm-title">{ question.title }</h2>
            <p id="confirm-lost">{ question.lost }</p>
            <div class="confirm-buttons">
                <button type="button" id={CANCEL_ID} data-testid="confirm-no" onclick={dispatcher(org, Action::Cancel)}>{ t.cancel }</button>
                <button type="button" class="danger" data-testid="confirm-yes" onclick={dispatcher(org, Action::Confirm)}>{ question.yes }</button>
            </div>
        </div>
    }
}

/// The last destructive action, with the button that undoes it.
#[function_component(UndoBar)]
pub fn undo_bar(props: &ConfirmProps) -> Html {
    let t = confirm_texts(props.lang);
    let org = &props.org;
    let Some(undo) = &org.undo else {
        return Html::default();
    };
    html! {
        <div class="undo-bar" id="undo-bar" tabindex="-1" role="status" data-testid="undo-bar">
            <span>{ undo.what.done(&undo.before, t) }</span>
            <button type="button" data-testid="undo" onclick={dispatcher(org, Action::Undo)}>{ t.undo }</button>
            <button type="button" class="link-button" data-testid="undo-dismiss" onclick={dispatcher(org, Action::DismissUndo)}>{ t.dismiss }</button>
        </div>
    }
}

/// Says so while the demo's invented plan or directories are on the page.
#[function_component(DemoBanner)]
pub fn demo_banner(props: &ConfirmProps) -> Html {
    if !props.org.restored || !props.org.project.shows_demo() {
        return Html::default();
    }
    html! {
        <p class="demo-banner" role="note" data-testid="demo-banner">{ confirm_texts(props.lang).demo_banner }</p>
    }
}

/// Everything the organiser's pages show around their own content.
#[function_component(Safeguards)]
pub fn safeguards(props: &ConfirmProps) -> Html {
    html! {
        <>
            <DemoBanner lang={props.lang} org={props.org.clone()} />
            <ConfirmDialog lang={props.lang} org={props.org.clone()} />
            <UndoBar lang={props.lang} org={props.org.clone()} />
        </>
    }
}
