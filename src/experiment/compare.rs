//! Comparing scenarios with common random numbers: paired differences of final-year means across
//! replicates, and cost-effectiveness (extra public yuan per unmet care hour averted) with a bootstrap
//! interval over replicates.

use rand::{RngExt, SeedableRng};

use crate::engine::ScenarioRun;
use crate::metrics::{final_year_mean, Counter, Metric, METRICS};
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

/// Extra public spending per unmet care hour averted, over the whole horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct CostEffectiveness {
    /// Per replicate, averaged: extra public yuan, unmet hours averted, extra off-budget yuan.
    pub extra_yuan: f64,
    pub hours_averted: f64,
    pub offbudget_yuan: f64,
    /// Σ extra / Σ averted over replicates; None when no hours are averted.
    pub yuan_per_hour: Option<f64>,
    /// Bootstrap 95 % interval over replicates; None when it cannot be formed.
    pub ci: Option<(f64, f64)>,
    /// Per replicate, averaged: extra person-months of mutual, formal or volunteer care received.
    pub extra_recipient_months: f64,
    /// Σ extra yuan / Σ extra recipient-months, with its bootstrap interval.
    pub yuan_per_recipient_month: Option<f64>,
    pub recipient_ci: Option<(f64, f64)>,
}

const BOOTSTRAP_SAMPLES: usize = 2000;

/// Horizon totals of a counter per replicate.
fn horizon(run: &ScenarioRun, counter: Counter) -> Vec<f64> {
    run.replicates
        .iter()
        .map(|r| r.months.iter().map(|m| counter(m) as f64).sum::<f64>() / 1000.0)
        .collect()
}

/// The ratio of paired sums, with a bootstrap over replicates. The bootstrap draws from its own
/// generator, seeded from `seed`; it never touches the model's streams.
pub fn cost_effectiveness(run: &ScenarioRun, reference: &ScenarioRun, seed: u64) -> CostEffectiveness {
    let pairs = |counter: Counter| -> Vec<f64> {
        horizon(run, counter)
            .iter()
            .zip(horizon(reference, counter))
            .map(|(a, b)| a - b)
            .collect()
    };
    let extra = pairs(|m| m.public_milliyuan);
    let averted: Vec<f64> = pairs(|m| m.unmet_millihours).iter().map(|x| -x).collect();
    let offbudget = pairs(|m| m.offbudget_milliyuan);
    // (horizon() reads thousandths: recipients are whole persons, so back to person-months)
    let recipients: Vec<f64> = pairs(|m| m.care_recipients).iter().map(|x| x * 1000.0).collect();
    let n = extra.len();
    let (point, ci) = ratio_with_interval(&extra, &averted, seed);
    let (per_recipient, recipient_ci) = ratio_with_interval(&extra, &recipients, seed);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n.max(1) as f64;
    CostEffectiveness {
        extra_yuan: mean(&extra),
        hours_averted: mean(&averted),
        offbudget_yuan: mean(&offbudget),
        yuan_per_hour: point,
        ci,
        extra_recipient_months: mean(&recipients),
        yuan_per_recipient_month: per_recipient,
        recipient_ci,
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
                let m = Counters {
                    unmet_millihours: u * 1000,
                    public_milliyuan: p * 1000,
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
        assert_eq!(ce.yuan_per_hour, Some(1.5));
        let (lo, hi) = ce.ci.unwrap();
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
        assert!((ce.yuan_per_recipient_month.unwrap() - 40.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn no_hours_averted_is_not_applicable() {
        let base = fake_run(&[100, 100], &[0, 0]);
        let worse = fake_run(&[100, 110], &[5, 5]);
        let ce = cost_effectiveness(&worse, &base, 1);
        assert_eq!((ce.yuan_per_hour, ce.ci), (None, None));
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
