"""Coverage of huzhu fit's 90 % credible intervals (docs/experiments.md): simulate the small test
scenario at known parameter values drawn from the priors, fit them back, and count how often each 90 %
interval holds the truth. Python's standard library only; run from the repository:

    python3 docs/examples/fit_coverage.py [--experiments 20]
"""

import argparse
import csv
import os
import random
import statistics
import subprocess
import tempfile
import time

SCENARIO = """name = "coverage"
[run]
years = 3
replicates = 1
[villages]
count = 4
population = { mean = 800, sd = 100, min = 400 }
"""
PRIORS = {"care.tie_match": (0.01, 0.2), "behaviour.beta.identity": (0.5, 5.0)}
METRICS = ["participation_rate", "willingness_rate", "unmet_rate"]


def final_year(path):
    rows = list(csv.DictReader(open(path)))
    last = max(int(r["month"]) for r in rows)
    out = []
    for m in METRICS:
        reps = {}
        for r in rows:
            if int(r["month"]) + 12 > last:
                reps.setdefault(r["replicate"], []).append(float(r[m]))
        means = [statistics.mean(v) for v in reps.values()]
        out.append((statistics.mean(means), max(statistics.stdev(means), 0.005)))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--experiments", type=int, default=20)
    parser.add_argument("--huzhu", default=os.path.join("target", "release", "huzhu"))
    args = parser.parse_args()
    args.huzhu = os.path.abspath(args.huzhu)
    rng = random.Random(2026)
    covered = {k: 0 for k in PRIORS}
    started = time.time()
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "s.toml"), "w").write(SCENARIO)
        for e in range(args.experiments):
            truth = {k: rng.uniform(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo)) for k, (lo, hi) in PRIORS.items()}
            sets = [x for k, v in truth.items() for x in ("--set", f"{k}={v}")]
            subprocess.run([args.huzhu, "run", "s.toml", *sets, "--replicates", "6", "--seed", str(100 + e),
                            "--out", "truth", "--force", "--quiet", "--no-report"], cwd=d, check=True,
                           stdout=subprocess.DEVNULL)
            with open(os.path.join(d, "t.toml"), "w") as f:
                for m, (v, sd) in zip(METRICS, final_year(os.path.join(d, "truth", "timeseries.csv"))):
                    f.write(f'[[target]]\nmetric = "{m}"\nwindow = "final_year"\nvalue = {v}\nsd = {sd}\n\n')
            vary = [x for k, (lo, hi) in PRIORS.items() for x in ("--vary", f"{k}={lo}:{hi}")]
            subprocess.run([args.huzhu, "fit", "s.toml", "--targets", "t.toml", *vary, "--particles", "60",
                            "--budget", "600", "--seed", str(5000 + e), "--out", "fit", "--force", "--quiet"],
                           cwd=d, check=True, stdout=subprocess.DEVNULL)
            post = {r["parameter"]: r for r in csv.DictReader(open(os.path.join(d, "fit", "posterior.csv")))}
            marks = []
            for k, v in truth.items():
                lo, hi = float(post[k]["ci90_low"]), float(post[k]["ci90_high"])
                covered[k] += lo <= v <= hi
                marks.append(f"{k} {v:.3f} in [{lo:.3f}, {hi:.3f}]: {'yes' if lo <= v <= hi else 'no'}")
            print(f"{e + 1:>2}. " + "; ".join(marks), flush=True)
    print(f"{args.experiments} experiments in {time.time() - started:.0f} s")
    for k, n in covered.items():
        print(f"{k}: 90 % interval held the truth in {n} of {args.experiments}")


if __name__ == "__main__":
    main()
