//! The files of what was observed inside the villages: `groups.csv` and `groups_summary.csv` (`--by`),
//! `network.csv` (`--network`), the snapshots' `persons.csv`, `ties.csv` and GraphML files, and
//! `villages.csv` and `villages_summary.csv` (`--by-village`, or a village table).

use petgraph_graphml::GraphMl;

use super::{fmt_num, summary_cells, CsvText};
use crate::engine::{Run, ScenarioRun};
use crate::error::Result;
use crate::model::person::TieKind;
use crate::observe::groups::{group_columns, group_values, Grouping};
use crate::observe::network::{NetworkYear, BANDS, KINDS, TOP_DEGREE};
use crate::observe::person::CARE_SOURCES;
use crate::observe::snapshot::{PersonRecord, Snapshot};
use crate::observe::villages::{village_metrics, VillageYears, VILLAGE_METRICS};
use crate::observe::Observe;
use crate::stats::summarize;

/// Every file that `observe` asks for, name and content.
pub fn files(run: &Run, observe: &Observe) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    if !observe.by.is_empty() {
        let grouping = Grouping {
            dims: observe.by.clone(),
        };
        files.push(("groups.csv".into(), groups_csv(run, &grouping)?));
        files.push(("groups_summary.csv".into(), groups_summary_csv(run, &grouping)?));
    }
    if observe.network {
        files.push(("network.csv".into(), network_csv(run)?));
    }
    if !observe.snapshot.years.is_empty() {
        files.extend(snapshot_files(run)?);
    }
    if observe.by_village {
        files.push(("villages.csv".into(), villages_csv(run)?));
        files.push(("villages_summary.csv".into(), villages_summary_csv(run)?));
    }
    Ok(files)
}

/// `villages.csv`: per scenario × replicate × village × year, each year's mean of the main metrics
/// (spending in yuan a month, as in `timeseries.csv`).
fn villages_csv(run: &Run) -> Result<String> {
    let mut w = CsvText::default();
    let mut header = vec!["scenario", "replicate", "village", "year"];
    header.extend(VILLAGE_METRICS);
    w.row(&header)?;
    for s in &run.scenarios {
        for (r, rep) in s.replicates.iter().enumerate() {
            for v in rep.observed.villages_in_order() {
                for y in 0..v.sums.len() {
                    let mut row = vec![
                        s.scenario.name.clone(),
                        r.to_string(),
                        s.village_name(v.village),
                        year_of(s, y),
                    ];
                    row.extend((0..VILLAGE_METRICS.len()).map(|k| fmt_num(v.mean(y, k))));
                    w.row(&row)?;
                }
            }
        }
    }
    w.finish()
}

/// `villages_summary.csv`: per scenario × village × metric, the final year's mean over replicates with
/// its 95 % interval.
fn villages_summary_csv(run: &Run) -> Result<String> {
    let mut w = CsvText::default();
    w.row([
        "scenario", "village", "year", "metric", "mean", "sd", "ci_low", "ci_high", "n",
    ])?;
    let metrics = village_metrics();
    for s in &run.scenarios {
        let Some(first) = s.replicates.first().map(|r| r.observed.villages_in_order()) else {
            continue;
        };
        let by_metric: Vec<Vec<Vec<f64>>> = (0..metrics.len()).map(|k| final_year_values(s, None, k)).collect();
        for (i, v) in first.iter().enumerate() {
            let last = v.sums.len().saturating_sub(1);
            for ((name, m), values) in VILLAGE_METRICS.iter().zip(&metrics).zip(&by_metric) {
                let mut row = vec![
                    s.scenario.name.clone(),
                    s.village_name(v.village),
                    year_of(s, last),
                    name.to_string(),
                ];
                let summary = m.map_or_else(|| summarize(&values[i]), |m| m.summarize(&values[i]));
                row.extend(summary_cells(&summary));
                w.row(&row)?;
            }
        }
    }
    w.finish()
}

/// Per village (in village order), each replicate's final-year mean of `VILLAGE_METRICS[k]`, or its
/// paired difference from the same village and replicate of `base`.
pub(super) fn final_year_values(s: &ScenarioRun, base: Option<&ScenarioRun>, k: usize) -> Vec<Vec<f64>> {
    let villages: Vec<Vec<&VillageYears>> = s.replicates.iter().map(|r| r.observed.villages_in_order()).collect();
    let reference: Option<Vec<Vec<&VillageYears>>> =
        base.map(|b| b.replicates.iter().map(|r| r.observed.villages_in_order()).collect());
    let count = villages.first().map_or(0, Vec::len);
    (0..count)
        .map(|v| {
            villages
                .iter()
                .enumerate()
                .map(|(r, vs)| {
                    let last = vs[v].sums.len().saturating_sub(1);
                    let x = vs[v].mean(last, k);
                    match &reference {
                        Some(b) => x - b[r][v].mean(last, k),
                        None => x,
                    }
                })
                .collect()
        })
        .collect()
}

fn year_of(s: &ScenarioRun, y: usize) -> String {
    (s.params.run.first_year + y as i64).to_string()
}

