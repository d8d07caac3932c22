//! Willingness (MODEL.md §7.8; paper §2.2, §3.1, §3.2, §2.4, §4.2): a logistic propensity from identity,
//! motivation, trust, weak and strong meetings (ref. [5] of the paper: weak-tie interaction raises,
//! strong-tie interaction lowers willingness), willing peers, rewards, age and household burden; adoption
//! and quitting; willingness lost with eligibility.

use rand::RngExt;

use super::attitudes::Drift;
use super::clock::{exp1, tick, Clock};
use super::person::{Need, People, Status};
use super::rates::Rates;
use super::rng::{draws, Process};
use super::village::Village;
use crate::scenario::levers::LeversInForce;
use crate::scenario::Params;

/// What the propensity reads about one person this month.
#[derive(Clone, Copy, Debug, Default)]
pub struct Inputs {
    pub strong_meetings: f64,
    pub weak_meetings: f64,
    pub peers_willing: f64,
    /// Credit value + cash per hour / local wage.
    pub reward: f64,
    pub household_hours: f64,
}

/// ln(1 + n) for meeting counts, from a table for the counts that occur (the same numbers libm gives).
fn ln_1p(n: f64) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..256).map(|k| libm::log1p(k as f64)).collect());
    match table.get(n as usize) {
        Some(&x) if n.fract() == 0.0 => x,
        _ => libm::log1p(n),
    }
}

/// p = 1 / (1 + exp(−U)) of MODEL.md §7.8.
pub fn propensity(p: &Params, people: &People, i: usize, x: &Inputs) -> f64 {
    let b = &p.behaviour.beta;
    let age = people.age_months[i] as f64 / 12.0;
    let u = b.intercept
        + b.identity * people.identity[i]
        + b.motivation * people.motivation[i]
        + b.trust * people.trust[i]
        + b.weak * ln_1p(x.weak_meetings)
        - b.strong * ln_1p(x.strong_meetings)
        + b.peer * x.peers_willing
        + b.reward * x.reward
        - b.age * (age - 60.0) / 10.0
        - b.burden * x.household_hours / 100.0;
    1.0 / (1.0 + libm::exp(-u))
}

/// Eligible to give mutual aid: resident, of provider age, no need, household burden not too heavy.
pub fn eligible(p: &Params, people: &People, i: usize) -> bool {
    eligible_in(
        p,
        people.status[i],
        people.age_months[i],
        people.need[i],
        people.household_care_last[i],
    )
}

/// The same, from the person's state.
#[inline]
fn eligible_in(p: &Params, status: Status, age_months: u16, need: Need, household_care_last: u32) -> bool {
    let age = age_months as u32 / 12;
    status == Status::Resident
        && age >= p.behaviour.provider_ages.0
        && age <= p.behaviour.provider_ages.1
        && need == Need::None
        && household_care_last as f64 <= p.behaviour.burden_hours * 1000.0
}

/// The inputs of person i's propensity: this month's meetings, last month's willing peers among resident
/// ties, the reward per hour (credit value × trust + cash / wage) and last month's household care.
fn inputs(people: &People, i: usize, backing: f64, cash_per_wage: f64) -> Inputs {
    let (mut resident_ties, mut willing_ties) = (0u32, 0u32);
    for t in people.ties.of(i as u32) {
        if people.status[t.other() as usize] == Status::Resident {
            resident_ties += 1;
            willing_ties += u32::from(people.willing_last[t.other() as usize]);
        }
    }
    Inputs {
        strong_meetings: people.met_strong[i] as f64,
        weak_meetings: people.met_weak[i] as f64,
        peers_willing: if resident_ties > 0 {
            willing_ties as f64 / resident_ties as f64
        } else {
            0.0
        },
        reward: people.trust[i] * backing + cash_per_wage,
        household_hours: people.household_care_last[i] as f64 / 1000.0,
    }
}

/// Attitudes (MODEL.md §7.7) and willingness in one pass over the residents: each resident's attitudes
/// move first, then their eligibility and reconsidering clock; those whose clock ran out decide after the
/// pass. A decision reads only the person's own attitudes (and last month's willingness of others), so
/// this is the same as one pass for attitudes and then one for willingness.
pub fn step(v: &mut Village, p: &Params, r: &Rates, levers: &LeversInForce, drift: &Drift) {
    let m = v.month;
    let backing = levers.time_bank.map_or(0.0, |t| t.government_backing);
    let mut cash = 0.0;
    if let Some(s) = levers.subsidy.filter(|s| s.provider_share > 0.0) {
        cash += s.cash_per_hour;
    }
    if let Some(d) = levers.collective_dividend {
        cash += d.yuan_per_hour;
    }
    let people = &mut v.people;
    people.willing_last.copy_from_slice(&people.willing);
    // Whoever no longer lives here is neither eligible nor willing.
    while let Some(i) = people.moved_out.pop() {
        if !people.resident(i) {
            people.eligible[i as usize] = false;
            people.willing[i as usize] = false;
        }
    }
    // The pass moves attitudes and runs the clocks; those whose clock ran out reconsider after it (a
    // decision reads only the person's own state and last month's willingness of others, so the order
    // does not matter). The columns are cut to one length, so that one bounds check serves them all.
    let mut reconsidering = Vec::new();
    let n = people.len();
    let People {
        status,
        age_months,
        need,
        household_care_last,
        identity,
        trust,
        met_strong,
        met_weak,
        met_identity,
        eligible,
        willing,
        clocks,
        ..
    } = &mut *people;
    let (status, age_months, need) = (&status[..n], &age_months[..n], &need[..n]);
    let (household_care_last, met_identity) = (&household_care_last[..n], &met_identity[..n]);
    let (met_strong, met_weak) = (&met_strong[..n], &met_weak[..n]);
    let (identity, trust) = (&mut identity[..n], &mut trust[..n]);
    let (eligible, willing) = (&mut eligible[..n], &mut willing[..n]);
    let clock = &mut clocks[Clock::Willingness as usize][..n];
    for &i in &v.residents {
        let i = i as usize;
        let met = met_strong[i] as u32 + met_weak[i] as u32;
        drift.apply(p, &mut identity[i], &mut trust[i], met, met_identity[i]);
        eligible[i] = eligible_in(p, status[i], age_months[i], need[i], household_care_last[i]);
        if !eligible[i] {
            willing[i] = false;
            continue;
        }
        // The person reconsiders when their clock runs out at the adopt (or quit) rate, and then adopts
        // with chance p (quits with chance 1 − p): adopting at adopt × p and quitting at quit × (1 − p) a
        // month, with p (a pass over the ties and an exp) computed only in the months of reconsidering.
        if tick(&mut clock[i], r.reconsider[usize::from(willing[i])]) {
            reconsidering.push(i as u32);
        }
    }
    for i in reconsidering {
        let i = i as usize;
        let mut rng = draws(v.key, Process::Willingness, i as u32, m);
        people.clocks[Clock::Willingness as usize][i] = exp1(&mut rng);
        let u: f64 = rng.random();
        let prob = propensity(p, people, i, &inputs(people, i, backing, cash / p.behaviour.local_wage));
        people.willing[i] = if people.willing[i] { u >= 1.0 - prob } else { u < prob };
    }
}
