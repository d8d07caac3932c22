// Runs resolved scenario files in the WebAssembly module under Node and writes each one's
// timeseries.csv, for .ci/classroom to compare byte for byte with `huzhu run`.
// Usage: node wasm-run.js MODULE.wasm OUT_DIR SCENARIO.toml [TABLE.csv] ...
const fs = require("fs");
const path = require("path");
const { huzhuApi } = require("../page/huzhu.js");

const [wasm, out, ...files] = process.argv.slice(2);
const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasm)), {});
const api = huzhuApi(instance);
for (let k = 0; k < files.length; k++) {
  const file = files[k];
  const table = files[k + 1] && files[k + 1].endsWith(".csv") ? fs.readFileSync(files[++k], "utf8") : null;
  const started = process.hrtime.bigint();
  const run = api.create(fs.readFileSync(file, "utf8"), table);
  while (api.step(run.handle, 12) < JSON.parse(api.report(run.handle, 0)).months);
  const csv = api.report(run.handle, 1);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  api.drop(run.handle);
  const name = path.basename(file, ".toml");
  fs.writeFileSync(path.join(out, name + ".csv"), csv);
  console.log(`${name}: ${seconds.toFixed(2)} s in WebAssembly`);
}
