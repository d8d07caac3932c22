//! Demography (MODEL.md §7.2): ageing, death, marriage (with newcomers marrying in and daughters
//! marrying out), births (with left-behind children).

use rand::RngExt;

use super::attitudes;
use super::clock::{exp1, tick, Clock};
use super::init::{draw_attitudes, draw_need};
use super::person::{Need, NewPerson, Sex, Status, TieKind, MONTHS_50, NOBODY};
use super::rates::{newcomer_chance, Rates};
use super::rng::{draws, Process};
use super::village::{life_band, Village};
use crate::scenario::levers::LeversInForce;
use crate::scenario::Params;

const MONTHS_20: u16 = 20 * 12;

pub fn step(v: &mut Village, p: &Params, rates: &Rates, levers: &LeversInForce) {
    ageing_and_deaths(v, p, rates, levers);
    let mothers = marriages(v, p, rates);
    births(v, p, rates, &mothers);
}

/// Every registered person ages a month, then dies when their death clock runs out at the hazard for
/// their sex, age and need. The same pass over everyone runs the migration and health clocks
/// (`Village::age_and_strike`); their events come at their own steps.
fn ageing_and_deaths(v: &mut Village, p: &Params, rates: &Rates, levers: &LeversInForce) {
    let table = rates.clocks(levers);
    let turning_16 = v.age_and_strike(table);
    for i in turning_16 {
        v.people.turn_16(i);
        attitudes::transmit(v, p, i);
        if v.people.resident(i) {
            v.pending_neighbours.push(i);
        }
    }
    v.run_clock(Clock::Death, table, Village::record_death);
}

/// Marriages; returns the married registered women under 50 after them, in index order, for the births.
fn marriages(v: &mut Village, p: &Params, rates: &Rates) -> Vec<u32> {
    // Unmarried registered villagers 20 and over, the partners there may be. Nobody joins them during
    // the month's marriages (a newcomer marries at once), so each search below looks only at them. The
    // same pass lists the married women under 50, the mothers there may be; the women who marry below
    // join them.
    let people = &v.people;
    let (mut unmarried, mut mothers) = (Vec::new(), Vec::new());
    // The columns cut to the number of persons, so that the select's own bound serves them all.
    let n = people.len();
    let (status, spouse, age_months) = (&people.status[..n], &people.spouse[..n], &people.age_months[..n]);
    let sex = &people.sex[..n];
    people.select_into([&mut unmarried, &mut mothers], |k| {
        let registered = status[k].registered();
        [
            registered & (spouse[k] == NOBODY) & (age_months[k] >= MONTHS_20),
            (sex[k] == Sex::F) & registered & (spouse[k] != NOBODY) & (age_months[k] < MONTHS_50),
        ]
    });
    for &i in &unmarried {
        let k = i as usize;
        let age = v.people.age_years(i);
        // Those who married or left earlier in the month are skipped.
        if !v.people.status[k].registered() || v.people.spouse[k] != NOBODY || age >= 40 {
            continue;
        }
        let sex = v.people.sex[k];
        let clock = &mut v.people.clocks[Clock::Marriage as usize][k];
        if !tick(clock, rates.marriage[sex as usize][age as usize]) {
            continue;
        }
        let mut rng = draws(v.key, Process::Marriage, i, v.month);
        *clock = exp1(&mut rng);
        let (u_out, u_newcomer): (f64, f64) = (rng.random(), rng.random());
        if sex == Sex::F && u_out < rates.marry_out_share[age as usize] {
            v.flows.married_out += 1;
            v.remove_person(i, Status::Gone);
            continue;
        }
        let partner = if u_newcomer < newcomer_chance(p, sex) {
            Some(newcomer(v, p, i, &mut rng))
        } else {
            village_partner(v, p, i, &unmarried)
        };
        if let Some(j) = partner {
            let wife = if sex == Sex::F { i } else { j };
            wed(v, p, i, j, rng.random());
            if v.people.age_months[wife as usize] < MONTHS_50 {
                let at = mothers.partition_point(|&m| m < wife);
                mothers.insert(at, wife);
            }
        }
    }
    mothers
}

/// A partner from another village, created for the purpose; counted beside births.
fn newcomer(v: &mut Village, p: &Params, i: u32, rng: &mut super::rng::Draws) -> u32 {
    let sex = v.people.sex[i as usize].other();
    let gap = if sex == Sex::F {
        -p.demography.spouse_age_gap
    } else {
        p.demography.spouse_age_gap
    };
    let years = (v.people.age_years(i) as f64 + gap + (rng.random::<f64>() - 0.5) * 4.0).clamp(20.0, 60.0);
    let years = years as u32;
    // A newcomer lives where the partner lives (MODEL.md §7.2).
    let status = v.people.status[i as usize];
    let attitudes = draw_attitudes(p, years, rng);
    let need = draw_need(p, years, rng);
    v.flows.newcomers += 1;
    let household = v.people.household[i as usize];
    let j = v.add_person(NewPerson {
        age_months: (years as usize * 12 + rng.index(12)) as u16,
        sex,
        status,
        household,
        need,
        attitudes,
        mother: NOBODY,
        father: NOBODY,
    });
    v.households.members[household as usize].push(j);
    if status == Status::Resident {
        v.pending_neighbours.push(j);
    }
    j
}

