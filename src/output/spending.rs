//! `spending.csv`: money as a planner reads it. Per scenario, calendar year and lever, the yuan spent in
//! the year and cumulated since the start, with their 95 % intervals over replicates; public money by
//! lever and in total, and the village collective's dividend (off-budget) apart.

use super::{fmt_num, interval_cells, CsvText};
use crate::engine::{Run, ScenarioRun};
use crate::error::Result;
use crate::metrics::Counters;
use crate::scenario::levers::LEVER_NAMES;
use crate::stats::summarize;

/// What a row of `spending.csv` adds up: its lever, its budget, and its thousandths of a yuan in a month.
struct Line {
    lever: &'static str,
    budget: &'static str,
    milliyuan: Box<dyn Fn(&Counters) -> u64>,
}

/// The lines of a scenario: each lever that spent anything in any replicate, then the public total and
/// the collective's dividend.
fn lines(s: &ScenarioRun) -> Vec<Line> {
    let spent = |f: &dyn Fn(&Counters) -> u64| s.replicates.iter().flat_map(|r| &r.months).any(|m| f(m) > 0);
    let mut lines: Vec<Line> = (0..LEVER_NAMES.len())
        .filter(|&l| spent(&|m: &Counters| m.public_by_lever[l]))
        .map(|l| Line {
            lever: LEVER_NAMES[l],
            budget: "public",
            milliyuan: Box::new(move |m: &Counters| m.public_by_lever[l]),
        })
        .collect();
    lines.push(Line {
        lever: "total",
        budget: "public",
        milliyuan: Box::new(|m: &Counters| m.public_milliyuan),
    });
    if spent(&|m: &Counters| m.offbudget_milliyuan) {
        lines.push(Line {
            lever: "collective_dividend",
            budget: "collective",
            milliyuan: Box::new(|m: &Counters| m.offbudget_milliyuan),
        });
    }
    lines
}

pub fn spending_csv(run: &Run) -> Result<String> {
    let mut w = CsvText::default();
    w.row([
        "scenario",
        "year",
        "lever",
        "budget",
        "yuan_year",
        "yuan_year_ci_low",
        "yuan_year_ci_high",
        "cumulative_yuan",
        "cumulative_ci_low",
        "cumulative_ci_high",
        "n",
    ])?;
    for s in &run.scenarios {
        let years = (s.params.months() as usize).div_ceil(12);
        for line in lines(s) {
            // Per replicate: yuan in each year, and since the start.
            let by_year: Vec<Vec<f64>> = s
                .replicates
                .iter()
                .map(|r| {
                    r.months
                        .chunks(12)
                        .map(|year| year.iter().map(|m| (line.milliyuan)(m)).sum::<u64>() as f64 / 1000.0)
                        .collect()
                })
                .collect();
            let mut cumulative = vec![0.0; by_year.len()];
            for y in 0..years {
                let year: Vec<f64> = by_year.iter().map(|r| r[y]).collect();
                for (c, x) in cumulative.iter_mut().zip(&year) {
                    *c += x;
                }
                let (a, b) = (summarize(&year), summarize(&cumulative));
                let (alo, ahi) = interval_cells(a.ci);
                let (blo, bhi) = interval_cells(b.ci);
                w.row([
                    s.scenario.name.clone(),
                    (s.params.run.first_year + y as i64).to_string(),
                    line.lever.to_string(),
                    line.budget.to_string(),
                    fmt_num(a.mean),
                    alo,
                    ahi,
                    fmt_num(b.mean),
                    blo,
                    bhi,
                    a.n.to_string(),
                ])?;
            }
        }
    }
    w.finish()
}
