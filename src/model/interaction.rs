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
    // Index 0 strong, 1 weak: the loop below takes no branch on the kind or on the draw.
    let thresholds = [strong, weak];
    let mut ends = [0u64; 3];
    for i in 0..people.len() as u32 {
        let k = i as usize;
        if people.status[k] != Status::Resident || people.ties[k].is_empty() {
            continue;
        }
        let adult_i = u64::from(people.age_months[k] >= MONTHS_16);
        let mut rng = draws(v.key, Process::Interaction, i, v.month);
        for n in 0..people.ties[k].len() {
            let t = people.ties[k][n];
            let j = t.other as usize;
            if t.other < i || people.status[j] != Status::Resident {
                continue;
            }
            let weak = usize::from(t.kind == TieKind::Acquaintance);
            let adults = adult_i + u64::from(people.age_months[j] >= MONTHS_16);
            ends[weak] += adults;
            ends[2] += adults * u64::from(t.kind == TieKind::Neighbour);
            let met = rng.next_u64() < thresholds[weak];
            let counts = if weak == 0 {
                &mut people.met_strong
            } else {
                &mut people.met_weak
            };
            counts[k] += u16::from(met);
            counts[j] += u16::from(met);
            // Identities are read before the attitudes step changes them: synchronous (MODEL.md §4).
            let m = f64::from(u8::from(met));
            let (a, b) = (people.identity[j], people.identity[k]);
            people.met_identity[k] += m * a;
            people.met_identity[j] += m * b;
        }
    }
    let ends = TieEnds {
        strong: ends[0],
        weak: ends[1],
        neighbour: ends[2],
    };
    v.tie_ends = ends;
}
