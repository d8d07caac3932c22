"""Opens docs/classroom.html in headless Chromium (from file://, offline) and uses it as a teacher would:
runs the classroom scenario, moves a slider, runs A against B, watches the village, switches language,
runs the example county and a county of 200 villages, and drops a bad village table (refused in both
languages). Fails on a page error, a blank chart or village, or numbers that differ from `huzhu run` of
the TOML the page gives; prints the times it measured.

Usage: python3 page.py HUZHU_BINARY WORK_DIR [--update-screenshot]
"""
import csv
import io
import pathlib
import subprocess
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

repo = pathlib.Path(__file__).resolve().parents[2]
huzhu, work = str(pathlib.Path(sys.argv[1]).resolve()), pathlib.Path(sys.argv[2]).resolve()
update = "--update-screenshot" in sys.argv
work.mkdir(parents=True, exist_ok=True)

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--window-size=1500,1900", f"--user-data-dir={work / 'profile'}"]:
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
# The page is ready when its worker says so, not at the load event (which a blob worker can hold up).
options.page_load_strategy = "none"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def js(script, *args):
    return driver.execute_script(script, *args)


def wait(condition, seconds, what):
    end = time.time() + seconds
    while time.time() < end:
        if js(f"return {condition}"):
            return True
        time.sleep(0.1)
    check(False, f"timed out after {seconds} s waiting for {what}")
    return False


def run_and_wait(seconds=120):
    started = time.time()
    js("document.getElementById('run').click()")
    wait("window.huzhuPage.done !== null || window.huzhuPage.error !== null", seconds, "the run to finish")
    error = js("return window.huzhuPage.error")
    check(error is None, f"the page reported an error: {error}")
    return time.time() - started, js("return window.huzhuPage.done && window.huzhuPage.done.seconds")


def same_as_cli(name, k):
    """The page's TOML run by `huzhu run` gives the page's timeseries.csv, byte for byte."""
    toml, page_csv = js(f"return [window.huzhuPage.tomls[{k}], window.huzhuPage.csv[{k}]]")
    folder = work / name
    folder.mkdir(exist_ok=True)
    (folder / "scenario.toml").write_text(toml, encoding="utf-8")
    if "villages.file" in toml:
        (folder / "county_example.csv").write_bytes((repo / "scenarios" / "county_example.csv").read_bytes())
    subprocess.run([huzhu, "run", "scenario.toml", "--out", "out", "--quiet", "--no-report", "--force"],
                   cwd=folder, check=True, stdout=subprocess.DEVNULL)
    cli_csv = (folder / "out" / "timeseries.csv").read_text(encoding="utf-8")
    check(cli_csv == page_csv, f"{name}: the page's timeseries.csv differs from huzhu run's")
    return len(list(csv.reader(io.StringIO(page_csv)))) - 1


def drawn(canvas_id):
    """The share of a canvas's pixels that are not white."""
    return js("""const c = document.getElementById(arguments[0]); const d = c.getContext('2d')
        .getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245) n++;
        return n / (c.width * c.height);""", canvas_id)


def set_slider(key, value):
    js("""const i = document.querySelector(`input[data-key='${arguments[0]}']`); i.value = arguments[1];
        i.dispatchEvent(new Event('input'));""", key, value)


driver.get((repo / "docs" / "classroom.html").as_uri())
wait("window.huzhuPage && window.huzhuPage.ready === true", 30, "the module to load")
check("互助养老" in driver.title, f"the page opens in Chinese (title {driver.title!r})")

# 1. The classroom scenario at full speed: its time, and the command line's numbers.
js("document.getElementById('watch').checked = false")
wall, inside = run_and_wait()
print(f"classroom (5 villages × 10 years × 5 replicates): {inside:.2f} s in the page's worker, {wall:.2f} s on the clock")
check(inside < 3.0, f"the classroom scenario takes {inside:.2f} s in the page (allowed: under 3 s)")
rows = same_as_cli("classroom", 0)
check(rows == 5 * 120, f"classroom: {rows} rows in timeseries.csv")
started = time.time()
subprocess.run([huzhu, "run", "scenario.toml", "--out", "native", "--quiet", "--no-report", "--force", "--threads", "1"],
               cwd=work / "classroom", check=True, stdout=subprocess.DEVNULL)
print(f"classroom natively (huzhu run, 1 thread, whole process): {time.time() - started:.2f} s")

