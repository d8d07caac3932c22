// The classroom page: settings and sliders, a worker that runs huzhu's model (WebAssembly), charts that
// grow month by month, A against B with the same seeds, a village drawn as its network, a county from
// its own village table, and the TOML and CSV that reproduce what is on screen with `huzhu run`.
"use strict";

const DATA = JSON.parse(document.getElementById("data").textContent);

const WORDS = {
  zh: {
    title: "huzhu 课堂：农村互助养老模拟",
    intro: "真实的 huzhu 模型在浏览器中运行（无需安装、无需联网）：拖动滑块改变政策与情景，点击“运行”，图表逐月增长。下载的情景文件用 huzhu run 运行，得到完全相同的数字。",
    mode: "模式", mode_class: "课堂实验", mode_county: "县域规划（村庄表）", scenario: "情景",
    county: "村庄表", drop: "把村庄表（CSV，与 villages.file 相同格式）拖到这里，或选择文件",
    example_county: "使用示例县（40个村，虚构）", programme: "比较的项目",
    levers: "政策工具与情景", run: "运行设置", ab: "A/B 对比（同一随机种子）", keep_a: "将当前设置存为 A",
    a_none: "A：尚未保存，将使用当前情景的原始设置", a_kept: "A：已保存（{0}）",
    watch: "逐月观看（较慢）", run_button: "运行", pause: "暂停", resume: "继续", step: "单步（一个月）", reset: "重置",
    download_toml: "下载情景（TOML）", download_csv: "下载结果（CSV）",
    village_view: "观察一个村", village_note: "第 1 次重复运行的第 1 个村：圆点为村民（同户相邻），线为关系（红：亲属，绿：邻里，灰：熟人），粗线为本月的照料（橙：互助，蓝：家庭，紫：正式，青：志愿）。外出者在右侧一列。",
    colour_by: "着色", by_age: "年龄", by_need: "照料需求", by_willing: "互助意愿", by_status: "是否在村",
    footer: "huzhu：农村互助养老主体建模仿真。模型说明见 docs/MODEL.md；课堂练习见 docs/classroom.md。结果为模拟，仅供教学与研究。",
    months_done: "{0}：第 {1} / {2} 月（{3} 年）", finished: "完成：{0} 个月，用时 {1} 秒", running: "运行中…", paused: "已暂停",
    ready: "就绪。选择情景并点击“运行”。", loading: "正在加载模型…",
    effects: "B 相对于 A（模拟末年均值，配对差值及95%置信区间）", metric: "指标", diff: "差值（B − A）", sig_note: "粗体：置信区间不含 0",
    villages: "各村结果（模拟末年，按照料需求未满足比例排序）", village: "村", rank: "排名",
    effect: "项目效果（未满足比例）", table_loaded: "已读入 {0}：{1} 个村", need_table: "请先拖入村庄表或选择示例县",
    none: "无", years: "模拟年数", villages_n: "村庄数", replicates: "重复运行次数", seed: "随机种子",
    on: "开启", age_0: "0–15 岁", age_1: "16–59 岁", age_2: "60–79 岁", age_3: "80 岁及以上",
    need_0: "无需求", need_1: "轻度", need_2: "中度失能", need_3: "重度失能",
    willing_1: "有互助意愿", willing_0: "无互助意愿", gave: "近12个月参与过互助",
    status_1: "在村", status_0: "外出", total: "全县合计",
    chart_participation: "互助参与率（近12个月）", chart_willingness: "互助意愿率", chart_unmet: "照料需求未满足率（按时数）",
    chart_care: "照料来源（小时/月）", chart_population: "人口（人）",
  },
  en: {
    title: "huzhu classroom: rural mutual-aid elderly care",
    intro: "The real huzhu model running in your browser (no install, no network): move the sliders to change policies and the setting, press Run, and the charts grow month by month. The scenario file you download gives exactly the same numbers with huzhu run.",
    mode: "Mode", mode_class: "Classroom experiment", mode_county: "County planning (village table)", scenario: "Scenario",
    county: "Village table", drop: "Drop a village table here (CSV, as for villages.file), or choose a file",
    example_county: "Use the example county (40 villages, invented)", programme: "Programme to compare",
    levers: "Policy levers and setting", run: "Run settings", ab: "A vs B (same random seeds)", keep_a: "Keep these settings as A",
    a_none: "A: not kept yet; the scenario's own settings are used", a_kept: "A: kept ({0})",
    watch: "Watch month by month (slower)", run_button: "Run", pause: "Pause", resume: "Resume", step: "Step a month", reset: "Reset",
    download_toml: "Download scenario (TOML)", download_csv: "Download results (CSV)",
    village_view: "Watch a village", village_note: "Village 1 of replicate 1: dots are villagers (households together), lines are ties (red kin, green neighbours, grey acquaintances), thick lines this month's care (orange mutual aid, blue family, purple formal, teal volunteers). People away are in the column on the right.",
    colour_by: "Colour by", by_age: "age", by_need: "care need", by_willing: "willingness", by_status: "residence",
    footer: "huzhu: an agent-based model of rural mutual-aid elderly care. The model is described in docs/MODEL.md; lessons are in docs/classroom.md. Results are simulated, for teaching and research.",
    months_done: "{0}: month {1} of {2} ({3})", finished: "Done: {0} months in {1} s", running: "Running…", paused: "Paused",
    ready: "Ready. Choose a scenario and press Run.", loading: "Loading the model…",
    effects: "B against A (final-year means, paired differences with 95 % intervals)", metric: "metric", diff: "difference (B − A)", sig_note: "bold: the interval excludes 0",
    villages: "Villages (final year, ranked by unmet share)", village: "village", rank: "rank",
    effect: "effect of the programme (unmet share)", table_loaded: "Read {0}: {1} villages", need_table: "Drop a village table or choose the example county first",
    none: "none", years: "years", villages_n: "villages", replicates: "replicates", seed: "seed",
    on: "on", age_0: "0–15", age_1: "16–59", age_2: "60–79", age_3: "80+",
    need_0: "no need", need_1: "light", need_2: "moderate", need_3: "severe",
    willing_1: "willing to help", willing_0: "not willing", gave: "helped in the last 12 months",
    status_1: "resident", status_0: "away", total: "county total",
    chart_participation: "participation rate (last 12 months)", chart_willingness: "willingness rate", chart_unmet: "unmet share of care hours",
    chart_care: "care by source (hours a month)", chart_population: "population (persons)",
  },
};

