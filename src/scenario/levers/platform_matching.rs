//! `platform_matching` (数据平台供需对接, MODEL.md §7.1). Data platforms of enterprises matching supply and demand:
//! the chance that a channel draw becomes help is `channel_match` while in force.

use super::{per_1000_a_year, CostBasis};
use crate::scenario::declare::Source::{Assumption, Cost};
use crate::scenario::declare::PROB;

lever! {
    /// 数据平台供需对接
    PlatformMatching = "platform_matching", "§4.3 enterprises' data platforms" {
        channel_match: f64 = 0.6,
            "probability", PROB, Assumption(""),
            "channel match probability while in force",
            "平台匹配成功概率";
        cost_per_1000_year: f64 = 10000.0,
            "yuan per 1000 residents a year", (0.0, 1e9),
            Cost { low: 2000.0, high: 30_000.0, reprice: true, basis: &Assumption("a telephone platform and an operator's time; no published figure") },
            "public cost",
            "数据平台成本";
    }
}

impl PlatformMatching {
    /// Public cost this month: the yearly cost per 1000 residents, a twelfth of it.
    pub fn running_cost(&self, basis: &CostBasis) -> f64 {
        per_1000_a_year(self.cost_per_1000_year, basis)
    }
}
