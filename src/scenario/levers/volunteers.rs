//! `volunteers` (社会组织志愿服务, MODEL.md §7.1). Volunteers of social organisations: outside hours per 1000
//! residents, `coordination` of them reaching people.

use super::CostBasis;
use crate::scenario::declare::Source::Assumption;
use crate::scenario::declare::PROB;

lever! {
    /// 社会组织志愿服务
    Volunteers = "volunteers", "§4.3 social organisations and volunteers" {
        hours_per_1000_month: f64 = 100.0,
            "hours per 1000 residents a month", (0.0, 1e6), Assumption(""),
            "outside volunteer hours",
            "外来志愿服务时数";
        coordination: f64 = 0.5,
            "0..1", PROB, Assumption("§3.3 instrumental participation"),
            "share of volunteer hours that reach people",
            "志愿服务实际到达比例";
    }
}

impl Volunteers {
    /// No running cost: the hours are given by outside organisations.
    pub fn running_cost(&self, _basis: &CostBasis) -> f64 {
        0.0
    }
}
