//! Attitudes (MODEL.md §7.7; paper §3.1, §4.1, §2.4, §3.2): identity moves toward the identity of those
//! met (last month's values, gathered in the interaction step), drifts up under a campaign and erodes;
//! trust in cadres falls after misconduct and relaxes toward its mean. Identity of persons away does not
//! change.

use rand::RngExt;

use super::rates::monthly_from_hazard;
use super::rng::{draws, Process, VILLAGE};
use super::village::Village;
use crate::scenario::levers::LeversInForce;
use crate::scenario::Params;

/// What moves attitudes this month, the same for every resident.
pub struct Drift {
    campaign: f64,
    erosion: f64,
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
        *identity = (a + pull + self.campaign * (1.0 - a) - self.erosion * a).clamp(0.0, 1.0);
        let mut t = *trust;
        if self.scandal {
            t -= p.cadres.scandal_drop;
        }
        t += self.relax * (p.cadres.trust_mean - t);
        *trust = t.clamp(0.0, 1.0);
    }
}
