import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BarColumns, Candle } from '../domain/candle.ts';
import { candlesToColumns } from '../domain/candle.ts';
import { ensurePartitions } from './partitions.ts';

const ROWS_PER_CHUNK = 4096;

function* copyText(seriesId: number, c: BarColumns): Generator<string> {
  const n = c.time.length;
  for (let i = 0; i < n; i += ROWS_PER_CHUNK) {
    let s = '';
    const end = Math.min(n, i + ROWS_PER_CHUNK);
    for (let j = i; j < end; j++) {
      s += `${seriesId}\t${c.time[j]}\t${c.open[j]}\t${c.high[j]}\t${c.low[j]}\t${c.close[j]}\t${c.volume[j]}\n`;
    }
    yield s;
  }
}

function range(c: BarColumns): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of c.time) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

/**
 * Idempotent bulk ingest inside the caller's transaction: COPY into a session-private staging table,
 * then INSERT ... ON CONFLICT DO NOTHING into the partitioned table, so re-sending bars already stored
 * changes nothing. Returns the number of bars that were new. Bars must already be validated.
 */
export async function ingestInTransaction(client: PoolClient, seriesId: number, bars: BarColumns | readonly Candle[]): Promise<number> {
  const cols = 'time' in bars ? bars : candlesToColumns(bars);
  if (cols.time.length === 0) return 0;
  const [lo, hi] = range(cols);
  await ensurePartitions(client, lo, hi);
  await client.query(
    'CREATE TEMP TABLE IF NOT EXISTS candles_stage (series_id int, ts bigint, open float8, high float8, low float8, close float8, volume float8)',
  );
  await client.query('TRUNCATE candles_stage');
  const copy = client.query(copyFrom('COPY candles_stage FROM STDIN'));
  await pipeline(Readable.from(copyText(seriesId, cols)), copy);
  // DO NOTHING also absorbs duplicates inside one batch: the later copy conflicts with the earlier one
  const res = await client.query(
    `INSERT INTO data.candles (series_id, ts, open, high, low, close, volume)
     SELECT series_id, ts, open, high, low, close, volume FROM candles_stage
     ON CONFLICT (series_id, ts) DO NOTHING`,
  );
  return res.rowCount ?? 0;
}

/** `ingestInTransaction` in its own transaction. */
export async function ingestCandles(pool: Pool, seriesId: number, bars: BarColumns | readonly Candle[]): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const n = await ingestInTransaction(client, seriesId, bars);
    await client.query('COMMIT');
    return n;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
