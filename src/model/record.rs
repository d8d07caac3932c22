//! Record (MODEL.md §3 step 10): the month's counters, stocks at the month's end and flows of the month.

use super::person::{Need, Status, MONTHS_16, MONTHS_60, MONTHS_80, NOBODY};
use super::village::{life_band, Village};
use crate::metrics::{c, Counters};

pub fn record(v: &mut Village, out: &mut Counters) {
    let mut residents_in = std::mem::take(&mut v.residents_in_household);
    residents_in.clear();
    residents_in.resize(v.households.members.len(), 0);
    let p = &v.people;
    for &i in &v.residents {
        residents_in[p.household[i as usize] as usize] += 1;
    }
    for &i in &v.away {
        let age = p.age_months[i as usize];
        registered(out, age);
        out[c::AWAY] += 1;
        if age >= MONTHS_16 {
            out[c::AWAY_ADULTS] += 1;
            out[c::AWAY_ADULT_AGE_MONTHS] += age as u64;
        }
    }
    for &i in &v.residents {
        let i = i as usize;
        let age = p.age_months[i];
        let years = age as u32 / 12;
        registered(out, age);
        out[c::RESIDENTS] += 1;
        let need = p.need[i];
        if need == Need::Severe {
            out[c::SEVERE] += 1;
        }
        if p.eligible[i] {
            out[c::ELIGIBLE] += 1;
            out[c::WILLING] += u64::from(p.willing[i]);
            let gave = p.last_gave[i];
            out[c::PARTICIPATED_12] += u64::from(gave > 0 && v.month + 1 - gave < 12);
        }
        if years >= 50 {
            out[c::RESIDENTS_50] += 1;
            out[c::IDENTITY_50_MICRO] += micro(p.identity[i]);
        }
        if age >= MONTHS_16 {
            out[c::ADULTS] += 1;
            out[c::TRUST_16_MICRO] += micro(p.trust[i]);
            if age < MONTHS_60 {
                out[c::WORKING_AGE] += 1;
            }
        }
        if age < MONTHS_60 {
            continue;
        }
        out[c::ELDERLY] += 1;
        if years >= 65 {
            out[c::ELDERLY_65] += 1;
        }
        if age >= MONTHS_80 {
            out[c::OLDEST_OLD] += 1;
        }
        let band = ((years - 60) / 10).min(2) as usize;
        out[c::NEED_BANDS + 2 * band] += 1;
        out[c::NEED_BANDS + 2 * band + 1] += u64::from(need != Need::None);
        let housemates = residents_in[p.household[i] as usize] - 1;
        let spouse = p.spouse[i];
        let with_spouse = spouse != NOBODY && p.status[spouse as usize] == Status::Resident;
        if housemates == 0 {
            out[c::LIVING_ALONE_60] += 1;
            if p.met_strong[i] == 0 && p.met_weak[i] == 0 {
                out[c::ISOLATED] += 1;
            }
        }
        if housemates == 0 || (housemates == 1 && with_spouse) {
            out[c::ALONE_OR_SPOUSE_60] += 1;
        }
    }
    v.residents_in_household = residents_in;
    let ends = p.tie_ends();
    out[c::STRONG_TIE_ENDS] += ends.strong;
    out[c::WEAK_TIE_ENDS] += ends.weak;
    out[c::NEIGHBOUR_TIE_ENDS] += ends.neighbour;
    out[c::CREDITS_MILLIHOURS] += p.credits.iter().sum::<u64>();
    let t = &v.care.totals;
    out[c::IN_NEED] += t.in_need;
    out[c::NEED_MILLIHOURS] += t.need;
    out[c::FAMILY_MILLIHOURS] += t.family;
    out[c::MUTUAL_MILLIHOURS] += t.mutual;
    out[c::FORMAL_MILLIHOURS] += t.formal;
    out[c::VOLUNTEER_MILLIHOURS] += t.volunteer;
    out[c::UNMET_MILLIHOURS] += t.unmet;
    out[c::UNMET_PERSONS] += t.unmet_persons;
    out[c::ADL] += t.adl;
    out[c::UNMET_ADL] += t.unmet_adl;
    out[c::PARTICIPANTS] += t.participants;
    let l = &v.ledger;
    out[c::PUBLIC_MILLIYUAN] += l.public_milliyuan;
    out[c::OFFBUDGET_MILLIYUAN] += l.offbudget_milliyuan;
    out[c::CREDITS_EARNED] += l.credits_earned;
    out[c::CREDITS_SPENT] += l.credits_spent;
    out[c::CREDITS_LAPSED] += l.credits_lapsed;
    let f = &v.flows;
    out[c::BIRTHS] += f.births;
    out[c::NEWCOMERS] += f.newcomers;
    out[c::DEATHS] += f.deaths;
    out[c::MARRIED_OUT] += f.married_out;
    out[c::SETTLED_AWAY] += f.settled_away;
    out[c::LEFT] += f.left;
    out[c::RETURNED] += f.returned;
    for (b, d) in f.deaths_by_age.iter().enumerate() {
        out[c::DEATHS_BY_AGE + b] += d;
    }
}

/// Counts a registered villager of this age in months, resident or away.
fn registered(out: &mut Counters, age_months: u16) {
    out[c::REGISTERED] += 1;
    out[c::PERSON_MONTHS + life_band(age_months as u32 / 12)] += 1;
}

/// A share in 0..1 in millionths, rounded half up, so sums across villages are exact. (Adding ½ and
/// truncating avoids a call to `round` for every resident each month.)
fn micro(x: f64) -> u64 {
    (x * 1e6 + 0.5) as u64
}
