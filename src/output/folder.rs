//! Output folders: one writer at a time, and a command's files appear together or not at all.
//!
//! A command claims its `--out` folder with a lock file beside it (`.NAME.lock`, holding the process id
//! and the command). Its files are written into a fresh staging folder beside the target
//! (`.NAME.staging-PID`), which replaces the target only when every file is written, so the target holds
//! one command's files and no others. A sweep's journal lives in the target itself, so that the same
//! command can go on where it stopped; the finished files replace the folder, journal included.
//!
//! What an interrupted command leaves (a lock, a staging folder, a folder being replaced) names its
//! process; the next command on that folder removes whatever belongs to a process that has ended.

use std::path::{Path, PathBuf};

use crate::error::{io_reason, Error, Io, Result};

/// The file that marks a folder as huzhu's output; a sweep's holds the fingerprint of its plan.
pub const MARKER: &str = ".huzhu-output";

pub struct OutputFolder {
    target: PathBuf,
    staging: PathBuf,
    lock: PathBuf,
    staged: bool,
}

/// The hidden names beside `target` that belong to it: `.NAME.SUFFIX`.
fn beside(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{suffix}"))
}

/// Whether process `pid` is running (the machine's process table; a process that is gone has no entry).
fn alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
}

/// The folder the command runs in.
pub fn working_folder() -> Result<PathBuf> {
    std::env::current_dir().map_err(|e| {
        Error::Failure(
            text!("cannot read the working folder: ", "无法读取当前工作文件夹：").then("", "", &io_reason(&e)),
        )
    })
}

/// Whether `dir` looks like a folder huzhu wrote (or is writing): its marker, a journal, or the files
/// of a run or an experiment from before the marker existed.
fn is_huzhu_output(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.is_empty()
        || names.iter().any(|n| {
            n == MARKER
                || n.ends_with(".partial.csv")
                || ["manifest.json", "sweep.csv", "sensitivity.csv"].contains(&n.as_str())
        })
}

