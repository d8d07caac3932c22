//! Monthly probabilities precomputed from the yearly figures of the parameters (MODEL.md §7, Units), and
//! for the events timed by hazard clocks (`clock.rs`) their monthly hazards: r / 12 for a yearly hazard
//! r, −ln(1 − q) for a monthly chance q given otherwise. Transcendental functions come from the pure-Rust
//! `libm`, so the numbers are the same on any machine.

use crate::scenario::levers::LeversInForce;
use crate::scenario::Params;

use super::clock::{hazard, Clock};
use super::person::{Need, Sex, Status};
use super::rng::Binomials;

/// The chance that a marrying villager of this sex marries a newcomer: `2 · marry_in · share`, so that on
/// average `marry_in` of marriages bring a newcomer and `bride_share` of newcomers are brides.
pub fn newcomer_chance(p: &Params, villager: Sex) -> f64 {
    let share = if villager == Sex::M {
        p.demography.bride_share
    } else {
        1.0 - p.demography.bride_share
    };
    (2.0 * p.demography.marry_in * share).min(1.0)
}

pub const MAX_AGE_YEARS: usize = 110;

/// A yearly hazard r as a monthly probability: 1 − exp(−r/12).
pub fn monthly_from_hazard(r: f64) -> f64 {
    1.0 - libm::exp(-r / 12.0)
}

/// A yearly probability p as a monthly probability: 1 − (1 − p)^(1/12).
pub fn monthly_from_probability(p: f64) -> f64 {
    1.0 - libm::pow(1.0 - p.min(1.0), 1.0 / 12.0)
}

/// Competing yearly probabilities out of one state: the monthly chance of leaving it, with the total
/// hazard h = −ln(1 − Σp); destinations share it in proportion to p.
pub fn monthly_competing(ps: &[f64]) -> f64 {
    let total: f64 = ps.iter().sum();
    if total >= 1.0 {
        return 1.0;
    }
    let h = -libm::log(1.0 - total);
    1.0 - libm::exp(-h / 12.0)
}

/// Band index of an age in years for bands starting at `starts` (ascending); None below the first.
pub fn band(starts: &[u32], age: u32) -> Option<usize> {
    starts.iter().rposition(|&s| age >= s)
}

pub const HEALTH_BANDS: [u32; 9] = [0, 50, 60, 65, 70, 75, 80, 85, 90];
pub const MARRIAGE_BANDS: [u32; 4] = [20, 25, 30, 35];
pub const FERTILITY_BANDS: [u32; 7] = [15, 20, 25, 30, 35, 40, 45];
pub const AWAY_BANDS: [u32; 10] = [16, 20, 25, 30, 35, 40, 45, 50, 55, 60];
pub const RETURN_BANDS: [u32; 12] = [0, 16, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65];
pub const PREVALENCE_BANDS: [u32; 5] = [0, 50, 60, 70, 80];

/// Health transitions of one band, monthly: for each state the hazard of leaving it and where to.
#[derive(Clone, Debug)]
pub struct HealthBand {
    pub leave: [f64; 4],
    /// For each state, the destinations with their cumulative shares of the leaving chance.
    pub split: [Vec<(Need, f64)>; 4],
}

#[derive(Clone, Debug)]
pub struct Rates {
    /// The clock hazards by age in years (`MAX_AGE_YEARS` and over share the last row), without and with
    /// the `outmigration` lever's scale of leaving.
    clocks: [Vec<ClockHazards>; 2],
    /// Monthly hazard of leaving the unmarried state (marrying, or for a woman marrying out) by sex and
    /// age in years, and for a woman the share of such events that are marrying out.
    pub marriage: [Vec<f64>; 2],
    pub marry_out_share: Vec<f64>,
    /// Monthly hazard of a birth by the mother's age in years.
    pub fertility: Vec<f64>,
    /// The share of the endings of an absence that are a return, by age in years (the hazard of ending
    /// an absence is in the clock rows).
    pub return_share: Vec<f64>,
    /// Monthly hazard of reconsidering mutual aid, for the not willing (adopt) and the willing (quit).
    pub reconsider: [f64; 2],
    health: Vec<HealthBand>,
    /// The health band of each age in years (a lookup instead of a search each person-month).
    health_band_of_age: Vec<u8>,
    /// Hours a month by need level, in thousandths of an hour (fixed point, so sums are exact).
    pub need_millihours: [u64; 4],
    /// Meetings a month over a person's strong ties, and over weak ties without and with the
    /// `community_activities` multiplier.
    pub meet_strong: Binomials,
    pub meet_weak: [Binomials; 2],
    /// Ties asked for mutual aid a month, out of a person's ties (`care.tie_match` each).
    pub tie_match: Binomials,
}

