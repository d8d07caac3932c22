//! The files and tables of `huzhu compare`: `comparison.csv`, `cost_effectiveness.csv` and the table on
//! stdout, with the short forms of numbers and intervals that the report shares.

use std::fmt::Write as _;

use super::{fmt_num, interval_cells, CsvText};
use crate::error::Result;
use crate::experiment::compare::{CostEffectiveness, Effect};
use crate::stats::Summary;

pub fn comparison_csv(rows: &[(String, Vec<Effect>)]) -> Result<String> {
    let mut w = CsvText::default();
    let header = [
        "scenario",
        "metric",
        "mean",
        "baseline_mean",
        "diff",
        "diff_ci_low",
        "diff_ci_high",
        "rel_change",
        "significant",
        "n",
    ];
    w.row(header)?;
    for (name, effects) in rows {
        for e in effects {
            let (lo, hi) = interval_cells(e.diff.ci);
            w.row([
                name.clone(),
                e.metric.name.to_string(),
                fmt_num(e.mean),
                fmt_num(e.reference_mean),
                fmt_num(e.diff.mean),
                lo,
                hi,
                e.rel_change().map_or(String::new(), fmt_num),
                e.significant().to_string(),
                e.diff.n.to_string(),
            ])?;
        }
    }
    w.finish()
}

pub fn cost_effectiveness_csv(rows: &[(String, CostEffectiveness)]) -> Result<String> {
    let mut w = CsvText::default();
    w.row([
        "scenario",
        "extra_public_yuan",
        "unmet_hours_averted",
        "yuan_per_hour_averted",
        "ci_low",
        "ci_high",
        "offbudget_yuan",
    ])?;
    for (name, ce) in rows {
        let (lo, hi) = interval_cells(ce.ci);
        w.row([
            name.clone(),
            fmt_num(ce.extra_yuan),
            fmt_num(ce.hours_averted),
            ce.yuan_per_hour.map_or("n/a".to_string(), fmt_num),
            lo,
            hi,
            fmt_num(ce.offbudget_yuan),
        ])?;
    }
    w.finish()
}

/// The metrics a planner reads first.
pub const MAIN_METRICS: [&str; 5] = [
    "participation_rate",
    "unmet_rate",
    "unmet_adl_rate",
    "isolated_rate",
    "public_spending",
];

/// A number for tables and the report; a missing one is a dash.
pub fn short(x: f64) -> String {
    if x.is_nan() {
        "–".into()
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

pub fn interval(s: &Summary) -> String {
    s.ci.map_or(String::new(), |(lo, hi)| format!("[{} – {}]", short(lo), short(hi)))
}

pub fn describe_cost(ce: &CostEffectiveness) -> String {
    let ratio = match (ce.yuan_per_hour, ce.ci) {
        (None, _) => "n/a (no unmet hours averted)".to_string(),
        (Some(r), Some((lo, hi))) => format!(
            "{} yuan per unmet hour averted [{} – {}]",
            short(r),
            short(lo),
            short(hi)
        ),
        (Some(r), None) => format!("{} yuan per unmet hour averted", short(r)),
    };
    format!(
        "{ratio}; per replicate over the horizon: {} extra public yuan, {} hours averted, {} off-budget yuan",
        short(ce.extra_yuan),
        short(ce.hours_averted),
        short(ce.offbudget_yuan)
    )
}

/// The readable table of `huzhu compare`.
pub fn table(baseline: &str, rows: &[(String, Vec<Effect>, CostEffectiveness)]) -> String {
    let mut s = String::new();
    for (name, effects, ce) in rows {
        let _ = writeln!(
            s,
            "{name} vs {baseline} — final-year means, paired differences with 95 % intervals"
        );
        for e in effects.iter().filter(|e| MAIN_METRICS.contains(&e.metric.name)) {
            let mark = if e.significant() { " *" } else { "" };
            let _ = writeln!(
                s,
                "  {:<20} {:>10} vs {:>10}   diff {:>9} {}{mark}   {}",
                e.metric.name,
                short(e.mean),
                short(e.reference_mean),
                short(e.diff.mean),
                interval(&e.diff),
                e.metric.zh
            );
        }
        let _ = writeln!(s, "  cost: {}", describe_cost(ce));
    }
    let _ = writeln!(s, "(* the interval excludes 0)");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_hours_averted_is_not_applicable_in_the_csv() {
        let ce = CostEffectiveness {
            extra_yuan: 10.0,
            hours_averted: 0.0,
            offbudget_yuan: 0.0,
            yuan_per_hour: None,
            ci: None,
        };
        assert!(cost_effectiveness_csv(&[("w".into(), ce)]).unwrap().contains(",n/a,"));
    }
}
