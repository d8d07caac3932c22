//! `market_alienation` (社会关系疏离（市场经济冲击）, MODEL.md §7.1). The market economy alienating relations, as a
//! scenario lever: the decay of acquaintance ties between residents times `scale`.

use super::CostBasis;
use crate::scenario::declare::Source::Assumption;

lever! {
    /// 社会关系疏离（市场经济冲击）
    MarketAlienation = "market_alienation", "§3.2 market economy alienating relations" {
        scale: f64 = 1.0,
            "factor", (0.0, 50.0), Assumption("a scenario lever"),
            "multiplies the decay of acquaintance ties between residents",
            "弱关系断裂率倍数";
    }
}

impl MarketAlienation {
    /// No running cost: a scenario lever, not a programme.
    pub fn running_cost(&self, _basis: &CostBasis) -> f64 {
        0.0
    }
}
