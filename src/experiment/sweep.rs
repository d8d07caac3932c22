//! `huzhu sweep` and `huzhu sensitivity`: designs turned into plans, run through the journaled runner,
//! then summarised per point or turned into sensitivity indices.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::Path;

use super::design::{self, Factor};
use super::plan::{self, Plan};
use super::sensitivity::{morris_indices, sobol_indices};
use crate::error::{Error, Result};
use crate::metrics::{metric, METRICS};
use crate::output::{fmt_num, write_atomically};
use crate::scenario::Scenario;
use crate::stats::summarize;

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

/// Where and how to run.
pub struct Execution<'a> {
    pub dir: &'a Path,
    pub threads: Option<usize>,
    pub quiet: bool,
    pub stop_after: Option<usize>,
}

fn factors(vary: &[String]) -> Result<Vec<Factor>> {
    if vary.is_empty() {
        return Err(Error::input(
            "--vary",
            None,
            "nothing to vary; allowed: one or more --vary KEY=LO:HI[:STEPS]",
        ));
    }
    let factors = vary.iter().map(|v| Factor::parse(v)).collect::<Result<Vec<_>>>()?;
    for (i, f) in factors.iter().enumerate() {
        if factors[..i].iter().any(|g| g.key == f.key) {
            return Err(Error::input(
                "--vary",
                Some(&f.key),
                "varied twice; allowed: each key once",
            ));
        }
    }
    Ok(factors)
}

fn unfinished(outcome: &plan::Outcome) -> String {
    format!(
        "{} of {} runs done; run the same command again to go on\n",
        outcome.done, outcome.total
    )
}

/// A parameter sweep: writes `sweep.csv` (one row per point × replicate) and `sweep_summary.csv`.
pub fn sweep(
    scenario: Scenario,
    vary: &[String],
    design: Design,
    samples: Option<usize>,
    how: &Execution,
) -> Result<String> {
    let factors = factors(vary)?;
    let seed = scenario.params().run.seed;
    let points = match design {
        Design::Grid => {
            let grid = design::grid(&factors);
            design::coarse_to_fine(grid.len())
                .into_iter()
                .map(|i| grid[i].clone())
                .collect()
        }
        Design::Lhs => {
            let n = samples.ok_or_else(|| {
                Error::input(
                    "--samples",
                    None,
                    "missing; allowed: --design lhs with --samples N (N ≥ 1)",
                )
            })?;
            design::latin_hypercube(factors.len(), n, &mut design::design_rng(seed))
        }
    };
    let plan = Plan::new("sweep", scenario, factors, points);
    let outcome = plan::execute(&plan, how.dir, "sweep.csv", how.threads, how.quiet, how.stop_after)?;
    let Some(file) = outcome.file else {
        return Ok(unfinished(&outcome));
    };
    write_point_summary(&plan, &file, how.dir)?;
    Ok(format!(
        "{} points × {} replicates: {} and sweep_summary.csv\n",
        plan.points.len(),
        plan.replicates,
        file.display()
    ))
}

/// `sweep_summary.csv`: per point and metric, mean, sd, 95 % interval and n over replicates. Streamed: rows
/// of a point are adjacent in the sweep file, and each point's lines go to disk as soon as they are made;
/// the file appears under its final name only when complete.
fn write_point_summary(plan: &Plan, file: &Path, dir: &Path) -> Result<()> {
    let tmp = dir.join(format!(".sweep_summary.csv.tmp-{}", std::process::id()));
    let mut writer = BufWriter::new(File::create(&tmp)?);
    let mut failed: Option<std::io::Error> = None;
    let mut out = String::from("point");
    for f in &plan.factors {
        out.push_str(&format!(",{}", f.key));
    }
    out.push_str(",metric,mean,sd,ci_low,ci_high,n\n");
    let mut current: Option<usize> = None;
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); METRICS.len()];
    let flush = |point: usize, values: &mut Vec<Vec<f64>>, out: &mut String| {
        let keys: String = plan
            .factors
            .iter()
            .zip(&plan.points[point])
            .map(|(f, &u)| format!(",{}", fmt_num(f.value(u))))
            .collect();
        for (m, v) in METRICS.iter().zip(values.iter_mut()) {
            let s = summarize(v);
            let (lo, hi) =
                s.ci.map_or((String::new(), String::new()), |(a, b)| (fmt_num(a), fmt_num(b)));
            let _ = writeln!(
                out,
                "{point}{keys},{},{},{},{lo},{hi},{}",
                m.name,
                fmt_num(s.mean),
                fmt_num(s.sd),
                s.n
            );
            v.clear();
        }
    };
    plan::read_rows(plan, file, |row| {
        if current.is_some_and(|p| p != row.point) {
            flush(current.unwrap_or(0), &mut values, &mut out);
            if let Err(e) = writer.write_all(out.as_bytes()) {
                failed.get_or_insert(e);
            }
            out.clear();
        }
        current = Some(row.point);
        for (v, x) in values.iter_mut().zip(&row.metrics) {
            v.push(*x);
        }
    })?;
    if let Some(p) = current {
        flush(p, &mut values, &mut out);
    }
    if let Some(e) = failed {
        return Err(e.into());
    }
    writer.write_all(out.as_bytes())?;
    writer.flush()?;
    drop(writer);
    std::fs::rename(&tmp, dir.join("sweep_summary.csv"))?;
    Ok(())
}

