"""The survey regression of docs/hypotheses.md: does interaction with weak ties raise, and with strong ties
lower, willingness to provide mutual aid (ref. [5] of the source paper)?

Runs a scenario, draws a synthetic household survey of it with `huzhu survey`, fits the logistic
regression such surveys fit (willingness on strong- and weak-tie interaction, with the usual controls),
and puts the survey-style coefficients beside the model's own decision coefficients
(behaviour.beta.strong, behaviour.beta.weak). Run it through survey_regression.sh, which installs pandas
and statsmodels into a virtual environment.
"""

import argparse
import math
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf


def huzhu_command():
    """The huzhu binary: $HUZHU, or the release build of this repository (built if missing)."""
    if os.environ.get("HUZHU"):
        return [os.environ["HUZHU"]]
    binary = os.path.join("target", "release", "huzhu")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
    return [binary]


def parameter(huzhu, key):
    """A default from `huzhu params`."""
    table = subprocess.run(huzhu + ["params"], check=True, capture_output=True, text=True).stdout
    for line in table.splitlines():
        cells = line.split("\t")
        if cells[0] == key:
            return float(cells[1])
    raise KeyError(key)


def fit(data, formula):
    model = smf.logit(formula, data=data).fit(disp=False)
    table = pd.DataFrame(
        {"coef": model.params, "se": model.bse, "ci_low": model.conf_int()[0], "ci_high": model.conf_int()[1]}
    )
    return model, table


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/baseline.toml")
    parser.add_argument("--year", type=int, default=2029, help="survey year (end of)")
    parser.add_argument("--years", type=int, default=10, help="years to simulate")
    parser.add_argument("--sample", type=int, default=6000)
    parser.add_argument("--out", default="results/survey_regression")
    parser.add_argument("--small", action="store_true", help="a quick run: 6 villages, 3 years, 1500 respondents")
    parser.add_argument("--check", action="store_true", help="fail unless the fit and the comparison are sound")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="passed to huzhu survey")
    args = parser.parse_args()
    huzhu = huzhu_command()
    run = ["--years", str(args.years)]
    if args.small:
        args.year, args.sample = 2022, 1500
        run = ["--years", "3", "--set", "villages.count=6"]
    subprocess.run(
        huzhu
        + ["survey", args.scenario, "--year", str(args.year), "--sample", str(args.sample), "--min-age", "45"]
        + run
        + [x for kv in args.set for x in ("--set", kv)]
        + ["--out", args.out, "--force", "--quiet"],
        check=True,
    )
    survey = pd.read_csv(os.path.join(args.out, "survey.csv"))
    # Willingness is asked of those who could give mutual aid (the model's eligible: 50-79, no care need).
    data = survey[survey.eligible == 1].copy()
    data["ln_strong"] = np.log1p(data.met_strong)
    data["ln_weak"] = np.log1p(data.met_weak)
    data["age10"] = (data.age - 60) / 10
    data["female"] = (data.sex == "F").astype(int)
    data["married"] = (data.marital == "married").astype(int)
    data["with_child"] = (data.living == "with_child").astype(int)

    # As surveys usually fit it: interaction and demographic controls, no attitudes.
    _, survey_style = fit(data, "willing ~ ln_strong + ln_weak + age10 + female + married + with_child + children_away")
    # With the attitudes the model's decision also reads.
    _, with_attitudes = fit(
        data, "willing ~ ln_strong + ln_weak + age10 + female + married + with_child + children_away + identity + trust"
    )
    decision = {
        "ln_strong": -parameter(huzhu, "behaviour.beta.strong"),
        "ln_weak": parameter(huzhu, "behaviour.beta.weak"),
        "age10": -parameter(huzhu, "behaviour.beta.age"),
        "identity": parameter(huzhu, "behaviour.beta.identity"),
        "trust": parameter(huzhu, "behaviour.beta.trust"),
    }
    rows = []
    for term, truth in decision.items():
        for name, table in [("survey_style", survey_style), ("with_attitudes", with_attitudes)]:
            if term in table.index:
                r = table.loc[term]
                rows.append(
                    {"term": term, "fit": name, "coef": r.coef, "se": r.se, "ci_low": r.ci_low, "ci_high": r.ci_high,
                     "model_decision_coef": truth}
                )
    result = pd.DataFrame(rows)
    result.to_csv(os.path.join(args.out, "regression.csv"), index=False, float_format="%.4f")
    print(f"{len(data)} eligible respondents of {len(survey)}; willing {data.willing.mean():.3f}")
    print(result.to_string(index=False, float_format=lambda x: f"{x:.3f}"))

    if args.check:
        assert len(data) > 200, "too few eligible respondents"
        assert result.coef.map(math.isfinite).all() and result.se.map(math.isfinite).all(), "a coefficient is not finite"
        assert (result.se > 0).all() and (result.coef.abs() < 100).all(), "a fit did not converge"
        expected = {("ln_strong", "survey_style"), ("ln_weak", "survey_style"), ("identity", "with_attitudes")}
        assert expected <= set(zip(result.term, result.fit)), "a term of the comparison is missing"
        assert os.path.exists(os.path.join(args.out, "survey_codebook.md")), "no codebook"
        print("check: both fits converged and the comparison with the model's coefficients is complete")


if __name__ == "__main__":
    sys.exit(main())
