//! The metrics (INTERFACE.md), their names, and how they add up. A village reports integer counters
//! each month; counters add across villages in any order to the same totals, and every metric is a
//! count or a ratio of summed counters (rates are ratios of sums, not means of village rates).

use crate::model::village::LIFE_BANDS;

/// Indices into a month's counters.
pub mod c {
    use super::LIFE_BANDS;
    pub const REGISTERED: usize = 0;
    pub const RESIDENTS: usize = 1;
    pub const AWAY: usize = 2;
    pub const ELDERLY: usize = 3;
    pub const ELDERLY_65: usize = 4;
    pub const OLDEST_OLD: usize = 5;
    pub const IN_NEED: usize = 6;
    pub const SEVERE: usize = 7;
    pub const NEED_MILLIHOURS: usize = 8;
    pub const ISOLATED: usize = 9;
    /// Residents 60+ with no other resident in their household.
    pub const LIVING_ALONE_60: usize = 10;
    /// Residents 60+ living alone or only with a spouse.
    pub const ALONE_OR_SPOUSE_60: usize = 11;
    pub const STRONG_TIE_ENDS: usize = 12;
    pub const WEAK_TIE_ENDS: usize = 13;
    pub const NEIGHBOUR_TIE_ENDS: usize = 14;
    /// Resident adults (16+).
    pub const ADULTS: usize = 15;
    /// Residents aged 16–59.
    pub const WORKING_AGE: usize = 16;
    pub const BIRTHS: usize = 17;
    pub const NEWCOMERS: usize = 18;
    pub const DEATHS: usize = 19;
    pub const MARRIED_OUT: usize = 20;
    pub const SETTLED_AWAY: usize = 21;
    pub const LEFT: usize = 22;
    pub const RETURNED: usize = 23;
    pub const AWAY_ADULTS: usize = 24;
    pub const AWAY_ADULT_AGE_MONTHS: usize = 25;
    pub const ELIGIBLE: usize = 26;
    pub const WILLING: usize = 27;
    pub const PARTICIPANTS: usize = 28;
    /// Eligible residents who gave mutual-aid hours in one of the last 12 months.
    pub const PARTICIPATED_12: usize = 29;
    pub const FAMILY_MILLIHOURS: usize = 30;
    pub const MUTUAL_MILLIHOURS: usize = 31;
    pub const FORMAL_MILLIHOURS: usize = 32;
    pub const VOLUNTEER_MILLIHOURS: usize = 33;
    pub const UNMET_MILLIHOURS: usize = 34;
    pub const UNMET_PERSONS: usize = 35;
    /// Residents with Moderate or Severe need, and those of them with hours unmet.
    pub const ADL: usize = 36;
    pub const UNMET_ADL: usize = 37;
    pub const RESIDENTS_50: usize = 38;
    /// Identity of residents 50+ and trust of residents 16+, summed in millionths.
    pub const IDENTITY_50_MICRO: usize = 39;
    pub const TRUST_16_MICRO: usize = 40;
    pub const CREDITS_MILLIHOURS: usize = 41;
    pub const PUBLIC_MILLIYUAN: usize = 42;
    pub const OFFBUDGET_MILLIYUAN: usize = 43;
    pub const CREDITS_EARNED: usize = 44;
    pub const CREDITS_SPENT: usize = 45;
    pub const CREDITS_LAPSED: usize = 46;
    /// Residents and residents in need by band 60–69, 70–79, 80+ (pairs).
    pub const NEED_BANDS: usize = 47;
    /// Registered person-months by life-table band.
    pub const PERSON_MONTHS: usize = NEED_BANDS + 6;
    /// Deaths by life-table band.
    pub const DEATHS_BY_AGE: usize = PERSON_MONTHS + LIFE_BANDS;
    pub const COUNT: usize = DEATHS_BY_AGE + LIFE_BANDS;
}

pub type Counters = [u64; c::COUNT];

