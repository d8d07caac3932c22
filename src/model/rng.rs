//! Random streams (MODEL.md §4). Every draw is keyed: a stream is named by (village key, process or
//! initialization attribute, person, month), so a person's draws in a month never shift because a lever
//! changed how many draws other persons or other processes took. The generator is SplitMix64
//! (Steele, Lea & Flood 2014), portable and cheap to seed, which is what makes one stream per person per
//! process per month affordable.

use std::convert::Infallible;

use rand::rand_core::utils::fill_bytes_via_next_word;
use rand::RngExt;
use rand::{Rng, SeedableRng, TryRng};

/// The increment of SplitMix64's state (the golden ratio in 64 bits).
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// A stream of draws: the SplitMix64 generator, written out here so that starting a stream and drawing
/// from it inline into the model's loops (the model starts one stream per person, process and month).
/// `seed_from_u64` gives the reference generator's 64- and 32-bit sequences for that seed. The project's
/// one generator: the experimental designs and the bootstrap use it too, each seeded from the run seed
/// and never from the model's streams.
#[derive(Clone, Debug)]
pub struct Draws {
    state: u64,
}

impl Draws {
    /// A uniform index in 0..n, by one 128-bit multiply (Lemire 2019 without the rejection step: each
    /// index has chance 1/n to within n / 2^64, far below anything a run can detect).
    #[inline]
    pub fn index(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Two independent uniforms from one draw: its high and its low 32 bits, each placed in the high
    /// half of a 64-bit number so that it compares with a `threshold` as a full draw would. Each takes
    /// one of 2^32 values, so a chance drawn from it is off by less than 2^−32.
    #[inline]
    pub fn halves(&mut self) -> [u64; 2] {
        let u = self.next_u64();
        [u & (!0 << 32), u << 32]
    }
}

impl TryRng for Draws {
    type Error = Infallible;

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        self.state = self.state.wrapping_add(GOLDEN);
        Ok(mix(self.state))
    }

    /// The reference generator's 32-bit output: Stafford's "Mix4" finalizer of the advanced state.
    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.state = self.state.wrapping_add(GOLDEN);
        let z = (self.state ^ (self.state >> 33)).wrapping_mul(0x62a9_d9ed_7997_05f5);
        let z = (z ^ (z >> 28)).wrapping_mul(0xcb24_d0a5_c88c_35b3);
        Ok((z >> 32) as u32)
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Infallible> {
        fill_bytes_via_next_word(dest, || self.try_next_u64())
    }
}

impl SeedableRng for Draws {
    type Seed = [u8; 8];

    fn from_seed(seed: [u8; 8]) -> Draws {
        Draws::seed_from_u64(u64::from_le_bytes(seed))
    }

    /// The reference SplitMix64 seeding: the seed is the state.
    #[inline]
    fn seed_from_u64(seed: u64) -> Draws {
        Draws { state: seed }
    }
}

/// The monthly processes that draw (MODEL.md §3), each with its own streams. (1 named the death draw of
/// each person and month, which the death clock replaced; deaths draw nothing.)
#[derive(Clone, Copy, Debug)]
#[repr(u64)]
pub enum Process {
    Marriage = 2,
    Birth = 3,
    Migration = 4,
    Health = 5,
    Neighbours = 6,
    TieDecay = 7,
    TieFormation = 8,
    Interaction = 9,
    Policy = 10,
    Attitudes = 11,
    Willingness = 12,
    Care = 13,
    /// The month's random order of persons in need (MODEL.md §3).
    CareOrder = 14,
    HomeTies = 15,
    Training = 16,
    HomePlaces = 17,
    CareTies = 18,
    CareChannel = 19,
    /// The Exp(1) budgets of a new person's hazard clocks (`clock.rs`).
    Clocks = 20,
    /// The identity a person turning 16 takes from their household and kin.
    Transmission = 21,
}

