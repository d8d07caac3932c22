//! `outmigration` (青壮年外出务工, MODEL.md §7.1). Outmigration of the young, as a scenario lever: leaving rates
//! times `scale`, returns unchanged.

use super::CostBasis;
use crate::scenario::declare::Source::Assumption;

lever! {
    /// 青壮年外出务工
    Outmigration = "outmigration", "§2.1 outmigration of the young" {
        scale: f64 = 1.0,
            "factor", (0.0, 20.0), Assumption("a scenario lever"),
            "multiplies leaving rates (returns unchanged)",
            "外出率倍数";
    }
}

impl Outmigration {
    /// No running cost: a scenario lever, not a programme.
    pub fn running_cost(&self, _basis: &CostBasis) -> f64 {
        0.0
    }
}
