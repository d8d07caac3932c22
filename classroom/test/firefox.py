"""Opens docs/classroom.html from file:// in headless Firefox, driven over WebDriver BiDi (built into Firefox,
no geckodriver), runs the classroom scenario and checks that the page's timeseries.csv is `huzhu run`'s for
the TOML it gives, with no error logged; saves a screenshot.

Usage: python3 firefox.py HUZHU_BINARY WORK_DIR
"""
import base64
import json
import pathlib
import socket
import subprocess
import sys
import time

from websockets.sync.client import connect

repo = pathlib.Path(__file__).resolve().parents[2]
huzhu, work = str(pathlib.Path(sys.argv[1]).resolve()), pathlib.Path(sys.argv[2]).resolve()
work.mkdir(parents=True, exist_ok=True)
(work / "profile").mkdir(exist_ok=True)
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
firefox = subprocess.Popen(
    ["firefox-esr", "--headless", "--no-remote", "--profile", str(work / "profile"),
     f"--remote-debugging-port={port}", "about:blank"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            ws = connect(f"ws://127.0.0.1:{port}/session", max_size=None, open_timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        sys.exit("firefox: no WebDriver BiDi endpoint")
    with ws:
        ids = iter(range(1, 1 << 30))
        errors = []

        def call(method, params):
            k = next(ids)
            ws.send(json.dumps({"id": k, "method": method, "params": params}))
            while True:
                m = json.loads(ws.recv(timeout=300))
                if m.get("type") == "event":
                    if m["method"] == "log.entryAdded" and m["params"].get("level") == "error":
                        errors.append(m["params"].get("text"))
                    continue
                if m.get("id") == k:
                    if m.get("type") == "error":
                        raise RuntimeError(f"{method}: {m}")
                    return m["result"]

        call("session.new", {"capabilities": {}})
        call("session.subscribe", {"events": ["log.entryAdded"]})
        context = call("browsingContext.getTree", {})["contexts"][0]["context"]
        call("browsingContext.setViewport", {"context": context, "viewport": {"width": 1500, "height": 1500}})
        call("browsingContext.navigate", {"context": context, "url": (repo / "docs" / "classroom.html").as_uri(), "wait": "none"})

        def value(expression):
            r = call("script.evaluate", {"expression": expression, "target": {"context": context}, "awaitPromise": False})
            if r.get("type") != "success":
                return None
            return r["result"].get("value")

        def wait(expression, seconds):
            end = time.time() + seconds
            while time.time() < end:
                if value(f"!!({expression})"):
                    return True
                time.sleep(0.2)
            return False

        if not wait("window.huzhuPage && window.huzhuPage.ready", 60):
            sys.exit(f"firefox: the model did not load ({errors})")
        value("document.getElementById('watch').checked = false; document.getElementById('run').click(); 1")
        if not wait("window.huzhuPage.done !== null || window.huzhuPage.error !== null", 120):
            sys.exit("firefox: the run did not finish")
        error = value("window.huzhuPage.error")
        if error:
            sys.exit(f"firefox: the page reported an error: {error}")
        seconds = value("window.huzhuPage.done.seconds")
        toml, page_csv = value("window.huzhuPage.tomls[0]"), value("window.huzhuPage.csv[0]")
        (work / "scenario.toml").write_text(toml, encoding="utf-8")
        subprocess.run([huzhu, "run", "scenario.toml", "--out", "out", "--quiet", "--no-report", "--force"],
                       cwd=work, check=True, stdout=subprocess.DEVNULL)
        same = (work / "out" / "timeseries.csv").read_text(encoding="utf-8") == page_csv
        shot = call("browsingContext.captureScreenshot", {"context": context})["data"]
        (work / "firefox.png").write_bytes(base64.b64decode(shot))
        version = subprocess.run(["firefox-esr", "--version"], capture_output=True, text=True).stdout.strip()
        call("session.end", {})
        if errors or not same:
            sys.exit(f"firefox: same numbers as huzhu run: {same}; errors logged: {errors}")
        print(f"firefox ({version}): the classroom scenario ran in {seconds:.2f} s in the page; timeseries.csv equals huzhu run's; no errors")
finally:
    firefox.terminate()
    try:
        firefox.wait(timeout=20)
    except subprocess.TimeoutExpired:
        firefox.kill()
