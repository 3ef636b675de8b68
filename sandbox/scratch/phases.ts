import { createSandboxPool } from '../src/index.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../src/testing/fixtures.ts';
const series = [syntheticSeries(1_000_000)];
const pool = createSandboxPool({ size: 1 });
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  const r = await pool.runBacktest({ source: SMA_CROSS_SOURCE, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10000, seed: 1, limits: { cpuMsPerBatch: 10000 } });
  console.log((performance.now() - t0).toFixed(1), r.usage.wallMs.toFixed(1), JSON.stringify(r.usage.phasesMs), r.output.events.length, r.output.orders.length);
}
await pool.close();
