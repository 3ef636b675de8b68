import { describe, expect, it } from 'vitest';
import { downsample } from './downsample.ts';

describe('downsample (LTTB)', () => {
  it('keeps the first and last point and the spike (hand-worked: 7 points -> 3)', () => {
    // One bucket (points 1..5); next "bucket" average is the last point (6, 0). Triangle area with
    // (0, 0) and (6, 0) is 6 * |v_j| / 2: largest at the spike j = 3.
    const r = downsample([0, 1, 2, 3, 4, 5, 6], [0, 0, 0, 10, 0, 0, 0], 3);
    expect([...r.time]).toEqual([0, 3, 6]);
    expect([...r.values]).toEqual([0, 10, 0]);
  });
  it('returns a copy when already small enough, and exactly maxPoints otherwise', () => {
    const t = Float64Array.from({ length: 1000 }, (_, i) => i);
    const v = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10));
    expect(downsample(t, v, 5000).time.length).toBe(1000);
    const r = downsample(t, v, 100);
    expect(r.time.length).toBe(100);
    expect(r.time[0]).toBe(0);
    expect(r.time[99]).toBe(999);
    for (let i = 1; i < 100; i++) expect(r.time[i]).toBeGreaterThan(r.time[i - 1]);
  });
});
