//! Migration (MODEL.md §7.3, paper §2.1): residents 16–59 leave; the away return or settle in the city
//! for good. Returning to care for a parent happens in the health step. One clock times both: leaving
//! while resident, ending the absence while away.

use rand::RngExt;

use super::clock::{exp1, tick, Clock};
use super::person::Status;
use super::rates::Rates;
use super::rng::{draws, Process};
use super::village::Village;
use crate::scenario::Params;

pub fn step(v: &mut Village, p: &Params, rates: &Rates) {
    let leave = &rates.leave[usize::from(p.levers.outmigration.period.in_force(v.month))];
    for i in 0..v.people.len() as u32 {
        let k = i as usize;
        let age = v.people.age_years(i).min(110) as usize;
        match v.people.status[k] {
            Status::Resident => {
                if leave[age] == 0.0 || !tick(&mut v.people.clocks[Clock::Migration as usize][k], leave[age]) {
                    continue;
                }
                let mut rng = draws(v.key, Process::Migration, i, v.month);
                v.people.clocks[Clock::Migration as usize][k] = exp1(&mut rng);
                v.people.set_status(i, Status::Away);
                v.flows.left += 1;
            }
            Status::Away => {
                let (h, return_share) = rates.end_absence[age];
                if !tick(&mut v.people.clocks[Clock::Migration as usize][k], h) {
                    continue;
                }
                let mut rng = draws(v.key, Process::Migration, i, v.month);
                v.people.clocks[Clock::Migration as usize][k] = exp1(&mut rng);
                if rng.random::<f64>() < return_share {
                    v.come_home(i);
                } else {
                    v.flows.settled_away += 1;
                    v.remove_person(i, Status::Gone);
                }
            }
            Status::Dead | Status::Gone => {}
        }
    }
}

impl Village {
    /// An away person returns to live in the village and gets neighbour ties.
    pub fn come_home(&mut self, i: u32) {
        self.people.set_status(i, Status::Resident);
        self.flows.returned += 1;
        self.pending_neighbours.push(i);
    }
}
