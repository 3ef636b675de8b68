import type { Trial } from '../../api/types.ts';

export interface HeatmapGrid {
  xs: (number | string | boolean)[];
  ys: (number | string | boolean)[];
  /** cells[y][x]: the best objective among trials with those two values, null when untried. */
  cells: (number | null)[][];
  min: number;
  max: number;
}

const order = (a: number | string | boolean, b: number | string | boolean) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));

/** Projects trials onto two parameters; other parameters vary, so each cell keeps the best score seen. */
export function heatmapGrid(trials: readonly Trial[], xKey: string, yKey: string, metric: string): HeatmapGrid {
  const xs = [...new Set(trials.map((t) => t.params[xKey]!).filter((v) => v !== undefined))].sort(order);
  const ys = [...new Set(trials.map((t) => t.params[yKey]!).filter((v) => v !== undefined))].sort(order);
  const cells = ys.map(() => xs.map((): number | null => null));
  let min = Infinity, max = -Infinity;
  for (const t of trials) {
    const v = t.metrics[metric];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const xi = xs.indexOf(t.params[xKey]!), yi = ys.indexOf(t.params[yKey]!);
    if (xi < 0 || yi < 0) continue;
    const row = cells[yi]!;
    if (row[xi] === null || v > row[xi]!) row[xi] = v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { xs, ys, cells, min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0 };
}

/** Red (worst) → yellow → green (best), so the colour reads without a legend. */
export function heatColor(v: number, min: number, max: number): string {
  const t = max === min ? 1 : (v - min) / (max - min);
  const hue = Math.round(t * 120);
  return `hsl(${hue}, 70%, ${35 + t * 10}%)`;
}
