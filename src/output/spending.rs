//! `spending.csv`: money as a planner reads it. Per scenario, calendar year and cost item (a lever's
//! running cost, a home's construction, a time bank's set-up and reserve, …), the yuan spent in the
//! year and cumulated since the start, nominal and at present value (`costs.discount_rate`), with
//! their 95 % intervals over replicates; then totals: public one-off, public running and all public
//! money, the collective's dividend, the villagers' time, and the societal cost.

use super::{fmt_num, interval_cells, CsvText};
use crate::costs::{discount, items, priced_years, Perspective};
use crate::engine::{Run, ScenarioRun};
use crate::error::Result;
use crate::stats::summarize;

/// A row of `spending.csv`: what it names, and the weight of each item (in the order of `items()`) in it.
pub struct Line {
    pub lever: &'static str,
    pub item: &'static str,
    pub kind: &'static str,
    pub budget: &'static str,
    pub weights: Vec<f64>,
}

/// The lines of a scenario: each item that cost anything in any replicate, then the public totals
/// (one-off, running, all), and the collective, villagers' time and societal totals when they are not
/// zero. `yuan[r][y][i]` is replicate r's yuan in year y on item i.
pub fn lines(yuan: &[Vec<Vec<f64>>]) -> Vec<Line> {
    let all = items();
    let spent = |w: &[f64]| {
        yuan.iter()
            .flatten()
            .any(|year| year.iter().zip(w).any(|(y, w)| y * w != 0.0))
    };
    let only = |k: usize| {
        (0..all.len())
            .map(|i| f64::from(u8::from(i == k)))
            .collect::<Vec<f64>>()
    };
    let mut lines: Vec<Line> = (0..all.len())
        .filter(|&k| spent(&only(k)))
        .map(|k| Line {
            lever: all[k].lever,
            item: all[k].part.key(),
            kind: if all[k].part.one_off() { "one_off" } else { "running" },
            budget: all[k].budget.key(),
            weights: only(k),
        })
        .collect();
    let public = |one_off: Option<bool>| -> Vec<f64> {
        all.iter()
            .map(|i| Perspective::Public.weight(i) * f64::from(u8::from(one_off.is_none_or(|o| i.part.one_off() == o))))
            .collect()
    };
    let total = |item: &'static str, kind: &'static str, budget: &'static str, weights: Vec<f64>| Line {
        lever: "total",
        item,
        kind,
        budget,
        weights,
    };
    for (kind, one_off) in [("one_off", Some(true)), ("running", Some(false))] {
        let w = public(one_off);
        if spent(&w) {
            lines.push(total("all", kind, "public", w));
        }
    }
    lines.push(total("all", "all", "public", public(None)));
    for p in [
        Perspective::Collective,
        Perspective::VillagersTime,
        Perspective::Societal,
    ] {
        let w: Vec<f64> = all.iter().map(|i| p.weight(i)).collect();
        if spent(&w) {
            lines.push(total("all", "all", p.key(), w));
        }
    }
    lines
}

/// Per replicate, per year, each item's yuan at the scenario's own unit costs.
pub fn scenario_yuan(s: &ScenarioRun) -> Vec<Vec<Vec<f64>>> {
    s.replicates
        .iter()
        .map(|r| priced_years(&s.params, &r.months))
        .collect()
}

/// A line's yuan per replicate and year.
pub fn line_yuan(line: &Line, yuan: &[Vec<Vec<f64>>]) -> Vec<Vec<f64>> {
    yuan.iter()
        .map(|years| {
            years
                .iter()
                .map(|y| y.iter().zip(&line.weights).map(|(a, w)| a * w).sum())
                .collect()
        })
        .collect()
}

/// Per replicate and year, the sums since the start of `by_year` (yuan per replicate and year): nominal,
/// and at present value at `rate`.
pub fn cumulated(by_year: &[Vec<f64>], rate: f64) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let sums = |weight: &dyn Fn(usize) -> f64| -> Vec<Vec<f64>> {
        by_year
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .scan(0.0, |sum, (y, x)| {
                        *sum += x * weight(y);
                        Some(*sum)
                    })
                    .collect()
            })
            .collect()
    };
    (sums(&|_| 1.0), sums(&|y| discount(rate, y)))
}

pub fn spending_csv(run: &Run) -> Result<String> {
    let mut w = CsvText::default();
    w.row([
        "scenario",
        "year",
        "lever",
        "item",
        "kind",
        "budget",
        "yuan_year",
        "yuan_year_ci_low",
        "yuan_year_ci_high",
        "cumulative_yuan",
        "cumulative_ci_low",
        "cumulative_ci_high",
        "pv_yuan_year",
        "pv_cumulative_yuan",
        "pv_cumulative_ci_low",
        "pv_cumulative_ci_high",
        "n",
    ])?;
    for s in &run.scenarios {
        let yuan = scenario_yuan(s);
        let rate = s.params.costs.discount_rate;
        for line in lines(&yuan) {
            let by_year = line_yuan(&line, &yuan);
            let years = by_year.first().map_or(0, Vec::len);
            let (cumulative, pv) = cumulated(&by_year, rate);
            let at = |table: &[Vec<f64>], y: usize| -> Vec<f64> { table.iter().map(|r| r[y]).collect() };
            for y in 0..years {
                let (a, b, c) = (
                    summarize(&at(&by_year, y)),
                    summarize(&at(&cumulative, y)),
                    summarize(&at(&pv, y)),
                );
                let (alo, ahi) = interval_cells(a.ci);
                let (blo, bhi) = interval_cells(b.ci);
                let (clo, chi) = interval_cells(c.ci);
                w.row([
                    s.scenario.name.clone(),
                    (s.params.run.first_year + y as i64).to_string(),
                    line.lever.to_string(),
                    line.item.to_string(),
                    line.kind.to_string(),
                    line.budget.to_string(),
                    fmt_num(a.mean),
                    alo,
                    ahi,
                    fmt_num(b.mean),
                    blo,
                    bhi,
                    fmt_num(a.mean * discount(rate, y)),
                    fmt_num(c.mean),
                    clo,
                    chi,
                    a.n.to_string(),
                ])?;
            }
        }
    }
    w.finish()
}
