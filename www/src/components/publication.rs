//! 公示: the published folder `draws/` as the site ships it, read from its
//! `index.json` (written by `fairdraw publish` or the build), with a countdown to
//! the beacon round of each draw still to come.

use std::rc::Rc;

use fairdraw::publication::{shards, Entry, EntryTask, PublicationIndex, Status, SITE_FOLDER};
use fairdraw::time;
use yew::prelude::*;

use super::step::StepSection;
use crate::browser::fetch::{self, Fetched};
use crate::browser::timers;
use crate::ceremony::relays;
use super::timelock::TimelockOpener;
use super::ViewProps;
use crate::i18n::fill;
use crate::i18n::publication::{publication_texts, PublicationTexts};
use crate::route::{self, Page, Route};
use crate::state::Lang;

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Failed(String),
    /// A folder published before the index was split: every entry at once.
    Whole(Rc<PublicationIndex>),
    /// The split index's root: each year's departments, read on demand.
    Split(Rc<shards::Root>),
}

/// Relative, so the site works under any sub-path.
const INDEX_URL: &str = "draws/index.json";

/// How long one of the index's files may take to arrive.
const FETCH_MS: i32 = 60_000;

async fn fetch_json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, String> {
    match fetch::get_text(url, FETCH_MS).await {
        Fetched::Body(text) => serde_json::from_str(&text).map_err(|e| format!("{url}: {e}")),
        other => Err(format!("{url}: {}", other.failure())),
    }
}

/// The split index's root, or the whole index of a folder published before it.
async fn load_index() -> Load {
    let root_url = site_file(shards::ROOT_FILE);
    match fetch::get_text(&root_url, FETCH_MS).await {
        Fetched::Body(text) => match serde_json::from_str::<shards::Root>(&text) {
            Ok(root) => Load::Split(Rc::new(root)),
            Err(e) => Load::Failed(format!("{root_url}: {e}")),
        },
        Fetched::Status(404) => match fetch_json::<PublicationIndex>(INDEX_URL).await {
            Ok(index) => Load::Whole(Rc::new(index)),
            Err(e) => Load::Failed(e),
        },
        other => Load::Failed(format!("{root_url}: {}", other.failure())),
    }
}

#[function_component(PublicationSection)]
pub fn publication_section(props: &ViewProps) -> Html {
    let lang = props.lang;
    let t = publication_texts(lang);
    // The archived single file has no draws/ beside it and may not download anything.
    let archived = crate::browser::verifier::is_single_file();
    let load = use_state(|| Load::Loading);
    {
        let load = load.clone();
        use_effect_with((), move |_| {
            if archived {
                return;
            }
            yew::platform::spawn_local(async move { load.set(load_index().await) });
        });
    }
    let relays = Rc::new(relays::relays(&crate::browser::page_host(), props.route.param(relays::RELAY_PARAM)));
    let selected = props.route.param("c").map(str::to_string).filter(|c| !c.is_empty());
    let body = match &*load {
        _ if archived => html! {
            <div class="publication-error" role="status" data-testid="publication-single-file">
                <p>{ t.single_file }</p>
                <p><a href={route::format(&Route::new(Page::Verify))}>{ t.single_file_verify }</a></p>
            </div>
        },
        Load::Loading => html! { <p class="publication-loading" role="status">{ t.loading }</p> },
        Load::Failed(why) => failed(t, why),
        Load::Whole(index) => html! { <PublicationList {lang} index={index.clone()} {selected} {relays} /> },
        Load::Split(root) => {
            let year = props.route.param("year").and_then(|y| y.parse().ok());
            let department = props.route.param("dept").map(str::to_string);
            html! { <SplitIndex {lang} root={root.clone()} {year} {department} {selected} {relays} /> }
        }
    };
    html! {
        <StepSection {lang} page={Page::Publication}>
            { body }
        </StepSection>
    }
}

fn failed(t: &PublicationTexts, why: &str) -> Html {
    html! {
        <p class="publication-error" role="alert" data-testid="publication-error">{ t.load_failed }<code>{ why.to_string() }</code></p>
    }
}

#[derive(Properties, PartialEq)]
struct SplitProps {
    lang: Lang,
    root: Rc<shards::Root>,
    /// `?year=`: the newest year when absent or not in the index.
    year: Option<u32>,
    /// `?dept=`: the year's only department when absent.
    department: Option<String>,
    /// `?c=HASH`: that commitment alone, found through its lookup file.
    selected: Option<String>,
    relays: Rc<Vec<String>>,
}

