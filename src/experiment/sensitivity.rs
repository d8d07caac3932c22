//! Global sensitivity indices from the outputs of a design (`design.rs`): Morris elementary effects
//! (signed mu, mu*, sigma; Morris 1991, Campolongo et al. 2007) and Sobol first-order and total indices
//! (Janon et al. 2014 first order, Jansen 1999 total), all with bootstrap 95 % intervals, and the share
//! of replicate noise in the variance the indices split.

use rand::RngExt;

use super::design::MORRIS_DELTA;
use crate::model::rng::Draws;

/// A statistic and its bootstrap 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub ci: (f64, f64),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MorrisIndex {
    /// Mean elementary effect (signed), mean absolute effect, and their standard deviation, in output
    /// units per whole range of the input.
    pub mu: Estimate,
    pub mu_star: Estimate,
    pub sigma: Estimate,
}

/// The 2.5 % and 97.5 % quantiles of bootstrap values.
fn percentile_interval(mut xs: Vec<f64>) -> (f64, f64) {
    xs.retain(|x| !x.is_nan());
    if xs.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    xs.sort_by(f64::total_cmp);
    let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize];
    (at(0.025), at(0.975))
}

/// Mean, mean absolute value and standard deviation of elementary effects.
fn morris_stats(e: &[f64]) -> [f64; 3] {
    let n = e.len().max(1) as f64;
    let mean = e.iter().sum::<f64>() / n;
    let var = if e.len() > 1 {
        e.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    [mean, e.iter().map(|x| x.abs()).sum::<f64>() / n, var.sqrt()]
}

/// Morris indices from trajectory outputs (`outputs` in the order of `design::morris`), with bootstrap
/// intervals from `resamples` resamples of the trajectories.
pub fn morris_indices(
    k: usize,
    orders: &[Vec<usize>],
    outputs: &[f64],
    resamples: usize,
    rng: &mut Draws,
) -> Vec<MorrisIndex> {
    let mut effects = vec![Vec::with_capacity(orders.len()); k];
    for (t, order) in orders.iter().enumerate() {
        let y = &outputs[t * (k + 1)..(t + 1) * (k + 1)];
        for (step, &j) in order.iter().enumerate() {
            effects[j].push((y[step + 1] - y[step]) / MORRIS_DELTA);
        }
    }
    let r = orders.len();
    let mut boot = vec![[Vec::with_capacity(resamples), Vec::new(), Vec::new()]; k];
    let mut picked = vec![0.0; r];
    for _ in 0..resamples {
        let rows: Vec<usize> = (0..r).map(|_| rng.random_range(0..r.max(1))).collect();
        for (j, e) in effects.iter().enumerate() {
            for (slot, &row) in picked.iter_mut().zip(&rows) {
                *slot = e[row];
            }
            for (b, x) in boot[j].iter_mut().zip(morris_stats(&picked)) {
                b.push(x);
            }
        }
    }
    effects
        .iter()
        .zip(boot)
        .map(|(e, b)| {
            let point = morris_stats(e);
            let [mu, mu_star, sigma] = b.map(percentile_interval);
            let at = |v, ci| Estimate { value: v, ci };
            MorrisIndex {
                mu: at(point[0], mu),
                mu_star: at(point[1], mu_star),
                sigma: at(point[2], sigma),
            }
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SobolIndex {
    pub first: Estimate,
    pub total: Estimate,
}

/// First-order and total indices of one row subset (`rows` indexes the base sample). First order:
/// Janon et al. (2014), from f(B) and f(AB_i), which share only input i; its mean and variance are
/// taken over both, so the index cannot exceed 1 (it is a correlation), and it is asymptotically
/// efficient. Total: Jansen (1999), from f(A) and f(AB_i), which share every input but i.
fn sobol_point(k: usize, n: usize, y: &[f64], rows: &[usize]) -> Vec<(f64, f64)> {
    let a = |j: usize| y[j];
    let b = |j: usize| y[n + j];
    let ab = |i: usize, j: usize| y[(2 + i) * n + j];
    let m = rows.len() as f64;
    let mean = rows.iter().map(|&j| a(j) + b(j)).sum::<f64>() / (2.0 * m);
    let var = rows
        .iter()
        .map(|&j| (a(j) - mean).powi(2) + (b(j) - mean).powi(2))
        .sum::<f64>()
        / (2.0 * m);
    (0..k)
        .map(|i| {
            if var <= 0.0 {
                return (0.0, 0.0);
            }
            let pair_mean = rows.iter().map(|&j| b(j) + ab(i, j)).sum::<f64>() / (2.0 * m);
            let cross = rows.iter().map(|&j| b(j) * ab(i, j)).sum::<f64>() / m - pair_mean * pair_mean;
            let squares = rows
                .iter()
                .map(|&j| (b(j).powi(2) + ab(i, j).powi(2)) / 2.0)
                .sum::<f64>()
                / m
                - pair_mean * pair_mean;
            let first = if squares > 0.0 { cross / squares } else { 0.0 };
            let total = rows.iter().map(|&j| (a(j) - ab(i, j)).powi(2)).sum::<f64>() / (2.0 * m) / var;
            (first, total)
        })
        .collect()
}

/// Sobol indices from outputs in the order of `design::saltelli` (A, B, AB_1 … AB_k), with bootstrap
/// 95 % intervals from `resamples` resamples of the base rows.
pub fn sobol_indices(k: usize, n: usize, outputs: &[f64], resamples: usize, rng: &mut Draws) -> Vec<SobolIndex> {
    let all: Vec<usize> = (0..n).collect();
    let point = sobol_point(k, n, outputs, &all);
    let mut boot: Vec<Vec<(f64, f64)>> = vec![Vec::with_capacity(resamples); k];
    let mut rows = vec![0; n];
    for _ in 0..resamples {
        for r in rows.iter_mut() {
            *r = rng.random_range(0..n);
        }
        for (i, s) in sobol_point(k, n, outputs, &rows).into_iter().enumerate() {
            boot[i].push(s);
        }
    }
    (0..k)
        .map(|i| SobolIndex {
            first: Estimate {
                value: point[i].0,
                ci: percentile_interval(boot[i].iter().map(|s| s.0).collect()),
            },
            total: Estimate {
                value: point[i].1,
                ci: percentile_interval(boot[i].iter().map(|s| s.1).collect()),
            },
        })
        .collect()
}

/// The share of the variance of the design's point means that is replicate noise: the mean over points
/// of the variance of a replicate mean (within-point variance / replicates), over the variance of the
/// point means. Near 0, the indices describe the parameters; near 1, mostly the noise.
pub fn noise_share(means: &[f64], within: &[f64], replicates: &[u32]) -> f64 {
    let present: Vec<usize> = (0..means.len())
        .filter(|&p| !means[p].is_nan() && replicates[p] > 1)
        .collect();
    if present.len() < 2 {
        return f64::NAN;
    }
    let n = present.len() as f64;
    let mean = present.iter().map(|&p| means[p]).sum::<f64>() / n;
    let total = present.iter().map(|&p| (means[p] - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let noise = present.iter().map(|&p| within[p] / replicates[p] as f64).sum::<f64>() / n;
    if total > 0.0 {
        (noise / total).min(1.0)
    } else {
        f64::NAN
    }
}

/// The widest 95 % interval of the indices above which they are not read: a sample too small to rank.
pub const TOO_WIDE: f64 = 0.3;

#[cfg(test)]
mod tests {
    use super::super::design::{design_rng, morris, saltelli};
    use super::*;

    #[test]
    fn morris_ranks_an_irrelevant_input_last_with_mu_star_near_zero() {
        // y = 4 x0 + x1² − 2 x1 x0, x2 irrelevant.
        let f = |x: &[f64]| 4.0 * x[0] + x[1] * x[1] - 2.0 * x[1] * x[0];
        let (points, orders) = morris(3, 40, &mut design_rng(7));
        let y: Vec<f64> = points.iter().map(|p| f(p)).collect();
        let m = morris_indices(3, &orders, &y, 200, &mut design_rng(8));
        assert!(m[2].mu_star.value < 1e-12 && m[2].sigma.value < 1e-12);
        assert!(m[0].mu_star.value > m[1].mu_star.value && m[1].mu_star.value > m[2].mu_star.value);
        // x0's effect is 4 − 2 x1 > 0 everywhere: signed and absolute means agree, and the interval holds it.
        assert!((m[0].mu.value - m[0].mu_star.value).abs() < 1e-12 && m[0].mu.value > 0.0);
        assert!(m[0].mu.ci.0 <= m[0].mu.value && m[0].mu.value <= m[0].mu.ci.1 && m[0].mu.ci.0 > 0.0);
    }

    #[test]
    fn a_linear_function_has_first_order_indices_in_proportion_to_its_squared_slopes() {
        let f = |x: &[f64]| 3.0 * x[0] + x[1];
        let n = 20_000;
        let y: Vec<f64> = saltelli(2, n, &mut design_rng(9)).iter().map(|p| f(p)).collect();
        let s = sobol_indices(2, n, &y, 100, &mut design_rng(10));
        assert!(
            (s[0].first.value - 0.9).abs() < 0.03 && (s[1].first.value - 0.1).abs() < 0.03,
            "{s:?}"
        );
        assert!((s[0].total.value - 0.9).abs() < 0.03, "{s:?}");
        assert!(s[0].first.ci.0 <= s[0].first.value && s[0].first.value <= s[0].first.ci.1);
    }
}
