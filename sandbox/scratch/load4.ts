import ivm from 'isolated-vm';
import { buildRuntimeBundle } from '../src/isolate/runtime-bundle.ts';
const b = await buildRuntimeBundle();
let cache: ivm.ExternalCopy<ArrayBuffer> | undefined;
const ts: number[][] = [];
for (let i = 0; i < 100; i++) {
  const t0 = performance.now();
  const iso = new ivm.Isolate({ memoryLimit: 64 });
  const t1 = performance.now();
  const ctx = await iso.createContext();
  const t2 = performance.now();
  const s: any = await iso.compileScript(b, cache ? { filename: 'r.js', cachedData: cache } : { filename: 'r.js', produceCachedData: true });
  if (!cache) cache = s.cachedData; else if (s.cachedDataRejected) console.log('rejected');
  const t3 = performance.now();
  await s.run(ctx, { reference: true });
  const t4 = performance.now();
  ts.push([t1 - t0, t2 - t1, t3 - t2, t4 - t3]);
  iso.dispose();
}
const med = (k: number) => ts.map((x) => x[k]!).sort((a, b) => a - b)[50]!.toFixed(2);
console.log('isolate', med(0), 'context', med(1), 'compile', med(2), 'run', med(3), 'cache bytes', cache?.copy().byteLength);
