//! Tie dynamics (MODEL.md §7.5, paper §3.2, §4.2): neighbour ties for those who need them, decay of
//! acquaintance ties (faster while away, and under `market_alienation`), and new acquaintances.

use rand::{Rng, RngExt};

use super::init::stochastic_round;
use super::person::TieKind;
use super::rates::monthly_from_hazard;
use super::rng::{draws, threshold, Draws, Process, Waiting};
use super::village::Village;
use crate::scenario::Params;

pub fn step(v: &mut Village, p: &Params) {
    neighbours(v, p);
    decay(v, p);
    formation(v, p);
    home_ties(v, p);
}

/// Persons who turned 16, returned or moved house get neighbour ties up to `network.neighbours`.
fn neighbours(v: &mut Village, p: &Params) {
    let mut pending = std::mem::take(&mut v.pending_neighbours);
    pending.sort_unstable();
    pending.dedup();
    for &i in &pending {
        let u: f64 = draws(v.key, Process::Neighbours, i, v.month).random();
        v.top_up_neighbours(i, stochastic_round(p.neighbours, u));
    }
    pending.clear();
    v.pending_neighbours = pending;
}

/// Acquaintance ties break at the monthly chance for ties between residents or the higher one for ties
/// with someone away. Each tie is the lower-indexed end's. Rather than a draw per tie, the ties that break
/// are found along the person's forward acquaintance ties by waiting times at the higher of the two
/// chances, and each tie found is kept as broken with the ratio of its own chance to that one (thinning):
/// the same distribution, about one draw per person.
fn decay(v: &mut Village, p: &Params) {
    let resident_decay = monthly_from_hazard(p.weak_decay * p.levers.market_alienation.factor(v.month));
    let away_decay = monthly_from_hazard(p.away_decay);
    let top = resident_decay.max(away_decay);
    if top <= 0.0 {
        return;
    }
    let waiting = Waiting::new(top);
    let keep = [threshold(resident_decay / top), threshold(away_decay / top)];
    let mut broken = Vec::new();
    for i in 0..v.people.len() as u32 {
        let (_, ties) = v.people.ties.owned(i);
        if ties.is_empty() || !v.people.status[i as usize].registered() {
            continue;
        }
        let mut rng = draws(v.key, Process::TieDecay, i, v.month);
        let resident = v.people.resident(i);
        let mut n = waiting.next(&mut rng, ties.len());
        while n < ties.len() {
            let other = ties[n].other();
            let away = usize::from(!(resident && v.people.resident(other)));
            if rng.next_u64() < keep[away] {
                broken.push((i, other));
            }
            n += 1 + waiting.next(&mut rng, ties.len() - n - 1);
        }
    }
    for (a, b) in broken {
        v.people.untie(a, b);
    }
}

/// Each resident adult starts new acquaintances as a Poisson process at `network.weak_formation` a year.
fn formation(v: &mut Village, p: &Params) {
    v.collect_resident_adults();
    let adults = std::mem::take(&mut v.resident_adults);
    let activities = &p.levers.community_activities;
    let multiplier = if activities.period.in_force(v.month) {
        activities.tie_multiplier
    } else {
        1.0
    };
    let mean = p.weak_formation * multiplier / 12.0;
    let none = libm::exp(-mean);
    for &i in &adults {
        let mut rng = draws(v.key, Process::TieFormation, i, v.month);
        for _ in 0..poisson(mean, none, &mut rng) {
            if let Some(j) = pick_acquaintance(v, i, &adults, p, &mut rng) {
                v.people.tie(i, j, TieKind::Acquaintance);
            }
        }
    }
    v.resident_adults = adults;
}

/// Happiness-home members form acquaintance ties among themselves at the lever's `tie_rate` a year.
fn home_ties(v: &mut Village, p: &Params) {
    let members = std::mem::take(&mut v.home_members);
    let mean = p.levers.happiness_home.tie_rate / 12.0;
    if members.len() > 1 {
        let none = libm::exp(-mean);
        // Members were placed in the policy step; one who died or left since then forms no ties.
        for &i in &members {
            if !v.people.resident(i) {
                continue;
            }
            let mut rng = draws(v.key, Process::HomeTies, i, v.month);
            for _ in 0..poisson(mean, none, &mut rng) {
                let j = members[rng.index(members.len())];
                if v.people.resident(j) {
                    v.people.tie(i, j, TieKind::Acquaintance);
                }
            }
        }
    }
    v.home_members = members;
}

/// A Poisson count by inversion (`none` = e^−mean); the mean here is far below 1, so it is quick.
fn poisson(mean: f64, none: f64, rng: &mut Draws) -> u32 {
    let u: f64 = rng.random();
    let (mut k, mut p, mut cumulative) = (0, none, none);
    while u > cumulative && k < 100 {
        k += 1;
        p *= mean / k as f64;
        cumulative += p;
    }
    k
}

/// A partner for a new acquaintance: a resident adult within `network.radius` households on the ring, or
/// with probability `network.rewire` any resident adult; not of the same household, not yet tied.
pub fn pick_acquaintance(v: &Village, i: u32, adults: &[u32], p: &Params, rng: &mut Draws) -> Option<u32> {
    let own = v.people.household[i as usize];
    let radius = p.radius as usize;
    for _ in 0..6 {
        let j = if rng.random::<f64>() < p.rewire {
            adults[rng.index(adults.len())]
        } else {
            let offset = (1 + rng.index(radius)) as i64 * if rng.random::<bool>() { 1 } else { -1 };
            let members = &v.households.members[v.households.along(own, offset) as usize];
            if members.is_empty() {
                continue;
            }
            members[rng.index(members.len())]
        };
        if v.people.resident_adult(j) && v.people.household[j as usize] != own && !v.people.ties.tied(i, j) {
            return Some(j);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn poisson_counts_have_the_right_mean() {
        let mean = 0.3;
        let mut rng = Draws::seed_from_u64(1);
        let n = 200_000;
        let total: u32 = (0..n).map(|_| poisson(mean, (-mean).exp(), &mut rng)).sum();
        assert!((total as f64 / n as f64 - mean).abs() < 0.005);
    }
}
