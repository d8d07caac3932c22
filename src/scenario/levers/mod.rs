//! The policy levers of MODEL.md §7.1, one file each: its parameters, its cost rule and what it does.
//! Every lever has `on`, `start_year` and `end_year`; `LeversInForce` says, once a month, which levers
//! are in force, and the processes read that instead of asking each lever's period.
//!
//! Adding a lever: a file here with its `lever!` declaration and `running_cost`, its line in `levers!`
//! below, and the process code that reads it.

/// When a lever is in force: months `start_month` to `end_month - 1` (MODEL.md §7.1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Period {
    pub on: bool,
    pub start_month: u32,
    pub end_month: Option<u32>,
}

impl Period {
    pub fn in_force(&self, month: u32) -> bool {
        self.on && month >= self.start_month && self.end_month.is_none_or(|end| month < end)
    }
}

/// What a lever's running cost is counted on, each month.
#[derive(Clone, Copy, Debug)]
pub struct CostBasis {
    /// Residents at the start of the month, in thousands: the base of every "per 1000" quantity.
    pub per_1000: f64,
    /// Happiness-home places this month.
    pub home_places: u64,
}

/// A yearly cost per 1000 residents, for one month.
fn per_1000_a_year(yuan: f64, basis: &CostBasis) -> f64 {
    yuan * basis.per_1000 / 12.0
}

/// Declares a lever: a section under `levers.NAME` with `on`, `start_year` and `end_year` before the
/// lever's own parameters (the `section!` rows), and its period. Defined before `levers!` declares the
/// lever modules, so that each of them sees it.
macro_rules! lever {
    (
        $(#[$doc:meta])*
        $name:ident = $key:literal, $paper:literal { $($rows:tt)* }
    ) => {
        $crate::scenario::declare::section! {
            $(#[$doc])*
            $name(concat!("levers.", $key)) {
                on: bool = false,
                    "", (0.0, 1.0), $crate::scenario::declare::Source::Cited($paper),
                    "lever in force (a `[levers.NAME]` table turns it on)",
                    "是否实施";
                start_year: u32 = 0,
                    "years from 0", (0.0, 1000.0), $crate::scenario::declare::Source::Assumption(""),
                    "first year in force (month start_year × 12)",
                    "开始年份（第几年）";
                end_year: Option<u32> = None,
                    "years from 0", (0.0, 1000.0), $crate::scenario::declare::Source::Assumption(""),
                    "first year no longer in force; left out = to the end of the run",
                    "结束年份（第几年，不含）";
                $($rows)*
            }
        }

        impl $name {
            pub fn period(&self) -> $crate::scenario::levers::Period {
                $crate::scenario::levers::Period {
                    on: self.on,
                    start_month: self.start_year * 12,
                    end_month: self.end_year.map(|y| y * 12),
                }
            }
        }
    };
}

/// The list of levers, once: each lever's module (the file of the same name), the `levers` section, the
/// levers in force in a month, their periods and their running costs are generated from it.
macro_rules! levers {
    ($($field:ident: $ty:ident),* $(,)?) => {
        $(
            mod $field;
            pub use $field::$ty;
        )*

        crate::scenario::declare::section! {
            /// Every lever, each with its period and parameters (costs in yuan; "per 1000" is per 1000
            /// residents).
            Levers("levers") {}
            sections { $($field: $ty),* }
        }

        /// A lever, to account its spending (`Lever::Subsidy as usize` indexes `LEVER_NAMES`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Lever {
            $($ty,)*
        }

        /// Every lever, in the order of `LEVER_NAMES`.
        pub const ALL_LEVERS: &[Lever] = &[$(Lever::$ty),*];

        /// Each lever's name (its key under `levers.`), in the order of `Lever`.
        pub const LEVER_NAMES: &[&str] = &[$(stringify!($field)),*];

        /// The number of levers.
        pub const LEVERS: usize = LEVER_NAMES.len();

        /// The levers in force this month, each with its parameters; None when not in force.
        #[derive(Clone, Copy, Debug)]
        pub struct LeversInForce<'a> {
            $(pub $field: Option<&'a $ty>,)*
        }

        impl Levers {
            pub fn in_force(&self, month: u32) -> LeversInForce<'_> {
                LeversInForce {
                    $($field: self.$field.period().in_force(month).then_some(&self.$field),)*
                }
            }

            /// The running cost of `lever` on `basis`, whether or not it is in force (to price a run
            /// again from what its costs were counted on).
            pub fn running_cost_of(&self, lever: Lever, basis: &CostBasis) -> f64 {
                match lever {
                    $(Lever::$ty => self.$field.running_cost(basis),)*
                }
            }

            /// Each lever's name (its key under `levers.`) and period.
            pub fn periods(&self) -> Vec<(&'static str, Period)> {
                vec![$((stringify!($field), self.$field.period()),)*]
            }
        }

        impl LeversInForce<'_> {
            /// Hands `spend` the running cost of each lever in force this month, one amount a lever.
            pub fn running_costs(&self, basis: &CostBasis, mut spend: impl FnMut(Lever, f64)) {
                $(if let Some(l) = self.$field {
                    spend(Lever::$ty, l.running_cost(basis));
                })*
            }
        }
    };
}

levers! {
    time_bank: TimeBank,
    happiness_home: HappinessHome,
    subsidy: Subsidy,
    training: Training,
    cultural_campaign: CulturalCampaign,
    community_activities: CommunityActivities,
    cadre_mobilisation: CadreMobilisation,
    supervision: Supervision,
    volunteers: Volunteers,
    platform_matching: PlatformMatching,
    collective_dividend: CollectiveDividend,
    outmigration: Outmigration,
    market_alienation: MarketAlienation,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lever_from_year_2_to_5_is_in_force_in_months_24_to_59() {
        let p = Period {
            on: true,
            start_month: 24,
            end_month: Some(60),
        };
        assert!(!p.in_force(23) && p.in_force(24) && p.in_force(59) && !p.in_force(60));
        let off = Period { on: false, ..p };
        assert!(!off.in_force(30));
    }

    #[test]
    fn only_the_levers_in_force_are_listed_in_force() {
        let mut levers = Levers::default();
        levers.subsidy.on = true;
        levers.subsidy.start_year = 1;
        levers.subsidy.end_year = Some(2);
        assert!(levers.in_force(11).subsidy.is_none());
        assert!(levers.in_force(12).subsidy.is_some());
        assert!(levers.in_force(24).subsidy.is_none());
        assert!(levers.in_force(12).time_bank.is_none());
    }

    #[test]
    fn running_costs_count_only_the_levers_in_force() {
        let mut levers = Levers::default();
        let basis = CostBasis {
            per_1000: 2.0,
            home_places: 10,
        };
        let total = |levers: &Levers| {
            let mut sum = 0.0;
            levers.in_force(0).running_costs(&basis, |_, c| sum += c);
            sum
        };
        assert_eq!(total(&levers), 0.0);
        levers.time_bank.on = true;
        levers.happiness_home.on = true;
        let total = total(&levers);
        let expected = 5000.0 * 2.0 / 12.0 + 2000.0 * 10.0 / 12.0;
        assert!((total - expected).abs() < 1e-9, "{total} vs {expected}");
    }
}
