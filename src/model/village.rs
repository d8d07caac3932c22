//! The village: persons, households on a ring, and the bookkeeping that keeps them consistent when
//! persons die, leave the registered population or move house.

use super::clock::{tick, Clock, Struck};
use super::person::{NewPerson, People, Status, TieKind, MONTHS_16, NOBODY};
use super::rates::ClockHazards;
use crate::scenario::levers::{Lever, LEVERS};

/// Households sit on a ring in index order (MODEL.md §2); the ring is kept as a list of household ids
/// with each household's position, so "the nearest households" is a walk along the list.
#[derive(Clone, Debug, Default)]
pub struct Households {
    pub members: Vec<Vec<u32>>,
    pub ring: Vec<u32>,
    /// Position of each household on the ring; `NOBODY` once it is empty and removed.
    pub pos: Vec<u32>,
}

impl Households {
    pub fn new_household(&mut self) -> u32 {
        self.members.push(Vec::new());
        self.pos.push(NOBODY);
        (self.members.len() - 1) as u32
    }

    /// Puts a household on the ring right after `after` (or at the end when `after` is `NOBODY`).
    pub fn place_after(&mut self, h: u32, after: u32) {
        let at = if after == NOBODY || self.pos[after as usize] == NOBODY {
            self.ring.len()
        } else {
            self.pos[after as usize] as usize + 1
        };
        self.ring.insert(at, h);
        self.renumber(at);
    }

    fn remove_from_ring(&mut self, h: u32) {
        let at = self.pos[h as usize];
        if at != NOBODY {
            self.ring.remove(at as usize);
            self.pos[h as usize] = NOBODY;
            self.renumber(at as usize);
        }
    }

    fn renumber(&mut self, from: usize) {
        for (k, &h) in self.ring.iter().enumerate().skip(from) {
            self.pos[h as usize] = k as u32;
        }
    }

    /// The household `offset` steps from `h` along the ring (wrapping).
    #[inline]
    pub fn along(&self, h: u32, offset: i64) -> u32 {
        let n = self.ring.len() as i64;
        let at = self.pos[h as usize] as i64 + offset;
        // Most steps stay inside the ring; only one across its ends pays for a division.
        let at = if (0..n).contains(&at) { at } else { at.rem_euclid(n) };
        self.ring[at as usize]
    }
}

#[derive(Clone, Debug, Default)]
pub struct Village {
    /// The village's stream key, from (root seed, replicate, village index).
    pub key: u64,
    /// The month being simulated (0-based).
    pub month: u32,
    pub people: People,
    pub households: Households,
    /// Persons who need neighbour ties this month (turned 16, returned, moved house; MODEL.md §7.5).
    pub pending_neighbours: Vec<u32>,
    /// This month's demographic flows, for population accounting.
    pub flows: Flows,
    /// Residents in index order, collected once a month after the last change of status (the health
    /// step), so the later processes loop over residents only.
    pub residents: Vec<u32>,
    /// Registered villagers living elsewhere, in index order, collected with the residents.
    pub away: Vec<u32>,
    /// Resident adults in index order, rebuilt each month in the ties step.
    pub resident_adults: Vec<u32>,
    /// Residents in each household, rebuilt each month in the record step.
    pub residents_in_household: Vec<u16>,
    /// Persons whose death, migration or health clock ran out this month.
    pub struck: Struck,
    /// Residents at the start of the month, the base of every "per 1000" lever quantity.
    pub residents_at_start: u64,
    /// Happiness-home places this month and their members.
    pub home_places: u64,
    pub home_members: Vec<u32>,
    /// Happiness homes built so far (kept when the lever ends), and whether a time bank has opened: what
    /// is built or set up once is paid once.
    pub homes_built: u64,
    pub bank_opened: bool,
    /// Residents visited by cadres this month.
    pub visited: Vec<u32>,
    /// This month's care, gift by gift, and its totals.
    pub care: CareRecord,
    /// Time-bank flows and spending this month.
    pub ledger: Ledger,
}

