//! The metrics (INTERFACE.md), their names, and how they add up. A village reports integer counters
//! each month; counters add across villages in any order to the same totals, and every metric is a
//! count or a ratio of summed counters (rates are ratios of sums, not means of village rates).

use crate::model::village::LIFE_BANDS;
use crate::scenario::levers::LEVERS;
use crate::stats::{summarize, Summary};

/// Declares the month's counters once: the struct, and adding one village's (or replicate's) to
/// another's, field by field.
macro_rules! counters {
    ($( $(#[$doc:meta])* $name:ident: $ty:ty, )*) => {
        /// A month's counters: integers (hours, yuan and shares in fixed point), so that they add across
        /// villages in any order to the same totals.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct Counters {
            $( $(#[$doc])* pub $name: $ty, )*
        }

        impl Counters {
            /// Adds `other`, counter by counter.
            #[inline]
            pub fn add(&mut self, other: &Counters) {
                $( Tally::add(&mut self.$name, &other.$name); )*
            }

            /// The name of every cell of `cells`, in order: a counter's name, or `name_K` for the K-th of a
            /// row by band.
            pub fn columns() -> Vec<String> {
                let mut names = Vec::new();
                $( Tally::names(&Counters::default().$name, stringify!($name), &mut names); )*
                names
            }

            /// Every counter as one flat row of whole numbers (a shard's partial totals).
            pub fn cells(&self) -> Vec<u64> {
                let mut cells = Vec::new();
                $( Tally::push(&self.$name, &mut cells); )*
                cells
            }

            /// The counters of a row `cells` wrote; None when the row has another length.
            pub fn from_cells(cells: &[u64]) -> Option<Counters> {
                let mut c = Counters::default();
                let mut rest = cells;
                $( rest = Tally::take(&mut c.$name, rest)?; )*
                rest.is_empty().then_some(c)
            }
        }
    };
}

/// A counter, or a row of counters by band, that adds to another of its kind.
trait Tally {
    fn add(&mut self, other: &Self);
    fn names(&self, name: &str, into: &mut Vec<String>);
    fn push(&self, into: &mut Vec<u64>);
    /// Reads itself from the front of `cells` and returns the rest.
    fn take<'a>(&mut self, cells: &'a [u64]) -> Option<&'a [u64]>;
}

impl Tally for u64 {
    #[inline]
    fn add(&mut self, other: &u64) {
        *self += other;
    }

    fn names(&self, name: &str, into: &mut Vec<String>) {
        into.push(name.to_string());
    }

    fn push(&self, into: &mut Vec<u64>) {
        into.push(*self);
    }

    fn take<'a>(&mut self, cells: &'a [u64]) -> Option<&'a [u64]> {
        let (first, rest) = cells.split_first()?;
        *self = *first;
        Some(rest)
    }
}

impl<const N: usize> Tally for [u64; N] {
    #[inline]
    fn add(&mut self, other: &[u64; N]) {
        for (x, y) in self.iter_mut().zip(other) {
            *x += y;
        }
    }

    fn names(&self, name: &str, into: &mut Vec<String>) {
        into.extend((0..N).map(|k| format!("{name}_{k}")));
    }

    fn push(&self, into: &mut Vec<u64>) {
        into.extend_from_slice(self);
    }

    fn take<'a>(&mut self, cells: &'a [u64]) -> Option<&'a [u64]> {
        let (first, rest) = cells.split_at_checked(N)?;
        self.copy_from_slice(first);
        Some(rest)
    }
}

