//! Persons as a struct of vectors (MODEL.md §2). A person's index is also their identity in the random
//! streams; it is never reused, so the dead and the gone keep their slot with a final status.

use super::clock::Clock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Sex {
    F = 0,
    M = 1,
}

impl Sex {
    pub fn other(self) -> Sex {
        match self {
            Sex::F => Sex::M,
            Sex::M => Sex::F,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Status {
    /// A registered villager living in the village.
    Resident,
    /// A registered villager living elsewhere (§2.1).
    Away,
    Dead,
    /// Left the registered population: settled in the city, or married out.
    Gone,
}

impl Status {
    pub fn registered(self) -> bool {
        matches!(self, Status::Resident | Status::Away)
    }

    /// All 64 bits set for a resident, none for anyone else: for a value to be kept or zeroed with an
    /// `and`. Computed as the sign of (status − Resident) − 1, which the compiler does not turn into a
    /// test and a branch, as it does with a choice between two values one of which is loaded.
    #[inline]
    pub fn resident_mask(self) -> u64 {
        (u64::from(self as u8 ^ Status::Resident as u8).wrapping_sub(1) as i64 >> 63) as u64
    }
}

/// Care need: Light ≈ IADL only, Moderate ≈ 1–2 ADL, Severe ≈ 3+ ADL or bedridden.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Need {
    None = 0,
    Light = 1,
    Moderate = 2,
    Severe = 3,
}

impl Need {
    pub fn from_level(level: usize) -> Need {
        [Need::None, Need::Light, Need::Moderate, Need::Severe][level.min(3)]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum TieKind {
    /// Spouse, parent–child, siblings: strong.
    Kin,
    /// Strong.
    Neighbour,
    /// Weak.
    Acquaintance,
}

impl TieKind {
    pub fn strong(self) -> bool {
        !matches!(self, TieKind::Acquaintance)
    }
}

/// A tie as one end sees it: the other end's index in the low 30 bits and the kind in the top two, one
/// `u32`, so that a person's list is half the memory of an (index, kind) pair.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Tie(u32);

impl Tie {
    /// Persons per village must stay below this for their index to fit beside the kind.
    pub const MAX_PERSONS: u32 = 1 << 30;

    pub fn new(other: u32, kind: TieKind) -> Tie {
        debug_assert!(other < Tie::MAX_PERSONS);
        Tie(other | (kind as u32) << 30)
    }

    #[inline]
    pub fn other(self) -> u32 {
        self.0 & (Tie::MAX_PERSONS - 1)
    }

    #[inline]
    pub fn kind(self) -> TieKind {
        match self.0 >> 30 {
            0 => TieKind::Kin,
            1 => TieKind::Neighbour,
            _ => TieKind::Acquaintance,
        }
    }
}

impl std::fmt::Debug for Tie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} {}", self.kind(), self.other())
    }
}

/// Where one person's list sits in the arena, and its parts.
#[derive(Clone, Copy, Debug, Default)]
struct Row {
    start: u32,
    len: u32,
    cap: u32,
    /// Where the forward weak part starts and where the backward part starts.
    weak: u32,
    backward: u32,
}

impl Row {
    fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// Undirected ties as one list per person, in three parts: strong ties to persons with a higher index,
/// then weak ties to persons with a higher index, then the ties to persons with a lower index. The first
/// two parts are the ties this person "owns": a process that draws once per tie draws at the lower end,
/// and it walks one kind of tie as a plain slice with no test of direction or kind. Order within each
/// part is the order of insertion, changed only by removals.
///
/// The lists share one arena in which each has room to grow: a list that outgrows its room moves to the
/// arena's end, and the room of a list that is cleared (its person died or left) is given up; when half
/// the arena is left behind like this, the lists are packed again in index order. The monthly passes
/// walk persons in index order, so they read the arena from front to back instead of jumping between
/// one allocation per person.
#[derive(Clone, Debug, Default)]
pub struct Adjacency {
    arena: Vec<Tie>,
    rows: Vec<Row>,
    /// Slots of the arena that no list holds (left behind by lists that moved or were cleared).
    abandoned: usize,
}

impl Adjacency {
    fn push_person(&mut self) {
        self.rows.push(Row {
            start: self.arena.len() as u32,
            ..Row::default()
        });
    }

