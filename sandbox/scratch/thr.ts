import ivm from 'isolated-vm';
import { buildRuntimeBundle } from '../src/isolate/runtime-bundle.ts';
import { compileStrategy } from '../src/compile/compile-strategy.ts';
import { buildConfigJson } from '../src/pool/run-request.ts';
import { resolveLimits } from '../src/limits.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../src/testing/fixtures.ts';
const full = await buildRuntimeBundle();
const variants: Record<string, string> = { full, noHarden: full.replace('hardenRealm();', '/*h*/') };
const N = 1_000_000;
const series = [syntheticSeries(N)];
const { js } = await compileStrategy(process.argv[2] === 'bare' ? `import { defineStrategy } from '@strata/sdk';\nexport default defineStrategy({ apiVersion: 1, onBar() {} });` : SMA_CROSS_SOURCE);
const configJson = buildConfigJson({ seed: 1, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10000, limits: resolveLimits({}) });
for (let rep = 0; rep < 3; rep++) for (const [label, code] of Object.entries(variants)) {
  const iso = new ivm.Isolate({ memoryLimit: 200 });
  const ctx = await iso.createContext();
  const d = await (await iso.compileScript(code)).run(ctx, { reference: true });
  const f = await (await iso.compileScript(`(function (module, exports, require) {"use strict";${js}\n})`, { filename: 'strategy.js' })).run(ctx, { reference: true });
  const packed = new Float64Array(6 * N); const b = series[0]!.bars; [b.time, b.open, b.high, b.low, b.close, b.volume].forEach((c, k) => packed.set(c, k * N));
  const t0 = performance.now();
  const buf = new ivm.ExternalCopy(packed.buffer, { transferOut: true }).copyInto({ release: true, transferIn: true });
  const s = await d.apply(undefined, ['start', (f as any).derefInto(), configJson, buf], { result: { copy: true } });
  const t1 = performance.now();
  for (let i = 100_000; i <= N; i += 100_000) await d.apply(undefined, ['step', i], { result: { copy: true } });
  const t2 = performance.now();
  const out = await d.apply(undefined, ['finish'], { result: { copy: true } });
  const t3 = performance.now();
  console.log(label, 'start', (t1 - t0).toFixed(1), 'steps', (t2 - t1).toFixed(1), 'finish', (t3 - t2).toFixed(1), out.ok, s.ok);
  iso.dispose();
}
