//! Record (MODEL.md §3 step 10): the month's counters, stocks at the month's end and flows of the month.

use super::person::{Need, Status, MONTHS_16, MONTHS_50, MONTHS_60, NOBODY};
use super::village::{life_band, Village};
use crate::metrics::{c, Counters};

/// Ages in whole years kept apart in the month's tables; 100 and over share the last row, as they share
/// the last life band.
const AGE_ROWS: usize = 101;

pub fn record(v: &mut Village, out: &mut Counters) {
    let mut residents_in = std::mem::take(&mut v.residents_in_household);
    residents_in.clear();
    residents_in.resize(v.households.members.len(), 0);
    let p = &v.people;
    for &i in &v.residents {
        residents_in[p.household[i as usize] as usize] += 1;
    }
    // Those away by age, and residents by age and need: each person adds to one cell of a table, and
    // every count by age band is read from the tables after the passes, instead of a test of each band's
    // bounds for each person.
    let mut away_by_age = [0u64; AGE_ROWS];
    let mut residents = [[0u64; 4]; AGE_ROWS];
    let row = |age_months: u16| (age_months as usize / 12).min(AGE_ROWS - 1);
    for &i in &v.away {
        let age = p.age_months[i as usize];
        away_by_age[row(age)] += 1;
        let adult = u64::from(age >= MONTHS_16);
        out[c::AWAY_ADULTS] += adult;
        out[c::AWAY_ADULT_AGE_MONTHS] += adult * age as u64;
    }
    out[c::AWAY] += v.away.len() as u64;
    // Sums over some of the residents add a term times 1 or 0 rather than branch on who is in them.
    let [mut eligible, mut willing, mut participated, mut identity_50, mut trust_16] = [0u64; 5];
    let [mut alone, mut isolated, mut alone_or_spouse] = [0u64; 3];
    // The columns cut to one length, so that one bounds check serves them all.
    let n = p.len();
    let (age_months, need, is_eligible, is_willing) =
        (&p.age_months[..n], &p.need[..n], &p.eligible[..n], &p.willing[..n]);
    let (last_gave, identity, trust, household) =
        (&p.last_gave[..n], &p.identity[..n], &p.trust[..n], &p.household[..n]);
    let (spouse_of, status, met_strong, met_weak) =
        (&p.spouse[..n], &p.status[..n], &p.met_strong[..n], &p.met_weak[..n]);
    for &i in &v.residents {
        let i = i as usize;
        let age = age_months[i];
        residents[row(age)][need[i] as usize] += 1;
        let is_eligible = is_eligible[i];
        eligible += u64::from(is_eligible);
        willing += u64::from(is_eligible & is_willing[i]);
        let gave = last_gave[i];
        participated += u64::from(is_eligible & (gave > 0) & ((v.month + 1).wrapping_sub(gave) < 12));
        identity_50 += u64::from(age >= MONTHS_50) * micro(identity[i]);
        trust_16 += u64::from(age >= MONTHS_16) * micro(trust[i]);
        if age < MONTHS_60 {
            continue;
        }
        let housemates = residents_in[household[i] as usize] - 1;
        let spouse = spouse_of[i];
        let with_spouse = spouse != NOBODY && status[spouse as usize] == Status::Resident;
        alone += u64::from(housemates == 0);
        isolated += u64::from((housemates == 0) & (met_strong[i] == 0) & (met_weak[i] == 0));
        alone_or_spouse += u64::from(housemates == 0 || (housemates == 1 && with_spouse));
    }
    out[c::ELIGIBLE] += eligible;
    out[c::WILLING] += willing;
    out[c::PARTICIPATED_12] += participated;
    out[c::IDENTITY_50_MICRO] += identity_50;
    out[c::TRUST_16_MICRO] += trust_16;
    out[c::LIVING_ALONE_60] += alone;
    out[c::ISOLATED] += isolated;
    out[c::ALONE_OR_SPOUSE_60] += alone_or_spouse;
    for (years, (by_need, &away)) in residents.iter().zip(&away_by_age).enumerate() {
        let all: u64 = by_need.iter().sum();
        out[c::REGISTERED] += all + away;
        out[c::PERSON_MONTHS + life_band(years as u32)] += all + away;
        let within = |from: usize, to: usize| u64::from((from..to).contains(&years)) * all;
        out[c::RESIDENTS] += all;
        out[c::SEVERE] += by_need[Need::Severe as usize];
        out[c::RESIDENTS_50] += within(50, AGE_ROWS);
        out[c::ADULTS] += within(16, AGE_ROWS);
        out[c::WORKING_AGE] += within(16, 60);
        out[c::ELDERLY] += within(60, AGE_ROWS);
        out[c::ELDERLY_65] += within(65, AGE_ROWS);
        out[c::OLDEST_OLD] += within(80, AGE_ROWS);
        if years >= 60 {
            let band = ((years - 60) / 10).min(2);
            out[c::NEED_BANDS + 2 * band] += all;
            out[c::NEED_BANDS + 2 * band + 1] += all - by_need[Need::None as usize];
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

/// A share in 0..1 in millionths, rounded half up, so sums across villages are exact. (Adding ½ and
/// truncating avoids a call to `round` for every resident each month; truncating to a signed integer
/// is one instruction, to an unsigned one about twelve, for the same value in this range.)
fn micro(x: f64) -> u64 {
    debug_assert!((0.0..=1.0).contains(&x));
    (x * 1e6 + 0.5) as i64 as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::village::LIFE_BANDS;
    use crate::model::Model;
    use crate::scenario::Scenario;

    /// The counts by age band read from the tables equal a count of the persons one by one.
    #[test]
    fn counts_by_age_band_equal_a_count_person_by_person() {
        let p = Scenario::builtin_baseline().params;
        let model = Model::new(&p);
        let mut v = crate::model::init::initialize(&p, 5);
        let mut work = crate::model::Workspace::default();
        let mut out = [0u64; c::COUNT];
        for _ in 0..30 {
            out = [0; c::COUNT];
            model.step(&mut v, &mut work, &mut out);
        }
        let people = &v.people;
        let mut expected = [0u64; c::COUNT];
        for i in 0..people.len() {
            if !people.status[i].registered() {
                continue;
            }
            let years = people.age_years(i as u32);
            expected[c::REGISTERED] += 1;
            expected[c::PERSON_MONTHS + life_band(years)] += 1;
            if people.status[i] != Status::Resident {
                continue;
            }
            let need = people.need[i];
            for (metric, counted) in [
                (c::RESIDENTS, true),
                (c::SEVERE, need == Need::Severe),
                (c::RESIDENTS_50, years >= 50),
                (c::ADULTS, years >= 16),
                (c::WORKING_AGE, (16..60).contains(&years)),
                (c::ELDERLY, years >= 60),
                (c::ELDERLY_65, years >= 65),
                (c::OLDEST_OLD, years >= 80),
            ] {
                expected[metric] += u64::from(counted);
            }
            if years >= 60 {
                let band = ((years - 60) / 10).min(2) as usize;
                expected[c::NEED_BANDS + 2 * band] += 1;
                expected[c::NEED_BANDS + 2 * band + 1] += u64::from(need != Need::None);
            }
        }
        let by_age = [
            c::REGISTERED,
            c::RESIDENTS,
            c::SEVERE,
            c::RESIDENTS_50,
            c::ADULTS,
            c::WORKING_AGE,
            c::ELDERLY,
            c::ELDERLY_65,
            c::OLDEST_OLD,
        ];
        let bands = (c::NEED_BANDS..c::NEED_BANDS + 6).chain(c::PERSON_MONTHS..c::PERSON_MONTHS + LIFE_BANDS);
        for metric in by_age.into_iter().chain(bands) {
            assert_eq!(out[metric], expected[metric], "counter {metric}");
        }
        assert!(
            expected[c::OLDEST_OLD] > 0 && expected[c::SEVERE] > 0,
            "a village with every band"
        );
    }
}
