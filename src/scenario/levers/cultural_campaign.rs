//! `cultural_campaign` (敬老孝老文化宣传与表彰, MODEL.md §7.1). A cultural campaign: identity drifts up at `strength` a
//! year, and at the start of each year the residents who gave most mutual aid are awarded as role models,
//! raising the identity of their resident ties.

use super::{per_1000_a_year, CostBasis};
use crate::scenario::declare::Source::{Assumption, Cost};
use crate::scenario::declare::{PROB, RATE};

lever! {
    /// 敬老孝老文化宣传与表彰
    CulturalCampaign = "cultural_campaign", "§4.1 rebuilding the socio-cultural support system" {
        strength: f64 = 0.1,
            "per year", RATE, Assumption(""),
            "upward drift of identity",
            "宣传对认同感的提升速率";
        awards_per_year: u32 = 5,
            "persons a year", (0.0, 10_000.0), Assumption(""),
            "role models awarded at the start of each year",
            "每年表彰人数";
        award_boost: f64 = 0.05,
            "identity", PROB, Assumption(""),
            "rise in identity of an awardee's ties",
            "表彰对其关系人认同感的提升";
        cost_per_1000_year: f64 = 3000.0,
            "yuan per 1000 residents a year", (0.0, 1e9),
            Cost { low: 1000.0, high: 10_000.0, reprice: true, basis: &Assumption("awards and a yearly ceremony; no published figure") },
            "public cost",
            "文化宣传成本";
    }
}

impl CulturalCampaign {
    /// Public cost this month: the yearly cost per 1000 residents, a twelfth of it.
    pub fn running_cost(&self, basis: &CostBasis) -> f64 {
        per_1000_a_year(self.cost_per_1000_year, basis)
    }
}
