//! `happiness_home` (幸福院, MODEL.md §7.1). Village happiness homes (幸福院): places for residents 60+ who live
//! alone or only with a spouse, staff hours served to anyone in the village (Severe need first) as far as the
//! home functions, and new acquaintances among members. Places are kept for residents in the policy step;
//! their cost is per place.

use super::CostBasis;
use crate::scenario::declare::Source::{Assumption, Cited, Cost, Derived};
use crate::scenario::declare::PROB;

lever! {
    /// 幸福院
    HappinessHome = "happiness_home", "§3.3, §4.4 village happiness homes (幸福院)" {
        places_per_1000: f64 = 10.0,
            "places per 1000 residents", (0.0, 1000.0), Assumption("40,357 mutual-aid facilities in 2014 for ≈ 600,000 villages"),
            "places",
            "幸福院床位数";
        staff_hours_per_place: f64 = 10.0,
            "hours a month per place", (0.0, 744.0), Assumption(""),
            "staff hours, served to anyone in the village, Severe first",
            "每床位工作人员照料时数";
        functioning: f64 = 0.6,
            "0..1", PROB, Assumption("§3.3 many homes stand idle"),
            "share of staff hours that reach people",
            "幸福院实际运转比例";
        tie_rate: f64 = 2.0,
            "ties a member forms a year", (0.0, 100.0), Assumption(""),
            "new acquaintances among members",
            "入住者新结识熟人数";
        cost_per_place_year: f64 = 2000.0,
            "yuan a place a year", (0.0, 1e9),
            Cost { low: 1000.0, high: 5000.0, reprice: true, basis: &Derived("Wenxian, Henan: the county pays 2万 a year to run a home of 10 residents (docs/costs.md)") },
            "public running cost",
            "幸福院每床位运行成本";
        places_per_home: f64 = 20.0,
            "places a home", (1.0, 10_000.0), Cited("Qingdao 2014: 7,800 beds in 390 homes (docs/costs.md)"),
            "a village builds as many homes as its places need",
            "每所幸福院床位数";
        construction_per_home: f64 = 200_000.0,
            "yuan a home, once", (0.0, 1e9),
            Cost { low: 30_000.0, high: 800_000.0, reprice: true, basis: &Cited("Xiamen 2021: 20万 a new home; 3万 fitting out (2013 lottery funds) to 80万 a new build (Hebei 2018) (docs/costs.md)") },
            "public one-off cost of each home, in the month it opens",
            "每所幸福院建设成本（一次性）";
    }
}

impl HappinessHome {
    /// The homes that `places` need.
    pub fn homes_for(&self, places: u64) -> u64 {
        (places as f64 / self.places_per_home).ceil() as u64
    }

    /// Public cost this month: the yearly cost of each place, a twelfth of it.
    pub fn running_cost(&self, basis: &CostBasis) -> f64 {
        self.cost_per_place_year * basis.home_places as f64 / 12.0
    }
}
