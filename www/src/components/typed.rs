//! A field that applies on change (Enter or leaving it), like a spreadsheet cell,
//! and keeps what is being typed while the page renders for another reason.
//!
//! Yew sets a plain input's `value` back to the value held on every render of its
//! component. The organiser's pages render whenever the project changes, and also
//! when a draft is saved or a file's rows are read: seconds later, for a city's
//! directory. Text typed meanwhile, before Enter, was lost.

use yew::prelude::*;

use crate::browser::fields;

#[derive(Properties, PartialEq)]
pub struct TypedProps {
    /// The value held. The field shows it when it changes, and again after each
    /// change made here, which shows how it was taken (normalised, or refused).
    pub value: AttrValue,
    pub onchange: Callback<String>,
    pub testid: AttrValue,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    /// Said by screen readers where no `<label>` wraps the field.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub min: Option<AttrValue>,
    /// The field's `data-set`: whether the value is one the organiser set.
    #[prop_or_default]
    pub data_set: Option<AttrValue>,
}

#[function_component]
pub fn Typed(props: &TypedProps) -> Html {
    let node = use_node_ref();
    let changes = use_state(|| 0u64);
    {
        let node = node.clone();
        use_effect_with((props.value.clone(), *changes), move |(value, _)| {
            if fields::node_value(&node).as_deref() != Some(value.as_str()) {
                fields::set_node_value(&node, value);
            }
        });
    }
    let onchange = {
        let on = props.onchange.clone();
        let changes = changes.clone();
        Callback::from(move |e: Event| {
            on.emit(fields::target_value(&e));
            changes.set(*changes + 1);
        })
    };
    // The numbers typed here are counts: whole.
    let step = (props.kind == "number").then_some(AttrValue::Static("1"));
    html! {
        <input ref={node} type={props.kind.clone()} class={props.class.clone()} aria-label={props.label.clone()}
               placeholder={props.placeholder.clone()} inputmode={props.inputmode.clone()} min={props.min.clone()} {step}
               data-set={props.data_set.clone()} data-testid={props.testid.clone()} {onchange} />
    }
}
