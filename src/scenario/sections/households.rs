//! The `households` section. Who lives with whom (MODEL.md §5.4).

use crate::scenario::declare::Source::{Assumption, Derived};
use crate::scenario::declare::{section, PROB};

section! {
    /// Who lives with whom (MODEL.md §5.4).
    Households("households") {
        coresidence: f64 = 0.8,
            "probability", PROB, Derived("set so that 41.4 % of rural older people live alone or only with a spouse (CLASS 2014, Fang Ke 2018)"),
            "chance that an older couple or widow(er) lives with a married child",
            "老年人与已婚子女同住概率";
        patrilocal: f64 = 0.5,
            "probability", PROB, Assumption(""),
            "chance that a new couple joins the husband's parents' household instead of forming one next to it",
            "新婚夫妇随男方父母居住概率";
    }
}
