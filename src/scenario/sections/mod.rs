//! The sections of a scenario's parameters, one file each, named as in the scenario file. Each
//! parameter is declared once, in its section (`section!`), with its key, default, unit, range, source,
//! meaning and Chinese label.

mod behaviour;
mod cadres;
mod care;
mod costs;
mod demography;
mod health;
mod households;
mod migration;
mod network;
mod run;
mod villages;

pub use behaviour::{Behaviour, Betas};
pub use cadres::Cadres;
pub use care::Care;
pub use costs::Costs;
pub use demography::Demography;
pub use health::Health;
pub use households::Households;
pub use migration::Migration;
pub use network::Network;
pub use run::Run;
pub use villages::{Population, Villages};
