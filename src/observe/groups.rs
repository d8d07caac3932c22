//! Results by subgroup (`--by`): each month every registered person adds to the tally of their group
//! (the cell of the dimensions asked for), summed over the year. The groups partition the registered
//! population and every tally is an integer sum, so the groups add up exactly to the village totals.

use super::person::{left_behind, living, CareByPerson, Children};
use super::snapshot::NEED_NAMES;
use crate::error::{Error, Result};
use crate::lang::code_list;
use crate::model::person::{Need, Status, MONTHS_16, MONTHS_50, MONTHS_60};
use crate::model::{Model, Village};

/// A dimension of `--by`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dim {
    AgeBand,
    Sex,
    Residence,
    Living,
    LeftBehind,
    Need,
}

impl Dim {
    pub const ALL: [Dim; 6] = [
        Dim::AgeBand,
        Dim::Sex,
        Dim::Residence,
        Dim::Living,
        Dim::LeftBehind,
        Dim::Need,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dim::AgeBand => "age_band",
            Dim::Sex => "sex",
            Dim::Residence => "residence",
            Dim::Living => "living",
            Dim::LeftBehind => "left_behind",
            Dim::Need => "need",
        }
    }

    /// The values the dimension takes, in the order of its index.
    pub fn values(self) -> &'static [&'static str] {
        match self {
            Dim::AgeBand => &AGE_BANDS,
            Dim::Sex => &["F", "M"],
            Dim::Residence => &["resident", "away"],
            // Living arrangement and left behind describe residents 60+; others are "n/a".
            Dim::Living => &["alone", "spouse_only", "with_child", "other", "n/a"],
            Dim::LeftBehind => &["yes", "no", "n/a"],
            Dim::Need => &NEED_NAMES,
        }
    }

    /// Chinese labels of the values, for the report.
    pub fn values_zh(self) -> &'static [&'static str] {
        match self {
            Dim::AgeBand => &["0–15岁", "16–49岁", "50–59岁", "60–69岁", "70–79岁", "80岁及以上"],
            Dim::Sex => &["女", "男"],
            Dim::Residence => &["常住", "外出"],
            Dim::Living => &["独居", "仅与配偶同住", "与子女同住", "其他", "不适用"],
            Dim::LeftBehind => &["留守", "非留守", "不适用"],
            Dim::Need => &["无", "轻度失能", "中度失能", "重度失能"],
        }
    }

    /// Parses `--by a,b`: known names, each once.
    pub fn parse_list(text: &str) -> Result<Vec<Dim>> {
        let allowed = || code_list(Dim::ALL.iter().map(|d| d.name()));
        let mut dims = Vec::new();
        for name in text.split(',').map(str::trim) {
            let dim = Dim::ALL.iter().copied().find(|d| d.name() == name).ok_or_else(|| {
                Error::input(
                    "--by",
                    None,
                    text!(
                        "unknown dimension `{name}`; allowed: ",
                        "未知的分组维度 `{name}`；允许："
                    )
                    .then("", "", &allowed()),
                )
            })?;
            if dims.contains(&dim) {
                return Err(Error::input(
                    "--by",
                    None,
                    text!("`{name}` is given twice", "`{name}` 给出了两次"),
                ));
            }
            dims.push(dim);
        }
        Ok(dims)
    }
}

/// The counts kept per group, summed over a year's months: persons (registered), then over residents:
/// in need, hours needed, received by source, unmet (thousandths of an hour), willing, participants
/// (gave mutual aid this month), isolated, eligible to give mutual aid.
pub const TALLIES: [&str; 12] = [
    "persons",
    "in_need",
    "need_hours",
    "family_hours",
    "mutual_hours",
    "formal_hours",
    "volunteer_hours",
    "unmet_hours",
    "willing",
    "participants",
    "isolated",
    "eligible",
];
/// The tallies held in thousandths of an hour.
pub const HOURS: std::ops::Range<usize> = 2..8;

