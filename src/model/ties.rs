//! Tie dynamics (MODEL.md §7.5, paper §3.2, §4.2): neighbour ties for those who need them, decay of
//! acquaintance ties (faster while away, and under `market_alienation`), and new acquaintances.

use rand::{Rng, RngExt};

use super::clock::{exp1, tick, Clock};
use super::person::{Status, TieKind};
use super::rng::{draws, poisson, stochastic_round, threshold, Draws, Process};
use super::village::Village;
use crate::scenario::levers::LeversInForce;
use crate::scenario::Params;

pub fn step(v: &mut Village, p: &Params, levers: &LeversInForce) {
    neighbours(v, p);
    decay(v, p, levers);
    formation(v, p, levers);
    home_ties(v, p);
}

/// Persons who turned 16, returned or moved house get neighbour ties up to `network.neighbours`.
fn neighbours(v: &mut Village, p: &Params) {
    let mut pending = std::mem::take(&mut v.pending_neighbours);
    pending.sort_unstable();
    pending.dedup();
    for &i in &pending {
        let u: f64 = draws(v.key, Process::Neighbours, i, v.month).random();
        v.top_up_neighbours(i, stochastic_round(p.network.neighbours, u));
    }
    pending.clear();
    v.pending_neighbours = pending;
}

/// Acquaintance ties break at a yearly hazard, `network.weak_decay` (times the `market_alienation`
/// lever's factor) between residents and `network.away_decay` with an end away; each tie is the
/// lower-indexed end's. Rather than a draw per tie, the owner's decay clock runs at n × top, with n their
/// acquaintance ties and top the higher of the two hazards; each time it runs out, one of the n is picked
/// at random and breaks with the ratio of its own hazard to top (thinning). Every tie then breaks with its
/// own chance in the month, independently, as with a draw per tie.
fn decay(v: &mut Village, p: &Params, levers: &LeversInForce) {
    let alienation = levers.market_alienation.map_or(1.0, |a| a.scale);
    let resident_decay = p.network.weak_decay * alienation / 12.0;
    let away_decay = p.network.away_decay / 12.0;
    let top = resident_decay.max(away_decay);
    if top <= 0.0 {
        return;
    }
    let keep = [threshold(resident_decay / top), threshold(away_decay / top)];
    let Village {
        key,
        month,
        people,
        residents,
        away,
        ..
    } = v;
    let mut broken = Vec::new();
    let clocks = &mut people.clocks[Clock::Decay as usize];
    for &i in residents.iter().chain(away.iter()) {
        let k = i as usize;
        let clock = &mut clocks[k];
        // With no ties the hazard is zero and the clock stands still: no test of its own needed.
        if !tick(clock, people.ties.owned_weak_count(i) as f64 * top) {
            continue;
        }
        let (_, ties) = people.ties.owned(i);
        let mut rng = draws(*key, Process::TieDecay, i, *month);
        let resident = people.status[k] == Status::Resident;
        while *clock < 0.0 {
            *clock += exp1(&mut rng);
            let other = ties[rng.index(ties.len())].other();
            let away = usize::from(!(resident && people.status[other as usize] == Status::Resident));
            if rng.next_u64() < keep[away] {
                broken.push((i, other));
            }
        }
    }
    // A tie picked twice in the month breaks once.
    broken.sort_unstable();
    broken.dedup();
    for (a, b) in broken {
        v.people.untie(a, b);
    }
}

