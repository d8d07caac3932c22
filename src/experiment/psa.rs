//! Probabilistic sensitivity analysis of costs (`compare --psa N`, docs/costs.md): N draws of the unit
//! costs from their plausible ranges (and, with `--psa-vary`, of other parameters), each programme's
//! incremental cost and effect against the baseline in every draw (the cost-effectiveness plane), and
//! the probability that each is the best choice at a willingness to pay per unmet hour averted (the
//! acceptability curve). A draw that changes only costs that change nothing the model does prices the
//! runs already made again; a draw that changes anything else runs the scenarios again, with the same
//! seeds. The draws come from a generator of their own, seeded from the run seed; they never touch the
//! model's streams.

use rand::{RngExt, SeedableRng};

use super::design::Factor;
use crate::costs::{totals, Perspective, PERSPECTIVES};
use crate::engine::{Run, ScenarioRun};
use crate::error::{Error, Result};
use crate::lang::code_list;
use crate::model::rng::{mix, Draws};
use crate::scenario::declare::{Section, Value};
use crate::scenario::levers::Period;
use crate::scenario::registry::registry;
use crate::scenario::{Params, Scenario};

/// A parameter the analysis draws, from a triangular distribution on `low..=high` around each
/// scenario's own value (the range stretched to hold it).
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    pub key: String,
    pub low: f64,
    pub high: f64,
    /// True for a unit cost that changes nothing the model does: a draw of it prices runs again.
    pub reprice: bool,
}

/// What `compare --psa` was asked for.
#[derive(Clone, Debug)]
pub struct Spec {
    pub draws: usize,
    pub uncertain: Vec<Uncertain>,
    /// Unit costs that change what the model does, held at each scenario's value.
    pub held: Vec<String>,
    pub perspective: Perspective,
    /// Willingness to pay per unmet hour averted, 0 to `wtp_max` in `wtp_steps` steps.
    pub wtp_max: f64,
    pub wtp_steps: usize,
}

