//! Experimental designs on the unit cube: full-factorial grids, Latin hypercubes, Morris trajectories and
//! Saltelli's A, B, AB_i matrices. Designs draw from their own generator, seeded from the run seed; they
//! never touch the model's streams. Points are mapped to parameter values by `Factor::value`.

use rand::{RngExt, SeedableRng};

use crate::error::{Error, Result};
use crate::lang::{Lang, Text};
use crate::model::rng::{mix, Draws};
use crate::scenario::registry::{registry, Kind};

/// One varied parameter: `KEY=LO:HI[:STEPS]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Factor {
    pub key: String,
    pub lo: f64,
    pub hi: f64,
    pub steps: usize,
    pub integer: bool,
}

impl Factor {
    /// Parses and checks `KEY=LO:HI[:STEPS]` of `--vary` against the registry, before anything runs.
    pub fn parse(text: &str) -> Result<Factor> {
        Factor::parse_option(text, "--vary")
    }

    /// The same for another option's `KEY=LO:HI`, errors naming `option`.
    pub fn parse_option(text: &str, option: &str) -> Result<Factor> {
        let bad = |key: Option<&str>, msg: Text| Error::input(option, key, msg);
        let (key, range) = text.split_once('=').ok_or_else(|| {
            bad(
                None,
                text!(
                    "`{text}` is not KEY=LO:HI[:STEPS]",
                    "`{text}` 不是 键=下限:上限[:步数] 的形式"
                ),
            )
        })?;
        let key = key.trim();
        let param = registry().get(key).ok_or_else(|| {
            bad(
                Some(key),
                text!(
                    "unknown key; `huzhu params` lists every key",
                    "未知的键；`huzhu params` 列出全部键"
                ),
            )
        })?;
        let integer = match param.kind {
            Kind::Float => false,
            Kind::Int | Kind::OptInt => true,
            _ => {
                let kind = param.kind.describe();
                return Err(bad(
                    Some(key),
                    Text::by(|l| match l {
                        Lang::En => format!("is {}; allowed: a parameter that takes one number", kind.get(l)),
                        Lang::Zh => format!("取值为{}；允许：取单个数值的参数", kind.get(l)),
                    }),
                ));
            }
        };
        let parts: Vec<&str> = range.split(':').collect();
        let number = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
        let (lo, hi) = match parts.as_slice() {
            [lo, hi] | [lo, hi, _] => (number(lo), number(hi)),
            _ => (None, None),
        };
        let (Some(lo), Some(hi)) = (lo, hi) else {
            return Err(bad(
                Some(key),
                text!(
                    "`{range}` is not LO:HI[:STEPS] with numbers",
                    "`{range}` 不是由数值组成的 下限:上限[:步数]"
                ),
            ));
        };
        if lo > hi {
            return Err(bad(
                Some(key),
                text!(
                    "LO {lo} is above HI {hi}; allowed: LO ≤ HI",
                    "下限 {lo} 大于上限 {hi}；允许：下限 ≤ 上限"
                ),
            ));
        }
        for x in [lo, hi] {
            if x < param.min || x > param.max {
                let range = param.range_text();
                return Err(bad(
                    Some(key),
                    Text::by(|l| match l {
                        Lang::En => format!("{x} is out of range; allowed: {}", range.get(l)),
                        Lang::Zh => format!("{x} 超出允许范围；允许：{}", range.get(l)),
                    }),
                ));
            }
        }
        let steps = match parts.get(2) {
            None => 5,
            Some(s) => s.trim().parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(|| {
                bad(
                    Some(key),
                    text!(
                        "STEPS `{s}`; allowed: a whole number from 1",
                        "步数 `{s}`；允许：不小于 1 的整数"
                    ),
                )
            })?,
        };
        Ok(Factor {
            key: key.to_string(),
            lo,
            hi,
            steps,
            integer,
        })
    }

    /// The parameter value at position `u` in 0..1 of the range.
    pub fn value(&self, u: f64) -> f64 {
        let x = self.lo + (self.hi - self.lo) * u;
        if self.integer {
            x.round()
        } else {
            x
        }
    }

    /// The point of the unit cube whose value is `x` (0 when the range is a single value).
    pub fn unit(&self, x: f64) -> f64 {
        if self.hi == self.lo {
            0.0
        } else {
            (x - self.lo) / (self.hi - self.lo)
        }
    }

    /// The value as `--set` text (integers without a decimal point).
    pub fn text(&self, u: f64) -> String {
        let x = self.value(u);
        if self.integer {
            format!("{}", x as i64)
        } else {
            format!("{x:?}")
        }
    }
}

/// The design's own generator: from the run seed and a constant, never a model stream.
pub fn design_rng(seed: u64) -> Draws {
    Draws::seed_from_u64(mix(seed ^ 0x5eed_de51_9a00_0001))
}

/// Full factorial: every combination of each factor's steps (a factor with 1 step sits at LO).
pub fn grid(factors: &[Factor]) -> Vec<Vec<f64>> {
    let mut points = vec![Vec::new()];
    for f in factors {
        let levels: Vec<f64> = (0..f.steps)
            .map(|k| {
                if f.steps == 1 {
                    0.0
                } else {
                    k as f64 / (f.steps - 1) as f64
                }
            })
            .collect();
        points = points
            .iter()
            .flat_map(|p| levels.iter().map(move |&u| [p.clone(), vec![u]].concat()))
            .collect();
    }
    points
}

