//! The model: a village's state and its monthly step. The step reads like MODEL.md §3, one function per
//! process, in order.

pub mod attitudes;
pub mod care;
pub mod census;
pub mod clock;
pub mod demography;
pub mod health;
pub mod init;
pub mod interaction;
pub mod migration;
pub mod person;
pub mod policy;
pub mod rates;
pub mod record;
pub mod rng;
pub mod ties;
pub mod village;
pub mod willingness;

use crate::metrics::Counters;
use crate::scenario::levers::LeversInForce;
use crate::scenario::Params;
pub use rates::Rates;
pub use village::Village;

/// The processes' working space, kept by the run of one village from month to month so that its lists
/// are allocated once; it holds no state of the village.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub care: care::CareMonth,
}

/// Everything a village needs that does not change during a run.
pub struct Model<'a> {
    pub params: &'a Params,
    pub rates: Rates,
}

impl<'a> Model<'a> {
    pub fn new(params: &'a Params) -> Model<'a> {
        Model {
            params,
            rates: Rates::new(params),
        }
    }

    /// One month, in the order of MODEL.md §3.
    pub fn step(&self, v: &mut Village, work: &mut Workspace, out: &mut Counters) {
        Model::start_month(v);
        let levers = policy::levers_in_force(self.params, v.month);
        for (_, step) in STEPS {
            step(self, v, &levers, work, out);
        }
        v.month += 1;
    }

    /// Clears the month's flows, before the first step.
    pub fn start_month(v: &mut Village) {
        v.flows = Default::default();
        v.ledger = Default::default();
    }

    /// Initializes a village and runs it for the whole horizon, calling `observe` after every month.
    pub fn run_village(&self, key: u64, mut observe: impl FnMut(&Village, &Counters)) {
        let mut v = init::initialize(self.params, key);
        let mut work = Workspace::default();
        for _ in 0..self.params.months() {
            let mut month = Counters::default();
            self.step(&mut v, &mut work, &mut month);
            observe(&v, &month);
        }
    }
}

/// One step of the month: what it does to the village, given the model and the levers in force this
/// month, with the processes' working space and the month's counters.
pub type Step = fn(&Model, &mut Village, &LeversInForce, &mut Workspace, &mut Counters);

/// The steps of a month, in the order of MODEL.md §3, with their names (the benchmarks time each one).
pub const STEPS: [(&str, Step); 9] = [
    ("policy", |m, v, l, _, _| policy::step(v, m.params, l)),
    ("demography", |m, v, l, _, _| demography::step(v, m.params, &m.rates, l)),
    ("migration", |m, v, l, _, _| migration::step(v, &m.rates, l)),
    ("health", |m, v, l, _, _| health::step(v, m.params, &m.rates, l)),
    // Nobody moves in or out after this in the month: the later steps loop over these residents.
    ("ties", |m, v, l, _, _| {
        v.collect_residents();
        ties::step(v, m.params, l)
    }),
    ("interaction", |m, v, l, _, _| interaction::step(v, &m.rates, l)),
    // Attitudes (§7.7) move inside the willingness pass, each resident's just before their decision.
    ("attitudes and willingness", |m, v, l, _, _| {
        willingness::step(v, m.params, &m.rates, l, &attitudes::Drift::new(v, m.params, l))
    }),
    ("care", |m, v, l, work, _| {
        care::step(v, m.params, &m.rates, l, &mut work.care)
    }),
    ("record", |_, v, _, _, out| record::record(v, out)),
];
