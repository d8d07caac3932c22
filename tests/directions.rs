//! Directions from the literature (MODEL.md P7), with replicates and common seeds so the tests are
//! stable: the paired difference across replicates must have a 95 % interval that excludes zero.

use std::ops::Range;
use std::sync::OnceLock;

mod common;
use common::{baseline_with, paired_effect};

use huzhu::engine::{self, Run};

const COMMON: [&str; 4] = [
    "villages.count=12",
    "run.replicates=6",
    "run.years=10",
    "villages.population.mean=1000",
];
const FINAL_YEAR: Range<usize> = 108..120;

fn run(extra: &[&str]) -> Run {
    engine::run(&[baseline_with(COMMON.iter().chain(extra))], None, &()).unwrap()
}

fn baseline() -> &'static Run {
    static BASE: OnceLock<Run> = OnceLock::new();
    BASE.get_or_init(|| run(&[]))
}

fn effect(base: &Run, other: &Run, name: &str, months: Range<usize>) -> (f64, f64, f64) {
    paired_effect(&base.scenarios[0], &other.scenarios[0], name, months)
}

fn assert_raises(base: &Run, other: &Run, name: &str, months: Range<usize>) {
    let (d, lo, hi) = effect(base, other, name, months);
    assert!(lo > 0.0, "{name} should rise: change {d}, interval {lo} to {hi}");
}

fn assert_lowers(base: &Run, other: &Run, name: &str, months: Range<usize>) {
    let (d, lo, hi) = effect(base, other, name, months);
    assert!(hi < 0.0, "{name} should fall: change {d}, interval {lo} to {hi}");
}

#[test]
fn doubling_outmigration_lowers_working_age_residents_and_raises_isolation_and_unmet_need() {
    let more = run(&["levers.outmigration.scale=2"]);
    assert_lowers(baseline(), &more, "working_age", FINAL_YEAR);
    assert_raises(baseline(), &more, "isolated_rate", FINAL_YEAR);
    assert_raises(baseline(), &more, "unmet_rate", FINAL_YEAR);
}

#[test]
fn market_alienation_lowers_weak_ties() {
    let alienated = run(&["levers.market_alienation.scale=3"]);
    assert_lowers(baseline(), &alienated, "weak_ties", FINAL_YEAR);
}

#[test]
fn no_acquaintance_ties_lowers_willingness() {
    let none = run(&["network.acquaintances=0", "network.weak_formation=0"]);
    assert_lowers(baseline(), &none, "willingness_rate", FINAL_YEAR);
}

#[test]
fn a_stronger_strong_tie_coefficient_lowers_willingness() {
    let strong = run(&["behaviour.beta.strong=1.0"]);
    assert_lowers(baseline(), &strong, "willingness_rate", FINAL_YEAR);
}

#[test]
fn a_scandal_every_month_lowers_trust_and_participation() {
    let scandals = run(&["cadres.misconduct_month=1"]);
    assert_lowers(baseline(), &scandals, "mean_trust", FINAL_YEAR);
    assert_lowers(baseline(), &scandals, "participation_rate", FINAL_YEAR);
}

#[test]
fn a_time_bank_raises_participation() {
    let bank = run(&["levers.time_bank.on=true"]);
    assert_raises(baseline(), &bank, "participation_rate", FINAL_YEAR);
}

#[test]
fn ending_an_unbacked_time_bank_lowers_identity_and_trust_in_the_year_after() {
    let lasting = run(&["levers.time_bank.on=true", "levers.time_bank.government_backing=0"]);
    let ended = run(&[
        "levers.time_bank.on=true",
        "levers.time_bank.government_backing=0",
        "levers.time_bank.end_year=5",
    ]);
    assert_lowers(&lasting, &ended, "mean_identity", 60..72);
    assert_lowers(&lasting, &ended, "mean_trust", 60..72);
}
