//! What a command says on stderr (INTERFACE.md), in the language of `--lang`: progress (a bar on a
//! terminal, a plain line at every tenth otherwise), what was simulated and written; nothing with
//! `--quiet`. `run` and `compare` count villages; `sweep`, `sensitivity` and `fit` count runs.

use std::fmt::Display;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

#[cfg(feature = "cli")]
use indicatif::{ProgressBar, ProgressStyle};

use crate::engine::Progress;
use crate::lang::Lang;

/// Where a command's messages go: nowhere with `--quiet`, else stderr in `lang`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Console {
    pub quiet: bool,
    pub lang: Lang,
}

impl Console {
    /// Says one of two messages, by the language.
    pub fn say(&self, en: impl Display, zh: impl Display) {
        if !self.quiet {
            match self.lang {
                Lang::En => eprintln!("{en}"),
                Lang::Zh => eprintln!("{zh}"),
            }
        }
    }

    pub fn wrote(&self, dir: &Path) {
        self.say(format!("wrote {}", dir.display()), format!("已写入 {}", dir.display()));
    }

    /// Progress towards `total` of `unit`, of which `done` are done already (a resumed sweep).
    pub fn progress(&self, total: u64, done: u64, unit: Unit) -> ConsoleProgress {
        ConsoleProgress::new(total, done, unit.name(self.lang), self.quiet)
    }
}

/// What progress counts.
#[derive(Clone, Copy, Debug)]
pub enum Unit {
    Villages,
    Runs,
}

impl Unit {
    fn name(self, lang: Lang) -> String {
        let (en, zh) = match self {
            Unit::Villages => ("villages", "个村"),
            Unit::Runs => ("runs", "次运行"),
        };
        match lang {
            Lang::En => format!("{en} done"),
            Lang::Zh => format!("{zh}已完成"),
        }
    }
}

/// Without the command line's feature there is no terminal to draw a bar on.
#[cfg(not(feature = "cli"))]
struct ProgressBar;

#[cfg(not(feature = "cli"))]
impl ProgressBar {
    fn inc(&self, _: u64) {}
    fn finish_and_clear(&self) {}
}

pub struct ConsoleProgress {
    bar: Option<ProgressBar>,
    plain: bool,
    unit: String,
    done: AtomicU64,
    total: u64,
}

impl ConsoleProgress {
    fn new(total: u64, done: u64, unit: String, quiet: bool) -> ConsoleProgress {
        let terminal = std::io::stderr().is_terminal();
        #[cfg(feature = "cli")]
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
        #[cfg(not(feature = "cli"))]
        let bar: Option<ProgressBar> = None;
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
            eprintln!("{done}/{} {}", self.total, self.unit);
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
        let p = Console {
            quiet: true,
            lang: Lang::Zh,
        }
        .progress(20, 3, Unit::Runs);
        p.add(5);
        p.add(12);
        assert_eq!(p.done.load(Ordering::Relaxed), 20);
        assert!(p.bar.is_none() && !p.plain, "nothing is shown with --quiet");
    }
}
