//! Experiments built on runs: comparisons of scenarios, the scenario library's effects, parameter sweeps
//! and global sensitivity analysis.

pub mod abc;
pub mod allocate;
pub mod compare;
pub mod design;
pub mod fit;
pub mod library;
pub mod plan;
pub mod psa;
pub mod sensitivity;
pub mod shards;
pub mod sweep;
