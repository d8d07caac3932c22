//! `supervision` (监督管理, MODEL.md §7.1). Supervision and regulation: cuts cadre misconduct and raises the
//! share of happiness-home staff hours that reach people.

use super::{per_1000_a_year, CostBasis};
use crate::scenario::declare::Source::{Assumption, Cost};
use crate::scenario::declare::PROB;

lever! {
    /// 监督管理
    Supervision = "supervision", "§3.4, §4.4 supervision and regulation" {
        strength: f64 = 0.5,
            "0..1", PROB, Assumption(""),
            "cuts misconduct and raises happiness-home functioning",
            "监督管理力度";
        cost_per_1000_year: f64 = 3000.0,
            "yuan per 1000 residents a year", (0.0, 1e9),
            Cost { low: 1000.0, high: 10_000.0, reprice: true, basis: &Assumption("inspection visits by township staff; no published figure") },
            "public cost",
            "监督管理成本";
    }
}

impl Supervision {
    /// Public cost this month: the yearly cost per 1000 residents, a twelfth of it.
    pub fn running_cost(&self, basis: &CostBasis) -> f64 {
        per_1000_a_year(self.cost_per_1000_year, basis)
    }
}
