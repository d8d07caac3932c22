//! `huzhu slurm`: a script that submits a command to Slurm as a job array of shards, then the merge as a
//! job that waits for every shard to end well (`--dependency=afterok`).

use std::path::Path;

/// What the script submits, and the resources it asks for.
#[derive(Clone, Debug)]
pub struct Script<'a> {
    /// The huzhu command (the arguments after `huzhu`), without `--shard`, `--out` and `--threads`.
    pub command: &'a [String],
    pub tasks: u64,
    pub cpus: u32,
    pub partition: Option<&'a str>,
    pub time: Option<&'a str>,
    pub mem: Option<&'a str>,
    pub merge_mem: Option<&'a str>,
    pub name: &'a str,
    /// The huzhu binary, the folder the command runs in, the shards' folder and the merged results.
    pub huzhu: &'a Path,
    pub cwd: &'a Path,
    pub shards: &'a Path,
    pub out: &'a Path,
    /// The command line that made the script, for its header.
    pub made_by: &'a str,
    /// A fit: each generation is an array and a merge, and the merge submits the next generation (this
    /// script again) until the fit's results are there.
    pub generations: bool,
}

/// A word quoted for the shell (single quotes; a quote inside as '\'').
pub fn quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+%@".contains(c))
    {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

fn path(p: &Path) -> String {
    quote(&p.display().to_string())
}

impl Script<'_> {
    /// `#SBATCH` lines shared by the array and the merge.
    fn resources(&self, mem: Option<&str>) -> String {
        let mut lines = String::new();
        if let Some(p) = self.partition {
            lines.push_str(&format!("#SBATCH --partition={}\n", quote(p)));
        }
        if let Some(t) = self.time {
            lines.push_str(&format!("#SBATCH --time={}\n", quote(t)));
        }
        if let Some(m) = mem {
            lines.push_str(&format!("#SBATCH --mem={}\n", quote(m)));
        }
        lines
    }

    pub fn text(&self) -> String {
        let command: Vec<String> = self.command.iter().map(|a| quote(a)).collect();
        let command = command.join(" ");
        let last = self.tasks - 1;
        let huzhu = path(self.huzhu);
        let (cwd, shards, out) = (path(self.cwd), path(self.shards), path(self.out));
        let resources = self.resources(self.mem);
        let merge_resources = self.resources(self.merge_mem.or(self.mem));
        let (name, tasks, cpus, made_by) = (quote(self.name), self.tasks, self.cpus, self.made_by);
        let (about, merge) = if self.generations {
            (
                format!("\n# A fit's generations depend on each other: each is a job array and a merge, and the merge\n# submits the next generation (this script again) until {out}/posterior.csv is there."),
                format!("{huzhu} merge {shards}/[0-9]* --out {out}\nif [ ! -f {out}/posterior.csv ]; then\n  rm -rf {shards}/[0-9]*\n  bash \"$HUZHU_SCRIPT\"\nfi"),
            )
        } else {
            (String::new(), format!("exec {huzhu} merge {shards}/[0-9]* --out {out}"))
        };
        format!(
            r#"#!/usr/bin/env bash
# huzhu on a Slurm cluster. Made by: {made_by}
#
# Runs `huzhu {command}`
# as {tasks} shards (one job array), then merges them in a job that starts only when every shard has
# ended well. Submit both with:   bash THIS_FILE      (squeue -u "$USER" shows them)
#
# Shards go to {shards}/K (logs in {shards}/logs); the results, byte for byte those of one
# process, to {out}. If a shard fails, the merge is cancelled: run that shard again with
#   sbatch --wrap "{huzhu} {command} --shard K/{tasks} --out {out}"
# and, when it has ended well, the merge with
#   sbatch --wrap "{huzhu} merge {shards}/[0-9]* --out {out}"
# (docs/cluster.md). Edit the #SBATCH lines for your cluster (partition, account, time, memory).{about}
set -euo pipefail
self=$(readlink -f "$0")
cd {cwd}
mkdir -p {shards}/logs

array=$(sbatch --parsable <<'SHARDS'
#!/usr/bin/env bash
#SBATCH --job-name={name}
#SBATCH --array=0-{last}
#SBATCH --ntasks=1
#SBATCH --cpus-per-task={cpus}
{resources}#SBATCH --chdir={cwd}
#SBATCH --open-mode=append
#SBATCH --output={shards}/logs/shard-%a.log
set -euo pipefail
exec {huzhu} {command} --shard slurm --threads "${{SLURM_CPUS_PER_TASK:-{cpus}}}" --quiet --out {out}
SHARDS
)
array=${{array%%;*}}

merge=$(HUZHU_SCRIPT=$self sbatch --parsable --export=ALL --dependency=afterok:"$array" --kill-on-invalid-dep=yes <<'MERGE'
#!/usr/bin/env bash
#SBATCH --job-name={name}-merge
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
{merge_resources}#SBATCH --chdir={cwd}
#SBATCH --open-mode=append
#SBATCH --output={shards}/logs/merge.log
set -euo pipefail
{merge}
MERGE
)
merge=${{merge%%;*}}

echo "submitted job array $array ({tasks} shards) and merge job $merge; results in {out}"
echo "$array $merge" > {shards}/jobs
"#
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_for_the_shell_only_where_needed() {
        assert_eq!(quote("scenarios/province.toml"), "scenarios/province.toml");
        assert_eq!(quote("levers.subsidy.yuan=10"), "levers.subsidy.yuan=10");
        assert_eq!(quote("my file.toml"), "'my file.toml'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("村.toml"), "'村.toml'");
    }

    #[test]
    fn the_script_submits_the_array_then_the_merge_after_it() {
        let command: Vec<String> = ["run", "scenarios/province.toml"].map(String::from).to_vec();
        let text = Script {
            command: &command,
            tasks: 8,
            cpus: 4,
            partition: Some("compute"),
            time: Some("02:00:00"),
            mem: Some("4G"),
            merge_mem: None,
            name: "huzhu-province",
            huzhu: Path::new("/opt/huzhu"),
            cwd: Path::new("/home/me/study"),
            shards: Path::new("results/province-shards"),
            out: Path::new("results/province"),
            made_by: "huzhu slurm scenarios/province.toml --tasks 8",
            generations: false,
        }
        .text();
        assert!(text.contains("#SBATCH --array=0-7\n"));
        assert!(text.contains(
            "#SBATCH --cpus-per-task=4\n#SBATCH --partition=compute\n#SBATCH --time=02:00:00\n#SBATCH --mem=4G\n"
        ));
        assert!(text.contains("exec /opt/huzhu run scenarios/province.toml --shard slurm"));
        assert!(text.contains("--dependency=afterok:\"$array\""));
        assert!(text.contains("exec /opt/huzhu merge results/province-shards/[0-9]* --out results/province"));
        assert!(text.find("#SBATCH --array").unwrap() < text.find("afterok").unwrap());
    }
}