/// Each resident adult starts new acquaintances as a Poisson process at `network.weak_formation` a year:
/// the events come where the formation clock's successive Exp(1) budgets run out, so the number in a
/// month is Poisson with the month's mean.
fn formation(v: &mut Village, p: &Params, levers: &LeversInForce) {
    // The resident adults as collected with the residents at the start of the step (nobody arrives,
    // leaves or turns 16 before this).
    let adults = std::mem::take(&mut v.resident_adults);
    let multiplier = levers.community_activities.map_or(1.0, |a| a.tie_multiplier);
    let mean = p.network.weak_formation * multiplier / 12.0;
    for &i in &adults {
        let k = i as usize;
        let mut budget = v.people.clocks[Clock::Formation as usize][k];
        if tick(&mut budget, mean) {
            let mut rng = draws(v.key, Process::TieFormation, i, v.month);
            while budget < 0.0 {
                budget += exp1(&mut rng);
                befriend(v, i, &adults, p, &mut rng);
            }
        }
        v.people.clocks[Clock::Formation as usize][k] = budget;
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
            for _ in 0..poisson(mean, none, rng.random()) {
                let j = members[rng.index(members.len())];
                if v.people.resident(j) {
                    v.people.tie(i, j, TieKind::Acquaintance);
                }
            }
        }
    }
    v.home_members = members;
}

/// A new acquaintance tie for i, with the first of up to six persons drawn who is a resident adult of
/// another household not yet tied to i; each drawn within `network.radius` households on the ring, or
/// with probability `network.rewire` from all resident adults. (Whether the two are tied is asked once,
/// by the tie itself.)
pub fn befriend(v: &mut Village, i: u32, adults: &[u32], p: &Params, rng: &mut Draws) -> bool {
    let own = v.people.household[i as usize];
    let radius = p.network.radius as usize;
    for _ in 0..6 {
        let j = if rng.random::<f64>() < p.network.rewire {
            adults[rng.index(adults.len())]
        } else {
            // The direction along the ring is the top bit of a draw.
            let offset = (1 + rng.index(radius)) as i64 * if rng.next_u64() >> 63 == 1 { 1 } else { -1 };
            let members = &v.households.members[v.households.along(own, offset) as usize];
            if members.is_empty() {
                continue;
            }
            members[rng.index(members.len())]
        };
        if v.people.resident_adult(j)
            && v.people.household[j as usize] != own
            && v.people.tie(i, j, TieKind::Acquaintance)
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::init::initialize;
    use crate::scenario::Scenario;

    /// In the first month of fresh villages, acquaintance ties between residents break with the monthly
    /// chance of `weak_decay` and ties with an end away (a third of the residents sent away) with that of
    /// `away_decay`.
    #[test]
    fn each_acquaintance_tie_breaks_with_its_own_chance() {
        let mut p = Scenario::builtin_baseline().params;
        (p.network.weak_decay, p.network.away_decay) = (1.2, 3.6);
        // [resident–resident, with an end away]: ties, broken.
        let (mut ties, mut broken) = ([0u32; 2], [0u32; 2]);
        for seed in 0..10 {
            let mut v = initialize(&p, seed);
            // Every third resident goes away, so that some ties have an end away.
            for i in (0..v.people.len() as u32).step_by(3) {
                if v.people.resident(i) {
                    v.people.set_status(i, Status::Away);
                }
            }
            v.collect_residents();
            let before = v.people.ties.clone();
            decay(&mut v, &p, &p.levers.in_force(0));
            for i in 0..v.people.len() as u32 {
                for t in before.owned(i).1 {
                    let away = usize::from(!(v.people.resident(i) && v.people.resident(t.other())));
                    ties[away] += 1;
                    broken[away] += u32::from(!v.people.ties.tied(i, t.other()));
                }
            }
        }
        for (class, yearly) in [p.network.weak_decay, p.network.away_decay].into_iter().enumerate() {
            let chance = 1.0 - (-yearly / 12.0f64).exp();
            let n = ties[class] as f64;
            let sd = (chance * (1.0 - chance) / n).sqrt();
            let share = broken[class] as f64 / n;
            assert!(n > 2000.0, "class {class}: only {n} ties");
            assert!(
                (share - chance).abs() < 5.0 * sd,
                "class {class}: {share} vs {chance} over {n} ties"
            );
        }
    }
}