/// An unmarried registered villager of the other sex whose age fits best (the husband about
/// `spouse_age_gap` older, within 8 years), from the month's `unmarried`; None when there is nobody.
fn village_partner(v: &Village, p: &Params, i: u32, unmarried: &[u32]) -> Option<u32> {
    let sex = v.people.sex[i as usize];
    let age = v.people.age_months[i as usize] as f64 / 12.0;
    let ideal = if sex == Sex::M {
        age - p.demography.spouse_age_gap
    } else {
        age + p.demography.spouse_age_gap
    };
    let people = &v.people;
    let kin = |j: u32| matches!(people.ties.of(i).iter().find(|t| t.other() == j), Some(t) if t.kind() == TieKind::Kin);
    // The cheap tests first; the walk over i's ties only for those whose age fits.
    unmarried
        .iter()
        .copied()
        .filter(|&j| {
            let k = j as usize;
            people.status[k].registered() && people.sex[k] != sex && people.spouse[k] == NOBODY
        })
        .map(|j| ((people.age_months[j as usize] as f64 / 12.0 - ideal).abs(), j))
        .filter(|&(d, j)| d <= 8.0 && !kin(j))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        .map(|(_, j)| j)
}

/// Marries `i` (the villager) and `j`. The couple forms a household next to the husband's parents' (the
/// villager's, for a newcomer), or with probability `households.patrilocal` joins it.
fn wed(v: &mut Village, p: &Params, i: u32, j: u32, u: f64) {
    v.people.marry(i, j);
    let (husband, wife) = if v.people.sex[i as usize] == Sex::M {
        (i, j)
    } else {
        (j, i)
    };
    // The couple settles by the husband's family, or by the wife's when he has none here (a newcomer
    // groom marrying in).
    let has_parents = |x: u32| v.people.mother[x as usize] != NOBODY || v.people.father[x as usize] != NOBODY;
    let anchor = if has_parents(husband) || !has_parents(wife) {
        husband
    } else {
        wife
    };
    let other = if anchor == husband { wife } else { husband };
    let parents_home = v.people.household[anchor as usize];
    if u < p.households.patrilocal {
        v.move_to(other, parents_home);
    } else {
        let h = v.households.new_household();
        v.move_to(anchor, h);
        v.move_to(other, h);
        v.households.place_after(h, parents_home);
    }
}

/// Births to `mothers`, the married registered women under 50 (a birth changes nothing that makes
/// another woman one).
fn births(v: &mut Village, p: &Params, rates: &Rates, mothers: &[u32]) {
    for &mum in mothers {
        let k = mum as usize;
        let h = rates.fertility[v.people.age_years(mum).min(110) as usize];
        let clock = &mut v.people.clocks[Clock::Birth as usize][k];
        if h == 0.0 || !tick(clock, h) {
            continue;
        }
        let mut rng = draws(v.key, Process::Birth, mum, v.month);
        *clock = exp1(&mut rng);
        let sex = if rng.random::<f64>() < p.demography.male_share[0] {
            Sex::M
        } else {
            Sex::F
        };
        let status = if v.people.status[k] == Status::Resident || rng.random::<f64>() < p.demography.left_behind {
            Status::Resident
        } else {
            Status::Away
        };
        let attitudes = draw_attitudes(p, 0, &mut rng);
        let dad = v.people.spouse[k];
        let siblings: Vec<u32> = v.people.children(mum).collect();
        let household = v.people.household[k];
        let baby = v.add_person(NewPerson {
            age_months: 0,
            sex,
            status,
            household,
            need: Need::None,
            attitudes,
            mother: mum,
            father: dad,
        });
        v.households.members[household as usize].push(baby);
        v.people.tie(baby, mum, TieKind::Kin);
        v.people.tie(baby, dad, TieKind::Kin);
        for s in siblings {
            v.people.tie(baby, s, TieKind::Kin);
        }
        v.flows.births += 1;
    }
}

impl Village {
    /// A death; a mother's away children under 16 come home (MODEL.md §7.2).
    fn record_death(&mut self, i: u32) {
        if self.people.sex[i as usize] == Sex::F {
            for child in self.away_children(i) {
                self.come_home(child);
            }
        }
        self.flows.deaths += 1;
        self.flows.deaths_by_age[life_band(self.people.age_years(i))] += 1;
        self.remove_person(i, Status::Dead);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    /// A newcomer arrives resident beside a resident partner and away beside one away (MODEL.md §7.2).
    #[test]
    fn a_newcomer_lives_where_the_partner_lives() {
        let p = Scenario::builtin_baseline().params;
        let mut v = crate::model::init::initialize(&p, 4);
        for status in [Status::Away, Status::Resident, Status::Away] {
            let i = (0..v.people.len() as u32)
                .find(|&i| v.people.spouse[i as usize] == NOBODY && v.people.age_years(i) == 25)
                .expect("an unmarried villager of 25");
            v.people.set_status(i, status);
            let mut rng = draws(v.key, Process::Marriage, i, 0);
            let j = newcomer(&mut v, &p, i, &mut rng);
            assert_eq!(v.people.status[j as usize], status);
            v.people.marry(i, j);
        }
    }
}
