//! Hazard clocks (MODEL.md §4): the events that strike a person at a monthly chance (death, a change of
//! health, leaving or ending an absence, marriage, a birth, a new acquaintance, a change of mind about
//! mutual aid, an acquaintance tie breaking) are timed by the person's integrated hazard instead of a
//! draw each month.
//!
//! Each person holds, per kind of event, an Exp(1) budget drawn when the person is created and again
//! after each event. Each month that the event can happen the month's hazard h = −ln(1 − q) is taken off
//! the budget, and the event happens in the month the budget runs out. Given no event before, that is
//! chance 1 − e^−h = q in the month, whatever the hazards of earlier months were: the same distribution
//! as a uniform draw against q each month. A budget left when the hazard changes (the person ages, falls
//! ill, moves) is still Exp(1), since nothing about it was learnt but that it had not run out. Only the
//! months with an event draw, so the loops over everyone do a subtraction instead of starting a stream.

use rand::Rng;

use super::person::{Need, People, Sex, Status, MONTHS_16};
use super::rng::{draws, Draws, Process};
use super::village::Village;

/// The kinds of event timed by a clock; each person has one clock of each.
#[derive(Clone, Copy, Debug)]
#[repr(usize)]
pub enum Clock {
    Death,
    Marriage,
    Birth,
    Migration,
    Health,
    Formation,
    Willingness,
    Decay,
}

impl Clock {
    pub const COUNT: usize = 8;
}

/// An Exp(1) draw by inversion, −ln U with U uniform on (0, 1] (53 random bits, shifted up by one
/// step so that the logarithm is finite).
pub fn exp1(rng: &mut Draws) -> f64 {
    let u = ((rng.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64);
    -libm::log(u)
}

/// The clocks of a person created in this village and month, from the person's own stream.
pub fn start(village: u64, person: u32, month: u32) -> [f64; Clock::COUNT] {
    let mut rng = draws(village, Process::Clocks, person, month);
    std::array::from_fn(|_| exp1(&mut rng))
}

/// A monthly chance as the month's hazard −ln(1 − q) (infinite for q = 1: the event is certain).
pub fn hazard(q: f64) -> f64 {
    -libm::log1p(-q.min(1.0))
}

/// Persons whose clock ran out, for the three clocks that every registered person runs every month
/// (death, migration, health), from the month's pass; and how many persons there were at the pass.
#[derive(Clone, Debug, Default)]
pub struct Struck {
    lists: [Vec<u32>; 3],
    persons: usize,
}

impl Struck {
    fn list(&mut self, clock: Clock) -> &mut Vec<u32> {
        match clock {
            Clock::Death => &mut self.lists[0],
            Clock::Migration => &mut self.lists[1],
            Clock::Health => &mut self.lists[2],
            _ => unreachable!("only death, migration and health are struck in the month's pass"),
        }
    }
}

/// The monthly hazards of the clocks that every registered person runs every month (death, migration,
/// health) at one age in years, side by side, so that the month's pass over everyone finds all three
/// in one row.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ClockHazards {
    /// Death, by sex and need.
    pub death: [[f64; 4]; 2],
    /// Leaving the village (for a resident) and ending an absence (for a person away).
    pub migration: [f64; 2],
    /// Leaving one's level of need, by need.
    pub health: [f64; 4],
}

impl ClockHazards {
    /// The row of a person's age in months in a table by age in years (the oldest row for all older).
    #[inline]
    pub fn row(table: &[ClockHazards], age_months: u16) -> &ClockHazards {
        &table[(age_months as usize / 12).min(table.len() - 1)]
    }

    /// The hazard of the death, migration or health clock for a person in this state.
    #[inline]
    pub fn of(&self, clock: Clock, status: Status, sex: Sex, need: Need) -> f64 {
        match clock {
            Clock::Death => self.death[sex as usize][need as usize],
            Clock::Migration => self.migration[usize::from(status != Status::Resident)],
            Clock::Health => self.health[need as usize],
            _ => unreachable!("only death, migration and health have a row of hazards by age"),
        }
    }
}

