//! The model: a village's state and its monthly step. The step reads like MODEL.md §3, one function per
//! process, in order.

pub mod attitudes;
pub mod care;
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
use crate::scenario::Params;
pub use rates::Rates;
pub use village::Village;

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
    pub fn step(&self, v: &mut Village, out: &mut Counters) {
        let (p, r) = (self.params, &self.rates);
        v.flows = Default::default();
        v.ledger = Default::default();
        policy::step(v, p);
        demography::step(v, p, r);
        migration::step(v, p, r);
        health::step(v, p, r);
        // Nobody moves in or out after this in the month: the later processes loop over these residents.
        v.collect_residents();
        ties::step(v, p);
        interaction::step(v, p, r);
        // Attitudes (§7.7) move inside the willingness pass, each resident's just before their decision.
        willingness::step(v, p, r, &attitudes::Drift::new(v, p));
        care::step(v, p, r);
        record::record(v, out);
        v.month += 1;
    }

    /// Initializes a village and runs it for the whole horizon, calling `observe` after every month.
    pub fn run_village(&self, key: u64, mut observe: impl FnMut(&Village, &Counters)) {
        let mut v = init::initialize(self.params, key);
        for _ in 0..self.params.months() {
            let mut month = [0u64; crate::metrics::c::COUNT];
            self.step(&mut v, &mut month);
            observe(&v, &month);
        }
    }
}
