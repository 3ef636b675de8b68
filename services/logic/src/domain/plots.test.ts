import { describe, expect, it } from 'vitest';
import { downsampleGaps, storedPlots } from './plots.ts';

describe('plot downsampling', () => {
  it('keeps short lines whole, NaN as null gaps', () => {
    const t = [1, 2, 3, 4];
    expect(downsampleGaps(t, [Number.NaN, 2, Number.NaN, 4])).toEqual({ t, v: [null, 2, null, 4] });
  });

  it('keeps each bucket\'s extremes even when the bucket starts in a gap', () => {
    const n = 9_000;
    const t = Array.from({ length: n }, (_, i) => i * 60_000);
    const v = t.map((_, i) => (i % 1000 < 100 ? Number.NaN : Math.cos(i / 500) * 10 + (i === 4321 ? 99 : 0)));
    const d = downsampleGaps(t, v, 300);
    expect(d.t.length).toBeLessThanOrEqual(301);
    const kept = d.v.filter((x): x is number => x !== null);
    const real = v.filter((x) => !Number.isNaN(x));
    expect(Math.max(...kept)).toBe(Math.max(...real));
    expect(Math.min(...kept)).toBe(Math.min(...real));
    expect(d.v.some((x) => x === null)).toBe(true);
    expect(d.t).toEqual([...d.t].sort((a, b) => a - b));
    expect(d.t.at(-1)).toBe(t.at(-1));
  });

  it('carries name, pane and colour of each plot', () => {
    const out = storedPlots([10, 20], [
      { name: 'a', pane: 'price', color: '#fff', values: new Float64Array([1, 2]) },
      { name: 'b', pane: 'separate', values: new Float64Array([Number.NaN, 3]) },
    ]);
    expect(out).toEqual([
      { name: 'a', pane: 'price', color: '#fff', t: [10, 20], v: [1, 2] },
      { name: 'b', pane: 'separate', t: [10, 20], v: [null, 3] },
    ]);
  });
});