impl Village {
    /// Ages every registered person by a month and runs their death, migration and health clocks, at the
    /// hazards of their state after ageing (one row of `table` per person), in one pass over everyone;
    /// returns those turning 16, whose month of age `People::turn_16` adds, since they start counting as
    /// adult tie ends.
    ///
    /// This is the same as a pass per clock at its own step: until the migration step, nothing but
    /// death and leaving the registered population changes the state of anyone present at the pass
    /// (those run no more clocks), and a person's health hazard reads only age and need, which migration
    /// leaves alone. Persons created later in the month run their clocks in `run_clock`.
    pub fn age_and_strike(&mut self, table: &[ClockHazards]) -> Vec<u32> {
        let mut struck = std::mem::take(&mut self.struck);
        let [deaths, migrations, changes] = &mut struck.lists;
        for list in [&mut *deaths, &mut *migrations, &mut *changes] {
            list.clear();
        }
        let People {
            status,
            age_months,
            sex,
            need,
            clocks,
            ..
        } = &mut self.people;
        let [death_clock, _, _, migration_clock, health_clock, ..] = clocks;
        // The columns cut to one length, so that no bounds check is left in the loop.
        let n = status.len();
        let (status, age_months, sex, need) = (&status[..n], &mut age_months[..n], &sex[..n], &need[..n]);
        let (death_clock, migration_clock, health_clock) =
            (&mut death_clock[..n], &mut migration_clock[..n], &mut health_clock[..n]);
        let mut turning_16 = Vec::new();
        for (k, (age, &s)) in age_months.iter_mut().zip(status.iter()).enumerate() {
            if !s.registered() {
                continue;
            }
            let aged = age.saturating_add(1);
            if aged == MONTHS_16 {
                turning_16.push(k as u32);
            } else {
                *age = aged;
            }
            let (sex, need, row) = (sex[k], need[k], ClockHazards::row(table, aged));
            if tick(&mut death_clock[k], row.of(Clock::Death, s, sex, need)) {
                deaths.push(k as u32);
            }
            if tick(&mut migration_clock[k], row.of(Clock::Migration, s, sex, need)) {
                migrations.push(k as u32);
            }
            if tick(&mut health_clock[k], row.of(Clock::Health, s, sex, need)) {
                changes.push(k as u32);
            }
        }
        struck.persons = self.people.len();
        self.struck = struck;
        turning_16
    }

    /// Carries out `event` for each person whose `clock` ran out this month, in index order: those struck
    /// in the month's pass who are still registered, then those created since the pass, whose clock runs
    /// here at its hazard in `table`.
    pub fn run_clock(&mut self, clock: Clock, table: &[ClockHazards], mut event: impl FnMut(&mut Village, u32)) {
        let mut list = std::mem::take(self.struck.list(clock));
        let p = &mut self.people;
        for k in self.struck.persons..p.len() {
            let s = p.status[k];
            if s.registered()
                && tick(
                    &mut p.clocks[clock as usize][k],
                    ClockHazards::row(table, p.age_months[k]).of(clock, s, p.sex[k], p.need[k]),
                )
            {
                list.push(k as u32);
            }
        }
        for &i in &list {
            if self.people.status[i as usize].registered() {
                event(self, i);
            }
        }
        *self.struck.list(clock) = list;
    }
}