fn months_in_year(s: &ScenarioRun, y: usize) -> f64 {
    (s.params.months() as usize - 12 * y).min(12) as f64
}

fn groups_csv(run: &Run, grouping: &Grouping) -> Result<String> {
    let mut w = CsvText::default();
    let mut header = vec!["scenario", "replicate", "year"];
    header.extend(grouping.dims.iter().map(|d| d.name()));
    header.extend(group_columns());
    w.row(&header)?;
    let count = grouping.count();
    for s in &run.scenarios {
        for (r, rep) in s.replicates.iter().enumerate() {
            for (k, t) in rep.observed.groups.tallies.iter().enumerate() {
                let (y, g) = (k / count, k % count);
                let mut row = vec![s.scenario.name.clone(), r.to_string(), year_of(s, y)];
                row.extend(value_names(grouping, g));
                row.extend(group_values(t, months_in_year(s, y)).into_iter().map(fmt_num));
                w.row(&row)?;
            }
        }
    }
    w.finish()
}

fn value_names(grouping: &Grouping, g: usize) -> Vec<String> {
    grouping
        .values_of(g)
        .into_iter()
        .zip(&grouping.dims)
        .map(|(v, d)| d.values()[v].to_string())
        .collect()
}

fn groups_summary_csv(run: &Run, grouping: &Grouping) -> Result<String> {
    let mut w = CsvText::default();
    let mut header = vec!["scenario", "year"];
    header.extend(grouping.dims.iter().map(|d| d.name()));
    header.extend(["metric", "mean", "sd", "ci_low", "ci_high", "n"]);
    w.row(&header)?;
    let count = grouping.count();
    let columns = group_columns();
    for s in &run.scenarios {
        let cells = s.replicates.first().map_or(0, |r| r.observed.groups.tallies.len());
        for k in 0..cells {
            let (y, g) = (k / count, k % count);
            let per_replicate: Vec<Vec<f64>> = s
                .replicates
                .iter()
                .map(|r| group_values(&r.observed.groups.tallies[k], months_in_year(s, y)))
                .collect();
            for (c, name) in columns.iter().enumerate() {
                let values: Vec<f64> = per_replicate.iter().map(|v| v[c]).collect();
                let mut row = vec![s.scenario.name.clone(), year_of(s, y)];
                row.extend(value_names(grouping, g));
                row.push(name.to_string());
                row.extend(summary_cells(&summarize(&values)));
                w.row(&row)?;
            }
        }
    }
    w.finish()
}

/// The rows of one year's network sums: (measure, kind, bin, value).
fn network_rows(y: &NetworkYear) -> Vec<(&'static str, &'static str, String, f64)> {
    let ratio = |a: u64, b: u64| if b == 0 { f64::NAN } else { a as f64 / b as f64 };
    let n = y.residents;
    let mut rows = vec![("residents", "", String::new(), n as f64)];
    for (k, kind) in KINDS.iter().enumerate() {
        let mean = ratio(y.degree_sum[k], n);
        let var = ratio(y.degree_squares[k], n) - mean * mean;
        rows.push(("mean_degree", kind, String::new(), mean));
        rows.push(("sd_degree", kind, String::new(), var.max(0.0).sqrt()));
        for (d, &c) in y.histogram[k].iter().enumerate() {
            let bin = if d == TOP_DEGREE {
                format!("{TOP_DEGREE}+")
            } else {
                d.to_string()
            };
            rows.push(("degree_count", kind, bin, c as f64));
        }
    }
    rows.push(("transitivity", "all", String::new(), ratio(y.closed_triples, y.triples)));
    rows.push((
        "largest_component_share",
        "all",
        String::new(),
        ratio(y.largest_component, n),
    ));
    rows.push(("elderly", "", String::new(), y.elderly as f64));
    rows.push((
        "elderly_without_strong_tie_share",
        "strong",
        String::new(),
        ratio(y.elderly_without_strong, y.elderly),
    ));
    for (s, kind) in ["strong", "weak"].into_iter().enumerate() {
        for (a, low) in BANDS.iter().enumerate() {
            for (b, high) in BANDS.iter().enumerate().skip(a) {
                rows.push(("ties_between", kind, format!("{low}|{high}"), y.mixing[s][a][b] as f64));
            }
        }
    }
    rows
}

fn network_csv(run: &Run) -> Result<String> {
    let mut w = CsvText::default();
    w.row(["scenario", "replicate", "year", "measure", "kind", "bin", "value"])?;
    for s in &run.scenarios {
        for (r, rep) in s.replicates.iter().enumerate() {
            for (y, year) in rep.observed.network.iter().enumerate() {
                for (measure, kind, bin, value) in network_rows(year) {
                    w.row([
                        s.scenario.name.clone(),
                        r.to_string(),
                        year_of(s, y),
                        measure.into(),
                        kind.into(),
                        bin,
                        fmt_num(value),
                    ])?;
                }
            }
        }
    }
    w.finish()
}