impl Spec {
    /// Every unit cost with a plausible range that changes nothing the model does, `ranges`
    /// (`KEY=LO:HI`) replacing such a range, and `vary` adding a unit cost that changes behaviour
    /// (`KEY`, from its plausible range) or any other parameter of one number (`KEY=LO:HI`), whose
    /// draws need runs.
    pub fn new(draws: usize, ranges: &[String], vary: &[String], perspective: &str, wtp: (f64, usize)) -> Result<Spec> {
        let perspective = Perspective::from_key(perspective).ok_or_else(|| {
            let keys = code_list(PERSPECTIVES.iter().map(|p| p.key()));
            Error::input(
                "--psa-perspective",
                None,
                text!(
                    "`{perspective}` is not a perspective; allowed: ",
                    "`{perspective}` 不是成本视角；允许："
                )
                .then("", "", &keys),
            )
        })?;
        if draws == 0 {
            return Err(Error::input(
                "--psa",
                None,
                text!(
                    "0 draws; allowed: a whole number from 1",
                    "抽样 0 次；允许：不小于 1 的整数"
                ),
            ));
        }
        if !(wtp.0.is_finite() && wtp.0 > 0.0) || wtp.1 == 0 {
            return Err(Error::input(
                "--wtp-max",
                None,
                text!(
                    "{max} in {steps} steps; allowed: a positive number of yuan, at least 1 step",
                    "{max}，分 {steps} 步；允许：正的元数，至少 1 步",
                    max = wtp.0,
                    steps = wtp.1
                ),
            ));
        }
        let costs: Vec<Uncertain> = registry()
            .params
            .iter()
            .filter_map(|p| {
                p.plausible().map(|(low, high, reprice)| Uncertain {
                    key: p.key.clone(),
                    low,
                    high,
                    reprice,
                })
            })
            .collect();
        // The unit costs that change nothing the model does are drawn; those that do (the subsidy's,
        // the dividend) are held at the scenario's value unless --psa-vary names them.
        let (mut uncertain, mut held): (Vec<Uncertain>, Vec<Uncertain>) = costs.into_iter().partition(|u| u.reprice);
        for text in ranges {
            let f = Factor::parse_option(text, "--psa-range")?;
            let Some(u) = uncertain.iter_mut().find(|u| u.key == f.key) else {
                return Err(Error::input(
                    "--psa-range",
                    Some(&f.key),
                    text!(
                        "is not a unit cost that can be priced again; allowed: a key whose source in `huzhu params` gives a plausible range and that changes nothing the model does (the others: --psa-vary)",
                        "不是可重新定价的单位成本；允许：在 `huzhu params` 中来源给出合理范围、且不改变模型行为的键（其余的用 --psa-vary）"
                    ),
                ));
            };
            (u.low, u.high) = (f.lo, f.hi);
        }
        for text in vary {
            // A unit cost that changes behaviour may be named alone: it is drawn from its plausible range.
            let f = match held.iter().position(|u| u.key == text.trim()) {
                Some(k) => {
                    let u = held.remove(k);
                    Factor::parse_option(&format!("{}={}:{}", u.key, u.low, u.high), "--psa-vary")?
                }
                None => Factor::parse_option(text, "--psa-vary")?,
            };
            held.retain(|u| u.key != f.key);
            if f.integer || uncertain.iter().any(|u| u.key == f.key) {
                return Err(Error::input(
                    "--psa-vary",
                    Some(&f.key),
                    text!(
                        "is a whole number or is drawn already; allowed: another parameter of one number (the range of a unit cost drawn already is set with --psa-range)",
                        "是整数，或已在抽样之列；允许：其他取单个数值的参数（已抽样的单位成本，其范围用 --psa-range 设置）"
                    ),
                ));
            }
            uncertain.push(Uncertain {
                key: f.key,
                low: f.lo,
                high: f.hi,
                reprice: false,
            });
        }
        Ok(Spec {
            draws,
            uncertain,
            held: held.into_iter().map(|u| u.key).collect(),
            perspective,
            wtp_max: wtp.0,
            wtp_steps: wtp.1,
        })
    }

    pub fn wtps(&self) -> Vec<f64> {
        (0..=self.wtp_steps)
            .map(|k| self.wtp_max * k as f64 / self.wtp_steps as f64)
            .collect()
    }
}

/// The value at quantile `u` of the triangular distribution with mode `mode` on `low..=high`
/// stretched to hold the mode; the mode itself when the range has no width.
pub fn triangular(u: f64, low: f64, mode: f64, high: f64) -> f64 {
    let (a, b) = (low.min(mode), high.max(mode));
    if b <= a {
        return mode;
    }
    let f = (mode - a) / (b - a);
    if u < f {
        a + (u * (b - a) * (mode - a)).sqrt()
    } else {
        b - ((1.0 - u) * (b - a) * (b - mode)).sqrt()
    }
}

/// One programme in one draw: its incremental cost and effect against the baseline (means over
/// replicates), and the values drawn for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub draw: usize,
    /// The programme's index among the compared scenarios (1 = the first after the baseline).
    pub scenario: usize,
    pub incremental_cost: f64,
    pub hours_averted: f64,
    pub values: Vec<f64>,
}

/// The analysis: its points, and per willingness to pay the probability that each scenario (the
/// baseline first) is the best choice.
#[derive(Clone, Debug)]
pub struct Psa {
    pub spec: Spec,
    pub names: Vec<String>,
    pub points: Vec<Point>,
    /// Draws that needed new runs.
    pub runs_again: usize,
    pub ceac: Vec<(f64, Vec<f64>)>,
}

/// The value of `key` in `params` as a number.
fn number(params: &Params, key: &str) -> f64 {
    match params.get(key) {
        Some(Value::Float(x)) => x,
        _ => f64::NAN,
    }
}