// Sliders: the key, its range and step, and its label; a lever's switch comes with it.
const LEVERS = [
  { key: "levers.outmigration.scale", min: 0, max: 3, step: 0.1, lever: "outmigration", zh: "青壮年外出务工（外出率倍数）", en: "outmigration of the young (× leaving rates)" },
  { key: "network.meet_strong_month", min: 0, max: 1, step: 0.05, zh: "强关系（亲属、邻里）每月见面概率", en: "strong ties (kin, neighbours): chance to meet a month" },
  { key: "network.meet_weak_month", min: 0, max: 0.5, step: 0.01, zh: "弱关系（熟人）每月见面概率", en: "weak ties (acquaintances): chance to meet a month" },
  { key: "levers.time_bank.government_backing", min: 0, max: 1, step: 0.05, lever: "time_bank", zh: "时间银行：政府担保比例", en: "time bank: share backed by the government" },
  { key: "levers.happiness_home.places_per_1000", min: 0, max: 50, step: 1, lever: "happiness_home", zh: "农村互助幸福院：每千人床位", en: "happiness home: places per 1000 residents" },
  { key: "levers.subsidy.budget_per_1000_month", min: 0, max: 10000, step: 250, lever: "subsidy", zh: "政府财政补贴：每千人每月（元/月）", en: "subsidy: yuan per 1000 residents a month" },
  { key: "levers.cultural_campaign.strength", min: 0, max: 1, step: 0.05, lever: "cultural_campaign", zh: "敬老孝老文化宣传：强度（每年）", en: "cultural campaign: strength (per year)" },
  { key: "cadres.misconduct_month", min: 0, max: 0.1, step: 0.005, zh: "村干部失范：每月概率", en: "cadre misconduct: chance a month" },
  { key: "levers.supervision.strength", min: 0, max: 1, step: 0.05, lever: "supervision", zh: "监督管理：强度", en: "supervision: strength" },
];
const RUN = [
  { key: "run.years", min: 1, max: 20, step: 1, word: "years" },
  { key: "villages.count", min: 1, max: 10, step: 1, word: "villages_n" },
  { key: "run.replicates", min: 1, max: 10, step: 1, word: "replicates" },
  { key: "run.seed", min: 0, max: 9999, step: 1, word: "seed" },
];
const PROGRAMMES = ["happiness_home", "time_bank", "subsidy", "cultural_campaign", "supervision"];
const LEVER_NAMES = {
  outmigration: ["青壮年外出务工", "outmigration"], time_bank: ["时间银行", "time bank"],
  happiness_home: ["农村互助幸福院", "happiness home"], subsidy: ["政府财政补贴", "subsidy"],
  cultural_campaign: ["敬老孝老文化宣传与表彰", "cultural campaign"], supervision: ["监督管理", "supervision"],
};
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];
const SOURCE_COLOURS = ["#1f77b4", "#ff7f0e", "#9467bd", "#17becf"];
const TIE_COLOURS = ["rgba(180,40,40,0.45)", "rgba(40,150,60,0.45)", "rgba(140,140,140,0.12)"];