/// The month's care (MODEL.md §7.9), as the care step leaves it: every gift and the totals by source.
#[derive(Clone, Debug, Default)]
pub struct CareRecord {
    pub gifts: Vec<Gift>,
    pub totals: CareTotals,
}

/// Where an hour of care came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Spouse,
    Coresident,
    Child,
    Sibling,
    /// A willing person visited by cadres, matched for certain.
    MutualVisit,
    MutualTie,
    MutualChannel,
    /// Happiness-home staff.
    Home,
    /// Formal care bought with the subsidy.
    Bought,
    Volunteer,
}

impl Source {
    pub fn is_family(self) -> bool {
        matches!(
            self,
            Source::Spouse | Source::Coresident | Source::Child | Source::Sibling
        )
    }
    pub fn is_mutual(self) -> bool {
        matches!(self, Source::MutualVisit | Source::MutualTie | Source::MutualChannel)
    }
    pub fn is_formal(self) -> bool {
        matches!(self, Source::Home | Source::Bought)
    }
}

/// One helper's hours to one person in one source (`from` is `NOBODY` for staff, bought care and
/// volunteers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gift {
    pub from: u32,
    pub to: u32,
    pub source: Source,
    pub millihours: u32,
}

/// The month's totals, in thousandths of an hour, and counts of persons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CareTotals {
    pub need: u64,
    pub family: u64,
    pub mutual: u64,
    pub formal: u64,
    pub volunteer: u64,
    pub unmet: u64,
    pub in_need: u64,
    pub unmet_persons: u64,
    pub adl: u64,
    pub unmet_adl: u64,
    pub participants: u64,
    /// Persons who received any mutual, formal or volunteer care; residents 60+ whom a programme helped.
    pub recipients: u64,
    pub programme_recipients: u64,
    /// What formal care could give this month: staff hours and hours the subsidy could buy.
    pub home_capacity: u64,
    pub bought_capacity: u64,
}

/// Money and time-bank flows of one month; money in thousandths of a yuan, credits in thousandths of an
/// hour (fixed point, so totals are exact and order-free).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    pub public_milliyuan: u64,
    /// The same by lever, in the order of `LEVER_NAMES`.
    pub public_by_lever: [u64; LEVERS],
    pub offbudget_milliyuan: u64,
    /// The part of the subsidy's spending paid to helpers in cash: a transfer to villagers.
    pub helper_cash_milliyuan: u64,
    pub credits_earned: u64,
    pub credits_spent: u64,
    pub credits_lapsed: u64,
    /// What costs are counted on, so that a run can be priced again at other unit costs
    /// (`costs::price`): residents at the start of the month, for each lever in force; happiness-home
    /// places in force; homes opened; residents when a time bank opened; persons trained; cadre visits.
    pub resident_months: [u64; LEVERS],
    pub place_months: u64,
    pub homes_opened: u64,
    pub bank_opened_residents: u64,
    pub trained: u64,
    pub visits: u64,
}

impl Ledger {
    /// Public money spent on `lever`, in thousandths of a yuan as counted.
    pub fn spend(&mut self, lever: Lever, yuan: f64) -> u64 {
        let milliyuan = (yuan * 1000.0).round().max(0.0) as u64;
        self.public_milliyuan += milliyuan;
        self.public_by_lever[lever as usize] += milliyuan;
        milliyuan
    }
}

/// Flows of the registered population in one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flows {
    pub births: u64,
    pub newcomers: u64,
    pub deaths: u64,
    pub married_out: u64,
    pub settled_away: u64,
    pub left: u64,
    pub returned: u64,
    /// Deaths by life-table band (0, 1–4, 5–9, …, 95–99, 100+).
    pub deaths_by_age: [u64; LIFE_BANDS],
}

/// Bands of the period life table: 0, 1–4, 5–9, …, 95–99, 100+.
pub const LIFE_BANDS: usize = 22;

pub fn life_band(age_years: u32) -> usize {
    match age_years {
        0 => 0,
        1..=4 => 1,
        _ => ((age_years / 5) as usize + 1).min(LIFE_BANDS - 1),
    }
}