counters! {
    /// Registered villagers (residents and those away).
    registered: u64,
    residents: u64,
    away: u64,
    /// Residents 60+, 65+, 80+.
    elderly: u64,
    elderly_65: u64,
    oldest_old: u64,
    in_need: u64,
    severe: u64,
    need_millihours: u64,
    /// Residents 60+ with no other resident in their household who met nobody this month.
    isolated: u64,
    /// Residents 60+ with no other resident in their household.
    living_alone_60: u64,
    /// Residents 60+ living alone or only with a spouse.
    alone_or_spouse_60: u64,
    /// Ends of ties between resident adults, by kind.
    strong_tie_ends: u64,
    weak_tie_ends: u64,
    neighbour_tie_ends: u64,
    /// Resident adults (16+).
    adults: u64,
    /// Residents aged 16–59.
    working_age: u64,
    births: u64,
    newcomers: u64,
    deaths: u64,
    married_out: u64,
    settled_away: u64,
    left: u64,
    returned: u64,
    /// Adults away, and the sum of their ages in months.
    away_adults: u64,
    away_adult_age_months: u64,
    eligible: u64,
    willing: u64,
    participants: u64,
    /// Eligible residents who gave mutual-aid hours in one of the last 12 months.
    participated_12: u64,
    /// Persons who received any mutual, formal or volunteer care in the month; residents 60+ whom a
    /// programme helped (home staff, bought care, volunteers, a programme's matching channel).
    care_recipients: u64,
    programme_recipients: u64,
    family_millihours: u64,
    mutual_millihours: u64,
    formal_millihours: u64,
    volunteer_millihours: u64,
    unmet_millihours: u64,
    unmet_persons: u64,
    /// Residents with Moderate or Severe need, and those of them with hours unmet.
    adl: u64,
    unmet_adl: u64,
    residents_50: u64,
    /// Identity of residents 50+ and trust of residents 16+, summed in millionths.
    identity_50_micro: u64,
    trust_16_micro: u64,
    credits_millihours: u64,
    public_milliyuan: u64,
    /// The same by lever, in the order of `LEVER_NAMES`.
    public_by_lever: [u64; LEVERS],
    offbudget_milliyuan: u64,
    helper_cash_milliyuan: u64,
    /// What costs are counted on (`Ledger`): resident-months by lever in force, happiness-home
    /// place-months, homes opened, residents when a time bank opened, persons trained, cadre visits.
    resident_months: [u64; LEVERS],
    place_months: u64,
    homes_opened: u64,
    bank_opened_residents: u64,
    trained: u64,
    visits: u64,
    credits_earned: u64,
    credits_spent: u64,
    credits_lapsed: u64,
    /// Residents and residents in need by band 60–69, 70–79, 80+ (pairs).
    need_bands: [u64; 6],
    /// Registered person-months by life-table band.
    person_months: [u64; LIFE_BANDS],
    /// Deaths by life-table band.
    deaths_by_age: [u64; LIFE_BANDS],
}

/// Adds the months of one run to a running total, month by month.
pub fn add(into: &mut [Counters], from: &[Counters]) {
    for (a, b) in into.iter_mut().zip(from) {
        a.add(b);
    }
}

/// A counter of the month, as the metrics read it.
pub type Counter = fn(&Counters) -> u64;

#[derive(Clone, Copy, Debug)]
pub enum Formula {
    Count(Counter),
    /// A fixed-point counter times its unit (1e-3 for thousandths).
    Scaled(Counter, f64),
    /// A ratio of counters; missing when the denominator is 0.
    Ratio(Counter, Counter),
    /// A ratio of a fixed-point counter to a count, times the unit.
    ScaledRatio(Counter, Counter, f64),
}

#[derive(Clone, Copy, Debug)]
pub struct Metric {
    pub name: &'static str,
    /// Label for Chinese reports.
    pub zh: &'static str,
    pub formula: Formula,
    /// A share or a mean score, within 0..1: its intervals are clipped to 0..1.
    pub rate: bool,
}

impl Metric {
    /// The metric's value in a month; a ratio whose denominator is 0 is missing (NaN), so that no mean
    /// counts it as 0: summaries skip it (`stats::summarize`) and CSV cells are empty (`fmt_num`).
    pub fn value(&self, m: &Counters) -> f64 {
        match self.formula {
            Formula::Count(i) => i(m) as f64,
            Formula::Scaled(i, unit) => i(m) as f64 * unit,
            Formula::Ratio(_, b) | Formula::ScaledRatio(_, b, _) if b(m) == 0 => f64::NAN,
            Formula::Ratio(a, b) => a(m) as f64 / b(m) as f64,
            Formula::ScaledRatio(a, b, unit) => a(m) as f64 / b(m) as f64 * unit,
        }
    }
}

use Formula::{Count, Ratio, Scaled, ScaledRatio};

const MILLI: f64 = 1e-3;
const MICRO: f64 = 1e-6;

impl Metric {
    /// Mean, sd and 95 % interval across replicates of the values there are (`n` says how many), the
    /// interval of a rate clipped to 0..1.
    pub fn summarize(&self, values: &[f64]) -> Summary {
        let s = summarize(values);
        if !self.rate {
            return s;
        }
        Summary {
            ci: s.ci.map(|(lo, hi)| (lo.max(0.0), hi.min(1.0))),
            ..s
        }
    }
}

/// The mean over the last 12 months (or fewer, for a shorter run) of one replicate, of the months
/// where it has a value; missing (NaN) when none has.
pub fn final_year_mean(metric: &Metric, months: &[Counters]) -> f64 {
    window_mean(metric, &months[months.len().saturating_sub(12)..])
}

