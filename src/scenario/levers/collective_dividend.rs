//! `collective_dividend` (村集体收益激励, MODEL.md §7.1). Incentives from collective income: providers are paid per
//! mutual-aid hour from the village collective, off the public budget (counted in `offbudget_spending`) and
//! in the reward term of willingness.

use super::CostBasis;
use crate::scenario::declare::Source::{Assumption, Cost};

lever! {
    /// 村集体收益激励
    CollectiveDividend = "collective_dividend", "§2.3 land collective ownership" {
        yuan_per_hour: f64 = 5.0,
            "yuan an hour", (0.0, 1e6),
            Cost { low: 0.0, high: 20.0, reprice: false, basis: &Assumption("paid from collective income; no published figure; at most the helper's cash subsidy range") },
            "paid to providers per mutual-aid hour from collective income, off the public budget",
            "村集体每小时互助激励";
    }
}

impl CollectiveDividend {
    /// No running cost to public budgets: the collective pays per hour, off budget.
    pub fn running_cost(&self, _basis: &CostBasis) -> f64 {
        0.0
    }
}
