//! Initialization (MODEL.md §5): persons, couples, children, households on the ring, who is away, the
//! neighbour lattice, acquaintances, attitudes and need. Each attribute draws from its own stream.

use rand::RngExt;

use super::person::{Attitudes, Need, NewPerson, Sex, Status, TieKind, NOBODY};
use super::rates::{band, newcomer_chance, AWAY_BANDS, PREVALENCE_BANDS};
use super::rng::{beta, init_draws, poisson, standard_normal, stochastic_round, Draws, Init};
use super::ties::befriend;
use super::village::Village;
use super::willingness;
use crate::scenario::Params;

const MAX_AGE_MONTHS: u32 = 110 * 12 - 1;

pub fn initialize(p: &Params, key: u64) -> Village {
    let mut v = Village {
        key,
        ..Village::default()
    };
    add_persons(&mut v, p);
    let marital = couples(&mut v, p);
    children(&mut v, p, &marital);
    households(&mut v, p);
    mark_away(&mut v, p);
    neighbour_lattice(&mut v, p);
    acquaintances(&mut v, p);
    attitudes(&mut v, p);
    initial_need(&mut v, p);
    initial_willingness(&mut v, p);
    v
}

/// The registered population: Normal(mean, sd), drawn again below the minimum.
fn village_size(p: &Params, key: u64) -> usize {
    let mut rng = init_draws(key, Init::Size);
    let (mean, sd) = (p.villages.population.mean, p.villages.population.sd);
    for _ in 0..1000 {
        let n = mean + sd * standard_normal(&mut rng);
        if n >= p.villages.population.min {
            return n.round() as usize;
        }
    }
    p.villages.population.min.round() as usize
}

/// Draws an index from cumulative weights with one uniform.
pub fn pick_cumulative(cumulative: &[f64], u: f64) -> usize {
    let total = cumulative.last().copied().unwrap_or(0.0);
    cumulative
        .iter()
        .position(|&c| u * total < c)
        .unwrap_or(cumulative.len() - 1)
}

fn cumulate(weights: &[f64]) -> Vec<f64> {
    weights
        .iter()
        .scan(0.0, |s, w| {
            *s += w;
            Some(*s)
        })
        .collect()
}

fn add_persons(v: &mut Village, p: &Params) {
    let n = village_size(p, v.key);
    let mut ages = init_draws(v.key, Init::Ages);
    let mut sexes = init_draws(v.key, Init::Sex);
    let cumulative = cumulate(&p.demography.age_structure);
    let last = cumulative.len() - 1;
    let placeholder = Attitudes {
        identity: 0.0,
        motivation: 0.0,
        trust: 0.0,
        skill: 1.0,
        elite: false,
    };
    for _ in 0..n {
        let b = pick_cumulative(&cumulative, ages.random());
        // The open top band (85+) spreads over 85–99.
        let width = if b == last { 180.0 } else { 60.0 };
        let age_months = (b as u32 * 60 + (ages.random::<f64>() * width) as u32).min(MAX_AGE_MONTHS);
        let sex = if sexes.random::<f64>() < p.demography.male_share[b] {
            Sex::M
        } else {
            Sex::F
        };
        v.add_person(NewPerson {
            age_months: age_months as u16,
            sex,
            status: Status::Resident,
            household: NOBODY,
            need: Need::None,
            attitudes: placeholder,
            mother: NOBODY,
            father: NOBODY,
        });
    }
}

/// Marital state at initialization (MODEL.md §5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marital {
    Never,
    Married,
    Widowed,
}

/// Marital state drawn by sex and age: ever married by band, then, for men, widowed among the ever
/// married. A woman ever married is married if a husband is found for her (`couples`).
fn marital_state(p: &Params, sex: Sex, age: u32, u: f64, w: f64) -> Marital {
    let d = &p.demography;
    let ever = match sex {
        Sex::M => &d.ever_married_men,
        Sex::F => &d.ever_married_women,
    };
    let ever = match age {
        0..=19 => return Marital::Never,
        20..=39 => ever[((age - 20) / 5) as usize],
        _ => ever[4],
    };
    let widowed = match (sex, age) {
        (Sex::F, _) | (_, 0..=49) => 0.0,
        (_, 50..=59) => d.widowed_men[0],
        (_, 60..=79) => d.widowed_men[1 + ((age - 60) / 5) as usize],
        _ => d.widowed_men[5],
    };
    if u >= ever {
        Marital::Never
    } else if w < widowed {
        Marital::Widowed
    } else {
        Marital::Married
    }
}

