//! Running a plan of many runs (a sweep or a sensitivity design), streamed and resumable. Runs are done
//! in batches in run order; each finished batch is appended to a journal (`<kind>.partial.csv`), so the
//! journal always holds a prefix of the runs and nothing is held whole in memory. Running the same
//! command again into the same folder skips what the journal holds; at the end the final file is the
//! journal's rows, written atomically, byte for byte what an uninterrupted run writes.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::design::Factor;
use crate::engine::{run_replicate, thread_pool};
use crate::error::{Error, Result};
use crate::metrics::final_year_mean;
use crate::metrics::METRICS;
use crate::model::{rng, Model};
use crate::output::progress::ConsoleProgress;
use crate::output::{fmt_num, CsvText};
use crate::scenario::Scenario;

/// A plan: the base scenario, the varied factors and the design's points in the unit cube, in run
/// order; each point runs every replicate.
pub struct Plan {
    pub kind: &'static str,
    pub scenario: Scenario,
    pub factors: Vec<Factor>,
    pub points: Vec<Vec<f64>>,
    pub replicates: u32,
}

/// One finished run, as the journal stores it.
#[derive(Clone, Debug)]
pub struct RunRow {
    pub point: usize,
    pub replicate: u32,
    /// Final-year mean of every metric, in the order of `METRICS`.
    pub metrics: Vec<f64>,
}

impl Plan {
    /// A plan whose points each run the scenario's own number of replicates.
    pub fn new(kind: &'static str, scenario: Scenario, factors: Vec<Factor>, points: Vec<Vec<f64>>) -> Plan {
        let replicates = scenario.params().run.replicates;
        Plan {
            kind,
            scenario,
            factors,
            points,
            replicates,
        }
    }

    pub fn runs(&self) -> usize {
        self.points.len() * self.replicates as usize
    }

    fn header_cells(&self) -> Vec<String> {
        let mut cells = vec!["run".to_string(), "point".into(), "replicate".into(), "seed".into()];
        cells.extend(self.factors.iter().map(|f| f.key.clone()));
        cells.extend(METRICS.iter().map(|m| m.name.to_string()));
        cells
    }

    /// The header line of the journal and the final file, with its line end.
    pub fn header(&self) -> Result<String> {
        let mut w = CsvText::default();
        w.row(self.header_cells())?;
        w.finish()
    }

    /// A fingerprint of everything that decides the results, so a journal is never resumed by a
    /// different plan (FNV-1a over a canonical text).
    fn fingerprint(&self) -> String {
        let mut text = format!("{}|{}|", self.kind, self.replicates);
        for (k, v) in &self.scenario.values() {
            text.push_str(&format!("{k}={v};"));
        }
        for f in &self.factors {
            text.push_str(&format!("{}:{}:{}:{};", f.key, f.lo, f.hi, f.steps));
        }
        for p in &self.points {
            for u in p {
                text.push_str(&format!("{u:?},"));
            }
        }
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
        });
        format!("# huzhu {} plan {hash:016x}", self.kind)
    }

    /// The scenario of one point.
    pub fn scenario_at(&self, point: usize) -> Result<Scenario> {
        let mut s = self.scenario.clone();
        for (f, &u) in self.factors.iter().zip(&self.points[point]) {
            s.set(&format!("{}={}", f.key, f.text(u)), "--vary")?;
        }
        s.validate()?;
        Ok(s)
    }

    fn row_text(&self, run: usize, row: &RunRow, w: &mut CsvText) -> Result<()> {
        let seed = rng::replicate_seed(self.scenario.params.run.seed, row.replicate);
        let mut cells = vec![
            run.to_string(),
            row.point.to_string(),
            row.replicate.to_string(),
            seed.to_string(),
        ];
        cells.extend(
            self.factors
                .iter()
                .zip(&self.points[row.point])
                .map(|(f, &u)| fmt_num(f.value(u))),
        );
        cells.extend(row.metrics.iter().map(|&x| fmt_num(x)));
        w.row(cells)
    }
}

pub struct Outcome {
    /// The final file, when every run is done.
    pub file: Option<PathBuf>,
    pub done: usize,
    pub total: usize,
}

/// Reads the journal: checks that it belongs to this plan and holds a prefix of the runs, drops a last
/// line cut short by an interruption, and returns how many runs it holds.
fn read_journal(plan: &Plan, path: &Path) -> Result<usize> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::Failure(format!("cannot read {}: {e}", path.display())))?;
    let mut lines = text.split_inclusive('\n');
    let foreign = || {
        Error::input(path.display().to_string(), None, "belongs to a different sweep (other scenario, factors, design or replicates); allowed: the same command, or another --out")
    };
    let header = plan.header()?;
    if lines.next() != Some(&format!("{}\n", plan.fingerprint())) || lines.next() != Some(&header) {
        return Err(foreign());
    }
    let fields = plan.header_cells().len();
    let mut done = 0;
    let mut kept = format!("{}\n{header}", plan.fingerprint());
    for line in lines {
        let cells = csv_cells(line);
        let complete = line.ends_with('\n') && cells.as_ref().is_some_and(|c| c.len() == fields);
        if !complete || cells.as_ref().and_then(|c| c.get(0)) != Some(done.to_string().as_str()) {
            break;
        }
        kept.push_str(line);
        done += 1;
    }
    if kept.len() != text.len() {
        std::fs::write(path, kept).map_err(|e| Error::Failure(format!("cannot repair {}: {e}", path.display())))?;
    }
    Ok(done)
}