impl Rates {
    pub fn new(p: &Params) -> Rates {
        let ages = 0..=MAX_AGE_YEARS as u32;
        let mortality_band = |age: u32| ((age / 5) as usize).min(p.demography.mortality_male.len() - 1);
        let mut death = Vec::with_capacity(2 * (MAX_AGE_YEARS + 1));
        for sex in [Sex::F, Sex::M] {
            for age in ages.clone() {
                let table = if sex == Sex::M {
                    &p.demography.mortality_male
                } else {
                    &p.demography.mortality_female
                };
                let m = table[mortality_band(age)] / 1000.0 * p.demography.mortality_scale;
                let mut by_need = [0.0; 4];
                for (need, slot) in by_need.iter_mut().enumerate() {
                    *slot = m * p.health.mortality_multiplier[need] / 12.0;
                }
                death.push(by_need);
            }
        }
        let by_age = |starts: &[u32], values: &[f64], f: &dyn Fn(f64) -> f64| -> Vec<f64> {
            ages.clone()
                .map(|a| band(starts, a).map_or(0.0, |b| f(values[b])))
                .collect()
        };
        let marry: Vec<f64> = by_age(&MARRIAGE_BANDS, &p.demography.marriage, &monthly_from_hazard)
            .into_iter()
            .enumerate()
            .map(|(a, x)| if a < 40 { x } else { 0.0 })
            .collect();
        // A woman 20–39 first may marry out, then may marry: out with chance o, married with (1 − o)·m.
        // One clock at the summed hazard has chance 1 − (1 − o)(1 − m), of which o is marrying out.
        let out = monthly_from_hazard(p.demography.marry_out);
        let marry_out_share = marry
            .iter()
            .enumerate()
            .map(|(a, &m)| {
                let any = 1.0 - (1.0 - out) * (1.0 - m);
                if (20..40).contains(&a) && any > 0.0 {
                    out / any
                } else {
                    0.0
                }
            })
            .collect();
        let marriage = [Sex::F, Sex::M].map(|sex| {
            marry
                .iter()
                .enumerate()
                .map(|(a, &m)| {
                    let out = if sex == Sex::F && (20..40).contains(&a) {
                        out
                    } else {
                        0.0
                    };
                    hazard(m) + hazard(out)
                })
                .collect()
        });
        let fertility = by_age(&FERTILITY_BANDS, &p.demography.fertility, &|r| r / 12.0)
            .into_iter()
            .enumerate()
            .map(|(a, x)| if a < 50 { x } else { 0.0 })
            .collect();
        let leave_hazard: Vec<f64> = by_age(&AWAY_BANDS[..9], &p.migration.leave, &|x| x)
            .into_iter()
            .enumerate()
            .map(|(a, x)| if a < 60 { x } else { 0.0 })
            .collect();
        let (end_absence, return_share): (Vec<f64>, Vec<f64>) = ages
            .clone()
            .map(|a| {
                let ret = p.migration.r#return[band(&RETURN_BANDS, a).unwrap_or(0)];
                let h = ret + p.migration.settle_away;
                if h > 0.0 {
                    (h / 12.0, ret / h)
                } else {
                    (0.0, 0.0)
                }
            })
            .unzip();
        let health: Vec<HealthBand> = (0..HEALTH_BANDS.len()).map(|b| health_band(p, b)).collect();
        let health_band_of_age: Vec<u8> = ages
            .clone()
            .map(|a| band(&HEALTH_BANDS, a).unwrap_or(0) as u8)
            .collect();
        let clocks = [1.0, p.levers.outmigration.scale].map(|scale| {
            (0..=MAX_AGE_YEARS)
                .map(|a| ClockHazards {
                    death: [a, MAX_AGE_YEARS + 1 + a].map(|row| death[row]),
                    migration: [leave_hazard[a] * scale / 12.0, end_absence[a]],
                    health: health[health_band_of_age[a] as usize].leave,
                })
                .collect()
        });
        let mut need_millihours = [0; 4];
        for (level, hours) in p.care.need_hours.iter().enumerate() {
            need_millihours[level + 1] = (hours * 1000.0).round() as u64;
        }
        Rates {
            clocks,
            marriage,
            marry_out_share,
            fertility,
            return_share,
            reconsider: [
                hazard(p.behaviour.adopt_rate_month),
                hazard(p.behaviour.quit_rate_month),
            ],
            health,
            health_band_of_age,
            need_millihours,
            meet_strong: Binomials::new(p.network.meet_strong_month),
            meet_weak: [
                Binomials::new(p.network.meet_weak_month),
                Binomials::new(p.network.meet_weak_month * p.levers.community_activities.meet_multiplier),
            ],
            tie_match: Binomials::new(p.care.tie_match),
        }
    }

