//! `huzhu sweep` and `huzhu sensitivity`: designs turned into plans, run through the journaled runner,
//! then summarised per point or turned into sensitivity indices.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use super::design::{self, Factor};
use super::plan::{self, Plan};
use super::sensitivity::{morris_indices, noise_share, sobol_indices, Estimate, TOO_WIDE};
use super::shards;
pub use super::shards::{Execution, Part};
use crate::cluster::shard;
use crate::error::{Error, Io, Result};
use crate::lang::{code_list, Text};
use crate::limits;
use crate::metrics::{metric, METRICS};
use crate::output::folder::OutputFolder;
use crate::output::{fmt_num, interval_cells, summary_cells, CsvText};
use crate::scenario::Scenario;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Design {
    Grid,
    Lhs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Morris,
    Sobol,
}

/// What running the plan gave: every run done (the folder and the final file in its staging area), or a
/// message instead (runs left to do, results already there, or a shard written).
enum Step {
    Done(OutputFolder, PathBuf),
    Stopped(String),
}

/// Claims the output folder and runs the plan (or the shard's part of it) into it; a merge first puts
/// the shards' runs into the folder's journal, so that nothing is left to run.
fn execute(plan: &Plan, final_name: &str, how: &Execution) -> Result<Step> {
    let mut folder = OutputFolder::claim(how.dir, how.force)?;
    let clock = shards::Clock::start();
    let (part, job) = match how.part {
        Part::Whole => (0..plan.runs(), None),
        Part::Shard(spec, command, results) => {
            let (job, block) = shards::shard_of(plan, spec, command);
            (block, Some((job, results)))
        }
        Part::Merge(merged) => {
            shards::merge_into(plan, merged, how.dir)?;
            (0..plan.runs(), None)
        }
    };
    let final_name = if job.is_some() { shard::RUNS } else { final_name };
    let outcome = plan::execute(
        plan,
        &mut folder,
        final_name,
        how.threads,
        how.console,
        how.stop_after,
        part,
    )?;
    if let Some(message) = not_run_now(&outcome, how) {
        return Ok(Step::Stopped(message));
    }
    let file = outcome.file.clone().unwrap_or_default();
    let Some((job, results)) = job else {
        return Ok(Step::Done(folder, file));
    };
    let message = shards::commit(plan, folder, &job, results, how, &clock, &outcome)?;
    Ok(Step::Stopped(message))
}

fn factors(vary: &[String]) -> Result<Vec<Factor>> {
    if vary.is_empty() {
        return Err(Error::input(
            "--vary",
            None,
            text!(
                "nothing to vary; allowed: one or more --vary KEY=LO:HI[:STEPS]",
                "没有要变动的参数；允许：一个或多个 --vary 键=下限:上限[:步数]"
            ),
        ));
    }
    let factors = vary.iter().map(|v| Factor::parse(v)).collect::<Result<Vec<_>>>()?;
    for (i, f) in factors.iter().enumerate() {
        if factors[..i].iter().any(|g| g.key == f.key) {
            return Err(Error::input(
                "--vary",
                Some(&f.key),
                text!("varied twice; allowed: each key once", "变动了两次；允许：每个键一次"),
            ));
        }
    }
    Ok(factors)
}

/// What to print when the plan is not finished now: runs left, or finished by an earlier command.
fn not_run_now(outcome: &plan::Outcome, how: &Execution) -> Option<String> {
    let (done, total, dir, lang) = (outcome.done, outcome.total, how.dir.display(), how.console.lang);
    if outcome.finished_before {
        return Some(lang.either(
            format!("complete: {dir} already holds the results of this command ({total} runs); nothing was run\n"),
            format!("已完成：{dir} 已有这条命令的结果（{total} 次运行）；未运行任何模拟\n"),
        ));
    }
    outcome.file.is_none().then(|| {
        lang.either(
            format!("{done} of {total} runs done; run the same command again to go on\n"),
            format!("{total} 次运行已完成 {done} 次；再次运行同一命令即可继续\n"),
        )
    })
}

