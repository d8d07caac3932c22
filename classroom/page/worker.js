// The page's Web Worker: runs the simulations (one, or A and B with the same seeds) a month at a time
// and posts each month's values, so that the page stays responsive and its charts grow as it runs.
let api = null;
let job = null;

function post(message) {
  self.postMessage(message);
}

function finish() {
  const runs = job.runs;
  const result = { type: "done", id: job.id, csv: [], toml: [], seconds: (performance.now() - job.started) / 1000 };
  for (const r of runs) {
    result.csv.push(api.report(r.handle, 1));
    result.toml.push(r.toml);
  }
  // The watched village as the run left it, watched or not.
  result.view = JSON.parse(api.report(runs[runs.length - 1].handle, 3, 0));
  if (runs.length === 2) result.effects = JSON.parse(api.report(runs[1].handle, 5, runs[0].handle));
  if (job.table) {
    const last = runs[runs.length - 1].handle;
    result.villages = JSON.parse(api.report(last, 4, runs.length === 2 ? runs[0].handle : 0));
  }
  post(result);
}

// Steps every run by `months` and posts the new month (and the watched village, if any).
function advance(months) {
  let done = 0;
  for (const r of job.runs) done = api.step(r.handle, months);
  const latest = job.runs.map((r) => JSON.parse(api.report(r.handle, 0)));
  const message = { type: "month", id: job.id, done, months: job.months, latest };
  if (job.watch) message.view = JSON.parse(api.report(job.runs[job.runs.length - 1].handle, 3, 0));
  post(message);
  if (done >= job.months) {
    finish();
    job.running = false;
  }
  return done;
}

function loop() {
  if (!job || !job.running) return;
  // Several months at a time when nothing is watched: a county runs at full speed.
  const started = performance.now();
  do {
    if (advance(1) >= job.months) return;
  } while (!job.watch && performance.now() - started < 50);
  setTimeout(loop, job.watch ? job.delay : 0);
}

self.onmessage = (event) => {
  const m = event.data;
  try {
    if (m.type === "init") {
      const bytes = Uint8Array.from(atob(m.wasm), (c) => c.charCodeAt(0));
      const { instance } = await_instance(bytes);
      api = huzhuApi(instance);
      post({ type: "ready" });
    } else if (m.type === "start") {
      if (job) job.runs.forEach((r) => api.drop(r.handle));
      job = { id: m.id, runs: [], table: m.table, watch: m.watch, delay: m.delay || 0, running: !m.paused };
      job.started = performance.now();
      for (const toml of m.tomls) job.runs.push(api.create(toml, m.table));
      job.months = JSON.parse(api.report(job.runs[0].handle, 0)).months;
      post({ type: "started", id: m.id, toml: job.runs.map((r) => r.toml), months: job.months });
      loop();
    } else if (m.type === "pause") {
      if (job) job.running = false;
    } else if (m.type === "resume") {
      if (job && !job.running) {
        job.running = true;
        loop();
      }
    } else if (m.type === "step") {
      if (job && !job.running) advance(1);
    } else if (m.type === "watch") {
      if (job) {
        job.watch = m.watch;
        job.delay = m.delay || 0;
      }
    }
  } catch (e) {
    post({ type: "error", id: m.id, message: e.texts || String(e.message || e) });
  }
};

// Instantiates the module synchronously (a worker may compile a large module without blocking the page).
function await_instance(bytes) {
  const module = new WebAssembly.Module(bytes);
  return { instance: new WebAssembly.Instance(module, {}) };
}
