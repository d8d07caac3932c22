//! The village: persons, households on a ring, and the bookkeeping that keeps them consistent when
//! persons die, leave the registered population or move house.

use super::person::{NewPerson, People, Status, TieKind, MONTHS_16, NOBODY};

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
    pub struck: super::clock::Struck,
    /// Residents at the start of the month, the base of every "per 1000" lever quantity.
    pub residents_at_start: u64,
    /// Happiness-home places this month and their members.
    pub home_places: u64,
    pub home_members: Vec<u32>,
    /// Residents visited by cadres this month.
    pub visited: Vec<u32>,
    /// This month's care, gift by gift, and its totals.
    pub care: super::care::CareMonth,
    /// Time-bank flows and spending this month.
    pub ledger: Ledger,
}

/// Money and time-bank flows of one month; money in thousandths of a yuan, credits in thousandths of an
/// hour (fixed point, so totals are exact and order-free).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    pub public_milliyuan: u64,
    pub offbudget_milliyuan: u64,
    pub credits_earned: u64,
    pub credits_spent: u64,
    pub credits_lapsed: u64,
}

impl Ledger {
    pub fn spend(&mut self, yuan: f64) {
        self.public_milliyuan += (yuan * 1000.0).round().max(0.0) as u64;
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