/// The person index used for village-level draws (misconduct, cadre visits).
pub const VILLAGE: u32 = u32::MAX;

/// Initialization attributes (MODEL.md §5), one stream each.
#[derive(Clone, Copy, Debug)]
#[repr(u64)]
pub enum Init {
    Size = 101,
    Ages = 102,
    Sex = 103,
    Couples = 104,
    Children = 105,
    Households = 106,
    Away = 107,
    Neighbours = 108,
    Acquaintances = 109,
    Attitudes = 110,
    Elite = 111,
    Need = 112,
    Willing = 113,
}

/// The SplitMix64 output function: a bijective mixer of 64 bits.
pub const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Folds the parts of a stream's name into one 64-bit key.
fn key(parts: &[u64]) -> u64 {
    parts
        .iter()
        .fold(GOLDEN, |h, &p| mix(h ^ mix(p.wrapping_add(0x632b_e59b_d9b4_e019))))
}

/// The key of a village: (root seed, replicate, village index). The scenario is not part of it, so
/// replicate r of every scenario starts from the same villages (common random numbers).
pub fn village_key(root_seed: u64, replicate: u32, village: u64) -> u64 {
    key(&[root_seed, replicate as u64, village])
}

/// The seed reported for a replicate (its village keys derive from it and the village index).
pub fn replicate_seed(root_seed: u64, replicate: u32) -> u64 {
    key(&[root_seed, replicate as u64])
}

/// A stream for one process, one person (or `VILLAGE` for village-level draws) and one month. The three
/// are packed into distinct bits (process above bit 48, month in bits 32–47, person below), so the
/// packing is one-to-one; the packed name is spread over all 64 bits by an odd multiplier (one-to-one
/// modulo 2^64) and XORed with the village key to give the SplitMix64 state. The stream's first draw is
/// then the SplitMix64 mix of that state (plus the generator's increment): one mix per stream and draw,
/// with no mix spent on the start.
#[inline]
pub fn draws(village: u64, process: Process, person: u32, month: u32) -> Draws {
    debug_assert!(month < 1 << 16);
    let name = (process as u64) << 48 | (month as u64) << 32 | person as u64;
    Draws::seed_from_u64(village ^ name.wrapping_mul(0xd1b5_4a32_d192_ed03))
}

/// Rounds x up with probability equal to its fractional part.
pub fn stochastic_round(x: f64, u: f64) -> usize {
    let floor = x.floor();
    floor as usize + usize::from(u < x - floor)
}

// The continuous draws below use `libm`'s logarithm, exponential and cosine, written in Rust, not the
// platform's: a run gives the same bits on every machine and in WebAssembly.

/// Beta-distributed attitude around `mean` with concentration `k` (a + b): X / (X + Y) of two Gamma
/// draws.
pub fn beta(mean: f64, k: f64, rng: &mut Draws) -> f64 {
    let (a, b) = (mean * k, (1.0 - mean) * k);
    if mean <= 0.0 || mean >= 1.0 || !(a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()) {
        return mean.clamp(0.0, 1.0);
    }
    let x = gamma(a, rng);
    let y = gamma(b, rng);
    if x + y > 0.0 {
        x / (x + y)
    } else {
        mean
    }
}

/// A uniform on (0, 1], whose logarithm is finite.
fn open_uniform(rng: &mut Draws) -> f64 {
    1.0 - rng.random::<f64>()
}

/// A standard Normal draw by Box and Muller's transform of two uniforms.
pub fn standard_normal(rng: &mut Draws) -> f64 {
    let radius = libm::sqrt(-2.0 * libm::log(open_uniform(rng)));
    radius * libm::cos(std::f64::consts::TAU * rng.random::<f64>())
}

