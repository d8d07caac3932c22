//! Initialization (MODEL.md §5): persons, couples, children, households on the ring, who is away, the
//! neighbour lattice, acquaintances, attitudes and need. Each attribute draws from its own stream.

use rand::RngExt;
use rand_distr::{Beta, Distribution, Normal};

use super::person::{Attitudes, Need, NewPerson, Sex, Status, TieKind, NOBODY};
use super::rates::{band, AWAY_BANDS, PREVALENCE_BANDS};
use super::rng::{init_draws, stochastic_round, Draws, Init};
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
    couples(&mut v, p);
    children(&mut v);
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
    let normal =
        Normal::new(p.villages.population.mean, p.villages.population.sd).expect("sd is validated non-negative");
    for _ in 0..1000 {
        let n = normal.sample(&mut rng);
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

/// Persons of one sex grouped by age in years, for matching by age.
fn by_age_year(v: &Village, sex: Sex, min_years: u32) -> Vec<Vec<u32>> {
    let mut buckets = vec![Vec::new(); 111];
    for i in 0..v.people.len() as u32 {
        let age = v.people.age_years(i);
        if v.people.sex[i as usize] == sex && age >= min_years && v.people.spouse[i as usize] == NOBODY {
            buckets[age as usize].push(i);
        }
    }
    buckets
}

/// Share currently married at initialization: ever married by band, less the widowed at 60+.
fn married_now(p: &Params, age: u32) -> f64 {
    let ever = match age {
        0..=19 => return 0.0,
        20..=39 => p.demography.married_share[((age - 20) / 5) as usize],
        _ => p.demography.married_share[4],
    };
    let widowed = match age {
        60..=69 => p.demography.widowed_share[0],
        70..=79 => p.demography.widowed_share[1],
        80.. => p.demography.widowed_share[2],
        _ => 0.0,
    };
    ever * (1.0 - widowed)
}

/// MODEL.md §5.3: men are paired with unmarried women about `spouse_age_gap` years younger.
fn couples(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Couples);
    let mut women = by_age_year(v, Sex::F, 18);
    for man in 0..v.people.len() as u32 {
        let age = v.people.age_years(man);
        if v.people.sex[man as usize] != Sex::M || rng.random::<f64>() >= married_now(p, age) {
            continue;
        }
        let target = age as f64 - p.demography.spouse_age_gap + (rng.random::<f64>() - 0.5) * 6.0;
        let target = target.round() as i64;
        for d in [0i64, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6, -7, 7, -8, 8] {
            let y = target + d;
            if !(18..=110).contains(&y) || women[y as usize].is_empty() {
                continue;
            }
            let bucket = &mut women[y as usize];
            let wife = bucket.swap_remove(rng.index(bucket.len()));
            v.people.marry(man, wife);
            break;
        }
    }
}

/// MODEL.md §5.4: each person under 60 gets a mother 20–38 years older where one can be found (with room
/// for another child: cohorts born before 1960 had more children), and her husband as father.
fn children(v: &mut Village) {
    let mut rng = init_draws(v.key, Init::Children);
    let n = v.people.len();
    let mut capacity = vec![0u8; n];
    let mut women = vec![Vec::new(); 111];
    for i in 0..n as u32 {
        if v.people.sex[i as usize] == Sex::F && v.people.age_years(i) >= 20 {
            women[v.people.age_years(i) as usize].push(i);
            let base = if v.people.age_years(i) >= 60 { 3 } else { 2 };
            let u: f64 = rng.random();
            capacity[i as usize] = if u < 0.15 {
                base - 1
            } else if u < 0.65 {
                base
            } else {
                base + 1
            };
        }
    }
    let mut young: Vec<u32> = (0..n as u32).filter(|&i| v.people.age_years(i) < 60).collect();
    young.sort_by_key(|&i| (v.people.age_months[i as usize], i));
    let mut kids_of: Vec<Vec<u32>> = vec![Vec::new(); n];
    for child in young {
        let age = v.people.age_years(child);
        for _ in 0..12 {
            let y = age as usize + 20 + rng.index(19);
            if y > 110 || women[y].is_empty() {
                continue;
            }
            let mum = women[y][rng.index(women[y].len())];
            let married = v.people.spouse[mum as usize] != NOBODY;
            if capacity[mum as usize] == 0 || !(married || rng.random::<f64>() < 0.1) {
                continue;
            }
            capacity[mum as usize] -= 1;
            v.people.mother[child as usize] = mum;
            let dad = v.people.spouse[mum as usize];
            if dad != NOBODY && v.people.age_years(dad) >= age + 18 {
                v.people.father[child as usize] = dad;
                v.people.tie(child, dad, TieKind::Kin);
            }
            v.people.tie(child, mum, TieKind::Kin);
            kids_of[mum as usize].push(child);
            break;
        }
    }
    for kids in kids_of {
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
/// `households.coresidence`.
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
        if married_children.is_empty() || rng.random::<f64>() >= p.households.coresidence {
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

/// MODEL.md §5.7: each resident adult ties to the next `neighbours / 2` resident adults along the ring
/// (outside its household), so the mean per resident adult is `network.neighbours`.
fn neighbour_lattice(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Neighbours);
    let adults = adults_on_ring(v);
    let len = adults.len();
    for (k, &i) in adults.iter().enumerate() {
        let want = stochastic_round(p.network.neighbours / 2.0, rng.random());
        let mut made = 0;
        let mut step = 1;
        while made < want && step < len && step <= want + 30 {
            let j = adults[(k + step) % len];
            if v.people.household[j as usize] != v.people.household[i as usize]
                && v.people.tie(i, j, TieKind::Neighbour)
            {
                made += 1;
            }
            step += 1;
        }
    }
}

/// MODEL.md §5.8: each resident adult starts `acquaintances / 2` ties within `network.radius` households,
/// each rewired to any resident adult with probability `network.rewire` (Watts–Strogatz).
fn acquaintances(v: &mut Village, p: &Params) {
    let mut rng = init_draws(v.key, Init::Acquaintances);
    v.collect_residents();
    let adults = std::mem::take(&mut v.resident_adults);
    for &i in &adults {
        let want = stochastic_round(p.network.acquaintances / 2.0, rng.random());
        for _ in 0..want {
            befriend(v, i, &adults, p, &mut rng);
        }
    }
    v.resident_adults = adults;
}

/// Beta-distributed attitude around `mean` with concentration `k` (a + b).
fn beta(mean: f64, k: f64, rng: &mut Draws) -> f64 {
    if mean <= 0.0 || mean >= 1.0 {
        return mean.clamp(0.0, 1.0);
    }
    Beta::new(mean * k, (1.0 - mean) * k).map_or(mean, |b| b.sample(rng))
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
                assert!((20..=38).contains(&gap), "gap {gap}");
            }
        }
    }

    #[test]
    fn the_same_key_gives_the_same_village() {
        let (a, b) = (village(9), village(9));
        assert_eq!(a.people.age_months, b.people.age_months);
        assert_eq!(a.people.ties, b.people.ties);
        assert_ne!(a.people.age_months, village(10).people.age_months);
    }
}
