//! Care (MODEL.md §7.9; paper §1, §3.3, §4.3): each resident's need is met by the household, kin in the
//! village, mutual aid (cadre-visit matches, ties, channels), formal care, volunteers, or left unmet. The
//! sources are used one after the other for everyone. Each helper has one total budget a month and each
//! role its own cap. All hours are thousandths of an hour (fixed point), so need = family + mutual +
//! formal + volunteer + unmet holds exactly.

use std::cmp::Reverse;

use rand::{Rng, RngExt};

use super::person::{Need, Status, MONTHS_16, NOBODY};
use super::rates::Rates;
use super::rng::{draws, Binomials, Process};
use super::village::{CareRecord, CareTotals, Gift, Source, Village};
use crate::scenario::levers::{CostBasis, Lever, LeversInForce};
use crate::scenario::Params;

/// The care step's working space, reused month to month by the run of one village: the month's record
/// while it is built, and the lists and per-person tallies behind it.
#[derive(Clone, Debug, Default)]
pub struct CareMonth {
    record: CareRecord,
    /// Persons in need, Severe first, ties broken by the month's random order.
    order: Vec<u32>,
    /// The same, credit holders first (mutual aid while a time bank is in force).
    mutual_order: Vec<u32>,
    /// Per person: need left, hours given in all, mutual-aid hours given, hours given to the household.
    left: Vec<u32>,
    used: Vec<u32>,
    mutual_used: Vec<u32>,
    household_given: Vec<u32>,
    /// (recipient, kin) pairs that helped in source 2, not asked again through ties.
    kin_helped: Vec<(u32, u32)>,
    /// Sort keys of the persons in need (severity, random order, person), reused month to month.
    keyed: Vec<(Reverse<Need>, u64, u32)>,
    /// Willing residents in index order: the pool of channel draws, listed only in the months a channel
    /// is in force.
    willing: Vec<u32>,
    /// Per person, whether counted already this month among the recipients (bit 0) and among those a
    /// programme helped (bit 1).
    counted: Vec<u8>,
}

fn millihours(hours: f64) -> u32 {
    (hours * 1000.0).round().clamp(0.0, u32::MAX as f64) as u32
}

impl CareMonth {
    fn reset(&mut self, n: usize) {
        self.record.gifts.clear();
        self.record.totals = CareTotals::default();
        self.order.clear();
        self.mutual_order.clear();
        self.kin_helped.clear();
        self.keyed.clear();
        for v in [
            &mut self.left,
            &mut self.used,
            &mut self.mutual_used,
            &mut self.household_given,
        ] {
            v.clear();
            v.resize(n, 0);
        }
        self.counted.clear();
        self.counted.resize(n, 0);
    }

    /// Gives up to `cap` to `to`, within `from`'s total budget; returns what was given.
    fn give(&mut self, from: u32, to: u32, source: Source, cap: u32, budget: u32) -> u32 {
        let room = if from == NOBODY {
            u32::MAX
        } else {
            budget.saturating_sub(self.used[from as usize])
        };
        let amount = self.left[to as usize].min(cap).min(room);
        if amount == 0 {
            return 0;
        }
        self.left[to as usize] -= amount;
        if from != NOBODY {
            self.used[from as usize] += amount;
        }
        self.record.gifts.push(Gift {
            from,
            to,
            source,
            millihours: amount,
        });
        let total = amount as u64;
        let t = &mut self.record.totals;
        match source {
            s if s.is_family() => t.family += total,
            s if s.is_mutual() => t.mutual += total,
            s if s.is_formal() => t.formal += total,
            _ => t.volunteer += total,
        }
        amount
    }

    /// Gives from a pool of hours (staff, bought care, volunteers) to persons in need, Severe first.
    fn serve(&mut self, source: Source, mut pool: u64) -> u64 {
        let mut given = 0;
        for k in 0..self.order.len() {
            if pool == 0 {
                break;
            }
            let i = self.order[k];
            let amount = self.give(NOBODY, i, source, pool.min(u32::MAX as u64) as u32, u32::MAX) as u64;
            pool -= amount;
            given += amount;
        }
        given
    }
}

/// What the levers in force this month mean for care.
struct CareLevers {
    time_bank: bool,
    visits: bool,
    channel: bool,
    channel_match: f64,
    provider_pot: f64,
    cash_per_hour: f64,
    dividend_per_hour: f64,
}

