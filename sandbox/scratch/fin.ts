import ivm from 'isolated-vm';
import { build } from 'esbuild';
import { createBacktest } from '@strata/engine';
import { compileStrategy } from '../src/compile/compile-strategy.ts';
import { buildConfigJson } from '../src/pool/run-request.ts';
import { resolveLimits } from '../src/limits.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../src/testing/fixtures.ts';
import { loadTrustedDefinitionInProcess } from '../src/testing/load-in-node.ts';
const r = await build({ entryPoints: [new URL('./entry-probe.ts', import.meta.url).pathname], bundle: true, write: false, format: 'iife', globalName: '__s', platform: 'neutral', mainFields: ['module', 'main'], target: 'es2023' });
const code = `(function(){"use strict";${r.outputFiles[0]!.text}\nreturn __s.default;})()`;
const N = 1_000_000;
const series = [syntheticSeries(N)];
const def = await loadTrustedDefinitionInProcess(SMA_CROSS_SOURCE);
for (let i = 0; i < 3; i++) {
  const bt = createBacktest({ strategy: def, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10000 });
  let t = performance.now(); bt.step(bt.length); const st = performance.now() - t; t = performance.now(); bt.finish(); console.log('plain steps', st.toFixed(1), 'finish', (performance.now() - t).toFixed(1));
}
const { js } = await compileStrategy(SMA_CROSS_SOURCE);
const configJson = buildConfigJson({ seed: 1, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10000, limits: resolveLimits({}) });
for (let rep = 0; rep < 2; rep++) for (const noharden of [false, true]) for (const mode of ['engine', 'full']) {
  const iso = new ivm.Isolate({ memoryLimit: Number(process.env.ML ?? 200) });
  const ctx = await iso.createContext();
  if (noharden) await ctx.eval('globalThis.NOHARDEN = true');
  const d = await (await iso.compileScript(code)).run(ctx, { reference: true });
  const f = await (await iso.compileScript(`(function (module, exports, require) {"use strict";${js}\n})`, { filename: 'strategy.js' })).run(ctx, { reference: true });
  const packed = new Float64Array(6 * N); const b = series[0]!.bars; [b.time, b.open, b.high, b.low, b.close, b.volume].forEach((c, k) => packed.set(c, k * N));
  const buf = new ivm.ExternalCopy(packed.buffer, { transferOut: true }).copyInto({ release: true, transferIn: true });
  await d.apply(undefined, ['start', (f as any).derefInto(), configJson, buf], { result: { copy: true } });
  let t = performance.now();
  await d.apply(undefined, ['step', N], { result: { copy: true } });
  const st = performance.now() - t; t = performance.now();
  const out = await d.apply(undefined, ['finish', mode], { result: { copy: true } });
  console.log(noharden ? 'noharden' : 'harden', mode, 'steps', st.toFixed(1), 'finish', (performance.now() - t).toFixed(1), out.ok);
  iso.dispose();
}
