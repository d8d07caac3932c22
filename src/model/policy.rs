//! Policy (MODEL.md §3 step 1, §7.1): what the levers in force do at the start of a month. The end of a
//! time bank (credits lapse, identity and trust fall), role-model awards and training at the start of a
//! year, cadre visits, happiness-home places, and the running costs of every lever in force.
//! Levers that act inside other processes (outmigration, market alienation, community activities,
//! supervision, subsidies, volunteers, platform matching, the collective dividend) are read there.

use rand::{Rng, RngExt};

use super::init::stochastic_round;
use super::person::{Need, Status, MONTHS_16, MONTHS_60, NOBODY};
use super::rng::{draws, Process, VILLAGE};
use super::village::Village;
use crate::scenario::Params;

pub fn step(v: &mut Village, p: &Params) {
    let m = v.month;
    v.residents_at_start = v.people.status.iter().filter(|s| **s == Status::Resident).count() as u64;
    v.visited.clear();
    let l = &p.levers;
    let per_1000 = v.residents_at_start as f64 / 1000.0;

    if l.time_bank.period.on && l.time_bank.period.end_month == Some(m) {
        end_time_bank(v, l.time_bank.default_shock * (1.0 - l.time_bank.government_backing));
    }
    if m.is_multiple_of(12) {
        if m > 0 && l.cultural_campaign.period.in_force(m) {
            awards(v, p);
        }
        v.people.year_mutual.fill(0);
    }
    if l.training.period.in_force(m) && (m - l.training.period.start_month).is_multiple_of(12) {
        train(v, p);
    }
    if l.cadre_mobilisation.period.in_force(m) {
        visits(v, p, per_1000);
    }
    happiness_home(v, p, per_1000);

    let yearly = [
        (l.time_bank.period, l.time_bank.cost_per_1000_year),
        (l.cultural_campaign.period, l.cultural_campaign.cost_per_1000_year),
        (l.community_activities.period, l.community_activities.cost_per_1000_year),
        (l.supervision.period, l.supervision.cost_per_1000_year),
        (l.platform_matching.period, l.platform_matching.cost_per_1000_year),
    ];
    for (period, cost) in yearly {
        if period.in_force(m) {
            v.ledger.spend(cost * per_1000 / 12.0);
        }
    }
    if l.happiness_home.period.in_force(m) {
        v.ledger
            .spend(l.happiness_home.cost_per_place_year * v.home_places as f64 / 12.0);
    }
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
fn awards(v: &mut Village, p: &Params) {
    let c = &p.levers.cultural_campaign;
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
fn train(v: &mut Village, p: &Params) {
    let t = &p.levers.training;
    for i in 0..v.people.len() as u32 {
        let k = i as usize;
        if !v.people.willing[k] || v.people.status[k] != Status::Resident || v.people.skill[k] >= t.trained_skill {
            continue;
        }
        if draws(v.key, Process::Training, i, v.month).random::<f64>() < t.share_per_year {
            v.people.skill[k] = t.trained_skill;
            v.ledger.spend(t.cost_per_person);
        }
    }
}

/// MODEL.md §7.1 `cadre_mobilisation`: cadres visit residents 16+ at random; trust rises.
fn visits(v: &mut Village, p: &Params, per_1000: f64) {
    let c = &p.levers.cadre_mobilisation;
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
        *trust = (*trust + p.visit_boost).min(1.0);
        v.visited.push(i);
        v.ledger.spend(c.cost_per_visit);
    }
    v.visited.sort_unstable();
    v.visited.dedup();
}

/// MODEL.md §7.1 `happiness_home`: places go to residents 60+ without Severe need who live alone or only
/// with a spouse, Light need first; members keep their place while they live in the village.
fn happiness_home(v: &mut Village, p: &Params, per_1000: f64) {
    let h = &p.levers.happiness_home;
    let people = &mut v.people;
    let members = &mut v.home_members;
    members.retain(|&i| {
        let stays = people.status[i as usize] == Status::Resident;
        people.home_member[i as usize] = stays;
        stays
    });
    if !h.period.in_force(v.month) {
        for &i in members.iter() {
            people.home_member[i as usize] = false;
        }
        members.clear();
        v.home_places = 0;
        return;
    }
    v.home_places = (h.places_per_1000 * per_1000).round() as u64;
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
