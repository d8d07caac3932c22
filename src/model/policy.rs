//! Policy (MODEL.md §3 step 1, §7.1): which levers are in force this month (`levers_in_force`, read by
//! every later step), and what they do at the start of a month: the end of a time bank (credits lapse,
//! identity and trust fall), role-model awards and training at the start of a year, cadre visits,
//! happiness-home places, and the running costs of every lever in force. Levers that act inside other
//! processes (outmigration, market alienation, community activities, supervision, subsidies,
//! volunteers, platform matching, the collective dividend) are read there.

use rand::{Rng, RngExt};

use super::person::{Need, Status, MONTHS_16, MONTHS_60, NOBODY};
use super::rng::{draws, stochastic_round, Process, VILLAGE};
use super::village::Village;
use crate::scenario::levers::{CadreMobilisation, CostBasis, CulturalCampaign, Lever, LeversInForce, Training};
use crate::scenario::Params;

/// The levers in force in `month`, computed once at the start of the month for every step.
pub fn levers_in_force(p: &Params, month: u32) -> LeversInForce<'_> {
    p.levers.in_force(month)
}

pub fn step(v: &mut Village, p: &Params, levers: &LeversInForce) {
    let m = v.month;
    v.residents_at_start = v.people.status.iter().filter(|s| **s == Status::Resident).count() as u64;
    v.visited.clear();
    let per_1000 = v.residents_at_start as f64 / 1000.0;

    // The month a time bank ends it is no longer in force: its own period says so.
    let bank = &p.levers.time_bank;
    if bank.period().on && bank.period().end_month == Some(m) {
        end_time_bank(v, bank.default_shock * (1.0 - bank.government_backing));
    }
    if m.is_multiple_of(12) {
        if let Some(campaign) = levers.cultural_campaign.filter(|_| m > 0) {
            awards(v, campaign);
        }
        v.people.year_mutual.fill(0);
    }
    if let Some(training) = levers.training {
        if (m - training.period().start_month).is_multiple_of(12) {
            train(v, training);
        }
    }
    if let Some(mobilisation) = levers.cadre_mobilisation {
        visits(v, p, mobilisation, per_1000);
    }
    happiness_home(v, levers, per_1000);
    if let Some(bank) = levers.time_bank.filter(|_| !v.bank_opened) {
        v.bank_opened = true;
        v.ledger.bank_opened_residents += v.residents_at_start;
        v.ledger.spend(Lever::TimeBank, bank.opening_cost(per_1000));
    }

    let basis = CostBasis {
        per_1000,
        home_places: v.home_places,
    };
    let (ledger, residents) = (&mut v.ledger, v.residents_at_start);
    levers.running_costs(&basis, |lever, yuan| {
        ledger.spend(lever, yuan);
        ledger.resident_months[lever as usize] += residents;
    });
    ledger.place_months += basis.home_places;
}

/// MODEL.md §7.1: when a time bank ends, all credits lapse and residents' identity and trust drop.
fn end_time_bank(v: &mut Village, drop: f64) {
    let people = &mut v.people;
    v.ledger.credits_lapsed += people.credits.iter().sum::<u64>();
    people.credits.fill(0);
    for i in 0..people.len() {
        if people.status[i] == Status::Resident {
            people.identity[i] = (people.identity[i] - drop).max(0.0);
            people.trust[i] = (people.trust[i] - drop).max(0.0);
        }
    }
}

/// MODEL.md §7.1 `cultural_campaign`: the residents who gave most mutual-aid hours in the last 12 months
/// are role models; the identity of their resident ties rises.
fn awards(v: &mut Village, c: &CulturalCampaign) {
    let people = &mut v.people;
    let mut ranked: Vec<(u32, u32)> = (0..people.len() as u32)
        .filter(|&i| people.status[i as usize] == Status::Resident && people.year_mutual[i as usize] > 0)
        .map(|i| (people.year_mutual[i as usize], i))
        .collect();
    ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in ranked.iter().take(c.awards_per_year as usize) {
        for t in people.ties.of(i) {
            let j = t.other() as usize;
            if people.status[j] == Status::Resident {
                people.identity[j] = (people.identity[j] + c.award_boost).min(1.0);
            }
        }
    }
}