    /// All ties of person i.
    #[inline]
    pub fn of(&self, i: u32) -> &[Tie] {
        &self.arena[self.rows[i as usize].range()]
    }

    /// The ties person i owns (to higher indices): the strong ones and the weak ones.
    #[inline]
    pub fn owned(&self, i: u32) -> (&[Tie], &[Tie]) {
        let row = &self.rows[i as usize];
        let list = &self.arena[row.start as usize..(row.start + row.backward) as usize];
        list.split_at(row.weak as usize)
    }

    /// How many weak ties person i owns (the length of `owned(i).1`, without slicing the list).
    #[inline]
    pub fn owned_weak_count(&self, i: u32) -> u32 {
        let row = &self.rows[i as usize];
        row.backward - row.weak
    }

    pub fn tied(&self, a: u32, b: u32) -> bool {
        self.of(a).iter().any(|t| t.other() == b)
    }

    /// Adds an undirected tie, unless the two are the same person or already tied.
    fn tie(&mut self, a: u32, b: u32, kind: TieKind) -> bool {
        if a == b || self.tied(a, b) {
            return false;
        }
        self.insert(a, Tie::new(b, kind));
        self.insert(b, Tie::new(a, kind));
        true
    }

    /// Appends the tie, then swaps it forward into its part: one swap per part boundary it crosses.
    fn insert(&mut self, i: u32, t: Tie) {
        let k = i as usize;
        if self.rows[k].len == self.rows[k].cap {
            self.grow(k);
        }
        let row = &mut self.rows[k];
        row.len += 1;
        let list = &mut self.arena[row.range()];
        let last = list.len() - 1;
        list[last] = t;
        if t.other() < i {
            return;
        }
        list.swap(row.backward as usize, last);
        row.backward += 1;
        if t.kind().strong() {
            list.swap(row.weak as usize, row.backward as usize - 1);
            row.weak += 1;
        }
    }

    /// Makes room for one more tie in list k: in place when the list ends the arena, otherwise by moving
    /// it to the end with twice the room.
    fn grow(&mut self, k: usize) {
        let row = self.rows[k];
        let cap = (row.cap * 2).max(4);
        if (row.start + row.cap) as usize == self.arena.len() {
            self.arena.resize((row.start + cap) as usize, Tie(0));
            self.rows[k].cap = cap;
            return;
        }
        if self.abandoned + row.cap as usize > self.arena.len() / 2 {
            self.pack(k);
            return self.grow(k);
        }
        let start = self.arena.len();
        self.arena.extend_from_within(row.range());
        self.arena.resize(start + cap as usize, Tie(0));
        self.abandoned += row.cap as usize;
        self.rows[k] = Row {
            start: start as u32,
            cap,
            ..row
        };
    }

    /// Packs every list again in index order, each with a quarter more room than it needs, except list
    /// `last`, which goes to the end so that it can grow in place.
    fn pack(&mut self, last: usize) {
        let mut arena = Vec::with_capacity(self.arena.len() - self.abandoned);
        let order = (0..self.rows.len()).filter(|&k| k != last).chain([last]);
        for k in order {
            let row = &mut self.rows[k];
            let start = arena.len();
            arena.extend_from_slice(&self.arena[row.range()]);
            let cap = if k == last { row.len } else { row.len + row.len / 4 };
            arena.resize(start + cap as usize, Tie(0));
            row.start = start as u32;
            row.cap = cap;
        }
        self.arena = arena;
        self.abandoned = 0;
    }

    /// Removes the tie between a and b; its kind, if there was one.
    fn untie(&mut self, a: u32, b: u32) -> Option<TieKind> {
        self.remove(b, a);
        self.remove(a, b)
    }

