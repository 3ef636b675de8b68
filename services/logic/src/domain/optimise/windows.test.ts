import { describe, expect, it } from 'vitest';
import { makeFolds, stitchEquity } from './windows.ts';

describe('folds', () => {
  it('splits train/test at the fraction', () => {
    expect(makeFolds(1000, { kind: 'split', trainFraction: 0.7 })).toEqual([{ index: 0, inSample: { start: 0, end: 700 }, outOfSample: { start: 700, end: 1000 } }]);
  });

  it('rolls walk-forward windows whose out-of-sample parts tile the tail', () => {
    // W·0.75 + 4·W·0.25 = 1750 → W = 1000: in-sample 750, out-of-sample 250.
    const folds = makeFolds(1750, { kind: 'walkForward', folds: 4, inSampleFraction: 0.75 });
    expect(folds.map((f) => [f.inSample.start, f.inSample.end, f.outOfSample!.start, f.outOfSample!.end])).toEqual([
      [0, 750, 750, 1000],
      [250, 1000, 1000, 1250],
      [500, 1250, 1250, 1500],
      [750, 1500, 1500, 1750],
    ]);
  });

  it('refuses windows that are too small', () => {
    expect(() => makeFolds(100, { kind: 'walkForward', folds: 10, inSampleFraction: 0.5 })).toThrow(/at least 50 bars/);
  });
});

describe('stitched equity', () => {
  it('compounds each out-of-sample segment from the previous one', () => {
    const s = stitchEquity([{ time: [1, 2], equity: [100, 110] }, { time: [3, 4], equity: [100, 90] }], 100);
    expect(s.time).toEqual([1, 2, 3, 4]);
    expect(s.equity.map((x) => Math.round(x * 1000) / 1000)).toEqual([100, 110, 110, 99]);
  });
});
