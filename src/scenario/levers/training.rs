//! `training` (互助照护技能培训, MODEL.md §7.1). Training of carers: each year from the lever's start,
//! `share_per_year` of the willing residents not yet trained reach `trained_skill`, at a cost per person
//! trained.

use super::CostBasis;
use crate::scenario::declare::Source::{Assumption, Cited, Cost};
use crate::scenario::declare::PROB;

lever! {
    /// 互助照护技能培训
    Training = "training", "§3.3, §4.3 training of carers" {
        share_per_year: f64 = 0.2,
            "share a year", PROB, Assumption(""),
            "share of willing residents trained each year",
            "每年培训有意愿者比例";
        trained_skill: f64 = 1.5,
            "care productivity", (0.0, 10.0), Assumption(""),
            "skill after training",
            "培训后照护能力";
        cost_per_person: f64 = 2000.0,
            "yuan a person", (0.0, 1e9),
            Cost { low: 500.0, high: 3000.0, reprice: true, basis: &Cited("Shandong 2014–17: 2,000 a trainee; Fujian 2015: 500–2,000 with a certificate (docs/costs.md)") },
            "public cost",
            "每人培训成本";
    }
}

impl Training {
    /// No running cost: training is paid per person trained (`cost_of_trained`).
    pub fn running_cost(&self, _basis: &CostBasis) -> f64 {
        0.0
    }

    pub fn cost_of_trained(&self) -> f64 {
        self.cost_per_person
    }
}
