//! Comparing scenarios with common random numbers: paired differences of final-year means across
//! replicates, and cost-effectiveness (extra yuan per unmet care hour averted, from each perspective of
//! `costs`) with a bootstrap interval over replicates.

use rand::{RngExt, SeedableRng};

use crate::costs::{totals, Perspective, Totals, PERSPECTIVES};
use crate::engine::ScenarioRun;
use crate::metrics::{final_year_mean, Metric, METRICS};
use crate::model::rng::Draws;
use crate::scenario::Scenario;
use crate::stats::{summarize, Summary};

/// Gives every scenario the baseline's run section (seed, replicates, years, first year), and makes
/// scenario names unique (a name seen before gets `_2`, `_3`, …).
pub fn align(scenarios: &mut [Scenario]) {
    let run = scenarios[0].params.run.clone();
    let mut seen: Vec<String> = Vec::new();
    for s in scenarios.iter_mut() {
        s.params.run = run.clone();
        let mut name = s.name.clone();
        let mut n = 1;
        while seen.contains(&name) {
            n += 1;
            name = format!("{}_{n}", s.name);
        }
        seen.push(name.clone());
        s.name = name;
    }
}

/// One scenario's effect on one metric, against a reference run.
#[derive(Clone, Debug)]
pub struct Effect {
    pub metric: &'static Metric,
    pub mean: f64,
    pub reference_mean: f64,
    /// The paired differences (scenario − reference) of final-year means, across replicates.
    pub diff: Summary,
}

impl Effect {
    pub fn significant(&self) -> bool {
        self.diff.ci.is_some_and(|(lo, hi)| lo > 0.0 || hi < 0.0)
    }

    pub fn rel_change(&self) -> Option<f64> {
        (self.reference_mean != 0.0).then(|| self.diff.mean / self.reference_mean)
    }
}

/// Effects of `run` against `reference` on every metric; replicate r is paired with replicate r.
pub fn effects(run: &ScenarioRun, reference: &ScenarioRun) -> Vec<Effect> {
    METRICS
        .iter()
        .map(|m| {
            let ours: Vec<f64> = run.replicates.iter().map(|r| final_year_mean(m, &r.months)).collect();
            let theirs: Vec<f64> = reference
                .replicates
                .iter()
                .map(|r| final_year_mean(m, &r.months))
                .collect();
            let diffs: Vec<f64> = ours.iter().zip(&theirs).map(|(a, b)| a - b).collect();
            Effect {
                metric: m,
                mean: summarize(&ours).mean,
                reference_mean: summarize(&theirs).mean,
                diff: summarize(&diffs),
            }
        })
        .collect()
}

/// A programme's extra cost from one perspective, per unmet care hour averted and per extra
/// person-month of care received, over the whole horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct PerspectiveCost {
    pub perspective: Perspective,
    /// Per replicate, averaged: extra yuan.
    pub extra_yuan: f64,
    /// Σ extra / Σ averted over replicates; None when no hours are averted; with its bootstrap 95 %
    /// interval over replicates, None when it cannot be formed.
    pub yuan_per_hour: Option<f64>,
    pub ci: Option<(f64, f64)>,
    /// Σ extra yuan / Σ extra recipient-months, with its bootstrap interval.
    pub yuan_per_recipient_month: Option<f64>,
    pub recipient_ci: Option<(f64, f64)>,
}

/// A programme's cost-effectiveness against a reference, from every perspective (in the order of
/// `PERSPECTIVES`), costs and effects discounted at `discount_rate`.
#[derive(Clone, Debug, PartialEq)]
pub struct CostEffectiveness {
    /// Per replicate, averaged: unmet hours averted and extra person-months of mutual, formal or
    /// volunteer care received.
    pub hours_averted: f64,
    pub extra_recipient_months: f64,
    pub discount_rate: f64,
    pub perspectives: Vec<PerspectiveCost>,
}

impl CostEffectiveness {
    /// The cost to the public budget, the figure a finance office reads first.
    pub fn public(&self) -> &PerspectiveCost {
        &self.perspectives[0]
    }
}

const BOOTSTRAP_SAMPLES: usize = 2000;

/// Each replicate's totals: priced at the run's own unit costs, discounted at `rate`.
pub fn replicate_totals(run: &ScenarioRun, rate: f64) -> Vec<Totals> {
    run.replicates
        .iter()
        .map(|r| totals(&run.params, &r.months, rate))
        .collect()
}

/// The cost-effectiveness of `run` against `reference`, replicate r paired with replicate r, at the
/// reference's discount rate. The bootstraps draw from a generator of their own, seeded from `seed`;
/// they never touch the model's streams.
pub fn cost_effectiveness(run: &ScenarioRun, reference: &ScenarioRun, seed: u64) -> CostEffectiveness {
    let rate = reference.params.costs.discount_rate;
    let (ours, theirs) = (replicate_totals(run, rate), replicate_totals(reference, rate));
    let pairs =
        |f: &dyn Fn(&Totals) -> f64| -> Vec<f64> { ours.iter().zip(&theirs).map(|(a, b)| f(a) - f(b)).collect() };
    let averted: Vec<f64> = pairs(&|t| -t.unmet_hours);
    let recipients = pairs(&|t| t.recipient_months);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let perspectives = PERSPECTIVES
        .iter()
        .enumerate()
        .map(|(k, &perspective)| {
            let extra = pairs(&|t| t.cost[k]);
            let (yuan_per_hour, ci) = ratio_with_interval(&extra, &averted, seed);
            let (yuan_per_recipient_month, recipient_ci) = ratio_with_interval(&extra, &recipients, seed);
            PerspectiveCost {
                perspective,
                extra_yuan: mean(&extra),
                yuan_per_hour,
                ci,
                yuan_per_recipient_month,
                recipient_ci,
            }
        })
        .collect();
    CostEffectiveness {
        hours_averted: mean(&averted),
        extra_recipient_months: mean(&recipients),
        discount_rate: rate,
        perspectives,
    }
}

