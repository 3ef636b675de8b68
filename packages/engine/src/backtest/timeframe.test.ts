import { describe, expect, it } from 'vitest';
import { barCloseTime, timeframeMs } from './timeframe.ts';

describe('timeframes and bar close times', () => {
  it('parses timeframes', () => {
    expect([timeframeMs('1m'), timeframeMs('15m'), timeframeMs('4h'), timeframeMs('1d'), timeframeMs('1w')]).toEqual([60_000, 900_000, 14_400_000, 86_400_000, 604_800_000]);
    expect(timeframeMs('tick')).toBeNaN();
  });
  it('close = min(next open, open + timeframe); last bar: open + timeframe', () => {
    const t = Float64Array.from([0, 60_000, 600_000, 630_000]);
    expect([0, 1, 2, 3].map((j) => barCloseTime(t, j, 60_000))).toEqual([60_000, 120_000, 630_000, 690_000]);
  });
  it('unknown timeframe: next open, last bar by the previous spacing', () => {
    const t = Float64Array.from([0, 10, 25]);
    expect([0, 1, 2].map((j) => barCloseTime(t, j, Number.NaN))).toEqual([10, 25, 40]);
  });
});
