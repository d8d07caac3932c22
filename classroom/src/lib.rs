//! The classroom page's simulator: huzhu's model, stepped a month at a time, behind a plain C interface
//! (no bindings generator): the page writes text into the module's memory, calls a function, and reads
//! the text it left (`hz_out_ptr`, `hz_out_len`). Compiled to WebAssembly it runs in a Web Worker of
//! `docs/classroom.html`; compiled natively its tests check it against the command line's engine.
//!
//! A run here is the command line's run: the same villages from the same keys, stepped by the same
//! `Model::step`, their counters added up the same way, and written by the same `timeseries_csv`.

use std::cell::RefCell;
use std::sync::Arc;

use huzhu::engine::{Models, Replicate, Run, ScenarioRun};
use huzhu::error::Error;
use huzhu::experiment::compare;
use huzhu::lang::{Lang, Text};
use huzhu::metrics::{add, metric, Counters};
use huzhu::model::{init, rng, Village, Workspace};
use huzhu::observe::person::source_group;
use huzhu::observe::snapshot::{Snapshot, NEED_NAMES};
use huzhu::observe::villages::{column, village_metrics, VillageYears, VILLAGE_METRICS};
use huzhu::observe::Observed;
use huzhu::scenario::village_table::VillageTable;
use huzhu::scenario::{Params, Scenario};
use huzhu::stats::summarize;
use huzhu::text;
use serde_json::{json, Value};

/// The page's charts: each month, these metrics' mean and 95 % interval over replicates.
pub const CHARTED: [&str; 14] = [
    "participation_rate",
    "willingness_rate",
    "unmet_rate",
    "family_hours",
    "mutual_hours",
    "formal_hours",
    "volunteer_hours",
    "unmet_hours",
    "residents",
    "away",
    "elderly",
    "in_need",
    "public_spending",
    "mean_trust",
];

/// The largest run the page takes: registered villagers × villages × replicates, far above a county of
/// 200 villages with 5 replicates, so that a typing slip cannot exhaust the tab's memory.
const MAX_PERSON_VILLAGES: f64 = 2.0e7;

/// Parameters that the models of a run borrow for as long as the run lives: leaked when the run is
/// made, freed when it is dropped (after its models, the field before it).
struct Owned(*mut [Params]);

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `Box::leak` in `Sim::new`, and the models that borrowed it are
        // dropped already (fields drop in declaration order).
        unsafe { drop(Box::from_raw(self.0)) };
    }
}

/// One run in the page: every village of every replicate, a month at a time.
pub struct Sim {
    scenario: Scenario,
    /// The scenario's model, and one per village of its table; they borrow `_params`, held only to be
    /// freed after them.
    models: Models<'static>,
    _params: Owned,
    /// [replicate][village]
    villages: Vec<Vec<(Village, Workspace)>>,
    /// [replicate][month]: the county's counters.
    months: Vec<Vec<Counters>>,
    /// [replicate][village], with a village table.
    by_village: Option<Vec<Vec<VillageYears>>>,
    done: usize,
}

