//! What a person's situation is at the end of a month, as outputs that look inside the villages read it:
//! marital status, living arrangement, children and where they live, care received by source, mutual aid
//! given. Everything is read from the village; nothing is drawn.

pub use crate::model::person::{Children, Marital};
use crate::model::person::{People, Sex, Status, NOBODY};
use crate::model::village::{Source, Village};

/// Living arrangement of a resident 60+ (P1, P8): alone, only with a spouse, with a child (and perhaps
/// others), or with others but no child.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Living {
    Alone,
    SpouseOnly,
    WithChild,
    Other,
}

impl Living {
    pub const NAMES: [&'static str; 4] = ["alone", "spouse_only", "with_child", "other"];

    pub fn name(self) -> &'static str {
        Living::NAMES[self as usize]
    }
}

/// The living arrangement of resident i, given the number of residents in each household.
pub fn living(p: &People, residents_in: &[u16], i: usize, children: &Children) -> Living {
    let housemates = residents_in[p.household[i] as usize].saturating_sub(1);
    let spouse = p.spouse[i];
    let spouse_here = spouse != NOBODY
        && p.status[spouse as usize] == Status::Resident
        && p.household[spouse as usize] == p.household[i];
    if housemates == 0 {
        Living::Alone
    } else if housemates == 1 && spouse_here {
        Living::SpouseOnly
    } else if children.coresident > 0 {
        Living::WithChild
    } else {
        Living::Other
    }
}

/// Left behind (农村留守老年人): resident, 60+, with living children and none of them in the village.
pub fn left_behind(p: &People, i: usize, children: &Children) -> bool {
    p.status[i] == Status::Resident && p.age_years(i as u32) >= 60 && children.living > 0 && children.resident == 0
}

/// How many of the village's people are left behind; their children are looked at only for residents 60+.
pub fn count_left_behind(p: &People) -> u32 {
    let older = |&i: &usize| p.status[i] == Status::Resident && p.age_years(i as u32) >= 60;
    (0..p.len())
        .filter(older)
        .filter(|&i| left_behind(p, i, &Children::of(p, i)))
        .count() as u32
}

/// Care sources as the outputs group them.
pub const CARE_SOURCES: [&str; 4] = ["family", "mutual", "formal", "volunteer"];

pub fn source_group(s: Source) -> usize {
    if s.is_family() {
        0
    } else if s.is_mutual() {
        1
    } else if s.is_formal() {
        2
    } else {
        3
    }
}

/// The month's care person by person, in thousandths of an hour: received by source group, given in
/// all, and mutual aid given.
#[derive(Clone, Debug, Default)]
pub struct CareByPerson {
    pub received: Vec<[u32; 4]>,
    pub given: Vec<u32>,
    pub mutual_given: Vec<u32>,
}

impl CareByPerson {
    pub fn of(v: &Village) -> CareByPerson {
        let mut c = CareByPerson::default();
        c.fill(v);
        c
    }

    /// Refills the tallies from the village's care record, reusing the buffers.
    pub fn fill(&mut self, v: &Village) {
        let n = v.people.len();
        for (buf, zero) in [(&mut self.given, 0u32), (&mut self.mutual_given, 0u32)] {
            buf.clear();
            buf.resize(n, zero);
        }
        self.received.clear();
        self.received.resize(n, [0; 4]);
        for g in &v.care.gifts {
            self.received[g.to as usize][source_group(g.source)] += g.millihours;
            if g.from != NOBODY {
                self.given[g.from as usize] += g.millihours;
                if g.source.is_mutual() {
                    self.mutual_given[g.from as usize] += g.millihours;
                }
            }
        }
    }
}

pub fn sex_name(s: Sex) -> &'static str {
    match s {
        Sex::F => "F",
        Sex::M => "M",
    }
}