    /// Removes the tie from i to `other` from i's list only: the gap is swapped back to the end one part
    /// boundary at a time, so every other tie stays in its part.
    fn remove(&mut self, i: u32, other: u32) -> Option<TieKind> {
        let row = &mut self.rows[i as usize];
        let list = &mut self.arena[row.range()];
        let mut n = list.iter().position(|t| t.other() == other)?;
        let kind = list[n].kind();
        if n < row.weak as usize {
            row.weak -= 1;
            list.swap(n, row.weak as usize);
            n = row.weak as usize;
        }
        if n < row.backward as usize {
            row.backward -= 1;
            list.swap(n, row.backward as usize);
            n = row.backward as usize;
        }
        list.swap(n, list.len() - 1);
        row.len -= 1;
        Some(kind)
    }

    /// Removes every tie of person i, at both ends, and gives up the room of i's list.
    fn clear(&mut self, i: u32) {
        let k = i as usize;
        for n in 0..self.rows[k].len {
            let other = self.arena[(self.rows[k].start + n) as usize].other();
            self.remove(other, i);
        }
        self.abandoned += self.rows[k].cap as usize;
        self.rows[k] = Row {
            start: self.rows[k].start,
            ..Row::default()
        };
    }
}

/// Two adjacencies are equal when every person's list is, in the same order and parts, wherever the
/// lists sit in their arenas.
impl PartialEq for Adjacency {
    fn eq(&self, other: &Adjacency) -> bool {
        self.rows.len() == other.rows.len()
            && (0..self.rows.len() as u32).all(|i| self.owned(i) == other.owned(i) && self.of(i) == other.of(i))
    }
}

impl Eq for Adjacency {}

/// Tie ends between residents, counted at resident adults (16+), as the metrics define them: a tie
/// between two residents counts once for each adult end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TieEnds {
    pub strong: u64,
    pub weak: u64,
    pub neighbour: u64,
}

impl TieEnds {
    /// Adds (or, with `add` false, takes away) `ends` ends of a tie of this kind.
    fn count(&mut self, kind: TieKind, ends: u64, add: bool) {
        let slot = match kind {
            TieKind::Acquaintance => &mut self.weak,
            _ => &mut self.strong,
        };
        let apply = |x: &mut u64| {
            if add {
                *x += ends
            } else {
                *x -= ends
            }
        };
        apply(slot);
        if kind == TieKind::Neighbour {
            apply(&mut self.neighbour);
        }
    }
}

pub const NOBODY: u32 = u32::MAX;
pub const MONTHS_16: u16 = 16 * 12;
pub const MONTHS_60: u16 = 60 * 12;
pub const MONTHS_50: u16 = 50 * 12;

/// Attitudes of a new person (MODEL.md §2, §5.9).
#[derive(Clone, Copy, Debug)]
pub struct Attitudes {
    pub identity: f64,
    pub motivation: f64,
    pub trust: f64,
    pub skill: f64,
    pub elite: bool,
}

/// Everything needed to add a person.
#[derive(Clone, Copy, Debug)]
pub struct NewPerson {
    pub age_months: u16,
    pub sex: Sex,
    pub status: Status,
    pub household: u32,
    pub need: Need,
    pub attitudes: Attitudes,
    pub mother: u32,
    pub father: u32,
}

#[cfg(test)]
impl NewPerson {
    /// A resident of household 0 with no need, no parents in the village and middling attitudes.
    pub fn plain(age_years: u16, sex: Sex) -> NewPerson {
        NewPerson {
            age_months: age_years * 12,
            sex,
            status: Status::Resident,
            household: 0,
            need: Need::None,
            attitudes: Attitudes {
                identity: 0.5,
                motivation: 0.5,
                trust: 0.5,
                skill: 1.0,
                elite: false,
            },
            mother: NOBODY,
            father: NOBODY,
        }
    }
}

/// Marital status (a person with no spouse who was married is widowed; divorce is not modelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marital {
    Never,
    Married,
    Widowed,
}