impl Sim {
    /// A run of the scenario `toml` (one file that extends at most the built-in baseline, as `huzhu
    /// check --resolved` prints it), with the text of its village table where it names one.
    pub fn new(toml: &str, table: Option<&str>) -> Result<Sim, Text> {
        let both = |e: Error| Text::by(|l| e.text(l));
        let mut scenario = Scenario::from_text(toml, "scenario.toml").map_err(both)?;
        if let Some(file) = scenario.params().villages.file.clone() {
            let text = table.ok_or_else(|| {
                text!(
                    "scenario.toml, key villages.file: names `{file}`; allowed: the scenario with that village table (CSV) given beside it",
                    "scenario.toml，键 villages.file：指向 `{file}`；允许：同时给出该村庄表（CSV）的情景"
                )
            })?;
            let parsed = VillageTable::parse(text, &file).map_err(both)?;
            scenario.set_table(Arc::new(parsed)).map_err(both)?;
        }
        scenario.validate().map_err(both)?;
        let p = scenario.params();
        let size = p.villages.population.mean.max(1.0) * p.villages.count as f64 * f64::from(p.run.replicates);
        if size > MAX_PERSON_VILLAGES {
            return Err(text!(
                "the run holds about {size:.0} villagers × replicates; allowed: at most {MAX_PERSON_VILLAGES:.0} in the page (fewer villages or replicates, or the command line)",
                "本次运行约有 {size:.0} 村民×重复运行次数；允许：页面中至多 {MAX_PERSON_VILLAGES:.0}（减少村庄或重复运行次数，或使用命令行）"
            ));
        }
        let all: Vec<Params> = std::iter::once(p.clone())
            .chain(scenario.village_params().unwrap_or_default())
            .collect();
        let params: &'static mut [Params] = Box::leak(all.into_boxed_slice());
        let pointer: *mut [Params] = params;
        let models = Models::new(&params[0], &params[1..]);
        let (seed, count, replicates) = (p.run.seed, p.villages.count, p.run.replicates);
        let villages = (0..replicates)
            .map(|r| {
                (0..count)
                    .map(|v| {
                        let key = rng::village_key(seed, r, v);
                        (init::initialize(models.of(v).params, key), Workspace::default())
                    })
                    .collect()
            })
            .collect();
        let months = vec![vec![Counters::default(); p.months() as usize]; replicates as usize];
        let by_village = scenario.table.is_some().then(|| {
            (0..replicates)
                .map(|_| (0..count).map(VillageYears::new).collect())
                .collect()
        });
        Ok(Sim {
            scenario,
            models,
            _params: Owned(pointer),
            villages,
            months,
            by_village,
            done: 0,
        })
    }

    pub fn horizon(&self) -> usize {
        self.scenario.params().months() as usize
    }

    /// Steps every village of every replicate by up to `months` months; the months done so far.
    pub fn step(&mut self, months: usize) -> usize {
        let metrics = village_metrics();
        for _ in 0..months.min(self.horizon() - self.done) {
            let m = self.done;
            for (r, villages) in self.villages.iter_mut().enumerate() {
                for (v, (village, work)) in villages.iter_mut().enumerate() {
                    let mut month = Counters::default();
                    self.models.of(v as u64).step(village, work, &mut month);
                    add(&mut self.months[r][m..m + 1], &[month]);
                    if let Some(by) = &mut self.by_village {
                        by[r][v].observe(&metrics, village, &month);
                    }
                }
            }
            self.done += 1;
        }
        self.done
    }

    /// The run so far as the engine gives it: the months done of every replicate.
    pub fn scenario_run(&self) -> ScenarioRun {
        let p = self.scenario.params();
        let replicates = (0..p.run.replicates)
            .map(|r| Replicate {
                months: self.months[r as usize][..self.done].to_vec(),
                observed: Observed {
                    villages: self
                        .by_village
                        .as_ref()
                        .map_or_else(Vec::new, |b| b[r as usize].clone()),
                    ..Observed::default()
                },
                ..Replicate::empty(p, r)
            })
            .collect();
        ScenarioRun {
            scenario: self.scenario.clone(),
            params: p.clone(),
            replicates,
        }
    }

    /// `timeseries.csv` of the months done, as `huzhu run` writes it.
    pub fn timeseries_csv(&self) -> Result<String, String> {
        let run = Run {
            scenarios: vec![self.scenario_run()],
            threads: 1,
            agent_months: 0,
            seconds: 0.0,
        };
        huzhu::output::timeseries_csv(&run).map_err(|e| e.to_string())
    }

    /// The last month done: month, year and each charted metric's [mean, low, high] over replicates.
    pub fn latest(&self) -> Value {
        let Some(m) = self.done.checked_sub(1) else {
            return json!({ "month": -1, "months": self.horizon() });
        };
        let p = self.scenario.params();
        let mut values = serde_json::Map::new();
        for name in CHARTED {
            let Some(metric) = metric(name) else { continue };
            let xs: Vec<f64> = self.months.iter().map(|r| metric.value(&r[m])).collect();
            let s = metric.summarize(&xs);
            let (lo, hi) = s.ci.unwrap_or((s.mean, s.mean));
            values.insert(name.into(), json!([finite(s.mean), finite(lo), finite(hi)]));
        }
        json!({
            "month": m,
            "months": self.horizon(),
            "year": p.run.first_year as f64 + m as f64 / 12.0,
            "values": values,
        })
    }

