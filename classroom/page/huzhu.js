// The simulator's interface, in the page's worker and in the tests under Node: text goes into the
// WebAssembly module's memory, a function runs, and its text comes back (hz_out_ptr, hz_out_len).
function huzhuApi(instance) {
  const x = instance.exports;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const put = (text) => {
    const bytes = encoder.encode(text);
    const at = x.hz_alloc(bytes.length);
    new Uint8Array(x.memory.buffer, at, bytes.length).set(bytes);
    return [at, bytes.length];
  };
  const out = () => decoder.decode(new Uint8Array(x.memory.buffer, x.hz_out_ptr(), x.hz_out_len()));
  return {
    // A new run of a scenario (TOML) and its village table (CSV, or none): {handle, toml}. A refusal is
    // thrown with its message in both languages (error.texts: {en, zh}).
    create(toml, table) {
      const [sp, sl] = put(toml);
      const [tp, tl] = table ? put(table) : [0, 0];
      const handle = x.hz_new(sp, sl, tp, tl);
      x.hz_free(sp, sl);
      if (table) x.hz_free(tp, tl);
      const text = out();
      if (!handle) {
        const texts = JSON.parse(text);
        throw Object.assign(new Error(texts.en), { texts });
      }
      return { handle, toml: text };
    },
    step(handle, months) {
      return x.hz_step(handle, months);
    },
    // 0 last month, 1 timeseries.csv, 2 scenario TOML, 3 village view, 4 villages, 5 effects.
    report(handle, what, other) {
      const ok = x.hz_report(handle, what, other || 0);
      const text = out();
      if (!ok) throw new Error(text);
      return text;
    },
    drop(handle) {
      x.hz_drop(handle);
    },
  };
}
if (typeof module !== "undefined") module.exports = { huzhuApi };