/// Whether a parameter acts in a scenario: a lever's parameter only while the lever is on.
fn acts(params: &Params, key: &str) -> bool {
    let Some(lever) = key.strip_prefix("levers.").and_then(|k| k.split('.').next()) else {
        return true;
    };
    params
        .levers
        .periods()
        .iter()
        .any(|(name, period): &(&str, Period)| *name == lever && period.on)
}

/// Runs the analysis on a comparison already run (`run`, the baseline first); `run_again` runs
/// scenarios whose parameters a draw changed.
pub fn analyse(
    spec: Spec,
    scenarios: &[Scenario],
    run: &Run,
    run_again: &dyn Fn(&[Scenario]) -> Result<Run>,
) -> Result<Psa> {
    let seed = run.scenarios[0].params.run.seed;
    let mut rng = Draws::seed_from_u64(mix(seed ^ 0x7073_615f_6472_6177));
    let rate = run.scenarios[0].params.costs.discount_rate;
    let k = PERSPECTIVES.iter().position(|&p| p == spec.perspective).unwrap_or(0);
    let mut points = Vec::new();
    let mut runs_again = 0;
    for draw in 0..spec.draws {
        let quantiles: Vec<f64> = spec.uncertain.iter().map(|_| rng.random::<f64>()).collect();
        // Each scenario's drawn values, around its own.
        let drawn: Vec<Vec<f64>> = scenarios
            .iter()
            .map(|s| {
                spec.uncertain
                    .iter()
                    .zip(&quantiles)
                    .map(|(u, &q)| triangular(q, u.low, number(&s.params, &u.key), u.high))
                    .collect()
            })
            .collect();
        // Puts a draw's values into parameters: all of them, or only those that change behaviour.
        let set = |params: &mut Params, values: &[f64], only_behaviour: bool| -> Result<()> {
            for (u, &x) in spec.uncertain.iter().zip(values) {
                if (!only_behaviour || !u.reprice) && !params.set(&u.key, &Value::Float(x)) {
                    let key = &u.key;
                    return Err(Error::Failure(text!("{key} cannot be drawn", "{key} 无法抽样")));
                }
            }
            Ok(())
        };
        let changes_behaviour = scenarios.iter().zip(&drawn).any(|(s, values)| {
            spec.uncertain
                .iter()
                .zip(values)
                .any(|(u, &x)| !u.reprice && acts(&s.params, &u.key) && x != number(&s.params, &u.key))
        });
        let again;
        let runs: &Run = if changes_behaviour {
            runs_again += 1;
            let changed = scenarios
                .iter()
                .zip(&drawn)
                .map(|(s, v)| {
                    let mut s = s.clone();
                    set(&mut s.params, v, true)?;
                    Ok(s)
                })
                .collect::<Result<Vec<_>>>()?;
            again = run_again(&changed)?;
            &again
        } else {
            run
        };
        // Each scenario's replicates priced at its drawn unit costs.
        let priced: Vec<Vec<(f64, f64)>> = runs
            .scenarios
            .iter()
            .zip(scenarios.iter().zip(&drawn))
            .map(|(r, (s, v))| {
                let mut prices = s.params.clone();
                set(&mut prices, v, false)?;
                Ok(replicate_costs(r, &prices, rate, k))
            })
            .collect::<Result<_>>()?;
        let base = &priced[0];
        for (s, reps) in priced.iter().enumerate().skip(1) {
            let n = reps.len().max(1) as f64;
            let cost = reps.iter().zip(base).map(|(a, b)| a.0 - b.0).sum::<f64>() / n;
            let averted = reps.iter().zip(base).map(|(a, b)| b.1 - a.1).sum::<f64>() / n;
            points.push(Point {
                draw,
                scenario: s,
                incremental_cost: cost,
                hours_averted: averted,
                values: drawn[s].clone(),
            });
        }
    }
    let ceac = acceptability(&points, scenarios.len(), spec.draws, &spec.wtps());
    Ok(Psa {
        spec,
        names: scenarios.iter().map(|s| s.name.clone()).collect(),
        points,
        runs_again,
        ceac,
    })
}

