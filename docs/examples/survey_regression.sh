#!/usr/bin/env bash
# Runs docs/examples/survey_regression.py in a virtual environment of its own, installing pandas and
# statsmodels there from PyPI the first time. Arguments go to the script (see its --help).
#   bash docs/examples/survey_regression.sh                 # the worked example of docs/hypotheses.md
#   bash docs/examples/survey_regression.sh --small --check # what CI runs
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${HUZHU_VENV:-target/examples-venv}
if [ ! -x "$venv/bin/python" ]; then
    # Debian keeps venv's pip in a package of its own.
    if ! python3 -c "import ensurepip" 2>/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    fi
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import pandas, statsmodels" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pandas>=2" "statsmodels>=0.14"
fi
exec "$venv/bin/python" docs/examples/survey_regression.py "$@"
