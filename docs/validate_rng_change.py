"""Checks that a change of which random numbers are drawn keeps the model's distribution.

    python3 docs/validate_rng_change.py BEFORE AFTER

BEFORE and AFTER are timeseries.csv files (several runs may be pooled, comma-separated, in the same
order on both sides). The runs use the same seeds on both sides: replicate r of a seed starts from the
same village sizes in both builds (the size draw is unchanged), so the test is paired, replicate by
replicate. For each main metric it prints the final-year mean before and after, the difference with
the 95 % interval of two independent means (Welch: the issue's test, "agree within their 95 %
intervals"), and the paired difference with its 95 % interval, a much stricter test when most draws
are unchanged, and says whether each interval holds zero.
"""
import csv, sys, math, statistics as st
from collections import defaultdict

MAIN = ['strong_ties', 'weak_ties', 'willingness_rate', 'participation_rate', 'unmet_rate', 'unmet_adl_rate',
        'isolated_rate', 'mean_identity', 'mean_trust', 'public_spending', 'residents', 'elderly', 'in_need']


def finals(paths):
    """Final-year means per (run, replicate)."""
    acc = defaultdict(lambda: defaultdict(list))
    for n, path in enumerate(paths.split(',')):
        rows = list(csv.DictReader(open(path)))
        months = max(int(r['month']) for r in rows)
        for r in rows:
            if int(r['month']) > months - 12:
                for k in MAIN:
                    acc[k][(n, r['replicate'])].append(float(r[k]))
    return {k: {rep: sum(v) / len(v) for rep, v in reps.items()} for k, reps in acc.items()}


a, b = finals(sys.argv[1]), finals(sys.argv[2])
bad = bad_paired = 0
print("| metric | before | after | difference ± 95 % (means) | agree | paired difference ± 95 % | agree |")
print("|---|---|---|---|---|---|---|")
for m in MAIN:
    reps = sorted(a[m])
    diffs = [b[m][r] - a[m][r] for r in reps]
    d = st.mean(diffs)
    x, y = [a[m][r] for r in reps], [b[m][r] for r in reps]
    welch = 1.96 * math.sqrt(st.variance(x) / len(x) + st.variance(y) / len(y))
    half = 1.96 * st.stdev(diffs) / math.sqrt(len(diffs))
    ok, ok_paired = abs(d) <= welch + 1e-12, abs(d) <= half + 1e-12
    bad += not ok
    bad_paired += not ok_paired
    yes = lambda b: 'yes' if b else 'NO'
    print(f"| {m} | {st.mean(x):,.4f} | {st.mean(y):,.4f} | {d:+,.4f} ± {welch:,.4f} | {yes(ok)} "
          f"| {d:+,.4f} ± {half:,.4f} | {yes(ok_paired)} |")
print(f"{len(reps)} replicates; means: " + ("all agree" if bad == 0 else f"{bad} differ")
      + "; paired: " + ("all agree" if bad_paired == 0 else f"{bad_paired} differ"))