/// A Gamma(shape, 1) draw by Marsaglia and Tsang's squeeze (shape ≥ 1), and for shape < 1 that of
/// shape + 1 times U^(1/shape).
pub fn gamma(shape: f64, rng: &mut Draws) -> f64 {
    if shape < 1.0 {
        let boost = libm::exp(libm::log(open_uniform(rng)) / shape);
        return gamma(shape + 1.0, rng) * boost;
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = standard_normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = open_uniform(rng);
        if libm::log(u) < 0.5 * x * x + d - d * v + d * libm::log(v) {
            return d * v;
        }
    }
}

/// A Poisson count by inversion of the uniform `u` (`none` = e^−mean); quick for the small means it
/// serves (ties a month, children of a mother).
pub fn poisson(mean: f64, none: f64, u: f64) -> u32 {
    let (mut k, mut p, mut cumulative) = (0, none, none);
    while u > cumulative && k < 100 {
        k += 1;
        p *= mean / k as f64;
        cumulative += p;
    }
    k
}

/// A probability as a threshold on a uniform 64-bit draw: `next_u64() < threshold(p)` with probability p.
/// One integer comparison per Bernoulli draw, for the loops over every tie.
pub fn threshold(p: f64) -> u64 {
    if p >= 1.0 {
        u64::MAX
    } else {
        (p.max(0.0) * 18_446_744_073_709_551_616.0) as u64
    }
}

/// Binomial counts: the number of successes in n independent trials with chance p each, drawn by
/// inversion of one 64-bit uniform against a table of the cumulative distribution, for n up to
/// `MAX_TRIALS`. A guide table (Chen & Asau 1974) says where the search can start for each 64th of the
/// range of the uniform, so it usually ends at once.
#[derive(Clone, Debug)]
pub struct Binomials {
    /// For n trials, from offset n(n − 1)/2: P(count ≤ k) as a threshold on a uniform 64-bit draw, k < n.
    below: Vec<u64>,
    /// For n trials, from offset 64 n: for each value of the top 6 bits of the draw, the smallest count
    /// a draw with those bits can give.
    guide: Vec<u8>,
}

impl Binomials {
    pub const MAX_TRIALS: usize = 64;
    const GUIDE_BITS: u32 = 6;

    pub fn new(p: f64) -> Binomials {
        let p = p.clamp(0.0, 1.0);
        let slices = 1usize << Self::GUIDE_BITS;
        let (mut below, mut guide) = (Vec::new(), Vec::new());
        for n in 0..=Self::MAX_TRIALS {
            // pmf(k + 1) = pmf(k) · (n − k) / (k + 1) · p / (1 − p), from pmf(0) = (1 − p)^n.
            let mut pmf = libm::pow(1.0 - p, n as f64);
            let mut cumulative = 0.0;
            let row: Vec<u64> = (0..n)
                .map(|k| {
                    cumulative += pmf;
                    pmf *= (n - k) as f64 / (k + 1) as f64 * p / (1.0 - p);
                    if p >= 1.0 {
                        0
                    } else {
                        threshold(cumulative)
                    }
                })
                .collect();
            for slice in 0..slices as u64 {
                let lowest = slice << (64 - Self::GUIDE_BITS);
                guide.push(row.iter().position(|&b| lowest < b).unwrap_or(n) as u8);
            }
            below.extend(row);
        }
        Binomials { below, guide }
    }

    /// The number of successes in n trials from the uniform `u` (the first k with u below P(count ≤ k)),
    /// n at most `MAX_TRIALS`.
    #[inline]
    fn count(&self, n: usize, u: u64) -> usize {
        let row = &self.below[n * n.saturating_sub(1) / 2..][..n];
        let mut k = self.guide[(n << Self::GUIDE_BITS) + (u >> (64 - Self::GUIDE_BITS)) as usize] as usize;
        while k < n && u >= row[k] {
            k += 1;
        }
        k
    }