/// Σ cost / Σ effect over paired replicates (None when the effect is not positive), with a bootstrap
/// interval over replicates from a generator of its own, seeded from `seed`; it never touches the
/// model's streams.
fn ratio_with_interval(cost: &[f64], effect: &[f64], seed: u64) -> (Option<f64>, Option<(f64, f64)>) {
    let n = cost.len();
    let ratio = |idx: &mut dyn Iterator<Item = usize>| {
        let (mut e, mut a) = (0.0, 0.0);
        for k in idx {
            e += cost[k];
            a += effect[k];
        }
        (a > 0.0).then(|| e / a)
    };
    let point = ratio(&mut (0..n));
    let mut ci = None;
    if point.is_some() && n >= 2 {
        let mut rng = Draws::seed_from_u64(seed);
        let mut samples: Vec<f64> = (0..BOOTSTRAP_SAMPLES)
            .filter_map(|_| ratio(&mut (0..n).map(|_| rng.random_range(0..n)).collect::<Vec<_>>().into_iter()))
            .collect();
        // An interval only when nearly every resample has an effect; otherwise the ratio is unstable.
        if samples.len() >= BOOTSTRAP_SAMPLES * 95 / 100 {
            samples.sort_by(f64::total_cmp);
            let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
            ci = Some((at(0.025), at(0.975)));
        }
    }
    (point, ci)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Replicate;
    use crate::metrics::Counters;

    fn fake_run(unmet: &[u64], spending: &[u64]) -> ScenarioRun {
        fake_run_helped(unmet, spending, &vec![0; unmet.len()])
    }

    fn fake_run_helped(unmet: &[u64], spending: &[u64], helped: &[u64]) -> ScenarioRun {
        let s = Scenario::builtin_baseline();
        let params = s.params.clone();
        let replicates = unmet
            .iter()
            .zip(spending)
            .zip(helped)
            .map(|((&u, &p), &h)| {
                // Public money as bought care: what the pricing reads back as it was recorded.
                let mut public_by_lever = [0; crate::scenario::levers::LEVERS];
                public_by_lever[crate::scenario::levers::Lever::Subsidy as usize] = p * 1000;
                let m = Counters {
                    unmet_millihours: u * 1000,
                    public_milliyuan: p * 1000,
                    public_by_lever,
                    care_recipients: h,
                    ..Counters::default()
                };
                Replicate {
                    seed: 0,
                    months: vec![m; 12],
                    observed: Default::default(),
                }
            })
            .collect();
        ScenarioRun {
            scenario: s,
            params,
            replicates,
        }
    }

    #[test]
    fn cost_per_hour_is_the_ratio_of_paired_sums() {
        let base = fake_run(&[100, 100, 100], &[0, 0, 0]);
        let policy = fake_run(&[90, 80, 70], &[10, 20, 60]);
        let ce = cost_effectiveness(&policy, &base, 1);
        // Σ extra = 12 × 90, Σ averted = 12 × 60.
        assert_eq!(ce.public().yuan_per_hour, Some(1.5));
        let (lo, hi) = ce.public().ci.unwrap();
        assert!(lo <= 1.5 && 1.5 <= hi && lo >= 0.9 && hi <= 2.0, "{lo} {hi}");
        assert_eq!(ce.hours_averted, 12.0 * 20.0);
    }

    #[test]
    fn cost_per_recipient_month_is_the_ratio_of_paired_sums() {
        let base = fake_run_helped(&[100, 100], &[0, 0], &[3, 3]);
        let policy = fake_run_helped(&[90, 90], &[10, 30], &[5, 7]);
        let ce = cost_effectiveness(&policy, &base, 1);
        // Σ extra = 12 × 40 yuan, Σ extra recipients = 12 × 6 person-months.
        assert_eq!(ce.extra_recipient_months, 12.0 * 3.0);
        assert!((ce.public().yuan_per_recipient_month.unwrap() - 40.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn no_hours_averted_is_not_applicable() {
        let base = fake_run(&[100, 100], &[0, 0]);
        let worse = fake_run(&[100, 110], &[5, 5]);
        let ce = cost_effectiveness(&worse, &base, 1);
        assert_eq!((ce.public().yuan_per_hour, ce.public().ci), (None, None));
    }

    #[test]
    fn a_scenario_compared_with_itself_has_no_effect() {
        let run = fake_run(&[100, 90, 80], &[1, 2, 3]);
        for e in effects(&run, &run) {
            // Rates whose denominators this run leaves at zero have no value and no pair.
            assert!(
                e.diff.mean == 0.0 || (e.diff.n == 0 && e.diff.mean.is_nan()),
                "{}",
                e.metric.name
            );
            assert!(!e.significant());
        }
    }

    #[test]
    fn aligned_scenarios_share_the_run_section_and_get_unique_names() {
        let mut a = Scenario::builtin_baseline();
        a.set("run.years=3", "t").unwrap();
        let mut b = Scenario::builtin_baseline();
        b.set("run.seed=99", "t").unwrap();
        let mut all = vec![a, b];
        align(&mut all);
        assert_eq!(all[1].params.run.years, 3);
        assert_eq!(all[1].params.run.seed, 2024);
        assert_eq!(all[1].name, "baseline_2");
    }
}
