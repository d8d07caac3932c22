//! huzhu: an agent-based simulator of rural mutual-aid elderly care (互助养老).
//!
//! The model (`model`) is specified in `docs/MODEL.md`; scenarios and the parameter registry live in
//! `scenario`; `engine` runs scenario × replicate × village in parallel and reduces the counters of
//! `metrics`; `output` writes the files of INTERFACE.md.

#[macro_use]
pub mod lang;
pub mod calibration;
#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod cli_text;
pub mod cluster;
pub mod costs;
pub mod engine;
pub mod error;
pub mod experiment;
pub mod limits;
pub mod metrics;
pub mod model;
pub mod observe;
pub mod output;
pub mod scenario;
pub mod stats;
