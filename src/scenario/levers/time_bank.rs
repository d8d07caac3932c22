//! `time_bank` (时间银行, MODEL.md §7.1). A time bank (时间银行): mutual-aid hours earn credits that the helper can
//! spend on care later. Credits are worth what residents trust them to be worth (trust × government backing,
//! in the reward term of willingness, MODEL.md §7.8); helpers with credits are asked first; when the bank
//! ends every credit lapses and identity and trust fall by `default_shock` × (1 − backing).

use super::{per_1000_a_year, CostBasis};
use crate::scenario::declare::Source::Assumption;
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
        cost_per_1000_year: f64 = 20000.0,
            "yuan per 1000 residents a year", (0.0, 1e9), Assumption("running a ledger and an office"),
            "public cost",
            "时间银行运行成本";
    }
}

impl TimeBank {
    /// Public cost this month: the yearly cost per 1000 residents, a twelfth of it.
    pub fn running_cost(&self, basis: &CostBasis) -> f64 {
        per_1000_a_year(self.cost_per_1000_year, basis)
    }
}
