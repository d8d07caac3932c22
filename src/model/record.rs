//! Record (MODEL.md §3 step 10): the month's counters, stocks at the month's end and flows of the month.

use super::person::{Need, Status, MONTHS_16, MONTHS_50, MONTHS_60, NOBODY};
use super::village::{life_band, Village};
use crate::metrics::Counters;

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
        out.away_adults += adult;
        out.away_adult_age_months += adult * age as u64;
    }
    out.away += v.away.len() as u64;
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
    out.eligible += eligible;
    out.willing += willing;
    out.participated_12 += participated;
    out.identity_50_micro += identity_50;
    out.trust_16_micro += trust_16;
    out.living_alone_60 += alone;
    out.isolated += isolated;
    out.alone_or_spouse_60 += alone_or_spouse;
    for (years, (by_need, &away)) in residents.iter().zip(&away_by_age).enumerate() {
        let all: u64 = by_need.iter().sum();
        out.registered += all + away;
        out.person_months[life_band(years as u32)] += all + away;
        let within = |from: usize, to: usize| u64::from((from..to).contains(&years)) * all;
        out.residents += all;
        out.severe += by_need[Need::Severe as usize];
        out.residents_50 += within(50, AGE_ROWS);
        out.adults += within(16, AGE_ROWS);
        out.working_age += within(16, 60);
        out.elderly += within(60, AGE_ROWS);
        out.elderly_65 += within(65, AGE_ROWS);
        out.oldest_old += within(80, AGE_ROWS);
        if years >= 60 {
            let band = ((years - 60) / 10).min(2);
            out.need_bands[2 * band] += all;
            out.need_bands[2 * band + 1] += all - by_need[Need::None as usize];
        }
    }
    v.residents_in_household = residents_in;
    let ends = p.tie_ends();
    out.strong_tie_ends += ends.strong;
    out.weak_tie_ends += ends.weak;
    out.neighbour_tie_ends += ends.neighbour;
    out.credits_millihours += p.credits.iter().sum::<u64>();
    let t = &v.care.totals;
    out.in_need += t.in_need;
    out.need_millihours += t.need;
    out.family_millihours += t.family;
    out.mutual_millihours += t.mutual;
    out.formal_millihours += t.formal;
    out.volunteer_millihours += t.volunteer;
    out.unmet_millihours += t.unmet;
    out.unmet_persons += t.unmet_persons;
    out.adl += t.adl;
    out.unmet_adl += t.unmet_adl;
    out.participants += t.participants;
    out.care_recipients += t.recipients;
    out.programme_recipients += t.programme_recipients;
    let l = &v.ledger;
    out.public_milliyuan += l.public_milliyuan;
    for (a, b) in out.public_by_lever.iter_mut().zip(&l.public_by_lever) {
        *a += b;
    }
    out.offbudget_milliyuan += l.offbudget_milliyuan;
    out.helper_cash_milliyuan += l.helper_cash_milliyuan;
    for (a, b) in out.resident_months.iter_mut().zip(&l.resident_months) {
        *a += b;
    }
    out.place_months += l.place_months;
    out.homes_opened += l.homes_opened;
    out.bank_opened_residents += l.bank_opened_residents;
    out.trained += l.trained;
    out.visits += l.visits;
    out.credits_earned += l.credits_earned;
    out.credits_spent += l.credits_spent;
    out.credits_lapsed += l.credits_lapsed;
    let f = &v.flows;
    out.births += f.births;
    out.newcomers += f.newcomers;
    out.deaths += f.deaths;
    out.married_out += f.married_out;
    out.settled_away += f.settled_away;
    out.left += f.left;
    out.returned += f.returned;
    for (b, d) in f.deaths_by_age.iter().enumerate() {
        out.deaths_by_age[b] += d;
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
        let mut out = Counters::default();
        for _ in 0..30 {
            out = Counters::default();
            model.step(&mut v, &mut work, &mut out);
        }
        let people = &v.people;
        let mut expected = Counters::default();
        for i in 0..people.len() {
            if !people.status[i].registered() {
                continue;
            }
            let years = people.age_years(i as u32);
            expected.registered += 1;
            expected.person_months[life_band(years)] += 1;
            if people.status[i] != Status::Resident {
                continue;
            }
            let need = people.need[i];
            let e = &mut expected;
            for (counter, counted) in [
                (&mut e.residents, true),
                (&mut e.severe, need == Need::Severe),
                (&mut e.residents_50, years >= 50),
                (&mut e.adults, years >= 16),
                (&mut e.working_age, (16..60).contains(&years)),
                (&mut e.elderly, years >= 60),
                (&mut e.elderly_65, years >= 65),
                (&mut e.oldest_old, years >= 80),
            ] {
                *counter += u64::from(counted);
            }
            if years >= 60 {
                let band = ((years - 60) / 10).min(2) as usize;
                expected.need_bands[2 * band] += 1;
                expected.need_bands[2 * band + 1] += u64::from(need != Need::None);
            }
        }
        let by_age: [(&str, crate::metrics::Counter); 9] = [
            ("registered", |m| m.registered),
            ("residents", |m| m.residents),
            ("severe", |m| m.severe),
            ("residents_50", |m| m.residents_50),
            ("adults", |m| m.adults),
            ("working_age", |m| m.working_age),
            ("elderly", |m| m.elderly),
            ("elderly_65", |m| m.elderly_65),
            ("oldest_old", |m| m.oldest_old),
        ];
        for (name, counter) in by_age {
            assert_eq!(counter(&out), counter(&expected), "counter {name}");
        }
        assert_eq!(out.need_bands, expected.need_bands);
        assert_eq!(out.person_months, expected.person_months);
        assert_eq!(out.person_months.len(), LIFE_BANDS);
        assert!(
            expected.oldest_old > 0 && expected.severe > 0,
            "a village with every band"
        );
    }
}