/// Per replicate: the cost from perspective `k` and the unmet hours, at `prices`.
fn replicate_costs(run: &ScenarioRun, prices: &Params, rate: f64, k: usize) -> Vec<(f64, f64)> {
    run.replicates
        .iter()
        .map(|r| {
            let t = totals(prices, &r.months, rate);
            (t.cost[k], t.unmet_hours)
        })
        .collect()
}

/// Per willingness to pay λ, the share of draws in which each scenario (index 0 = the baseline, whose
/// net benefit is 0) has the greatest net benefit λ × hours averted − incremental cost; of equal net
/// benefits, the one that averts more hours is the better choice.
pub fn acceptability(points: &[Point], scenarios: usize, draws: usize, wtps: &[f64]) -> Vec<(f64, Vec<f64>)> {
    wtps.iter()
        .map(|&wtp| {
            let mut best = vec![0usize; scenarios];
            for draw in 0..draws {
                let mut choice = (0, 0.0, 0.0);
                for p in points.iter().filter(|p| p.draw == draw) {
                    let net = wtp * p.hours_averted - p.incremental_cost;
                    if net > choice.1 || (net == choice.1 && p.hours_averted > choice.2) {
                        choice = (p.scenario, net, p.hours_averted);
                    }
                }
                best[choice.0] += 1;
            }
            (wtp, best.iter().map(|&b| b as f64 / draws.max(1) as f64).collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(draw: usize, scenario: usize, cost: f64, averted: f64) -> Point {
        Point {
            draw,
            scenario,
            incremental_cost: cost,
            hours_averted: averted,
            values: vec![],
        }
    }

    #[test]
    fn a_programme_that_costs_nothing_more_and_averts_more_is_best_at_every_willingness_to_pay() {
        let points: Vec<Point> = (0..20)
            .flat_map(|d| [point(d, 1, 0.0, 5.0 + d as f64), point(d, 2, 100.0 + d as f64, 50.0)])
            .filter(|p| p.scenario == 1 || p.draw % 2 == 0)
            .collect();
        let wtps: Vec<f64> = (0..=10).map(|k| k as f64 * 0.1).collect();
        for (wtp, p) in acceptability(&points, 3, 20, &wtps) {
            assert_eq!(p[1], 1.0, "at {wtp}: {p:?}");
        }
    }

    #[test]
    fn one_point_gives_a_step_curve_at_its_ratio() {
        // 100 yuan for 10 hours: 10 yuan an hour.
        let points: Vec<Point> = (0..5).map(|d| point(d, 1, 100.0, 10.0)).collect();
        let wtps: Vec<f64> = (0..=20).map(|k| k as f64).collect();
        for (wtp, p) in acceptability(&points, 2, 5, &wtps) {
            let expected = if wtp >= 10.0 { [0.0, 1.0] } else { [1.0, 0.0] };
            assert_eq!(p, expected, "at {wtp}");
        }
    }

    #[test]
    fn the_triangular_draw_stays_in_its_range_around_the_mode() {
        assert_eq!(triangular(0.3, 5.0, 5.0, 5.0), 5.0);
        assert_eq!(triangular(0.0, 1.0, 2.0, 4.0), 1.0);
        assert_eq!(triangular(1.0, 1.0, 2.0, 4.0), 4.0);
        assert!((triangular(1.0 / 3.0, 1.0, 2.0, 4.0) - 2.0).abs() < 1e-12);
        // A scenario's value outside the range stretches it.
        assert_eq!(triangular(1.0, 1.0, 9.0, 4.0), 9.0);
        let mean: f64 = (0..10_000)
            .map(|k| triangular((k as f64 + 0.5) / 1e4, 0.0, 3.0, 6.0))
            .sum::<f64>()
            / 1e4;
        assert!((mean - 3.0).abs() < 0.01, "{mean}");
    }
}
