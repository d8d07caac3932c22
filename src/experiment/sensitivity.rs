//! Global sensitivity indices from the outputs of a design (`design.rs`): Morris elementary effects
//! (mu*, sigma; Morris 1991, Campolongo et al. 2007) and Sobol first-order and total indices (Saltelli
//! et al. 2010 first order, Jansen 1999 total) with bootstrap 95 % intervals.

use rand::RngExt;

use super::design::MORRIS_DELTA;
use crate::model::rng::Draws;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MorrisIndex {
    /// Mean absolute elementary effect, in output units per whole range of the input.
    pub mu_star: f64,
    pub sigma: f64,
}

/// Morris indices from trajectory outputs: `outputs` in the order of `design::morris`.
pub fn morris_indices(k: usize, orders: &[Vec<usize>], outputs: &[f64]) -> Vec<MorrisIndex> {
    let mut effects = vec![Vec::with_capacity(orders.len()); k];
    for (t, order) in orders.iter().enumerate() {
        let y = &outputs[t * (k + 1)..(t + 1) * (k + 1)];
        for (step, &j) in order.iter().enumerate() {
            effects[j].push((y[step + 1] - y[step]) / MORRIS_DELTA);
        }
    }
    effects
        .iter()
        .map(|e| {
            let n = e.len().max(1) as f64;
            let mean = e.iter().sum::<f64>() / n;
            let var = if e.len() > 1 {
                e.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
            } else {
                0.0
            };
            MorrisIndex {
                mu_star: e.iter().map(|x| x.abs()).sum::<f64>() / n,
                sigma: var.sqrt(),
            }
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SobolIndex {
    pub first: f64,
    pub first_ci: (f64, f64),
    pub total: f64,
    pub total_ci: (f64, f64),
}

/// First-order and total indices of one row subset (`rows` indexes the base sample).
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
            // Centering f(B) leaves the estimator's expectation unchanged (E f(AB_i) = E f(A)) and cuts its
            // variance when the output's mean is large against its spread.
            let first = rows.iter().map(|&j| (b(j) - mean) * (ab(i, j) - a(j))).sum::<f64>() / m / var;
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
    let interval = |mut xs: Vec<f64>| {
        if xs.is_empty() {
            return (f64::NAN, f64::NAN);
        }
        xs.sort_by(f64::total_cmp);
        let at = |q: f64| xs[((xs.len() - 1) as f64 * q).round() as usize];
        (at(0.025), at(0.975))
    };
    (0..k)
        .map(|i| SobolIndex {
            first: point[i].0,
            first_ci: interval(boot[i].iter().map(|s| s.0).collect()),
            total: point[i].1,
            total_ci: interval(boot[i].iter().map(|s| s.1).collect()),
        })
        .collect()
}

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
        let m = morris_indices(3, &orders, &y);
        assert!(m[2].mu_star < 1e-12 && m[2].sigma < 1e-12);
        assert!(m[0].mu_star > m[1].mu_star && m[1].mu_star > m[2].mu_star);
    }

    #[test]
    fn a_linear_function_has_first_order_indices_in_proportion_to_its_squared_slopes() {
        let f = |x: &[f64]| 3.0 * x[0] + x[1];
        let n = 20_000;
        let y: Vec<f64> = saltelli(2, n, &mut design_rng(9)).iter().map(|p| f(p)).collect();
        let s = sobol_indices(2, n, &y, 100, &mut design_rng(10));
        assert!(
            (s[0].first - 0.9).abs() < 0.03 && (s[1].first - 0.1).abs() < 0.03,
            "{s:?}"
        );
        assert!((s[0].total - 0.9).abs() < 0.03, "{s:?}");
        assert!(s[0].first_ci.0 <= s[0].first && s[0].first <= s[0].first_ci.1);
    }
}
