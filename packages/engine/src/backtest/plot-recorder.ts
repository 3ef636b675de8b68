import type { PlotColumn } from '../contract.ts';

const DEFAULT_MAX_PLOTS = 16;
const DEFAULT_MAX_PLOT_BYTES = 32 * 1024 * 1024;
const MAX_NAME = 64;
// Anything else could be a CSS function or a gradient that a chart library treats differently.
const COLOR = /^(?:#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]{3,20})$/;

/**
 * `ctx.plot` storage: one Float64Array per name, one slot per primary bar, NaN where nothing was
 * plotted. Nothing is allocated until the first call, so strategies that never plot pay nothing;
 * a call is a Map look-up and a store. Bad input and calls over the caps are counted, never thrown:
 * a chart line must not be able to end a run.
 */
export class PlotRecorder {
  readonly plots: PlotColumn[] = [];
  dropped = 0;
  private readonly index = new Map<unknown, number>();
  private readonly length: number;
  /** [0]: the current primary bar (-1 before the first). */
  private readonly cursor: Int32Array;
  private readonly maxPlots: number;
  private readonly maxBytes: number;

  constructor(length: number, cursor: Int32Array, caps: { maxPlots?: number; maxPlotBytes?: number } = {}) {
    this.length = length;
    this.cursor = cursor;
    this.maxPlots = caps.maxPlots ?? DEFAULT_MAX_PLOTS;
    this.maxBytes = caps.maxPlotBytes ?? DEFAULT_MAX_PLOT_BYTES;
  }

  plot(name: unknown, value: unknown, opts: unknown): void {
    const i = this.cursor[0];
    let k = this.index.get(name);
    // before the first bar (onStart) there is no slot: the name is not registered either
    if (k === undefined && i >= 0) k = this.add(name, opts);
    if (k === undefined || k < 0 || i < 0 || typeof value !== 'number') {
      this.dropped++;
      return;
    }
    this.plots[k].values[i] = value;
  }

  /** Output columns cut to the `n` bars processed. */
  columns(n: number): PlotColumn[] {
    return this.plots.map((p) => ({ ...p, values: p.values.subarray(0, n) }));
  }

  /** Index of a new plot, or -1 when the name is unusable or a cap is reached (nothing is kept). */
  private add(name: unknown, opts: unknown): number {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME) return -1;
    if (this.plots.length >= this.maxPlots || (this.plots.length + 1) * this.length * 8 > this.maxBytes) return -1;
    let pane: PlotColumn['pane'] = 'price';
    let color: string | undefined;
    try {
      if (typeof opts === 'object' && opts !== null) {
        const o = opts as { pane?: unknown; color?: unknown };
        if (o.pane === 'separate') pane = 'separate';
        const c = o.color;
        if (typeof c === 'string' && c.length <= 20 && COLOR.test(c)) color = c;
      }
    } catch {
      // a throwing getter in the options: the plot keeps the defaults
    }
    const values = new Float64Array(this.length).fill(Number.NaN);
    const k = this.plots.length;
    this.plots.push(color === undefined ? { name, pane, values } : { name, pane, color, values });
    this.index.set(name, k);
    return k;
  }
}
