import { describe, expect, it } from 'vitest';
import type { Candle } from './candle.ts';
import { qualityReport } from './quality.ts';
import { generateSynthetic } from './synthetic.ts';

const M = 60_000;

describe('qualityReport', () => {
  it('reports gaps with their extent and never fills them', () => {
    const bars = generateSynthetic({ seed: 3, start: 0, timeframe: '1m', count: 100 });
    const holed = bars.filter((b) => !(b.ts >= 10 * M && b.ts <= 12 * M) && b.ts !== 50 * M);
    const r = qualityReport(holed, '1m');
    expect(r.fillPolicy).toBe('none');
    expect(r.gaps).toEqual([
      { from: 10 * M, to: 12 * M, missingBars: 3 },
      { from: 50 * M, to: 50 * M, missingBars: 1 },
    ]);
    expect(r.bars).toBe(96);
    expect(r.expectedBars).toBe(100);
    expect(r.coverage).toBeCloseTo(0.96);
  });

  it('flags a spike by robust z-score but not the ordinary noise around it', () => {
    const bars = generateSynthetic({ seed: 9, start: 0, timeframe: '1m', count: 2000 });
    expect(qualityReport(bars, '1m').outliers).toEqual([]);
    const spiked = bars.map((b) => ({ ...b }));
    const s = spiked[1000]!;
    s.close = s.open * 1.3;
    s.high = s.close;
    const r = qualityReport(spiked, '1m');
    // the jump up and the fall back on the next bar
    expect(r.outliers.map((o) => o.ts)).toEqual([1000 * M, 1001 * M]);
    expect(r.outliers[0]!.robustZ).toBeGreaterThan(8);
    expect(r.outliers[1]!.robustZ).toBeLessThan(-8);
  });

  it('counts duplicates, out-of-order bars and OHLC violations', () => {
    const b = (ts: number, o = 10, h = 11, l = 9, c = 10.5): Candle => ({ ts, open: o, high: h, low: l, close: c, volume: 1 });
    const r = qualityReport([b(0), b(M), b(M), b(3 * M), b(2 * M), b(4 * M, 10, 9.5, 9, 10)], '1m');
    expect(r.duplicates).toBe(1);
    expect(r.outOfOrder).toBe(1);
    expect(r.ohlcViolations).toBe(1);
    expect(r.gaps).toEqual([]);
    expect(r.issuesByCode).toEqual({ DUPLICATE_TIMESTAMP: 1, OUT_OF_ORDER: 1, HIGH_BELOW_OPEN_CLOSE: 1 });
  });

  it('handles an empty series', () => {
    expect(qualityReport([], '1h')).toMatchObject({ bars: 0, from: null, to: null, gaps: [], coverage: 1 });
  });
});