/// MODEL.md §5.3: marital state by sex and age. Each man drawn married is paired with an ever-married
/// woman about `spouse_age_gap` years younger; the women left without a husband are widowed (so the
/// widowhood of women follows from the men's, their deaths and the age gap, as it does in a population).
/// A man drawn married for whom no wife is found is widowed. Returns each person's state.
fn couples(v: &mut Village, p: &Params) -> Vec<Marital> {
    let mut rng = init_draws(v.key, Init::Couples);
    let n = v.people.len();
    let mut state: Vec<Marital> = (0..n as u32)
        .map(|i| {
            let (u, w) = (rng.random(), rng.random());
            marital_state(p, v.people.sex[i as usize], v.people.age_years(i), u, w)
        })
        .collect();
    let mut wives = vec![Vec::new(); 111];
    for i in 0..n as u32 {
        if v.people.sex[i as usize] == Sex::F && state[i as usize] != Marital::Never {
            wives[v.people.age_years(i) as usize].push(i);
        }
    }
    for man in 0..n as u32 {
        if v.people.sex[man as usize] != Sex::M || state[man as usize] != Marital::Married {
            continue;
        }
        let target = v.people.age_years(man) as f64 - p.demography.spouse_age_gap + (rng.random::<f64>() - 0.5) * 6.0;
        let target = target.round() as i64;
        for d in [0i64, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7, -8, 8] {
            let y = target + d;
            if !(18..=110).contains(&y) || wives[y as usize].is_empty() {
                continue;
            }
            let bucket = &mut wives[y as usize];
            let wife = bucket.swap_remove(rng.index(bucket.len()));
            v.people.marry(man, wife);
            break;
        }
    }
    for (k, s) in state.iter_mut().enumerate() {
        if *s != Marital::Never && v.people.spouse[k] == NOBODY {
            *s = Marital::Widowed;
            v.people.ever_married[k] = true;
        }
    }
    state
}

/// A woman (or a widower, for the children of his late wife), the living children she has had, and how
/// many of them are registered villagers.
struct Parents {
    mother: u32,
    father: u32,
    children: u8,
    placed: u8,
    /// The most of her children who can be elsewhere: those old enough (18+) to have married out or
    /// settled away, by the age pattern of her births.
    grown: u8,
}

/// The share of a woman's births that come by `age`, from the age pattern of `demography.fertility`.
fn births_by_age(p: &Params, age: u32) -> f64 {
    let f = &p.demography.fertility;
    let total: f64 = f.iter().sum();
    if total <= 0.0 {
        return 1.0;
    }
    let years = age.saturating_sub(15) as f64 / 5.0;
    let whole = (years.floor() as usize).min(f.len());
    let part = if whole < f.len() {
        (years - whole as f64) * f[whole]
    } else {
        0.0
    };
    ((f[..whole].iter().sum::<f64>() + part) / total).min(1.0)
}

/// Living children drawn for a mother of this age: mean `cohort_children` of her birth decade times the
/// share of births she has had by now; none with probability `childless`, else one more than a Poisson
/// count (or, for a mean below what that allows, one child with the probability that keeps the mean).
fn living_children(p: &Params, age: u32, rng: &mut Draws) -> u8 {
    let cohort = &p.demography.cohort_children;
    let born = p.run.first_year - age as i64;
    let decade = ((born - 1920).div_euclid(10)).clamp(0, cohort.len() as i64 - 1) as usize;
    let mean = cohort[decade] * births_by_age(p, age);
    let (u, w): (f64, f64) = (rng.random(), rng.random());
    let childless = p.demography.childless;
    if u < childless || childless >= 1.0 {
        return 0;
    }
    let q = mean / (1.0 - childless);
    if q < 1.0 {
        return u8::from(w < q);
    }
    (1 + poisson(q - 1.0, libm::exp(1.0 - q), w)).min(u8::MAX as u32) as u8
}

