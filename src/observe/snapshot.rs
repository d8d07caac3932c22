//! Snapshots of the agents and their ties (`--snapshot`): at the end of a calendar year, every registered
//! person of a chosen village with their state, and every tie between them, as CSV rows and as a GraphML
//! graph (built with petgraph, written with petgraph-graphml) that networkx, igraph and Gephi open.

use petgraph::graph::{NodeIndex, UnGraph};

use super::person::{living, sex_name, CareByPerson, Children, Marital};
use crate::model::person::{Status, TieKind};
use crate::model::Village;

/// One person as a snapshot or a survey records them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonRecord {
    pub id: u32,
    pub household: u32,
    pub age: u32,
    pub sex: &'static str,
    pub status: &'static str,
    pub need: &'static str,
    pub marital: &'static str,
    /// Living arrangement of residents ("n/a" for those away).
    pub living: &'static str,
    pub children: Children,
    pub identity: f64,
    pub trust: f64,
    pub willing: bool,
    pub eligible: bool,
    pub credits_hours: f64,
    /// Hours given in all and as mutual aid, and received by source group, last month.
    pub given_hours: f64,
    pub mutual_given_hours: f64,
    pub received_hours: [f64; 4],
    /// Mutual aid given in one of the last 12 months.
    pub gave_last_12_months: bool,
    /// Meetings last month with strong ties (kin, neighbours) and weak ties (acquaintances).
    pub met_strong: u16,
    pub met_weak: u16,
}

pub const NEED_NAMES: [&str; 4] = ["none", "light", "moderate", "severe"];

/// The record of registered person i of village `v` (after a month's step), with that month's care.
pub fn record(v: &Village, care: &CareByPerson, i: usize) -> PersonRecord {
    let p = &v.people;
    let resident = p.status[i] == Status::Resident;
    let children = Children::of(p, i);
    let living = if resident {
        living(p, &v.residents_in_household, i, &children).name()
    } else {
        "n/a"
    };
    let hours = |mh: u32| mh as f64 / 1000.0;
    let gave = p.last_gave[i];
    PersonRecord {
        id: i as u32,
        household: p.household[i],
        age: p.age_years(i as u32),
        sex: sex_name(p.sex[i]),
        status: if resident { "resident" } else { "away" },
        need: NEED_NAMES[p.need[i] as usize],
        marital: Marital::of(p, i).name(),
        living,
        children,
        identity: p.identity[i],
        trust: p.trust[i],
        willing: p.willing[i],
        eligible: p.eligible[i],
        credits_hours: p.credits[i] as f64 / 1000.0,
        given_hours: hours(care.given[i]),
        mutual_given_hours: hours(care.mutual_given[i]),
        received_hours: care.received[i].map(hours),
        gave_last_12_months: gave > 0 && v.month.wrapping_sub(gave) < 12,
        met_strong: p.met_strong[i],
        met_weak: p.met_weak[i],
    }
}

/// Which snapshots to take: calendar years, replicates and villages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnapshotSpec {
    pub years: Vec<i64>,
    pub replicates: Vec<u32>,
    pub villages: Vec<u64>,
}

impl SnapshotSpec {
    pub fn takes(&self, replicate: u32, village: u64) -> bool {
        !self.years.is_empty() && self.replicates.contains(&replicate) && self.villages.contains(&village)
    }
}

/// A snapshot of one village at the end of one year.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub replicate: u32,
    pub village: u64,
    pub year: i64,
    pub persons: Vec<PersonRecord>,
    /// Ties between registered persons, each once (lower index first), with their kind.
    pub ties: Vec<(u32, u32, TieKind)>,
}

impl Snapshot {
    pub fn take(v: &Village, replicate: u32, village: u64, year: i64) -> Snapshot {
        let care = CareByPerson::of(v);
        let p = &v.people;
        let registered: Vec<usize> = (0..p.len()).filter(|&i| p.status[i].registered()).collect();
        let persons = registered.iter().map(|&i| record(v, &care, i)).collect();
        let mut ties = Vec::new();
        for &i in &registered {
            for t in p.ties.of(i as u32) {
                let j = t.other();
                if j as usize > i && p.status[j as usize].registered() {
                    ties.push((i as u32, j, t.kind()));
                }
            }
        }
        ties.sort_unstable_by_key(|&(a, b, _)| (a, b));
        Snapshot {
            replicate,
            village,
            year,
            persons,
            ties,
        }
    }

    /// The snapshot as a petgraph graph: a node per person (their record), an edge per tie (its kind).
    pub fn graph(&self) -> UnGraph<&PersonRecord, TieKind> {
        let mut graph = UnGraph::with_capacity(self.persons.len(), self.ties.len());
        let mut node = std::collections::HashMap::with_capacity(self.persons.len());
        for r in &self.persons {
            node.insert(r.id, graph.add_node(r));
        }
        let at = |id: u32| -> NodeIndex { node[&id] };
        for &(a, b, kind) in &self.ties {
            graph.add_edge(at(a), at(b), kind);
        }
        graph
    }
}

/// Bytes a snapshot writes per registered person (CSV rows and GraphML, measured on the baseline: about
/// 1.9 KB), rounded up, for the size check before a run.
pub const BYTES_PER_PERSON: u64 = 2500;
