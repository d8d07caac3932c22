//! `huzhu compare` and the scenario library: common random numbers, the comparison files, and the
//! directions of pattern P7 (MODEL.md §1) in the library's scenarios.

mod common;
use common::*;

use std::ops::Range;
use std::path::{Path, PathBuf};

use huzhu::engine::{self, Run};
use huzhu::experiment::compare;
use huzhu::scenario::Scenario;

fn library(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.toml"))
}

#[test]
fn a_lever_from_year_5_differs_from_the_baseline_only_after_year_5() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", SMALL);
    write(
        dir.path(),
        "bank.toml",
        "extends = \"base.toml\"\n[levers.time_bank]\nstart_year = 5\n",
    );
    let o = huzhu(
        &["compare", "base.toml", "bank.toml", "--out", "out", "--quiet"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = rows_without_scenario(&read(&dir.path().join("out/timeseries.csv")));
    let (base, bank) = rows.split_at(rows.len() / 2);
    for ((month, a), (_, b)) in base.iter().zip(bank) {
        if *month < 60 {
            assert_eq!(a, b, "month {month}");
        }
    }
    assert!(base.iter().zip(bank).any(|((m, a), (_, b))| *m >= 60 && a != b));
    let comparison = read(&dir.path().join("out/comparison.csv"));
    assert!(comparison
        .starts_with("scenario,metric,mean,baseline_mean,diff,diff_ci_low,diff_ci_high,rel_change,significant,n\n"));
    let participation = comparison
        .lines()
        .find(|l| l.starts_with("bank,participation_rate,"))
        .unwrap();
    let diff: f64 = participation.split(',').nth(4).unwrap().parse().unwrap();
    assert!(diff > 0.0, "{participation}");
    let costs = read(&dir.path().join("out/cost_effectiveness.csv"));
    assert!(costs.lines().nth(1).unwrap().starts_with("bank,"), "{costs}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("participation_rate"));
}

#[test]
fn the_baseline_compared_with_itself_differs_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", SMALL);
    let o = huzhu(
        &["compare", "base.toml", "base.toml", "--out", "out", "--quiet"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let comparison = read(&dir.path().join("out/comparison.csv"));
    for line in comparison.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0], "base_2");
        assert_eq!(
            (cells[4], cells[5], cells[6], cells[8]),
            ("0", "0", "0", "false"),
            "{line}"
        );
    }
    let costs = read(&dir.path().join("out/cost_effectiveness.csv"));
    for perspective in ["public", "collective", "villagers_time", "societal"] {
        assert!(
            costs.contains(&format!("base_2,{perspective},0,0,n/a,,,0,n/a,,,0\n")),
            "{costs}"
        );
    }
}

#[test]
fn every_scenario_takes_the_baselines_run_section() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", SMALL);
    write(
        dir.path(),
        "long.toml",
        "[run]\nyears = 30\nreplicates = 9\n[villages]\ncount = 2\npopulation = { mean = 300, sd = 0, min = 100 }\n",
    );
    let o = huzhu(
        &["compare", "base.toml", "long.toml", "--out", "out", "--quiet"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = read(&dir.path().join("out/timeseries.csv"));
    assert_eq!(rows.lines().filter(|l| l.starts_with("long,")).count(), 2 * 7 * 12);
}

#[test]
fn a_bad_scenario_among_several_fails_before_any_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", SMALL);
    write(dir.path(), "good.toml", "extends = \"base.toml\"\n");
    write(
        dir.path(),
        "bad.toml",
        "extends = \"base.toml\"\n[levers.time_bank]\ngovernment_backing = 2\n",
    );
    let o = huzhu(
        &["compare", "base.toml", "good.toml", "bad.toml", "--out", "out"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml") && err.contains("levers.time_bank.government_backing"),
        "{err}"
    );
    assert!(!err.contains("villages done"), "a run started: {err}");
    assert!(!dir.path().join("out").exists());
}

/// The library's scenarios, smaller and shorter, with common random numbers.
fn run_library(names: &[&str]) -> Run {
    let mut scenarios: Vec<Scenario> = names.iter().map(|n| Scenario::load(&library(n)).unwrap()).collect();
    compare::align(&mut scenarios);
    for s in &mut scenarios {
        apply_sets(
            s,
            [
                "villages.count=8",
                "run.replicates=6",
                "run.years=12",
                "villages.population.mean=1000",
            ],
        );
    }
    engine::run(&scenarios, None, &()).unwrap()
}

/// Paired difference (scenario k − scenario 0) of a metric's mean over `months`, with its interval.
fn effect(run: &Run, k: usize, name: &str, months: Range<usize>) -> (f64, f64, f64) {
    paired_effect(&run.scenarios[0], &run.scenarios[k], name, months)
}

#[test]
fn the_paths_raise_participation_or_lower_unmet_need_and_outmigration_raises_it() {
    let names = [
        "baseline",
        "time_bank",
        "community_activities",
        "cadre_mobilisation",
        "training",
        "high_outmigration",
    ];
    let run = run_library(&names);
    let last = 132..144;
    for (k, name) in names.iter().enumerate().skip(1).take(4) {
        let (_, p_lo, _) = effect(&run, k, "participation_rate", last.clone());
        let (_, _, u_hi) = effect(&run, k, "unmet_rate", last.clone());
        assert!(
            p_lo > 0.0 || u_hi < 0.0,
            "{name}: neither participation rises nor unmet need falls"
        );
    }
    let (d, lo, _) = effect(&run, 5, "unmet_rate", last);
    assert!(lo > 0.0, "high_outmigration: unmet_rate changes by {d}");
}

#[test]
fn a_collapsed_time_bank_has_lower_identity_and_trust_in_the_year_after() {
    let run = run_library(&["time_bank", "time_bank_collapse"]);
    for name in ["mean_identity", "mean_trust"] {
        let (d, _, hi) = effect(&run, 1, name, 120..132);
        assert!(hi < 0.0, "{name} changes by {d} in the year after the collapse");
    }
}