fn snapshot_files(run: &Run) -> Result<Vec<(String, String)>> {
    let (mut persons, mut ties) = (CsvText::default(), CsvText::default());
    let mut graphs = Vec::new();
    let mut header = vec!["scenario", "replicate", "village", "year"];
    header.extend(person_cells(&Default::default()).iter().map(|(k, _)| *k));
    persons.row(&header)?;
    ties.row(["scenario", "replicate", "village", "year", "from", "to", "kind"])?;
    for s in &run.scenarios {
        for rep in &s.replicates {
            for snap in &rep.observed.snapshots {
                let key = [
                    s.scenario.name.clone(),
                    snap.replicate.to_string(),
                    snap.village.to_string(),
                    snap.year.to_string(),
                ];
                for r in &snap.persons {
                    let mut row = key.to_vec();
                    row.extend(person_cells(r).into_iter().map(|(_, v)| v));
                    persons.row(&row)?;
                }
                for &(a, b, kind) in &snap.ties {
                    let mut row = key.to_vec();
                    row.extend([a.to_string(), b.to_string(), tie_kind_name(kind).to_string()]);
                    ties.row(&row)?;
                }
                graphs.push((
                    format!(
                        "network_{}_r{}_v{}_{}.graphml",
                        s.scenario.name, snap.replicate, snap.village, snap.year
                    ),
                    graphml(snap),
                ));
            }
        }
    }
    let mut files = vec![
        ("persons.csv".to_string(), persons.finish()?),
        ("ties.csv".to_string(), ties.finish()?),
    ];
    files.extend(graphs);
    Ok(files)
}

/// GraphML of a snapshot, with the persons' attributes and the ties' kinds.
fn graphml(snap: &Snapshot) -> String {
    let graph = snap.graph();
    let xml = GraphMl::new(&graph)
        .pretty_print(true)
        .export_node_weights(Box::new(|r: &&PersonRecord| {
            person_cells(r).into_iter().map(|(k, v)| (k.into(), v.into())).collect()
        }))
        .export_edge_weights(Box::new(|k: &TieKind| vec![("kind".into(), tie_kind_name(*k).into())]))
        .to_string();
    sorted_keys(&xml)
}

/// petgraph-graphml declares the attribute keys in the order of a hash set, which changes from one
/// process to the next; sorted, the same snapshot always gives the same file.
fn sorted_keys(xml: &str) -> String {
    let is_key = |l: &&str| l.trim_start().starts_with("<key ");
    let mut keys: Vec<&str> = xml.lines().filter(is_key).collect();
    keys.sort_unstable();
    let mut keys = keys.into_iter();
    let mut out = String::with_capacity(xml.len());
    for line in xml.lines() {
        out.push_str(if is_key(&line) {
            keys.next().unwrap_or(line)
        } else {
            line
        });
        out.push('\n');
    }
    out
}

fn tie_kind_name(k: TieKind) -> &'static str {
    match k {
        TieKind::Kin => "kin",
        TieKind::Neighbour => "neighbour",
        TieKind::Acquaintance => "acquaintance",
    }
}

/// A person's columns of `persons.csv` (after scenario, replicate, village, year), name and text.
fn person_cells(r: &PersonRecord) -> Vec<(&'static str, String)> {
    let mut cells = vec![
        ("id", r.id.to_string()),
        ("household", r.household.to_string()),
        ("age", r.age.to_string()),
        ("sex", r.sex.into()),
        ("status", r.status.into()),
        ("need", r.need.into()),
        ("marital", r.marital.into()),
        ("living", r.living.into()),
        ("children_alive", r.children.living.to_string()),
        ("children_away", r.children.away.to_string()),
        ("identity", fmt_num(r.identity)),
        ("trust", fmt_num(r.trust)),
        ("willing", u8::from(r.willing).to_string()),
        ("credits_hours", fmt_num(r.credits_hours)),
        ("given_hours", fmt_num(r.given_hours)),
        ("mutual_given_hours", fmt_num(r.mutual_given_hours)),
    ];
    for (k, name) in CARE_SOURCES.iter().enumerate() {
        cells.push((RECEIVED[k], fmt_num(r.received_hours[k])));
        debug_assert!(RECEIVED[k].ends_with(&format!("{name}_hours")));
    }
    cells.push(("met_strong", r.met_strong.to_string()));
    cells.push(("met_weak", r.met_weak.to_string()));
    cells
}

const RECEIVED: [&str; 4] = [
    "received_family_hours",
    "received_mutual_hours",
    "received_formal_hours",
    "received_volunteer_hours",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observe::groups::{Tally, TALLIES, UNMET_RATE};

    /// The unmet rate sits where the report reads it, and is unmet over needed hours.
    #[test]
    fn group_values_follow_the_columns() {
        assert_eq!(group_columns()[UNMET_RATE], "unmet_rate");
        let mut t: Tally = [0; TALLIES.len()];
        (t[0], t[2], t[7], t[8]) = (24, 12_000, 3_000, 6);
        let v = group_values(&t, 12.0);
        assert_eq!(v.len(), group_columns().len());
        assert_eq!((v[0], v[2], v[7], v[UNMET_RATE], v[9]), (2.0, 1.0, 0.25, 0.25, 0.5));
        assert!(
            group_values(&[0; TALLIES.len()], 12.0)[UNMET_RATE].is_nan(),
            "missing without need"
        );
    }
}