/// The mean of a metric over each year of the run (12 months at a time).
pub fn yearly_means(metric: &Metric, months: &[Counters]) -> Vec<f64> {
    months.chunks(12).map(|year| window_mean(metric, year)).collect()
}

/// The mean of a metric over some months, the months without a value left out.
fn window_mean(metric: &Metric, months: &[Counters]) -> f64 {
    let values: Vec<f64> = months.iter().map(|m| metric.value(m)).filter(|x| !x.is_nan()).collect();
    if values.is_empty() {
        return f64::NAN;
    }
    values.iter().sum::<f64>() / values.len() as f64
}

/// Every metric written, in column order: INTERFACE.md's names first, then additions.
pub const METRICS: &[Metric] = &[
    Metric {
        name: "residents",
        zh: "常住人口",
        formula: Count(|m| m.residents),
        rate: false,
    },
    Metric {
        name: "away",
        zh: "外出人口",
        formula: Count(|m| m.away),
        rate: false,
    },
    Metric {
        name: "elderly",
        zh: "60岁及以上常住老年人",
        formula: Count(|m| m.elderly),
        rate: false,
    },
    Metric {
        name: "oldest_old",
        zh: "高龄老年人（80岁及以上）",
        formula: Count(|m| m.oldest_old),
        rate: false,
    },
    Metric {
        name: "in_need",
        zh: "有照料需求者",
        formula: Count(|m| m.in_need),
        rate: false,
    },
    Metric {
        name: "severe",
        zh: "重度失能者",
        formula: Count(|m| m.severe),
        rate: false,
    },
    Metric {
        name: "eligible",
        zh: "具备互助条件者",
        formula: Count(|m| m.eligible),
        rate: false,
    },
    Metric {
        name: "willing",
        zh: "有互助意愿者",
        formula: Count(|m| m.willing),
        rate: false,
    },
    Metric {
        name: "participants",
        zh: "本月参与互助者",
        formula: Count(|m| m.participants),
        rate: false,
    },
    Metric {
        name: "willingness_rate",
        zh: "互助意愿率",
        formula: Ratio(|m| m.willing, |m| m.eligible),
        rate: true,
    },
    Metric {
        name: "participation_rate",
        zh: "互助参与率（近12个月）",
        formula: Ratio(|m| m.participated_12, |m| m.eligible),
        rate: true,
    },
    Metric {
        name: "need_hours",
        zh: "照料需求时数",
        formula: Scaled(|m| m.need_millihours, MILLI),
        rate: false,
    },
    Metric {
        name: "family_hours",
        zh: "家庭照料时数",
        formula: Scaled(|m| m.family_millihours, MILLI),
        rate: false,
    },
    Metric {
        name: "mutual_hours",
        zh: "互助照料时数",
        formula: Scaled(|m| m.mutual_millihours, MILLI),
        rate: false,
    },
    Metric {
        name: "formal_hours",
        zh: "正式照料时数",
        formula: Scaled(|m| m.formal_millihours, MILLI),
        rate: false,
    },
    Metric {
        name: "volunteer_hours",
        zh: "志愿服务时数",
        formula: Scaled(|m| m.volunteer_millihours, MILLI),
        rate: false,
    },
    Metric {
        name: "unmet_hours",
        zh: "未满足照料时数",
        formula: Scaled(|m| m.unmet_millihours, MILLI),
        rate: false,
    },
    Metric {
        name: "unmet_rate",
        zh: "照料需求未满足率（按时数）",
        formula: Ratio(|m| m.unmet_millihours, |m| m.need_millihours),
        rate: true,
    },
    Metric {
        name: "unmet_persons_rate",
        zh: "照料需求未完全满足者占比",
        formula: Ratio(|m| m.unmet_persons, |m| m.in_need),
        rate: true,
    },
    Metric {
        name: "unmet_adl_rate",
        zh: "失能者照料需求未完全满足占比",
        formula: Ratio(|m| m.unmet_adl, |m| m.adl),
        rate: true,
    },
    Metric {
        name: "isolated_rate",
        zh: "独居老人社会孤立率",
        formula: Ratio(|m| m.isolated, |m| m.living_alone_60),
        rate: true,
    },
    Metric {
        name: "mean_identity",
        zh: "互助养老认同感（50岁及以上均值）",
        formula: ScaledRatio(|m| m.identity_50_micro, |m| m.residents_50, MICRO),
        rate: true,
    },
    Metric {
        name: "mean_trust",
        zh: "对村干部的信任度（16岁及以上均值）",
        formula: ScaledRatio(|m| m.trust_16_micro, |m| m.adults, MICRO),
        rate: true,
    },
    Metric {
        name: "strong_ties",
        zh: "人均强关系数",
        formula: Ratio(|m| m.strong_tie_ends, |m| m.adults),
        rate: false,
    },
    Metric {
        name: "weak_ties",
        zh: "人均弱关系数",
        formula: Ratio(|m| m.weak_tie_ends, |m| m.adults),
        rate: false,
    },
    Metric {
        name: "credits_outstanding",
        zh: "时间银行存储时长（未兑换）",
        formula: Scaled(|m| m.credits_millihours, MILLI),
        rate: false,
    },
    Metric {
        name: "public_spending",
        zh: "公共财政支出",
        formula: Scaled(|m| m.public_milliyuan, MILLI),
        rate: false,
    },
    Metric {
        name: "offbudget_spending",
        zh: "村集体支出（预算外）",
        formula: Scaled(|m| m.offbudget_milliyuan, MILLI),
        rate: false,
    },
    Metric {
        name: "registered",
        zh: "户籍人口",
        formula: Count(|m| m.registered),
        rate: false,
    },
    Metric {
        name: "working_age",
        zh: "16–59岁常住人口",
        formula: Count(|m| m.working_age),
        rate: false,
    },
    Metric {
        name: "births",
        zh: "出生",
        formula: Count(|m| m.births),
        rate: false,
    },
    Metric {
        name: "deaths",
        zh: "死亡",
        formula: Count(|m| m.deaths),
        rate: false,
    },
    Metric {
        name: "newcomers",
        zh: "婚入",
        formula: Count(|m| m.newcomers),
        rate: false,
    },
    Metric {
        name: "married_out",
        zh: "外嫁",
        formula: Count(|m| m.married_out),
        rate: false,
    },
    Metric {
        name: "settled_away",
        zh: "外迁定居",
        formula: Count(|m| m.settled_away),
        rate: false,
    },
    Metric {
        name: "care_recipients",
        zh: "本月受照料者",
        formula: Count(|m| m.care_recipients),
        rate: false,
    },
    Metric {
        name: "programme_recipients",
        zh: "本月受项目帮助的老年人",
        formula: Count(|m| m.programme_recipients),
        rate: false,
    },
];

