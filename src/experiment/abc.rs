//! Approximate Bayesian computation by adaptive population Monte Carlo (APMC; Lenormand, Jabot and
//! Deffuant 2013), the pieces that do not run the model: particles in the unit cube of the priors,
//! perturbation by a Gaussian kernel of twice their weighted covariance, importance weights, the
//! tolerance as a quantile of the distances, and posterior summaries.
//!
//! Why APMC: its tolerances come from the distances themselves (the α-quantile of each generation), it
//! stops on the acceptance rate rather than a tolerance the user must guess, and it needs fewer
//! simulations than ABC-SMC with a fixed schedule (Del Moral et al. 2012 adapt the tolerance too, but
//! resample and run MCMC moves, which cost simulations a model this slow cannot spare).

use rand::RngExt;

use crate::model::rng::Draws;

/// A particle: its place in the unit cube of the priors, its weight, its distance to the targets and
/// its simulated summaries.
#[derive(Clone, Debug, PartialEq)]
pub struct Particle {
    pub z: Vec<f64>,
    pub weight: f64,
    pub distance: f64,
    pub summaries: Vec<f64>,
}

/// The `q`-quantile of some numbers (the nearest rank; NaN for none).
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize]
}

/// The weighted covariance of the particles' places, times `scale`.
pub fn covariance(particles: &[Particle], scale: f64) -> Vec<Vec<f64>> {
    let k = particles.first().map_or(0, |p| p.z.len());
    let total: f64 = particles.iter().map(|p| p.weight).sum();
    let mean: Vec<f64> = (0..k)
        .map(|i| particles.iter().map(|p| p.weight * p.z[i]).sum::<f64>() / total)
        .collect();
    (0..k)
        .map(|i| {
            (0..k)
                .map(|j| {
                    scale
                        * particles
                            .iter()
                            .map(|p| p.weight * (p.z[i] - mean[i]) * (p.z[j] - mean[j]))
                            .sum::<f64>()
                        / total
                })
                .collect()
        })
        .collect()
}

/// The lower Cholesky factor of a symmetric matrix, with a small ridge so that a degenerate cloud of
/// particles (all equal along one input) still gives a kernel.
pub fn cholesky(a: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = a.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|m| l[i][m] * l[j][m]).sum();
            if i == j {
                l[i][j] = (a[i][i] + 1e-10 - sum).max(1e-12).sqrt();
            } else {
                l[i][j] = (a[i][j] - sum) / l[j][j];
            }
        }
    }
    l
}

/// A standard normal draw (Box–Muller on two uniforms; `libm` so it is the same on every machine).
fn normal(rng: &mut Draws) -> f64 {
    let u: f64 = 1.0 - rng.random::<f64>();
    let v: f64 = rng.random();
    libm::sqrt(-2.0 * libm::log(u)) * libm::cos(2.0 * std::f64::consts::PI * v)
}

/// A place drawn from the kernel around a parent picked by weight, inside the unit cube (drawn again
/// when outside, where the prior is 0).
pub fn propose(parents: &[Particle], chol: &[Vec<f64>], rng: &mut Draws) -> Vec<f64> {
    let total: f64 = parents.iter().map(|p| p.weight).sum();
    loop {
        let mut u = rng.random::<f64>() * total;
        let parent = parents
            .iter()
            .find(|p| {
                u -= p.weight;
                u < 0.0
            })
            .unwrap_or(&parents[parents.len() - 1]);
        let e: Vec<f64> = (0..chol.len()).map(|_| normal(rng)).collect();
        let z: Vec<f64> = (0..chol.len())
            .map(|i| parent.z[i] + (0..=i).map(|j| chol[i][j] * e[j]).sum::<f64>())
            .collect();
        if z.iter().all(|x| (0.0..=1.0).contains(x)) {
            return z;
        }
    }
}

/// The importance weight of a new place: the prior's density (1 on the unit cube) over the density of
/// the kernel mixture of the parents. Both are densities, so the weights of particles kept from earlier
/// generations (whose kernels were wider) stand on the same scale as the new ones'.
pub fn weight(z: &[f64], parents: &[Particle], chol: &[Vec<f64>]) -> f64 {
    let total: f64 = parents.iter().map(|p| p.weight).sum();
    let k = z.len() as f64;
    let norm = libm::pow(2.0 * std::f64::consts::PI, k / 2.0) * (0..z.len()).map(|i| chol[i][i]).product::<f64>();
    let mixture: f64 = parents
        .iter()
        .map(|p| {
            // Solve L y = z − parent; the kernel is exp(−|y|² / 2).
            let mut y = vec![0.0; z.len()];
            for i in 0..z.len() {
                let s: f64 = (0..i).map(|j| chol[i][j] * y[j]).sum();
                y[i] = (z[i] - p.z[i] - s) / chol[i][i];
            }
            p.weight / total * libm::exp(-0.5 * y.iter().map(|v| v * v).sum::<f64>()) / norm
        })
        .sum();
    if mixture > 0.0 {
        1.0 / mixture
    } else {
        0.0
    }
}

