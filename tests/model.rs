//! Invariants of the model, checked in every village and month: population accounting, no dead or gone
//! person counted or tied, households consistent, rates within 0..1 for random scenarios.

use huzhu::engine;
use huzhu::metrics::{Counter, Counters, Formula, METRICS};
use huzhu::model::person::Status;
use huzhu::model::{init, rng, Model, Village, Workspace};
use huzhu::scenario::Scenario;
use proptest::prelude::*;

mod common;
use common::{baseline_with, huzhu, read, stderr, write, SMALL};

/// Checks every structural invariant of a village; returns the registered count.
fn check_village(v: &Village) -> u64 {
    let p = &v.people;
    assert_eq!(
        p.tie_ends(),
        p.count_tie_ends(),
        "running tie-end totals differ from a recount"
    );
    for i in 0..p.len() {
        let alive = p.status[i].registered();
        let h = p.household[i] as usize;
        assert_eq!(
            v.households.members[h].contains(&(i as u32)),
            alive,
            "person {i} household membership"
        );
        if !alive {
            assert!(p.ties.of(i as u32).is_empty(), "person {i} is gone but tied");
            continue;
        }
        assert_ne!(
            v.households.pos[h],
            u32::MAX,
            "household {h} of a living person is off the ring"
        );
        let (strong, weak) = p.ties.owned(i as u32);
        let (strong, forward) = (strong.len(), strong.len() + weak.len());
        for (n, t) in p.ties.of(i as u32).iter().enumerate() {
            assert!(
                p.status[t.other() as usize].registered(),
                "tie to a dead or gone person"
            );
            assert!(p.ties.tied(t.other(), i as u32), "tie not mirrored");
            assert_eq!(
                n < forward,
                t.other() > i as u32,
                "person {i}: ties to higher indices come first"
            );
            if n < forward {
                assert_eq!(
                    n < strong,
                    t.kind().strong(),
                    "person {i}: strong forward ties before weak ones"
                );
            }
        }
        if p.status[i] != Status::Resident {
            assert!(
                !p.eligible[i] && !p.willing[i],
                "person {i} is away but eligible or willing"
            );
        }
        let s = p.spouse[i];
        if s != u32::MAX {
            assert_eq!(p.spouse[s as usize], i as u32);
            assert!(p.status[s as usize].registered());
        }
    }
    let (mut residents, mut away) = (v.residents.clone(), v.away.clone());
    residents.extend(&v.away);
    residents.sort_unstable();
    away.retain(|&i| p.status[i as usize] != Status::Away);
    assert!(away.is_empty(), "a person listed as away lives here");
    let registered: Vec<u32> = (0..p.len() as u32)
        .filter(|&i| p.status[i as usize].registered())
        .collect();
    assert_eq!(residents, registered, "the month's lists of residents and away");
    v.registered()
}

#[test]
fn population_accounting_holds_in_every_village_and_month() {
    let base = ["run.years=15", "villages.population.mean=600"];
    // Levers that add ties (happiness-home members, community activities) or move people.
    let levers = [
        "levers.happiness_home.tie_rate=6",
        "levers.community_activities.tie_multiplier=3",
        "levers.outmigration.scale=2",
        "levers.market_alienation.scale=3",
    ];
    for (sets, villages) in [(base.to_vec(), 0..4), ([&base[..], &levers[..]].concat(), 4..6)] {
        check_every_month(&baseline_with(&sets), villages);
    }
}

fn check_every_month(s: &Scenario, villages: std::ops::Range<u64>) {
    let params = s.params();
    let model = Model::new(params);
    for village in villages {
        let mut v = init::initialize(params, rng::village_key(7, 0, village));
        let mut registered = check_village(&v);
        let mut work = Workspace::default();
        for _ in 0..params.months() {
            let mut m = Counters::default();
            model.step(&mut v, &mut work, &mut m);
            let now = check_village(&v);
            let f = v.flows;
            assert_eq!(
                now as i64 - registered as i64,
                (f.births + f.newcomers) as i64 - (f.deaths + f.married_out + f.settled_away) as i64,
                "village {village} month {}",
                v.month - 1
            );
            assert_eq!(m.residents + m.away, m.registered);
            assert_eq!(m.registered, now);
            let counted_residents = v.people.status.iter().filter(|s| **s == Status::Resident).count() as u64;
            assert_eq!(m.residents, counted_residents);
            registered = now;
        }
    }
}

