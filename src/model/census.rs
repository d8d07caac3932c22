//! The kin census of a village (pattern P8, MODEL.md §1 and §5.4): spouse, living children and where
//! they live, counted over residents 60+. It observes and draws nothing; `huzhu calibrate` takes it at
//! month 0.

use super::person::{Children, Marital, Sex, Status, NOBODY};
use super::village::Village;

/// Counts over residents 60+, integers so that villages add in any order to the same totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KinCensus {
    /// Residents 60+ by sex (indexed by `Sex`), and those of them with a living spouse.
    pub persons: [u64; 2],
    pub spouse: [u64; 2],
    /// Residents 60–64 and 65+, and those of them with a living spouse.
    pub by_age: [u64; 2],
    pub spouse_by_age: [u64; 2],
    /// Women 60+ and 65+ who were married and whose spouse has died.
    pub widowed_women: u64,
    pub women_65: u64,
    pub widowed_women_65: u64,
    /// Living children (registered or elsewhere): their sum, sum of squares, and those with none.
    pub children: u64,
    pub children_squared: u64,
    pub childless: u64,
    /// Living with a resident child; with a resident child in the village (co-resident included).
    pub with_child: u64,
    pub child_in_village: u64,
    /// Residents 65+, and those of them with nobody else resident in the household.
    pub persons_65: u64,
    pub alone_65: u64,
}

impl KinCensus {
    pub fn of(v: &Village) -> KinCensus {
        let p = &v.people;
        let mut c = KinCensus::default();
        for i in 0..p.len() as u32 {
            let k = i as usize;
            let age = p.age_years(i);
            if p.status[k] != Status::Resident || age < 60 {
                continue;
            }
            let sex = p.sex[k] as usize;
            let woman = p.sex[k] == Sex::F;
            let married = p.spouse[k] != NOBODY;
            let older = usize::from(age >= 65);
            c.persons[sex] += 1;
            c.spouse[sex] += u64::from(married);
            c.by_age[older] += 1;
            c.spouse_by_age[older] += u64::from(married);
            let widowed = woman && Marital::of(p, k) == Marital::Widowed;
            c.widowed_women += u64::from(widowed);
            c.women_65 += u64::from(woman && older == 1);
            c.widowed_women_65 += u64::from(widowed && older == 1);
            let children = Children::of(p, k);
            let living = children.living as u64;
            c.children += living;
            c.children_squared += living * living;
            c.childless += u64::from(living == 0);
            c.with_child += u64::from(children.coresident > 0);
            c.child_in_village += u64::from(children.resident > 0);
            if older == 1 {
                c.persons_65 += 1;
                let alone = v.households.members[p.household[k] as usize]
                    .iter()
                    .all(|&m| m == i || p.status[m as usize] != Status::Resident);
                c.alone_65 += u64::from(alone);
            }
        }
        c
    }

    pub fn add(&mut self, o: &KinCensus) {
        for s in 0..2 {
            self.persons[s] += o.persons[s];
            self.spouse[s] += o.spouse[s];
            self.by_age[s] += o.by_age[s];
            self.spouse_by_age[s] += o.spouse_by_age[s];
        }
        self.widowed_women += o.widowed_women;
        self.women_65 += o.women_65;
        self.widowed_women_65 += o.widowed_women_65;
        self.children += o.children;
        self.children_squared += o.children_squared;
        self.childless += o.childless;
        self.with_child += o.with_child;
        self.child_in_village += o.child_in_village;
        self.persons_65 += o.persons_65;
        self.alone_65 += o.alone_65;
    }

    pub fn total(&self) -> u64 {
        self.persons[0] + self.persons[1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::init::initialize;
    use crate::scenario::Scenario;

    /// Every count is a count of residents 60+ or a subset of one, and the two splits agree.
    #[test]
    fn the_census_counts_subsets_of_residents_60_and_over() {
        let p = Scenario::builtin_baseline().params;
        let c = KinCensus::of(&initialize(&p, 11));
        let n = c.total();
        assert!(n > 100, "a village of the baseline has older residents");
        assert_eq!(c.by_age[0] + c.by_age[1], n);
        assert_eq!(c.spouse[0] + c.spouse[1], c.spouse_by_age[0] + c.spouse_by_age[1]);
        assert!(c.with_child <= c.child_in_village && c.child_in_village + c.childless <= n);
        assert!(c.widowed_women_65 <= c.widowed_women && c.widowed_women <= c.persons[Sex::F as usize]);
        assert!(c.alone_65 <= c.persons_65 && c.persons_65 == c.by_age[1]);
        assert!(c.children_squared >= c.children);
    }
}

/// What a village table's targets are checked against: a village at month 0 (`huzhu check`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Month0 {
    pub registered: u64,
    pub away: u64,
    pub residents: u64,
    pub residents_60: u64,
}

impl Month0 {
    pub fn of(v: &Village) -> Month0 {
        let p = &v.people;
        let mut c = Month0::default();
        for k in 0..p.len() {
            match p.status[k] {
                Status::Resident => {
                    c.residents += 1;
                    c.residents_60 += u64::from(p.age_years(k as u32) >= 60);
                }
                Status::Away => c.away += 1,
                _ => continue,
            }
            c.registered += 1;
        }
        c
    }
}
