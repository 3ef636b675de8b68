/**
 * The strategy's `ctx.plot` lines as stored with a run and returned by the series endpoint:
 * downsampled like the equity curve (per bucket the first point and the extremes), with the bars a
 * line was not drawn on kept as `null` gaps so the chart breaks the line there instead of joining
 * across them.
 */
import type { PlotColumn } from '@strata/engine';

export interface StoredPlot {
  name: string;
  pane: 'price' | 'separate';
  color?: string;
  /** Bar open times (ms UTC) and values; `null` where the strategy did not plot. */
  t: number[];
  v: (number | null)[];
}

const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/**
 * At most about `points` points: the first point of each bucket (a gap stays a gap) plus its lowest
 * and highest finite values, in time order; the last point is always kept.
 */
export function downsampleGaps(time: ArrayLike<number>, values: ArrayLike<number>, points = 1000): { t: number[]; v: (number | null)[] } {
  const n = Math.min(time.length, values.length);
  const t: number[] = [];
  const v: (number | null)[] = [];
  const push = (i: number) => { t.push(time[i]!); v.push(finite(values[i]) ? values[i]! : null); };
  if (n <= points) {
    for (let i = 0; i < n; i++) push(i);
    return { t, v };
  }
  const buckets = Math.max(1, Math.floor(points / 3));
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = -1, hi = -1;
    for (let i = from; i < to; i++) {
      const x = values[i];
      if (!finite(x)) continue;
      if (lo < 0 || x < values[lo]!) lo = i;
      if (hi < 0 || x > values[hi]!) hi = i;
    }
    const keep = [from];
    if (lo > from) keep.push(lo);
    if (hi > from && hi !== lo) keep.push(hi);
    for (const i of keep.sort((x, y) => x - y)) push(i);
  }
  if (t[t.length - 1] !== time[n - 1]) push(n - 1);
  return { t, v };
}

/** Every plot of a run, downsampled against the run's bar times. */
export function storedPlots(time: ArrayLike<number>, plots: readonly PlotColumn[] | undefined, points = 1000): StoredPlot[] {
  return (plots ?? []).map((p) => ({ name: p.name, pane: p.pane, ...(p.color ? { color: p.color } : {}), ...downsampleGaps(time, p.values, points) }));
}
