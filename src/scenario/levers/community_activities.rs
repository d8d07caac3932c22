//! `community_activities` (社区活动, MODEL.md §7.1). Community activities: more new acquaintances
//! (`tie_multiplier`) and weak ties that meet more often (`meet_multiplier`).

use super::{per_1000_a_year, CostBasis};
use crate::scenario::declare::Source::{Assumption, Cost};

lever! {
    /// 社区活动
    CommunityActivities = "community_activities", "§4.2 rebuilding harmonious relations" {
        tie_multiplier: f64 = 1.5,
            "factor", (0.0, 50.0), Assumption(""),
            "multiplies the rate of new acquaintances",
            "新弱关系形成倍数";
        meet_multiplier: f64 = 1.5,
            "factor", (0.0, 50.0), Assumption(""),
            "multiplies the chance that weak ties meet",
            "弱关系见面概率倍数";
        cost_per_1000_year: f64 = 8000.0,
            "yuan per 1000 residents a year", (0.0, 1e9),
            Cost { low: 2000.0, high: 20_000.0, reprice: true, basis: &Assumption("a room, tea and materials for activities each month; no published figure") },
            "public cost",
            "社区活动成本";
    }
}

impl CommunityActivities {
    /// Public cost this month: the yearly cost per 1000 residents, a twelfth of it.
    pub fn running_cost(&self, basis: &CostBasis) -> f64 {
        per_1000_a_year(self.cost_per_1000_year, basis)
    }
}
