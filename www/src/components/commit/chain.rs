//! The project's commitments in order, each with what it is now; superseded ones
//! stay listed, since they are published too.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::commit::commit_texts;
use crate::i18n::fill;
use crate::organizer::commit::{self, RecordStatus};
use crate::organizer::project::Project;
use crate::state::Lang;

#[derive(Properties, PartialEq)]
pub struct ChainProps {
    pub lang: Lang,
    pub project: Rc<Project>,
}

#[function_component(Chain)]
pub fn chain(props: &ChainProps) -> Html {
    let t = commit_texts(props.lang);
    let p = &props.project;
    if p.commitments.is_empty() {
        return Html::default();
    }
    let start = &p.chain_start;
    let statuses = commit::statuses(p);
    let entries = p.commitments.iter().zip(statuses).map(|(record, status)| {
        let c = &record.commitment;
        let label = match status {
            RecordStatus::Current => t.status_current.to_string(),
            RecordStatus::Withdrawn => t.status_withdrawn.to_string(),
            RecordStatus::Superseded(n) => fill(t.status_superseded, &[("n", &n.to_string())]),
        };
        html! {
            <li class={classes!("chain-entry", format!("chain-{}", status.code()))} data-testid="chain-entry"
                data-sequence={c.sequence.to_string()} data-status={status.code()} data-hash={c.commitment.clone()}
                data-previous={c.previous.clone()} data-rehearsal={c.rehearsal.to_string()}>
                <strong>{ fill(t.sequence_short, &[("n", &c.sequence.to_string())]) }</strong>
                { " · " }<span class="chain-status">{ label }</span>
                if c.rehearsal {
                    { " · " }<span class="chain-rehearsal">{ t.rehearsal_banner }</span>
                }
                <br />
                <code class="hex wrap-anywhere">{ c.commitment.clone() }</code>
                <br />
                <span class="hint">
                    { format!("drand {} {} {} · {}", c.beacon.chain, t.round_short, c.beacon.round, commit::china_display_of(&c.beacon.emission_time)) }
                </span>
            </li>
        }
    });
    html! {
        <section class="commit-chain" data-testid="commit-chain" data-count={p.commitments.len().to_string()}>
            <h2>{ t.chain_heading }</h2>
            if !start.previous.is_empty() {
                <p class="hint">
                    { fill(t.continues, &[("n", &start.sequence.saturating_sub(1).to_string()), ("hash", &start.previous)]) }
                </p>
            }
            <ol class="chain-list">{ for entries }</ol>
            if p.commitments.len() > 1 || !p.locked {
                <p class="hint">{ t.superseded_note }</p>
            }
        </section>
    }
}