let lang = "zh";
const state = {
  mode: "class", values: {}, a: null, table: null, tableName: null, running: false, paused: false,
  id: 0, series: [], labels: [], tomls: [], csv: [], done: null, view: null, error: null,
};
window.huzhuPage = state;

const $ = (id) => document.getElementById(id);
const t = (key, ...args) => (WORDS[lang][key] || key).replace(/\{(\d)\}/g, (_, k) => args[k]);
const number = (x, digits) =>
  x == null || !isFinite(x) ? "–" : new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en", { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(x);
const digitsFor = (name) => (/_rate$|^mean_/.test(name) ? 3 : 0);

// A resolved scenario (flat `key = value` lines) as an ordered map, and back.
function parseToml(text) {
  const map = new Map();
  for (const line of text.split("\n")) {
    const at = line.indexOf(" = ");
    if (at > 0) map.set(line.slice(0, at), line.slice(at + 3));
  }
  return map;
}
function writeToml(map) {
  return [...map].map(([k, v]) => `${k} = ${v}`).join("\n") + "\n";
}
const defaultOf = (key) => DATA.defaults[key];

// The settings on screen applied to a scenario: every slider that differs from the scenario's value.
function scenarioText(base, values, name) {
  const map = parseToml(base);
  if (name) map.set("name", JSON.stringify(name));
  for (const s of [...LEVERS, ...RUN]) {
    if (state.mode === "county" && s.key === "villages.count") continue;
    const v = values[s.key];
    const own = map.has(s.key) ? Number(map.get(s.key)) : Number(defaultOf(s.key));
    if (v !== undefined && Number(v) !== own) map.set(s.key, String(v));
  }
  for (const lever of Object.keys(LEVER_NAMES)) {
    const key = `levers.${lever}.on`;
    const own = (map.has(key) ? map.get(key) : defaultOf(key)) === "true";
    if (values[key] !== undefined && values[key] !== own) map.set(key, String(values[key]));
  }
  if (state.mode === "county" && state.tableName) map.set("villages.file", JSON.stringify(state.tableName));
  return writeToml(map);
}

function baseScenario() {
  return state.mode === "county" ? DATA.county.toml : DATA.scenarios[$("scenario").value].toml;
}

// Slider values from a scenario's text (its own value, or the default).
function valuesOf(base) {
  const map = parseToml(base);
  const values = {};
  for (const s of [...LEVERS, ...RUN]) {
    let v = Number(map.has(s.key) ? map.get(s.key) : defaultOf(s.key));
    if (s.key === "villages.count") v = Math.min(v, 10);
    if (s.key === "run.replicates") v = Math.min(v, 10);
    if (s.key === "run.years") v = Math.min(v, 20);
    values[s.key] = v;
  }
  for (const lever of Object.keys(LEVER_NAMES)) {
    const key = `levers.${lever}.on`;
    values[key] = (map.has(key) ? map.get(key) : defaultOf(key)) === "true";
  }
  return values;
}

function buildControls() {
  const select = $("scenario");
  select.innerHTML = "";
  for (const name of DATA.order) {
    const o = document.createElement("option");
    o.value = name;
    o.textContent = name;
    select.appendChild(o);
  }
  const programme = $("programme");
  programme.innerHTML = "";
  for (const p of PROGRAMMES) {
    const o = document.createElement("option");
    o.value = p;
    o.textContent = LEVER_NAMES[p][lang === "zh" ? 0 : 1];
    programme.appendChild(o);
  }
  const make = (box, list) => {
    box.innerHTML = "";
    for (const s of list) {
      const div = document.createElement("div");
      div.className = "slider";
      const id = "s-" + s.key.replace(/\./g, "-");
      const label = s.word ? t(s.word) : s[lang];
      let html = "";
      if (s.lever) html += `<label class="switch"><input type="checkbox" id="${id}-on" data-key="levers.${s.lever}.on"> ${LEVER_NAMES[s.lever][lang === "zh" ? 0 : 1]}：${t("on")}</label>`;
      html += `<label for="${id}">${label}</label><input type="range" id="${id}" min="${s.min}" max="${s.max}" step="${s.step}" data-key="${s.key}"><output id="${id}-out"></output>`;
      div.innerHTML = html;
      box.appendChild(div);
    }
  };
  make($("sliders"), LEVERS);
  make($("run-sliders"), RUN);
  for (const input of document.querySelectorAll("#controls input[data-key]")) {
    input.addEventListener("input", () => {
      const key = input.dataset.key;
      state.values[key] = input.type === "checkbox" ? input.checked : Number(input.value);
      // Moving a lever's slider turns the lever on, as `--set` does.
      const s = LEVERS.find((x) => x.key === key);
      if (s && s.lever) state.values[`levers.${s.lever}.on`] = true;
      showValues();
    });
  }
}

