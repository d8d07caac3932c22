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

/// The English words left in a Chinese message: what is neither code or the user's own text (between
/// backticks or “ ”, or with a dot, underscore, slash, `=` or digit: files, keys, options, values), nor a
/// format's or program's name, nor the original words of a parser quoted after 解析器原文 or 系统信息.
pub fn english_left(message: &str) -> Vec<String> {
    const NAMES: &[&str] = &[
        "TOML",
        "CSV",
        "UTF",
        "JSON",
        "MiB",
        "MB",
        "GiB",
        "huzhu",
        "true",
        "false",
        "Excel",
        "KEY",
        "LO",
        "HI",
        "STEPS",
        "K",
        "N",
        "lhs",
        "slurm",
        "sbatch",
        "all",
        "en",
        "zh",
        "run",
        "compare",
        "sweep",
        "sensitivity",
        "fit",
        "allocate",
        "merge",
        "check",
        "survey",
        "calibrate",
        "effects",
    ];
    let mut text = message.to_string();
    while let (Some(open), Some(close)) = (text.find('“'), text.rfind('”')) {
        if close < open {
            break;
        }
        text.replace_range(open..close + '”'.len_utf8(), " ");
    }
    let mut text: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    for mark in ["解析器原文：", "系统信息："] {
        while let Some(at) = text.find(mark) {
            let end = text[at..].find('）').map_or(text.len(), |e| at + e);
            text.replace_range(at..end, "");
        }
    }
    text.split(|c: char| c.is_whitespace() || !c.is_ascii() || ",;:()[]{}\"'“”!?|+×…–—".contains(c))
        .filter(|w| !w.is_empty())
        .filter(|w| !w.contains(|c: char| c.is_ascii_digit() || "._/=-\\*%#~<>".contains(c)))
        .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !NAMES.contains(w))
        .map(String::from)
        .collect()
}

/// A refusal in Chinese: exit code 2, one `错误：` message holding `words`, and no English words left.
pub fn refused_in_chinese(o: &Output, words: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.starts_with("错误："), "{err}");
    for w in words {
        assert!(err.contains(w), "message lacks `{w}`: {err}");
    }
    let left = english_left(&err);
    assert!(left.is_empty(), "English left {left:?} in: {err}");
}
