//! `cadre_mobilisation` (村干部走访动员, MODEL.md §7.1). Cadre mobilisation: cadres visit residents 16+ at random,
//! raising trust; a visited resident who is willing is a channel of mutual aid. Paid per visit.

use super::CostBasis;
use crate::scenario::declare::Source::{Assumption, Cost};

lever! {
    /// 村干部走访动员
    CadreMobilisation = "cadre_mobilisation", "§2.4, §4.2 grassroots party organisations lead" {
        visits_per_1000_month: f64 = 10.0,
            "visits per 1000 residents a month", (0.0, 1000.0), Assumption(""),
            "cadre visits to residents 16+",
            "村干部走访次数";
        cost_per_visit: f64 = 30.0,
            "yuan a visit", (0.0, 1e9),
            Cost { low: 10.0, high: 60.0, reprice: true, basis: &Assumption("a cadre's stipend of 1,650–4,000 yuan a month is 10–25 yuan an hour; a visit with its travel takes one to two hours") },
            "public cost",
            "每次走访成本";
    }
}

impl CadreMobilisation {
    /// No running cost: visits are paid one by one (`cost_of_visit`).
    pub fn running_cost(&self, _basis: &CostBasis) -> f64 {
        0.0
    }

    pub fn cost_of_visit(&self) -> f64 {
        self.cost_per_visit
    }
}
