//! Interaction (MODEL.md §7.6): one meeting draw per tie between residents, counted by both ends.
//! Isolation is read from these counts in the record step; attitudes read the identities of those met.
//! The same pass counts the tie ends between resident adults, which the record step reports.

use rand::Rng;

use super::person::{Status, TieKind, MONTHS_16};
use super::rng::{draws, threshold, Process};
use super::village::Village;
use crate::scenario::Params;

/// Tie ends between residents, counted at resident adults (16+), as the metrics define them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TieEnds {
    pub strong: u64,
    pub weak: u64,
    pub neighbour: u64,
}

pub fn step(v: &mut Village, p: &Params) {
    let people = &mut v.people;
    people.met_strong.fill(0);
    people.met_weak.fill(0);
    people.met_identity.fill(0.0);
    let activities = &p.levers.community_activities;
    let multiplier = if activities.period.in_force(v.month) {
        activities.meet_multiplier
    } else {
        1.0
    };
    let strong = threshold(p.meet_strong_month);
    let weak = threshold(p.meet_weak_month * multiplier);
    // Sums are kept in separate scalars and selected by arithmetic, not indexed by the kind: an indexed
    // sum would chain the iterations through memory, and a branch on the kind or the draw is mispredicted.
    let mut ends = TieEnds::default();
    for i in 0..people.len() as u32 {
        let k = i as usize;
        // Each tie is drawn once, by its lower-indexed end: the forward part of the list.
        let forward = people.ties.forward(i);
        if people.status[k] != Status::Resident || forward.is_empty() {
            continue;
        }
        let adult_i = u64::from(people.age_months[k] >= MONTHS_16);
        let mut rng = draws(v.key, Process::Interaction, i, v.month);
        let identity_i = people.identity[k];
        let (mut strong_i, mut weak_i, mut identity_met) = (0u64, 0u64, 0.0);
        for t in forward {
            let j = t.other as usize;
            let resident = u64::from(people.status[j] == Status::Resident);
            let is_weak = u64::from(t.kind == TieKind::Acquaintance);
            let adults = (adult_i + u64::from(people.age_months[j] >= MONTHS_16)) * resident;
            ends.weak += adults * is_weak;
            ends.strong += adults * (1 - is_weak);
            ends.neighbour += adults * u64::from(t.kind == TieKind::Neighbour);
            let chance = if is_weak == 1 { weak } else { strong };
            let met = u64::from(rng.next_u64() < chance) & resident;
            weak_i += met * is_weak;
            strong_i += met * (1 - is_weak);
            let counts = if is_weak == 1 {
                &mut people.met_weak
            } else {
                &mut people.met_strong
            };
            counts[j] += met as u16;
            // Identities are read before the attitudes step changes them: synchronous (MODEL.md §4).
            let m = met as f64;
            identity_met += m * people.identity[j];
            people.met_identity[j] += m * identity_i;
        }
        people.met_strong[k] += strong_i as u16;
        people.met_weak[k] += weak_i as u16;
        people.met_identity[k] += identity_met;
    }
    v.tie_ends = ends;
}
