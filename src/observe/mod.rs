//! Outputs that look inside the villages: results by subgroup (`--by`), the network as a network
//! (`--network`), snapshots of the agents and their ties (`--snapshot`), and the synthetic survey. They
//! observe a village after its month's step and draw nothing from the model's streams, so a run with them
//! gives the same `timeseries.csv` as one without; a run that asks for none of them does no more work
//! than before (one test of `Observe::is_empty` per village).

pub mod groups;
pub mod network;
pub mod person;
pub mod snapshot;
pub mod survey;
pub mod villages;

use groups::{Dim, GroupYears, Grouping};
use network::NetworkYear;
use person::CareByPerson;
use snapshot::{Snapshot, SnapshotSpec};
use villages::{village_metrics, VillageYears};

use crate::error::{Error, Result};
use crate::limits;
use crate::metrics::Counters;
use crate::model::{Model, Village};
use crate::scenario::Scenario;

/// What to observe.
#[derive(Clone, Debug, Default)]
pub struct Observe {
    pub by: Vec<Dim>,
    pub network: bool,
    pub snapshot: SnapshotSpec,
    /// Results by village (`villages.csv`).
    pub by_village: bool,
}

impl Observe {
    pub fn is_empty(&self) -> bool {
        self.by.is_empty() && !self.network && self.snapshot.years.is_empty() && !self.by_village
    }

    /// Refuses, before anything runs, snapshots of years, replicates or villages that no scenario has,
    /// and observations that would hold or write more than the limits allow.
    pub fn check(&self, scenarios: &[Scenario]) -> Result<()> {
        let groups = Grouping { dims: self.by.clone() }.count() as u64;
        let (mut memory, mut output) = (0u64, 0u64);
        for s in scenarios {
            let p = s.params();
            let (first, last) = (p.run.first_year, p.run.first_year + p.run.years as i64 - 1);
            let snap = &self.snapshot;
            if let Some(y) = snap.years.iter().find(|&&y| y < first || y > last) {
                return Err(Error::input(
                    "--snapshot",
                    None,
                    text!(
                        "{y} is outside the run of `{name}`; allowed: calendar years {first} to {last}",
                        "{y} 不在 `{name}` 的运行期内；允许：{first} 至 {last} 年",
                        name = s.name
                    ),
                ));
            }
            if let Some(r) = snap.replicates.iter().find(|&&r| r >= p.run.replicates) {
                return Err(Error::input(
                    "--snapshot-replicates",
                    None,
                    text!(
                        "`{name}` has no replicate {r}; allowed: 0 to {last}",
                        "`{name}` 没有第 {r} 次重复运行；允许：0 至 {last}",
                        name = s.name,
                        last = p.run.replicates - 1
                    ),
                ));
            }
            if let Some(v) = snap.villages.iter().find(|&&v| v >= p.villages.count) {
                return Err(Error::input(
                    "--snapshot-villages",
                    None,
                    text!(
                        "`{name}` has no village {v}; allowed: 0 to {last}, or all",
                        "`{name}` 没有第 {v} 号村庄；允许：0 至 {last}，或 all",
                        name = s.name,
                        last = p.villages.count - 1
                    ),
                ));
            }
            let (replicates, years) = (u64::from(p.run.replicates), u64::from(p.run.years));
            if !self.by.is_empty() {
                memory =
                    memory.saturating_add(replicates * years * groups * std::mem::size_of::<groups::Tally>() as u64);
                output = output.saturating_add(replicates * years * groups * 200);
            }
            let taken = (snap.years.len() * snap.replicates.len() * snap.villages.len()) as u64;
            let persons = (p.villages.population.mean.max(0.0) as u64).saturating_mul(taken);
            output = output.saturating_add(persons.saturating_mul(snapshot::BYTES_PER_PERSON));
            memory = memory.saturating_add(persons.saturating_mul(snapshot::BYTES_PER_PERSON));
        }
        limits::check_observation(memory, output)
    }
}

/// What was observed in one replicate (or one village, before villages are added).
#[derive(Clone, Debug, Default)]
pub struct Observed {
    pub groups: GroupYears,
    /// One per year of the run, at the year's end.
    pub network: Vec<NetworkYear>,
    /// In (village, year) order.
    pub snapshots: Vec<Snapshot>,
    /// By village, in the order villages finished.
    pub villages: Vec<VillageYears>,
}

impl Observed {
    /// The results by village in village order.
    pub fn villages_in_order(&self) -> Vec<&VillageYears> {
        let mut villages: Vec<&VillageYears> = self.villages.iter().collect();
        villages.sort_by_key(|v| v.village);
        villages
    }

    /// Adds another village's observations; snapshots are put in (village, year) order, so the result
    /// does not depend on the order villages finish.
    pub fn add(&mut self, other: Observed) {
        self.groups.add(&other.groups);
        if self.network.is_empty() {
            self.network = other.network;
        } else {
            for (a, b) in self.network.iter_mut().zip(&other.network) {
                a.add(b);
            }
        }
        self.snapshots.extend(other.snapshots);
        self.snapshots.sort_by_key(|s| (s.village, s.year));
        // (put in village order when written: sorting here at every addition would cost n² log n)
        self.villages.extend(other.villages);
    }
}

/// The observation of one village's run, month by month.
pub struct VillageObserver<'a> {
    observe: &'a Observe,
    grouping: Grouping,
    replicate: u32,
    village: u64,
    care: CareByPerson,
    metrics: Vec<Option<&'static crate::metrics::Metric>>,
    pub observed: Observed,
}

impl<'a> VillageObserver<'a> {
    pub fn new(observe: &'a Observe, replicate: u32, village: u64) -> VillageObserver<'a> {
        VillageObserver {
            observe,
            grouping: Grouping {
                dims: observe.by.clone(),
            },
            replicate,
            village,
            care: CareByPerson::default(),
            metrics: if observe.by_village {
                village_metrics()
            } else {
                Vec::new()
            },
            observed: Observed::default(),
        }
    }

    /// Observes village `v` after the step of its month `v.month − 1`, whose counters are `counters`.
    pub fn month(&mut self, model: &Model, v: &Village, counters: &Counters) {
        if self.observe.by_village {
            if self.observed.villages.is_empty() {
                self.observed.villages.push(VillageYears::new(self.village));
            }
            self.observed.villages[0].observe(&self.metrics, v, counters);
        }
        if !self.observe.by.is_empty() {
            self.grouping
                .observe_month(model, v, &mut self.care, &mut self.observed.groups);
        }
        if !v.month.is_multiple_of(12) {
            return;
        }
        if self.observe.network {
            self.observed.network.push(NetworkYear::of(v));
        }
        let year = model.params.run.first_year + (v.month as i64 - 1) / 12;
        if self.observe.snapshot.takes(self.replicate, self.village) && self.observe.snapshot.years.contains(&year) {
            self.observed
                .snapshots
                .push(Snapshot::take(v, self.replicate, self.village, year));
        }
    }
}