/// Orders runs coarse to fine: bit-reversed indices first visit points spread over the whole list, so
/// an interrupted grid still covers the space coarsely.
pub fn coarse_to_fine(n: usize) -> Vec<usize> {
    let bits = usize::BITS - n.saturating_sub(1).leading_zeros();
    let reverse = |i: usize| {
        if bits == 0 {
            0
        } else {
            i.reverse_bits() >> (usize::BITS - bits)
        }
    };
    (0..1usize << bits).map(reverse).filter(|&i| i < n).collect()
}

/// Latin hypercube: `n` points, each variable's range cut into `n` strata with one point in each.
pub fn latin_hypercube(k: usize, n: usize, rng: &mut Draws) -> Vec<Vec<f64>> {
    let mut points = vec![vec![0.0; k]; n];
    for j in 0..k {
        let mut strata: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            strata.swap(i, rng.random_range(0..=i));
        }
        for (i, p) in points.iter_mut().enumerate() {
            p[j] = (strata[i] as f64 + rng.random::<f64>()) / n as f64;
        }
    }
    points
}

/// Levels of the Morris grid and the step between the two points of an elementary effect.
pub const MORRIS_LEVELS: usize = 4;
pub const MORRIS_DELTA: f64 = MORRIS_LEVELS as f64 / (2.0 * (MORRIS_LEVELS - 1) as f64);

/// Morris (1991) trajectories: `r` of them, each k + 1 points, moving one factor at a time by Δ in a
/// random order. Returns the points and, per trajectory, the factor moved at each step.
pub fn morris(k: usize, r: usize, rng: &mut Draws) -> (Vec<Vec<f64>>, Vec<Vec<usize>>) {
    let mut points = Vec::with_capacity(r * (k + 1));
    let mut orders = Vec::with_capacity(r);
    let base_levels = MORRIS_LEVELS / 2;
    for _ in 0..r {
        let mut x: Vec<f64> = (0..k)
            .map(|_| rng.random_range(0..base_levels) as f64 / (MORRIS_LEVELS - 1) as f64)
            .collect();
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            order.swap(i, rng.random_range(0..=i));
        }
        points.push(x.clone());
        for &j in &order {
            x[j] += MORRIS_DELTA;
            points.push(x.clone());
        }
        orders.push(order);
    }
    (points, orders)
}

/// Saltelli (2010) sampling with base sample `n`: the rows of A, then B, then AB_1 … AB_k (A with column i
/// from B): n(k + 2) points.
pub fn saltelli(k: usize, n: usize, rng: &mut Draws) -> Vec<Vec<f64>> {
    let a: Vec<Vec<f64>> = (0..n).map(|_| (0..k).map(|_| rng.random::<f64>()).collect()).collect();
    let b: Vec<Vec<f64>> = (0..n).map(|_| (0..k).map(|_| rng.random::<f64>()).collect()).collect();
    let mut points = a.clone();
    points.extend(b.iter().cloned());
    for i in 0..k {
        for j in 0..n {
            let mut row = a[j].clone();
            row[i] = b[j][i];
            points.push(row);
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vary_is_checked_against_the_registry() {
        let f = Factor::parse("care.tie_match=0.01:0.2:3").unwrap();
        assert_eq!((f.lo, f.hi, f.steps, f.integer), (0.01, 0.2, 3, false));
        assert_eq!(Factor::parse("care.channel_tries=1:4").unwrap().steps, 5);
        for bad in [
            "nope.key=0:1",
            "care.tie_match=0.5:0.1",
            "care.tie_match=0:2",
            "care.tie_match=a:b",
            "care.need_hours=0:1",
            "x",
        ] {
            assert!(Factor::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_grid_is_the_full_factorial_and_reaches_both_ends() {
        let f = |steps| Factor {
            key: "k".into(),
            lo: 0.0,
            hi: 1.0,
            steps,
            integer: false,
        };
        let points = grid(&[f(3), f(4), f(1)]);
        assert_eq!(points.len(), 12);
        for j in 0..2 {
            let col: Vec<f64> = points.iter().map(|p| p[j]).collect();
            assert_eq!(col.iter().cloned().fold(f64::INFINITY, f64::min), 0.0);
            assert_eq!(col.iter().cloned().fold(0.0, f64::max), 1.0);
        }
        assert!(points.iter().all(|p| p[2] == 0.0));
    }

    #[test]
    fn coarse_to_fine_visits_every_run_once_ends_first() {
        let order = coarse_to_fine(10);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        assert_eq!(&order[..2], &[0, 8]);
    }

    #[test]
    fn a_latin_hypercube_has_one_point_in_each_stratum_of_each_variable() {
        let n = 37;
        let points = latin_hypercube(3, n, &mut design_rng(1));
        assert_eq!(points.len(), n);
        for j in 0..3 {
            let mut strata: Vec<usize> = points.iter().map(|p| (p[j] * n as f64) as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn designs_have_their_sizes() {
        let (points, orders) = morris(4, 6, &mut design_rng(2));
        assert_eq!((points.len(), orders.len()), (6 * 5, 6));
        assert!(points.iter().flatten().all(|&u| (0.0..=1.0).contains(&u)));
        assert_eq!(saltelli(3, 10, &mut design_rng(3)).len(), 10 * 5);
    }
}