impl Marital {
    pub fn of(p: &People, i: usize) -> Marital {
        if p.spouse[i] != NOBODY {
            Marital::Married
        } else if p.ever_married[i] {
            Marital::Widowed
        } else {
            Marital::Never
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Marital::Never => "never_married",
            Marital::Married => "married",
            Marital::Widowed => "widowed",
        }
    }
}

/// A person's children: living (registered, or elsewhere), away (registered but away, or elsewhere), and
/// resident in the village, in the same household or not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Children {
    pub living: u32,
    pub away: u32,
    pub resident: u32,
    pub coresident: u32,
}

impl Children {
    pub fn of(p: &People, i: usize) -> Children {
        let elsewhere = p.children_elsewhere[i] as u32;
        let mut c = Children {
            living: elsewhere,
            away: elsewhere,
            ..Children::default()
        };
        for child in p.children(i as u32) {
            let k = child as usize;
            match p.status[k] {
                Status::Resident => {
                    c.living += 1;
                    c.resident += 1;
                    c.coresident += u32::from(p.household[k] == p.household[i]);
                }
                Status::Away => {
                    c.living += 1;
                    c.away += 1;
                }
                _ => {}
            }
        }
        c
    }
}

#[derive(Clone, Debug, Default)]
pub struct People {
    pub age_months: Vec<u16>,
    pub sex: Vec<Sex>,
    pub status: Vec<Status>,
    pub household: Vec<u32>,
    pub need: Vec<Need>,
    pub identity: Vec<f64>,
    pub motivation: Vec<f64>,
    pub trust: Vec<f64>,
    pub skill: Vec<f64>,
    pub elite: Vec<bool>,
    pub spouse: Vec<u32>,
    /// Married at some time (a person with no spouse who was married is widowed).
    pub ever_married: Vec<bool>,
    /// Living children who are not registered villagers (married out or settled away before month 0 or
    /// since): a count, with no agent, tie or care (MODEL.md §5.4).
    pub children_elsewhere: Vec<u8>,
    pub mother: Vec<u32>,
    pub father: Vec<u32>,
    pub ties: Adjacency,
    /// Strong and weak meetings this month (MODEL.md §7.6).
    pub met_strong: Vec<u16>,
    pub met_weak: Vec<u16>,
    /// Sum of the identities of those met this month (read before identities change: synchronous).
    pub met_identity: Vec<f64>,
    /// Eligible to give mutual aid this month (set in the willingness step).
    pub eligible: Vec<bool>,
    pub willing: Vec<bool>,
    /// Last month's willingness, read by the peer term (synchronous).
    pub willing_last: Vec<bool>,
    /// Time-bank balance in thousandths of an hour (fixed point, so the ledger balances exactly).
    pub credits: Vec<u64>,
    /// Care given to the own household last month, thousandths of an hour (the burden of §7.8).
    pub household_care_last: Vec<u32>,
    /// Month + 1 of the last month with mutual-aid hours given; 0 = never.
    pub last_gave: Vec<u32>,
    /// Mutual-aid hours given since the start of the year, thousandths (for role-model awards).
    pub year_mutual: Vec<u32>,
    pub home_member: Vec<bool>,
    /// What is left of each hazard clock's budget, clock by clock (`clock.rs`).
    pub clocks: [Vec<f64>; Clock::COUNT],
    /// Persons who stopped living in the village since the last willingness step (left, died, gone):
    /// that step clears their eligibility and willingness without a pass over everyone.
    pub moved_out: Vec<u32>,
    /// Running totals of the tie ends between residents, kept up to date by every change of a tie, a
    /// status or an age below (so the metrics need no walk over every tie each month).
    tie_ends: TieEnds,
}

impl People {
    pub fn len(&self) -> usize {
        self.status.len()
    }

    pub fn is_empty(&self) -> bool {
        self.status.is_empty()
    }

