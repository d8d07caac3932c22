//! The short table of final-year results printed on stdout.

use std::fmt::Write as _;

use super::comparison::short;
use super::lang::label;
use crate::engine::Run;
use crate::lang::Lang;
use crate::metrics::{final_year_mean, METRICS};

/// Rows of cells as aligned columns, each as wide as its widest cell (in terminal columns), indented
/// by two spaces; `right[k]` aligns column k right.
pub fn columns(rows: &[Vec<String>], right: &[bool]) -> String {
    let widths: Vec<usize> = (0..right.len())
        .map(|k| {
            rows.iter()
                .filter_map(|r| r.get(k))
                .map(|c| unicode_width::UnicodeWidthStr::width(c.as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(widths.iter().zip(right))
            .map(|(c, (&w, &r))| pad(c, w, r))
            .collect();
        out += &format!("  {}\n", cells.join("  ").trim_end());
    }
    out
}

/// `text` padded with spaces to `width` terminal columns (a Chinese character takes two), on the left
/// when `right` aligns it right.
pub fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(unicode_width::UnicodeWidthStr::width(text)));
    if right {
        fill + text
    } else {
        text.to_string() + &fill
    }
}

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
                Lang::Zh => writeln!(
                    out,
                    "  {} {:>12}{}",
                    pad(&label(m, lang), 40, false),
                    short(sum.mean),
                    interval
                ),
            };
        }
    }
    out
}