pub fn step(v: &mut Village, p: &Params, rates: &Rates, levers: &LeversInForce, care: &mut CareMonth) {
    let m = v.month;
    let basis = CostBasis {
        per_1000: v.residents_at_start as f64 / 1000.0,
        home_places: v.home_places,
    };
    let lv = CareLevers {
        time_bank: levers.time_bank.is_some(),
        visits: levers.cadre_mobilisation.is_some(),
        channel: levers.happiness_home.is_some()
            || levers.cadre_mobilisation.is_some()
            || levers.time_bank.is_some()
            || levers.platform_matching.is_some(),
        channel_match: levers
            .platform_matching
            .map_or(p.care.channel_match, |m| m.channel_match),
        provider_pot: levers.subsidy.map_or(0.0, |s| s.provider_budget(&basis)),
        cash_per_hour: levers.subsidy.map_or(0.0, |s| s.cash_per_hour),
        dividend_per_hour: levers.collective_dividend.map_or(0.0, |d| d.yuan_per_hour),
    };
    // Last month's record lends its lists to this month's, and gets them back filled.
    care.record = std::mem::take(&mut v.care);
    care.reset(v.people.len());
    let budget = millihours(p.care.max_hours_month);

    // Persons in need, by severity, ties broken by the month's random order.
    let people = &v.people;
    let mut keyed = std::mem::take(&mut care.keyed);
    for &i in &v.residents {
        let k = i as usize;
        if people.need[k] != Need::None {
            let need = rates.need_millihours[people.need[k] as usize];
            care.left[k] = need as u32;
            care.record.totals.need += need;
            care.record.totals.in_need += 1;
            keyed.push((
                Reverse(people.need[k]),
                draws(v.key, Process::CareOrder, i, m).next_u64(),
                i,
            ));
        }
    }
    keyed.sort_unstable();
    care.order.extend(keyed.iter().map(|&(_, _, i)| i));
    care.keyed = keyed;
    care.mutual_order.extend(
        care.order
            .iter()
            .filter(|&&i| lv.time_bank && people.credits[i as usize] > 0),
    );
    care.mutual_order.extend(
        care.order
            .iter()
            .filter(|&&i| !(lv.time_bank && people.credits[i as usize] > 0)),
    );

    household(v, p, care, budget);
    kin(v, p, care, budget);
    mutual_aid(v, p, &rates.tie_match, &lv, care, budget);
    formal(v, levers, care, &basis);

    for k in 0..care.order.len() {
        let i = care.order[k] as usize;
        let left = care.left[i] as u64;
        care.record.totals.unmet += left;
        care.record.totals.unmet_persons += u64::from(left > 0);
        if v.people.need[i] >= Need::Moderate {
            care.record.totals.adl += 1;
            care.record.totals.unmet_adl += u64::from(left > 0);
        }
    }
    care.record.totals.participants = care.mutual_used.iter().filter(|&&h| h > 0).count() as u64;
    count_recipients(v, care);
    v.people.household_care_last.copy_from_slice(&care.household_given);
    v.care = std::mem::take(&mut care.record);
}

/// Counts the persons who received any mutual, formal or volunteer care this month, and the residents 60+
/// among them whom a programme helped: happiness-home staff, care bought with the subsidy, volunteers,
/// or mutual aid matched by a programme's channel.
fn count_recipients(v: &Village, care: &mut CareMonth) {
    let t = &mut care.record.totals;
    for g in &care.record.gifts {
        if g.source.is_family() {
            continue;
        }
        let seen = &mut care.counted[g.to as usize];
        if *seen & 1 == 0 {
            *seen |= 1;
            t.recipients += 1;
        }
        let programme = g.source.is_formal() || matches!(g.source, Source::Volunteer | Source::MutualChannel);
        if programme && *seen & 2 == 0 && v.people.age_months[g.to as usize] >= 60 * 12 {
            *seen |= 2;
            t.programme_recipients += 1;
        }
    }
}

/// Source 1: the spouse (half for a spouse with Light need) and other household adults with no need.
fn household(v: &Village, p: &Params, care: &mut CareMonth, budget: u32) {
    let people = &v.people;
    let (spouse_cap, coresident_cap) = (millihours(p.care.spouse_hours), millihours(p.care.coresident_hours));
    for k in 0..care.order.len() {
        let i = care.order[k];
        let h = people.household[i as usize];
        let s = people.spouse[i as usize];
        if s != NOBODY && people.resident(s) && people.household[s as usize] == h {
            let cap = match people.need[s as usize] {
                Need::None => spouse_cap,
                Need::Light => spouse_cap / 2,
                _ => 0,
            };
            let given = care.give(s, i, Source::Spouse, cap, budget);
            care.household_given[s as usize] += given;
        }
        for &j in &v.households.members[h as usize] {
            let jk = j as usize;
            if j == i
                || j == s
                || people.status[jk] != Status::Resident
                || people.age_months[jk] < MONTHS_16
                || people.need[jk] != Need::None
            {
                continue;
            }
            let given = care.give(j, i, Source::Coresident, coresident_cap, budget);
            care.household_given[jk] += given;
        }
    }
}

