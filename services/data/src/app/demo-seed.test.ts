import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnv } from '@strata/platform/testing';
import { dataTestEnv } from '../test-support/data-test-env.ts';
import { seedDemoData } from './demo-seed.ts';
import { listCatalog } from '../adapters/catalog-repository.ts';
import { loadCandles } from '../adapters/candle-query.ts';
import { columnsToCandles } from '../domain/candle.ts';
import { qualityReport } from '../domain/quality.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await dataTestEnv();
});
afterAll(() => env.close());

describe('bundled seed data', () => {
  it('imports every seed file (each passes the whole-file validation), idempotently', async () => {
    const first = await seedDemoData(env.deps.db);
    expect(first).toEqual([
      { file: 'cboe__VIX__1d.csv', inserted: 615 },
      { file: 'synthetic__BTC-USD__1d.csv', inserted: 1096 },
      { file: 'synthetic__ETH-USD__1d.csv', inserted: 1096 },
    ]);
    expect((await seedDemoData(env.deps.db)).every((r) => r.inserted === 0)).toBe(true);
    const cat = await listCatalog(env.deps.db);
    expect(cat.map((c) => `${c.venue}:${c.symbol}:${c.timeframe}`)).toEqual(['cboe:VIX:1d', 'synthetic:BTC/USD:1d', 'synthetic:ETH/USD:1d']);
  });

  it('the real VIX series carries its known spike and its market-closed days are reported as gaps', async () => {
    const bars = columnsToCandles(await loadCandles(env.deps.db, { venue: 'cboe', symbol: 'VIX', timeframe: '1d', from: Date.UTC(2024, 0, 1), to: Date.UTC(2027, 0, 1) }));
    const aug5 = bars.find((b) => b.ts === Date.UTC(2024, 7, 5))!;
    expect(aug5).toMatchObject({ open: 23.39, high: 65.73, close: 38.57 });
    const report = qualityReport(bars, '1d');
    expect(report.ohlcViolations).toBe(0);
    // weekends and exchange holidays: every gap is 1-4 days, never filled
    expect(report.gaps.length).toBeGreaterThan(100);
    expect(report.gaps.every((g) => g.missingBars >= 1 && g.missingBars <= 4)).toBe(true);
  });
});
