use yew::prelude::*;

use crate::i18n::texts;
use crate::state::Lang;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub on_switch_lang: Callback<MouseEvent>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let t = texts(props.lang);
    let other = props.lang.other();
    html! {
        <header class="site-header">
            <div class="site-header-inner">
                <p class="brand">
                    <a href="#/" class="brand-link">
                        <span class="brand-zh" lang="zh-CN">{ "公平抽取" }</span>
                        <span class="brand-en" lang="en">{ "fairdraw" }</span>
                    </a>
                </p>
                // The button names the language it switches to, in that language,
                // so someone who cannot read the current one still finds it.
                <button
                    type="button"
                    class="lang-switch"
                    data-testid="lang-switch"
                    lang={other.html_lang()}
                    onclick={props.on_switch_lang.clone()}
                >
                    { other.native_name() }
                </button>
            </div>
            <p class="tagline">{ t.tagline }</p>
        </header>
    }
}
