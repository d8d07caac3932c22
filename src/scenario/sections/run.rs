//! The `run` section. The run: its length, replicates, root seed and calendar (run settings, not parts of the
//! model).

use crate::scenario::declare::section;
use crate::scenario::declare::Source::{Cited, Setting};

section! {
    /// The run: its length, replicates, root seed and calendar (run settings, not parts of the model).
    Run("run") {
        years: u32 = 20,
            "years", (1.0, 200.0), Setting,
            "length of the run",
            "模拟年数";
        replicates: u32 = 10,
            "runs", (1.0, 100_000.0), Setting,
            "replicates, each with its own seed",
            "重复运行次数";
        seed: u64 = 2024,
            "", (0.0, 9.0e15), Setting,
            "root seed; replicate r of every scenario uses the same village seeds",
            "随机种子";
        first_year: i64 = 2020,
            "calendar year", (1900.0, 2200.0), Cited("2020 census (NBS 2021)"),
            "calendar year of month 0",
            "起始年份";
    }
}