/// Runs clock `budget` for a month at hazard `h`: true when the event happens this month. The caller
/// then winds the clock again with `exp1` from the month's stream.
#[inline]
pub fn tick(budget: &mut f64, h: f64) -> bool {
    *budget -= h;
    *budget < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::init::initialize;
    use crate::model::person::NewPerson;
    use crate::scenario::Scenario;
    use rand::SeedableRng;

    /// The month's pass strikes each registered person whose clock runs out; a person created after the
    /// pass (a birth, a newcomer) runs the clock at its step; one struck in the pass who has since died
    /// or left is passed over; and the events come in index order.
    #[test]
    fn a_step_carries_out_the_pass_and_the_persons_created_since() {
        let p = Scenario::builtin_baseline().params;
        let mut v = initialize(&p, 11);
        let registered: Vec<u32> = (0..v.people.len() as u32)
            .filter(|&i| v.people.status[i as usize].registered())
            .collect();
        let (first, dies, later) = (registered[0], registered[1], registered[2]);
        // With a hazard of 1 a month, exactly those with a budget under 1 are struck.
        for (k, budget) in v.people.clocks[Clock::Health as usize].iter_mut().enumerate() {
            *budget = if [first, dies, later].contains(&(k as u32)) {
                0.5
            } else {
                2.0
            };
        }
        // No deaths or moves; a hazard of 1 for every change of health.
        let table = [ClockHazards {
            health: [1.0; 4],
            ..ClockHazards::default()
        }];
        v.age_and_strike(&table);
        v.remove_person(dies, Status::Dead);
        let newcomer = v.add_person(NewPerson {
            household: v.people.household[first as usize],
            ..NewPerson::plain(30, Sex::F)
        });
        v.people.clocks[Clock::Health as usize][newcomer as usize] = 0.5;
        let mut carried_out = Vec::new();
        v.run_clock(Clock::Health, &table, |_, i| carried_out.push(i));
        assert_eq!(carried_out, [first, later, newcomer]);
        // Everyone else's clock ran for the month once: 2 − 1 left.
        let other = registered[3] as usize;
        assert_eq!(v.people.clocks[Clock::Health as usize][other], 1.0);
    }

    /// Each clock reads its own entry of a row (death by sex and need, migration by whether the person is
    /// away, health by need), and the oldest row serves every older age.
    #[test]
    fn each_clock_reads_its_own_hazard_from_the_row_of_its_age() {
        let row = ClockHazards {
            death: [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]],
            migration: [9.0, 10.0],
            health: [11.0, 12.0, 13.0, 14.0],
        };
        assert_eq!(row.of(Clock::Death, Status::Resident, Sex::M, Need::Moderate), 7.0);
        assert_eq!(row.of(Clock::Death, Status::Away, Sex::F, Need::None), 1.0);
        assert_eq!(row.of(Clock::Migration, Status::Resident, Sex::F, Need::Light), 9.0);
        assert_eq!(row.of(Clock::Migration, Status::Away, Sex::M, Need::Light), 10.0);
        assert_eq!(row.of(Clock::Health, Status::Away, Sex::M, Need::Severe), 14.0);
        let table = [ClockHazards::default(), row];
        assert_eq!(ClockHazards::row(&table, 11), &table[0]);
        assert_eq!(ClockHazards::row(&table, 12), &row);
        assert_eq!(ClockHazards::row(&table, 80 * 12), &row);
    }

    /// Over many persons, the share whose event comes in each month matches the monthly chances, even
    /// when the chance changes from month to month.
    #[test]
    fn a_clock_strikes_with_each_months_chance() {
        let chances = [0.02, 0.3, 0.0, 0.1, 0.05, 1.0];
        let n = 200_000;
        let mut rng = Draws::seed_from_u64(3);
        let mut first = [0u32; 6];
        for _ in 0..n {
            let mut budget = exp1(&mut rng);
            if let Some(m) = chances.iter().position(|&q| tick(&mut budget, hazard(q))) {
                first[m] += 1;
            }
        }
        let mut alive = n as f64;
        for (m, &q) in chances.iter().enumerate() {
            let expected = alive * q;
            let sd = (alive * q * (1.0 - q)).sqrt().max(1.0);
            assert!(
                (first[m] as f64 - expected).abs() < 5.0 * sd,
                "month {m}: {} vs {expected}",
                first[m]
            );
            alive -= first[m] as f64;
        }
        assert_eq!(alive, 0.0, "the certain event in the last month takes everyone left");
    }
}