pub fn add(into: &mut [Counters], from: &[Counters]) {
    for (a, b) in into.iter_mut().zip(from) {
        for (x, y) in a.iter_mut().zip(b) {
            *x += y;
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Formula {
    Count(usize),
    /// A fixed-point counter times its unit (1e-3 for thousandths).
    Scaled(usize, f64),
    /// A ratio of counters, 0 when the denominator is 0.
    Ratio(usize, usize),
    /// A ratio of a fixed-point counter to a count, times the unit.
    ScaledRatio(usize, usize, f64),
}

#[derive(Clone, Copy, Debug)]
pub struct Metric {
    pub name: &'static str,
    /// Label for Chinese reports.
    pub zh: &'static str,
    pub formula: Formula,
}

impl Metric {
    pub fn value(&self, m: &Counters) -> f64 {
        match self.formula {
            Formula::Count(i) => m[i] as f64,
            Formula::Scaled(i, unit) => m[i] as f64 * unit,
            Formula::Ratio(_, b) | Formula::ScaledRatio(_, b, _) if m[b] == 0 => 0.0,
            Formula::Ratio(a, b) => m[a] as f64 / m[b] as f64,
            Formula::ScaledRatio(a, b, unit) => m[a] as f64 / m[b] as f64 * unit,
        }
    }
}

use Formula::{Count, Ratio, Scaled, ScaledRatio};

const MILLI: f64 = 1e-3;
const MICRO: f64 = 1e-6;

/// The mean over the last 12 months (or fewer, for a shorter run) of one replicate.
pub fn final_year_mean(metric: &Metric, months: &[Counters]) -> f64 {
    let last = &months[months.len().saturating_sub(12)..];
    last.iter().map(|m| metric.value(m)).sum::<f64>() / last.len().max(1) as f64
}

/// Every metric written, in column order: INTERFACE.md's names first, then additions.
pub const METRICS: &[Metric] = &[
    Metric {
        name: "residents",
        zh: "常住人口",
        formula: Count(c::RESIDENTS),
    },
    Metric {
        name: "away",
        zh: "外出人口",
        formula: Count(c::AWAY),
    },
    Metric {
        name: "elderly",
        zh: "60岁及以上常住老人",
        formula: Count(c::ELDERLY),
    },
    Metric {
        name: "oldest_old",
        zh: "80岁及以上常住老人",
        formula: Count(c::OLDEST_OLD),
    },
    Metric {
        name: "in_need",
        zh: "有照料需求者",
        formula: Count(c::IN_NEED),
    },
    Metric {
        name: "severe",
        zh: "重度失能者",
        formula: Count(c::SEVERE),
    },
    Metric {
        name: "eligible",
        zh: "可提供互助者",
        formula: Count(c::ELIGIBLE),
    },
    Metric {
        name: "willing",
        zh: "愿意互助者",
        formula: Count(c::WILLING),
    },
    Metric {
        name: "participants",
        zh: "本月互助参与者",
        formula: Count(c::PARTICIPANTS),
    },
    Metric {
        name: "willingness_rate",
        zh: "互助意愿率",
        formula: Ratio(c::WILLING, c::ELIGIBLE),
    },
    Metric {
        name: "participation_rate",
        zh: "互助参与率（近12个月）",
        formula: Ratio(c::PARTICIPATED_12, c::ELIGIBLE),
    },
    Metric {
        name: "need_hours",
        zh: "照料需求（小时）",
        formula: Scaled(c::NEED_MILLIHOURS, MILLI),
    },
    Metric {
        name: "family_hours",
        zh: "家庭照料（小时）",
        formula: Scaled(c::FAMILY_MILLIHOURS, MILLI),
    },
    Metric {
        name: "mutual_hours",
        zh: "互助照料（小时）",
        formula: Scaled(c::MUTUAL_MILLIHOURS, MILLI),
    },
    Metric {
        name: "formal_hours",
        zh: "正式照料（小时）",
        formula: Scaled(c::FORMAL_MILLIHOURS, MILLI),
    },
    Metric {
        name: "volunteer_hours",
        zh: "志愿服务（小时）",
        formula: Scaled(c::VOLUNTEER_MILLIHOURS, MILLI),
    },
    Metric {
        name: "unmet_hours",
        zh: "未满足需求（小时）",
        formula: Scaled(c::UNMET_MILLIHOURS, MILLI),
    },
    Metric {
        name: "unmet_rate",
        zh: "需求未满足率",
        formula: Ratio(c::UNMET_MILLIHOURS, c::NEED_MILLIHOURS),
    },
    Metric {
        name: "unmet_persons_rate",
        zh: "需求未完全满足者比例",
        formula: Ratio(c::UNMET_PERSONS, c::IN_NEED),
    },
    Metric {
        name: "unmet_adl_rate",
        zh: "失能者需求未满足比例",
        formula: Ratio(c::UNMET_ADL, c::ADL),
    },
    Metric {
        name: "isolated_rate",
        zh: "独居老人孤立率",
        formula: Ratio(c::ISOLATED, c::LIVING_ALONE_60),
    },
    Metric {
        name: "mean_identity",
        zh: "互助认同（50岁及以上）",
        formula: ScaledRatio(c::IDENTITY_50_MICRO, c::RESIDENTS_50, MICRO),
    },
    Metric {
        name: "mean_trust",
        zh: "对村干部的信任",
        formula: ScaledRatio(c::TRUST_16_MICRO, c::ADULTS, MICRO),
    },
    Metric {
        name: "strong_ties",
        zh: "人均强关系",
        formula: Ratio(c::STRONG_TIE_ENDS, c::ADULTS),
    },
    Metric {
        name: "weak_ties",
        zh: "人均弱关系",
        formula: Ratio(c::WEAK_TIE_ENDS, c::ADULTS),
    },
    Metric {
        name: "credits_outstanding",
        zh: "时间银行余额（小时）",
        formula: Scaled(c::CREDITS_MILLIHOURS, MILLI),
    },
    Metric {
        name: "public_spending",
        zh: "公共支出（元）",
        formula: Scaled(c::PUBLIC_MILLIYUAN, MILLI),
    },
    Metric {
        name: "offbudget_spending",
        zh: "集体分红支出（元）",
        formula: Scaled(c::OFFBUDGET_MILLIYUAN, MILLI),
    },
    Metric {
        name: "registered",
        zh: "户籍人口",
        formula: Count(c::REGISTERED),
    },
    Metric {
        name: "working_age",
        zh: "16–59岁常住人口",
        formula: Count(c::WORKING_AGE),
    },
    Metric {
        name: "births",
        zh: "出生",
        formula: Count(c::BIRTHS),
    },
    Metric {
        name: "deaths",
        zh: "死亡",
        formula: Count(c::DEATHS),
    },
    Metric {
        name: "newcomers",
        zh: "婚入",
        formula: Count(c::NEWCOMERS),
    },
    Metric {
        name: "married_out",
        zh: "外嫁",
        formula: Count(c::MARRIED_OUT),
    },
    Metric {
        name: "settled_away",
        zh: "外迁定居",
        formula: Count(c::SETTLED_AWAY),
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
        let mut a = [0u64; c::COUNT];
        let mut b = [0u64; c::COUNT];
        a[c::ISOLATED] = 1;
        a[c::LIVING_ALONE_60] = 10;
        b[c::ISOLATED] = 9;
        b[c::LIVING_ALONE_60] = 10;
        let mut total = vec![a];
        add(&mut total, &[b]);
        let rate = metric("isolated_rate").unwrap();
        assert_eq!(rate.value(&total[0]), 0.5);
        assert_eq!(rate.value(&[0u64; c::COUNT]), 0.0);
    }

    #[test]
    fn names_are_unique() {
        for (k, m) in METRICS.iter().enumerate() {
            assert!(METRICS[k + 1..].iter().all(|n| n.name != m.name), "{}", m.name);
        }
    }
}