/// The chance that an ever-married person at initialization married in from another village (and so
/// has no parents here): the chance that a villager of the other sex who marries takes a newcomer
/// (MODEL.md §7.2), since a wife here is mostly the wife of a village man, and a husband here of a
/// village woman.
fn married_in(p: &Params, sex: Sex) -> f64 {
    newcomer_chance(p, sex.other())
}

/// MODEL.md §5.4: each ever-married woman (and each widower) has living children drawn from her birth
/// cohort; they are filled with registered persons 20–40 years younger (the oldest first), and the places
/// left are her children elsewhere (married out or settled away), as many as are old enough for that. Those who married in have no parents
/// here; siblings share parents and are tied as kin.
fn children(v: &mut Village, p: &Params, state: &[Marital]) {
    let mut rng = init_draws(v.key, Init::Children);
    let n = v.people.len();
    let mut families: Vec<Parents> = Vec::new();
    let mut by_age: Vec<Vec<u32>> = vec![Vec::new(); 111];
    for i in 0..n as u32 {
        let k = i as usize;
        let (sex, age) = (v.people.sex[k], v.people.age_years(i));
        let age = match (state[k], sex) {
            (Marital::Never, _) => continue,
            (_, Sex::F) => age,
            // A widower stands for his late wife; a husband's children are his wife's.
            (Marital::Widowed, Sex::M) => (age as f64 - p.demography.spouse_age_gap).max(0.0) as u32,
            (Marital::Married, Sex::M) => continue,
        };
        let children = living_children(p, age, &mut rng);
        let (mother, father) = if sex == Sex::F {
            (i, v.people.spouse[k])
        } else {
            (NOBODY, i)
        };
        if children > 0 {
            by_age[age as usize].push(families.len() as u32);
        }
        let born_by = births_by_age(p, age);
        let grown_share = if born_by > 0.0 {
            births_by_age(p, age.saturating_sub(18)) / born_by
        } else {
            0.0
        };
        families.push(Parents {
            mother,
            father,
            children,
            placed: 0,
            grown: (children as f64 * grown_share).round() as u8,
        });
    }
    let mut young: Vec<u32> = (0..n as u32)
        .filter(|&i| {
            let k = i as usize;
            let from_outside = state[k] != Marital::Never && rng.random::<f64>() < married_in(p, v.people.sex[k]);
            !from_outside
        })
        .collect();
    young.sort_by_key(|&i| (std::cmp::Reverse(v.people.age_months[i as usize]), i));
    let mut kids_of: Vec<Vec<u32>> = vec![Vec::new(); families.len()];
    for child in young {
        let age = v.people.age_years(child) as usize;
        let spouse = v.people.spouse[child as usize];
        for _ in 0..12 {
            let y = age + 20 + rng.index(21);
            if y > 110 || by_age[y].is_empty() {
                continue;
            }
            let slot = rng.index(by_age[y].len());
            let f = by_age[y][slot] as usize;
            // Nobody is the sibling of their own spouse.
            if spouse != NOBODY && kids_of[f].contains(&spouse) {
                continue;
            }
            let family = &mut families[f];
            family.placed += 1;
            if family.placed == family.children {
                by_age[y].swap_remove(slot);
            }
            v.people.mother[child as usize] = family.mother;
            v.people.father[child as usize] = family.father;
            for parent in [family.mother, family.father] {
                if parent != NOBODY {
                    v.people.tie(child, parent, TieKind::Kin);
                }
            }
            kids_of[f].push(child);
            break;
        }
    }
    for (family, kids) in families.iter().zip(&kids_of) {
        for parent in [family.mother, family.father] {
            if parent != NOBODY {
                v.people.children_elsewhere[parent as usize] = (family.children - family.placed).min(family.grown);
            }
        }
        for (k, &a) in kids.iter().enumerate() {
            for &b in &kids[k + 1..] {
                v.people.tie(a, b, TieKind::Kin);
            }
        }
    }
}

fn parent_of(v: &Village, i: u32) -> u32 {
    let mother = v.people.mother[i as usize];
    if mother != NOBODY {
        mother
    } else {
        v.people.father[i as usize]
    }
}