    pub fn push(&mut self, p: NewPerson, clocks: [f64; Clock::COUNT]) -> u32 {
        let id = self.len() as u32;
        self.age_months.push(p.age_months);
        self.sex.push(p.sex);
        self.status.push(p.status);
        self.household.push(p.household);
        self.need.push(p.need);
        self.identity.push(p.attitudes.identity);
        self.motivation.push(p.attitudes.motivation);
        self.trust.push(p.attitudes.trust);
        self.skill.push(p.attitudes.skill);
        self.elite.push(p.attitudes.elite);
        self.spouse.push(NOBODY);
        self.ever_married.push(false);
        self.children_elsewhere.push(0);
        self.mother.push(p.mother);
        self.father.push(p.father);
        self.ties.push_person();
        self.met_strong.push(0);
        self.met_weak.push(0);
        self.met_identity.push(0.0);
        self.eligible.push(false);
        self.willing.push(false);
        self.willing_last.push(false);
        self.credits.push(0);
        self.household_care_last.push(0);
        self.last_gave.push(0);
        self.year_mutual.push(0);
        self.home_member.push(false);
        for (column, budget) in self.clocks.iter_mut().zip(clocks) {
            column.push(budget);
        }
        id
    }

    /// Fills `list` with the persons for whom `keep` holds, in index order (`select_into` with one list).
    #[inline(always)]
    pub fn select(&self, list: &mut Vec<u32>, keep: impl Fn(usize) -> bool) {
        self.select_into([list], |k| [keep(k)]);
    }

    /// Fills each of the lists with the persons for whom its test holds, in index order, in one pass
    /// over everyone. The lists are written without a branch (every index is stored, and a list's length
    /// grows only when it is kept), so a pass over everyone pays for no mispredicted test of columns whose
    /// values look random from one person to the next. The indices go straight into the lists' spare
    /// room: neither zeroed first nor checked against the bounds one by one.
    #[inline(always)]
    pub fn select_into<const N: usize>(&self, lists: [&mut Vec<u32>; N], keep: impl Fn(usize) -> [bool; N]) {
        let n = self.len();
        let rooms = lists.map(|list| {
            list.clear();
            list.reserve(n);
            (list.spare_capacity_mut().as_mut_ptr(), list)
        });
        let mut lens = [0; N];
        for k in 0..n {
            let kept = keep(k);
            for ((room, _), (len, kept)) in rooms.iter().zip(lens.iter_mut().zip(kept)) {
                // SAFETY: `*len <= k < n`, and each list has room for n indices.
                unsafe { (*room.add(*len)).write(k as u32) };
                *len += usize::from(kept);
            }
        }
        for ((_, list), len) in rooms.into_iter().zip(lens) {
            // SAFETY: the first `len` places were written above (each kept index where the length stood).
            unsafe { list.set_len(len) };
        }
    }

    #[inline]
    pub fn age_years(&self, i: u32) -> u32 {
        self.age_months[i as usize] as u32 / 12
    }

    #[inline]
    pub fn resident(&self, i: u32) -> bool {
        self.status[i as usize] == Status::Resident
    }

    #[inline]
    pub fn resident_adult(&self, i: u32) -> bool {
        self.resident(i) && self.age_months[i as usize] >= MONTHS_16
    }

    fn adult(&self, i: u32) -> u64 {
        u64::from(self.age_months[i as usize] >= MONTHS_16)
    }

    /// Ends that a tie between a and b adds to the totals: one per adult end if both are resident.
    fn ends_of(&self, a: u32, b: u32) -> u64 {
        if self.resident(a) && self.resident(b) {
            self.adult(a) + self.adult(b)
        } else {
            0
        }
    }

    pub fn tie_ends(&self) -> TieEnds {
        self.tie_ends
    }

    /// The tie ends counted afresh from every tie; the running totals must always equal this.
    pub fn count_tie_ends(&self) -> TieEnds {
        let mut ends = TieEnds::default();
        for i in 0..self.len() as u32 {
            for t in self.ties.of(i).iter().filter(|t| t.other() > i) {
                ends.count(t.kind(), self.ends_of(i, t.other()), true);
            }
        }
        ends
    }

    /// Adds an undirected tie, unless the two are the same person or already tied.
    pub fn tie(&mut self, a: u32, b: u32, kind: TieKind) -> bool {
        let added = self.ties.tie(a, b, kind);
        if added {
            self.tie_ends.count(kind, self.ends_of(a, b), true);
        }
        added
    }

