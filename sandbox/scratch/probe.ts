import { syntheticSeries } from '../src/testing/fixtures.ts';
import { packSeries, releasePacked } from '../src/pool/run-request.ts';
const series = [syntheticSeries(1_000_000)];
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  const p = packSeries(series);
  const t1 = performance.now();
  releasePacked(p);
  console.log('pack ms', (t1 - t0).toFixed(1), 'release', (performance.now() - t1).toFixed(1));
}
