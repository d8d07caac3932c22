//! The short table of final-year results printed on stdout.

use std::fmt::Write as _;

use super::comparison::short;
use super::lang::{label, Lang};
use crate::engine::Run;
use crate::metrics::{final_year_mean, METRICS};

/// The final year's main metrics of every scenario, in `lang`.
pub fn final_year_table(run: &Run, names: &[&str], lang: Lang) -> String {
    let mut out = String::new();
    for s in &run.scenarios {
        let last_year = s.params.run.first_year + s.params.run.years as i64 - 1;
        let _ = match lang {
            Lang::En => writeln!(
                out,
                "{} — final year {} (mean of the last 12 months; 95 % interval over {} replicates)",
                s.scenario.name,
                last_year,
                s.replicates.len()
            ),
            Lang::Zh => writeln!(
                out,
                "{} —— 末年 {}（最后12个月均值；{} 次重复的95%置信区间）",
                s.scenario.name,
                last_year,
                s.replicates.len()
            ),
        };
        for m in METRICS.iter().filter(|m| names.contains(&m.name)) {
            let values: Vec<f64> = s.replicates.iter().map(|r| final_year_mean(m, &r.months)).collect();
            let sum = m.summarize(&values);
            let interval = sum
                .ci
                .map_or(String::new(), |(lo, hi)| format!("  [{} – {}]", short(lo), short(hi)));
            let _ = match lang {
                Lang::En => writeln!(out, "  {:<16} {:>12}{}   {}", m.name, short(sum.mean), interval, m.zh),
                Lang::Zh => writeln!(out, "  {:<24} {:>12}{}", label(m, lang), short(sum.mean), interval),
            };
        }
    }
    out
}
