import { createSandboxPool } from '../src/index.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../src/testing/fixtures.ts';
const series = [syntheticSeries(1_000_000)];
const pool = createSandboxPool({ size: 1 });
const limits = { cpuMsPerBatch: 10_000, barsPerBatch: 100_000, memoryMb: 64 };
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const r = await pool.runBacktest({ source: SMA_CROSS_SOURCE, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10_000, seed: 1, limits, datasetKey: process.env.KEY });
  const e2e = performance.now() - t0;
  const o = r.output;
  const j = JSON.stringify({ events: o.events, orders: o.orders, logs: o.logs, symbols: o.symbols });
  const t1 = performance.now(); JSON.parse(j); const tp = performance.now() - t1;
  console.log({ e2e: e2e.toFixed(0), wall: r.usage.wallMs, phases: r.usage.phasesMs, jsonBytes: j.length, parseMs: tp.toFixed(1), events: o.events.length, orders: o.orders.length, trades: o.trades.pnl.length });

}
await pool.close();