#[test]
fn every_flow_happens_in_a_long_run() {
    let s = baseline_with(["run.years=10", "villages.count=3", "run.replicates=1"]);
    let run = engine::run(&[s], Some(1), &()).unwrap();
    let months = &run.scenarios[0].replicates[0].months;
    let flows: [(&str, Counter); 7] = [
        ("births", |m| m.births),
        ("newcomers", |m| m.newcomers),
        ("deaths", |m| m.deaths),
        ("married out", |m| m.married_out),
        ("settled away", |m| m.settled_away),
        ("left", |m| m.left),
        ("returned", |m| m.returned),
    ];
    for (name, counter) in flows {
        let total: u64 = months.iter().map(counter).sum();
        assert!(total > 0, "no {name} in 10 years of 3 villages");
    }
}

fn lever(name: &str, on: bool, start: u32, scale: f64) -> Vec<String> {
    vec![
        format!("levers.{name}.on={on}"),
        format!("levers.{name}.start_year={start}"),
        format!("levers.{name}.scale={scale}"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn rates_stay_in_0_1_and_counts_are_non_negative_for_random_scenarios(
        mean in 30.0f64..600.0,
        years in 1u32..4,
        meet_strong in 0.0f64..=1.0,
        meet_weak in 0.0f64..=1.0,
        marry_in in 0.0f64..=1.0,
        left_behind in 0.0f64..=1.0,
        coresidence in 0.0f64..=1.0,
        rewire in 0.0f64..=1.0,
        neighbours in 0.0f64..20.0,
        acquaintances in 0.0f64..30.0,
        out_on in any::<bool>(),
        out_scale in 0.0f64..20.0,
        alienation in 0.0f64..50.0,
        seed in 0u64..1000,
    ) {
        let mut sets = vec![
            format!("villages.population.mean={mean}"),
            "villages.population.min=10".to_string(),
            "villages.count=2".to_string(),
            "run.replicates=1".to_string(),
            format!("run.years={years}"),
            format!("run.seed={seed}"),
            format!("network.meet_strong_month={meet_strong}"),
            format!("network.meet_weak_month={meet_weak}"),
            format!("demography.marry_in={marry_in}"),
            format!("demography.left_behind={left_behind}"),
            format!("households.coresidence={coresidence}"),
            format!("network.rewire={rewire}"),
            format!("network.neighbours={neighbours}"),
            format!("network.acquaintances={acquaintances}"),
        ];
        sets.extend(lever("outmigration", out_on, (years - 1).min(1), out_scale));
        sets.extend(lever("market_alienation", true, 0, alienation));
        let run = engine::run(&[baseline_with(&sets)], Some(1), &()).unwrap();
        for m in &run.scenarios[0].replicates[0].months {
            prop_assert_eq!(m.residents + m.away, m.registered);
            prop_assert!(m.elderly <= m.residents && m.oldest_old <= m.elderly);
            prop_assert!(m.severe <= m.in_need && m.in_need <= m.residents);
            prop_assert!(m.isolated <= m.living_alone_60);
            for metric in METRICS {
                let x = metric.value(m);
                // Missing exactly when a ratio has no denominator; otherwise a number, a rate within 0..1.
                let no_denominator = matches!(
                    metric.formula,
                    Formula::Ratio(_, den) | Formula::ScaledRatio(_, den, _) if den(m) == 0
                );
                prop_assert_eq!(x.is_nan(), no_denominator, "{} = {}", metric.name, x);
                if no_denominator {
                    continue;
                }
                prop_assert!(x.is_finite() && x >= 0.0, "{} = {}", metric.name, x);
                if metric.rate {
                    prop_assert!(x <= 1.0, "{} = {}", metric.name, x);
                }
            }
        }
    }
}

#[test]
fn a_rate_with_no_denominator_is_an_empty_cell_and_summaries_say_how_many_it_rests_on() {
    let dir = tempfile::tempdir().unwrap();
    // Nobody ever needs care: every care rate has no denominator.
    write(
        dir.path(),
        "s.toml",
        &format!("{SMALL}\n[health]\nprevalence = [0, 0, 0, 0, 0]\nonset = [0, 0, 0, 0, 0, 0, 0, 0, 0]\n"),
    );
    let o = huzhu(
        &["run", "s.toml", "--out", "o", "--quiet", "--no-report", "--years", "1"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let ts = read(&dir.path().join("o/timeseries.csv"));
    let header: Vec<&str> = ts.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for line in ts.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        for rate in ["unmet_rate", "unmet_persons_rate", "unmet_adl_rate"] {
            assert_eq!(cells[col(rate)], "", "{rate} in {line}");
        }
        assert_eq!(cells[col("in_need")], "0");
    }
    let summary = read(&dir.path().join("o/summary.csv"));
    let row = summary.lines().find(|l| l.contains(",unmet_adl_rate,")).unwrap();
    assert!(row.ends_with(",unmet_adl_rate,,,,,0"), "{row}");
    let row = summary.lines().find(|l| l.contains(",residents,")).unwrap();
    assert!(row.ends_with(",2"), "{row}");
}