    /// Calls `success` with each of n trials (at most `MAX_TRIALS`) that succeeds, given `u`, a uniform
    /// for the count (a half of a draw, `Draws::halves`, or a whole one): a binomial count, then that
    /// many distinct trials chosen uniformly by Floyd's algorithm, each passed on as soon as it is
    /// chosen (so there is one loop of a random length, not two). Every trial succeeds independently
    /// with the chance, with one draw per success instead of one per trial.
    #[inline(always)]
    pub fn successes(&self, n: usize, u: u64, rng: &mut Draws, mut success: impl FnMut(usize)) {
        let count = self.count(n, u);
        let mut chosen = 0u64;
        for last in n - count..n {
            let pick = rng.index(last + 1);
            let trial = if chosen & 1 << pick != 0 { last } else { pick };
            chosen |= 1 << trial;
            success(trial);
        }
    }

    /// Calls `success` with each of n trials that succeeds, each independently with the chance: in runs
    /// of up to `MAX_TRIALS`, a binomial count (the first from `u`, a uniform drawn for it, any later
    /// ones from draws of their own) and then that many distinct trials chosen uniformly
    /// (`successes`), in the order they are chosen.
    #[inline(always)]
    pub fn trials(&self, n: usize, u: u64, rng: &mut Draws, mut success: impl FnMut(usize)) {
        if n == 0 {
            return;
        }
        if n <= Self::MAX_TRIALS {
            // Nearly every list: one run, without the loop over runs.
            return self.successes(n, u, rng, success);
        }
        for run in (0..n).step_by(Self::MAX_TRIALS) {
            let u = if run == 0 { u } else { rng.next_u64() };
            let len = (n - run).min(Self::MAX_TRIALS);
            self.successes(len, u, rng, |k| success(run + k));
        }
    }
}

