//! The `villages` section. The villages simulated and their sizes (MODEL.md §5.1).

use crate::scenario::declare::section;
use crate::scenario::declare::Source::{Assumption, Derived, Setting};

section! {
    /// The villages simulated and their sizes (MODEL.md §5.1).
    Villages("villages") {
        count: u64 = 30,
            "villages", (1.0, 10_000_000.0), Setting,
            "villages simulated (rural China has 502,000); with a village table, its rows",
            "村庄数";
        file: Option<String> = None,
            "CSV file", (0.0, 0.0), Setting,
            "a table of the county's villages, one row each (relative to the scenario; docs/county.md)",
            "村庄表（CSV文件）";
    }
    sections { population: Population }
}

section! {
    /// The registered population of a village, drawn from a normal distribution cut at `min`.
    Population("villages.population") {
        mean: f64 = 1370.0,
            "registered villagers", (10.0, 100_000.0), Derived("1,015 residents a village (509.79 M / 502 k) + ≈ 355 away (P3: 26 % of registered)"),
            "mean registered population of a village",
            "村庄户籍人口均值";
        sd: f64 = 400.0,
            "registered villagers", (0.0, 100_000.0), Assumption(""),
            "standard deviation of village size",
            "村庄户籍人口标准差";
        min: f64 = 300.0,
            "registered villagers", (10.0, 100_000.0), Assumption(""),
            "smallest village (sizes below are drawn again)",
            "村庄户籍人口下限";
    }
}
