//! Results by village (`--by-village`, and every run from a village table): each year's mean of the
//! main metrics in each village, month by month as `summary.csv` reads them, for `villages.csv`.

use super::person::count_left_behind;
use crate::metrics::{metric, Counters, Metric};
use crate::model::Village;

/// The columns of `villages.csv`, in order: metrics of the village's counters, and `LEFT_BEHIND`.
pub const VILLAGE_METRICS: [&str; 14] = [
    "registered",
    "residents",
    "away",
    "elderly",
    LEFT_BEHIND,
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

/// Left-behind older people (农村留守老年人, `observe::person::left_behind`) at the end of each year,
/// counted by the observer from the people, not by the model: a run that does not ask for results by
/// village does not pay.
pub const LEFT_BEHIND: &str = "left_behind";

/// The metric of each column of `VILLAGE_METRICS`; none for `LEFT_BEHIND`.
pub fn village_metrics() -> Vec<Option<&'static Metric>> {
    VILLAGE_METRICS.iter().map(|name| metric(name)).collect()
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

    /// Adds village `v` after the step of its month `v.month − 1`, whose counters are `counters`, with
    /// `metrics` (`village_metrics()`).
    pub fn observe(&mut self, metrics: &[Option<&Metric>], v: &Village, counters: &Counters) {
        // Counted at the end of each year only: every month would slow a county's run by a fifth.
        let left_behind = v.month.is_multiple_of(12).then(|| count_left_behind(&v.people));
        self.month(metrics, v.month as usize - 1, counters, left_behind);
    }

    /// Adds the month `month` (from 0) of the village's counters, and its left-behind older people
    /// where they were counted (at the end of the year).
    fn month(&mut self, metrics: &[Option<&Metric>], month: usize, counters: &Counters, left_behind: Option<u32>) {
        let year = month / 12;
        if self.sums.len() <= year {
            self.sums.resize(year + 1, [(0.0, 0); VILLAGE_METRICS.len()]);
        }
        for (cell, m) in self.sums[year].iter_mut().zip(metrics) {
            let x = match m {
                Some(m) => m.value(counters),
                None => left_behind.map_or(f64::NAN, f64::from),
            };
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