/// The reference point of a sweep in the unit cube: each varied key at the value `--reference` gives it,
/// or at the scenario's own value.
fn reference_point(scenario: &Scenario, factors: &[Factor], reference: &[String]) -> Result<Vec<f64>> {
    let mut values: Vec<f64> = factors
        .iter()
        .map(|f| match scenario.values().get(&f.key) {
            Some(crate::scenario::declare::Value::Float(x)) => *x,
            Some(crate::scenario::declare::Value::Int(i)) => *i as f64,
            _ => f.lo,
        })
        .collect();
    for r in reference {
        let bad = |key: Option<&str>, m: Text| Error::input("--reference", key, m);
        let (key, text) = r
            .split_once('=')
            .ok_or_else(|| bad(None, text!("`{r}` is not KEY=VALUE", "`{r}` 不是 键=值 的形式")))?;
        let k = factors.iter().position(|f| f.key == key.trim()).ok_or_else(|| {
            let varied = code_list(factors.iter().map(|f| f.key.as_str()));
            bad(
                Some(key.trim()),
                text!("not varied; allowed: the varied keys ", "未被变动；允许：被变动的键 ").then("", "", &varied),
            )
        })?;
        values[k] = text.trim().parse().map_err(|_| {
            let text = text.trim();
            bad(Some(key.trim()), text!("`{text}` is not a number", "`{text}` 不是数值"))
        })?;
    }
    Ok(factors.iter().zip(values).map(|(f, x)| f.unit(x)).collect())
}

/// A parameter sweep: writes `sweep.csv` (one row per point × replicate), `sweep_summary.csv` and
/// `sweep_effects.csv` (each point's paired difference from the reference point).
pub fn sweep(
    scenario: Scenario,
    vary: &[String],
    design: Design,
    samples: Option<usize>,
    reference: &[String],
    yearly: bool,
    how: &Execution,
) -> Result<String> {
    let factors = factors(vary)?;
    let reference = reference_point(&scenario, &factors, reference)?;
    let seed = scenario.params().run.seed;
    let replicates = scenario.params().run.replicates;
    let points = match design {
        Design::Grid => {
            if let Some(n) = samples {
                return Err(Error::input(
                    "--samples",
                    None,
                    text!(
                        "{n} with a grid, whose points come from the STEPS of each --vary; allowed: --samples with --design lhs",
                        "网格设计下为 {n}，而网格的点由各 --vary 的步数决定；允许：--samples 与 --design lhs 同用"
                    ),
                ));
            }
            let points = factors.iter().fold(1u64, |n, f| n.saturating_mul(f.steps as u64));
            limits::check_plan(points, replicates, how.force)?;
            let grid = design::grid(&factors);
            design::coarse_to_fine(grid.len())
                .into_iter()
                .map(|i| grid[i].clone())
                .collect()
        }
        Design::Lhs => {
            let n = samples.filter(|&n| n >= 1).ok_or_else(|| {
                Error::input(
                    "--samples",
                    None,
                    match samples {
                        Some(n) => text!(
                            "{n}; allowed: --design lhs with --samples N (N ≥ 1)",
                            "{n}；允许：--design lhs 与 --samples N（N ≥ 1）同用"
                        ),
                        None => text!(
                            "missing; allowed: --design lhs with --samples N (N ≥ 1)",
                            "缺失；允许：--design lhs 与 --samples N（N ≥ 1）同用"
                        ),
                    },
                )
            })?;
            limits::check_plan(n as u64, replicates, how.force)?;
            design::latin_hypercube(factors.len(), n, &mut design::design_rng(seed))
        }
    };
    let mut points: Vec<Vec<f64>> = points;
    // The reference runs last (a design point when it is one), on the same replicate seeds.
    let values = |p: &[f64]| -> Vec<f64> { factors.iter().zip(p).map(|(f, &u)| f.value(u)).collect() };
    let reference_at = match points.iter().position(|p| values(p) == values(&reference)) {
        Some(k) => k,
        None => {
            points.push(reference);
            points.len() - 1
        }
    };
    let mut plan = Plan::new("sweep", scenario, factors, points);
    plan.yearly = yearly;
    let (mut folder, file) = match execute(&plan, "sweep.csv", how)? {
        Step::Done(folder, file) => (folder, file),
        Step::Stopped(message) => return Ok(message),
    };
    write_point_summary(&plan, &file, reference_at, &mut folder)?;
    folder.commit(&format!("plan: {}\n", plan.fingerprint()))?;
    Ok(format!(
        "{} points × {} replicates: {}, sweep_summary.csv{} and sweep_effects.csv (against point {reference_at})\n",
        plan.points.len(),
        plan.replicates,
        how.dir.join("sweep.csv").display(),
        if plan.yearly { ", sweep_yearly.csv" } else { "" }
    ))
}