/// The years, the chosen year's departments with their counts, and the chosen
/// department's draws; or, for a link naming one commitment, that draw.
#[function_component(SplitIndex)]
fn split_index(props: &SplitProps) -> Html {
    let t = publication_texts(props.lang);
    let lang = props.lang;
    if let Some(c) = &props.selected {
        return html! { <CommitmentShard {lang} commitment={c.clone()} relays={props.relays.clone()} /> };
    }
    let root = &props.root;
    if root.shards.is_empty() {
        return html! { <p class="publication-empty" data-testid="publication-list" data-count="0">{ t.empty }</p> };
    }
    let mut years: Vec<u32> = root.shards.iter().map(|s| s.year).collect();
    years.dedup();
    let year = props.year.filter(|y| years.contains(y)).unwrap_or(years[0]);
    let of_year: Vec<&shards::ShardRef> = root.shards.iter().filter(|s| s.year == year).collect();
    let chosen = match &props.department {
        Some(d) => of_year.iter().find(|s| &s.department == d).copied(),
        None if of_year.len() == 1 => Some(of_year[0]),
        None => None,
    };
    let year_links = years.iter().map(|y| {
        let current = (*y == year).then_some("page");
        let href = route::format(&Route::new(Page::Publication).with("year", &y.to_string()));
        html! { <li><a href={href} aria-current={current} data-testid="publication-year" data-year={y.to_string()}>{ y }</a></li> }
    });
    let departments = of_year.iter().map(|s| {
        let current = chosen.is_some_and(|c| c.file == s.file).then_some("page");
        let href = route::format(&Route::new(Page::Publication).with("year", &year.to_string()).with("dept", &s.department));
        let counts = fill(
            t.department_counts,
            &[
                ("n", &s.entries.to_string()),
                ("drawn", &s.drawn.to_string()),
                ("sealed", &s.sealed.to_string()),
                ("rehearsal", &s.rehearsal.to_string()),
                ("committed", &s.committed.to_string()),
            ],
        );
        let warnings = (s.warnings > 0).then(|| html! { <span class="publication-department-warnings">{ fill(t.department_warnings, &[("n", &s.warnings.to_string())]) }</span> });
        html! {
            <li data-testid="publication-department" data-entries={s.entries.to_string()}>
                <a href={href} aria-current={current}>{ &s.department }</a>
                <span class="publication-department-counts">{ counts }</span>
                { for warnings }
            </li>
        }
    });
    let list = match chosen {
        Some(s) => html! { <ShardList {lang} file={s.file.clone()} relays={props.relays.clone()} /> },
        None => html! { <p class="publication-notice" role="status" data-testid="publication-choose">{ t.choose_department }</p> },
    };
    html! {
        <>
            <nav class="publication-years" aria-label={t.years_label}>
                <ul>{ for year_links }</ul>
            </nav>
            { if of_year.len() > 1 || chosen.is_none() {
                html! {
                    <nav class="publication-departments" aria-label={t.departments_label}>
                        <ul data-testid="publication-departments" data-count={of_year.len().to_string()}>{ for departments }</ul>
                    </nav>
                }
            } else { Html::default() } }
            { list }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ShardProps {
    lang: Lang,
    /// Relative to the published folder.
    file: String,
    relays: Rc<Vec<String>>,
    #[prop_or_default]
    selected: Option<String>,
}

/// One department's draws of one year, fetched when chosen.
#[function_component(ShardList)]
fn shard_list(props: &ShardProps) -> Html {
    let t = publication_texts(props.lang);
    let load = use_state(|| Load::Loading);
    {
        let load = load.clone();
        use_effect_with(props.file.clone(), move |file| {
            load.set(Load::Loading);
            let url = site_file(file);
            yew::platform::spawn_local(async move {
                load.set(match fetch_json::<shards::Shard>(&url).await {
                    Ok(shard) => Load::Whole(Rc::new(PublicationIndex { format: String::new(), entries: shard.entries, warnings: shard.warnings })),
                    Err(e) => Load::Failed(e),
                });
            });
        });
    }
    match &*load {
        Load::Whole(index) => html! {
            <PublicationList lang={props.lang} index={index.clone()} selected={props.selected.clone()} relays={props.relays.clone()} />
        },
        Load::Failed(why) => failed(t, why),
        _ => html! { <p class="publication-loading" role="status">{ t.loading }</p> },
    }
}

#[derive(Properties, PartialEq)]
struct CommitmentProps {
    lang: Lang,
    commitment: String,
    relays: Rc<Vec<String>>,
}

/// A link naming one commitment: its lookup file says which file lists it.
#[function_component(CommitmentShard)]
fn commitment_shard(props: &CommitmentProps) -> Html {
    let t = publication_texts(props.lang);
    let found = use_state(|| None::<Option<String>>);
    {
        let found = found.clone();
        use_effect_with(props.commitment.clone(), move |c| {
            let c = c.to_ascii_lowercase();
            let lookup = shards::lookup_file(&c);
            yew::platform::spawn_local(async move {
                let file = match lookup {
                    Some(lookup) => fetch_json::<shards::Lookup>(&site_file(&lookup)).await.ok().and_then(|l| l.shards.get(&c).cloned()),
                    None => None,
                };
                found.set(Some(file));
            });
        });
    }
    match &*found {
        None => html! { <p class="publication-loading" role="status">{ t.loading }</p> },
        Some(Some(file)) => html! {
            <ShardList lang={props.lang} file={file.clone()} relays={props.relays.clone()} selected={Some(props.commitment.clone())} />
        },
        Some(None) => html! {
            <>
                <p class="publication-notice" role="status" data-testid="publication-not-found">{ t.not_found_split }</p>
                <p><a href={route::format(&Route::new(Page::Publication))}>{ t.show_all }</a></p>
            </>
        },
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    lang: Lang,
    index: Rc<PublicationIndex>,
    /// `?c=HASH`: show that commitment alone.
    selected: Option<String>,
    /// Where time-locked lists fetch their round.
    relays: Rc<Vec<String>>,
}

#[function_component(PublicationList)]
fn publication_list(props: &ListProps) -> Html {
    let t = publication_texts(props.lang);
    let index = &props.index;
    let now = use_state(timers::now_unix);
    let pending = index.entries.iter().any(|e| awaits_draw(e) || awaits_opening(e, *now));
    {
        let now = now.clone();
        // Ticks only while a countdown is on screen; dropping the guard on unmount
        // clears the interval.
        use_effect_with(pending, move |pending| {
            now.set(timers::now_unix());
            let ticker = pending.then(|| timers::Interval::new(1000, move || now.set(timers::now_unix())));
            move || drop(ticker)
        });
    }
    if index.entries.is_empty() {
        return html! { <p class="publication-empty" data-testid="publication-list" data-count="0">{ t.empty }</p> };
    }
    let selected = props.selected.as_deref().filter(|c| !c.is_empty());
    let chosen: Vec<&Entry> = match selected {
        Some(c) => index.entries.iter().filter(|e| e.commitment.eq_ignore_ascii_case(c)).collect(),
        None => Vec::new(),
    };
    let (shown, notice): (Vec<&Entry>, Html) = match (selected, chosen.is_empty()) {
        (None, _) => (index.entries.iter().collect(), Html::default()),
        (Some(_), true) => (index.entries.iter().collect(), html! { <p class="publication-notice" role="status">{ t.not_found }</p> }),
        (Some(_), false) => (
            chosen,
            html! { <p><a href={route::format(&Route::new(Page::Publication))}>{ t.show_all }</a></p> },
        ),
    };
    let warnings = (!index.warnings.is_empty()).then(|| {
        let items = index.warnings.iter().map(|w| {
            html! { <li>{ if props.lang == Lang::Zh { &w.zh } else { &w.en } }</li> }
        });
        html! {
            <div class="publication-warnings" role="note" data-testid="publication-warnings">
                <h2>{ t.warnings_heading }</h2>
                <ul>{ for items }</ul>
            </div>
        }
    });
    let entries = shown.into_iter().map(|e| entry_view(props.lang, t, e, *now, &props.relays));
    html! {
        <>
            { notice }
            { for warnings }
            <ul class="publication-list" data-testid="publication-list" data-count={index.entries.len().to_string()} aria-label={t.list_label}>
                { for entries }
            </ul>
        </>
    }
}

/// `2027-06-01T01:00:00Z` as `2027-06-01 09:00:00` Beijing time; unparsable text as given.
pub fn china_time(rfc3339: &str) -> String {
    match time::parse_rfc3339(rfc3339) {
        Ok(unix) => time::format_china(unix).trim_end_matches("+08:00").replacen('T', " ", 1),
        Err(_) => rfc3339.to_string(),
    }
}

/// The time left until `target`, as the page shows it; `None` once it has come.
pub fn countdown_text(t: &PublicationTexts, now: i64, target: i64) -> Option<String> {
    let left = target.checked_sub(now).filter(|left| *left > 0)?;
    let (d, h, m, s) = (left / 86_400, left % 86_400 / 3600, left % 3600 / 60, left % 60);
    let two = |n: i64| format!("{n:02}");
    Some(if d > 0 {
        fill(t.countdown_days, &[("d", &d.to_string()), ("h", &two(h)), ("m", &two(m)), ("s", &two(s))])
    } else {
        fill(t.countdown, &[("h", &two(h)), ("m", &two(m)), ("s", &two(s))])
    })
}

fn site_file(name: &str) -> String {
    format!("{SITE_FOLDER}/{name}")
}

fn strata_table(t: &PublicationTexts, task: &EntryTask) -> Html {
    let rows = task.strata.iter().map(|s| {
        let label = if s.census {
            t.stratum_census.to_string()
        } else if s.values.is_empty() {
            t.stratum_all.to_string()
        } else {
            s.values.join(" / ")
        };
        html! {
            <tr data-testid="publication-stratum" data-task={task.number.clone()} data-size={s.size.to_string()} data-count={s.count.to_string()}>
                <td>{ label }</td>
                <td class="num">{ s.size }</td>
                <td class="num">{ s.count }</td>
            </tr>
        }
    });
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={format!("{} {}", task.number, task.name)}>
            <table class="verdicts">
                <caption>{ format!("{} {}", task.number, task.name) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t.stratum }</th>
                        <th scope="col">{ t.pool }</th>
                        <th scope="col">{ t.count }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// Each task of the plan: its kind, pool and how many are drawn.
fn tasks_table(t: &PublicationTexts, e: &Entry) -> Html {
    let tasks = e.tasks.iter().map(|task| {
        html! {
            <tr>
                <td><code>{ &task.number }</code></td>
                <td>{ &task.name }</td>
                <td>{ if task.directed { t.directed } else { t.undirected } }</td>
                <td class="num">{ task.pool }</td>
                <td class="num">{ task.count }</td>
            </tr>
        }
    });
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={t.tasks_caption}>
            <table class="verdicts publication-tasks">
                <caption>{ t.tasks_caption }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ t.task_number }</th>
                        <th scope="col">{ t.task_name }</th>
                        <th scope="col">{ t.task_kind }</th>
                        <th scope="col">{ t.pool }</th>
                        <th scope="col">{ t.count }</th>
                    </tr>
                </thead>
                <tbody>{ for tasks }</tbody>
            </table>
        </div>
    }
}

/// For a draw still to come: the time left until its beacon round.
/// Committed and not drawn yet (a rehearsal too): its round is awaited.
fn awaits_draw(e: &Entry) -> bool {
    !e.drawn && e.sealed_file.is_none()
}

/// A time-locked list whose round is still ahead: the page keeps its clock ticking.
fn awaits_opening(e: &Entry, now: i64) -> bool {
    e.opens_round.is_some_and(|r| fairdraw::beacon::QUICKNET.round_time(r) > now)
}

fn timelock_view(lang: Lang, e: &Entry, now: i64, relays: &Rc<Vec<String>>) -> Option<Html> {
    let (round, file) = (e.opens_round?, e.sealed_file.as_ref()?);
    // Once the public document is published, the entry links to it instead.
    e.bundle_file.is_none().then(|| {
        html! { <TimelockOpener {lang} sealed_url={site_file(file)} {round} {now} relays={relays.clone()} /> }
    })
}

fn countdown_view(t: &PublicationTexts, e: &Entry, now: i64) -> Option<Html> {
    awaits_draw(e).then(|| {
        let target = time::parse_rfc3339(&e.beacon.emission_time).ok();
        match target.and_then(|target| countdown_text(t, now, target)) {
            Some(left) => html! {
                <p class="countdown" data-testid="countdown" role="timer" aria-live="off">
                    { t.countdown_label }<strong>{ left }</strong>
                </p>
            },
            None => html! { <p class="countdown countdown-done" data-testid="countdown">{ t.round_out }</p> },
        }
    })
}

/// Where to verify the draw and the files published for it.
fn links(t: &PublicationTexts, e: &Entry) -> Html {
    let verify = e.bundle_file.as_ref().map(|file| {
        let href = route::format(&Route::new(Page::Verify).with("bundle", &site_file(file)));
        html! { <li><a href={href} data-testid="publication-verify">{ t.verify_link }</a></li> }
    });
    let commitment_file = e.commitment_file.as_ref().map(|file| {
        html! { <li><a href={site_file(file)} data-testid="publication-commitment" download="">{ t.commitment_file }</a></li> }
    });
    let bundle_file = e.bundle_file.as_ref().map(|file| {
        html! { <li><a href={site_file(file)} download="">{ t.bundle_file }</a></li> }
    });
    let sealed_file = e.sealed_file.as_ref().map(|file| {
        html! { <li><a href={site_file(file)} download="">{ t.sealed_file }</a></li> }
    });
    let own_link = route::format(&Route::new(Page::Publication).with("c", &e.commitment));
    html! {
        <ul class="publication-links">
            { for verify }
            { for commitment_file }
            { for bundle_file }
            { for sealed_file }
            <li><a href={own_link}>{ t.commitment_link }</a></li>
        </ul>
    }
}

fn entry_view(lang: Lang, t: &PublicationTexts, e: &Entry, now: i64, relays: &Rc<Vec<String>>) -> Html {
    let status = e.status.as_str();
    let result = e.result_sha256.as_ref().map(|hash| {
        html! { <p class="result-hash">{ t.result_hash }<code class="wrap-anywhere">{ hash }</code></p> }
    });
    let rehearsal = e.rehearsal.then(|| html! { <p class="rehearsal-note">{ t.rehearsal_note }</p> });
    let sealed = (e.status == Status::Sealed).then(|| {
        let date = e.reveal_after.clone().unwrap_or_default();
        html! { <p class="sealed-note" data-testid="publication-sealed">{ fill(t.sealed_note, &[("date", &date)]) }</p> }
    });
    let heading_id = format!("draw-{}", &e.commitment[..e.commitment.len().min(16)]);
    let caption = if e.bundle_file.is_some() { t.qr_caption_drawn } else { t.qr_caption_committed };
    html! {
        <li class={classes!("publication-entry", format!("status-{status}"))}
            data-testid="publication-entry" data-status={status} data-commitment={e.commitment.clone()}
            aria-labelledby={heading_id.clone()}>
            <div class="publication-text">
                <h2 id={heading_id}><bdi>{ fairdraw::wellformed::visible(&e.plan.name).into_owned() }</bdi></h2>
                <p class="publication-status">
                    { t.status_label }<span class={classes!("status-badge", format!("badge-{status}"))}>{ t.status(e.status) }</span>
                </p>
                { for rehearsal }
                { for sealed }
                { for timelock_view(lang, e, now, relays) }
                <p>{ t.plan_number }<code>{ &e.plan.number }</code>{ " · " }{ fill(t.sequence, &[("n", &e.sequence.to_string())]) }</p>
                <p>{ t.department }{ &e.department }</p>
                <p>{ t.committed_at }{ china_time(&e.committed_at) }{ t.china_time }</p>
                <p>{ fill(t.beacon, &[("chain", &e.beacon.chain), ("round", &e.beacon.round.to_string())]) }</p>
                <p>{ t.emission }{ china_time(&e.beacon.emission_time) }{ t.china_time }</p>
                { for countdown_view(t, e, now) }
                { tasks_table(t, e) }
                <details class="publication-strata" data-testid="publication-strata">
                    <summary>{ t.strata_heading }</summary>
                    { for e.tasks.iter().map(|task| strata_table(t, task)) }
                </details>
                { for result }
                { links(t, e) }
            </div>
            <figure class="publication-qr">
                <img src={site_file(&e.qr_file)} width="160" height="160" data-testid="publication-qr"
                    alt={fill(t.qr_alt, &[("plan", &e.plan.name)])} />
                <figcaption>{ caption }</figcaption>
            </figure>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::publication::{EN, ZH};

    #[test]
    fn times_are_shown_in_beijing_time() {
        assert_eq!(china_time("2027-06-01T01:00:00Z"), "2027-06-01 09:00:00");
        assert_eq!(china_time("not a time"), "not a time");
    }

    #[test]
    fn countdowns() {
        assert_eq!(countdown_text(&ZH, 0, 90_061).as_deref(), Some("1 天 01 小时 01 分 01 秒"));
        assert_eq!(countdown_text(&EN, 100, 100 + 3_599).as_deref(), Some("00 h 59 min 59 s"));
        assert_eq!(countdown_text(&ZH, 100, 100), None);
        assert_eq!(countdown_text(&ZH, 200, 100), None);
    }
}
