/**
 * Loading 1,000,000 stored 1m candles into BarColumns (Float64Array columns) with loadCandles, the call
 * backtest workers make; also 1m→1h aggregation of the same range in SQL. Best of 3, throwaway database.
 * Run: npm exec -- node services/data/bench/load.bench.ts
 */
import { generateSynthetic } from '../src/domain/synthetic.ts';
import { candlesToColumns } from '../src/domain/candle.ts';
import { ensureSeries } from '../src/adapters/catalog-repository.ts';
import { ingestCandles } from '../src/adapters/candle-ingest.ts';
import { loadCandles } from '../src/adapters/candle-query.ts';
import { benchDatabase } from './bench-db.ts';

const N = Number(process.env.BENCH_CANDLES ?? 1_000_000);
const START = Date.UTC(2022, 0, 1);
const db = await benchDatabase();
try {
  const cols = candlesToColumns(generateSynthetic({ seed: 2, start: START, timeframe: '1m', count: N, startPrice: 30_000 }));
  const key = { venue: 'bench', symbol: 'BTC/USDT', timeframe: '1m' };
  await ingestCandles(db.pool, await ensureSeries(db.pool, key), cols);
  await db.pool.query('VACUUM ANALYZE data.candles');
  const range = { ...key, from: START, to: START + N * 60_000 };
  let best = Infinity;
  let aggBest = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const got = await loadCandles(db.pool, range);
    best = Math.min(best, performance.now() - t0);
    if (got.time.length !== N || got.close[N - 1] !== cols.close[N - 1] || got.time[12345] !== cols.time[12345]) throw new Error('loaded bars differ from stored bars');
    const t1 = performance.now();
    const hours = await loadCandles(db.pool, { ...range, timeframe: '1h' });
    aggBest = Math.min(aggBest, performance.now() - t1);
    if (hours.time.length !== Math.ceil(N / 60)) throw new Error(`expected ${Math.ceil(N / 60)} hourly bars, got ${hours.time.length}`);
  }
  console.log(`load ${N} candles: ${best.toFixed(0)} ms; 1m→1h aggregated load: ${aggBest.toFixed(0)} ms`);
  console.log(JSON.stringify({
    name: 'data.load-bar-columns',
    figures: { candles: N, loadMs: +best.toFixed(1), candlesPerSec: Math.round(N / (best / 1000)), aggregate1hMs: +aggBest.toFixed(1) },
    targets: { loadMs: 1000 },
  }));
} finally {
  await db.drop();
}
