//! Migration (MODEL.md §7.3, paper §2.1): residents 16–59 leave; the away return or settle in the city
//! for good. Returning to care for a parent happens in the health step. One clock times both: leaving
//! while resident, ending the absence while away.

use rand::RngExt;

use super::clock::{exp1, Clock};
use super::person::Status;
use super::rates::{Rates, MAX_AGE_YEARS};
use super::rng::{draws, Process};
use super::village::Village;
use crate::scenario::levers::LeversInForce;

pub fn step(v: &mut Village, rates: &Rates, levers: &LeversInForce) {
    v.run_clock(Clock::Migration, rates.clocks(levers), |v, i| {
        let k = i as usize;
        let mut rng = draws(v.key, Process::Migration, i, v.month);
        v.people.clocks[Clock::Migration as usize][k] = exp1(&mut rng);
        if v.people.status[k] == Status::Resident {
            v.people.set_status(i, Status::Away);
            v.flows.left += 1;
        } else if rng.random::<f64>() < rates.return_share[age_years(v.people.age_months[k])] {
            v.come_home(i);
        } else {
            v.flows.settled_away += 1;
            v.remove_person(i, Status::Gone);
        }
    });
}

/// Age in whole years, as the rows of the tables by age (`MAX_AGE_YEARS` and over share the last).
fn age_years(age_months: u16) -> usize {
    (age_months as usize / 12).min(MAX_AGE_YEARS)
}

impl Village {
    /// An away person returns to live in the village and gets neighbour ties.
    pub fn come_home(&mut self, i: u32) {
        self.people.set_status(i, Status::Resident);
        self.flows.returned += 1;
        self.pending_neighbours.push(i);
    }
}
