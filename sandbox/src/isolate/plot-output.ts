/**
 * `ctx.plot` lines on their way out of the isolate: each line's values cross as a brand-checked
 * Float64Array column (`plot.<i>` in the result's `cols`, one value per bar processed), and its name,
 * pane and colour as checked strings in the result JSON. Same guarantees as sanitize.ts: nothing
 * user-made crosses, lengths and counts are bounded here, names are charged to the output budget.
 */
import { charge, type OutputBudget } from './output-budget.ts';
import { copyTyped, str } from './sanitize.ts';
import { MAX_PLOTS, type PlotMeta } from './column-spec.ts';

const COLOR = /^(?:#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/;

export function encodePlots(plots: unknown, bars: number, budget: OutputBudget): { meta: PlotMeta[]; cols: Record<string, Float64Array> } {
  const meta: PlotMeta[] = [];
  const cols: Record<string, Float64Array> = {};
  if (!Array.isArray(plots)) return { meta, cols };
  const n = plots.length < MAX_PLOTS ? plots.length : MAX_PLOTS;
  for (let i = 0; i < n; i++) {
    const p = plots[i];
    if (p === null || typeof p !== 'object') continue;
    const name = str(p.name, 64);
    if (name === undefined || name === '') continue;
    const values = copyTyped<Float64Array>(p.values, 'Float64Array', bars);
    const color = str(p.color, 20);
    charge(budget, name.length + 40);
    const k = meta.length;
    meta.push(color !== undefined && COLOR.test(color)
      ? { name, pane: p.pane === 'separate' ? 'separate' : 'price', color }
      : { name, pane: p.pane === 'separate' ? 'separate' : 'price' });
    cols[`plot.${k}`] = values;
  }
  return { meta, cols };
}
