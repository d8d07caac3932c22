//! `subsidy` (政府财政补贴, MODEL.md §7.1). Government subsidies: a monthly budget per 1000 residents,
//! `provider_share` of it paid to mutual-aid providers per hour (`cash_per_hour`, in the reward term of
//! willingness), the rest buying formal care at `price_per_hour`. Unspent budget does not carry over.

use super::CostBasis;
use crate::scenario::declare::Source::{Assumption, Cited, Cost};
use crate::scenario::declare::PROB;

lever! {
    /// 政府财政补贴
    Subsidy = "subsidy", "§4.3 government subsidies" {
        budget_per_1000_month: f64 = 2000.0,
            "yuan per 1000 residents a month", (0.0, 1e9), Assumption(""),
            "budget; unspent budget does not carry over",
            "补贴预算";
        provider_share: f64 = 0.5,
            "share", PROB, Assumption(""),
            "share of the budget that pays mutual-aid providers; the rest buys formal care",
            "补贴中支付互助者的比例";
        cash_per_hour: f64 = 10.0,
            "yuan an hour", (0.0, 1e6),
            Cost { low: 0.0, high: 20.0, reprice: false, basis: &Assumption("below the price of bought care and the local wage; no published figure (docs/costs.md)") },
            "paid to providers per mutual-aid hour (enters the reward term)",
            "互助服务每小时补贴";
        price_per_hour: f64 = 25.0,
            "yuan an hour", (0.01, 1e6),
            Cost { low: 15.0, high: 40.0, reprice: false, basis: &Cited("Kenli 2016 ≤ 16.7, Laoshan 20, Nanning 40 yuan an hour; long-term care caps (docs/costs.md)") },
            "price of an hour of formal care",
            "政府购买服务每小时价格";
    }
}

impl Subsidy {
    /// No running cost: the budget is spent as hours are paid and bought (`paid_to_providers`,
    /// `cost_of_bought`).
    pub fn running_cost(&self, _basis: &CostBasis) -> f64 {
        0.0
    }

    /// The part of this month's budget that may pay mutual-aid providers.
    pub fn provider_budget(&self, basis: &CostBasis) -> f64 {
        self.budget_per_1000_month * basis.per_1000 * self.provider_share
    }

    /// The part of this month's budget that buys formal care.
    pub fn formal_budget(&self, basis: &CostBasis) -> f64 {
        self.budget_per_1000_month * basis.per_1000 * (1.0 - self.provider_share)
    }

    /// Public cost of formal care bought.
    pub fn cost_of_bought(&self, hours: f64) -> f64 {
        hours * self.price_per_hour
    }
}
