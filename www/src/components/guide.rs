//! 操作手册 (`#/guide`): `docs/操作手册.md`, rendered. Written in Chinese for the
//! people who run draws; in English the page says so above it.

use yew::prelude::*;

use super::{ViewProps, MAIN_HEADING_ID};
use crate::guide::{blocks, spans, Block, Span, GUIDE};
use crate::i18n::texts;
use crate::state::Lang;

fn inline(text: &str) -> Html {
    html! {
        { for spans(text).into_iter().map(|s| match s {
            Span::Text(t) => html! { { t } },
            Span::Strong(t) => html! { <strong>{ t }</strong> },
            Span::Code(t) => html! { <code>{ t }</code> },
        }) }
    }
}

fn block(b: &Block) -> Html {
    match b {
        // The guide's own title is the page's heading, which the focus moves to.
        Block::Heading(1, text) => html! { <h1 id={MAIN_HEADING_ID} tabindex="-1">{ text.clone() }</h1> },
        Block::Heading(2, text) => html! { <h2>{ text.clone() }</h2> },
        Block::Heading(_, text) => html! { <h3>{ text.clone() }</h3> },
        Block::Paragraph(text) => html! { <p>{ inline(text) }</p> },
        Block::List(true, items) => html! { <ol>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ol> },
        Block::List(false, items) => html! { <ul>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul> },
    }
}

#[function_component(GuideSection)]
pub fn guide_section(props: &ViewProps) -> Html {
    let t = texts(props.lang);
    html! {
        <section class="guide" data-testid="section-guide" aria-labelledby={MAIN_HEADING_ID} lang="zh-CN">
            if props.lang == Lang::En { <p class="hint" lang="en">{ t.guide_in_chinese }</p> }
            { for blocks(GUIDE).iter().map(block) }
        </section>
    }
}