    /// Village `v` of replicate 0 now: its registered people, their ties, and this month's care gifts.
    pub fn village_view(&self, v: usize) -> Value {
        let Some((village, _)) = self.villages.first().and_then(|vs| vs.get(v)) else {
            return json!({ "people": [], "ties": [], "gifts": [] });
        };
        let year = self.scenario.params().run.first_year + (village.month as i64 - 1) / 12;
        let snap = Snapshot::take(village, 0, v as u64, year);
        let need = |n: &str| NEED_NAMES.iter().position(|x| *x == n);
        let people: Vec<Value> = snap
            .persons
            .iter()
            .map(|p| {
                json!([
                    p.id,
                    p.household,
                    p.age,
                    p.status == "resident",
                    need(p.need),
                    p.willing,
                    p.gave_last_12_months,
                    (p.identity * 1000.0).round() / 1000.0
                ])
            })
            .collect();
        let ties: Vec<Value> = snap.ties.iter().map(|(a, b, k)| json!([a, b, *k as u8])).collect();
        let gifts: Vec<Value> = (village.care.gifts.iter())
            .map(|g| json!([g.from, g.to, source_group(g.source)]))
            .collect();
        json!({ "month": village.month, "people": people, "ties": ties, "gifts": gifts })
    }

    /// With a village table: per village its name and each column of `villages.csv` in the last year
    /// done, mean and 95 % interval over replicates, and against `reference` (the same villages without
    /// the programme) the paired difference of the unmet share.
    pub fn villages(&self, reference: Option<&Sim>) -> Value {
        let Some(by) = &self.by_village else {
            return json!([]);
        };
        let year = self.done.saturating_sub(1) / 12;
        let at = |b: &Vec<Vec<VillageYears>>, r: usize, v: usize, k: usize| b[r][v].mean(year, k);
        let unmet = column("unmet_rate");
        let count = by.first().map_or(0, Vec::len);
        let rows: Vec<Value> = (0..count)
            .map(|v| {
                let mut columns = serde_json::Map::new();
                for (k, name) in VILLAGE_METRICS.iter().enumerate() {
                    let s = summarize(&(0..by.len()).map(|r| at(by, r, v, k)).collect::<Vec<_>>());
                    columns.insert((*name).into(), summary(&s));
                }
                let effect = reference.and_then(|b| b.by_village.as_ref()).map(|base| {
                    let d: Vec<f64> = (0..by.len())
                        .map(|r| at(by, r, v, unmet) - at(base, r, v, unmet))
                        .collect();
                    summary(&summarize(&d))
                });
                let name = self
                    .scenario
                    .table
                    .as_ref()
                    .map_or(v.to_string(), |t| t.rows[v].name.clone());
                json!({ "name": name, "values": columns, "effect": effect })
            })
            .collect();
        json!(rows)
    }
}

/// A summary as [mean, low, high] (the mean twice where there is no interval).
fn summary(s: &huzhu::stats::Summary) -> Value {
    let (lo, hi) = s.ci.unwrap_or((s.mean, s.mean));
    json!([finite(s.mean), finite(lo), finite(hi)])
}

/// A number for JSON, which has no NaN: null instead.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// `b` against `a` on the main metrics in the last year done, as `huzhu compare` computes it: the
/// final-year means, the paired difference and its 95 % interval.
pub fn effects(a: &Sim, b: &Sim) -> Value {
    let (ra, rb) = (a.scenario_run(), b.scenario_run());
    if ra.replicates.first().is_none_or(|r| r.months.is_empty()) {
        return json!([]);
    }
    let main = [
        "participation_rate",
        "willingness_rate",
        "unmet_rate",
        "unmet_adl_rate",
        "isolated_rate",
        "public_spending",
    ];
    let rows: Vec<Value> = compare::effects(&rb, &ra)
        .iter()
        .filter(|e| main.contains(&e.metric.name))
        .map(|e| {
            json!({
                "metric": e.metric.name,
                "a": finite(e.reference_mean),
                "b": finite(e.mean),
                "diff": summary(&e.diff),
                "significant": e.significant(),
            })
        })
        .collect();
    json!(rows)
}

