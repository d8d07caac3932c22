import csv, sys, math, statistics as st
from collections import defaultdict
def finals(path):
    rows = list(csv.DictReader(open(path)))
    months = max(int(r['month']) for r in rows)
    acc = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if int(r['month']) > months - 12:
            for k, v in r.items():
                if k not in ('scenario','replicate','seed','month','year'):
                    acc[k][r['replicate']].append(float(v))
    return {k: [sum(v)/len(v) for v in reps.values()] for k, reps in acc.items()}
a, b = finals(sys.argv[1]), finals(sys.argv[2])
main = ['strong_ties','weak_ties','willingness_rate','participation_rate','unmet_rate','unmet_adl_rate','isolated_rate','mean_identity','mean_trust','public_spending','residents','elderly','in_need']
bad = 0
for m in main:
    x, y = a[m], b[m]
    d = st.mean(y) - st.mean(x)
    se = math.sqrt(st.variance(x)/len(x) + st.variance(y)/len(y)) if len(x) > 1 else 0
    ok = abs(d) <= 2.03 * se + 1e-12
    bad += not ok
    print(f"| {m} | {st.mean(x):.4f} | {st.mean(y):.4f} | {d:+.4f} ± {2.03*se:.4f} | {'yes' if ok else 'NO'} |")
print("all agree" if bad == 0 else f"{bad} differ")
