//! On the 抽取 page: the project's current commitment handed to the ceremony
//! directly, so the organiser's own browser needs no files.

use std::rc::Rc;

use yew::prelude::*;

use crate::ceremony::CeremonyInput;
use crate::components::organizer::Org;
use crate::i18n::commit::commit_texts;
use crate::i18n::fill;
use crate::organizer::commit;
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
    let revision = org.as_ref().map_or(0, |o| o.revision);
    let current = {
        let org = org.clone();
        use_memo(revision, move |_| {
            let org = org?;
            let witnesses = org.project.commitments.last().map(|r| r.witnesses.clone()).unwrap_or_default();
            commit::current(&org.project).and_then(Result::ok).map(|(i, c)| Rc::new((i, c, witnesses)))
        })
    };
    let Some(input) = current.as_ref().clone() else {
        return Html::default();
    };
    let (sequence, hash) = (input.1.sequence.to_string(), input.1.commitment.clone());
    let on_click = {
        let on_use = props.on_use.clone();
        Callback::from(move |_: MouseEvent| {
            let (inputs, commitment, witnesses) = (*input).clone();
            on_use.emit(CeremonyInput { inputs, commitment, witnesses });
        })
    };
    html! {
        <div class="ceremony-use-project">
            <button type="button" class="button" data-testid="ceremony-use-project" onclick={on_click}>{ t.use_project }</button>
            <p class="ceremony-note">{ fill(t.use_project_note, &[("sequence", &sequence), ("hash", &hash)]) }</p>
        </div>
    }
}
