//! Migration (MODEL.md §7.3, paper §2.1): residents 16–59 leave; the away return or settle in the city
//! for good. Returning to care for a parent happens in the health step. One clock times both: leaving
//! while resident, ending the absence while away.

use rand::RngExt;

use super::clock::{exp1, Clock};
use super::person::{Sex, Status, MONTHS_16, NOBODY};
use super::rates::{Rates, MAX_AGE_YEARS};
use super::rng::{draws, Process};
use super::village::Village;
use crate::scenario::levers::LeversInForce;

pub fn step(v: &mut Village, rates: &Rates, levers: &LeversInForce) {
    v.run_clock(Clock::Migration, rates.clocks(levers), |v, i| {
        let k = i as usize;
        let mut rng = draws(v.key, Process::Migration, i, v.month);
        v.people.clocks[Clock::Migration as usize][k] = exp1(&mut rng);
        let spouse = v.people.spouse[k];
        if v.people.status[k] == Status::Resident {
            // A child struck while away who came home with the mother earlier in the month stays.
            if v.people.age_months[k] < MONTHS_16 {
                return;
            }
            v.people.set_status(i, Status::Away);
            v.flows.left += 1;
        } else if rng.random::<f64>() < rates.return_share[age_years(v.people.age_months[k])] {
            v.come_home(i);
        } else if spouse == NOBODY || !v.people.resident(spouse) {
            v.settle_away(i);
        }
        // A person whose spouse lives in the village does not settle away: the absence goes on.
    });
}

/// Age in whole years, as the rows of the tables by age (`MAX_AGE_YEARS` and over share the last).
fn age_years(age_months: u16) -> usize {
    (age_months as usize / 12).min(MAX_AGE_YEARS)
}

impl Village {
    /// An away person returns to live in the village and gets neighbour ties; a mother's away children
    /// under 16 come home with her.
    pub fn come_home(&mut self, i: u32) {
        self.people.set_status(i, Status::Resident);
        self.flows.returned += 1;
        self.pending_neighbours.push(i);
        if self.people.sex[i as usize] == Sex::F {
            for child in self.away_children(i) {
                self.come_home(child);
            }
        }
    }

    /// An away person settles in the city for good, leaving the registered population with an away
    /// spouse and their away children under 16 (MODEL.md §7.3); all count as settled away.
    fn settle_away(&mut self, i: u32) {
        let spouse = self.people.spouse[i as usize];
        let mut going = self.away_children(i);
        if spouse != NOBODY && self.people.status[spouse as usize] == Status::Away {
            going.extend(self.away_children(spouse));
            going.push(spouse);
        }
        going.sort_unstable();
        going.dedup();
        going.push(i);
        for j in going {
            self.flows.settled_away += 1;
            self.remove_person(j, Status::Gone);
        }
    }

    /// A parent's children under 16 who are away, in index order.
    pub fn away_children(&self, parent: u32) -> Vec<u32> {
        let p = &self.people;
        let mut children: Vec<u32> = p
            .children(parent)
            .filter(|&c| p.status[c as usize] == Status::Away && p.age_months[c as usize] < MONTHS_16)
            .collect();
        children.sort_unstable();
        children
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::init::initialize;
    use crate::scenario::Scenario;

    /// A village and a mother in it with a husband and a child under 16, all three sent away.
    fn family_away() -> (Village, [u32; 3]) {
        let p = Scenario::builtin_baseline().params;
        let mut v = initialize(&p, 21);
        let people = &v.people;
        let (mum, child) = (0..people.len() as u32)
            .filter(|&m| people.sex[m as usize] == Sex::F && people.spouse[m as usize] != NOBODY)
            .find_map(|m| {
                people
                    .children(m)
                    .find(|&c| people.age_months[c as usize] < MONTHS_16)
                    .map(|c| (m, c))
            })
            .expect("a mother with a young child");
        let dad = v.people.spouse[mum as usize];
        for i in [mum, dad, child] {
            v.people.set_status(i, Status::Away);
        }
        (v, [mum, dad, child])
    }

    #[test]
    fn away_children_under_16_come_home_with_their_mother() {
        let (mut v, [mum, dad, child]) = family_away();
        v.come_home(mum);
        assert_eq!(v.people.status[child as usize], Status::Resident);
        assert_eq!(
            v.people.status[dad as usize],
            Status::Away,
            "the husband comes on his own"
        );
        assert_eq!(v.flows.returned, 2);
    }

    #[test]
    fn settling_away_takes_an_away_spouse_and_young_children_and_leaves_them_children_elsewhere() {
        let (mut v, [mum, dad, child]) = family_away();
        let grandparents: Vec<u32> = [v.people.mother[mum as usize], v.people.father[mum as usize]]
            .into_iter()
            .filter(|&g| g != NOBODY && v.people.status[g as usize].registered())
            .collect();
        let before: Vec<u8> = grandparents
            .iter()
            .map(|&g| v.people.children_elsewhere[g as usize])
            .collect();
        v.settle_away(dad);
        for i in [mum, dad, child] {
            assert_eq!(v.people.status[i as usize], Status::Gone);
        }
        assert!(v.flows.settled_away >= 3);
        for (g, b) in grandparents.iter().zip(before) {
            assert_eq!(
                v.people.children_elsewhere[*g as usize],
                b + 1,
                "a child settled away is still living"
            );
        }
    }
}
