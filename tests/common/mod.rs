//! Helpers for the integration tests: run the binary, write scenario files.

#![allow(dead_code)]

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use huzhu::scenario::Scenario;

pub fn huzhu(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huzhu"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// Applies each `KEY=VALUE` to the scenario as `--set` would.
pub fn apply_sets<S: AsRef<str>>(s: &mut Scenario, sets: impl IntoIterator<Item = S>) {
    for set in sets {
        s.set(set.as_ref(), "--set").unwrap();
    }
}

/// The built-in baseline with each `KEY=VALUE` applied.
pub fn baseline_with<S: AsRef<str>>(sets: impl IntoIterator<Item = S>) -> Scenario {
    let mut s = Scenario::builtin_baseline();
    apply_sets(&mut s, sets);
    s
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A small scenario: a few villages, a few years, two replicates.
pub const SMALL: &str = "
[run]
years = 7
replicates = 2
seed = 11

[villages]
count = 4
population = { mean = 500, sd = 100, min = 200 }
";

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of a timeseries.csv without the scenario column, by month.
pub fn rows_without_scenario(csv: &str) -> Vec<(u32, String)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let rest = l.split_once(',').unwrap().1;
            let month: u32 = rest.split(',').nth(2).unwrap().parse().unwrap();
            (month, rest.to_string())
        })
        .collect()
}

/// The paired differences (other − base) across replicates of a metric's mean over `months`: the mean
/// difference and its 95 % interval.
pub fn paired_effect(
    base: &huzhu::engine::ScenarioRun,
    other: &huzhu::engine::ScenarioRun,
    name: &str,
    months: Range<usize>,
) -> (f64, f64, f64) {
    let m = huzhu::metrics::metric(name).unwrap();
    paired_effect_of(base, other, months, |c| m.value(c))
}

/// The paired differences (other − base) across replicates of any quantity of the month's counters,
/// averaged over `months`: the mean difference and its 95 % interval.
pub fn paired_effect_of(
    base: &huzhu::engine::ScenarioRun,
    other: &huzhu::engine::ScenarioRun,
    months: Range<usize>,
    value: impl Fn(&huzhu::metrics::Counters) -> f64,
) -> (f64, f64, f64) {
    let mean =
        |r: &huzhu::engine::Replicate| months.clone().map(|k| value(&r.months[k])).sum::<f64>() / months.len() as f64;
    let diffs: Vec<f64> = base
        .replicates
        .iter()
        .zip(&other.replicates)
        .map(|(a, b)| mean(b) - mean(a))
        .collect();
    let s = huzhu::stats::summarize(&diffs);
    let (lo, hi) = s.ci.unwrap();
    (s.mean, lo, hi)
}
