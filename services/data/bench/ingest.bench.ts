/**
 * Idempotent ingest throughput through ingestCandles (COPY BINARY; staging + INSERT ... ON CONFLICT DO
 * NOTHING whenever a batch overlaps stored bars), 1,000,000 synthetic 1m candles (about 23 monthly
 * partitions) in 100k batches:
 *  - fresh: series A into an empty table, including creating its 23 partitions;
 *  - re-ingest: series A again, all duplicates (nothing may change);
 *  - steady: series B over the same months, partitions existing (the everyday case);
 *  - parallel: series C and D at once on two connections (backfilling several symbols).
 * Local PostgreSQL, throwaway database. Run: npm exec -- node services/data/bench/ingest.bench.ts
 */
import { generateSynthetic } from '../src/domain/synthetic.ts';
import { candlesToColumns, type BarColumns } from '../src/domain/candle.ts';
import { ensureSeries } from '../src/adapters/catalog-repository.ts';
import { ingestCandles } from '../src/adapters/candle-ingest.ts';
import { benchDatabase } from './bench-db.ts';

const N = Number(process.env.BENCH_CANDLES ?? 1_000_000);
const BATCH = 100_000;

function slice(c: BarColumns, a: number, b: number): BarColumns {
  return { time: c.time.subarray(a, b), open: c.open.subarray(a, b), high: c.high.subarray(a, b), low: c.low.subarray(a, b), close: c.close.subarray(a, b), volume: c.volume.subarray(a, b) };
}

const db = await benchDatabase();
try {
  const cols = candlesToColumns(generateSynthetic({ seed: 1, start: Date.UTC(2022, 0, 1), timeframe: '1m', count: N, startPrice: 30_000 }));
  const series = async (symbol: string) => ensureSeries(db.pool, { venue: 'bench', symbol, timeframe: '1m' });
  const ingestRange = async (id: number, from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i += BATCH) n += await ingestCandles(db.pool, id, slice(cols, i, Math.min(to, i + BATCH)));
    return n;
  };
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const t0 = performance.now();
    const r = await fn();
    return [r, performance.now() - t0];
  };
  const a = await series('A/USDT');
  const [freshN, freshMs] = await timed(() => ingestRange(a, 0, N));
  const [againN, againMs] = await timed(() => ingestRange(a, 0, N));
  const b = await series('B/USDT');
  const [steadyN, steadyMs] = await timed(() => ingestRange(b, 0, N));
  const [c, d] = [await series('C/USDT'), await series('D/USDT')];
  const [parN, parMs] = await timed(async () => (await Promise.all([ingestRange(c, 0, N / 2), ingestRange(d, N / 2, N)])).reduce((s, x) => s + x, 0));
  const count = (await db.pool.query('SELECT count(*)::int AS n FROM data.candles')).rows[0].n as number;
  if (freshN !== N || againN !== 0 || steadyN !== N || parN !== N || count !== 3 * N) {
    throw new Error(`ingest is not idempotent or lost rows: ${freshN}, ${againN}, ${steadyN}, ${parN}, ${count}`);
  }
  const rate = (ms: number) => Math.round(N / (ms / 1000));
  console.log(`fresh (with partition creation) ${rate(freshMs)}/s, re-ingest of duplicates ${rate(againMs)}/s, steady ${rate(steadyMs)}/s, two series in parallel ${rate(parMs)}/s`);
  console.log(JSON.stringify({
    name: 'data.ingest',
    figures: {
      candles: N,
      steadyIngestCandlesPerSec: rate(steadyMs),
      freshIngestCandlesPerSec: rate(freshMs),
      reingestCandlesPerSec: rate(againMs),
      parallelTwoSeriesCandlesPerSec: rate(parMs),
    },
    targets: { steadyIngestCandlesPerSec: 400_000, reingestCandlesPerSec: 400_000 },
  }));
} finally {
  await db.drop();
}
