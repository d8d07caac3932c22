//! Attitudes (MODEL.md §7.7; paper §3.1, §4.1, §2.4, §3.2): identity moves toward the identity of those
//! met (last month's values, gathered in the interaction step), drifts up under a campaign and erodes
//! toward the cultural baseline; a person turning 16 takes an identity from the household and kin they
//! grew up with; trust in cadres falls after misconduct and relaxes toward its mean. Identity of persons
//! away does not change.

use rand::RngExt;

use super::person::{TieKind, MONTHS_16};
use super::rates::monthly_from_hazard;
use super::rng::{beta, draws, Process, VILLAGE};
use super::village::Village;
use crate::scenario::levers::LeversInForce;
use crate::scenario::Params;

/// What moves attitudes this month, the same for every resident.
pub struct Drift {
    campaign: f64,
    erosion: f64,
    baseline: f64,
    scandal: bool,
    relax: f64,
}

impl Drift {
    pub fn new(v: &Village, p: &Params, levers: &LeversInForce) -> Drift {
        let supervision = levers.supervision.map_or(0.0, |s| s.strength);
        Drift {
            campaign: levers
                .cultural_campaign
                .map_or(0.0, |c| monthly_from_hazard(c.strength)),
            erosion: monthly_from_hazard(p.behaviour.erosion),
            baseline: p.behaviour.identity_baseline,
            scandal: draws(v.key, Process::Attitudes, VILLAGE, v.month).random::<f64>()
                < p.cadres.misconduct_month * (1.0 - supervision),
            relax: monthly_from_hazard(p.cadres.trust_recovery),
        }
    }

    /// Moves one resident's identity and trust, given how many persons they met this month and the sum
    /// of those persons' identities. It reads only the resident's own attitudes and meetings, so the
    /// willingness step calls it for each resident just before their decision, in the same pass.
    #[inline]
    pub fn apply(&self, p: &Params, identity: &mut f64, trust: &mut f64, met: u32, met_identity: f64) {
        let a = *identity;
        // Divided for everyone (by 1 for those who met nobody) so that there is no branch to mispredict.
        let mean_met = met_identity / met.max(1) as f64;
        let pull = if met > 0 {
            p.behaviour.influence_month * (mean_met - a)
        } else {
            0.0
        };
        *identity = (a + pull + self.campaign * (1.0 - a) - self.erosion * (a - self.baseline)).clamp(0.0, 1.0);
        let mut t = *trust;
        if self.scandal {
            t -= p.cadres.scandal_drop;
        }
        t += self.relax * (p.cadres.trust_mean - t);
        *trust = t.clamp(0.0, 1.0);
    }
}

/// Cultural transmission (MODEL.md §7.7): a person turning 16 takes an identity drawn around the mean
/// identity of the adults of their household and their adult kin (each counted once), or around the
/// cultural baseline when there are none.
pub fn transmit(v: &mut Village, p: &Params, i: u32) {
    let people = &v.people;
    let household = &v.households.members[people.household[i as usize] as usize];
    let kin = people
        .ties
        .of(i)
        .iter()
        .filter(|t| t.kind() == TieKind::Kin)
        .map(|t| t.other());
    let mut elders: Vec<u32> = household
        .iter()
        .copied()
        .chain(kin)
        .filter(|&j| j != i && people.status[j as usize].registered() && people.age_months[j as usize] >= MONTHS_16)
        .collect();
    elders.sort_unstable();
    elders.dedup();
    let mean = if elders.is_empty() {
        p.behaviour.identity_baseline
    } else {
        elders.iter().map(|&j| people.identity[j as usize]).sum::<f64>() / elders.len() as f64
    };
    let mut rng = draws(v.key, Process::Transmission, i, v.month);
    v.people.identity[i as usize] = beta(mean, p.behaviour.attitude_concentration, &mut rng);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::init::initialize;
    use crate::scenario::Scenario;

    /// New adults take their identity from those they grew up with: in villages where every identity is
    /// set to x, the identities transmitted average x, whatever `identity_mean` is.
    #[test]
    fn a_person_turning_16_takes_the_identity_of_household_and_kin() {
        let p = Scenario::builtin_baseline().params;
        for x in [0.2, 0.8] {
            let (mut sum, mut n) = (0.0, 0);
            for seed in 0..12 {
                let mut v = initialize(&p, seed);
                v.people.identity.iter_mut().for_each(|a| *a = x);
                let young: Vec<u32> = (0..v.people.len() as u32)
                    .filter(|&i| v.people.age_years(i) == 15)
                    .collect();
                for i in young {
                    transmit(&mut v, &p, i);
                    sum += v.people.identity[i as usize];
                    n += 1;
                }
            }
            let mean = sum / n as f64;
            assert!(n > 100 && (mean - x).abs() < 0.03, "x = {x}: mean {mean:.3} over {n}");
        }
    }
}
