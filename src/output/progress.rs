//! Progress on stderr (INTERFACE.md): a bar on a terminal, a plain line at every tenth otherwise, nothing
//! with `--quiet`. `run` and `compare` count villages; `sweep` and `sensitivity` count runs.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

use crate::engine::Progress;

pub struct ConsoleProgress {
    bar: Option<ProgressBar>,
    plain: bool,
    unit: &'static str,
    done: AtomicU64,
    total: u64,
}

impl ConsoleProgress {
    /// Progress towards `total` of `unit` (villages, runs), of which `done` are done already (a
    /// resumed sweep).
    pub fn new(total: u64, done: u64, unit: &'static str, quiet: bool) -> ConsoleProgress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = ProgressBar::new(total);
            let template = format!("{{bar:40}} {{pos}}/{{len}} {unit}  {{elapsed}} (eta {{eta}})");
            if let Ok(style) = ProgressStyle::with_template(&template) {
                bar.set_style(style);
            }
            bar.set_position(done);
            bar.reset_eta();
            bar
        });
        ConsoleProgress {
            bar,
            plain: !quiet && !terminal,
            unit,
            done: AtomicU64::new(done),
            total,
        }
    }

    /// `n` more done.
    pub fn add(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
        let before = self.done.fetch_add(n, Ordering::Relaxed);
        let done = before + n;
        let tenth = (self.total / 10).max(1);
        if self.plain && (done / tenth > before / tenth || done == self.total) {
            eprintln!("{done}/{} {} done", self.total, self.unit);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for ConsoleProgress {
    fn village_done(&self) {
        self.add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_whatever_the_steps() {
        let p = ConsoleProgress::new(20, 3, "runs", true);
        p.add(5);
        p.add(12);
        assert_eq!(p.done.load(Ordering::Relaxed), 20);
        assert!(p.bar.is_none() && !p.plain, "nothing is shown with --quiet");
    }
}
