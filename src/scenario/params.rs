//! Typed parameters: every section of a scenario, each a struct whose fields are named as the keys of the
//! scenario file (`p.migration.return_to_care` is `migration.return_to_care`). The model reads these
//! fields; scenario files, `--set` and `--vary` reach them through the registry by key.

use super::declare::section;
use super::levers::Levers;
use super::sections::{
    Behaviour, Cadres, Care, Costs, Demography, Health, Households, Migration, Network, Run, Villages,
};

section! {
    /// Every parameter of a scenario, by section, in the order `huzhu params` lists them.
    Params("") {}
    sections {
        run: Run,
        villages: Villages,
        demography: Demography,
        households: Households,
        migration: Migration,
        health: Health,
        care: Care,
        network: Network,
        behaviour: Behaviour,
        cadres: Cadres,
        levers: Levers,
        costs: Costs,
    }
}

impl Params {
    pub fn months(&self) -> u32 {
        self.run.years * 12
    }
}
