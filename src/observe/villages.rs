//! Results by village (`--by-village`, and every run from a village table): each year's mean of the
//! main metrics in each village, month by month as `summary.csv` reads them, for `villages.csv`.

use crate::metrics::{metric, Counters, Metric};

/// The metrics of `villages.csv`, in its column order.
pub const VILLAGE_METRICS: [&str; 13] = [
    "registered",
    "residents",
    "away",
    "elderly",
    "in_need",
    "participation_rate",
    "willingness_rate",
    "unmet_rate",
    "unmet_adl_rate",
    "isolated_rate",
    "unmet_hours",
    "public_spending",
    "offbudget_spending",
];

/// The metrics of `VILLAGE_METRICS`.
pub fn village_metrics() -> Vec<&'static Metric> {
    VILLAGE_METRICS
        .iter()
        .map(|name| metric(name).expect("a metric of METRICS"))
        .collect()
}

/// The position of a metric among `VILLAGE_METRICS` (a name from the list above).
pub fn column(name: &str) -> usize {
    VILLAGE_METRICS
        .iter()
        .position(|m| *m == name)
        .expect("a village metric")
}

/// One village's yearly means of `VILLAGE_METRICS`: per year and metric the sum of the months with a
/// value and their count.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VillageYears {
    pub village: u64,
    pub sums: Vec<[(f64, u32); VILLAGE_METRICS.len()]>,
}

impl VillageYears {
    pub fn new(village: u64) -> VillageYears {
        VillageYears {
            village,
            sums: Vec::new(),
        }
    }

    /// Adds the month `month` (from 0) of the village's counters.
    pub fn month(&mut self, metrics: &[&Metric], month: usize, counters: &Counters) {
        let year = month / 12;
        if self.sums.len() <= year {
            self.sums.resize(year + 1, [(0.0, 0); VILLAGE_METRICS.len()]);
        }
        for (cell, m) in self.sums[year].iter_mut().zip(metrics) {
            let x = m.value(counters);
            if !x.is_nan() {
                cell.0 += x;
                cell.1 += 1;
            }
        }
    }

    /// The mean of metric `k` in year `year` (NaN for a year without a value).
    pub fn mean(&self, year: usize, k: usize) -> f64 {
        let (sum, n) = self.sums[year][k];
        if n == 0 {
            f64::NAN
        } else {
            sum / f64::from(n)
        }
    }
}