# 2. A slider moved, A against B with the same seeds, the village watched month by month.
js("document.getElementById('keep-a').click()")
set_slider("levers.time_bank.government_backing", 0.9)
js("document.getElementById('ab').checked = true; document.getElementById('watch').checked = true")
run_and_wait()
same_as_cli("ab_A", 0)
same_as_cli("ab_B", 1)
effects = len(driver.find_elements(By.CSS_SELECTOR, "#effects-table tr")) - 1
check(effects == 6, f"the A vs B table has {effects} rows (6 metrics)")
check("levers.time_bank.on = true" in js("return window.huzhuPage.tomls[1]"), "moving the time bank's slider turns it on")
for c in ["chart-participation", "chart-willingness", "chart-unmet", "chart-care", "chart-population"]:
    share = drawn(c)
    check(share > 0.02, f"{c} is blank ({share:.3f} of pixels drawn)")
village = drawn("village")
people = js("return window.huzhuPage.view ? window.huzhuPage.view.people.length : 0")
check(village > 0.01 and people > 100, f"the village view is blank ({village:.3f} drawn, {people} people)")
driver.save_screenshot(str(work / "classroom_ab.png"))
if update:
    driver.save_screenshot(str(repo / "docs" / "classroom_page.png"))
js("document.getElementById('colour-by').value = 'willing'; drawVillage(); document.getElementById('village').scrollIntoView()")
driver.save_screenshot(str(work / "village.png"))
if update:
    driver.save_screenshot(str(repo / "docs" / "classroom_village.png"))
js("window.scrollTo(0, 0)")

# Reset, then a new run a month at a time: step starts it paused, each step adds one month.
js("document.getElementById('reset').click(); document.getElementById('ab').checked = false")
for _ in range(3):
    js("document.getElementById('step').click()")
    time.sleep(0.3)
wait("window.huzhuPage.series.length === 1 && window.huzhuPage.series[0].length === 3", 10, "three stepped months")
js("document.getElementById('pause').click()")
wait("window.huzhuPage.done !== null", 60, "the resumed run to finish")
check(js("return window.huzhuPage.series[0].length") == 120, "the resumed run reaches its 120 months")

# 3. English.
js("document.getElementById('lang-en').click()")
check("classroom" in driver.title and "Watch a village" in driver.page_source, "the page switches to English")
js("document.getElementById('lang-zh').click()")

# 4. The example county, its programme against none, and a county of 200 villages.
js("document.querySelector('input[name=mode][value=county]').click(); document.getElementById('example-county').click()")
wall, inside = run_and_wait(300)
villages = len(driver.find_elements(By.CSS_SELECTOR, "#villages-table tr")) - 1
check(villages == 40, f"the example county's table has {villages} villages")
same_as_cli("county", 1)
print(f"example county (40 villages × 10 years × 5 replicates, with and without the programme): {inside:.1f} s in the page")
driver.save_screenshot(str(work / "county.png"))
lines = (repo / "scenarios" / "county_example.csv").read_text(encoding="utf-8").splitlines()
head, body = lines[0], [l for l in lines[1:] if l.strip()]
big = [head] + [f"村{k:03d}" + row[row.index(","):] for k, row in enumerate((body * 5)[:200])]
(work / "county200.csv").write_text("\n".join(big) + "\n", encoding="utf-8")
driver.find_element(By.ID, "table-file").send_keys(str(work / "county200.csv"))
wait("document.getElementById('table-status').textContent.includes('200')", 10, "the 200-village table to be read")
js("document.getElementById('programme').value = 'happiness_home'")
wall, inside = run_and_wait(600)
villages = len(driver.find_elements(By.CSS_SELECTOR, "#villages-table tr")) - 1
check(villages == 200, f"the 200-village county's table has {villages} villages")
print(f"county of 200 villages × 10 years × 5 replicates, with and without the programme (2 runs): {inside:.1f} s in the page, {wall:.1f} s on the clock")
check(inside < 120, f"the 200-village county takes {inside:.1f} s (allowed: under 2 minutes)")

# 5. A bad village table: refused in the page's language, with its line and column, and again in English.
(work / "bad.csv").write_text("\n".join([head, body[0], body[0]]) + "\n", encoding="utf-8")
driver.find_element(By.ID, "table-file").send_keys(str(work / "bad.csv"))
wait("document.getElementById('table-status').textContent.includes('bad.csv')", 10, "the bad table to be read")
js("document.getElementById('run').click()")
wait("window.huzhuPage.error !== null", 60, "the bad table to be refused")
shown = js("return document.getElementById('error').textContent")
check("第 3 行" in shown and "`name`" in shown and "重名" in shown, f"the bad table's refusal in Chinese: {shown!r}")
js("document.getElementById('lang-en').click()")
shown = js("return document.getElementById('error').textContent")
check("line 3" in shown and "earlier village" in shown, f"the bad table's refusal in English: {shown!r}")
js("document.getElementById('lang-zh').click()")

errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
check(not errors, f"the page logged errors: {errors}")
driver.quit()
if failures:
    sys.exit(f"classroom page: {len(failures)} checks failed")
print("classroom page: opened offline, ran, A vs B, the village, both languages, the counties, a bad table refused in both languages; numbers equal huzhu run's")
