//! Care allocation (MODEL.md §7.9) checked gift by gift in every village and month, for random scenarios
//! and lever combinations: need = family + mutual + formal + volunteer + unmet; no helper beyond the
//! total budget or a role cap; formal care within what places and budget allow; credits conserved.

use std::collections::HashMap;

use huzhu::metrics::Counters;
use huzhu::model::person::{Need, NOBODY};
use huzhu::model::village::Source;
use huzhu::model::{init, rng, Model, Village, Workspace};
use huzhu::scenario::registry::registry;
use huzhu::scenario::{Params, Scenario};

mod common;
use common::baseline_with;
use proptest::prelude::*;

fn mh(hours: f64) -> u64 {
    (hours * 1000.0).round() as u64
}

/// Every check of one month of one village.
fn check_month(v: &Village, p: &Params, m: &Counters, credits_before: u64) {
    let month = v.month - 1;
    let parts = [
        m.family_millihours,
        m.mutual_millihours,
        m.formal_millihours,
        m.volunteer_millihours,
        m.unmet_millihours,
    ];
    assert_eq!(
        m.need_millihours,
        parts.iter().sum::<u64>(),
        "need identity, month {month}"
    );

    let mut by_helper: HashMap<u32, (u64, u64)> = HashMap::new();
    let mut by_pair: HashMap<(u32, u32, bool), u64> = HashMap::new();
    let mut pools: HashMap<&str, u64> = HashMap::new();
    let people = &v.people;
    for g in &v.care.gifts {
        let hours = g.millihours as u64;
        if g.from == NOBODY {
            let pool = match g.source {
                Source::Home => "home",
                Source::Bought => "bought",
                _ => "volunteers",
            };
            *pools.entry(pool).or_default() += hours;
            continue;
        }
        let e = by_helper.entry(g.from).or_default();
        e.0 += hours;
        if g.source.is_mutual() {
            e.1 += hours;
            assert_ne!(
                people.household[g.from as usize], people.household[g.to as usize],
                "mutual aid within a household"
            );
            assert!(people.willing[g.from as usize], "mutual aid from someone not willing");
        }
        *by_pair.entry((g.from, g.to, g.source.is_mutual())).or_default() += hours;
        let cap = match g.source {
            Source::Spouse if people.need[g.from as usize] == Need::Light => mh(p.care.spouse_hours) / 2,
            Source::Spouse => mh(p.care.spouse_hours),
            Source::Coresident => mh(p.care.coresident_hours),
            Source::Child => mh(p.care.kin_hours),
            Source::Sibling => mh(p.care.kin_hours) / 2,
            _ => u64::MAX,
        };
        assert!(hours <= cap, "{:?} gave {hours} over its cap {cap}", g.source);
    }
    for (helper, (total, mutual)) in by_helper {
        assert!(
            total <= mh(p.care.max_hours_month),
            "helper {helper} gave {total} in all"
        );
        let cap = (p.care.provider_hours * people.skill[helper as usize] * 1000.0).round() as u64;
        assert!(mutual <= cap, "helper {helper} gave {mutual} mutual aid, cap {cap}");
    }

    let l = &p.levers;
    let per_1000 = v.residents_at_start as f64 / 1000.0;
    let home = pools.get("home").copied().unwrap_or(0);
    if l.happiness_home.period().in_force(month) {
        assert_eq!(
            v.home_places,
            (l.happiness_home.places_per_1000 * per_1000).round() as u64
        );
        let sup = if l.supervision.period().in_force(month) {
            l.supervision.strength
        } else {
            0.0
        };
        let f = l.happiness_home.functioning + sup * (1.0 - l.happiness_home.functioning);
        assert!(home as f64 <= v.home_places as f64 * l.happiness_home.staff_hours_per_place * f * 1000.0 + 1e-6);
        assert!(v.home_members.len() as u64 <= v.home_places.max(v.home_members.len() as u64));
    } else {
        assert_eq!(home, 0, "home staff hours while the lever is not in force");
    }
    let bought = pools.get("bought").copied().unwrap_or(0);
    if l.subsidy.period().in_force(month) {
        let s = &l.subsidy;
        assert!(
            bought as f64
                <= s.budget_per_1000_month * per_1000 * (1.0 - s.provider_share) / s.price_per_hour * 1000.0 + 1e-6
        );
    } else {
        assert_eq!(bought, 0);
    }
    let volunteers = pools.get("volunteers").copied().unwrap_or(0);
    let w = &l.volunteers;
    let allowed = if w.period().in_force(month) {
        w.hours_per_1000_month * per_1000 * w.coordination * 1000.0
    } else {
        0.0
    };
    assert!(volunteers as f64 <= allowed + 1e-6);
    assert_eq!(m.formal_millihours, home + bought);
    assert_eq!(m.volunteer_millihours, volunteers);

    let after: u64 = people.credits.iter().sum();
    assert_eq!(
        after as i128 - credits_before as i128,
        m.credits_earned as i128 - m.credits_spent as i128 - m.credits_lapsed as i128,
        "credits conserved, month {month}"
    );
    assert_eq!(m.credits_millihours, after);
}

