//! The `households` section. Who lives with whom (MODEL.md §5.4).

use crate::scenario::declare::Source::{Assumption, Derived};
use crate::scenario::declare::{section, PROB};

section! {
    /// Who lives with whom (MODEL.md §5.4).
    Households("households") {
        coresidence: f64 = 0.45,
            "probability", PROB, Derived("set with coresidence_widowed so that 41.4 % of rural older people live alone or only with a spouse (CLASS 2014, Fang Ke 2018) and 40 % live with a child (CHARLS 2011, docs/kin_availability.md)"),
            "chance that an older couple lives with a married child",
            "老年夫妇与已婚子女同住概率";
        coresidence_widowed: f64 = 0.85,
            "probability", PROB, Derived("set so that 9 % of rural people 65+ live alone (CFPS, Gu et al. 2021; docs/kin_availability.md)"),
            "chance that an older person without a spouse lives with a married child",
            "无配偶老人与已婚子女同住概率";
        patrilocal: f64 = 0.5,
            "probability", PROB, Assumption(""),
            "chance that a new couple joins the husband's parents' household instead of forming one next to it",
            "新婚夫妇随男方父母居住概率";
    }
}