function showValues() {
  for (const input of document.querySelectorAll("#controls input[data-key]")) {
    const v = state.values[input.dataset.key];
    if (input.type === "checkbox") input.checked = !!v;
    else {
      input.value = v;
      const out = $(input.id + "-out");
      const s = [...LEVERS, ...RUN].find((x) => x.key === input.dataset.key);
      // Years and seeds are names, not amounts: no thousands separator.
      if (out) out.textContent = s.word ? String(v) : number(v, s.step < 1 ? String(s.step).split(".")[1].length : 0);
    }
  }
  $("s-villages-count").disabled = state.mode === "county";
  $("a-status").textContent = state.a ? t("a_kept", state.a.label) : t("a_none");
}

function chooseScenario() {
  state.values = valuesOf(baseScenario());
  const d = DATA.scenarios[$("scenario").value];
  $("scenario-description").textContent = d ? d.description : "";
  showValues();
}

function setLanguage(l) {
  lang = l;
  document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  $("lang-zh").classList.toggle("on", l === "zh");
  $("lang-en").classList.toggle("on", l === "en");
  const programme = $("programme").value;
  const scenario = $("scenario").value;
  buildControls();
  $("programme").value = programme || PROGRAMMES[0];
  $("scenario").value = scenario || DATA.order[0];
  showValues();
  $("pause").textContent = state.paused ? t("resume") : t("pause");
  redraw();
  if (state.done) showResults(state.done);
  if (state.error) showError(state.error);
}

// --- The worker -------------------------------------------------------------------------------------

const worker = new Worker(URL.createObjectURL(new Blob([document.getElementById("worker-source").textContent], { type: "text/javascript" })));
worker.onerror = (e) => showError(e.message || String(e));
worker.onmessage = (event) => {
  const m = event.data;
  if (m.type === "ready") {
    state.ready = true;
    $("status").textContent = t("ready");
    return;
  }
  if (m.id !== state.id) return;
  if (m.type === "started") {
    state.tomls = m.toml;
  } else if (m.type === "month") {
    m.latest.forEach((l, k) => state.series[k].push(l));
    if (m.view) state.view = m.view;
    const l = m.latest[m.latest.length - 1];
    $("status").textContent = t("months_done", state.paused ? t("paused") : t("running"), m.done, m.months, Math.floor(l.year));
    scheduleRedraw();
  } else if (m.type === "done") {
    state.running = false;
    state.done = m;
    state.csv = m.csv;
    state.view = m.view;
    $("status").textContent = t("finished", state.series[0].length, number(m.seconds, 2));
    $("download-toml").disabled = false;
    $("download-csv").disabled = false;
    redraw();
    showResults(m);
  } else if (m.type === "error") {
    state.running = false;
    showError(m.message);
  }
};
worker.postMessage({ type: "init", wasm: document.getElementById("wasm").textContent.trim() });

// A message is text, or the model's refusal in both languages ({en, zh}), shown in the page's language.
function showError(message) {
  state.error = message;
  $("error").hidden = false;
  $("error").textContent = typeof message === "object" ? message[lang] : message;
}

