import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { TestEnv } from '@strata/platform/testing';
import { dataTestEnv } from '../test-support/data-test-env.ts';
import { generateSynthetic } from '../domain/synthetic.ts';
import { aggregateCandles } from '../domain/aggregate.ts';
import { columnsToCandles } from '../domain/candle.ts';
import { ensureSeries, listCatalog } from './catalog-repository.ts';
import { ingestCandles } from './candle-ingest.ts';
import { loadCandles } from './candle-query.ts';
import { archiveOldPartitions } from '../app/retention.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await dataTestEnv();
});
afterAll(() => env.close());

async function partitions(): Promise<string[]> {
  const r = await env.deps.db.query(
    `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     WHERE p.relname = 'candles' ORDER BY 1`,
  );
  return r.rows.map((x) => x.relname);
}

describe('candle store', () => {
  it('creates monthly partitions on demand and ingests idempotently', async () => {
    const key = { venue: 'testex', symbol: 'AAA/USD', timeframe: '1m' };
    const id = await ensureSeries(env.deps.db, key);
    // 2024-01-31 23:00 .. 2024-02-01 00:59: straddles a month boundary
    const bars = generateSynthetic({ seed: 1, start: Date.UTC(2024, 0, 31, 23), timeframe: '1m', count: 120 });
    expect(await ingestCandles(env.deps.db, id, bars)).toBe(120);
    expect(await partitions()).toEqual(['candles_p202401', 'candles_p202402']);
    expect(await ingestCandles(env.deps.db, id, bars)).toBe(0);
    // an overlapping batch with duplicates inside it adds only the new bars
    const more = generateSynthetic({ seed: 1, start: Date.UTC(2024, 0, 31, 23), timeframe: '1m', count: 150 });
    expect(await ingestCandles(env.deps.db, id, [...more, ...more.slice(140)])).toBe(30);
    const count = await env.deps.db.query('SELECT count(*)::int AS n FROM data.candles WHERE series_id = $1', [id]);
    expect(count.rows[0].n).toBe(150);
    const [entry] = await listCatalog(env.deps.db, { venue: 'testex' });
    expect(entry).toMatchObject({ symbol: 'AAA/USD', timeframe: '1m', bars: 150, firstTs: more[0]!.ts, lastTs: more[149]!.ts });
  });

  it('loads exactly what was stored, in order, as Float64 columns', async () => {
    const key = { venue: 'testex', symbol: 'BBB/USD', timeframe: '1m' };
    const id = await ensureSeries(env.deps.db, key);
    const bars = generateSynthetic({ seed: 2, start: Date.UTC(2024, 2, 1), timeframe: '1m', count: 3000 });
    // ingest out of order in two batches
    await ingestCandles(env.deps.db, id, bars.slice(1500));
    await ingestCandles(env.deps.db, id, bars.slice(0, 1500));
    const cols = await loadCandles(env.deps.db, { ...key, from: bars[100]!.ts, to: bars[2100]!.ts });
    expect(cols.time).toBeInstanceOf(Float64Array);
    expect(columnsToCandles(cols)).toEqual(bars.slice(100, 2100));
    // large ranges are read in two halves on two connections; the seam must not lose or repeat a bar
    const split = await loadCandles(env.deps.db, { ...key, from: bars[101]!.ts, to: bars[2100]!.ts }, { parallelFrom: 100 });
    expect(columnsToCandles(split)).toEqual(bars.slice(101, 2100));
  });

  it('aggregates 1m bars to higher timeframes in SQL the same way as in code', async () => {
    const key = { venue: 'testex', symbol: 'CCC/USD', timeframe: '1m' };
    const id = await ensureSeries(env.deps.db, key);
    const bars = generateSynthetic({ seed: 3, start: Date.UTC(2024, 3, 1), timeframe: '1m', count: 60 * 24 * 3 });
    await ingestCandles(env.deps.db, id, bars);
    for (const tf of ['5m', '1h', '4h', '1d']) {
      const cols = await loadCandles(env.deps.db, { ...key, timeframe: tf, from: Date.UTC(2024, 3, 1), to: Date.UTC(2024, 3, 4) });
      const expected = aggregateCandles(bars, '1m', tf);
      const got = columnsToCandles(cols);
      expect(got.map((b) => b.ts)).toEqual(expected.map((b) => b.ts));
      got.forEach((b, i) => {
        const e = expected[i]!;
        expect([b.open, b.high, b.low, b.close]).toEqual([e.open, e.high, e.low, e.close]);
        expect(b.volume).toBeCloseTo(e.volume, 6);
      });
    }
    await expect(loadCandles(env.deps.db, { venue: 'testex', symbol: 'CCC/USD', timeframe: '3m', from: 0, to: 1 })).resolves.toBeDefined();
    await expect(loadCandles(env.deps.db, { venue: 'nope', symbol: 'CCC/USD', timeframe: '1h', from: 0, to: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('retention exports old partitions to gzip CSV, then drops them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-data-'));
    try {
      const key = { venue: 'testex', symbol: 'OLD/USD', timeframe: '1h' };
      const id = await ensureSeries(env.deps.db, key);
      const bars = generateSynthetic({ seed: 4, start: Date.UTC(2020, 0, 1), timeframe: '1h', count: 24 * 45 }); // Jan + half of Feb 2020
      await ingestCandles(env.deps.db, id, bars);
      const done = await archiveOldPartitions(env.deps.db, dir, Date.UTC(2020, 1, 15));
      // only January lies entirely before the cutoff
      expect(done.map((d) => [d.partition, d.rows])).toEqual([['candles_p202001', 24 * 31]]);
      const csv = gunzipSync(readFileSync(done[0]!.file)).toString().trim().split('\n');
      expect(csv[0]).toBe('venue,symbol,timeframe,ts,open,high,low,close,volume');
      expect(csv).toHaveLength(1 + 24 * 31);
      expect(csv[1]).toBe(`testex,OLD/USD,1h,${bars[0]!.ts},${bars[0]!.open},${bars[0]!.high},${bars[0]!.low},${bars[0]!.close},${bars[0]!.volume}`);
      expect(await partitions()).not.toContain('candles_p202001');
      const left = await loadCandles(env.deps.db, { ...key, from: 0, to: Date.UTC(2021, 0, 1) });
      expect(left.time[0]).toBe(Date.UTC(2020, 1, 1));
      const rec = await env.deps.db.query('SELECT partition_name, rows::int FROM data.partition_exports');
      expect(rec.rows).toEqual([{ partition_name: 'candles_p202001', rows: 744 }]);
      // a later bar for the dropped month makes a new partition rather than failing
      expect(await ingestCandles(env.deps.db, id, bars.slice(0, 1))).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
