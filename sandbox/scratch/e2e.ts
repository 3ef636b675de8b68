import { compileStrategy } from '../src/compile/compile-strategy.ts';
import { packSeries, releasePacked } from '../src/pool/run-request.ts';
import { SMA_CROSS_SOURCE, syntheticSeries } from '../src/testing/fixtures.ts';
import { fork } from 'node:child_process';
const series = [syntheticSeries(1_000_000)];
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  await compileStrategy(SMA_CROSS_SOURCE); const c = performance.now() - t; t = performance.now();
  const p = packSeries(series); const pk = performance.now() - t;
  releasePacked(p);
  console.log('compile', c.toFixed(1), 'pack+write', pk.toFixed(1));
}
if (process.argv[2] !== 'child') {
  const child = fork(new URL(import.meta.url).pathname, ['child'], { serialization: 'advanced' });
  const arr = { a: new Float64Array(1e6), b: new Float64Array(1e6), c: new Uint8Array(1e6), json: 'x'.repeat(8e6) };
  for (let i = 0; i < 3; i++) { const t = performance.now(); await new Promise((r) => { child.once('message', r); child.send(arr); }); console.log('ipc roundtrip result-sized', (performance.now() - t).toFixed(1)); }
  child.kill();
} else { process.on('message', () => process.send!({ ok: 1 })); }
