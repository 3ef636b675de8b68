import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnv } from '@strata/platform/testing';
import type { ServiceWorkers } from '@strata/platform';
import { auth, logicTestEnv, syntheticRange, waitFor } from '../test-support/env.ts';
import { LOGS_CROSSINGS, SLOW, SMA_CROSS, THROWS_AT_BAR } from '../test-support/strategies.ts';
import { createBacktestProcessor } from '../domain/backtest-processor.ts';
import { TEMPLATES } from '@strata/strategy-sdk/templates';
import type { createLogicModule } from '../index.ts';

let env: TestEnv;
let mod: ReturnType<typeof createLogicModule>;
let token: string;
let workers: ServiceWorkers | undefined;
const base = '/api/v1/logic';

beforeAll(async () => {
  ({ env, module: mod } = await logicTestEnv());
  workers = await mod.startWorkers!(env.deps);
  token = await env.tokenFor({ userId: 'carol', tier: 'enterprise' });
});
afterAll(async () => {
  await workers?.close();
  await env?.close();
});

async function strategy(source: string): Promise<string> {
  const res = await env.app.inject({ method: 'POST', url: `${base}/strategies`, headers: auth(token), payload: { name: 'x', source } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().strategy.id;
}

async function submit(strategyId: string, params: Record<string, unknown> = {}, bars = 2000) {
  const res = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(token), payload: { strategyId, version: 1, params, ...syntheticRange(bars) } });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().id as string;
}

const get = async (id: string) => (await env.app.inject({ url: `${base}/backtests/${id}`, headers: auth(token) })).json();
const settled = (id: string, timeoutMs = 30_000) => waitFor(async () => {
  const b = await get(id);
  return ['completed', 'failed', 'canceled'].includes(b.status) ? b : null;
}, timeoutMs);