impl OutputFolder {
    /// Claims `target` for this process: refuses a file, or a folder that huzhu did not write unless
    /// `force`; takes the lock (exit 1, naming the other process, when another command holds it); and
    /// removes what interrupted commands left.
    pub fn claim(target: &Path, force: bool) -> Result<OutputFolder> {
        if target.file_name().is_none() {
            return Err(Error::input(
                "--out",
                None,
                text!(
                    "{target} names no folder of its own; allowed: a folder such as results/mine",
                    "{target} 没有指明自己的文件夹；允许：形如 results/mine 的文件夹",
                    target = target.display()
                ),
            ));
        }
        if target.exists() && !target.is_dir() {
            return Err(Error::input(
                "--out",
                None,
                text!(
                    "{target} is a file; allowed: a folder for the results (new, or one huzhu wrote)",
                    "{target} 是一个文件；允许：存放结果的文件夹（新建的，或 huzhu 写过的）",
                    target = target.display()
                ),
            ));
        }
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(Io::Create, parent, &e))?;
        }
        let lock = beside(target, "lock");
        take_lock(&lock, target)?;
        let folder = OutputFolder {
            target: target.to_path_buf(),
            staging: beside(target, &format!("staging-{}", std::process::id())),
            lock,
            staged: false,
        };
        // With the lock held, what ended commands left goes first: their temporaries are huzhu's.
        folder.remove_leftovers();
        if target.is_dir() && !force && !is_huzhu_output(target) {
            return Err(Error::input(
                "--out",
                None,
                text!(
                    "{target} holds files that huzhu did not write; allowed: a new folder, one huzhu wrote, or --force to replace it",
                    "{target} 中有不是 huzhu 写出的文件；允许：新文件夹、huzhu 写过的文件夹，或用 --force 替换它",
                    target = target.display()
                ),
            ));
        }
        Ok(folder)
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The marker of the folder now in place, if any (a sweep's plan is in it).
    pub fn marker(&self) -> Option<String> {
        std::fs::read_to_string(self.target.join(MARKER)).ok()
    }

    /// Writes one file into the staging folder, made on the first write.
    pub fn write(&mut self, name: &str, content: &str) -> Result<()> {
        let path = self.staged_path(name)?;
        std::fs::write(&path, content).map_err(|e| Error::io(Io::Write, &path, &e))
    }

    /// Where a file of the staging folder goes, for files written by parts.
    pub fn staged_path(&mut self, name: &str) -> Result<PathBuf> {
        if !self.staged {
            if self.staging.exists() {
                std::fs::remove_dir_all(&self.staging).map_err(|e| Error::io(Io::Remove, &self.staging, &e))?;
            }
            std::fs::create_dir(&self.staging).map_err(|e| Error::io(Io::Create, &self.staging, &e))?;
            self.staged = true;
        }
        Ok(self.staging.join(name))
    }

    /// Marks the staged files as huzhu's (with `note`, e.g. a sweep's plan) and moves them into place,
    /// replacing the target.
    pub fn commit(mut self, note: &str) -> Result<()> {
        self.write(MARKER, &format!("# huzhu output folder\n{note}"))?;
        let old = beside(&self.target, &format!("old-{}", std::process::id()));
        let had = self.target.exists();
        if had {
            std::fs::rename(&self.target, &old).map_err(|e| Error::io(Io::MoveAside, &self.target, &e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io(Io::MoveIntoPlace, &self.target, &e));
        }
        self.staged = false;
        if had {
            std::fs::remove_dir_all(&old).map_err(|e| Error::io(Io::Remove, &old, &e))?;
        }
        Ok(())
    }

    /// Removes the staging and replaced folders beside the target whose process has ended, and the
    /// temporary files such a process left inside the target.
    fn remove_leftovers(&self) {
        let name = self
            .target
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let parent = self
            .target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dead = |file: &str, prefix: &str| {
            file.strip_prefix(prefix)
                .and_then(|pid| pid.parse::<u32>().ok())
                .is_some_and(|pid| !alive(pid))
        };
        // A folder moved aside by a process that ended before moving its own into place: nothing else
        // holds the results now, so they go back first.
        if !self.target.exists() {
            if let Ok(entries) = std::fs::read_dir(parent) {
                for entry in entries.filter_map(|e| e.ok()) {
                    let file = entry.file_name().to_string_lossy().into_owned();
                    if dead(&file, &format!(".{name}.old-")) {
                        let _ = std::fs::rename(entry.path(), &self.target);
                        break;
                    }
                }
            }
        }
        if let Ok(entries) = std::fs::read_dir(parent) {
            for entry in entries.filter_map(|e| e.ok()) {
                let file = entry.file_name().to_string_lossy().into_owned();
                if dead(&file, &format!(".{name}.staging-")) || dead(&file, &format!(".{name}.old-")) {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
                if dead(&file, &format!(".{name}.lock.")) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        if let Ok(entries) = std::fs::read_dir(&self.target) {
            for entry in entries.filter_map(|e| e.ok()) {
                let file = entry.file_name().to_string_lossy().into_owned();
                if let Some((_, pid)) = file.strip_prefix('.').and_then(|f| f.rsplit_once(".tmp-")) {
                    if pid.parse::<u32>().is_ok_and(|pid| !alive(pid)) {
                        let _ = std::fs::remove_file(entry.path());
                    }
                }
            }
        }
    }
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        if self.staged {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        let _ = std::fs::remove_file(&self.lock);
    }
}

/// Takes the lock file. It is written aside first (`.NAME.lock.PID`) and then linked into place, which
/// fails if a lock is there: so a lock is never seen half-written, and of two commands one wins. A lock
/// whose process has ended is stale and taken over.
fn take_lock(lock: &Path, target: &Path) -> Result<()> {
    let command: Vec<String> = std::env::args().collect();
    let content = format!("{}\n{}\n", std::process::id(), command.join(" "));
    let mine = lock.with_file_name(format!(
        "{}.{}",
        lock.file_name()
            .map_or("lock".into(), |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    std::fs::write(&mine, &content).map_err(|e| Error::io(Io::Write, &mine, &e))?;
    let taken = (|| {
        for _ in 0..3 {
            match std::fs::hard_link(&mine, lock) {
                Ok(()) => return Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let held = std::fs::read_to_string(lock).unwrap_or_default();
                    let mut lines = held.lines();
                    match lines.next().and_then(|p| p.trim().parse::<u32>().ok()) {
                        Some(pid) if alive(pid) => {
                            return Err(Error::Failure(text!(
                                "{target} is being written by process {pid} ({command}); wait for it to end, or use another --out",
                                "{target} 正由进程 {pid}（{command}）写入；请等它结束，或换一个 --out",
                                target = target.display(),
                                command = lines.next().unwrap_or("huzhu")
                            )))
                        }
                        _ => {
                            let _ = std::fs::remove_file(lock);
                        }
                    }
                }
                Err(e) => return Err(Error::io(Io::Create, lock, &e)),
            }
        }
        Err(Error::Failure(text!(
            "cannot take the lock {lock} of {target}: another command keeps taking it",
            "无法取得 {target} 的锁 {lock}：另一个命令一直占用它",
            lock = lock.display(),
            target = target.display()
        )))
    })();
    let _ = std::fs::remove_file(&mine);
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_commit_replaces_the_folder_with_exactly_the_new_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let mut first = OutputFolder::claim(&target, false).unwrap();
        first.write("a.csv", "1").unwrap();
        first.write("old.csv", "1").unwrap();
        first.commit("").unwrap();
        let mut second = OutputFolder::claim(&target, false).unwrap();
        second.write("a.csv", "2").unwrap();
        second.commit("").unwrap();
        assert_eq!(names(&target), [MARKER, "a.csv"]);
        assert_eq!(std::fs::read_to_string(target.join("a.csv")).unwrap(), "2");
        assert_eq!(names(dir.path()), ["out"], "no lock, staging or old folder is left");
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let first = OutputFolder::claim(&target, false).unwrap();
        let err = OutputFolder::claim(&target, false).err().unwrap();
        assert_eq!(err.exit_code(), 1);
        assert!(err.to_string().contains(&std::process::id().to_string()), "{err}");
        drop(first);
        assert!(
            OutputFolder::claim(&target, false).is_ok(),
            "the lock goes with the first"
        );
    }

    #[test]
    fn an_abandoned_staging_folder_and_lock_are_removed_by_the_next_claim() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        // A process id that is not running: far above the kernel's limit.
        std::fs::write(beside(&target, "lock"), "4999999\nhuzhu run\n").unwrap();
        std::fs::create_dir(beside(&target, "staging-4999999")).unwrap();
        let folder = OutputFolder::claim(&target, false).unwrap();
        drop(folder);
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    fn a_folder_huzhu_did_not_write_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("thesis");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("chapter1.tex"), "mine").unwrap();
        let err = OutputFolder::claim(&target, false).err().unwrap();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("--force"), "{err}");
        let mut forced = OutputFolder::claim(&target, true).unwrap();
        forced.write("a.csv", "1").unwrap();
        forced.commit("").unwrap();
        assert_eq!(names(&target), [MARKER, "a.csv"]);
    }

    #[test]
    fn a_folder_dropped_without_commit_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let mut f = OutputFolder::claim(&target, false).unwrap();
        f.write("a.csv", "1").unwrap();
        drop(f);
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }
}
