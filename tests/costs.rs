//! Costs (docs/costs.md): a run priced again from what its costs were counted on equals the spending
//! it recorded, and a unit cost marked as pricing again (`reprice`) changes nothing the model does.

use huzhu::costs::{items, price, Budget};
use huzhu::engine::{self, Run};
use huzhu::metrics::Counters;
use huzhu::scenario::levers::LEVER_NAMES;
use huzhu::scenario::registry::registry;
use huzhu::scenario::Scenario;

use std::collections::BTreeMap;

mod common;
use common::{baseline_with, huzhu, read, stderr, write};

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

/// A folder with a small baseline and a programme (homes from year 1, a time bank from the start).
fn two_scenarios() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = "name = \"base\"\n[run]\nyears = 4\nreplicates = 3\nseed = 5\n[villages]\ncount = 3\n";
    write(dir.path(), "base.toml", base);
    write(
        dir.path(),
        "homes.toml",
        "name = \"homes\"\nextends = \"base.toml\"\n[levers.happiness_home]\nstart_year = 1\n[levers.time_bank]\non = true\n",
    );
    dir
}

/// `huzhu compare base.toml homes.toml` with `args`, in `dir`.
fn compare(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["compare", "base.toml", "homes.toml"];
    all.extend(args);
    huzhu(&all, dir)
}

fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            head.iter()
                .map(|h| h.to_string())
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn with_every_range_of_zero_width_the_analysis_gives_one_point_and_a_step_curve() {
    let dir = two_scenarios();
    let d = dir.path();
    let reg = registry();
    let mut args: Vec<String> = ["--quiet", "--no-report", "--out", "out"].map(String::from).to_vec();
    args.extend(["--psa".into(), "25".into(), "--wtp-max".into(), "400".into()]);
    for p in reg
        .params
        .iter()
        .filter(|p| p.plausible().is_some_and(|(_, _, reprice)| reprice))
    {
        args.push("--psa-range".into());
        args.push(format!("{}={}:{}", p.key, p.default, p.default));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = compare(d, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let points = csv_rows(&read(&d.join("out/psa.csv")));
    assert_eq!(points.len(), 25);
    let first = (&points[0]["incremental_cost"], &points[0]["hours_averted"]);
    assert!(points
        .iter()
        .all(|p| (&p["incremental_cost"], &p["hours_averted"]) == first));
    // The one point is the comparison's own public cost-effectiveness.
    let ce = csv_rows(&read(&d.join("out/cost_effectiveness.csv")));
    let public = ce.iter().find(|r| r["perspective"] == "public").unwrap();
    let ratio: f64 = public["yuan_per_hour_averted"].parse().unwrap();
    let (cost, averted): (f64, f64) = (first.0.parse().unwrap(), first.1.parse().unwrap());
    assert!(
        (cost / averted - ratio).abs() < 1e-6 * ratio,
        "{cost} / {averted} vs {ratio}"
    );
    // The curve steps once, from the baseline to the programme at that ratio.
    let curve = csv_rows(&read(&d.join("out/ceac.csv")));
    for r in curve.iter().filter(|r| r["scenario"] == "homes") {
        let wtp: f64 = r["wtp_yuan_per_hour"].parse().unwrap();
        let expected = if wtp * averted >= cost { "1" } else { "0" };
        assert_eq!(r["probability_best"], expected, "at {wtp} (ratio {ratio})");
    }
    assert!(
        ratio < 400.0
            && curve
                .iter()
                .any(|r| r["scenario"] == "homes" && r["probability_best"] == "0")
    );
}

#[test]
fn the_analysis_draws_nothing_from_the_model_and_varies_costs_around_their_values() {
    let dir = two_scenarios();
    let d = dir.path();
    let plain = compare(d, &["--quiet", "--no-report", "--out", "a"]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    let o = compare(d, &["--quiet", "--out", "b", "--psa", "40", "--lang", "zh"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for file in [
        "timeseries.csv",
        "summary.csv",
        "comparison.csv",
        "cost_effectiveness.csv",
    ] {
        assert_eq!(read(&d.join("a").join(file)), read(&d.join("b").join(file)), "{file}");
    }
    let points = csv_rows(&read(&d.join("b/psa.csv")));
    let costs: Vec<f64> = points.iter().map(|p| p["incremental_cost"].parse().unwrap()).collect();
    assert!(costs.iter().any(|c| (c - costs[0]).abs() > 1.0), "the draws differ");
    // Each unit cost stays in its range.
    for p in registry().params.iter() {
        if let Some((low, high, true)) = p.plausible() {
            for r in &points {
                let x: f64 = r[&p.key].parse().unwrap();
                assert!((low..=high).contains(&x), "{} = {x}", p.key);
            }
        }
    }
    let report = read(&d.join("b/report.html"));
    assert!(report.contains("成本效果可接受曲线") && report.contains("成本效果平面") && report.contains("全社会"));
    assert!(
        report.contains("其中一次性"),
        "the spending table shows one-off costs apart"
    );
    assert!(d.join("b/chart_ceac.svg").exists() && d.join("b/chart_ce_plane.svg").exists());
    assert!(String::from_utf8_lossy(&o.stdout).contains("概率敏感性分析"));
}

#[test]
fn a_drawn_behavioural_parameter_runs_the_scenarios_again() {
    let dir = two_scenarios();
    let d = dir.path();
    let o = compare(
        d,
        &[
            "--no-report",
            "--out",
            "out",
            "--psa",
            "3",
            "--psa-vary",
            "behaviour.identity_mean=0.3:0.7",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("3 of them with new runs"));
    let points = csv_rows(&read(&d.join("out/psa.csv")));
    let effects: Vec<&String> = points.iter().map(|p| &p["hours_averted"]).collect();
    assert!(
        effects.iter().any(|e| *e != effects[0]),
        "new runs, new effects: {effects:?}"
    );
}

#[test]
fn bad_analysis_options_are_refused_with_nothing_written() {
    let dir = two_scenarios();
    let d = dir.path();
    for (args, says) in [
        (
            vec!["--psa", "5", "--psa-range", "levers.training.cost_per_persn=1:2"],
            "unknown key",
        ),
        (
            vec!["--psa", "5", "--psa-range", "behaviour.identity_mean=0.1:0.2"],
            "is not a unit cost",
        ),
        (
            vec!["--psa", "5", "--psa-range", "levers.training.cost_per_person=3000:500"],
            "LO 3000 is above HI 500",
        ),
        (
            vec!["--psa", "5", "--psa-perspective", "mine"],
            "allowed: public, collective, villagers_time, societal",
        ),
        (vec!["--psa", "0"], "0 draws"),
    ] {
        let mut all = vec!["--out", "out"];
        all.extend(args);
        let o = compare(d, &all);
        assert_eq!(o.status.code(), Some(2), "{all:?}");
        assert!(stderr(&o).contains(says), "{all:?}: {}", stderr(&o));
        assert!(!d.join("out").exists());
    }
}

#[test]
fn discounting_changes_only_present_values_and_at_zero_changes_nothing() {
    let dir = two_scenarios();
    let d = dir.path();
    let run = |out: &str, rate: &str| {
        let set = format!("costs.discount_rate={rate}");
        let o = compare(d, &["--quiet", "--no-report", "--out", out, "--set", &set]);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    run("zero", "0");
    run("five", "0.05");
    let o = huzhu(
        &[
            "run",
            "homes.toml",
            "--quiet",
            "--out",
            "report",
            "--set",
            "costs.discount_rate=0.05",
        ],
        d,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&d.join("report/report.html")).contains("cumulative present value at 5%"));
    for file in ["timeseries.csv", "summary.csv", "comparison.csv"] {
        assert_eq!(
            read(&d.join("zero").join(file)),
            read(&d.join("five").join(file)),
            "{file}"
        );
    }
    let zero = csv_rows(&read(&d.join("zero/spending.csv")));
    assert!(zero
        .iter()
        .all(|r| r["pv_yuan_year"] == r["yuan_year"] && r["pv_cumulative_yuan"] == r["cumulative_yuan"]));
    let five = csv_rows(&read(&d.join("five/spending.csv")));
    let last = five
        .iter()
        .rev()
        .find(|r| r["scenario"] == "homes" && r["lever"] == "total" && r["kind"] == "all" && r["budget"] == "public")
        .unwrap();
    let (pv, nominal): (f64, f64) = (
        last["pv_cumulative_yuan"].parse().unwrap(),
        last["cumulative_yuan"].parse().unwrap(),
    );
    assert!(pv < nominal && pv > nominal / 1.05f64.powi(3), "{pv} vs {nominal}");
    // The ratios from zero-rate runs equal the undiscounted totals; at 5 % they differ.
    assert_ne!(
        read(&d.join("zero/cost_effectiveness.csv")),
        read(&d.join("five/cost_effectiveness.csv"))
    );
}