/// One run: a point's scenario, one replicate, the final-year mean of every metric.
fn run_one(plan: &Plan, run: usize) -> Result<RunRow> {
    let replicates = plan.replicates as usize;
    let (point, replicate) = (run / replicates, (run % replicates) as u32);
    let scenario = plan.scenario_at(point)?;
    let model = Model::new(scenario.params());
    let result = run_replicate(&model, replicate, &());
    Ok(RunRow {
        point,
        replicate,
        metrics: METRICS.iter().map(|m| final_year_mean(m, &result.months)).collect(),
    })
}

/// Runs what the journal does not hold yet (at most `stop_after` runs now), then, when all are done,
/// writes `final_name` from the journal and removes it.
pub fn execute(
    plan: &Plan,
    dir: &Path,
    final_name: &str,
    threads: Option<usize>,
    quiet: bool,
    stop_after: Option<usize>,
) -> Result<Outcome> {
    for point in 0..plan.points.len() {
        plan.scenario_at(point)?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::Failure(format!("cannot create {}: {e}", dir.display())))?;
    let journal = dir.join(format!("{}.partial.csv", plan.kind));
    let done = if journal.exists() {
        read_journal(plan, &journal)?
    } else {
        std::fs::write(&journal, format!("{}\n{}", plan.fingerprint(), plan.header()?))
            .map_err(|e| Error::Failure(format!("cannot write {}: {e}", journal.display())))?;
        0
    };
    let total = plan.runs();
    let end = stop_after.map_or(total, |n| (done + n).min(total));
    let pool = thread_pool(threads)?;
    let batch = pool.current_num_threads().max(1) * 2;
    let progress = ConsoleProgress::new(total as u64, done as u64, "runs", quiet);
    let mut file = OpenOptions::new()
        .append(true)
        .open(&journal)
        .map_err(|e| Error::Failure(format!("cannot open {}: {e}", journal.display())))?;
    let mut next = done;
    while next < end {
        let upto = (next + batch).min(end);
        let rows: Vec<RunRow> = pool.install(|| {
            (next..upto)
                .into_par_iter()
                .map(|run| run_one(plan, run))
                .collect::<Result<Vec<_>>>()
        })?;
        let mut w = CsvText::default();
        for (row, run) in rows.iter().zip(next..upto) {
            plan.row_text(run, row, &mut w)?;
        }
        let text = w.finish()?;
        file.write_all(text.as_bytes())
            .and_then(|_| file.flush())
            .map_err(|e| Error::Failure(format!("cannot write {}: {e}", journal.display())))?;
        progress.add((upto - next) as u64);
        next = upto;
    }
    progress.finish();
    if next < total {
        return Ok(Outcome {
            file: None,
            done: next,
            total,
        });
    }
    let final_path = dir.join(final_name);
    let tmp = dir.join(format!(".{final_name}.tmp-{}", std::process::id()));
    let mut reader = BufReader::new(File::open(&journal)?);
    let mut out = std::io::BufWriter::new(File::create(&tmp)?);
    let mut line = String::new();
    reader.read_line(&mut line)?; // the fingerprint stays in the journal only
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            break;
        }
        out.write_all(line.as_bytes())?;
    }
    out.flush()?;
    drop(out);
    std::fs::rename(&tmp, &final_path)?;
    std::fs::remove_file(&journal)?;
    Ok(Outcome {
        file: Some(final_path),
        done: total,
        total,
    })
}

/// The cells of one CSV line, by the csv crate; None for a line it cannot read.
fn csv_cells(line: &str) -> Option<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line.as_bytes());
    reader.records().next()?.ok()
}

/// Streams the final file back, run by run (for summaries and indices).
pub fn read_rows(plan: &Plan, path: &Path, mut each: impl FnMut(RunRow)) -> Result<()> {
    let unreadable = |e: &dyn std::fmt::Display| Error::Failure(format!("cannot read {}: {e}", path.display()));
    let mut reader = csv::Reader::from_reader(BufReader::new(File::open(path).map_err(|e| unreadable(&e))?));
    let skip = 4 + plan.factors.len();
    for record in reader.records() {
        let cells = record.map_err(|e| unreadable(&e))?;
        let parse = |s: &str| {
            s.parse::<f64>()
                .map_err(|_| Error::Failure(format!("{}: bad number `{s}`", path.display())))
        };
        let number = |k: usize| parse(cells.get(k).unwrap_or(""));
        each(RunRow {
            point: number(1)? as usize,
            replicate: number(2)? as u32,
            metrics: (skip..cells.len()).map(number).collect::<Result<Vec<f64>>>()?,
        });
    }
    Ok(())
}
