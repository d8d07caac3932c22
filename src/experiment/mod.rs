//! Experiments built on runs: comparisons of scenarios and the scenario library's effects.

pub mod compare;
pub mod library;
