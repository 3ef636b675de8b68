import type { Trial } from '../../api/types.ts';
import { heatColor, heatmapGrid } from './heatmap-data.ts';

export interface HeatmapProps {
  trials: readonly Trial[];
  xKey: string;
  yKey: string;
  metric: string;
  /** Highlights the cell of these params (the best trial). */
  best?: Record<string, unknown>;
}

const CELL = 34, PAD_L = 64, PAD_B = 40, PAD_T = 8;

/** Objective over two parameters, as an SVG grid; each cell has a text alternative via <title>. */
export function Heatmap({ trials, xKey, yKey, metric, best }: HeatmapProps) {
  const g = heatmapGrid(trials, xKey, yKey, metric);
  if (g.xs.length === 0 || g.ys.length === 0) return <p className="muted">No trials yet for {xKey} × {yKey}.</p>;
  const w = PAD_L + g.xs.length * CELL + 8;
  const h = PAD_T + g.ys.length * CELL + PAD_B;
  return (
    <svg className="heatmap" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img"
      aria-label={`${metric} by ${xKey} and ${yKey}, from ${g.min.toFixed(3)} to ${g.max.toFixed(3)}`}>
      {g.ys.map((yv, yi) => {
        // highest y value at the top, like a chart
        const row = g.ys.length - 1 - yi;
        return (
          <g key={String(yv)}>
            <text x={PAD_L - 6} y={PAD_T + row * CELL + CELL / 2 + 4} textAnchor="end" className="axis">{String(yv)}</text>
            {g.xs.map((xv, xi) => {
              const v = g.cells[yi]![xi]!;
              const isBest = best !== undefined && best[xKey] === xv && best[yKey] === yv;
              return (
                <rect key={String(xv)} data-x={String(xv)} data-y={String(yv)} data-value={v ?? ''}
                  x={PAD_L + xi * CELL} y={PAD_T + row * CELL} width={CELL - 2} height={CELL - 2} rx={3}
                  fill={v === null ? '#1c232b' : heatColor(v, g.min, g.max)}
                  stroke={isBest ? '#fff' : 'none'} strokeWidth={isBest ? 2 : 0}>
                  <title>{`${xKey}=${String(xv)}, ${yKey}=${String(yv)}: ${v === null ? 'not tried' : v.toFixed(4)}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
      {g.xs.map((xv, xi) => (
        <text key={String(xv)} x={PAD_L + xi * CELL + CELL / 2} y={PAD_T + g.ys.length * CELL + 14} textAnchor="middle" className="axis">{String(xv)}</text>
      ))}
      <text x={PAD_L + (g.xs.length * CELL) / 2} y={h - 6} textAnchor="middle" className="axis-title">{xKey}</text>
      <text x={12} y={PAD_T + (g.ys.length * CELL) / 2} textAnchor="middle" className="axis-title"
        transform={`rotate(-90 12 ${PAD_T + (g.ys.length * CELL) / 2})`}>{yKey}</text>
    </svg>
  );
}
