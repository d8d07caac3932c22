//! `time_bank` (时间银行, MODEL.md §7.1). A time bank (时间银行): mutual-aid hours earn credits that the helper can
//! spend on care later. Credits are worth what residents trust them to be worth (trust × government backing,
//! in the reward term of willingness, MODEL.md §7.8); helpers with credits are asked first; when the bank
//! ends every credit lapses and identity and trust fall by `default_shock` × (1 − backing).

use super::{per_1000_a_year, CostBasis};
use crate::scenario::declare::Source::{Assumption, Cost, Derived};
use crate::scenario::declare::PROB;

lever! {
    /// 时间银行
    TimeBank = "time_bank", "§4.2 fair benefit distribution" {
        government_backing: f64 = 0.5,
            "0..1", PROB, Assumption(""),
            "how far the township stands behind the credits; perceived credit value = trust × backing",
            "乡镇政府担保程度";
        default_shock: f64 = 0.5,
            "identity and trust", PROB, Assumption(""),
            "fall in identity and trust when the bank ends, × (1 − backing)",
            "时间银行停办后认同感与信任度下降";
        cost_per_1000_year: f64 = 5000.0,
            "yuan per 1000 residents a year", (0.0, 1e9),
            Cost { low: 1000.0, high: 20_000.0, reprice: true, basis: &Assumption("a part-time village coordinator, from village cadres' stipends (docs/costs.md)") },
            "public running cost",
            "时间银行运行成本";
        setup_per_1000: f64 = 2000.0,
            "yuan per 1000 residents, once", (0.0, 1e9),
            Cost { low: 0.0, high: 10_000.0, reprice: true, basis: &Assumption("ledger, cards and a coordinator's training when the bank opens; no published figure") },
            "public set-up cost, in the month the bank first opens",
            "时间银行开办成本";
        reserve_per_1000: f64 = 1400.0,
            "yuan per 1000 residents, once", (0.0, 1e9),
            Cost { low: 0.0, high: 5000.0, reprice: true, basis: &Derived("Nanjing 2019: a 1,000万 reserve guaranteeing that credits can be redeemed, ≈ 1,400 per 1,000 residents (docs/costs.md)") },
            "reserve set aside when the bank first opens, guaranteeing its credits; counted as spent",
            "时间银行兑付保障金";
    }
}

impl TimeBank {
    /// Public cost in the month the bank first opens in a village: its set-up and the reserve that
    /// guarantees its credits.
    pub fn opening_cost(&self, per_1000: f64) -> f64 {
        (self.setup_per_1000 + self.reserve_per_1000) * per_1000
    }

    /// Public cost this month: the yearly cost per 1000 residents, a twelfth of it.
    pub fn running_cost(&self, basis: &CostBasis) -> f64 {
        per_1000_a_year(self.cost_per_1000_year, basis)
    }
}
