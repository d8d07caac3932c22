//! The `costs` section: how money is valued beyond the levers' own unit costs (docs/costs.md): the
//! villagers' time given as mutual aid, and the discount rate of costs and effects. Neither changes
//! anything the model does.

use crate::scenario::declare::section;
use crate::scenario::declare::Source::{Cited, Cost, Derived};

section! {
    /// How money is valued beyond the levers' own unit costs (docs/costs.md).
    Costs("costs") {
        villager_hour: f64 = 20.0,
            "yuan an hour", (0.0, 1e6),
            Cost { low: 15.0, high: 30.0, reprice: true, basis: &Derived("local migrant income 4,131 yuan a month / 174 h ≈ 23.7; farm labour 145–211 a day / 8 h (NBS 2023; docs/costs.md)") },
            "value of an hour a villager gives as mutual aid: the societal cost, never public spending",
            "村民互助时间的小时价值";
        discount_rate: f64 = 0.0,
            "share a year", (0.0, 0.2), Cited("0 = no discounting; 《中国药物经济学评价指南》(2020) recommends 5 % a year, 0–8 % in sensitivity analysis"),
            "rate at which costs and unmet hours averted in year y count 1 / (1 + rate)^y",
            "贴现率";
    }
}
