//! Costs (docs/costs.md): a run priced again from what its costs were counted on equals the spending
//! it recorded, and a unit cost marked as pricing again (`reprice`) changes nothing the model does.

use huzhu::costs::{items, price, Budget};
use huzhu::engine::{self, Run};
use huzhu::metrics::Counters;
use huzhu::scenario::levers::LEVER_NAMES;
use huzhu::scenario::registry::registry;
use huzhu::scenario::Scenario;

mod common;
use common::baseline_with;

/// Every lever in force: the bank and the homes from year 1, so that their one-off costs fall inside
/// the run, and every other lever from the start.
fn every_lever() -> Scenario {
    let mut sets = vec![
        "run.years=3".to_string(),
        "run.replicates=2".into(),
        "villages.count=3".into(),
        "levers.time_bank.start_year=1".into(),
        "levers.happiness_home.start_year=1".into(),
    ];
    sets.extend(LEVER_NAMES.iter().map(|l| format!("levers.{l}.on=true")));
    baseline_with(sets)
}

fn run(s: Scenario) -> Run {
    engine::run(&[s], Some(1), &()).unwrap()
}

#[test]
fn costs_priced_again_from_a_runs_quantities_equal_the_spending_it_recorded() {
    let run = run(every_lever());
    let s = &run.scenarios[0];
    let all = items();
    let mut total = Counters::default();
    for r in &s.replicates {
        for m in &r.months {
            total.add(m);
            let yuan = price(&s.params, m);
            for (l, name) in LEVER_NAMES.iter().enumerate() {
                let priced: f64 = all
                    .iter()
                    .zip(&yuan)
                    .filter(|(i, _)| i.lever == *name && i.budget == Budget::Public)
                    .map(|(_, y)| y)
                    .sum();
                let recorded = m.public_by_lever[l] as f64 / 1000.0;
                // The ledger rounds each payment to a thousandth of a yuan: at most one per person.
                let slack = 0.0005 * (m.residents + m.away + 20) as f64;
                assert!((priced - recorded).abs() <= slack, "{name}: {priced} vs {recorded}");
            }
            let offbudget: f64 = all
                .iter()
                .zip(&yuan)
                .filter(|(i, _)| i.budget == Budget::Collective)
                .map(|(_, y)| y)
                .sum();
            assert_eq!(offbudget, m.offbudget_milliyuan as f64 / 1000.0);
        }
    }
    // Every quantity was counted, so the test priced every kind of cost.
    assert!(total.homes_opened > 0 && total.bank_opened_residents > 0 && total.trained > 0 && total.visits > 0);
    assert!(total.helper_cash_milliyuan > 0 && total.place_months > 0 && total.offbudget_milliyuan > 0);
    // The homes and the bank open in year 1 and are paid once.
    for r in &s.replicates {
        assert!(r.months[..12]
            .iter()
            .all(|m| m.homes_opened == 0 && m.bank_opened_residents == 0));
        let opened: u64 = r.months.iter().map(|m| m.bank_opened_residents).sum();
        assert_eq!(opened, r.months[12].bank_opened_residents);
    }
}

/// The counters with every money and cost-quantity field left out: what the model did.
fn behaviour(m: &Counters) -> Counters {
    Counters {
        public_milliyuan: 0,
        public_by_lever: Default::default(),
        helper_cash_milliyuan: 0,
        ..*m
    }
}

#[test]
fn a_unit_cost_marked_reprice_changes_nothing_the_model_does_and_one_not_marked_does() {
    let base = run(every_lever());
    let months = |r: &Run| -> Vec<Counters> {
        r.scenarios[0]
            .replicates
            .iter()
            .flat_map(|r| r.months.iter().map(behaviour))
            .collect()
    };
    let expected = months(&base);
    let costs: Vec<_> = registry()
        .params
        .iter()
        .filter_map(|p| {
            p.plausible()
                .map(|(low, high, reprice)| (p.key.clone(), p.default.clone(), low, high, reprice))
        })
        .collect();
    assert!(costs.len() >= 15, "every unit cost has a plausible range");
    for (key, default, low, high, reprice) in costs {
        let other = if default == huzhu::scenario::declare::Value::Float(high) {
            low
        } else {
            high
        };
        let mut s = every_lever();
        s.set(&format!("{key}={other}"), "test").unwrap();
        let got = months(&run(s));
        if reprice {
            assert!(got == expected, "{key} = {other} changed what the model did");
        } else {
            assert!(
                got != expected,
                "{key} = {other} is marked as changing behaviour but did not"
            );
        }
    }
}