// The C interface: handles to runs, and one text buffer for what a call gives back.

thread_local! {
    static SIMS: RefCell<Vec<Option<Sim>>> = const { RefCell::new(Vec::new()) };
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn say(text: String) {
    OUT.with(|o| *o.borrow_mut() = text.into_bytes());
}

fn with_sim<T>(h: u32, f: impl FnOnce(&mut Sim) -> T) -> Option<T> {
    SIMS.with(|s| s.borrow_mut().get_mut(h.wrapping_sub(1) as usize)?.as_mut().map(f))
}

/// Room for `len` bytes of text the page writes in, freed by `hz_free`.
#[no_mangle]
pub extern "C" fn hz_alloc(len: usize) -> *mut u8 {
    let mut buffer = Vec::<u8>::with_capacity(len.max(1));
    let pointer = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    pointer
}

/// # Safety
/// `pointer` and `len` are those of one `hz_alloc`.
#[no_mangle]
pub unsafe extern "C" fn hz_free(pointer: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(pointer, 0, len.max(1)));
}

/// Where the text of the last call is, and its length in bytes (UTF-8).
#[no_mangle]
pub extern "C" fn hz_out_ptr() -> *const u8 {
    OUT.with(|o| o.borrow().as_ptr())
}

#[no_mangle]
pub extern "C" fn hz_out_len() -> usize {
    OUT.with(|o| o.borrow().len())
}

/// # Safety
/// Each pointer and length are text the page wrote with `hz_alloc` (a table of length 0 is none).
unsafe fn text<'a>(pointer: *const u8, len: usize) -> &'a str {
    std::str::from_utf8(std::slice::from_raw_parts(pointer, len)).unwrap_or("")
}

/// A new run of a scenario (and its village table, or length 0): its handle, or 0 with the error as
/// the text, in both languages (JSON `{"en": …, "zh": …}`).
///
/// # Safety
/// The pointers and lengths are text the page wrote with `hz_alloc`.
#[no_mangle]
pub unsafe extern "C" fn hz_new(toml: *const u8, toml_len: usize, table: *const u8, table_len: usize) -> u32 {
    let table = (table_len > 0).then(|| text(table, table_len));
    match Sim::new(text(toml, toml_len), table) {
        Ok(sim) => {
            say(sim.scenario.to_toml());
            SIMS.with(|s| {
                let mut sims = s.borrow_mut();
                sims.push(Some(sim));
                sims.len() as u32
            })
        }
        Err(e) => {
            say(json!({ "en": e.get(Lang::En), "zh": e.get(Lang::Zh) }).to_string());
            0
        }
    }
}

/// Steps run `h` by up to `months`; the months done, or −1 for no such run.
#[no_mangle]
pub extern "C" fn hz_step(h: u32, months: u32) -> i32 {
    with_sim(h, |s| s.step(months as usize) as i32).unwrap_or(-1)
}

/// Leaves a report on run `h` as the text: 0 the last month (JSON), 1 `timeseries.csv`, 2 the scenario
/// as one TOML file, 3 the village view of village `other` (JSON), 4 the villages of a table against
/// run `other` (0: none; JSON), 5 the effects of run `h` against run `other` (JSON). 1 on success.
#[no_mangle]
pub extern "C" fn hz_report(h: u32, what: u32, other: u32) -> i32 {
    let report = SIMS.with(|s| {
        let sims = s.borrow();
        let get = |k: u32| sims.get(k.wrapping_sub(1) as usize).and_then(Option::as_ref);
        let sim = get(h)?;
        Some(match what {
            0 => Ok(sim.latest().to_string()),
            1 => sim.timeseries_csv(),
            2 => Ok(sim.scenario.to_toml()),
            3 => Ok(sim.village_view(other as usize).to_string()),
            4 => Ok(sim.villages(get(other)).to_string()),
            5 => Ok(get(other).map_or(json!([]), |a| effects(a, sim)).to_string()),
            _ => Err(format!("report {what}; allowed: 0 to 5")),
        })
    });
    match report {
        Some(Ok(text)) => {
            say(text);
            1
        }
        Some(Err(e)) => {
            say(e);
            0
        }
        None => {
            say(format!("no run {h}"));
            0
        }
    }
}

