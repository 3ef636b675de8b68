import { describe, expect, it } from 'vitest';
import { downsample, drawdownOf, packSeries, unpackSeries } from './curves.ts';

describe('curves', () => {
  it('computes drawdown from the running peak', () => {
    expect(Array.from(drawdownOf([100, 120, 90, 130]))).toEqual([0, 0, -0.25, 0]);
  });

  it('downsamples keeping the extremes and the last point', () => {
    const n = 10_000;
    const t = Array.from({ length: n }, (_, i) => i);
    const v = t.map((i) => Math.sin(i / 300) * 100 + (i === 7777 ? -1000 : 0));
    const d = downsample(t, v, 300);
    expect(d.t.length).toBeLessThanOrEqual(301);
    expect(Math.min(...d.v)).toBe(Math.min(...v));
    expect(Math.max(...d.v)).toBe(Math.max(...v));
    expect(d.t[d.t.length - 1]).toBe(n - 1);
    expect(d.t).toEqual([...d.t].sort((a, b) => a - b));
  });

  it('packs the full series losslessly', () => {
    const time = new Float64Array([1, 2, 3]);
    const eq = new Float64Array([100.5, 99.25, 101.125]);
    expect(unpackSeries(packSeries(time, eq))).toEqual({ time: [1, 2, 3], equity: [100.5, 99.25, 101.125] });
  });
});
