//! Directions from the literature (MODEL.md P7), with replicates and common seeds so the tests are
//! stable: the paired difference across replicates must have a 95 % interval that excludes zero.

use huzhu::engine::{self, Run};
use huzhu::metrics::metric;
use huzhu::output::final_year_mean;
use huzhu::scenario::Scenario;
use huzhu::stats::summarize;

const COMMON: [&str; 4] = [
    "villages.count=12",
    "run.replicates=6",
    "run.years=10",
    "villages.population.mean=1000",
];

fn run(extra: &[&str]) -> Run {
    let mut s = Scenario::builtin_baseline();
    for a in COMMON.iter().chain(extra) {
        s.set(a, "--set").unwrap();
    }
    engine::run(&[s], None, &()).unwrap()
}

/// The paired differences (other − base) of a metric's final-year mean, with its 95 % interval.
fn effect(base: &Run, other: &Run, name: &str) -> (f64, f64, f64) {
    let m = metric(name).unwrap();
    let diffs: Vec<f64> = base.scenarios[0]
        .replicates
        .iter()
        .zip(&other.scenarios[0].replicates)
        .map(|(a, b)| final_year_mean(m, &b.months) - final_year_mean(m, &a.months))
        .collect();
    let s = summarize(&diffs);
    let (lo, hi) = s.ci.unwrap();
    (s.mean, lo, hi)
}

#[test]
fn doubling_outmigration_lowers_working_age_residents_and_raises_isolation() {
    let base = run(&[]);
    let more = run(&["levers.outmigration.scale=2"]);
    let (d, _, hi) = effect(&base, &more, "working_age");
    assert!(
        hi < 0.0,
        "residents 16–59 change by {d} (interval up to {hi})"
    );
    let (d, lo, _) = effect(&base, &more, "isolated_rate");
    assert!(
        lo > 0.0,
        "isolated_rate changes by {d} (interval from {lo})"
    );
}

#[test]
fn market_alienation_lowers_weak_ties() {
    let base = run(&[]);
    let alienated = run(&["levers.market_alienation.scale=3"]);
    let (d, _, hi) = effect(&base, &alienated, "weak_ties");
    assert!(hi < 0.0, "weak_ties change by {d} (interval up to {hi})");
}