/// Frees run `h`.
#[no_mangle]
pub extern "C" fn hz_drop(h: u32) {
    SIMS.with(|s| {
        if let Some(slot) = s.borrow_mut().get_mut(h.wrapping_sub(1) as usize) {
            *slot = None;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn refused(toml: &str, table: Option<&str>) -> String {
        let e = Sim::new(toml, table).err().expect("refused");
        assert!(e.get(Lang::Zh).contains('：'), "{e:?}");
        e.get(Lang::En).to_string()
    }

    fn scenario(name: &str) -> Scenario {
        Scenario::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios").join(name)).unwrap()
    }

    /// The command line's run of the same scenario, by its engine.
    fn engine_csv(s: &Scenario) -> String {
        let run = huzhu::engine::run(std::slice::from_ref(s), Some(1), &()).unwrap();
        huzhu::output::timeseries_csv(&run).unwrap()
    }

    #[test]
    fn a_run_stepped_a_month_at_a_time_is_the_engines_run() {
        for (name, set) in [
            ("classroom.toml", ""),
            ("classroom_time_bank.toml", "levers.happiness_home.on=true"),
        ] {
            let mut s = scenario(name);
            s.set("run.years=3", "test").unwrap();
            if !set.is_empty() {
                s.set(set, "test").unwrap();
            }
            let mut sim = Sim::new(&s.to_toml(), None).unwrap();
            while sim.step(5) < sim.horizon() {}
            assert_eq!(sim.timeseries_csv().unwrap(), engine_csv(&s), "{name}");
        }
    }

    #[test]
    fn a_county_runs_from_its_table_given_as_text() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
        let mut s = scenario("county_homes.toml");
        s.set("run.years=2", "test").unwrap();
        s.set("run.replicates=2", "test").unwrap();
        let table = std::fs::read_to_string(dir.join("county_homes.csv")).unwrap();
        let toml = s.to_toml().replace("county_homes.csv", "my_county.csv");
        assert!(refused(&toml, None).contains("my_county.csv"));
        let mut sim = Sim::new(&toml, Some(&table)).unwrap();
        sim.step(24);
        assert_eq!(sim.timeseries_csv().unwrap(), engine_csv(&s));
        let mut e = scenario("county_example.toml");
        e.set("run.years=2", "test").unwrap();
        e.set("run.replicates=2", "test").unwrap();
        let example = std::fs::read_to_string(dir.join("county_example.csv")).unwrap();
        let mut base = Sim::new(&e.to_toml(), Some(&example)).unwrap();
        base.step(24);
        let villages = sim.villages(Some(&base));
        let rows = villages.as_array().unwrap();
        assert_eq!(rows.len(), 40);
        assert!(rows
            .iter()
            .all(|r| r["values"]["left_behind"][0].as_f64().unwrap() > 0.0));
        // Villages the programme has not reached are the baseline's own (common random numbers).
        let untouched = rows.iter().filter(|r| r["effect"][0].as_f64() == Some(0.0)).count();
        assert!((20..40).contains(&untouched), "{untouched}");
    }

    #[test]
    fn bad_text_is_an_error_not_a_panic() {
        assert!(refused("[run]\nyears = -3\n", None).contains("run.years"));
        assert!(refused("extends = \"other.toml\"\n", None).contains("huzhu:baseline"));
        let huge = "[villages]\ncount = 100000\n[run]\nreplicates = 100\n";
        assert!(refused(huge, None).contains("at most"));
    }
}
