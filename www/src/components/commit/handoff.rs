//! On the 抽取 page: the project's current commitment handed to the ceremony
//! directly, so the organiser's own browser needs no files.

use yew::prelude::*;

use crate::ceremony::CeremonyInput;
use crate::components::organizer::{Committed, Org};
use crate::i18n::commit::commit_texts;
use crate::i18n::fill;
use crate::state::Lang;

#[derive(Properties, PartialEq)]
pub struct UseProjectProps {
    pub lang: Lang,
    pub on_use: Callback<CeremonyInput>,
}

/// Shows "使用本项目的承诺" when the project in this browser is locked to a
/// commitment whose inputs it still matches; nothing otherwise.
#[function_component(UseProjectCommitment)]
pub fn use_project_commitment(props: &UseProjectProps) -> Html {
    let t = commit_texts(props.lang);
    let org = use_context::<Org>();
    let committed = use_context::<Committed>();
    let (Some(org), Some(Committed(current))) = (org, committed) else {
        return Html::default();
    };
    let Some(Ok((_, commitment))) = current.as_ref() else {
        return Html::default();
    };
    let (sequence, hash) = (commitment.sequence.to_string(), commitment.commitment.clone());
    let on_click = {
        let on_use = props.on_use.clone();
        let witnesses = org.project.commitments.last().map(|r| r.witnesses.clone()).unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            if let Some(Ok((inputs, commitment))) = current.as_ref() {
                on_use.emit(CeremonyInput { inputs: inputs.inputs(), commitment: commitment.clone(), witnesses: witnesses.clone() });
            }
        })
    };
    html! {
        <div class="ceremony-use-project">
            <button type="button" class="button" data-testid="ceremony-use-project" onclick={on_click}>{ t.use_project }</button>
            <p class="ceremony-note">{ fill(t.use_project_note, &[("sequence", &sequence), ("hash", &hash)]) }</p>
        </div>
    }
}