    /// Health transitions for a person of this age.
    pub fn health(&self, age_years: u32) -> &HealthBand {
        let age = (age_years as usize).min(MAX_AGE_YEARS);
        &self.health[self.health_band_of_age[age] as usize]
    }

    /// The clock hazards of this month, without or with the `outmigration` lever in force.
    pub fn clocks(&self, levers: &LeversInForce) -> &[ClockHazards] {
        &self.clocks[usize::from(levers.outmigration.is_some())]
    }
}

fn health_band(p: &Params, b: usize) -> HealthBand {
    let (onset, prog, rec) = (p.health.onset[b], p.health.progress[b], p.health.recover[b]);
    let s = &p.health.onset_split;
    let recovered = if rec + prog > 0.0 { rec / (rec + prog) } else { 1.0 };
    HealthBand {
        leave: [
            monthly_from_probability(onset),
            monthly_competing(&[rec, prog]),
            monthly_competing(&[rec, prog]),
            0.0,
        ]
        .map(hazard),
        split: [
            vec![
                (Need::Light, s[0]),
                (Need::Moderate, s[0] + s[1]),
                (Need::Severe, f64::INFINITY),
            ],
            vec![(Need::None, recovered), (Need::Moderate, f64::INFINITY)],
            vec![(Need::Light, recovered), (Need::Severe, f64::INFINITY)],
            vec![],
        ],
    }
}

/// The monthly hazards of the clocks that every registered person runs every month (death, migration,
/// health) at one age in years, side by side, so that the month's pass over everyone finds all three
/// in one row.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ClockHazards {
    /// Death, by sex and need.
    pub death: [[f64; 4]; 2],
    /// Leaving the village (for a resident) and ending an absence (for a person away).
    pub migration: [f64; 2],
    /// Leaving one's level of need, by need.
    pub health: [f64; 4],
}

impl ClockHazards {
    /// The row of a person's age in months in a table by age in years (the oldest row for all older).
    #[inline]
    pub fn row(table: &[ClockHazards], age_months: u16) -> &ClockHazards {
        &table[(age_months as usize / 12).min(table.len() - 1)]
    }

