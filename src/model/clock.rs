//! Hazard clocks (MODEL.md §4): the events that strike a person at a monthly chance (death, a change of
//! health, leaving or ending an absence, marriage, a birth, a new acquaintance, a change of mind about
//! mutual aid, an acquaintance tie breaking) are timed by the person's integrated hazard instead of a
//! draw each month.
//!
//! Each person holds, per kind of event, an Exp(1) budget drawn when the person is created and again
//! after each event. Each month that the event can happen the month's hazard h = −ln(1 − q) is taken off
//! the budget, and the event happens in the month the budget runs out. Given no event before, that is
//! chance 1 − e^−h = q in the month, whatever the hazards of earlier months were: the same distribution
//! as a uniform draw against q each month. A budget left when the hazard changes (the person ages, falls
//! ill, moves) is still Exp(1), since nothing about it was learnt but that it had not run out. Only the
//! months with an event draw, so the loops over everyone do a subtraction instead of starting a stream.

use rand::Rng;

use super::rng::{draws, Draws, Process};

/// The kinds of event timed by a clock; each person has one clock of each.
#[derive(Clone, Copy, Debug)]
#[repr(usize)]
pub enum Clock {
    Death,
    Marriage,
    Birth,
    Migration,
    Health,
    Formation,
    Willingness,
    Decay,
}

impl Clock {
    pub const COUNT: usize = 8;
}

/// An Exp(1) draw by inversion, −ln U with U uniform on (0, 1] (53 random bits, shifted up by one
/// step so that the logarithm is finite).
pub fn exp1(rng: &mut Draws) -> f64 {
    let u = ((rng.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64);
    -libm::log(u)
}

/// The clocks of a person created in this village and month, from the person's own stream.
pub fn start(village: u64, person: u32, month: u32) -> [f64; Clock::COUNT] {
    let mut rng = draws(village, Process::Clocks, person, month);
    std::array::from_fn(|_| exp1(&mut rng))
}

/// A monthly chance as the month's hazard −ln(1 − q) (infinite for q = 1: the event is certain).
pub fn hazard(q: f64) -> f64 {
    -libm::log1p(-q.min(1.0))
}

/// Persons whose clock ran out, for the three clocks that every registered person runs every month
/// (death, migration, health), from the month's pass; and how many persons there were at the pass.
#[derive(Clone, Debug, Default)]
pub struct Struck {
    /// Those struck by death, migration and health, in index order.
    pub lists: [Vec<u32>; 3],
    /// Persons at the pass: those created later run their clocks at their step.
    pub persons: usize,
}

impl Struck {
    pub fn list(&mut self, clock: Clock) -> &mut Vec<u32> {
        match clock {
            Clock::Death => &mut self.lists[0],
            Clock::Migration => &mut self.lists[1],
            Clock::Health => &mut self.lists[2],
            _ => unreachable!("only death, migration and health are struck in the month's pass"),
        }
    }
}

/// Runs clock `budget` for a month at hazard `h`: true when the event happens this month. The caller
/// then winds the clock again with `exp1` from the month's stream.
#[inline]
pub fn tick(budget: &mut f64, h: f64) -> bool {
    *budget -= h;
    *budget < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// Over many persons, the share whose event comes in each month matches the monthly chances, even
    /// when the chance changes from month to month.
    #[test]
    fn a_clock_strikes_with_each_months_chance() {
        let chances = [0.02, 0.3, 0.0, 0.1, 0.05, 1.0];
        let n = 200_000;
        let mut rng = Draws::seed_from_u64(3);
        let mut first = [0u32; 6];
        for _ in 0..n {
            let mut budget = exp1(&mut rng);
            if let Some(m) = chances.iter().position(|&q| tick(&mut budget, hazard(q))) {
                first[m] += 1;
            }
        }
        let mut alive = n as f64;
        for (m, &q) in chances.iter().enumerate() {
            let expected = alive * q;
            let sd = (alive * q * (1.0 - q)).sqrt().max(1.0);
            assert!(
                (first[m] as f64 - expected).abs() < 5.0 * sd,
                "month {m}: {} vs {expected}",
                first[m]
            );
            alive -= first[m] as f64;
        }
        assert_eq!(alive, 0.0, "the certain event in the last month takes everyone left");
    }
}
