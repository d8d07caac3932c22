//! Directions from the literature (MODEL.md P7), with replicates and common seeds so the tests are
//! stable: the paired difference across replicates must have a 95 % interval that excludes zero.

use std::ops::Range;
use std::sync::OnceLock;

mod common;
use common::{baseline_with, paired_effect, paired_effect_of};

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

/// Every lever's direction (MODEL.md §7.1, P7), against the baseline on the same seeds.
#[test]
fn a_subsidy_raises_mutual_aid_hours() {
    let subsidy = run(&["levers.subsidy.on=true"]);
    assert_raises(baseline(), &subsidy, "mutual_hours", FINAL_YEAR);
}

#[test]
fn volunteers_lower_unmet_hours() {
    let volunteers = run(&["levers.volunteers.on=true"]);
    assert_lowers(baseline(), &volunteers, "unmet_hours", FINAL_YEAR);
}

#[test]
fn a_happiness_home_raises_participation() {
    let home = run(&["levers.happiness_home.on=true"]);
    assert_raises(baseline(), &home, "participation_rate", FINAL_YEAR);
}

#[test]
fn supervision_raises_mean_trust_under_misconduct() {
    let misconduct = run(&["cadres.misconduct_month=0.1"]);
    let supervised = run(&["cadres.misconduct_month=0.1", "levers.supervision.on=true"]);
    assert_raises(&misconduct, &supervised, "mean_trust", FINAL_YEAR);
}

#[test]
fn platform_matching_raises_participation() {
    let platform = run(&["levers.platform_matching.on=true"]);
    assert_raises(baseline(), &platform, "participation_rate", FINAL_YEAR);
}

#[test]
fn a_collective_dividend_raises_willingness() {
    let dividend = run(&["levers.collective_dividend.on=true"]);
    assert_raises(baseline(), &dividend, "willingness_rate", FINAL_YEAR);
}

#[test]
fn training_raises_mutual_aid_hours_per_participant() {
    let trained = run(&["levers.training.on=true"]);
    let per_participant =
        |c: &huzhu::metrics::Counters| c.mutual_millihours as f64 / 1e3 / c.participants.max(1) as f64;
    let (d, lo, hi) = paired_effect_of(
        &baseline().scenarios[0],
        &trained.scenarios[0],
        FINAL_YEAR,
        per_participant,
    );
    assert!(
        lo > 0.0,
        "hours per participant should rise: change {d}, interval {lo} to {hi}"
    );
}

/// Isolation among the happiness home's members (MODEL.md §7.1, §7.6): each village is run twice from
/// the same key, with the home and without; the levers do not change who is born, dies, moves or lives
/// where, so the same persons are compared. Each month, the members who live alone are counted, and how
/// many of them met nobody, in both runs; the paired difference over villages must be below zero.
#[test]
fn a_happiness_home_lowers_isolation_among_its_members() {
    use huzhu::metrics::Counters;
    use huzhu::model::person::Status;
    use huzhu::model::{init, rng, Model, Village, Workspace};
    let sets: Vec<&str> = COMMON.to_vec();
    let plain = baseline_with(&sets);
    let mut with_home = sets.clone();
    with_home.push("levers.happiness_home.on=true");
    let home = baseline_with(&with_home);
    let (p0, p1) = (plain.params(), home.params());
    let (m0, m1) = (Model::new(p0), Model::new(p1));
    let isolated = |v: &Village, i: usize| {
        let alone = v.households.members[v.people.household[i] as usize]
            .iter()
            .all(|&j| j as usize == i || v.people.status[j as usize] != Status::Resident);
        (alone, alone && v.people.met_strong[i] == 0 && v.people.met_weak[i] == 0)
    };
    let mut diffs = Vec::new();
    for village in 0..24 {
        let key = rng::village_key(p0.run.seed, 0, village);
        let (mut a, mut b) = (init::initialize(p0, key), init::initialize(p1, key));
        let (mut wa, mut wb) = (Workspace::default(), Workspace::default());
        // [without, with the home]: member-months living alone, and those isolated.
        let (mut alone, mut lonely) = ([0u32; 2], [0u32; 2]);
        for _ in 0..p0.months() {
            m0.step(&mut a, &mut wa, &mut Counters::default());
            m1.step(&mut b, &mut wb, &mut Counters::default());
            assert_eq!(a.people.len(), b.people.len(), "the same persons in both runs");
            for i in 0..b.people.len() {
                if b.people.status[i] != Status::Resident || !b.people.home_member[i] {
                    continue;
                }
                for (k, v) in [&a, &b].into_iter().enumerate() {
                    let (lives_alone, isolated) = isolated(v, i);
                    alone[k] += u32::from(lives_alone);
                    lonely[k] += u32::from(isolated);
                }
            }
        }
        assert_eq!(alone[0], alone[1], "members live alone in both runs alike");
        if alone[0] > 0 {
            diffs.push((lonely[1] as f64 - lonely[0] as f64) / alone[0] as f64);
        }
    }
    let s = huzhu::stats::summarize(&diffs);
    let (lo, hi) = s.ci.unwrap();
    assert!(
        hi < 0.0,
        "isolation of members should fall: change {}, interval {lo} to {hi}",
        s.mean
    );
}