pub type Tally = [u64; TALLIES.len()];

/// Tallies by year and group for one replicate (or one village, before they are added).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupYears {
    /// years × groups, year-major.
    pub tallies: Vec<Tally>,
}

impl GroupYears {
    pub fn add(&mut self, other: &GroupYears) {
        if self.tallies.is_empty() {
            self.tallies = other.tallies.clone();
            return;
        }
        for (a, b) in self.tallies.iter_mut().zip(&other.tallies) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
    }
}

/// The cells of the dimensions asked for: a group's index is the mixed-radix number of its values.
#[derive(Clone, Debug)]
pub struct Grouping {
    pub dims: Vec<Dim>,
}

impl Grouping {
    pub fn count(&self) -> usize {
        self.dims.iter().map(|d| d.values().len()).product()
    }

    /// The values of group g, one per dimension.
    pub fn values_of(&self, mut g: usize) -> Vec<usize> {
        let mut values = vec![0; self.dims.len()];
        for (k, d) in self.dims.iter().enumerate().rev() {
            let n = d.values().len();
            values[k] = g % n;
            g /= n;
        }
        values
    }

    /// Adds the month's tallies of village `v` (after its step) to the year's, in `out`.
    pub fn observe_month(&self, model: &Model, v: &Village, care: &mut CareByPerson, out: &mut GroupYears) {
        let groups = self.count();
        let years = (model.params.months() as usize).div_ceil(12);
        if out.tallies.is_empty() {
            out.tallies = vec![[0; TALLIES.len()]; years * groups];
        }
        care.fill(v);
        let year = (v.month as usize - 1) / 12;
        let p = &v.people;
        let needs_family = self.dims.iter().any(|d| matches!(d, Dim::Living | Dim::LeftBehind));
        for i in 0..p.len() {
            if !p.status[i].registered() {
                continue;
            }
            let resident = p.status[i] == Status::Resident;
            let age = p.age_months[i];
            let older = resident && age >= MONTHS_60;
            let children = if needs_family && older {
                Children::of(p, i)
            } else {
                Children::default()
            };
            let mut g = 0;
            for d in &self.dims {
                let value = match d {
                    Dim::AgeBand => age_band(age),
                    Dim::Sex => p.sex[i] as usize,
                    Dim::Residence => usize::from(!resident),
                    Dim::Living if older => living(p, &v.residents_in_household, i, &children) as usize,
                    Dim::Living => 4,
                    Dim::LeftBehind if older => usize::from(!left_behind(p, i, &children)),
                    Dim::LeftBehind => 2,
                    Dim::Need => p.need[i] as usize,
                };
                g = g * d.values().len() + value;
            }
            let t = &mut out.tallies[year * groups + g];
            t[0] += 1;
            if !resident {
                continue;
            }
            let need = if p.need[i] == Need::None {
                0
            } else {
                model.rates.need_millihours[p.need[i] as usize]
            };
            let received = care.received[i];
            let got: u64 = received.iter().map(|&h| h as u64).sum();
            t[1] += u64::from(need > 0);
            t[2] += need;
            for (k, &h) in received.iter().enumerate() {
                t[3 + k] += h as u64;
            }
            t[7] += need.saturating_sub(got);
            t[8] += u64::from(p.eligible[i] & p.willing[i]);
            t[9] += u64::from(care.mutual_given[i] > 0);
            let alone = v.residents_in_household[p.household[i] as usize] == 1;
            t[10] += u64::from(older & alone & (p.met_strong[i] == 0) & (p.met_weak[i] == 0));
            t[11] += u64::from(p.eligible[i]);
        }
    }
}

/// The values of `Dim::AgeBand`.
pub const AGE_BANDS: [&str; 6] = ["0-15", "16-49", "50-59", "60-69", "70-79", "80+"];

/// Where the unmet rate is among `group_columns`.
pub const UNMET_RATE: usize = 8;