/// Weighted posterior summaries of one input's values: mean, sd, median, and the 50 % and 90 % credible
/// intervals (weighted quantiles).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Marginal {
    pub mean: f64,
    pub sd: f64,
    pub median: f64,
    pub ci50: (f64, f64),
    pub ci90: (f64, f64),
}

pub fn marginal(values: &[f64], weights: &[f64]) -> Marginal {
    let total: f64 = weights.iter().sum();
    let mean = values.iter().zip(weights).map(|(x, w)| x * w).sum::<f64>() / total;
    let var = values
        .iter()
        .zip(weights)
        .map(|(x, w)| w * (x - mean).powi(2))
        .sum::<f64>()
        / total;
    let mut pairs: Vec<(f64, f64)> = values.iter().copied().zip(weights.iter().copied()).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let at = |q: f64| {
        let mut acc = 0.0;
        for &(x, w) in &pairs {
            acc += w / total;
            if acc >= q {
                return x;
            }
        }
        pairs.last().map_or(f64::NAN, |p| p.0)
    };
    Marginal {
        mean,
        sd: var.sqrt(),
        median: at(0.5),
        ci50: (at(0.25), at(0.75)),
        ci90: (at(0.05), at(0.95)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// APMC on a problem with a known answer: x uniform on 0..1, the summary is x plus noise of sd
    /// 0.05, observed 0.3; the posterior is about Normal(0.3, 0.05). Its mean and 90 % interval come out
    /// close, and the acceptance rate falls as the tolerance shrinks.
    #[test]
    fn apmc_recovers_a_known_posterior() {
        let mut rng = Draws::seed_from_u64(3);
        let simulate = |z: &[f64], rng: &mut Draws| z[0] + 0.05 * normal(rng);
        let (n, alpha) = (400, 0.5);
        let keep = (alpha * n as f64) as usize;
        let mut particles: Vec<Particle> = (0..n)
            .map(|_| {
                let z = vec![rng.random::<f64>()];
                let s = simulate(&z, &mut rng);
                Particle {
                    z,
                    weight: 1.0,
                    distance: (s - 0.3f64).abs(),
                    summaries: vec![s],
                }
            })
            .collect();
        let mut rates = Vec::new();
        for _ in 0..12 {
            particles.sort_by(|a, b| a.distance.total_cmp(&b.distance));
            particles.truncate(keep);
            let tolerance = particles[keep - 1].distance;
            let chol = cholesky(&covariance(&particles, 2.0));
            let mut accepted = 0;
            let new: Vec<Particle> = (0..n - keep)
                .map(|_| {
                    let z = propose(&particles, &chol, &mut rng);
                    let s = simulate(&z, &mut rng);
                    let d = (s - 0.3f64).abs();
                    accepted += usize::from(d <= tolerance);
                    Particle {
                        weight: weight(&z, &particles, &chol),
                        z,
                        distance: d,
                        summaries: vec![s],
                    }
                })
                .collect();
            rates.push(accepted as f64 / (n - keep) as f64);
            particles.extend(new);
        }
        particles.sort_by(|a, b| a.distance.total_cmp(&b.distance));
        particles.truncate(keep);
        let xs: Vec<f64> = particles.iter().map(|p| p.z[0]).collect();
        let ws: Vec<f64> = particles.iter().map(|p| p.weight).collect();
        let m = marginal(&xs, &ws);
        assert!((m.mean - 0.3).abs() < 0.02, "{m:?}");
        assert!(m.ci90.0 < 0.3 && 0.3 < m.ci90.1 && m.ci90.1 - m.ci90.0 < 0.25, "{m:?}");
        assert!(rates.last().unwrap() < &rates[0], "{rates:?}");
    }

    #[test]
    fn weighted_marginals_and_quantiles() {
        let m = marginal(&[1.0, 2.0, 3.0, 4.0], &[1.0, 1.0, 1.0, 1.0]);
        assert_eq!((m.mean, m.median, m.ci50), (2.5, 2.0, (1.0, 3.0)));
        assert_eq!(quantile(&[3.0, 1.0, 2.0], 0.5), 2.0);
        let l = cholesky(&[vec![4.0, 2.0], vec![2.0, 3.0]]);
        assert!((l[0][0] - 2.0).abs() < 1e-9 && (l[1][0] - 1.0).abs() < 1e-9 && (l[1][1] - 2f64.sqrt()).abs() < 1e-9);
    }
}