/// MODEL.md §7.1 `training`: each year a share of willing residents is trained.
fn train(v: &mut Village, t: &Training) {
    for i in 0..v.people.len() as u32 {
        let k = i as usize;
        if !v.people.willing[k] || v.people.status[k] != Status::Resident || v.people.skill[k] >= t.trained_skill {
            continue;
        }
        if draws(v.key, Process::Training, i, v.month).random::<f64>() < t.share_per_year {
            v.people.skill[k] = t.trained_skill;
            v.ledger.spend(Lever::Training, t.cost_of_trained());
            v.ledger.trained += 1;
        }
    }
}

/// MODEL.md §7.1 `cadre_mobilisation`: cadres visit residents 16+ at random; trust rises.
fn visits(v: &mut Village, p: &Params, c: &CadreMobilisation, per_1000: f64) {
    let mut rng = draws(v.key, Process::Policy, VILLAGE, v.month);
    let count = stochastic_round(c.visits_per_1000_month * per_1000, rng.random());
    let adults: Vec<u32> = (0..v.people.len() as u32)
        .filter(|&i| v.people.status[i as usize] == Status::Resident && v.people.age_months[i as usize] >= MONTHS_16)
        .collect();
    if adults.is_empty() {
        return;
    }
    for _ in 0..count {
        let i = adults[rng.index(adults.len())];
        let trust = &mut v.people.trust[i as usize];
        *trust = (*trust + p.cadres.visit_boost).min(1.0);
        v.visited.push(i);
        v.ledger.spend(Lever::CadreMobilisation, c.cost_of_visit());
        v.ledger.visits += 1;
    }
    v.visited.sort_unstable();
    v.visited.dedup();
}

/// MODEL.md §7.1 `happiness_home`: places go to residents 60+ without Severe need who live alone or only
/// with a spouse, Light need first; members keep their place while they live in the village.
fn happiness_home(v: &mut Village, levers: &LeversInForce, per_1000: f64) {
    let people = &mut v.people;
    let members = &mut v.home_members;
    members.retain(|&i| {
        let stays = people.status[i as usize] == Status::Resident;
        people.home_member[i as usize] = stays;
        stays
    });
    let Some(h) = levers.happiness_home else {
        for &i in members.iter() {
            people.home_member[i as usize] = false;
        }
        members.clear();
        v.home_places = 0;
        return;
    };
    v.home_places = (h.places_per_1000 * per_1000).round() as u64;
    let homes = h.homes_for(v.home_places);
    if homes > v.homes_built {
        let opened = homes - v.homes_built;
        v.homes_built = homes;
        v.ledger.homes_opened += opened;
        v.ledger
            .spend(Lever::HappinessHome, h.construction_per_home * opened as f64);
    }
    let free = (v.home_places as usize).saturating_sub(members.len());
    if free == 0 {
        return;
    }
    let mut candidates: Vec<(bool, u64, u32)> = (0..people.len() as u32)
        .filter(|&i| {
            let k = i as usize;
            people.status[k] == Status::Resident
                && !people.home_member[k]
                && people.age_months[k] >= MONTHS_60
                && people.need[k] != Need::Severe
                && v.households.members[people.household[k] as usize].iter().all(|&j| {
                    j == i
                        || people.status[j as usize] != Status::Resident
                        || (people.spouse[k] != NOBODY && j == people.spouse[k])
                })
        })
        .map(|i| {
            (
                people.need[i as usize] != Need::Light,
                draws(v.key, Process::HomePlaces, i, v.month).next_u64(),
                i,
            )
        })
        .collect();
    candidates.sort_unstable();
    for &(_, _, i) in candidates.iter().take(free) {
        people.home_member[i as usize] = true;
        members.push(i);
    }
}
