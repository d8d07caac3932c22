//! Interaction (MODEL.md §7.6): one meeting draw per tie between residents, counted by both ends.
//! Isolation is read from these counts in the record step; attitudes read the identities of those met.

use rand::RngExt;

use super::person::Status;
use super::rng::{draws, Process};
use super::village::Village;
use crate::scenario::Params;

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
    let strong = p.meet_strong_month;
    let weak = (p.meet_weak_month * multiplier).min(1.0);
    for i in 0..people.len() as u32 {
        let k = i as usize;
        if people.status[k] != Status::Resident || people.ties[k].is_empty() {
            continue;
        }
        let mut rng = draws(v.key, Process::Interaction, i, v.month);
        for n in 0..people.ties[k].len() {
            let t = people.ties[k][n];
            if t.other < i || people.status[t.other as usize] != Status::Resident {
                continue;
            }
            let u: f64 = rng.random();
            let (counts, chance) = if t.kind.strong() {
                (&mut people.met_strong, strong)
            } else {
                (&mut people.met_weak, weak)
            };
            if u < chance {
                counts[k] += 1;
                counts[t.other as usize] += 1;
                // Identities are read before the attitudes step changes them: synchronous (MODEL.md §4).
                people.met_identity[k] += people.identity[t.other as usize];
                people.met_identity[t.other as usize] += people.identity[k];
            }
        }
    }
}