/// Source 2: children and siblings in other households, each with probability `care.kin_help_month`.
fn kin(v: &Village, p: &Params, care: &mut CareMonth, budget: u32) {
    let people = &v.people;
    let kin_cap = millihours(p.care.kin_hours);
    for k in 0..care.order.len() {
        let i = care.order[k];
        let ik = i as usize;
        let mut rng = draws(v.key, Process::Care, i, v.month);
        // Whether a tie is to a child or a sibling is one test of plain ands and ors on the parents'
        // indices, not a chain of branches: nearly every tie is to neither.
        let (mother, father) = (people.mother[ik], people.father[ik]);
        for t in people.ties.of(i) {
            let j = t.other();
            let jk = j as usize;
            if care.left[ik] == 0 {
                break;
            }
            let (their_mother, their_father) = (people.mother[jk], people.father[jk]);
            let child = (their_mother == i) | (their_father == i);
            let sibling =
                ((their_mother == mother) & (mother != NOBODY)) | ((their_father == father) & (father != NOBODY));
            if !(child | sibling)
                || people.status[jk] != Status::Resident
                || people.household[jk] == people.household[ik]
                || people.age_months[jk] < MONTHS_16
                || people.need[jk] != Need::None
            {
                continue;
            }
            if rng.random::<f64>() < p.care.kin_help_month {
                let (source, cap) = if child {
                    (Source::Child, kin_cap)
                } else {
                    (Source::Sibling, kin_cap / 2)
                };
                if care.give(j, i, source, cap, budget) > 0 {
                    care.kin_helped.push((i, j));
                }
            }
        }
    }
    care.kin_helped.sort_unstable();
}

/// Source 3: mutual aid from willing residents, `care.provider_hours × skill` a month each. Cadre-visited
/// willing persons are matched for certain; then willing ties (strong first), each with `care.tie_match`;
/// then, where a channel is in force, `care.channel_tries` draws of any willing resident.
fn mutual_aid(v: &mut Village, p: &Params, tie_match: &Binomials, lv: &CareLevers, care: &mut CareMonth, budget: u32) {
    let m = v.month;
    let mut pot = lv.provider_pot;
    let mut give = |v: &mut Village, care: &mut CareMonth, j: u32, i: u32, source: Source| {
        let people = &mut v.people;
        let (jk, ik) = (j as usize, i as usize);
        let cap = millihours(p.care.provider_hours * people.skill[jk]).saturating_sub(care.mutual_used[jk]);
        let amount = care.give(j, i, source, cap, budget);
        if amount == 0 {
            return;
        }
        care.mutual_used[jk] += amount;
        people.last_gave[jk] = m + 1;
        people.year_mutual[jk] = people.year_mutual[jk].saturating_add(amount);
        let hours = amount as f64 / 1000.0;
        if lv.time_bank {
            people.credits[jk] += amount as u64;
            v.ledger.credits_earned += amount as u64;
            let spent = people.credits[ik].min(amount as u64);
            people.credits[ik] -= spent;
            v.ledger.credits_spent += spent;
        }
        if pot > 0.0 {
            let paid = (hours * lv.cash_per_hour).min(pot);
            pot -= paid;
            v.ledger.helper_cash_milliyuan += v.ledger.spend(Lever::Subsidy, paid);
        }
        v.ledger.offbudget_milliyuan += (hours * lv.dividend_per_hour * 1000.0).round() as u64;
    };
    let can_help = |v: &Village, care: &CareMonth, j: u32, i: u32| {
        let people = &v.people;
        let jk = j as usize;
        people.willing[jk]
            && j != i
            && people.status[jk] == Status::Resident
            && people.household[jk] != people.household[i as usize]
            && care.mutual_used[jk] < millihours(p.care.provider_hours * people.skill[jk])
            && care.used[jk] < budget
    };

    if lv.visits {
        for n in 0..v.visited.len() {
            let j = v.visited[n];
            if let Some(&i) = care
                .mutual_order
                .iter()
                .find(|&&i| care.left[i as usize] > 0 && can_help(v, care, j, i))
            {
                give(v, care, j, i, Source::MutualVisit);
            }
        }
    }
    // Which of i's ties are asked this month: each with chance `care.tie_match`, independently, as a
    // binomial count and a uniform choice over the whole list (`Binomials::trials`); the willing among
    // them are asked strong first, then weak, each in list order. Whether a tie is asked is independent
    // of the month's state, and willingness does not change during care, so this is the same as going
    // through the willing ties in that order with a draw each, with a draw per asked tie instead.
    let mut asked = Vec::new();
    for k in 0..care.mutual_order.len() {
        let i = care.mutual_order[k];
        if care.left[i as usize] == 0 {
            continue;
        }
        let (ties, willing) = (v.people.ties.of(i), &v.people.willing);
        let mut rng = draws(v.key, Process::CareTies, i, m);
        let u = rng.next_u64();
        asked.clear();
        tie_match.trials(ties.len(), u, &mut rng, |n| {
            let t = ties[n];
            if willing[t.other() as usize] {
                asked.push((!t.kind().strong(), n, t.other()));
            }
        });
        asked.sort_unstable();
        for &(_, _, j) in &asked {
            if care.left[i as usize] == 0 {
                break;
            }
            if can_help(v, care, j, i) && care.kin_helped.binary_search(&(i, j)).is_err() {
                give(v, care, j, i, Source::MutualTie);
            }
        }
    }
    if !lv.channel {
        return;
    }
    // The pool of channel draws, listed only when a channel is in force: care changes nobody's
    // willingness or residence, so this is the list as the willingness step left it.
    let people = &v.people;
    care.willing.clear();
    care.willing
        .extend(v.residents.iter().filter(|&&i| people.willing[i as usize]));
    if care.willing.is_empty() {
        return;
    }
    for k in 0..care.mutual_order.len() {
        let i = care.mutual_order[k];
        let mut rng = draws(v.key, Process::CareChannel, i, m);
        for _ in 0..p.care.channel_tries {
            if care.left[i as usize] == 0 {
                break;
            }
            let j = care.willing[rng.index(care.willing.len())];
            if rng.random::<f64>() < lv.channel_match && can_help(v, care, j, i) {
                give(v, care, j, i, Source::MutualChannel);
            }
        }
    }
}