function start(paused) {
  $("error").hidden = true;
  state.error = null;
  if (state.mode === "county" && !state.table) return showError(t("need_table"));
  const base = baseScenario();
  let runs;
  if (state.mode === "county") {
    const a = scenarioText(base, { ...state.values }, "county_baseline");
    const p = $("programme").value;
    const b = scenarioText(base, { ...state.values, [`levers.${p}.on`]: true }, `county_${p}`);
    runs = [{ label: t("none"), toml: a }, { label: LEVER_NAMES[p][lang === "zh" ? 0 : 1], toml: b }];
  } else if ($("ab").checked) {
    const a = state.a ? state.a.toml : scenarioText(base, valuesOf(base), "A");
    // A and B share the run settings shown, so that the same seeds pair them.
    const runKeys = parseToml(scenarioText(base, state.values, "B"));
    const am = parseToml(a);
    for (const s of RUN) if (runKeys.has(s.key)) am.set(s.key, runKeys.get(s.key)); else am.delete(s.key);
    am.set("name", '"A"');
    runs = [{ label: "A", toml: writeToml(am) }, { label: "B", toml: scenarioText(base, state.values, "B") }];
  } else {
    runs = [{ label: $("scenario").value, toml: scenarioText(base, state.values) }];
  }
  state.id += 1;
  state.series = runs.map(() => []);
  state.labels = runs.map((r) => r.label);
  state.view = null;
  state.done = null;
  state.running = true;
  state.paused = !!paused;
  $("pause").textContent = state.paused ? t("resume") : t("pause");
  $("effects").innerHTML = "";
  $("villages").innerHTML = "";
  $("download-toml").disabled = true;
  $("download-csv").disabled = true;
  worker.postMessage({
    type: "start", id: state.id, tomls: runs.map((r) => r.toml), table: state.mode === "county" ? state.table : null,
    watch: $("watch").checked && state.mode !== "county", delay: 30, paused: !!paused,
  });
}

// --- Charts ------------------------------------------------------------------------------------------

let pending = false;
function scheduleRedraw() {
  if (!pending) {
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      redraw();
    });
  }
}

const CHARTS = [
  { id: "participation", metrics: ["participation_rate"], share: true },
  { id: "willingness", metrics: ["willingness_rate"], share: true },
  { id: "unmet", metrics: ["unmet_rate"], share: true },
  { id: "care", metrics: ["family_hours", "mutual_hours", "formal_hours", "volunteer_hours", "unmet_hours"], stack: true },
  { id: "population", metrics: ["residents", "away", "elderly", "in_need"] },
];
const CARE_NAMES = {
  zh: { family_hours: "家庭照料", mutual_hours: "互助照料", formal_hours: "正式照料", volunteer_hours: "志愿服务", unmet_hours: "未满足", residents: "常住人口", away: "外出人口", elderly: "60岁及以上常住老年人", in_need: "有照料需求者" },
  en: { family_hours: "family", mutual_hours: "mutual aid", formal_hours: "formal", volunteer_hours: "volunteers", unmet_hours: "unmet", residents: "residents", away: "away", elderly: "residents 60+", in_need: "in need" },
};

function setupCharts() {
  const box = $("charts");
  box.innerHTML = "";
  for (const c of CHARTS) {
    const f = document.createElement("figure");
    f.innerHTML = `<canvas id="chart-${c.id}" width="640" height="360"></canvas>`;
    box.appendChild(f);
  }
}

function redraw() {
  for (const c of CHARTS) drawChart(c);
  drawVillage();
}

