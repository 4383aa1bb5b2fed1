//! The demo on the landing view: real results computed by the core on the spot, so
//! a first visitor sees the machinery work without giving any input.

use fairdraw::{beacon, time, uscc};
use yew::prelude::*;

use crate::i18n::{fill, texts};
use crate::state::Lang;

/// Codes their holders publish on their business licences, and one of them with its
/// last character changed, so the demo shows both verdicts.
pub const EXAMPLE_CODES: [&str; 4] =
    ["91350100M000100Y43", "91110108551385082Q", "91440300708461136T", "91350100M000100Y44"];

/// One checked code, with the reason in both languages when it is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeVerdict {
    pub code: &'static str,
    pub problem: Option<(String, String)>,
}

pub fn check_examples() -> Vec<CodeVerdict> {
    EXAMPLE_CODES
        .iter()
        .map(|&code| CodeVerdict { code, problem: uscc::validate(code).err().map(|e| (e.zh(), e.en())) })
        .collect()
}

/// A commitment-like moment: 2026-03-02 10:00:00 Beijing time.
pub const EXAMPLE_BEACON_TIME: i64 = 1_772_416_800;

/// The quicknet round a commitment naming [`EXAMPLE_BEACON_TIME`] would wait for,
/// with that moment as people write it ("2026-03-02 10:00:00").
pub fn beacon_example() -> Option<(String, u64)> {
    let chain = beacon::chain_by_name("quicknet")?;
    let round = chain.round_at_or_after(EXAMPLE_BEACON_TIME);
    let written = time::format_china(EXAMPLE_BEACON_TIME);
    let readable = written.trim_end_matches("+08:00").replacen('T', " ", 1);
    Some((readable, round))
}

#[derive(Properties, PartialEq)]
pub struct DemoProps {
    pub lang: Lang,
}

#[function_component(Demo)]
pub fn demo(props: &DemoProps) -> Html {
    let t = &texts(props.lang).demo;
    let verdicts = use_memo((), |_| check_examples());
    let invalid = verdicts.iter().filter(|v| v.problem.is_some()).count();
    let valid = verdicts.len() - invalid;
    let summary = fill(
        t.summary,
        &[("total", &verdicts.len().to_string()), ("valid", &valid.to_string()), ("invalid", &invalid.to_string())],
    );
    let beacon = use_memo((), |_| beacon_example());
    let beacon_part = beacon.as_ref().as_ref().map(|(time, round)| {
        html! {
            <div class="demo-beacon" data-testid="demo-beacon" data-round={round.to_string()}>
                <h3>{ t.beacon_heading }</h3>
                <p>{ fill(t.beacon_sentence, &[("time", time.as_str()), ("round", &round.to_string())]) }</p>
                <p>{ t.beacon_explain }</p>
            </div>
        }
    });
    let rows = verdicts.iter().map(|verdict| {
        let (class, verdict_text) = match &verdict.problem {
            None => ("verdict-ok", t.valid.to_string()),
            Some((zh, en)) => {
                let reason = if props.lang == Lang::Zh { zh } else { en };
                let separator = if props.lang == Lang::Zh { "：" } else { ": " };
                ("verdict-bad", format!("{}{separator}{reason}", t.invalid))
            }
        };
        html! {
            <tr data-testid="demo-uscc-row" data-valid={verdict.problem.is_none().to_string()}>
                <td><code class="code">{ verdict.code }</code></td>
                <td class={class}>
                    <span class="verdict-mark" aria-hidden="true">{ if verdict.problem.is_none() { "✓ " } else { "✗ " } }</span>
                    { verdict_text }
                </td>
            </tr>
        }
    });
    html! {
        <section
            class="demo"
            data-testid="demo-summary"
            data-source="wasm"
            data-valid={valid.to_string()}
            data-invalid={invalid.to_string()}
            aria-labelledby="demo-heading"
        >
            <h2 id="demo-heading">{ t.heading }</h2>
            <p>{ t.intro }</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label={t.heading}>
                <table class="verdicts">
                    <thead>
                        <tr><th scope="col">{ t.code_column }</th><th scope="col">{ t.verdict_column }</th></tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <p class="demo-total">{ summary }</p>
            { for beacon_part }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_altered_code_is_wrong() {
        let verdicts = check_examples();
        let wrong: Vec<&str> = verdicts.iter().filter(|v| v.problem.is_some()).map(|v| v.code).collect();
        assert_eq!(wrong, ["91350100M000100Y44"]);
        let (zh, en) = verdicts[3].problem.clone().unwrap_or_default();
        assert!(zh.contains("校验位"), "{zh}");
        assert!(en.contains("check character"), "{en}");
    }

    #[test]
    fn beacon_example_is_the_round_due_at_that_moment() {
        // quicknet: genesis 1692803367, one round every 3 s, round 1 at genesis.
        assert_eq!(beacon_example(), Some(("2026-03-02 10:00:00".to_string(), 26_537_812)));
    }
}
