//! Summaries across replicates: mean, standard deviation and the 95 % Student-t interval.

use statrs::distribution::{ContinuousCDF, StudentsT};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub sd: f64,
    /// None when n < 2.
    pub ci: Option<(f64, f64)>,
    pub n: usize,
}

/// The two-sided 95 % quantile of Student's t with `df` degrees of freedom.
pub fn t975(df: usize) -> f64 {
    StudentsT::new(0.0, 1.0, df as f64).map_or(f64::NAN, |t| t.inverse_cdf(0.975))
}

/// Summarizes the values that are there: a missing value (NaN, a rate with no denominator) is left out
/// and `n` counts the rest; with none, mean and sd are missing too.
pub fn summarize(values: &[f64]) -> Summary {
    let present: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    let values = &present[..];
    let n = values.len();
    if n == 0 {
        return Summary {
            mean: f64::NAN,
            sd: f64::NAN,
            ci: None,
            n,
        };
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return Summary {
            mean,
            sd: 0.0,
            ci: None,
            n,
        };
    }
    let var = values.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
    let sd = var.sqrt();
    let half = t975(n - 1) * sd / (n as f64).sqrt();
    Summary {
        mean,
        sd,
        ci: Some((mean - half, mean + half)),
        n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_value_is_left_out_and_n_counts_the_rest() {
        let s = summarize(&[1.0, f64::NAN, 3.0]);
        assert_eq!((s.n, s.mean), (2, 2.0));
        let none = summarize(&[f64::NAN, f64::NAN]);
        assert_eq!(none.n, 0);
        assert!(none.mean.is_nan() && none.ci.is_none());
    }

    #[test]
    fn t_quantiles_match_the_tables() {
        assert!((t975(1) - 12.706).abs() < 1e-3);
        assert!((t975(9) - 2.262).abs() < 1e-3);
        assert!((t975(1000) - 1.962).abs() < 1e-3);
    }

    #[test]
    fn the_interval_is_mean_plus_minus_t_times_standard_error() {
        let s = summarize(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(s.mean, 2.5);
        assert!((s.sd - 1.290_994).abs() < 1e-6);
        let (lo, hi) = s.ci.unwrap();
        assert!((hi - 2.5 - 3.182_446 * s.sd / 2.0).abs() < 1e-5);
        assert!((2.5 - lo - (hi - 2.5)).abs() < 1e-12);
        assert_eq!(summarize(&[5.0]).ci, None);
    }
}
