/** Shared test and bench inputs: deterministic synthetic bars, a venue, and well-behaved strategies. */
import type { SeriesInput, VenueModel } from '@strata/engine';

export const T0 = Date.UTC(2024, 0, 1);

/** A deterministic random walk (no Math.random: the same bars on every run). */
export function syntheticSeries(n: number, symbol = 'BTC/USDT', seed = 7): SeriesInput {
  const time = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n);
  const low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  let px = 100;
  for (let i = 0; i < n; i++) {
    const o = px;
    px = Math.max(1, px * (1 + (rnd() - 0.5) * 0.01));
    time[i] = T0 + i * 60_000;
    open[i] = o; close[i] = px;
    high[i] = Math.max(o, px) * (1 + rnd() * 0.001);
    low[i] = Math.min(o, px) * (1 - rnd() * 0.001);
    volume[i] = 10 + rnd() * 100;
  }
  return { instrument: { symbol, tickSize: 0.01, lotSize: 0.0001, minNotional: 1 }, timeframe: '1m', bars: { time, open, high, low, close, volume } };
}

export const VENUE: VenueModel = {
  makerFee: 0.001, takerFee: 0.001, slippage: { kind: 'none' }, fillOn: 'nextOpen', leverage: 1, maintenanceMargin: 0, allowShort: false,
};

/** SMA(fast)/SMA(slow) crossover with O(1) running sums, going all-in / flat through target sizing. */
export const SMA_CROSS_SOURCE = `import { defineStrategy } from '@strata/sdk';

export default defineStrategy({
  apiVersion: 1,
  name: 'SMA cross',
  params: {
    fast: { type: 'int', default: 10, min: 2, max: 100 },
    slow: { type: 'int', default: 30, min: 5, max: 400 },
  },
  onStart(ctx) {
    return { fast: new Float64Array(ctx.params.fast), slow: new Float64Array(ctx.params.slow), fs: 0, ss: 0, n: 0, prev: 0 };
  },
  onBar(ctx, s) {
    const c = ctx.bar.close;
    const fi = s.n % s.fast.length, si = s.n % s.slow.length;
    s.fs += c - s.fast[fi]; s.fast[fi] = c;
    s.ss += c - s.slow[si]; s.slow[si] = c;
    s.n++;
    if (s.n < s.slow.length) return;
    const diff = s.fs / s.fast.length - s.ss / s.slow.length;
    const side = diff > 0 ? 1 : -1;
    if (side !== s.prev) {
      s.prev = side;
      ctx.orders.target(ctx.symbol, { kind: 'targetPercent', value: side > 0 ? 0.95 : 0 });
    }
  },
});
`;

/** Buys a little every 50 bars and logs random numbers and the clock: used for determinism checks. */
export const PROBE_SOURCE = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({
  apiVersion: 1,
  onStart() { return { n: 0 }; },
  onBar(ctx, s) {
    s.n++;
    if (s.n % 50 === 0 || Math.random() < 0.01) {
      console.log('t=' + Date.now() + ' r=' + Math.random().toFixed(12));
      ctx.orders.market(ctx.symbol, 'buy', 0.01);
    }
  },
});
`;