/// Sources 4 and 5: happiness-home staff hours and care bought with the subsidy, then volunteers, each
/// Severe first.
fn formal(v: &mut Village, levers: &LeversInForce, care: &mut CareMonth, basis: &CostBasis) {
    if let Some(home) = levers.happiness_home {
        let mut functioning = home.functioning;
        if let Some(supervision) = levers.supervision {
            functioning += supervision.strength * (1.0 - functioning);
        }
        care.record.totals.home_capacity =
            (v.home_places as f64 * home.staff_hours_per_place * functioning * 1000.0).floor() as u64;
        care.serve(Source::Home, care.record.totals.home_capacity);
    }
    if let Some(s) = levers.subsidy {
        care.record.totals.bought_capacity = (s.formal_budget(basis) / s.price_per_hour * 1000.0).floor() as u64;
        let bought = care.serve(Source::Bought, care.record.totals.bought_capacity);
        v.ledger.spend(Lever::Subsidy, s.cost_of_bought(bought as f64 / 1000.0));
    }
    if let Some(w) = levers.volunteers {
        let hours = (w.hours_per_1000_month * basis.per_1000 * w.coordination * 1000.0).floor() as u64;
        care.serve(Source::Volunteer, hours);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gift_is_bounded_by_need_cap_and_budget() {
        let mut c = CareMonth::default();
        c.reset(3);
        c.left[0] = 5000;
        assert_eq!(c.give(1, 0, Source::Spouse, 3000, 10_000), 3000);
        assert_eq!(c.give(2, 0, Source::Coresident, 9000, 1500), 1500);
        assert_eq!(c.give(1, 0, Source::Child, 9000, 3500), 500);
        assert_eq!(c.left[0], 0);
        assert_eq!(c.give(NOBODY, 0, Source::Home, 9000, 0), 0);
        assert_eq!(c.record.totals.family, 5000);
        assert_eq!(c.record.gifts.len(), 3);
    }

    #[test]
    fn pools_serve_in_priority_order_and_stop_when_empty() {
        let mut c = CareMonth::default();
        c.reset(2);
        c.order = vec![1, 0];
        c.left[0] = 4000;
        c.left[1] = 3000;
        assert_eq!(c.serve(Source::Volunteer, 5000), 5000);
        assert_eq!((c.left[1], c.left[0]), (0, 2000));
        assert_eq!(c.record.totals.volunteer, 5000);
    }
}
