//! Sizes checked before anything runs: what a command would hold in memory, write to disk or run, from
//! its plan alone. Beyond a hard limit it is refused; beyond a soft one it needs `--force`.

use crate::error::{Error, Result};
use crate::lang::Text;
use crate::metrics::{Counters, METRICS};
use crate::scenario::Scenario;

/// The months' totals of every replicate are held until the end of a run.
const MEMORY_LIMIT: u64 = 8 << 30;
/// `timeseries.csv` and `summary.csv` together: above this, `--force`; above the hard limit, never.
const OUTPUT_SOFT_LIMIT: u64 = 10 << 30;
const OUTPUT_HARD_LIMIT: u64 = 1 << 40;
/// Bytes of a row of `timeseries.csv` (a number of about ten characters per metric) and of `summary.csv`.
const TIMESERIES_ROW: u64 = 30 + 10 * METRICS.len() as u64;
const SUMMARY_ROW: u64 = 70;
/// Files of results by subgroup and snapshots: a few GB at most.
const OBSERVATION_OUTPUT_LIMIT: u64 = 4 << 30;
/// Points of a sweep or sensitivity design, and runs of its plan.
const POINTS_LIMIT: u64 = 1_000_000;
const RUNS_SOFT_LIMIT: u64 = 1_000_000;
const THREADS_LIMIT: usize = 1024;

fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
}

fn too_large(what: &str, message: Text) -> Error {
    Error::input(what, None, message)
}

/// Memory and output of running these scenarios together (run, compare).
pub fn check_run(scenarios: &[Scenario], force: bool) -> Result<()> {
    let (mut memory, mut output) = (0u64, 0u64);
    for s in scenarios {
        let p = s.params();
        let (replicates, months) = (u64::from(p.run.replicates), u64::from(p.months()));
        memory = memory.saturating_add(replicates * months * std::mem::size_of::<Counters>() as u64);
        output = output
            .saturating_add(replicates * months * TIMESERIES_ROW)
            .saturating_add(months * METRICS.len() as u64 * SUMMARY_ROW);
    }
    if memory > MEMORY_LIMIT {
        return Err(too_large(
            "run.replicates",
            text!(
                "the monthly totals of every replicate would take about {used} of memory; allowed: at most {limit} (fewer replicates or years)",
                "各次重复运行的月度合计约需 {used} 内存；允许：至多 {limit}（减少重复运行次数或年数）",
                used = gib(memory),
                limit = gib(MEMORY_LIMIT)
            ),
        ));
    }
    if output > OUTPUT_HARD_LIMIT || (output > OUTPUT_SOFT_LIMIT && !force) {
        let allowed = if output > OUTPUT_HARD_LIMIT {
            text!("at most {}", "至多 {}", gib(OUTPUT_HARD_LIMIT))
        } else {
            text!("{} without --force", "不加 --force 时至多 {}", gib(OUTPUT_SOFT_LIMIT))
        };
        let size = gib(output);
        return Err(too_large(
            "run.replicates",
            text!(
                "timeseries.csv and summary.csv would take about {size}; allowed: ",
                "timeseries.csv 和 summary.csv 约需 {size}；允许："
            )
            .then("", "", &allowed),
        ));
    }
    Ok(())
}

/// What looking inside the villages (`--by`, `--network`, `--snapshot`) would hold in memory and write:
/// beyond the limits it is refused before the run, with the estimate.
pub fn check_observation(memory: u64, output: u64) -> Result<()> {
    if memory > MEMORY_LIMIT {
        return Err(too_large(
            "--by/--snapshot",
            text!(
                "the results by subgroup and the snapshots would take about {used} of memory; allowed: at most {limit} (fewer dimensions, replicates, snapshot years or villages)",
                "分组结果和快照约需 {used} 内存；允许：至多 {limit}（减少分组维度、重复运行次数、快照年份或村庄）",
                used = gib(memory),
                limit = gib(MEMORY_LIMIT)
            ),
        ));
    }
    if output > OBSERVATION_OUTPUT_LIMIT {
        return Err(too_large(
            "--by/--snapshot",
            text!(
                "groups.csv and the snapshots would take about {used}; allowed: at most {limit} (fewer dimensions, replicates, snapshot years or villages)",
                "groups.csv 和快照约需 {used}；允许：至多 {limit}（减少分组维度、重复运行次数、快照年份或村庄）",
                used = gib(output),
                limit = gib(OBSERVATION_OUTPUT_LIMIT)
            ),
        ));
    }
    Ok(())
}

/// A design of `points` points with `replicates` each.
pub fn check_plan(points: u64, replicates: u32, force: bool) -> Result<()> {
    if points > POINTS_LIMIT {
        return Err(too_large(
            "--vary",
            text!(
                "the design would have {points} points; allowed: at most {POINTS_LIMIT} (fewer STEPS or --samples)",
                "试验设计将有 {points} 个点；允许：至多 {POINTS_LIMIT} 个（减少 STEPS 或 --samples）"
            ),
        ));
    }
    let runs = points.saturating_mul(u64::from(replicates));
    if runs > RUNS_SOFT_LIMIT && !force {
        return Err(too_large(
            "--replicates",
            text!(
                "the plan would make {runs} runs; allowed: {RUNS_SOFT_LIMIT} without --force",
                "该计划将运行 {runs} 次；允许：不加 --force 时至多 {RUNS_SOFT_LIMIT} 次"
            ),
        ));
    }
    Ok(())
}

/// `--threads`: from 1 to a sane number of worker threads.
pub fn check_threads(threads: Option<usize>) -> Result<()> {
    match threads {
        Some(t) if t == 0 || t > THREADS_LIMIT => Err(Error::input(
            "--threads",
            None,
            text!(
                "{t} threads; allowed: a whole number from 1 to {THREADS_LIMIT}",
                "{t} 个线程；允许：1 至 {THREADS_LIMIT} 的整数"
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_refused_past_its_limits_and_a_large_one_asks_for_force() {
        assert!(check_plan(1_000, 10, false).is_ok());
        assert!(check_plan(1_000_000_000, 1, true).is_err());
        let large = check_plan(500_000, 10, false).unwrap_err().to_string();
        assert!(large.contains("5000000 runs") && large.contains("--force"), "{large}");
        assert!(check_plan(500_000, 10, true).is_ok());
    }

    #[test]
    fn a_run_whose_totals_would_not_fit_in_memory_is_refused_with_the_estimate() {
        let mut s = Scenario::builtin_baseline();
        s.set("run.replicates=100000", "--replicates").unwrap();
        s.set("run.years=200", "--years").unwrap();
        let e = check_run(&[s], true).unwrap_err().to_string();
        assert!(e.contains("GiB of memory") && e.contains("at most 8.0 GiB"), "{e}");
        assert!(check_run(&[Scenario::builtin_baseline()], false).is_ok());
    }
}
