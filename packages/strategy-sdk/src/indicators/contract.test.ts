// The behaviour every indicator promises (see contract.ts), checked across the whole `ta`
// namespace on TA-Lib's reference history; plus long-run accuracy of the running sums.
import { describe, expect, it } from 'vitest';
import { IndicatorParamError, ta } from './index.ts';
import * as d from './fixtures/talib-daily-ref.ts';
import type { Indicator } from './contract.ts';

type Any = Indicator & { update(...a: number[]): number };
type Case = { name: string; make: () => Any; feed: (ind: Any, i: number) => number; fields?: string[] };

const series = (name: string, make: () => unknown, fields?: string[]): Case => ({
  name,
  make: make as () => Any,
  feed: (ind, i) => ind.update(d.close[i]),
  fields,
});
const bars = (name: string, make: () => unknown, fields?: string[]): Case => ({
  name,
  make: make as () => Any,
  feed: (ind, i) => ind.update(d.high[i], d.low[i], d.close[i], d.volume[i]),
  fields,
});

const cases: Case[] = [
  series('sma', () => ta.sma(10)),
  series('ema', () => ta.ema(10)),
  series('rma', () => ta.rma(10)),
  series('wma', () => ta.wma(10)),
  series('dema', () => ta.dema(10)),
  series('tema', () => ta.tema(10)),
  series('hma', () => ta.hma(9)),
  series('kama', () => ta.kama()),
  series('trix', () => ta.trix(9)),
  series('rsi', () => ta.rsi()),
  series('macd', () => ta.macd(), ['macd', 'signal', 'histogram']),
  series('stochRsi', () => ta.stochRsi(), ['k', 'd']),
  series('roc', () => ta.roc()),
  series('momentum', () => ta.momentum()),
  series('stdDev', () => ta.stdDev()),
  series('bollinger', () => ta.bollinger(), ['upper', 'middle', 'lower', 'bandwidth', 'percentB']),
  series('highest', () => ta.highest(10)),
  series('lowest', () => ta.lowest(10)),
  bars('vwma', () => ta.vwma(10)),
  bars('stoch', () => ta.stoch(), ['k', 'd']),
  bars('cci', () => ta.cci()),
  bars('williamsR', () => ta.williamsR()),
  bars('trueRange', () => ta.trueRange()),
  bars('atr', () => ta.atr()),
  bars('keltner', () => ta.keltner(), ['upper', 'middle', 'lower']),
  bars('donchian', () => ta.donchian(), ['upper', 'middle', 'lower']),
  bars('superTrend', () => ta.superTrend(), ['direction']),
  bars('adx', () => ta.adx(), ['adx', 'plusDI', 'minusDI', 'dx']),
  bars('aroon', () => ta.aroon(), ['up', 'down', 'oscillator']),
  bars('psar', () => ta.psar(), ['direction', 'next']),
  bars('ichimoku', () => ta.ichimoku(), ['tenkan', 'kijun', 'spanA', 'spanB', 'cloudA', 'cloudB', 'lagging']),
  bars('obv', () => ta.obv()),
  bars('mfi', () => ta.mfi()),
  bars('cmf', () => ta.cmf()),
  bars('vwap', () => ta.vwap()),
];

const N = d.close.length;

function trace(c: Case, ind: Any, nanEvery = 0): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < N; i++) {
    if (nanEvery && i % nanEvery === 0) ind.update(NaN, NaN, NaN, NaN);
    const v = c.feed(ind, i);
    const row = [v, ind.value, ind.ready ? 1 : 0, ...(c.fields ?? []).map((f) => (ind as unknown as Record<string, number>)[f])];
    out.push(row);
  }
  return out;
}

describe('indicator contract', () => {
  it('the ta namespace holds at least 30 indicators plus cross helpers', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(Object.isFrozen(ta)).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name}: NaN until ready, then defined; update returns value; reset replays identically; NaN inputs ignored`, () => {
      const ind = c.make();
      expect(ind.ready).toBe(false);
      expect(Number.isNaN(ind.value)).toBe(true);
      const first = trace(c, ind);
      const readyAt = first.findIndex((r) => r[2] === 1);
      expect(readyAt).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < N; i++) {
        const [ret, value, ready, ...fields] = first[i];
        expect(Object.is(ret, value)).toBe(true);
        expect(ready).toBe(i >= readyAt ? 1 : 0);
        const defined = [value, ...fields].every((v) => !Number.isNaN(v));
        if (i >= readyAt) expect(defined, `${c.name} output undefined at bar ${i}`).toBe(true);
        else expect(Number.isNaN(value)).toBe(true);
      }
      ind.reset();
      expect(ind.ready).toBe(false);
      expect(trace(c, ind)).toEqual(first);
      expect(trace(c, c.make(), 7)).toEqual(first);
    });
  }

  it('invalid parameters throw IndicatorParamError with a stable code', () => {
    for (const bad of [() => ta.sma(0), () => ta.ema(2.5), () => ta.rsi(-1), () => ta.bollinger(20, 0), () => ta.hma(1), () => ta.psar(0)]) {
      try {
        bad();
        expect.unreachable('expected a throw');
      } catch (e) {
        expect(e).toBeInstanceOf(IndicatorParamError);
        expect((e as IndicatorParamError).code).toBe('INDICATOR_BAD_PARAM');
      }
    }
  });
});

describe('long-run accuracy of running sums', () => {
  // A deterministic series far from zero with small moves: the worst case for drift and cancellation.
  const xs = new Float64Array(300_000);
  for (let i = 0; i < xs.length; i++) xs[i] = 1e7 + 100 * Math.sin(i * 0.37) + ((i * 7919) % 13) * 0.01;
  const tail = (n: number) => Array.from(xs.subarray(xs.length - n));

  it('sma and wma after 300k updates equal the window evaluated directly', () => {
    const s = ta.sma(50);
    const w = ta.wma(50);
    for (const v of xs) {
      s.update(v);
      w.update(v);
    }
    const win = tail(50);
    const mean = win.reduce((a, b) => a + b, 0) / 50;
    const wmean = win.reduce((a, b, i) => a + (i + 1) * b, 0) / ((50 * 51) / 2);
    expect(Math.abs(s.value - mean)).toBeLessThan(1e-6);
    expect(Math.abs(w.value - wmean)).toBeLessThan(1e-6);
  });

  it('stdDev after 300k updates matches a two-pass evaluation to 1e-6 relative', () => {
    const sd = ta.stdDev(30);
    for (const v of xs) sd.update(v);
    const win = tail(30);
    const m = win.reduce((a, b) => a + b, 0) / 30;
    const ref = Math.sqrt(win.reduce((a, b) => a + (b - m) ** 2, 0) / 30);
    expect(Math.abs(sd.value - ref) / ref).toBeLessThan(1e-6);
  });
});
