//! The synthetic survey (`huzhu survey`): residents sampled as a household survey samples them (villages,
//! then households, then every resident of the survey's ages in them), with the variables such surveys
//! collect. The sample is drawn from a stream of its own, keyed by the run's seed and the survey's
//! seed, never from the model's streams.

use rand::SeedableRng;

use super::snapshot::{PersonRecord, Snapshot};
use crate::model::rng::Draws;

/// How the survey samples.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Design {
    pub year: i64,
    pub sample: usize,
    /// Villages drawn (all when there are no more).
    pub villages: usize,
    /// Residents of this age and over in a sampled household are interviewed.
    pub min_age: u32,
    pub seed: u64,
}

/// One respondent: their village, the survey weight (persons of the survey's ages the respondent stands
/// for), and their record.
#[derive(Clone, Debug)]
pub struct Respondent<'a> {
    pub village: u64,
    pub weight: f64,
    pub record: &'a PersonRecord,
}

fn shuffle<T>(items: &mut [T], rng: &mut Draws) {
    for k in (1..items.len()).rev() {
        items.swap(k, rng.index(k + 1));
    }
}

/// Draws the sample from the snapshots of the survey year (one per village): villages at random, the
/// sample split evenly over them, and in each, households at random until the village's share is
/// reached, everyone of the survey's ages in a household interviewed (the last household cut at the
/// share, so the sample has exactly the size asked for when the villages hold enough people).
pub fn sample<'a>(snapshots: &'a [Snapshot], design: &Design) -> Vec<Respondent<'a>> {
    let mut rng = Draws::seed_from_u64(design.seed ^ 0x5375_7276_6579);
    let mut order: Vec<usize> = (0..snapshots.len()).collect();
    shuffle(&mut order, &mut rng);
    order.truncate(design.villages.min(snapshots.len()));
    order.sort_unstable();
    let drawn = order.len().max(1);
    let mut out = Vec::new();
    for (k, &s) in order.iter().enumerate() {
        let snap = &snapshots[s];
        let quota = design.sample / drawn + usize::from(k < design.sample % drawn);
        let eligible: Vec<&PersonRecord> = snap
            .persons
            .iter()
            .filter(|r| r.status == "resident" && r.age >= design.min_age)
            .collect();
        let mut households: Vec<u32> = eligible.iter().map(|r| r.household).collect();
        households.sort_unstable();
        households.dedup();
        shuffle(&mut households, &mut rng);
        let mut chosen: Vec<&PersonRecord> = Vec::new();
        for h in households {
            if chosen.len() >= quota {
                break;
            }
            chosen.extend(eligible.iter().filter(|r| r.household == h).take(quota - chosen.len()));
        }
        let weight = if chosen.is_empty() {
            0.0
        } else {
            eligible.len() as f64 / chosen.len() as f64 * snapshots.len() as f64 / drawn as f64
        };
        out.extend(chosen.into_iter().map(|record| Respondent {
            village: snap.village,
            weight,
            record,
        }));
    }
    out
}