impl Village {
    /// Removes a person from the registered population (death or leaving for good): every tie goes, a
    /// spouse is widowed, the household loses a member and leaves the ring once empty.
    pub fn remove_person(&mut self, i: u32, status: Status) {
        debug_assert!(matches!(status, Status::Dead | Status::Gone));
        let p = &mut self.people;
        p.clear_ties(i);
        let spouse = p.spouse[i as usize];
        if spouse != NOBODY {
            p.spouse[spouse as usize] = NOBODY;
            p.spouse[i as usize] = NOBODY;
        }
        // A child who married out or settled away is still a living child of their parents.
        if status == Status::Gone {
            for parent in [p.mother[i as usize], p.father[i as usize]] {
                if parent != NOBODY && p.status[parent as usize].registered() {
                    p.children_elsewhere[parent as usize] = p.children_elsewhere[parent as usize].saturating_add(1);
                }
            }
        }
        p.set_status(i, status);
        // Credits of a person who dies or leaves the registered population lapse (MODEL.md §7.9).
        self.ledger.credits_lapsed += std::mem::take(&mut p.credits[i as usize]);
        p.willing[i as usize] = false;
        self.leave_household(i);
    }

    fn leave_household(&mut self, i: u32) {
        let h = self.people.household[i as usize];
        let members = &mut self.households.members[h as usize];
        if let Some(k) = members.iter().position(|&m| m == i) {
            members.remove(k);
        }
        if members.is_empty() {
            self.households.remove_from_ring(h);
        }
    }

    /// Moves a person into household `h`; a resident who moves gets neighbour ties (MODEL.md §7.5).
    pub fn move_to(&mut self, i: u32, h: u32) {
        if self.people.household[i as usize] == h {
            return;
        }
        self.leave_household(i);
        self.people.household[i as usize] = h;
        self.households.members[h as usize].push(i);
        if self.people.resident(i) {
            self.pending_neighbours.push(i);
        }
    }

    /// Adds neighbour ties from a resident adult to the nearest resident adults on the ring, alternating
    /// sides, until the person has `target` neighbour ties (or the ring has no more candidates).
    pub fn top_up_neighbours(&mut self, i: u32, target: usize) {
        let p = &self.people;
        if !p.resident_adult(i) {
            return;
        }
        let own = p.household[i as usize];
        let mut have = p.ties.of(i).iter().filter(|t| t.kind() == TieKind::Neighbour).count();
        let half = self.households.ring.len() as i64 / 2;
        let mut step = 1;
        while have < target && step <= half {
            for offset in [step, -step] {
                let h = self.households.along(own, offset);
                if h == own {
                    continue;
                }
                for k in 0..self.households.members[h as usize].len() {
                    let j = self.households.members[h as usize][k];
                    if have < target && self.people.resident_adult(j) && self.people.tie(i, j, TieKind::Neighbour) {
                        have += 1;
                    }
                }
            }
            step += 1;
        }
    }

    /// Adds a person created this month, with their hazard clocks started from their own stream.
    pub fn add_person(&mut self, p: NewPerson) -> u32 {
        let id = self.people.len() as u32;
        self.people.push(p, super::clock::start(self.key, id, self.month))
    }

    /// Residents, registered villagers away and resident adults (16+), each in index order, in one pass.
    pub fn collect_residents(&mut self) {
        let n = self.people.len();
        let (status, age) = (&self.people.status[..n], &self.people.age_months[..n]);
        self.people
            .select_into([&mut self.residents, &mut self.away, &mut self.resident_adults], |k| {
                let resident = status[k] == Status::Resident;
                [resident, status[k] == Status::Away, resident & (age[k] >= MONTHS_16)]
            });
    }

    /// Registered villagers alive.
    pub fn registered(&self) -> u64 {
        self.people.status.iter().filter(|s| s.registered()).count() as u64
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::init::initialize;
    use crate::model::person::{NewPerson, Sex};
    use crate::scenario::Scenario;

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
}