    /// The hazard of the death, migration or health clock for a person in this state.
    #[inline]
    pub fn of(&self, clock: Clock, status: Status, sex: Sex, need: Need) -> f64 {
        match clock {
            Clock::Death => self.death[sex as usize][need as usize],
            Clock::Migration => self.migration[usize::from(status != Status::Resident)],
            Clock::Health => self.health[need as usize],
            _ => unreachable!("only death, migration and health have a row of hazards by age"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newcomers_are_marry_in_on_average_and_mostly_brides() {
        let p = crate::scenario::Scenario::builtin_baseline().params;
        let m = newcomer_chance(&p, Sex::M);
        let f = newcomer_chance(&p, Sex::F);
        assert!(((m + f) / 2.0 - p.demography.marry_in).abs() < 1e-12);
        assert!((m / (m + f) - p.demography.bride_share).abs() < 1e-12);
    }

    /// Each clock reads its own entry of a row (death by sex and need, migration by whether the person is
    /// away, health by need), and the oldest row serves every older age.
    #[test]
    fn each_clock_reads_its_own_hazard_from_the_row_of_its_age() {
        let row = ClockHazards {
            death: [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]],
            migration: [9.0, 10.0],
            health: [11.0, 12.0, 13.0, 14.0],
        };
        assert_eq!(row.of(Clock::Death, Status::Resident, Sex::M, Need::Moderate), 7.0);
        assert_eq!(row.of(Clock::Death, Status::Away, Sex::F, Need::None), 1.0);
        assert_eq!(row.of(Clock::Migration, Status::Resident, Sex::F, Need::Light), 9.0);
        assert_eq!(row.of(Clock::Migration, Status::Away, Sex::M, Need::Light), 10.0);
        assert_eq!(row.of(Clock::Health, Status::Away, Sex::M, Need::Severe), 14.0);
        let table = [ClockHazards::default(), row];
        assert_eq!(ClockHazards::row(&table, 11), &table[0]);
        assert_eq!(ClockHazards::row(&table, 12), &row);
        assert_eq!(ClockHazards::row(&table, 80 * 12), &row);
    }

    #[test]
    fn twelve_monthly_chances_make_the_yearly_probability() {
        let m = monthly_from_probability(0.3);
        assert!(((1.0 - m).powi(12) - 0.7).abs() < 1e-12);
        let h = monthly_from_hazard(0.5);
        assert!(((1.0 - h).powi(12) - (-0.5f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn competing_risks_add_up_to_the_total_yearly_probability() {
        let m = monthly_competing(&[0.2, 0.1]);
        assert!(((1.0 - m).powi(12) - 0.7).abs() < 1e-12);
        assert_eq!(monthly_competing(&[0.6, 0.5]), 1.0);
    }

    /// One clock at the summed hazard of marrying out and marrying gives a woman the two chances of
    /// first marrying out (o) and otherwise marrying (m): out with o, married with (1 − o)·m.
    #[test]
    fn the_marriage_clock_keeps_both_chances_of_a_woman() {
        let p = crate::scenario::Scenario::builtin_baseline().params;
        let r = Rates::new(&p);
        let o = monthly_from_hazard(p.demography.marry_out);
        for age in [20usize, 27, 39] {
            let m = monthly_from_hazard(p.demography.marriage[(age - 20) / 5]);
            let event = 1.0 - (-r.marriage[Sex::F as usize][age]).exp();
            let out = event * r.marry_out_share[age];
            assert!((out - o).abs() < 1e-12, "age {age}: out {out} vs {o}");
            assert!((event - out - (1.0 - o) * m).abs() < 1e-12, "age {age}: married");
            let men = 1.0 - (-r.marriage[Sex::M as usize][age]).exp();
            assert!((men - m).abs() < 1e-12, "age {age}: men {men} vs {m}");
        }
        assert_eq!(r.marriage[Sex::F as usize][40], 0.0);
    }

    /// Each row of clock hazards holds, for its age, the death rate of the sex's mortality band times the
    /// need's multiplier, the leaving rate (scaled under the `outmigration` lever) and the ending of an
    /// absence (of which returns are their band's share), and the health band's hazards of leaving each
    /// level of need, all per month.
    #[test]
    fn clock_hazard_rows_hold_the_rates_of_their_age() {
        let mut p = crate::scenario::Scenario::builtin_baseline().params;
        p.levers.outmigration.scale = 1.5;
        let r = Rates::new(&p);
        for (lever, scale) in [(0, 1.0), (1, 1.5)] {
            let table = &r.clocks[lever];
            assert_eq!(table.len(), MAX_AGE_YEARS + 1);
            for age in [0u32, 17, 23, 45, 59, 60, 72, 95, 110] {
                let row = &table[age as usize];
                let five_years = ((age / 5) as usize).min(p.demography.mortality_male.len() - 1);
                for (sex, rates) in [
                    (Sex::F, &p.demography.mortality_female),
                    (Sex::M, &p.demography.mortality_male),
                ] {
                    for need in 0..4 {
                        let death = rates[five_years] / 1000.0
                            * p.demography.mortality_scale
                            * p.health.mortality_multiplier[need]
                            / 12.0;
                        assert!(
                            (row.death[sex as usize][need] - death).abs() < 1e-15,
                            "age {age}, {sex:?}"
                        );
                    }
                }
                let leave = band(&AWAY_BANDS[..9], age)
                    .filter(|_| age < 60)
                    .map_or(0.0, |b| p.migration.leave[b]);
                assert!(
                    (row.migration[0] - leave * scale / 12.0).abs() < 1e-15,
                    "age {age}: leaving"
                );
                let ret = p.migration.r#return[band(&RETURN_BANDS, age).unwrap_or(0)];
                let end = ret + p.migration.settle_away;
                assert!(
                    (row.migration[1] - end / 12.0).abs() < 1e-15,
                    "age {age}: ending an absence"
                );
                assert!(
                    (r.return_share[age as usize] - ret / end).abs() < 1e-15,
                    "age {age}: returns"
                );
                assert_eq!(row.health, r.health(age).leave);
            }
        }
    }

    #[test]
    fn bands_start_where_they_say() {
        assert_eq!(band(&HEALTH_BANDS, 49), Some(0));
        assert_eq!(band(&HEALTH_BANDS, 50), Some(1));
        assert_eq!(band(&HEALTH_BANDS, 104), Some(8));
        assert_eq!(band(&AWAY_BANDS, 15), None);
    }
}
