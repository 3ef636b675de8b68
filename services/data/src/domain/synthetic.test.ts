import { describe, expect, it } from 'vitest';
import { generateSynthetic } from './synthetic.ts';
import { aggregateCandles } from './aggregate.ts';
import { validateSequence } from './validate.ts';
import { alignTs, timeframeMs } from './timeframes.ts';

describe('generateSynthetic', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = generateSynthetic({ seed: 11, start: 0, timeframe: '1h', count: 500 });
    expect(generateSynthetic({ seed: 11, start: 0, timeframe: '1h', count: 500 })).toEqual(a);
    expect(generateSynthetic({ seed: 12, start: 0, timeframe: '1h', count: 500 })).not.toEqual(a);
  });

  it('produces valid, contiguous, tick-rounded bars', () => {
    const bars = generateSynthetic({ seed: 5, start: Date.UTC(2024, 0, 1), timeframe: '5m', count: 5000, tickSize: 0.5, startPrice: 1000 });
    expect(validateSequence(bars, '5m')).toEqual([]);
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.ts - bars[i - 1]!.ts).toBe(300_000);
    for (const b of bars.slice(0, 200)) for (const p of [b.open, b.high, b.low, b.close]) expect((p * 2) % 1).toBe(0);
  });

  it('switches regimes: a high-volatility regime shows in the returns', () => {
    const calm = generateSynthetic({ seed: 1, start: 0, timeframe: '1h', count: 3000, regimes: [{ name: 'calm', drift: 0, vol: 0.2 }], transitions: [[1]] });
    const wild = generateSynthetic({ seed: 1, start: 0, timeframe: '1h', count: 3000, regimes: [{ name: 'wild', drift: 0, vol: 1.5 }], transitions: [[1]] });
    const sd = (bars: typeof calm) => {
      const r = bars.slice(1).map((b, i) => Math.log(b.close / bars[i]!.close));
      const m = r.reduce((s, x) => s + x, 0) / r.length;
      return Math.sqrt(r.reduce((s, x) => s + (x - m) ** 2, 0) / r.length);
    };
    // annualised vol is recovered within 15%
    const hourly = Math.sqrt(timeframeMs('1h') / (365 * 86_400_000));
    expect(sd(calm) / hourly).toBeGreaterThan(0.17);
    expect(sd(calm) / hourly).toBeLessThan(0.23);
    expect(sd(wild) / hourly).toBeGreaterThan(1.27);
    expect(sd(wild) / hourly).toBeLessThan(1.73);
  });
});

describe('aggregateCandles', () => {
  it('folds 1m bars into 1h bars (open first, max high, min low, close last, summed volume)', () => {
    const bars = generateSynthetic({ seed: 2, start: Date.UTC(2024, 0, 1, 0, 30), timeframe: '1m', count: 150 });
    const h = aggregateCandles(bars, '1m', '1h');
    expect(h.map((b) => b.ts)).toEqual([Date.UTC(2024, 0, 1, 0), Date.UTC(2024, 0, 1, 1), Date.UTC(2024, 0, 1, 2)]);
    const second = bars.slice(30, 90);
    expect(h[1]).toEqual({
      ts: Date.UTC(2024, 0, 1, 1),
      open: second[0]!.open,
      high: Math.max(...second.map((b) => b.high)),
      low: Math.min(...second.map((b) => b.low)),
      close: second[59]!.close,
      volume: second.reduce((s, b) => s + b.volume, 0),
    });
    // the first hour holds only 30 of its 60 minutes
    expect(aggregateCandles(bars, '1m', '1h', true).map((b) => b.ts)).toEqual([Date.UTC(2024, 0, 1, 1), Date.UTC(2024, 0, 1, 2)]);
  });

  it('aligns weeks to Monday and refuses targets that are not multiples', () => {
    expect(new Date(alignTs(Date.UTC(2024, 0, 4, 15), '1w')).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(() => aggregateCandles([], '3m', '5m')).toThrow(/multiple/);
  });
});