pub fn metric(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_a_ratio_of_sums() {
        let mut a = Counters::default();
        let mut b = Counters::default();
        a.isolated = 1;
        a.living_alone_60 = 10;
        b.isolated = 9;
        b.living_alone_60 = 10;
        let mut total = vec![a];
        add(&mut total, &[b]);
        let rate = metric("isolated_rate").unwrap();
        assert_eq!(rate.value(&total[0]), 0.5);
        assert!(rate.value(&Counters::default()).is_nan(), "no denominator: missing");
    }

    #[test]
    fn the_interval_of_a_rate_stays_within_0_and_1() {
        let rate = metric("isolated_rate").unwrap();
        let s = rate.summarize(&[0.0, 0.0, 0.01, 0.0]);
        let (lo, hi) = s.ci.unwrap();
        assert_eq!(lo, 0.0);
        assert!(hi > 0.0 && hi < 0.02);
        let count = metric("residents").unwrap();
        assert!(
            count.summarize(&[0.0, 0.0, 1.0]).ci.unwrap().0 < 0.0,
            "a count's interval is not clipped"
        );
    }

    #[test]
    fn counters_go_to_cells_and_back() {
        let mut c = Counters {
            registered: 7,
            ..Counters::default()
        };
        c.need_bands[5] = 3;
        c.deaths_by_age[LIFE_BANDS - 1] = 11;
        let cells = c.cells();
        assert_eq!(cells.len(), Counters::columns().len());
        assert_eq!(Counters::from_cells(&cells), Some(c));
        assert_eq!(Counters::from_cells(&cells[1..]), None, "a row cut short");
        let longer: Vec<u64> = cells.iter().copied().chain([0]).collect();
        assert_eq!(Counters::from_cells(&longer), None, "a row too long");
        assert_eq!(Counters::columns()[0], "registered");
        assert!(Counters::columns().contains(&"need_bands_5".to_string()));
    }

    #[test]
    fn names_are_unique() {
        for (k, m) in METRICS.iter().enumerate() {
            assert!(METRICS[k + 1..].iter().all(|n| n.name != m.name), "{}", m.name);
        }
    }
}