    pub fn untie(&mut self, a: u32, b: u32) {
        if let Some(kind) = self.ties.untie(a, b) {
            self.tie_ends.count(kind, self.ends_of(a, b), false);
        }
    }

    /// Removes every tie of person i.
    pub fn clear_ties(&mut self, i: u32) {
        self.count_ties_of(i, false);
        self.ties.clear(i);
    }

    /// Sets a person's status (resident, away, dead, gone), moving their ties in or out of the totals.
    pub fn set_status(&mut self, i: u32, status: Status) {
        if self.resident(i) && status != Status::Resident {
            self.moved_out.push(i);
        }
        self.recounting_ties_of(i, |p| p.status[i as usize] = status);
    }

    /// Ages person i, who is a month short of 16, by that month: if resident, they start counting as an
    /// adult tie end. (Every other person ages by a plain addition in the demography step.)
    pub fn turn_16(&mut self, i: u32) {
        debug_assert_eq!(self.age_months[i as usize], MONTHS_16 - 1);
        self.recounting_ties_of(i, |p| p.age_months[i as usize] += 1);
    }

    /// Makes a change to person i with their ties taken out of the totals before and put back after.
    fn recounting_ties_of(&mut self, i: u32, change: impl FnOnce(&mut People)) {
        self.count_ties_of(i, false);
        change(self);
        self.count_ties_of(i, true);
    }

    /// Adds or takes away the ends of all of person i's ties.
    fn count_ties_of(&mut self, i: u32, add: bool) {
        for n in 0..self.ties.of(i).len() {
            let t = self.ties.of(i)[n];
            let ends = self.ends_of(i, t.other());
            self.tie_ends.count(t.kind(), ends, add);
        }
    }

    /// The person's children among the registered (kin ties whose parent is this person).
    pub fn children(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        self.ties
            .of(i)
            .iter()
            .filter(move |t| {
                t.kind() == TieKind::Kin
                    && (self.mother[t.other() as usize] == i || self.father[t.other() as usize] == i)
            })
            .map(|t| t.other())
    }

