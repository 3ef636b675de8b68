import { describe, expect, it } from 'vitest';
import { loadConfig } from '@strata/platform';
import { createDataModule, dataConfigSchema, ensureSeries, ingestCandles } from '@strata/svc-data';
import { auth, syntheticRange, waitFor } from '../test-support/env.ts';
import { useLogicSuite } from '../test-support/suite.ts';
import { SMA_CROSS } from '../test-support/strategies.ts';
import { syntheticBars } from './synthetic-candles.ts';

// services/data is composed with logic (its migrations give the data schema); candles are stored through its API.
const s = useLogicSuite({ userId: 'erin', tier: 'premium' }, {
  others: [createDataModule({ config: loadConfig(dataConfigSchema, { NODE_ENV: 'test' }) })],
  inProcessWorkers: true,
});
const base = '/api/v1/logic';

describe('backtests on stored candles', () => {
  it('refuses a range with no stored candles, runs one that has them', async () => {
    const { env, token } = s;
    const sid = (await env.app.inject({ method: 'POST', url: `${base}/strategies`, headers: auth(token), payload: { name: 'x', source: SMA_CROSS } })).json().strategy.id;
    const range = syntheticRange(1500);
    const key = { venue: 'stored', symbol: 'ETH/USDT', timeframe: '1m' };
    const empty = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(token), payload: { strategyId: sid, version: 1, ...range, ...key, dataSource: 'data' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('DATA_RANGE_EMPTY');

    const seriesId = await ensureSeries(env.deps.db, key, 'synthetic');
    const bars = syntheticBars({ ...key, from: Date.parse(range.from), to: Date.parse(range.to) });
    await ingestCandles(env.deps.db, seriesId, bars);
    const res = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(token), payload: { strategyId: sid, version: 1, ...range, ...key, dataSource: 'data' } });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    const done = await waitFor(async () => {
      const b = (await env.app.inject({ url: `${base}/backtests/${id}`, headers: auth(token) })).json();
      return b.status === 'queued' || b.status === 'running' ? null : b;
    });
    expect(done.status).toBe('completed');
    expect(done.result.bars).toBe(1500);
    const series = (await env.app.inject({ url: `${base}/backtests/${id}/series`, headers: auth(token) })).json();
    expect(series.time[0]).toBe(bars.time[0]);
    expect(series.time[1499]).toBe(bars.time[1499]);
  });

  it('counts stored bars in PostgreSQL (optimisation planning), 0 for an unknown series', async () => {
    const { env } = s;
    const key = { venue: 'stored', symbol: 'SOL/USDT', timeframe: '1m' };
    const from = Date.UTC(2024, 0, 1);
    await ingestCandles(env.deps.db, await ensureSeries(env.deps.db, key, 'synthetic'), syntheticBars({ ...key, from, to: from + 900 * 60_000 }));
    const candles = s.module.context().candles('data');
    expect(await candles.count({ ...key, from, to: from + 900 * 60_000 })).toBe(900);
    expect(await candles.count({ ...key, timeframe: '15m', from, to: from + 900 * 60_000 })).toBe(60);
    expect(await candles.count({ ...key, from: from + 100 * 60_000, to: from + 350 * 60_000 })).toBe(250);
    expect(await candles.count({ ...key, symbol: 'NONE/USDT', from, to: from + 60_000 })).toBe(0);
  });
});
