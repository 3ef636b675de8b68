import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Trial } from '../../api/types.ts';
import { Heatmap } from './heatmap.tsx';
import { heatColor, heatmapGrid } from './heatmap-data.ts';
import { gridSize, toRequestRanges, defaultRanges } from './ranges.ts';

const trial = (fast: number, slow: number, sharpe: number | null, extra = 0): Trial => ({ params: { fast, slow, extra }, metrics: { sharpe }, rank: 0 });
const trials = [trial(5, 20, 1), trial(5, 20, 1.8, 1), trial(10, 20, -0.5), trial(5, 40, 0.2), trial(10, 40, null)];

describe('heatmap', () => {
  it('projects trials onto two params, keeping the best score per cell and leaving untried cells empty', () => {
    const g = heatmapGrid(trials, 'fast', 'slow', 'sharpe');
    expect(g.xs).toEqual([5, 10]);
    expect(g.ys).toEqual([20, 40]);
    expect(g.cells).toEqual([[1.8, -0.5], [0.2, null]]);
    expect([g.min, g.max]).toEqual([-0.5, 1.8]);
  });

  it('colours worst red and best green', () => {
    expect(heatColor(-0.5, -0.5, 1.8)).toBe('hsl(0, 70%, 35%)');
    expect(heatColor(1.8, -0.5, 1.8)).toBe('hsl(120, 70%, 45%)');
  });

  it('draws one cell per value pair with a text alternative, and marks the best trial', () => {
    const { container } = render(<Heatmap trials={trials} xKey="fast" yKey="slow" metric="sharpe" best={{ fast: 5, slow: 20 }} />);
    const rects = container.querySelectorAll('rect');
    expect(rects).toHaveLength(4);
    const best = container.querySelector('rect[data-x="5"][data-y="20"]')!;
    expect(best.getAttribute('stroke')).toBe('#fff');
    expect(best.querySelector('title')!.textContent).toBe('fast=5, slow=20: 1.8000');
    expect(container.querySelector('rect[data-x="10"][data-y="40"] title')!.textContent).toBe('fast=10, slow=40: not tried');
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('sharpe by fast and slow, from -0.500 to 1.800');
  });

  it('says when there is nothing to draw', () => {
    render(<Heatmap trials={[]} xKey="fast" yKey="slow" metric="sharpe" />);
    expect(screen.getByText(/No trials yet/)).toBeTruthy();
  });
});

describe('optimisation ranges', () => {
  const specs = {
    fast: { type: 'int' as const, default: 10, min: 2, max: 20, step: 2 },
    w: { type: 'float' as const, default: 1, min: 0.5, max: 1.5, step: 0.25 },
    short: { type: 'bool' as const, default: false },
  };
  it('counts the grid and builds the request from the enabled rows only', () => {
    const rows = defaultRanges(specs);
    expect(gridSize(specs, rows)).toBe(10 * 5);
    rows.short!.enabled = true;
    rows.w!.enabled = false;
    expect(gridSize(specs, rows)).toBe(20);
    expect(toRequestRanges(specs, rows)).toEqual({ fast: { min: 2, max: 20, step: 2 }, short: { values: [false, true] } });
  });
});