/// Mean over replicates of each point's final-year metric, for the metrics asked for.
fn point_means(plan: &Plan, file: &Path, metrics: &[usize]) -> Result<Vec<Vec<f64>>> {
    let mut sums = vec![vec![0.0; plan.points.len()]; metrics.len()];
    plan::read_rows(plan, file, |row| {
        for (s, &m) in sums.iter_mut().zip(metrics) {
            s[row.point] += row.metrics[m];
        }
    })?;
    let r = plan.replicates as f64;
    Ok(sums
        .into_iter()
        .map(|s| s.into_iter().map(|x| x / r).collect())
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
    let factors = factors(vary)?;
    if samples < 2 {
        return Err(Error::input(
            "--samples",
            None,
            format!("{samples}; allowed: a whole number from 2"),
        ));
    }
    let metrics: Vec<usize> = metric_names
        .iter()
        .map(|n| {
            METRICS.iter().position(|m| m.name == n.as_str()).ok_or_else(|| {
                Error::input(
                    "--metrics",
                    Some(n),
                    format!(
                        "unknown metric; allowed: {}",
                        METRICS.iter().map(|m| m.name).collect::<Vec<_>>().join(", ")
                    ),
                )
            })
        })
        .collect::<Result<_>>()?;
    let k = factors.len();
    let seed = scenario.params().run.seed;
    let mut rng = design::design_rng(seed);
    let (points, orders) = match method {
        Method::Morris => design::morris(k, samples, &mut rng),
        Method::Sobol => (design::saltelli(k, samples, &mut rng), Vec::new()),
    };
    let plan = Plan::new("sensitivity", scenario, factors, points);
    let outcome = plan::execute(
        &plan,
        how.dir,
        "sensitivity_runs.csv",
        how.threads,
        how.quiet,
        how.stop_after,
    )?;
    let Some(file) = outcome.file else {
        return Ok(unfinished(&outcome));
    };
    let outputs = point_means(&plan, &file, &metrics)?;
    let mut csv = String::from("method,metric,parameter,index,value,ci_low,ci_high\n");
    let mut table = String::new();
    for (y, &m) in outputs.iter().zip(&metrics) {
        let name = METRICS[m].name;
        let mut ranked: Vec<(String, f64, String)> = Vec::new();
        match method {
            Method::Morris => {
                for (f, idx) in plan.factors.iter().zip(morris_indices(k, &orders, y)) {
                    let _ = writeln!(csv, "morris,{name},{},mu_star,{},,", f.key, fmt_num(idx.mu_star));
                    let _ = writeln!(csv, "morris,{name},{},sigma,{},,", f.key, fmt_num(idx.sigma));
                    ranked.push((
                        f.key.clone(),
                        idx.mu_star,
                        format!("mu* {:>10.4}  sigma {:>10.4}", idx.mu_star, idx.sigma),
                    ));
                }
            }
            Method::Sobol => {
                let indices = sobol_indices(k, samples, y, 1000, &mut design::design_rng(seed ^ 1));
                for (f, idx) in plan.factors.iter().zip(indices) {
                    for (index, value, (lo, hi)) in [("S1", idx.first, idx.first_ci), ("ST", idx.total, idx.total_ci)] {
                        let _ = writeln!(
                            csv,
                            "sobol,{name},{},{index},{},{},{}",
                            f.key,
                            fmt_num(value),
                            fmt_num(lo),
                            fmt_num(hi)
                        );
                    }
                    ranked.push((
                        f.key.clone(),
                        idx.total,
                        format!(
                            "S1 {:>7.3} [{:.3} – {:.3}]  ST {:>7.3} [{:.3} – {:.3}]",
                            idx.first, idx.first_ci.0, idx.first_ci.1, idx.total, idx.total_ci.0, idx.total_ci.1
                        ),
                    ));
                }
            }
        }
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let zh = metric(name).map_or("", |m| m.zh);
        let _ = writeln!(table, "{name} ({zh}), most influential first:");
        for (rank, (key, _, text)) in ranked.iter().enumerate() {
            let _ = writeln!(table, "  {:>2}. {key:<42} {text}", rank + 1);
        }
    }
    write_atomically(how.dir, &[("sensitivity.csv", csv)])?;
    Ok(table)
}