describe('backtest jobs', () => {
  it('validates parameters and the data range before queueing', async () => {
    const id = await strategy(SMA_CROSS);
    const bad = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(token), payload: { strategyId: id, version: 1, params: { fast: 1000 }, ...syntheticRange(100) } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.params[0]).toMatchObject({ param: 'fast' });
    const noVersion = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(token), payload: { strategyId: id, version: 9, ...syntheticRange(100) } });
    expect(noVersion.statusCode).toBe(404);
    const badTf = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(token), payload: { strategyId: id, version: 1, ...syntheticRange(100), timeframe: '7x' } });
    expect(badTf.statusCode).toBe(400);
    expect(badTf.json().error.message).toMatch(/timeframe/);
  });

  it('runs to a stored report, streaming progress over SSE', async () => {
    const sid = await strategy(SLOW);
    const id = await submit(sid, { spin: 15000 });
    const sse = await env.app.inject({ url: `${base}/backtests/${id}/events`, headers: auth(token) });
    expect(sse.headers['content-type']).toMatch(/text\/event-stream/);
    const events = sse.body.split('\n\n').filter((b) => b.startsWith('event:')).map((b) => JSON.parse(b.split('\ndata: ')[1]!));
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.totalBars === 2000 && p.percent > 0 && p.percent <= 100 && typeof p.etaMs === 'number')).toBe(true);
    expect(events[events.length - 1]).toMatchObject({ type: 'state', status: 'completed' });

    const done = await get(id);
    expect(done.status).toBe('completed');
    expect(done.progress.percent).toBe(100);
    expect(done.result.bars).toBe(2000);
    expect(typeof done.result.metrics.totalReturn).toBe('number');
    expect(done.result.equity.t.length).toBe(done.result.equity.v.length);
    const series = (await env.app.inject({ url: `${base}/backtests/${id}/series`, headers: auth(token) })).json();
    expect(series.equity).toHaveLength(2000);
  });

  it('stores trades and metrics of a trading strategy', async () => {
    const id = await submit(await strategy(SMA_CROSS), { fast: 5, slow: 20 });
    const done = await settled(id);
    expect(done.status).toBe('completed');
    const trades = (await env.app.inject({ url: `${base}/backtests/${id}/trades`, headers: auth(token) })).json().items;
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.length).toBe(done.result.tradeCount);
    expect(done.result.metrics.numberOfTrades ?? done.result.metrics.trades ?? trades.length).toBe(trades.length);
  });

  it("returns the strategy's ctx.log and console lines in result.logs, with their bar times", async () => {
    const id = await submit(await strategy(LOGS_CROSSINGS), { fast: 5, slow: 20 }, 1500);
    const done = await settled(id);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const logs = done.result.logs as { time: number; level: string; message: string; source: string; line?: number; column?: number }[];
    const crosses = logs.filter((l) => l.source === 'ctx');
    expect(crosses.length).toBeGreaterThan(2);
    const from = Date.parse(syntheticRange(1500).from);
    // each stored line links to the TypeScript line of the call that wrote it
    const lineOf = (text: string) => LOGS_CROSSINGS.split('\n').findIndex((l) => l.includes(text)) + 1;
    for (const l of crosses) {
      expect(l).toMatchObject({ level: 'info', message: expect.stringMatching(/^cross (up|down) at bar \d+$/) });
      expect(l.time).toBe(from + Number(l.message.split(' ').pop()) * 60_000); // close of the logging bar
      expect(l.line).toBe(lineOf("ctx.log('cross'"));
      expect(l.column).toBeGreaterThan(0);
    }
    expect(logs[0]).toMatchObject({ source: 'console', level: 'warn', time: from + 60_000, line: lineOf('console.warn(') });
    expect(done.result.logsDropped).toBe(0);
  });

  it("returns the strategy's ctx.plot lines with the series, downsampled, gaps as null", async () => {
    const sma = TEMPLATES.find((t) => t.id === 'sma-crossover')!.source;
    const id = await submit(await strategy(sma), { fast: 5, slow: 20 }, 3000);
    expect((await settled(id)).status).toBe('completed');
    const series = (await env.app.inject({ url: `${base}/backtests/${id}/series`, headers: auth(token) })).json();
    expect(series.equity).toHaveLength(3000);
    expect(series.plots.map((p: { name: string; pane: string }) => [p.name, p.pane])).toEqual([['Fast SMA', 'price'], ['Slow SMA', 'price']]);
    expect(series.plotsDropped).toBe(0);
    const range = syntheticRange(3000);
    const bars = await mod.context().candles('synthetic').load({ venue: range.venue, symbol: range.symbol, timeframe: range.timeframe, from: Date.parse(range.from), to: Date.parse(range.to) });
    const mean = (k: number) => bars.close.subarray(bars.close.length - k).reduce((a, b) => a + b, 0) / k;
    for (const [p, period] of [[series.plots[0], 5], [series.plots[1], 20]] as const) {
      expect(p.t.length).toBe(p.v.length);
      expect(p.t.length).toBeLessThanOrEqual(1001); // 3000 bars, downsampled like the equity curve
      expect(p.t[0]).toBe(bars.time[0]);
      expect(p.v[0]).toBeNull(); // warming up
      expect(p.t.at(-1)).toBe(bars.time.at(-1));
      expect(p.v.at(-1)).toBeCloseTo(mean(period), 9);
    }
  });

  it('lists backtests with headline metrics, filtered by strategy (owner only)', async () => {
    const a = await strategy(SMA_CROSS);
    const b = await strategy(SMA_CROSS);
    const ra = await submit(a, { fast: 5, slow: 20 });
    const rb = await submit(b, { fast: 8, slow: 30 });
    const done = await settled(ra);
    await settled(rb);
    const list = async (query: string, t = token) => env.app.inject({ url: `${base}/backtests?${query}`, headers: auth(t) });
    const items = (await list(`strategyId=${a}`)).json().items;
    expect(items.map((x: { id: string }) => x.id)).toEqual([ra]);
    expect(items[0]).toMatchObject({ strategyId: a, status: 'completed' });
    const m = done.result.metrics;
    expect(items[0].metrics).toEqual({ totalReturn: m.totalReturn, sharpe: m.sharpe, maxDrawdown: m.maxDrawdown, trades: done.result.tradeCount });
    expect(items[0].metrics.trades).toBeGreaterThan(0);
    const all = (await list('limit=200')).json().items.map((x: { id: string }) => x.id);
    expect(all).toEqual(expect.arrayContaining([ra, rb]));
    const other = await env.tokenFor({ userId: 'mallory', tier: 'enterprise' });
    expect((await list(`strategyId=${a}`, other)).json().items).toEqual([]);
    expect((await list('strategyId=nope')).statusCode).toBe(400);
  });

  it('fails a strategy error permanently with the mapped line', async () => {
    const id = await submit(await strategy(THROWS_AT_BAR), { failAt: 100 });
    const done = await settled(id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'STRATEGY_ERROR', line: 9 });
    expect(done.error.message).toMatch(/boom at bar 100/);
    expect(done.attempts).toBe(1);
    const job = await mod.context().backtestQueue.get(id);
    expect(await job!.state()).toBe('failed');
  });

  it('cancels a waiting job (removed) and a running one (stopped between chunks)', async () => {
    const sid = await strategy(SLOW);
    const running = await submit(sid, { spin: 30000 }, 4000);
    const waiting = await submit(sid, { spin: 0 });
    await waitFor(async () => (await get(running)).progress?.percent > 0);
    const c1 = await env.app.inject({ method: 'POST', url: `${base}/backtests/${waiting}/cancel`, headers: auth(token) });
    expect(c1.json()).toMatchObject({ status: 'canceled', canceled: true });
    expect(await mod.context().backtestQueue.get(waiting)).toBeNull();

    const c2 = await env.app.inject({ method: 'POST', url: `${base}/backtests/${running}/cancel`, headers: auth(token) });
    expect(c2.json()).toMatchObject({ status: 'canceling', canceled: true });
    const r = await settled(running, 20_000);
    expect(r.status).toBe('canceled');
    expect(r.result).toBeNull();
    expect((await get(waiting)).status).toBe('canceled');
  });

  it('re-processing a job after a crash upserts: one result, no duplicated trades', async () => {
    const id = await submit(await strategy(SMA_CROSS), { fast: 5, slow: 20 });
    const first = await settled(id);
    expect(first.status).toBe('completed');
    // As if the worker died after storing but before BullMQ recorded completion: run it again.
    await env.deps.db.query(`UPDATE logic.backtests SET status = 'running' WHERE id = $1`, [id]);
    const ctx = mod.context();
    const process = createBacktestProcessor({ db: env.deps.db, log: env.deps.log, strategies: ctx.strategies, candles: ctx.candles, runner: ctx.runner(), signals: ctx.signals, quotas: ctx.quotas, attempts: 3 });
    await process({ id, name: 'backtest', data: { backtestId: id }, attemptsMade: 1, reportProgress: async () => {} });
    const counts = await env.deps.db.query(
      `SELECT (SELECT count(*)::int FROM logic.backtest_results WHERE backtest_id = $1) AS results,
              (SELECT count(*)::int FROM logic.backtest_trades WHERE backtest_id = $1) AS trades,
              (SELECT attempts FROM logic.backtests WHERE id = $1) AS attempts`,
      [id],
    );
    expect(counts.rows[0]).toEqual({ results: 1, trades: first.result.tradeCount, attempts: 2 });
  });

  it('retries a system failure (source key gone) with backoff, then fails it as INTERNAL', async () => {
    const sid = await strategy(SMA_CROSS);
    // An operator removed the key this version was sealed with: not the author's fault, so retried.
    await env.deps.db.query(`UPDATE logic.strategy_versions SET key_id = 'retired' WHERE strategy_id = $1`, [sid]);
    const id = await submit(sid);
    const done = await settled(id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'INTERNAL' });
    expect(done.attempts).toBe(3);
    const job = await mod.context().backtestQueue.get(id);
    expect(await job!.state()).toBe('failed');
    expect(await job!.failedReason()).toMatch(/no key with id "retired"/);
  });

  it('enforces the tier concurrency limit through the shared quota', async () => {
    const free = await env.tokenFor({ userId: 'dave', tier: 'free' });
    const sid = (await env.app.inject({ method: 'POST', url: `${base}/strategies`, headers: auth(free), payload: { name: 'x', source: SLOW } })).json().strategy.id;
    const payload = { strategyId: sid, version: 1, params: { spin: 30000 }, ...syntheticRange(4000) };
    const first = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(free), payload });
    expect(first.statusCode).toBe(202);
    const second = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(free), payload });
    expect(second.statusCode).toBe(429);
    expect(second.json().error.code).toBe('QUOTA_EXCEEDED');
    await env.app.inject({ method: 'POST', url: `${base}/backtests/${first.json().id}/cancel`, headers: auth(free) });
    await waitFor(async () => (await env.app.inject({ url: `${base}/backtests/${first.json().id}`, headers: auth(free) })).json().status === 'canceled');
    const third = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(free), payload: { ...payload, params: { spin: 0 } } });
    expect(third.statusCode).toBe(202);
  });
});