/// MODEL.md §5.5: a couple with their unmarried children; unmarried adults without parents alone; an older
/// couple or widow(er) moves in with a married child with probability `households.coresidence`; a married
/// child's household sits next to the parents' on the ring.
fn households(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Households);
    let n = v.people.len() as u32;
    let mut home = vec![NOBODY; n as usize];
    // Heads: couples (made once, by the husband or a wife whose husband is absent) and lone adults.
    for i in 0..n {
        let spouse = v.people.spouse[i as usize];
        let lone_adult = spouse == NOBODY && v.people.age_years(i) >= 20 && parent_of(v, i) == NOBODY;
        if (spouse != NOBODY && home[spouse as usize] == NOBODY) || lone_adult {
            let h = v.households.new_household();
            home[i as usize] = h;
            if spouse != NOBODY {
                home[spouse as usize] = h;
            }
        }
    }
    // Dependents live with a parent; the few without one are taken in by a random household.
    let head_households = v.households.members.len() as u32;
    for i in 0..n {
        let mut j = i;
        while home[j as usize] == NOBODY && parent_of(v, j) != NOBODY {
            j = parent_of(v, j);
        }
        home[i as usize] = if home[j as usize] != NOBODY {
            home[j as usize]
        } else if head_households > 0 {
            rng.index(head_households as usize) as u32
        } else {
            v.households.new_household()
        };
    }
    for i in 0..n {
        v.people.household[i as usize] = home[i as usize];
        v.households.members[home[i as usize] as usize].push(i);
    }
    // Which household each couple's household descends from (the husband's parents', else the wife's).
    let h_count = v.households.members.len();
    let mut parent_household = vec![NOBODY; h_count];
    for i in 0..n {
        let spouse = v.people.spouse[i as usize];
        if spouse == NOBODY || v.people.sex[i as usize] != Sex::M {
            continue;
        }
        let h = home[i as usize] as usize;
        let from = [parent_of(v, i), parent_of(v, spouse)]
            .into_iter()
            .find(|&q| q != NOBODY && home[q as usize] as usize != h);
        if let Some(q) = from {
            parent_household[h] = home[q as usize];
        }
    }
    coresidence(v, p, &mut rng);
    // Lay the ring out family by family: a household, then those that descend from it.
    let mut descendants = vec![Vec::new(); h_count];
    for (h, &ph) in parent_household.iter().enumerate() {
        if ph != NOBODY {
            descendants[ph as usize].push(h as u32);
        }
    }
    let mut stack: Vec<u32> = (0..h_count as u32)
        .filter(|&h| parent_household[h as usize] == NOBODY)
        .rev()
        .collect();
    while let Some(h) = stack.pop() {
        if !v.households.members[h as usize].is_empty() {
            v.households.place_after(h, NOBODY);
        }
        stack.extend(descendants[h as usize].iter().rev());
    }
    // Households whose descent forms a loop (rare) are placed at the end.
    for h in 0..h_count as u32 {
        if v.households.pos[h as usize] == NOBODY && !v.households.members[h as usize].is_empty() {
            v.households.place_after(h, NOBODY);
        }
    }
}

/// Older households (everyone 60+) with a married child in another household join it with probability
/// `households.coresidence` (a couple) or `households.coresidence_widowed` (one person).
fn coresidence(v: &mut Village, p: &Params, rng: &mut Draws) {
    for h in 0..v.households.members.len() {
        let members = v.households.members[h].clone();
        if members.is_empty() || members.iter().any(|&m| v.people.age_years(m) < 60) {
            continue;
        }
        let married_children: Vec<u32> = members
            .iter()
            .flat_map(|&m| v.people.children(m).collect::<Vec<_>>())
            .filter(|&c| v.people.spouse[c as usize] != NOBODY && v.people.household[c as usize] as usize != h)
            .collect();
        let chance = if members.len() == 1 {
            p.households.coresidence_widowed
        } else {
            p.households.coresidence
        };
        if married_children.is_empty() || rng.random::<f64>() >= chance {
            continue;
        }
        let child = married_children[rng.index(married_children.len())];
        let target = v.people.household[child as usize];
        for m in members {
            v.people.household[m as usize] = target;
            v.households.members[target as usize].push(m);
        }
        v.households.members[h].clear();
    }
}