/// The columns of `groups.csv` after the groups' values: the tallies, with the unmet rate after the
/// unmet hours and the willingness rate (willing over eligible) last.
pub fn group_columns() -> Vec<&'static str> {
    let mut columns: Vec<&str> = TALLIES[..8].to_vec();
    columns.push("unmet_rate");
    columns.extend(&TALLIES[8..]);
    columns.push("willingness_rate");
    columns
}

/// A group's values in a year: the monthly mean of each tally (hours in hours), the unmet rate (unmet
/// over needed hours) and the willingness rate (willing over eligible), each missing where its
/// denominator is 0, in the order of `group_columns`.
pub fn group_values(t: &Tally, months: f64) -> Vec<f64> {
    let value = |k: usize| {
        let x = t[k] as f64 / months;
        if HOURS.contains(&k) {
            x / 1000.0
        } else {
            x
        }
    };
    let ratio = |a: u64, b: u64| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
    let mut values: Vec<f64> = (0..8).map(value).collect();
    values.push(ratio(t[7], t[2]));
    values.extend((8..TALLIES.len()).map(value));
    values.push(ratio(t[8], t[11]));
    values
}

/// One column of one group over a year, as a fit target reads it: the group's values on some
/// dimensions (the other dimensions summed over) and the year's index in the run (None: the last).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupSummary {
    pub name: String,
    pub values: Vec<(Dim, usize)>,
    pub column: usize,
    pub year: Option<usize>,
}

impl GroupSummary {
    /// Its value in one replicate's tallies, grouped by `grouping` (which holds its dimensions).
    pub fn value(&self, grouping: &Grouping, observed: &GroupYears, months: usize) -> f64 {
        let count = grouping.count();
        let years = observed.tallies.len() / count.max(1);
        let Some(y) = self.year.or(years.checked_sub(1)) else {
            return f64::NAN;
        };
        let mut sum: Tally = [0; TALLIES.len()];
        for g in 0..count {
            let at = grouping.values_of(g);
            let fits = self
                .values
                .iter()
                .all(|(d, v)| grouping.dims.iter().position(|x| x == d).is_some_and(|k| at[k] == *v));
            if fits {
                for (a, b) in sum.iter_mut().zip(&observed.tallies[y * count + g]) {
                    *a += b;
                }
            }
        }
        let in_year = months.saturating_sub(12 * y).min(12) as f64;
        group_values(&sum, in_year)[self.column]
    }
}

/// The band of `Dim::AgeBand`.
pub fn age_band(age_months: u16) -> usize {
    match age_months {
        a if a < MONTHS_16 => 0,
        a if a < MONTHS_50 => 1,
        a if a < MONTHS_60 => 2,
        a => (2 + (a as usize / 12 - 50) / 10).min(5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_and_group_indices_round_trip() {
        assert_eq!(
            [0, 15, 16, 49, 50, 59, 60, 69, 70, 79, 80, 105].map(|y| age_band(y * 12)),
            [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
        );
        let g = Grouping {
            dims: vec![Dim::AgeBand, Dim::Sex, Dim::Need],
        };
        assert_eq!(g.count(), 48);
        assert_eq!(g.values_of(0), [0, 0, 0]);
        assert_eq!(g.values_of(47), [5, 1, 3]);
        // (age band 1 × 2 sexes + sex 0) × 4 levels + need 2
        assert_eq!(g.values_of(10), [1, 0, 2]);
    }

    #[test]
    fn unknown_or_repeated_dimensions_are_refused_with_what_is_allowed() {
        assert_eq!(Dim::parse_list("sex, need").unwrap(), [Dim::Sex, Dim::Need]);
        let e = Dim::parse_list("age").unwrap_err().to_string();
        assert!(
            e.contains("unknown dimension `age`") && e.contains("age_band, sex"),
            "{e}"
        );
        assert!(Dim::parse_list("sex,sex").is_err());
    }
}