/// A stream for one initialization attribute of a village.
pub fn init_draws(village: u64, attribute: Init) -> Draws {
    Draws::seed_from_u64(key(&[village, attribute as u64]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    /// Mean and variance of n draws.
    fn moments(n: usize, mut draw: impl FnMut() -> f64) -> (f64, f64) {
        let xs: Vec<f64> = (0..n).map(|_| draw()).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        (m, xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64)
    }

    #[test]
    fn portable_draws_have_their_distributions_moments() {
        let mut rng = Draws::seed_from_u64(3);
        let n = 200_000;
        // (draw, mean, variance): the mean within 4 standard errors, the variance within 3 %.
        type Draw<'a> = &'a dyn Fn(&mut Draws) -> f64;
        let cases: [(Draw, f64, f64); 5] = [
            (&standard_normal, 0.0, 1.0),
            (&|r| gamma(0.4, r), 0.4, 0.4),
            (&|r| gamma(3.5, r), 3.5, 3.5),
            (&|r| beta(2.0 / 7.0, 7.0, r), 2.0 / 7.0, 10.0 / (49.0 * 8.0)),
            (&|r| beta(0.9, 0.8, r), 0.9, 0.9 * 0.1 / 1.8),
        ];
        for (k, (draw, mean, var)) in cases.iter().enumerate() {
            let (m, v) = moments(n, || draw(&mut rng));
            assert!(
                (m - mean).abs() < 4.0 * (var / n as f64).sqrt(),
                "case {k}: mean {m}, not {mean}"
            );
            assert!((v / var - 1.0).abs() < 0.03, "case {k}: variance {v}, not {var}");
        }
        for _ in 0..10_000 {
            let b = beta(0.02, 0.5, &mut rng);
            assert!((0.0..=1.0).contains(&b), "{b}");
        }
    }

    #[test]
    fn poisson_counts_have_the_right_mean_and_variance() {
        let mut rng = Draws::seed_from_u64(1);
        let n = 200_000;
        for mean in [0.3, 2.3] {
            let counts: Vec<f64> = (0..n)
                .map(|_| poisson(mean, libm::exp(-mean), rng.random()) as f64)
                .collect();
            let m = counts.iter().sum::<f64>() / n as f64;
            let var = counts.iter().map(|c| (c - m).powi(2)).sum::<f64>() / n as f64;
            assert!((m - mean).abs() < 0.01 * mean.max(1.0), "mean {m}");
            assert!((var - mean).abs() < 0.03 * mean.max(1.0), "variance {var}");
        }
    }

    #[test]
    fn stochastic_rounding_keeps_the_mean() {
        assert_eq!(stochastic_round(3.25, 0.2), 4);
        assert_eq!(stochastic_round(3.25, 0.3), 3);
    }
    use rand::Rng;

    #[test]
    fn streams_differ_by_every_part_of_their_name() {
        let base = draws(7, Process::Marriage, 3, 10).next_u64();
        assert_ne!(base, draws(8, Process::Marriage, 3, 10).next_u64());
        assert_ne!(base, draws(7, Process::Birth, 3, 10).next_u64());
        assert_ne!(base, draws(7, Process::Marriage, 4, 10).next_u64());
        assert_ne!(base, draws(7, Process::Marriage, 3, 11).next_u64());
        assert_eq!(base, draws(7, Process::Marriage, 3, 10).next_u64());
    }

    /// Mean ½, variance 1/12 and no lag-1 correlation (|r| < 4 / √n, far beyond chance) of uniforms.
    fn assert_uniform_and_uncorrelated(first_draws: impl Iterator<Item = u64>) {
        let series: Vec<f64> = first_draws.map(|x| (x >> 11) as f64 / (1u64 << 53) as f64).collect();
        let n = series.len() as f64;
        let mean = series.iter().sum::<f64>() / n;
        let var = series.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
        let lag = series.windows(2).map(|w| (w[0] - mean) * (w[1] - mean)).sum::<f64>() / n;
        assert!((mean - 0.5).abs() < 0.01 && (var - 1.0 / 12.0).abs() < 0.003);
        assert!((lag / var).abs() < 4.0 / n.sqrt(), "lag-1 correlation {}", lag / var);
    }

    #[test]
    fn neighbouring_streams_are_uncorrelated() {
        assert_uniform_and_uncorrelated((0..200_000).map(|i| draws(42, Process::Marriage, i, 7).next_u64()));
        assert_uniform_and_uncorrelated((0..65_536).map(|m| draws(42, Process::Marriage, 7, m).next_u64()));
        assert_uniform_and_uncorrelated((0..200_000).map(|v| draws(v, Process::Marriage, 7, 7).next_u64()));
    }

    /// Two processes of one person in one month, and one process in two months, draw independently: they
    /// fall below 5 % together with chance 0.25 %, to within 4 standard errors over 192 million pairs.
    #[test]
    fn draws_of_other_processes_and_months_are_independent() {
        let low = threshold(0.05);
        let (mut processes, mut months, mut n) = (0u64, 0u64, 0u64);
        for village in 0..400 {
            let key = village_key(7, 0, village);
            for m in 0..240 {
                for i in 0..2000 {
                    let first = draws(key, Process::Marriage, i, m).next_u64() < low;
                    processes += u64::from(first && draws(key, Process::Health, i, m).next_u64() < low);
                    months += u64::from(first && draws(key, Process::Marriage, i, m + 1).next_u64() < low);
                    n += 1;
                }
            }
        }
        let expected = 0.05 * 0.05 * n as f64;
        for both in [processes, months] {
            assert!(
                (both as f64 - expected).abs() < 4.0 * expected.sqrt(),
                "{both} vs {expected}"
            );
        }
    }

    /// The two halves of a stream's first draw, which give one person's two meeting counts, are
    /// uniforms and independent: each falls below 5 % with chance 5 %, and both with chance 0.25 %, to
    /// within 4 standard errors over 4 million streams.
    #[test]
    fn halves_of_a_draw_are_independent_uniforms() {
        let low = threshold(0.05);
        let (mut first, mut second, mut both, mut n) = (0u64, 0u64, 0u64, 0u64);
        for m in 0..200 {
            for i in 0..20_000 {
                let [a, b] = draws(99, Process::Interaction, i, m).halves();
                first += u64::from(a < low);
                second += u64::from(b < low);
                both += u64::from(a < low && b < low);
                n += 1;
            }
        }
        for (seen, p) in [(first, 0.05), (second, 0.05), (both, 0.0025)] {
            let expected = p * n as f64;
            assert!(
                (seen as f64 - expected).abs() < 4.0 * expected.sqrt(),
                "{seen} vs {expected}"
            );
        }
    }

    #[test]
    fn thresholds_cover_the_range() {
        assert_eq!(threshold(0.0), 0);
        assert_eq!(threshold(1.0), u64::MAX);
        assert_eq!(threshold(0.5), 1 << 63);
    }

    /// The guide table only says where to start: every count equals a plain search of the table.
    #[test]
    fn guided_binomial_counts_equal_a_full_search() {
        let mut rng = Draws::seed_from_u64(3);
        for p in [0.0, 0.02, 0.3, 0.5, 0.97, 1.0] {
            let b = Binomials::new(p);
            for n in 0..=Binomials::MAX_TRIALS {
                let row = &b.below[n * n.saturating_sub(1) / 2..][..n];
                for u in (0..2_000).map(|_| rng.next_u64()).chain([0, u64::MAX]) {
                    let plain = row.iter().position(|&t| u < t).unwrap_or(n);
                    assert_eq!(b.count(n, u), plain, "p = {p}, n = {n}");
                }
            }
        }
    }

    #[test]
    fn uniform_indices_cover_the_range_evenly() {
        let mut rng = Draws::seed_from_u64(11);
        let mut seen = [0u32; 7];
        for _ in 0..70_000 {
            seen[rng.index(7)] += 1;
        }
        assert!(seen.iter().all(|&s| (s as f64 - 10_000.0).abs() < 500.0), "{seen:?}");
    }

    #[test]
    fn binomial_counts_have_the_binomial_distribution() {
        let b = Binomials::new(0.25);
        let mut rng = Draws::seed_from_u64(9);
        let draws = 200_000;
        let mut histogram = [0u32; 11];
        for _ in 0..draws {
            histogram[b.count(10, rng.next_u64())] += 1;
        }
        for (k, &seen) in histogram.iter().enumerate() {
            let choose = (0..k).fold(1.0, |c, j| c * (10 - j) as f64 / (j + 1) as f64);
            let expected = choose * 0.25f64.powi(k as i32) * 0.75f64.powi(10 - k as i32) * draws as f64;
            assert!(
                (seen as f64 - expected).abs() < 5.0 * expected.sqrt() + 1.0,
                "k = {k}: {seen} vs {expected}"
            );
        }
        assert_eq!(b.count(0, rng.next_u64()), 0);
        assert_eq!(Binomials::new(1.0).count(7, u64::MAX), 7);
        assert_eq!(Binomials::new(0.0).count(7, 0), 0);
    }

    #[test]
    fn village_keys_ignore_nothing() {
        assert_ne!(village_key(1, 0, 0), village_key(1, 1, 0));
        assert_ne!(village_key(1, 0, 0), village_key(1, 0, 1));
        assert_ne!(village_key(1, 0, 0), village_key(2, 0, 0));
    }

    #[test]
    fn splitmix_is_the_published_generator() {
        // First output of SplitMix64 seeded with 0 (Vigna's reference implementation).
        let mut r = Draws::seed_from_u64(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        // 32-bit outputs seeded with 10 (dsiutils 2.5.1, the reference implementation).
        let mut r = Draws::seed_from_u64(10);
        let first: [u32; 6] = std::array::from_fn(|_| r.next_u32());
        assert_eq!(
            first,
            [3930361779, 4016923089, 4113052479, 925926767, 1755287528, 802865554]
        );
    }
}
