//! The scenario library's effects: every scenario against its own `reference`, with common random
//! numbers, as the markdown of `docs/scenarios.md` (`huzhu effects`).

use std::fmt::Write as _;
use std::path::PathBuf;

use super::compare::{cost_effectiveness, effects, Effect};
use crate::engine::{Run, ScenarioRun};
use crate::error::{Error, Result};
use crate::output::comparison::{interval, short, MAIN_METRICS};
use crate::scenario::Scenario;

/// The scenarios to run: the given ones, then every reference they name that is not among them.
/// Returns the list and, for each given scenario, the index of its reference (None for none).
pub fn with_references(mut given: Vec<Scenario>) -> Result<(Vec<Scenario>, Vec<Option<usize>>)> {
    let canonical = |p: &PathBuf| p.canonicalize().ok();
    let mut references = Vec::new();
    let count = given.len();
    for k in 0..count {
        let Some(path) = given[k].reference_path() else {
            references.push(None);
            continue;
        };
        let key = canonical(&path);
        let found = given
            .iter()
            .position(|s| s.path.as_ref().and_then(canonical) == key && key.is_some());
        let index = match found {
            Some(i) => i,
            None if path.exists() => {
                given.push(Scenario::load(&path)?);
                given.len() - 1
            }
            None => {
                return Err(Error::input(
                    &given[k].file,
                    Some("reference"),
                    text!(
                        "`{path}` does not exist; allowed: a scenario file, relative to this one",
                        "`{path}` 不存在；允许：一个情景文件，路径相对于本文件",
                        path = path.display()
                    ),
                ));
            }
        };
        references.push(Some(index));
    }
    Ok((given, references))
}

fn cell(e: &Effect) -> String {
    let mark = if e.significant() { " *" } else { "" };
    let fmt = |x: f64| {
        if e.metric.name == "public_spending" {
            format!("{x:+.0}")
        } else {
            format!("{x:+.3}")
        }
    };
    let ci = e
        .diff
        .ci
        .map_or(String::new(), |(lo, hi)| format!(" [{} – {}]", fmt(lo), fmt(hi)));
    format!("{}{ci}{mark}", fmt(e.diff.mean))
}

/// A sentence on what the scenario shows: the significant effects on the main metrics.
fn shows(effects: &[Effect]) -> String {
    let words: Vec<String> = effects
        .iter()
        .filter(|e| MAIN_METRICS.contains(&e.metric.name) && e.significant())
        .map(|e| {
            let direction = if e.diff.mean > 0.0 { "raises" } else { "lowers" };
            format!(
                "{direction} `{}` from {} to {} {}",
                e.metric.name,
                short(e.reference_mean),
                short(e.mean),
                interval(&e.diff)
            )
        })
        .collect();
    if words.is_empty() {
        "no effect on the main metrics that the replicates can tell from zero".into()
    } else {
        words.join("; ")
    }
}

pub fn markdown(run: &Run, references: &[Option<usize>], command: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# The scenario library\n");
    let _ = writeln!(
        s,
        "Produced by `{command} > docs/scenarios.md` (do not edit the tables by hand; rerun the command).\n"
    );
    if let Some(first) = run.scenarios.first() {
        let p = &first.params;
        let _ = writeln!(
            s,
            "Each scenario runs against its `reference` with common random numbers, every one with the run section of the first file: {} villages × {} replicates × {} years from {}, seed {}. \
             Cells are the final-year paired difference (scenario − reference) with its 95 % interval; * marks an interval that excludes 0. \
             Cost is extra public yuan per unmet care hour averted over the whole horizon, with a bootstrap 95 % interval over replicates.\n",
            p.villages.count, p.run.replicates, p.run.years, p.run.first_year, p.run.seed
        );
    }
    let _ = writeln!(
        s,
        "| scenario | reference | {} | yuan per hour averted |",
        MAIN_METRICS.join(" | ")
    );
    let _ = writeln!(s, "|---|---|{}---|", "---|".repeat(MAIN_METRICS.len()));
    let rows: Vec<(&ScenarioRun, &ScenarioRun, Vec<Effect>)> = references
        .iter()
        .enumerate()
        .filter_map(|(k, r)| r.map(|r| (&run.scenarios[k], &run.scenarios[r])))
        .map(|(a, b)| (a, b, effects(a, b)))
        .collect();
    for (a, b, effects) in &rows {
        let cells: Vec<String> = MAIN_METRICS
            .iter()
            .map(|m| effects.iter().find(|e| e.metric.name == *m).map_or(String::new(), cell))
            .collect();
        let ce = cost_effectiveness(a, b, a.params.run.seed);
        let cost = match (ce.public().yuan_per_hour, ce.public().ci) {
            (None, _) => "n/a".to_string(),
            (Some(r), Some((lo, hi))) => format!("{r:.1} [{lo:.1} – {hi:.1}]"),
            (Some(r), None) => format!("{r:.1}"),
        };
        let _ = writeln!(
            s,
            "| `{}` | `{}` | {} | {cost} |",
            a.scenario.name,
            b.scenario.name,
            cells.join(" | ")
        );
    }
    let _ = writeln!(s, "\n## What each scenario shows\n");
    for (a, b, effects) in &rows {
        let _ = writeln!(s, "### `{}`\n", a.scenario.name);
        let _ = writeln!(s, "{}\n", a.scenario.description);
        let _ = writeln!(s, "*Shows* (against `{}`): {}.\n", b.scenario.name, shows(effects));
        if !a.scenario.rests_on.is_empty() {
            let _ = writeln!(s, "*Rests on:* {}\n", a.scenario.rests_on);
        }
    }
    s
}