/// MODEL.md §5.6: residents 16–64 marked away by age band.
fn mark_away(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Away);
    for i in 0..v.people.len() as u32 {
        let u: f64 = rng.random();
        if let Some(b) = band(&AWAY_BANDS, v.people.age_years(i)).filter(|_| v.people.age_years(i) < 65) {
            if u < p.migration.initial_away[b] {
                v.people.set_status(i, Status::Away);
            }
        }
    }
}

/// Resident adults in ring order.
fn adults_on_ring(v: &Village) -> Vec<u32> {
    v.households
        .ring
        .iter()
        .flat_map(|&h| v.households.members[h as usize].iter().copied())
        .filter(|&i| v.people.resident_adult(i))
        .collect()
}

/// MODEL.md §5.7: each resident adult asks for `network.neighbours` neighbour ties (rounded at random
/// to a whole number, so the mean holds), drawn per person; going along the ring, each takes the nearest
/// resident adults of other households who still ask for ties, so that a person living alone ends with
/// as many as anyone else.
fn neighbour_lattice(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Neighbours);
    let adults = adults_on_ring(v);
    let len = adults.len();
    let mut wants: Vec<usize> = adults
        .iter()
        .map(|_| stochastic_round(p.network.neighbours, rng.random()))
        .collect();
    // How far along the ring a person looks for partners: beyond this, ties would not be neighbours'.
    let reach = len.min(4 * p.network.neighbours.ceil() as usize + 30);
    for k in 0..len {
        let i = adults[k];
        let mut step = 1;
        while wants[k] > 0 && step < reach {
            let at = (k + step) % len;
            let j = adults[at];
            if wants[at] > 0
                && v.people.household[j as usize] != v.people.household[i as usize]
                && v.people.tie(i, j, TieKind::Neighbour)
            {
                wants[k] -= 1;
                wants[at] -= 1;
            }
            step += 1;
        }
    }
}

/// MODEL.md §5.8: each resident adult starts `acquaintances / 2` ties within `network.radius` households,
/// each rewired to any resident adult with probability `network.rewire` (Watts–Strogatz). A tie that
/// cannot be placed is tried again, so that the mean holds; the tries are bounded for a village too small
/// to hold the ties asked for.
fn acquaintances(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Acquaintances);
    v.collect_residents();
    let adults = std::mem::take(&mut v.resident_adults);
    for &i in &adults {
        let want = stochastic_round(p.network.acquaintances / 2.0, rng.random());
        let mut made = 0;
        for _ in 0..20 * want {
            if made == want {
                break;
            }
            made += usize::from(befriend(v, i, &adults, p, &mut rng));
        }
    }
    v.resident_adults = adults;
}

/// MODEL.md §5.9: identity, motivation, trust, skill and elite status of a new person.
pub fn draw_attitudes(p: &Params, age_years: u32, rng: &mut Draws) -> Attitudes {
    let elite = age_years >= 55 && rng.random::<f64>() < p.behaviour.elite_share;
    let k = p.behaviour.attitude_concentration;
    let motivation_mean = if elite {
        p.behaviour.elite_motivation_mean
    } else {
        p.behaviour.motivation_mean
    };
    Attitudes {
        identity: beta(p.behaviour.identity_mean, k, rng),
        motivation: beta(motivation_mean, k, rng),
        trust: beta(p.cadres.trust_mean, k, rng),
        skill: if elite { p.behaviour.elite_skill } else { 1.0 },
        elite,
    }
}

fn attitudes(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Attitudes);
    for i in 0..v.people.len() as u32 {
        let a = draw_attitudes(p, v.people.age_years(i), &mut rng);
        let k = i as usize;
        v.people.identity[k] = a.identity;
        v.people.motivation[k] = a.motivation;
        v.people.trust[k] = a.trust;
        v.people.skill[k] = a.skill;
        v.people.elite[k] = a.elite;
    }
}

/// MODEL.md §5.10: need from the age-specific prevalence, split over levels.
pub fn draw_need(p: &Params, age_years: u32, rng: &mut Draws) -> Need {
    let prevalence = p.health.prevalence[band(&PREVALENCE_BANDS, age_years).unwrap_or(0)];
    let (u, w): (f64, f64) = (rng.random(), rng.random());
    if u >= prevalence {
        return Need::None;
    }
    Need::from_level(1 + pick_cumulative(&cumulate(&p.health.severity_split), w))
}

