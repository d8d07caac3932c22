//! Interaction (MODEL.md §7.6): each tie between residents is a meeting with its kind's monthly chance,
//! counted by both ends. Isolation is read from these counts in the record step; attitudes read the
//! identities of those met.
//!
//! A tie is drawn by its lower-indexed end. Rather than one draw per tie, each person draws how many of
//! their strong (and weak) ties meet this month, a binomial count, and then which ones, uniformly: the
//! same distribution (every tie meets independently with its chance, residents or not; ties to persons
//! away are then dropped). The two counts come from the two halves of one draw, and each meeting takes one
//! draw more: a person with ties draws once plus once per meeting.

use super::person::{People, Status, Tie};
use super::rates::Rates;
use super::rng::{draws, Binomials, Draws, Process};
use super::village::Village;
use crate::scenario::levers::LeversInForce;

pub fn step(v: &mut Village, r: &Rates, levers: &LeversInForce) {
    // Field by field, so the loop holds each column as a plain slice.
    let People {
        status,
        identity,
        ties,
        met_strong,
        met_weak,
        met_identity,
        ..
    } = &mut v.people;
    met_strong.fill(0);
    met_weak.fill(0);
    met_identity.fill(0.0);
    // Every column cut to the same length, so that one bounds check on the other end serves them all.
    let n = status.len();
    let (status, identity) = (&status[..n], &identity[..n]);
    let (met_strong, met_weak, met_identity) = (&mut met_strong[..n], &mut met_weak[..n], &mut met_identity[..n]);
    let activities = usize::from(levers.community_activities.is_some());
    let (strong_chance, weak_chance) = (&r.meet_strong, &r.meet_weak[activities]);
    for &i in &v.residents {
        let k = i as usize;
        let (strong, weak) = ties.owned(i);
        if strong.is_empty() && weak.is_empty() {
            continue;
        }
        let mut rng = draws(v.key, Process::Interaction, i, v.month);
        let identity_i = identity[k];
        // Person i's own sums stay in registers; the other end's are written per meeting. Identities are
        // read before the attitudes step changes them: synchronous (MODEL.md §4).
        let mut identity_met = 0.0;
        let [u_strong, u_weak] = rng.halves();
        let mut meet = |ties: &[Tie], chance: &Binomials, u: u64, counts: &mut [u16]| {
            let mut met = 0;
            // A meeting with someone away does not count. Adding zero for them instead of testing
            // leaves every sum as it is (their counts stay zero) and keeps the loop free of a branch
            // that no predictor could learn. The identities are zeroed by a mask of their bits (the
            // identities are never negative, so zeroed is +0.0, as a product with 0 would give):
            // chosen, or multiplied by 1 or 0, they became a branch again in the compiled code.
            meetings(ties, chance, u, &mut rng, |j| {
                let resident = status[j] == Status::Resident;
                let mask = status[j].resident_mask();
                met += u16::from(resident);
                counts[j] += u16::from(resident);
                identity_met += f64::from_bits(identity[j].to_bits() & mask);
                met_identity[j] += f64::from_bits(identity_i.to_bits() & mask);
            });
            met
        };
        let met_s = meet(strong, strong_chance, u_strong, met_strong);
        let met_w = meet(weak, weak_chance, u_weak, met_weak);
        met_strong[k] += met_s;
        met_weak[k] += met_w;
        met_identity[k] += identity_met;
    }
}

/// Calls `meet` with the other end of each tie that meets this month, each independently with the chance
/// of `chance` (`Binomials::trials`; `u` is the uniform for the first count).
#[inline(always)]
pub fn meetings(ties: &[Tie], chance: &Binomials, u: u64, rng: &mut Draws, mut meet: impl FnMut(usize)) {
    chance.trials(ties.len(), u, rng, |k| meet(ties[k].other() as usize));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::person::TieKind;
    use rand::SeedableRng;

    /// Every tie meets with the chance, and two ties meet together with the chance squared: the
    /// binomial count and uniform choice are the same as a draw per tie.
    #[test]
    fn meetings_are_independent_per_tie() {
        for (n, p) in [(1, 0.25), (6, 0.25), (12, 0.1), (64, 0.3), (90, 0.2)] {
            let ties: Vec<Tie> = (0..n).map(|j| Tie::new(j, TieKind::Neighbour)).collect();
            let chance = Binomials::new(p);
            let mut rng = Draws::seed_from_u64(n as u64);
            let months = 100_000;
            let (mut met, mut first_two) = (vec![0u32; n as usize], 0u32);
            for month in 0..months {
                let mut this_month = vec![false; n as usize];
                let u = rng.halves()[month % 2];
                meetings(&ties, &chance, u, &mut rng, |j| this_month[j] = true);
                for (j, &m) in this_month.iter().enumerate() {
                    met[j] += u32::from(m);
                }
                first_two += u32::from(n > 1 && this_month[0] && this_month[n as usize - 1]);
            }
            let sd = (p * (1.0 - p) / months as f64).sqrt();
            for &m in &met {
                assert!((m as f64 / months as f64 - p).abs() < 5.0 * sd, "n = {n}: chance {m}");
            }
            if n > 1 {
                let both = first_two as f64 / months as f64;
                let sd = (p * p / months as f64).sqrt();
                assert!((both - p * p).abs() < 5.0 * sd, "n = {n}: both {both}");
            }
        }
    }
}
