import { IsolateRun } from '../src/pool/isolate-host.ts';
import { getRuntimeBundle } from '../src/isolate/runtime-bundle.ts';
import { compileStrategy } from '../src/compile/compile-strategy.ts';
import { SMA_CROSS_SOURCE } from '../src/testing/fixtures.ts';
const runtime = await getRuntimeBundle();
const { js } = await compileStrategy(SMA_CROSS_SOURCE);
const limits = { memoryMb: 64, cpuMsPerBatch: 5000, cpuMsTotal: 60000, wallMs: 60000, barsPerBatch: 1 };
const hooks = { onCatastrophic() {}, onWedged() {} };
const ts: number[][] = [];
for (let i = 0; i < 200; i++) {
  const t0 = performance.now();
  const r = new IsolateRun(limits, 0, hooks);
  await r.load(runtime);
  const t1 = performance.now();
  const f = await r.strategyFactory(js);
  await r.call('meta', [f.derefInto()]);
  const t2 = performance.now();
  ts.push([t1 - t0, t2 - t1, t2 - t0]);
  r.dispose();
}
const med = (k: number) => ts.map((x) => x[k]!).sort((a, b) => a - b)[100]!.toFixed(2);
console.log('load', med(0), 'strategy', med(1), 'total', med(2));