    pub fn marry(&mut self, a: u32, b: u32) {
        self.spouse[a as usize] = b;
        self.spouse[b as usize] = a;
        self.ever_married[a as usize] = true;
        self.ever_married[b as usize] = true;
        self.untie(a, b);
        self.tie(a, b, TieKind::Kin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLOCKS: [f64; Clock::COUNT] = [1.0; Clock::COUNT];

    #[test]
    fn the_resident_mask_keeps_a_value_for_residents_only() {
        for status in [Status::Resident, Status::Away, Status::Dead, Status::Gone] {
            let kept = f64::from_bits(0.75f64.to_bits() & status.resident_mask());
            assert_eq!(kept, if status == Status::Resident { 0.75 } else { 0.0 }, "{status:?}");
        }
    }

    /// The selection holds exactly the persons kept, in index order, whatever the list held before.
    #[test]
    fn select_keeps_the_persons_asked_for_in_order() {
        let mut p = People::default();
        for age in 0..37 {
            p.push(NewPerson::plain(age, Sex::F), CLOCKS);
        }
        let mut list = vec![99; 100];
        for keep in [|k: usize| k % 3 == 1, |_| true, |_| false, |k| k == 36] {
            p.select(&mut list, keep);
            assert_eq!(list, (0..37).filter(|&k| keep(k as usize)).collect::<Vec<u32>>());
        }
        let (mut thirds, mut evens, mut none) = (vec![5; 3], Vec::new(), vec![1]);
        p.select_into([&mut thirds, &mut evens, &mut none], |k| {
            [k % 3 == 0, k % 2 == 0, false]
        });
        assert_eq!(thirds, (0..37).step_by(3).collect::<Vec<u32>>());
        assert_eq!(evens, (0..37).step_by(2).collect::<Vec<u32>>());
        assert!(none.is_empty());
    }

    #[test]
    fn ties_are_undirected_and_unique() {
        let mut p = People::default();
        let a = p.push(NewPerson::plain(30, Sex::F), CLOCKS);
        let b = p.push(NewPerson::plain(40, Sex::M), CLOCKS);
        assert!(p.tie(a, b, TieKind::Acquaintance));
        assert!(!p.tie(b, a, TieKind::Neighbour));
        assert!(!p.tie(a, a, TieKind::Kin));
        assert!(p.ties.tied(b, a));
        p.untie(b, a);
        assert!(!p.ties.tied(a, b) && p.ties.of(0).is_empty() && p.ties.of(1).is_empty());
    }

    #[test]
    fn marriage_turns_any_earlier_tie_into_kin() {
        let mut p = People::default();
        let a = p.push(NewPerson::plain(30, Sex::F), CLOCKS);
        let b = p.push(NewPerson::plain(32, Sex::M), CLOCKS);
        p.tie(a, b, TieKind::Neighbour);
        p.marry(a, b);
        assert_eq!(p.ties.of(0), [Tie::new(b, TieKind::Kin)]);
        assert_eq!(p.spouse[1], a);
    }

    /// Many random ties, removals and clears, through list moves and repacks: every list holds exactly
    /// the ties made and not removed, in its three parts.
    #[test]
    fn the_arena_keeps_every_list_whole_and_in_parts() {
        use rand::{RngExt, SeedableRng};
        let n = 60u32;
        let mut adj = Adjacency::default();
        let mut made = std::collections::BTreeMap::new();
        for _ in 0..n {
            adj.push_person();
        }
        let mut rng = crate::model::rng::Draws::seed_from_u64(7);
        let kinds = [TieKind::Kin, TieKind::Neighbour, TieKind::Acquaintance];
        let mut repacks = 0;
        for step in 0..20_000 {
            let abandoned = adj.abandoned;
            let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
            match rng.random_range(0..10) {
                0..=5 => {
                    let kind = kinds[rng.random_range(0..3)];
                    if adj.tie(a, b, kind) {
                        made.insert((a.min(b), a.max(b)), kind);
                    }
                }
                6..=8 => {
                    assert_eq!(adj.untie(a, b), made.remove(&(a.min(b), a.max(b))));
                }
                _ if step % 50 == 0 => {
                    adj.clear(a);
                    made.retain(|&(x, y), _| x != a && y != a);
                }
                _ => {}
            }
            repacks += usize::from(adj.abandoned < abandoned);
        }
        assert!(repacks > 0, "the test saw no repack");
        for i in 0..n {
            let (strong, weak) = adj.owned(i);
            assert!(strong.iter().all(|t| t.other() > i && t.kind().strong()));
            assert!(weak.iter().all(|t| t.other() > i && !t.kind().strong()));
            let backward = &adj.of(i)[strong.len() + weak.len()..];
            assert!(backward.iter().all(|t| t.other() < i));
            let mut listed: Vec<(u32, TieKind)> = adj.of(i).iter().map(|t| (t.other(), t.kind())).collect();
            listed.sort_by_key(|&(j, _)| j);
            let expected: Vec<(u32, TieKind)> = made
                .iter()
                .filter(|(&(x, y), _)| x == i || y == i)
                .map(|(&(x, y), &k)| (x + y - i, k))
                .collect();
            assert_eq!(listed, expected, "person {i}");
        }
    }

    #[test]
    fn children_are_found_through_kin_ties() {
        let mut p = People::default();
        let mum = p.push(NewPerson::plain(40, Sex::F), CLOCKS);
        let child = p.push(
            NewPerson {
                mother: mum,
                ..NewPerson::plain(10, Sex::M)
            },
            CLOCKS,
        );
        let sister = p.push(NewPerson::plain(38, Sex::F), CLOCKS);
        p.tie(mum, child, TieKind::Kin);
        p.tie(mum, sister, TieKind::Kin);
        assert_eq!(p.children(mum).collect::<Vec<_>>(), vec![child]);
    }
}
