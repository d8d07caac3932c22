//! Attitudes (MODEL.md §7.7; paper §3.1, §4.1, §2.4, §3.2): identity moves toward the identity of those
//! met (last month's values, gathered in the interaction step), drifts up under a campaign and erodes;
//! trust in cadres falls after misconduct and relaxes toward its mean. Identity of persons away does not
//! change.

use rand::RngExt;

use super::person::Status;
use super::rates::monthly_from_hazard;
use super::rng::{draws, Process, VILLAGE};
use super::village::Village;
use crate::scenario::Params;

pub fn step(v: &mut Village, p: &Params) {
    let l = &p.levers;
    let campaign = if l.cultural_campaign.period.in_force(v.month) {
        monthly_from_hazard(l.cultural_campaign.strength)
    } else {
        0.0
    };
    let erosion = monthly_from_hazard(p.erosion);
    let supervision = if l.supervision.period.in_force(v.month) {
        l.supervision.strength
    } else {
        0.0
    };
    let scandal =
        draws(v.key, Process::Attitudes, VILLAGE, v.month).random::<f64>() < p.misconduct_month * (1.0 - supervision);
    let relax = monthly_from_hazard(p.trust_recovery);
    let people = &mut v.people;
    for i in 0..people.len() {
        if people.status[i] != Status::Resident {
            continue;
        }
        let a = people.identity[i];
        let met = people.met_strong[i] as u32 + people.met_weak[i] as u32;
        let pull = if met > 0 {
            p.influence_month * (people.met_identity[i] / met as f64 - a)
        } else {
            0.0
        };
        people.identity[i] = (a + pull + campaign * (1.0 - a) - erosion * a).clamp(0.0, 1.0);
        let mut t = people.trust[i];
        if scandal {
            t -= p.scandal_drop;
        }
        t += relax * (p.trust_mean - t);
        people.trust[i] = t.clamp(0.0, 1.0);
    }
}
