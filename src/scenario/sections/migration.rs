//! The `migration` section. Leaving for the cities, returning and settling away (MODEL.md §5.5, §7.3).

use crate::scenario::declare::Source::{Assumption, Derived};
use crate::scenario::declare::{section, PROB, RATE};

section! {
    /// Leaving for the cities, returning and settling away (MODEL.md §5.5, §7.3).
    Migration("migration") {
        initial_away: Vec<f64> = vec![0.25, 0.461, 0.49, 0.466, 0.457, 0.42, 0.344, 0.271, 0.221, 0.147],
            "share, bands 16–19, 20–24, …, 55–59, 60–64", PROB, Derived("355 out-migrants per 1,015 residents (26 % of registered, NBS 2023) spread by age with mean ≈ 38"),
            "share of each band marked away at initialization",
            "初始外出比例";
        leave: Vec<f64> = vec![0.18, 0.111, 0.105, 0.073, 0.097, 0.047, 0.045, 0.037, 0.051],
            "per year, bands 16–19, 20–24, …, 55–59", RATE, Derived("cohort calculation that keeps the initial away shares stationary with the return rates below"),
            "rate at which residents leave",
            "外出率";
        r#return: Vec<f64> = vec![0.05, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.12, 0.15, 0.20, 0.40, 0.60],
            "per year, bands 0–15, 16–19, 20–24, …, 55–59, 60–64, 65+", RATE, Assumption("rising after 50; most return by 65"),
            "rate at which the away return",
            "返乡率";
        settle_away: f64 = 0.01,
            "per year", RATE, Assumption(""),
            "rate at which the away settle in the city for good, leaving the registered population",
            "外出者在城市定居率";
        return_to_care: f64 = 0.3,
            "probability", PROB, Assumption(""),
            "chance that an away child returns when a parent's need becomes Moderate or Severe and no child is resident",
            "父母失能时子女返乡照料概率";
    }
}
