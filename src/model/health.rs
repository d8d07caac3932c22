//! Health (MODEL.md §7.4): need transitions between None, Light, Moderate and Severe as competing risks
//! by age band, timed by a hazard clock, and an away child returning when a parent comes to need ADL care.

use rand::RngExt;

use super::clock::{exp1, Clock};
use super::person::{Need, Status};
use super::rates::Rates;
use super::rng::{draws, Process};
use super::village::Village;
use crate::scenario::levers::LeversInForce;
use crate::scenario::Params;

pub fn step(v: &mut Village, p: &Params, rates: &Rates, levers: &LeversInForce) {
    v.run_clock(Clock::Health, rates.clocks(levers), |v, i| {
        let k = i as usize;
        let old = v.people.need[k];
        let transitions = rates.health(v.people.age_years(i));
        let mut rng = draws(v.key, Process::Health, i, v.month);
        v.people.clocks[Clock::Health as usize][k] = exp1(&mut rng);
        // A uniform picks the destination by the shares of the leaving hazard.
        let w: f64 = rng.random();
        let new = transitions.split[old as usize]
            .iter()
            .find(|(_, c)| w < *c)
            .map_or(old, |(n, _)| *n);
        v.people.need[k] = new;
        if new > old && new >= Need::Moderate && v.people.status[k] == Status::Resident {
            return_to_care(v, p, i, rng.random(), rng.random());
        }
    });
}

/// MODEL.md §7.4: when no child is resident, one away child (at random) returns with probability
/// `migration.return_to_care`.
fn return_to_care(v: &mut Village, p: &Params, parent: u32, u: f64, pick: f64) {
    let children: Vec<u32> = v.people.children(parent).collect();
    if children
        .iter()
        .any(|&c| v.people.status[c as usize] == Status::Resident)
    {
        return;
    }
    let away: Vec<u32> = children
        .into_iter()
        .filter(|&c| v.people.status[c as usize] == Status::Away)
        .collect();
    if away.is_empty() || u >= p.migration.return_to_care {
        return;
    }
    let child = away[((pick * away.len() as f64) as usize).min(away.len() - 1)];
    v.come_home(child);
}
