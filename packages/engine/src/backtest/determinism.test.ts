import { describe, expect, it } from 'vitest';
import type { ParamSpecs, StrategyDefinition } from '@strata/strategy-sdk';
import type { BarColumns } from '../contract.ts';
import { computeReport } from '../metrics/report.ts';
import { MINUTE, T0, run, series, venueModel } from './fixtures.ts';

function walk(n: number, seed: number): BarColumns {
  let a = seed;
  const rnd = () => ((a = (Math.imul(a, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296);
  const b: BarColumns = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  let p = 100;
  for (let i = 0; i < n; i++) {
    const c = p * (1 + (rnd() - 0.5) * 0.02);
    b.time[i] = T0 + i * MINUTE;
    b.open[i] = p;
    b.close[i] = c;
    b.high[i] = Math.max(p, c) * (1 + rnd() * 0.005);
    b.low[i] = Math.min(p, c) * (1 - rnd() * 0.005);
    b.volume[i] = 50 + rnd() * 50;
    p = c;
  }
  return b;
}

/** Uses every order type, brackets, targets and cancels so the event stream is rich. */
const busy: StrategyDefinition<ParamSpecs, { n: number }> = {
  apiVersion: 1,
  onStart: () => ({ n: 0 }),
  onBar(ctx, st) {
    st.n++;
    const c = ctx.bar.close;
    if (st.n % 7 === 0) ctx.orders.target('BTC/USDT', { kind: 'targetPercent', value: st.n % 14 === 0 ? -0.5 : 0.8 });
    if (st.n % 11 === 0) ctx.orders.limit('BTC/USDT', 'buy', 1, c * 0.99, { tif: 'day' });
    if (st.n % 13 === 0) ctx.orders.stop('BTC/USDT', 'sell', 1, c * 0.98, { reduceOnly: true });
    if (st.n % 17 === 0) ctx.orders.market('BTC/USDT', 'buy', { kind: 'percentEquity', value: 0.1 }, { stopLoss: c * 0.97, takeProfit: c * 1.03 });
    if (st.n % 19 === 0) ctx.orders.trailingStop('BTC/USDT', 'sell', 1, { percent: 0.01 });
    if (st.n % 23 === 0) ctx.orders.cancelAll();
  },
};

describe('determinism', () => {
  it('the same input twice gives an identical event stream, equity curve and report', () => {
    const once = () => {
      const out = run({
        strategy: busy, initialCash: 100_000, series: [series(walk(3_000, 7))],
        venue: venueModel({ allowShort: true, leverage: 2, maintenanceMargin: 0.05, takerFee: 0.001, makerFee: 0.0005, slippage: { kind: 'volumeShare', maxShare: 0.05, impactBps: 20 } }),
      });
      return { events: JSON.stringify(out.events), equity: JSON.stringify([...out.equity]), report: JSON.stringify(computeReport(out, { initialCash: 100_000 }).metrics) };
    };
    const a = once();
    const b = once();
    expect(a.events.length).toBeGreaterThan(1_000);
    expect(a.events).toBe(b.events);
    expect(a.equity).toBe(b.equity);
    expect(a.report).toBe(b.report);
  });
});