fn run_checked(s: &Scenario, villages: u64) {
    let params = s.params();
    let model = Model::new(params);
    for village in 0..villages {
        let mut v = init::initialize(params, rng::village_key(params.run.seed, 0, village));
        let mut work = Workspace::default();
        for _ in 0..params.months() {
            let before = v.people.credits.iter().sum();
            let mut m = Counters::default();
            model.step(&mut v, &mut work, &mut m);
            check_month(&v, params, &m, before);
        }
    }
}

/// The policy levers: every lever but the two scenario levers.
fn policy_levers() -> Vec<&'static str> {
    registry()
        .levers()
        .into_iter()
        .filter(|l| !["outmigration", "market_alienation"].contains(l))
        .collect()
}

#[test]
fn every_lever_on_passes_every_check() {
    let mut s = baseline_with([
        "run.years=4",
        "villages.population.mean=700",
        "levers.time_bank.end_year=2",
        "run.seed=5",
    ]);
    for lever in policy_levers() {
        s.set(&format!("levers.{lever}.on=true"), "test").unwrap();
    }
    run_checked(&s, 3);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, ..ProptestConfig::default() })]

    #[test]
    fn care_identities_hold_for_random_scenarios_and_lever_combinations(
        on in proptest::collection::vec(any::<bool>(), policy_levers().len()),
        starts in proptest::collection::vec(0u32..2, policy_levers().len()),
        ends in proptest::collection::vec(prop_oneof![Just(None), (1u32..3).prop_map(Some)], policy_levers().len()),
        spouse in 0.0f64..200.0,
        coresident in 0.0f64..200.0,
        kin in 0.0f64..100.0,
        provider in 0.0f64..80.0,
        max_hours in 10.0f64..200.0,
        tie_match in 0.0f64..=1.0,
        channel_match in 0.0f64..=1.0,
        backing in 0.0f64..=1.0,
        provider_share in 0.0f64..=1.0,
        seed in 0u64..10_000,
    ) {
        let mut s = baseline_with([
            "run.years=3".to_string(),
            "villages.population.mean=300".to_string(),
            "villages.population.min=50".to_string(),
            format!("run.seed={seed}"),
            format!("care.spouse_hours={spouse}"),
            format!("care.coresident_hours={coresident}"),
            format!("care.kin_hours={kin}"),
            format!("care.provider_hours={provider}"),
            format!("care.max_hours_month={max_hours}"),
            format!("care.tie_match={tie_match}"),
            format!("care.channel_match={channel_match}"),
            format!("levers.time_bank.government_backing={backing}"),
            format!("levers.subsidy.provider_share={provider_share}"),
        ]);
        for (k, lever) in policy_levers().iter().enumerate() {
            s.set(&format!("levers.{lever}.on={}", on[k]), "test").unwrap();
            s.set(&format!("levers.{lever}.start_year={}", starts[k]), "test").unwrap();
            if let Some(end) = ends[k].filter(|&e| e > starts[k]) {
                s.set(&format!("levers.{lever}.end_year={end}"), "test").unwrap();
            }
        }
        run_checked(&s, 2);
    }
}

#[test]
fn any_lever_starting_in_year_5_leaves_the_first_five_years_untouched() {
    let small = [
        "run.years=7",
        "run.replicates=1",
        "villages.count=2",
        "villages.population.mean=600",
    ];
    let run = |lever: Option<&str>| {
        let mut s = baseline_with(small);
        if let Some(name) = lever {
            s.set(&format!("levers.{name}.on=true"), "test").unwrap();
            s.set(&format!("levers.{name}.start_year=5"), "test").unwrap();
            if name == "outmigration" || name == "market_alienation" {
                s.set(&format!("levers.{name}.scale=3"), "test").unwrap();
            }
        }
        huzhu::engine::run(&[s], Some(1), &())
            .unwrap()
            .scenarios
            .remove(0)
            .replicates
            .remove(0)
            .months
    };
    let base = run(None);
    for lever in registry().levers() {
        let with = run(Some(lever));
        assert_eq!(base[..60], with[..60], "{lever} changed months 0–59");
        assert_ne!(base[60..], with[60..], "{lever} changed nothing after year 5");
    }
}
