import type { OrderEvent, ParamSpecs, StrategyContext, StrategyDefinition } from '@strata/strategy-sdk';
import type { BacktestInput, BarColumns, Instrument, SeriesInput, VenueModel } from '../contract.ts';
import { runBacktest } from './run-backtest.ts';

/** Small hand-made inputs for tests (and for anyone wiring the engine up). */
export const MINUTE = 60_000;
export const T0 = Date.UTC(2024, 0, 1);

export function instrument(symbol = 'BTC/USDT', over: Partial<Instrument> = {}): Instrument {
  return { symbol, tickSize: 0.01, lotSize: 0.0001, minNotional: 0, ...over };
}

export function venueModel(over: Partial<VenueModel> = {}): VenueModel {
  return { makerFee: 0, takerFee: 0, slippage: { kind: 'none' }, fillOn: 'nextOpen', leverage: 1, maintenanceMargin: 0, allowShort: false, ...over };
}

/** Bars from [open, high, low, close] rows (volume 1000 unless given), one per `stepMs` from `start`. */
export function bars(rows: readonly (readonly number[])[], stepMs = MINUTE, start = T0): BarColumns {
  const n = rows.length;
  const c: BarColumns = {
    time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n),
    low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n),
  };
  rows.forEach((r, i) => {
    c.time[i] = start + i * stepMs;
    c.open[i] = r[0];
    c.high[i] = r[1];
    c.low[i] = r[2];
    c.close[i] = r[3];
    c.volume[i] = r[4] ?? 1000;
  });
  return c;
}

/** Flat bars at the given closes (open = high = low = close). */
export function closes(values: readonly number[], stepMs = MINUTE, start = T0): BarColumns {
  return bars(values.map((v) => [v, v, v, v]), stepMs, start);
}

export function series(b: BarColumns, inst: Instrument = instrument(), timeframe = '1m', intrabar = false): SeriesInput {
  return intrabar ? { instrument: inst, timeframe, bars: b, intrabar } : { instrument: inst, timeframe, bars: b };
}

/** A strategy from a per-bar script: `script[i]` runs on bar i; every event is collected in `seen`. */
export function scripted(script: Record<number, (ctx: StrategyContext) => void>, seen: OrderEvent[] = []): StrategyDefinition<any, { i: number }> {
  return {
    apiVersion: 1,
    onStart: () => ({ i: 0 }),
    onBar(ctx, st) {
      script[st.i]?.(ctx);
      st.i++;
    },
    onOrder(_ctx, _st, ev) {
      seen.push(ev);
    },
  };
}

export function run(input: Partial<BacktestInput> & Pick<BacktestInput, 'strategy' | 'series'>) {
  return runBacktest({ params: {}, venue: venueModel(), initialCash: 10_000, ...input });
}

/** A seeded random walk of n 1-minute bars (LCG: deterministic, no Math.random). */
export function walk(n: number, seed: number): BarColumns {
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
export const busy: StrategyDefinition<ParamSpecs, { n: number }> = {
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

