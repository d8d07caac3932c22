"""Puts docs/classroom.html together: the page's template, style and script, the worker's scripts, the
WebAssembly module (base64) and the bundled scenarios (resolved by `huzhu check --resolved`).

Usage: python3 inline.py HUZHU_BINARY MODULE.wasm OUT.html
"""
import base64
import json
import pathlib
import subprocess
import sys

here = pathlib.Path(__file__).parent
repo = here.parent.parent
huzhu, wasm, out = sys.argv[1:4]

# The scenarios a lesson picks from, in the order of docs/classroom.md's experiments.
SCENARIOS = [
    "classroom", "classroom_time_bank", "high_outmigration", "market_alienation", "time_bank",
    "happiness_home", "cultural_campaign", "cadre_misconduct", "supervision", "subsidy", "low_identity",
]


def resolved(name, *sets):
    args = [huzhu, "check", "--resolved", str(repo / "scenarios" / f"{name}.toml")]
    for s in sets:
        args += ["--set", s]
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=repo).stdout


def description(toml):
    for line in toml.splitlines():
        if line.startswith("description = "):
            return json.loads(line[len("description = "):])
    return ""


scenarios = {}
for name in SCENARIOS:
    # Bundled scenarios of 30 villages and 10 replicates start at the page's limits (10 and 10).
    text = resolved(name)
    scenarios[name] = {"toml": text, "description": description(text)}
county = resolved("county_example", "run.replicates=5")
params = subprocess.run([huzhu, "params"], check=True, capture_output=True, text=True).stdout
defaults = {}
for line in params.splitlines()[1:]:
    cells = line.split("\t")
    defaults[cells[0]] = cells[1]
data = {
    "order": SCENARIOS,
    "scenarios": scenarios,
    "county": {
        "toml": county,
        "file": "county_example.csv",
        "table": (repo / "scenarios" / "county_example.csv").read_text(encoding="utf-8"),
    },
    "defaults": defaults,
}
version = subprocess.run([huzhu, "--version"], check=True, capture_output=True, text=True).stdout.split()[-1]


def script_safe(text):
    # Inside <script>, "</" would end the element early.
    return text.replace("</", "<\\/")


page = (here / "index.html").read_text(encoding="utf-8")
parts = {
    "/*STYLE*/": (here / "style.css").read_text(encoding="utf-8"),
    "/*DATA*/": script_safe(json.dumps(data, ensure_ascii=False, sort_keys=True)),
    "/*WORKER*/": script_safe((here / "huzhu.js").read_text(encoding="utf-8") + (here / "worker.js").read_text(encoding="utf-8")),
    "/*WASM*/": base64.b64encode(pathlib.Path(wasm).read_bytes()).decode("ascii"),
    "/*PAGE*/": script_safe((here / "page.js").read_text(encoding="utf-8")),
}
page = page.replace("VERSION", version)
for marker, text in parts.items():
    page = page.replace(marker, text, 1)
pathlib.Path(out).write_text(page, encoding="utf-8")
print(f"{out}: {len(page.encode('utf-8')):,} bytes")
