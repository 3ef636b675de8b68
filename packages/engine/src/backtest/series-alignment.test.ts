import { describe, expect, it } from 'vitest';
import type { StrategyContext } from '@strata/strategy-sdk';
import { bars, closes, instrument, MINUTE, run, scripted, series, T0 } from './fixtures.ts';

describe('multiple series: alignment by close time, no look-ahead', () => {
  it('a 5m bar becomes visible only on the 1m bar that closes with it', () => {
    const lengths: number[] = [];
    const lastClose: (number | undefined)[] = [];
    run({
      strategy: {
        apiVersion: 1,
        onBar(ctx) {
          const s5 = ctx.series('BTC/USDT', '5m');
          lengths.push(s5.length);
          lastClose.push(s5.bar()?.close);
        },
      },
      series: [series(closes([1, 2, 3, 4, 5, 6, 7])), series(closes([50, 60], 5 * MINUTE), instrument(), '5m')],
    });
    expect(lengths).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(lastClose).toEqual([undefined, undefined, undefined, undefined, 50, 50, 50]);
  });

  it('orders on a secondary symbol fill at its next bar open and are marked with its closes', () => {
    const eth = instrument('ETH/USDT');
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.market('ETH/USDT', 'buy', 10) }),
      series: [series(closes([100, 100, 100])), series(bars([[20, 20, 20, 20], [21, 21, 21, 22], [22, 22, 22, 25]]), eth)],
    });
    expect(out.events.find((e) => e.kind === 'filled')).toMatchObject({ symbol: 'ETH/USDT', fillPrice: 21 });
    expect([...out.equity]).toEqual([10_000, 10_010, 10_040]);
    expect(out.symbols).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('values() and bar(ago) never show future bars and respect maxLookback', () => {
    const seen: number[][] = [];
    run({
      strategy: { apiVersion: 1, maxLookback: 3, onBar(ctx) { seen.push([...ctx.series().values('close', 10)]); } },
      series: [series(closes([1, 2, 3, 4, 5]))],
    });
    expect(seen).toEqual([[1], [1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]]);
  });
});

describe('intrabar path', () => {
  // One 1h bar: open 100, high 110, low 90, close 100. Bracket long: stop-loss 95, take-profit 105.
  const hourly = () => series(bars([[100, 100, 100, 100], [100, 110, 90, 100]], 60 * MINUTE), instrument(), '1h');
  const strat = () => scripted({ 0: (c) => c.orders.market('BTC/USDT', 'buy', 1, { stopLoss: 95, takeProfit: 105 }) });

  it('without a lower timeframe the OHLC rule decides (equal distances, up bar: low first -> stop-loss)', () => {
    const out = run({ strategy: strat(), series: [hourly()] });
    expect(out.events.filter((e) => e.kind === 'filled').map((e) => e.fillPrice)).toEqual([100, 95]);
  });

  it('a series flagged intrabar resolves the order of touches (take-profit first here)', () => {
    const sub = bars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100],
      [100, 106, 100, 105], [105, 110, 104, 108], [108, 108, 90, 92], [92, 100, 91, 100]], 15 * MINUTE);
    const out = run({ strategy: strat(), series: [hourly(), series(sub, instrument(), '15m', true)] });
    expect(out.events.filter((e) => e.kind === 'filled').map((e) => e.fillPrice)).toEqual([100, 105]);
  });
});

describe('the context', () => {
  it('is one object per run; ctx.bar is live; time is the bar close time', () => {
    const ctxs = new Set<StrategyContext>();
    const bars_ = new Set<unknown>();
    const times: number[] = [];
    const closesSeen: number[] = [];
    run({
      strategy: { apiVersion: 1, onBar(ctx) { ctxs.add(ctx); bars_.add(ctx.bar); times.push(ctx.time); closesSeen.push(ctx.bar.close); } },
      series: [series(closes([5, 6, 7]))],
    });
    expect(ctxs.size).toBe(1);
    expect(bars_.size).toBe(1);
    expect(times).toEqual([T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE]);
    expect(closesSeen).toEqual([5, 6, 7]);
  });

  it('in onOrder for a fill on bar i, ctx.time and ctx.bar already describe bar i', () => {
    const seen: number[][] = [];
    run({
      strategy: {
        apiVersion: 1,
        onBar(ctx) { if (ctx.bar.close === 5) ctx.orders.market('BTC/USDT', 'buy', 1); },
        onOrder(ctx, _s, ev) { if (ev.kind === 'filled') seen.push([ctx.time, ctx.bar.close, ctx.series().length, ev.fillPrice ?? 0]); },
      },
      series: [series(closes([5, 6, 7]))],
    });
    expect(seen).toEqual([[T0 + 2 * MINUTE, 6, 2, 6]]);
  });

  it('exposes params with defaults, portfolio views and logs with caps', () => {
    let seen: unknown[] = [];
    const out = run({
      params: { fast: 7 },
      caps: { maxLogLines: 2 },
      strategy: {
        apiVersion: 1,
        params: { fast: { type: 'int', default: 10, min: 1, max: 50 }, slow: { type: 'int', default: 30, min: 2, max: 200 } },
        onBar(ctx) {
          ctx.log('bar', ctx.bar.close, { p: ctx.params.fast });
          if (ctx.bar.close === 1) ctx.orders.market('BTC/USDT', 'buy', 2);
          if (ctx.bar.close === 3) {
            const p = ctx.portfolio.position();
            seen = [ctx.params.fast, ctx.params.slow, p.qty, p.avgPrice, p.unrealizedPnl, ctx.portfolio.cash, ctx.portfolio.equity, ctx.portfolio.openOrders.length];
          }
        },
      },
      series: [series(closes([1, 2, 3]))],
    });
    expect(seen).toEqual([7, 30, 2, 2, 2, 9_996, 10_002, 0]);
    expect(out.logs).toEqual([{ time: T0 + MINUTE, message: 'bar 1 {"p":7}' }, { time: T0 + 2 * MINUTE, message: 'bar 2 {"p":7}' }]);
    expect(out.logsDropped).toBe(1);
  });
});

describe('no look-ahead through the context objects', () => {
  it('exposes no columns, cursor or run state on ctx, ctx.bar, views or the order api', () => {
    const keys: string[][] = [];
    run({
      strategy: {
        apiVersion: 1,
        onBar(ctx) {
          if (keys.length) return;
          for (const o of [ctx, ctx.bar, ctx.series(), ctx.portfolio, ctx.portfolio.position(), ctx.orders]) keys.push(Object.keys(o));
        },
      },
      series: [series(closes([1, 2, 3]))],
    });
    expect(keys).toEqual([['params', 'symbol', 'timeframe', 'portfolio', 'orders', 'bar'], [], ['symbol', 'timeframe'], [], ['symbol'], []]);
  });
});