fn initial_need(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Need);
    for i in 0..v.people.len() as u32 {
        v.people.need[i as usize] = draw_need(p, v.people.age_years(i), &mut rng);
    }
}

/// MODEL.md §5.11: each eligible person starts willing with the probability of §7.8 with no meetings, no
/// burden, no peers willing and no lever in force.
fn initial_willingness(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Willing);
    for i in 0..v.people.len() {
        let u: f64 = rng.random();
        if willingness::eligible(p, &v.people, i) {
            v.people.willing[i] = u < willingness::propensity(p, &v.people, i, &willingness::Inputs::default());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn village(seed: u64) -> Village {
        initialize(&Scenario::builtin_baseline().params, seed)
    }

    #[test]
    fn every_person_lives_in_a_household_on_the_ring() {
        let v = village(3);
        for i in 0..v.people.len() {
            let h = v.people.household[i];
            assert!(v.households.members[h as usize].contains(&(i as u32)));
            assert_ne!(v.households.pos[h as usize], NOBODY);
        }
        let placed: usize = v
            .households
            .ring
            .iter()
            .map(|&h| v.households.members[h as usize].len())
            .sum();
        assert_eq!(placed, v.people.len());
    }

    #[test]
    fn spouses_are_of_the_other_sex_and_mothers_old_enough() {
        let v = village(5);
        for i in 0..v.people.len() {
            let s = v.people.spouse[i];
            if s != NOBODY {
                assert_eq!(v.people.spouse[s as usize], i as u32);
                assert_ne!(v.people.sex[s as usize], v.people.sex[i]);
            }
            let m = v.people.mother[i];
            if m != NOBODY {
                let gap = v.people.age_years(m) - v.people.age_years(i as u32);
                assert!((20..=40).contains(&gap), "gap {gap}");
                assert_eq!(
                    v.people.father[i], v.people.spouse[m as usize],
                    "a child's parents are a couple"
                );
            }
        }
    }

    /// Neighbour ties are drawn per person (MODEL.md §5.7): those living alone have as many as those in
    /// larger households, and the mean per resident adult is `network.neighbours`; acquaintances that
    /// could not be placed are tried again, so their mean holds too (§5.8).
    #[test]
    fn neighbours_per_person_and_the_mean_of_acquaintances_hold() {
        let p = Scenario::builtin_baseline().params;
        // [alone, with others]: adults, neighbour tie ends; and all acquaintance tie ends.
        let (mut adults, mut ends, mut weak) = ([0f64; 2], [0f64; 2], 0f64);
        for seed in 0..8 {
            let v = village(seed);
            for i in 0..v.people.len() as u32 {
                if !v.people.resident_adult(i) {
                    continue;
                }
                let h = v.people.household[i as usize] as usize;
                let alone = v.households.members[h]
                    .iter()
                    .filter(|&&m| v.people.resident_adult(m))
                    .count()
                    == 1;
                let ties = v.people.ties.of(i);
                let k = usize::from(!alone);
                adults[k] += 1.0;
                ends[k] += ties.iter().filter(|t| t.kind() == TieKind::Neighbour).count() as f64;
                weak += ties.iter().filter(|t| t.kind() == TieKind::Acquaintance).count() as f64;
            }
        }
        let [alone, others] = [ends[0] / adults[0], ends[1] / adults[1]];
        let mean = (ends[0] + ends[1]) / (adults[0] + adults[1]);
        assert!(adults[0] > 100.0, "enough adults living alone to compare");
        assert!(
            (alone - others).abs() < 0.15,
            "alone {alone:.2}, with others {others:.2}"
        );
        assert!((mean - p.network.neighbours).abs() < 0.1, "neighbours {mean:.2}");
        let weak = weak / (adults[0] + adults[1]);
        assert!((weak - p.network.acquaintances).abs() < 0.1, "acquaintances {weak:.2}");
    }

    #[test]
    fn the_same_key_gives_the_same_village() {
        let (a, b) = (village(9), village(9));
        assert_eq!(a.people.age_months, b.people.age_months);
        assert_eq!(a.people.ties, b.people.ties);
        assert_ne!(a.people.age_months, village(10).people.age_months);
    }
}