function drawChart(c) {
  const canvas = $("chart-" + c.id);
  const g = canvas.getContext("2d");
  const W = canvas.width, H = canvas.height, L = 62, R = 14, T = 34, B = 70;
  g.fillStyle = "#fff";
  g.fillRect(0, 0, W, H);
  g.fillStyle = "#222";
  g.font = "bold 16px system-ui, sans-serif";
  g.textAlign = "center";
  g.fillText(t("chart_" + c.id), W / 2, 20);
  const runs = state.series;
  const months = runs.length ? runs[0].length && runs[0][0].months : 0;
  if (!months) return;
  // Lines: one per run (a band of 95 %) and metric; a stack: the last run's care by source.
  const lines = [];
  if (c.stack) {
    const run = runs[runs.length - 1];
    let base = run.map(() => 0);
    c.metrics.forEach((m, k) => {
      const top = run.map((l, i) => base[i] + (l.values[m][0] || 0));
      lines.push({ colour: COLOURS[k], label: CARE_NAMES[lang][m], points: run.map((l, i) => [l.year, top[i], base[i]]), fill: true });
      base = top;
    });
  } else {
    runs.forEach((run, r) =>
      c.metrics.forEach((m, k) => {
        const name = c.metrics.length > 1 ? CARE_NAMES[lang][m] + (runs.length > 1 ? ` (${state.labels[r]})` : "") : state.labels[r];
        lines.push({ colour: COLOURS[(c.metrics.length > 1 ? k : r) % COLOURS.length], dash: c.metrics.length > 1 && r === 0 && runs.length > 1, label: name, points: run.map((l) => [l.year, ...l.values[m]]) });
      }),
    );
  }
  const first = runs[0][0].year;
  const x0 = first, x1 = first + months / 12;
  let y0 = 0, y1 = 0;
  for (const l of lines) for (const p of l.points) for (const v of p.slice(1)) if (v != null && isFinite(v)) y1 = Math.max(y1, v);
  // Ticks at round numbers (1, 2 or 5 times a power of ten), the axis up to the first above the data.
  const raw = Math.max(c.share ? 0.05 : 1, y1) / 4;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const tick = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  y1 = Math.ceil(Math.max(y1, tick) / tick) * tick;
  if (c.share) y1 = Math.min(1, y1);
  const ticks = Math.round(y1 / tick);
  const X = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const Y = (y) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  // Axes and ticks: whole years, at most one label a year.
  g.strokeStyle = "#ccc";
  g.lineWidth = 1;
  g.font = "12px system-ui, sans-serif";
  g.fillStyle = "#444";
  const span = Math.ceil(x1 - x0);
  const every = Math.max(1, Math.ceil(span / 10));
  g.textAlign = "center";
  for (let yr = Math.ceil(x0); yr <= x1; yr += every) {
    g.beginPath(); g.moveTo(X(yr), T); g.lineTo(X(yr), H - B); g.stroke();
    g.fillText(String(yr), X(yr), H - B + 16);
  }
  g.textAlign = "right";
  for (let k = 0; k <= ticks; k++) {
    const y = k * tick;
    g.beginPath(); g.moveTo(L, Y(y)); g.lineTo(W - R, Y(y)); g.stroke();
    g.fillText(number(y, c.share ? (tick < 0.1 ? 2 : 1) : 0), L - 6, Y(y) + 4);
  }
  for (const l of lines) {
    const pts = l.points.filter((p) => p[1] != null);
    if (!pts.length) continue;
    g.globalAlpha = l.fill ? 0.75 : 0.15;
    g.fillStyle = l.colour;
    g.beginPath();
    pts.forEach((p, i) => (i ? g.lineTo(X(p[0]), Y(l.fill ? p[1] : p[3])) : g.moveTo(X(p[0]), Y(l.fill ? p[1] : p[3]))));
    for (let i = pts.length - 1; i >= 0; i--) g.lineTo(X(pts[i][0]), Y(l.fill ? pts[i][2] : pts[i][2]));
    g.closePath();
    g.fill();
    g.globalAlpha = 1;
    if (!l.fill) {
      g.strokeStyle = l.colour;
      g.lineWidth = 2;
      g.setLineDash(l.dash ? [6, 4] : []);
      g.beginPath();
      pts.forEach((p, i) => (i ? g.lineTo(X(p[0]), Y(p[1])) : g.moveTo(X(p[0]), Y(p[1]))));
      g.stroke();
      g.setLineDash([]);
    }
  }
  // The key, below the plot and outside the data.
  let kx = L, ky = H - B + 36;
  g.textAlign = "left";
  for (const l of lines) {
    const w = g.measureText(l.label).width + 34;
    if (kx + w > W - R) { kx = L; ky += 18; }
    g.fillStyle = l.colour;
    g.fillRect(kx, ky - 8, 18, l.fill ? 10 : 3);
    g.fillStyle = "#222";
    g.fillText(l.label, kx + 24, ky);
    kx += w;
  }
}

// --- The village -------------------------------------------------------------------------------------

function colourOf(p, by) {
  // p: [id, household, age, resident, need, willing, gave, identity]
  if (by === "age") return ["#9ecae1", "#4292c6", "#fd8d3c", "#a63603"][p[2] < 16 ? 0 : p[2] < 60 ? 1 : p[2] < 80 ? 2 : 3];
  if (by === "need") return ["#c7e9c0", "#fdd0a2", "#fd8d3c", "#d94801"][p[4]];
  if (by === "willing") return p[6] ? "#e6550d" : p[5] ? "#31a354" : "#bdbdbd";
  return p[3] ? "#3182bd" : "#bdbdbd";
}