/// `sweep_summary.csv` (per point and metric: mean, sd, 95 % interval and n over replicates) and
/// `sweep_effects.csv` (per point and metric: the paired difference from the reference point over
/// replicates, with its 95 % interval), both in the order of the parameter values. Streamed: the points
/// are read one at a time from the sweep file and their lines go to disk at once.
fn write_point_summary(plan: &Plan, file: &Path, reference: usize, folder: &mut OutputFolder) -> Result<()> {
    let open = |folder: &mut OutputFolder, name: &str| -> Result<(BufWriter<File>, std::path::PathBuf)> {
        let path = folder.staged_path(name)?;
        let file = File::create(&path).map_err(|e| Error::io(Io::Write, &path, &e))?;
        Ok((BufWriter::new(file), path))
    };
    let (mut summary, summary_path) = open(folder, "sweep_summary.csv")?;
    let (mut effects, effects_path) = open(folder, "sweep_effects.csv")?;
    let mut yearly = if plan.yearly {
        Some(open(folder, "sweep_yearly.csv")?)
    } else {
        None
    };
    let keys: Vec<String> = plan.factors.iter().map(|f| f.key.clone()).collect();
    let mut head = CsvText::default();
    head.row(
        ["point".to_string()]
            .into_iter()
            .chain(keys.iter().cloned())
            .chain(["metric", "mean", "sd", "ci_low", "ci_high", "n"].map(String::from)),
    )?;
    let mut effects_head = CsvText::default();
    effects_head.row(
        ["point".to_string(), "reference".into()]
            .into_iter()
            .chain(keys.iter().cloned())
            .chain(
                [
                    "metric",
                    "mean",
                    "reference_mean",
                    "diff",
                    "diff_ci_low",
                    "diff_ci_high",
                    "n",
                ]
                .map(String::from),
            ),
    )?;
    let write = |w: &mut BufWriter<File>, path: &Path, text: String| {
        w.write_all(text.as_bytes()).map_err(|e| Error::io(Io::Write, path, &e))
    };
    write(&mut summary, &summary_path, head.finish()?)?;
    write(&mut effects, &effects_path, effects_head.finish()?)?;
    if let Some((w, path)) = yearly.as_mut() {
        let mut h = CsvText::default();
        h.row(
            ["point".to_string()]
                .into_iter()
                .chain(keys.iter().cloned())
                .chain(["year", "metric", "mean", "sd", "ci_low", "ci_high", "n"].map(String::from)),
        )?;
        write(w, path, h.finish()?)?;
    }
    let first_year = plan.scenario.params().run.first_year;
    let values = |point: usize| -> Vec<f64> {
        plan.factors
            .iter()
            .zip(&plan.points[point])
            .map(|(f, &u)| f.value(u))
            .collect()
    };
    let mut order: Vec<usize> = (0..plan.points.len()).collect();
    order.sort_by(|&a, &b| {
        values(a)
            .iter()
            .zip(values(b))
            .map(|(x, y)| x.total_cmp(&y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let mut base: Vec<Vec<f64>> = Vec::new();
    plan::read_points_in(plan, file, &[reference], |_, rows| {
        base = by_replicate(plan, rows);
        Ok(())
    })?;
    plan::read_points_in(plan, file, &order, |point, rows| {
        let cells: Vec<String> = values(point).into_iter().map(fmt_num).collect();
        if let Some((w, path)) = yearly.as_mut() {
            let mut y = CsvText::default();
            let width = rows.first().map_or(0, |r| r.yearly.len());
            for year in 0..width / METRICS.len() {
                for (k, m) in METRICS.iter().enumerate() {
                    let at = year * METRICS.len() + k;
                    let xs: Vec<f64> = rows
                        .iter()
                        .map(|r| r.yearly.get(at).copied().unwrap_or(f64::NAN))
                        .collect();
                    let mut row = vec![point.to_string()];
                    row.extend(cells.iter().cloned());
                    row.extend([(first_year + year as i64).to_string(), m.name.to_string()]);
                    row.extend(summary_cells(&m.summarize(&xs)));
                    y.row(&row)?;
                }
            }
            write(w, path, y.finish()?)?;
        }
        let runs = by_replicate(plan, rows);
        let (mut s, mut e) = (CsvText::default(), CsvText::default());
        for (k, m) in METRICS.iter().enumerate() {
            let mine: Vec<f64> = runs.iter().map(|r| r[k]).collect();
            let sum = m.summarize(&mine);
            let mut row = vec![point.to_string()];
            row.extend(cells.iter().cloned());
            row.push(m.name.to_string());
            row.extend(summary_cells(&sum));
            s.row(&row)?;
            let theirs: Vec<f64> = base.iter().map(|r| r[k]).collect();
            let diffs: Vec<f64> = mine.iter().zip(&theirs).map(|(a, b)| a - b).collect();
            let d = crate::stats::summarize(&diffs);
            let (lo, hi) = interval_cells(d.ci);
            e.row(
                [point.to_string(), u8::from(point == reference).to_string()]
                    .into_iter()
                    .chain(cells.iter().cloned())
                    .chain([
                        m.name.to_string(),
                        fmt_num(sum.mean),
                        fmt_num(crate::stats::summarize(&theirs).mean),
                        fmt_num(d.mean),
                        lo,
                        hi,
                        d.n.to_string(),
                    ]),
            )?;
        }
        write(&mut summary, &summary_path, s.finish()?)?;
        write(&mut effects, &effects_path, e.finish()?)
    })?;
    let mut all = vec![(summary, summary_path), (effects, effects_path)];
    all.extend(yearly);
    for (mut w, path) in all {
        w.flush().map_err(|e| Error::io(Io::Write, &path, &e))?;
    }
    Ok(())
}

/// A point's runs as metric rows indexed by replicate (missing where a replicate has no row).
fn by_replicate(plan: &Plan, rows: Vec<plan::RunRow>) -> Vec<Vec<f64>> {
    let mut runs = vec![vec![f64::NAN; METRICS.len()]; plan.replicates as usize];
    for r in rows {
        if let Some(slot) = runs.get_mut(r.replicate as usize) {
            *slot = r.metrics;
        }
    }
    runs
}

/// Per metric and design point, over its replicates: the mean, the variance (n − 1) and the number of
/// replicates with a value.
struct PointStats {
    means: Vec<f64>,
    within: Vec<f64>,
    counts: Vec<u32>,
}

fn point_stats(plan: &Plan, file: &Path, metrics: &[usize]) -> Result<Vec<PointStats>> {
    // Sums of values and of squares, and counts, per metric and point.
    let mut sums = vec![vec![(0.0, 0.0, 0u32); plan.points.len()]; metrics.len()];
    plan::read_rows(plan, file, |row| {
        for (s, &m) in sums.iter_mut().zip(metrics) {
            let x = row.metrics[m];
            if !x.is_nan() {
                let cell = &mut s[row.point];
                cell.0 += x;
                cell.1 += x * x;
                cell.2 += 1;
            }
        }
    })?;
    Ok(sums
        .into_iter()
        .map(|s| {
            let means = s
                .iter()
                .map(|&(sum, _, n)| if n == 0 { f64::NAN } else { sum / n as f64 })
                .collect();
            let within = s
                .iter()
                .map(|&(sum, squares, n)| {
                    if n < 2 {
                        f64::NAN
                    } else {
                        ((squares - sum * sum / n as f64) / (n - 1) as f64).max(0.0)
                    }
                })
                .collect();
            PointStats {
                means,
                within,
                counts: s.iter().map(|c| c.2).collect(),
            }
        })
        .collect())
}

/// Global sensitivity analysis: writes `sensitivity_runs.csv` and `sensitivity.csv`, returns the ranked
/// table.
pub fn sensitivity(
    scenario: Scenario,
    vary: &[String],
    method: Method,
    samples: usize,
    metric_names: &[String],
    how: &Execution,
) -> Result<String> {
    if let Some(v) = vary
        .iter()
        .find(|v| v.split_once('=').is_some_and(|(_, r)| r.split(':').count() > 2))
    {
        return Err(Error::input(
            "--vary",
            None,
            text!(
                "`{v}` has STEPS, which a sensitivity analysis does not use (its design places the points); allowed: KEY=LO:HI",
                "`{v}` 带有步数，而敏感性分析不使用步数（由其设计确定取点）；允许：键=下限:上限"
            ),
        ));
    }
    let factors = factors(vary)?;
    if samples < 2 {
        return Err(Error::input(
            "--samples",
            None,
            text!(
                "{samples}; allowed: a whole number from 2",
                "{samples}；允许：不小于 2 的整数"
            ),
        ));
    }
    let metrics: Vec<usize> = metric_names
        .iter()
        .map(|n| {
            METRICS.iter().position(|m| m.name == n.as_str()).ok_or_else(|| {
                let names = code_list(METRICS.iter().map(|m| m.name));
                Error::input(
                    "--metrics",
                    Some(n),
                    text!("unknown metric; allowed: ", "未知的指标；允许：").then("", "", &names),
                )
            })
        })
        .collect::<Result<_>>()?;
    let k = factors.len();
    let per_sample = match method {
        Method::Morris => k as u64 + 1,
        Method::Sobol => k as u64 + 2,
    };
    limits::check_plan(
        (samples as u64).saturating_mul(per_sample),
        scenario.params().run.replicates,
        how.force,
    )?;
    let seed = scenario.params().run.seed;
    let mut rng = design::design_rng(seed);
    let (points, orders) = match method {
        Method::Morris => design::morris(k, samples, &mut rng),
        Method::Sobol => (design::saltelli(k, samples, &mut rng), Vec::new()),
    };
    let plan = Plan::new("sensitivity", scenario, factors, points);
    let (mut folder, file) = match execute(&plan, "sensitivity_runs.csv", how)? {
        Step::Done(folder, file) => (folder, file),
        Step::Stopped(message) => return Ok(message),
    };
    let stats = point_stats(&plan, &file, &metrics)?;
    let mut csv = CsvText::default();
    csv.row(["method", "metric", "parameter", "index", "value", "ci_low", "ci_high"])?;
    let mut table = String::new();
    let method_name = match method {
        Method::Morris => "morris",
        Method::Sobol => "sobol",
    };
    for (st, &m) in stats.iter().zip(&metrics) {
        let y = &st.means;
        let name = METRICS[m].name;
        let mut ranked: Vec<(String, f64, String)> = Vec::new();
        let mut widest: f64 = 0.0;
        let row = |csv: &mut CsvText, key: &str, index: &str, e: &Estimate| {
            let cells = [fmt_num(e.value), fmt_num(e.ci.0), fmt_num(e.ci.1)];
            csv.row([method_name, name, key, index, &cells[0], &cells[1], &cells[2]])
        };
        match method {
            Method::Morris => {
                let indices = morris_indices(k, &orders, y, 1000, &mut design::design_rng(seed ^ 2));
                for (f, idx) in plan.factors.iter().zip(indices) {
                    for (index, e) in [("mu", &idx.mu), ("mu_star", &idx.mu_star), ("sigma", &idx.sigma)] {
                        row(&mut csv, &f.key, index, e)?;
                    }
                    ranked.push((
                        f.key.clone(),
                        idx.mu_star.value,
                        format!(
                            "mu {:>+9.4}  mu* {:>9.4} [{:.4} – {:.4}]  sigma {:>9.4}",
                            idx.mu.value, idx.mu_star.value, idx.mu_star.ci.0, idx.mu_star.ci.1, idx.sigma.value
                        ),
                    ));
                }
            }
            Method::Sobol => {
                let indices = sobol_indices(k, samples, y, 1000, &mut design::design_rng(seed ^ 1));
                for (f, idx) in plan.factors.iter().zip(indices) {
                    for (index, e) in [("S1", &idx.first), ("ST", &idx.total)] {
                        row(&mut csv, &f.key, index, e)?;
                        widest = widest.max(e.ci.1 - e.ci.0);
                    }
                    ranked.push((
                        f.key.clone(),
                        idx.total.value,
                        format!(
                            "S1 {:>7.3} [{:.3} – {:.3}]  ST {:>7.3} [{:.3} – {:.3}]",
                            idx.first.value,
                            idx.first.ci.0,
                            idx.first.ci.1,
                            idx.total.value,
                            idx.total.ci.0,
                            idx.total.ci.1
                        ),
                    ));
                }
            }
        }
        let noise = noise_share(y, &st.within, &st.counts);
        csv.row([method_name, name, "", "noise_share", &fmt_num(noise), "", ""])?;
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let zh = metric(name).map_or("", |m| m.zh);
        let _ = writeln!(table, "{name} ({zh}), most influential first:");
        for (rank, (key, _, text)) in ranked.iter().enumerate() {
            let _ = writeln!(table, "  {:>2}. {key:<42} {text}", rank + 1);
        }
        if !noise.is_nan() {
            let _ = writeln!(
                table,
                "  replicate noise: {:.1} % of the variance of the point means (重复运行噪声占比)",
                100.0 * noise
            );
        }
        if widest > TOO_WIDE {
            let _ = writeln!(
                table,
                "  too few samples to rank: the widest 95 % interval spans {widest:.2} (above {TOO_WIDE}); run more --samples (样本量不足，指数不可解读)"
            );
        }
    }
    folder.write("sensitivity.csv", &csv.finish()?)?;
    folder.commit(&format!("plan: {}\n", plan.fingerprint()))?;
    Ok(table)
}
