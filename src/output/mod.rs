//! Output files (INTERFACE.md): `timeseries.csv`, `summary.csv`, `manifest.json`, and the final-year
//! table on stdout. Every file is rendered in memory, written under a temporary name, and renamed into
//! place only when all are written, so a failed run leaves no half-written file under a final name.

// Charts and the HTML reports need plotters: the command line's feature `cli` (the classroom page's
// WebAssembly module does without).
#[cfg(feature = "cli")]
pub mod charts;
pub mod comparison;
#[cfg(feature = "cli")]
pub mod county;
#[cfg(feature = "cli")]
pub mod fit;
pub mod folder;
#[cfg(feature = "cli")]
mod html;
pub mod inside;
pub mod lang;
mod manifest;
pub mod progress;
#[cfg(feature = "cli")]
pub mod psa;
#[cfg(feature = "cli")]
pub mod report;
pub mod spending;
pub mod survey;
mod table;

use crate::engine::{Run, ScenarioRun};
use crate::error::{Error, Result};
use crate::metrics::METRICS;
pub use manifest::{manifest, peak_memory_bytes};
pub use table::{columns, final_year_table};

/// Formats a number for the CSV files: whole numbers without decimals, others with six, trailing zeros
/// dropped. The same number always gives the same text.
pub fn fmt_num(x: f64) -> String {
    // Missing (a rate with no denominator, or a mean of nothing): an empty cell.
    if x.is_nan() {
        return String::new();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

fn year(run: &ScenarioRun, month: usize) -> i64 {
    run.params.run.first_year + month as i64 / 12
}

pub fn timeseries_csv(run: &Run) -> Result<String> {
    let mut w = CsvText::default();
    let mut header = vec!["scenario", "replicate", "seed", "month", "year"];
    header.extend(METRICS.iter().map(|m| m.name));
    w.row(&header)?;
    for s in &run.scenarios {
        for (r, rep) in s.replicates.iter().enumerate() {
            for (month, counters) in rep.months.iter().enumerate() {
                let mut row = vec![
                    s.scenario.name.clone(),
                    r.to_string(),
                    rep.seed.to_string(),
                    month.to_string(),
                    year(s, month).to_string(),
                ];
                row.extend(METRICS.iter().map(|m| fmt_num(m.value(counters))));
                w.row(&row)?;
            }
        }
    }
    w.finish()
}

pub fn summary_csv(run: &Run) -> Result<String> {
    let mut w = CsvText::default();
    w.row([
        "scenario", "month", "year", "metric", "mean", "sd", "ci_low", "ci_high", "n",
    ])?;
    for s in &run.scenarios {
        let months = s.params.months() as usize;
        for month in 0..months {
            for m in METRICS {
                let values: Vec<f64> = s.replicates.iter().map(|r| m.value(&r.months[month])).collect();
                let sum = m.summarize(&values);
                let mut row = vec![
                    s.scenario.name.clone(),
                    month.to_string(),
                    year(s, month).to_string(),
                    m.name.into(),
                ];
                row.extend(summary_cells(&sum));
                w.row(&row)?;
            }
        }
    }
    w.finish()
}

/// A CSV text built in memory, row by row, by the csv crate (quoting where a cell needs it).
pub struct CsvText(csv::Writer<Vec<u8>>);

impl Default for CsvText {
    fn default() -> CsvText {
        CsvText(csv::Writer::from_writer(Vec::new()))
    }
}

impl CsvText {
    pub fn row<I, T>(&mut self, cells: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.0.write_record(cells).map_err(|e| csv_failure(&e))
    }

    pub fn finish(self) -> Result<String> {
        let bytes = self.0.into_inner().map_err(|e| csv_failure(&e))?;
        String::from_utf8(bytes).map_err(|e| csv_failure(&e))
    }
}

/// A CSV text that could not be made (its writer holds it in memory).
pub fn csv_failure(e: &dyn std::fmt::Display) -> Error {
    Error::Failure(text!("cannot write CSV: {e}", "无法写出 CSV：{e}"))
}

/// The cells `mean,sd,ci_low,ci_high,n` of a summary over replicates.
pub fn summary_cells(s: &crate::stats::Summary) -> [String; 5] {
    let (lo, hi) = interval_cells(s.ci);
    [fmt_num(s.mean), fmt_num(s.sd), lo, hi, s.n.to_string()]
}

/// The two cells of an interval, empty where there is none.
pub fn interval_cells(ci: Option<(f64, f64)>) -> (String, String) {
    ci.map_or((String::new(), String::new()), |(a, b)| (fmt_num(a), fmt_num(b)))
}

/// The standard outputs of a run, with `report.html` and its charts unless `report` is None.
pub fn write_run(
    mut folder: folder::OutputFolder,
    run: &Run,
    info: &manifest::RunInfo,
    report: Option<crate::lang::Lang>,
    observe: &crate::observe::Observe,
) -> Result<()> {
    let mut files: Vec<(String, String)> = vec![
        ("timeseries.csv".into(), timeseries_csv(run)?),
        ("summary.csv".into(), summary_csv(run)?),
        ("spending.csv".into(), spending::spending_csv(run)?),
        ("manifest.json".into(), manifest(run, info)),
    ];
    files.extend(inside::files(run, observe)?);
    #[cfg(feature = "cli")]
    if let Some(lang) = report {
        files.extend(report_files(run, None, lang, observe));
    }
    #[cfg(not(feature = "cli"))]
    let _ = report;
    for (name, content) in &files {
        folder.write(name, content)?;
    }
    folder.commit("")
}

/// `report.html` and its charts (with a chart by subgroup when `observe` asks for groups).
#[cfg(feature = "cli")]
pub fn report_files(
    run: &Run,
    comparison: Option<&report::Comparison>,
    lang: crate::lang::Lang,
    observe: &crate::observe::Observe,
) -> Vec<(String, String)> {
    let grouping = crate::observe::groups::Grouping {
        dims: observe.by.clone(),
    };
    let grouping = (!observe.by.is_empty()).then_some(&grouping);
    let (html, charts) = report::html(run, comparison, lang, grouping);
    let mut files = vec![("report.html".to_string(), html)];
    files.extend(charts);
    files
}

pub use manifest::RunInfo;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_the_same_way_every_time() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(fmt_num(1.0 / 3.0), "0.333333");
        assert_eq!(fmt_num(-1e-9), "0");
    }
}
