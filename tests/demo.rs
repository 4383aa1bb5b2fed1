//! The demo and benchmark inputs pass the same checks a real import and plan do.

use fairdraw::demo::{self, DemoInputs};
use fairdraw::plan;

fn evaluate(inputs: DemoInputs) -> (plan::PlanReport, u64) {
    let (plan, directories) = inputs.into_parts();
    let report = plan::evaluate(&plan, &directories);
    let errors: Vec<String> = report
        .problems
        .0
        .iter()
        .filter(|p| !p.warning)
        .map(|p| p.text.en.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let total = report.tasks.iter().map(|t| t.count()).sum();
    (report, total)
}

#[test]
fn default_demo_is_feasible_and_shaped_like_seed_003() {
    let (report, total) = evaluate(demo::demo_inputs(
        demo::DEFAULT_ENTERPRISES,
        demo::DEFAULT_INSPECTORS,
    ));
    let task1 = &report.tasks[0];
    let task2 = &report.tasks[1];
    for stratum in task1.strata.iter().filter(|s| !s.census) {
        let share = stratum.count * 10_000 / stratum.size();
        assert!(
            (1500..=2000).contains(&share),
            "{}: {share} bp",
            stratum.label()
        );
    }
    assert!(
        task1.strata.iter().any(|s| s.census),
        "some 黑名单 firms are in scope"
    );
    assert!(task2.count() >= 1 && task2.count() < task2.pool_size());
    assert!(total * 10_000 >= report.active_firms * 300);
    assert!(
        task1.excluded.yearly_cap > 0
            && task1.excluded.higher_level > 0
            && task1.excluded.inactive > 0
    );
}

#[test]
fn small_and_odd_sizes_are_feasible() {
    for (enterprises, inspectors) in [(50, 16), (300, 20), (10_000, 200)] {
        evaluate(demo::demo_inputs(enterprises, inspectors));
    }
}

#[test]
#[ignore = "1,000,000 firms: cargo test --release --test demo -- --ignored --nocapture"]
fn bench_inputs_draw_about_thirty_thousand_in_forty_strata() {
    let start = std::time::Instant::now();
    let inputs = demo::bench_inputs();
    let generated = start.elapsed();
    assert_eq!(inputs.enterprises.len(), 1_000_000);
    assert_eq!(inputs.inspectors.len(), 2_000);
    let (report, total) = evaluate(inputs);
    let strata: usize = report
        .tasks
        .iter()
        .map(|t| t.strata.iter().filter(|s| !s.census).count())
        .sum();
    println!(
        "generated in {generated:?}; strata {strata}; per task (pool, count): {:?}; total {total} of {} active",
        report.tasks.iter().map(|t| (t.pool_size(), t.count())).collect::<Vec<_>>(),
        report.active_firms
    );
    assert_eq!(strata, 40);
    assert!((29_000..=31_000).contains(&total), "{total}");
}

/// The demo's bytes, pinned: the site, the CLI and native and wasm32 builds must all
/// produce exactly these inputs. A deliberate change of the generator updates it.
#[test]
fn default_demo_fingerprint_is_pinned() {
    let (plan, directories) =
        demo::demo_inputs(demo::DEFAULT_ENTERPRISES, demo::DEFAULT_INSPECTORS).into_parts();
    let json = serde_json::to_vec(&(plan, directories)).unwrap();
    let fingerprint = fairdraw::hashing::hex(&fairdraw::hashing::sha256(&json));
    assert_eq!(
        fingerprint, "570cf9c8b9081bde5fd72a0c144df3627e6a1fcc5d0422231f717e149b3d2e53",
        "demo inputs changed"
    );
}