function keyOf(by) {
  if (by === "age") return [0, 1, 2, 3].map((k) => [colourOf([0, 0, [0, 30, 70, 85][k], 1, 0, 0, 0], by), t("age_" + k)]);
  if (by === "need") return [0, 1, 2, 3].map((k) => [colourOf([0, 0, 0, 1, k], by), t("need_" + k)]);
  if (by === "willing") return [["#e6550d", t("gave")], ["#31a354", t("willing_1")], ["#bdbdbd", t("willing_0")]];
  return [["#3182bd", t("status_1")], ["#bdbdbd", t("status_0")]];
}

function drawVillage() {
  const canvas = $("village");
  const g = canvas.getContext("2d");
  const W = canvas.width, H = canvas.height;
  g.fillStyle = "#fff";
  g.fillRect(0, 0, W, H);
  const by = $("colour-by").value;
  $("village-key").innerHTML = keyOf(by).map(([c, w]) => `<div><span style="background:${c}"></span>${w}</div>`).join("");
  const v = state.view;
  if (!v) return;
  // Households around a ring in the order of their number, as the model's neighbourhood ring holds
  // them (neighbour ties are short chords, kin and acquaintances cross); a household's members stand
  // one behind the other outwards; people away in a column on the right.
  const cx = (W - 120) / 2, cy = H / 2, ring = Math.min(cx, cy) - 60;
  const households = [...new Set(v.people.filter((p) => p[3]).map((p) => p[1]))].sort((a, b) => a - b);
  const place = new Map(households.map((h, k) => [h, (2 * Math.PI * k) / households.length]));
  const at = new Map();
  let away = 0;
  const members = new Map();
  for (const p of v.people) {
    if (!p[3]) {
      at.set(p[0], [W - 60 + (away % 4) * 12 - 18, 14 + Math.floor(away / 4) * 10]);
      away++;
      continue;
    }
    const k = members.get(p[1]) || 0;
    members.set(p[1], k + 1);
    const a = place.get(p[1]), r = ring + 7 * k;
    at.set(p[0], [cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  g.lineWidth = 0.6;
  for (const [a, b, kind] of v.ties) {
    const pa = at.get(a), pb = at.get(b);
    if (!pa || !pb || pa[0] > W - 120 || pb[0] > W - 120) continue;
    g.strokeStyle = TIE_COLOURS[kind];
    g.beginPath(); g.moveTo(pa[0], pa[1]); g.lineTo(pb[0], pb[1]); g.stroke();
  }
  g.lineWidth = 2.2;
  for (const [from, to, source] of v.gifts) {
    const pa = at.get(from), pb = at.get(to);
    if (!pa || !pb || from === to) continue;
    g.strokeStyle = SOURCE_COLOURS[source];
    g.beginPath(); g.moveTo(pa[0], pa[1]); g.lineTo(pb[0], pb[1]); g.stroke();
  }
  for (const p of v.people) {
    const q = at.get(p[0]);
    g.fillStyle = colourOf(p, by);
    g.beginPath(); g.arc(q[0], q[1], p[3] ? 2.6 : 2, 0, 6.283); g.fill();
  }
}

// --- Results tables ----------------------------------------------------------------------------------

const METRIC_WORDS = {
  zh: { participation_rate: "互助参与率（近12个月）", willingness_rate: "互助意愿率", unmet_rate: "照料需求未满足率（按时数）", unmet_adl_rate: "失能者照料需求未完全满足占比", isolated_rate: "独居老人社会孤立率", public_spending: "公共财政支出（元/月）" },
  en: { participation_rate: "participation rate", willingness_rate: "willingness rate", unmet_rate: "unmet share of care hours", unmet_adl_rate: "ADL need not fully met", isolated_rate: "isolated living alone", public_spending: "public spending (yuan a month)" },
};

const cell = (s, digits) => `${number(s[0], digits)} [${number(s[1], digits)} – ${number(s[2], digits)}]`;

function showResults(m) {
  if (m.effects && m.effects.length) {
    const rows = m.effects.map((e) => {
      const d = digitsFor(e.metric);
      return `<tr><td>${METRIC_WORDS[lang][e.metric]}</td><td class="n">${number(e.a, d)}</td><td class="n">${number(e.b, d)}</td><td class="n${e.significant ? " sig" : ""}">${cell(e.diff, d)}</td></tr>`;
    });
    $("effects").innerHTML = `<h2>${t("effects")}</h2><table id="effects-table"><tr><th>${t("metric")}</th><th>A</th><th>B</th><th>${t("diff")}</th></tr>${rows.join("")}</table><p class="note">${t("sig_note")}</p>`;
  }
  if (m.villages && m.villages.length) {
    const order = m.villages.map((v, i) => i).sort((a, b) => (m.villages[b].values.unmet_rate[0] || 0) - (m.villages[a].values.unmet_rate[0] || 0));
    const head = `<tr><th>${t("rank")}</th><th>${t("village")}</th><th>${CARE_NAMES[lang].elderly}</th><th>${lang === "zh" ? "农村留守老年人" : "left-behind older people"}</th><th>${CARE_NAMES[lang].in_need}</th><th>${METRIC_WORDS[lang].unmet_rate}</th><th>${t("effect")}</th></tr>`;
    const rows = order.map((i, r) => {
      const v = m.villages[i], e = v.effect;
      const sig = e && e[1] != null && (e[1] > 0 || e[2] < 0);
      return `<tr><td class="n">${r + 1}</td><td>${escapeHtml(v.name)}</td><td class="n">${number(v.values.elderly[0], 0)}</td><td class="n">${number(v.values.left_behind[0], 0)}</td><td class="n">${number(v.values.in_need[0], 0)}</td><td class="n">${cell(v.values.unmet_rate, 3)}</td><td class="n${sig ? " sig" : ""}">${e ? cell(e, 3) : "–"}</td></tr>`;
    });
    $("villages").innerHTML = `<h2>${t("villages")}</h2><table id="villages-table">${head}${rows.join("")}</table>`;
  }
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function download(name, text, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
}

// --- Wiring ------------------------------------------------------------------------------------------

function readTable(name, text) {
  state.table = text.replace(/^\uFEFF/, "");
  state.tableName = name;
  const rows = state.table.split(/\r?\n/).filter((l) => l.trim()).length - 1;
  $("table-status").textContent = t("table_loaded", name, rows);
}

function setMode(mode) {
  state.mode = mode;
  $("class-only").hidden = mode === "county";
  $("county-only").hidden = mode !== "county";
  state.values = valuesOf(baseScenario());
  showValues();
}

setupCharts();
buildControls();
$("programme").value = PROGRAMMES[0];
chooseScenario();
setLanguage("zh");
$("status").textContent = t("loading");
$("lang-zh").onclick = () => setLanguage("zh");
$("lang-en").onclick = () => setLanguage("en");
$("scenario").onchange = chooseScenario;
$("colour-by").onchange = drawVillage;
for (const r of document.querySelectorAll("input[name=mode]")) r.onchange = () => setMode(r.value);
$("run").onclick = () => start(false);
$("pause").onclick = () => {
  if (!state.running) return;
  state.paused = !state.paused;
  worker.postMessage({ type: state.paused ? "pause" : "resume" });
  $("pause").textContent = state.paused ? t("resume") : t("pause");
};
$("step").onclick = () => {
  if (!state.running) {
    // A new run, paused, and its first month.
    start(true);
    worker.postMessage({ type: "step" });
    return;
  }
  if (!state.paused) {
    state.paused = true;
    worker.postMessage({ type: "pause" });
    $("pause").textContent = t("resume");
  }
  worker.postMessage({ type: "step" });
};
$("reset").onclick = () => {
  worker.postMessage({ type: "pause" });
  state.id += 1;
  state.running = false;
  state.series = [];
  state.view = null;
  state.done = null;
  chooseScenario();
  redraw();
  $("effects").innerHTML = "";
  $("villages").innerHTML = "";
  $("status").textContent = t("ready");
};
$("watch").onchange = () => worker.postMessage({ type: "watch", watch: $("watch").checked, delay: 30 });
$("keep-a").onclick = () => {
  state.a = { toml: scenarioText(baseScenario(), state.values, "A"), label: $("scenario").value };
  showValues();
};
$("download-toml").onclick = () => state.tomls.forEach((text, k) => download(`${state.labels.length > 1 ? "ab_" + "AB"[k] : "scenario"}.toml`, text, "application/toml"));
$("download-csv").onclick = () => state.csv.forEach((text, k) => download(`timeseries${state.csv.length > 1 ? "_" + "AB"[k] : ""}.csv`, text, "text/csv"));
$("example-county").onclick = () => readTable(DATA.county.file, DATA.county.table);
$("table-file").onchange = (e) => {
  const f = e.target.files[0];
  if (f) f.text().then((text) => readTable(f.name, text));
};
const drop = $("drop");
drop.ondragover = (e) => { e.preventDefault(); drop.classList.add("over"); };
drop.ondragleave = () => drop.classList.remove("over");
drop.ondrop = (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  const f = e.dataTransfer.files[0];
  if (f) f.text().then((text) => readTable(f.name, text));
};
