import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { toIndicators } from '../../api/wire.ts';
import { OverlayLegend } from './overlay-legend.tsx';
import { OVERLAY_COLORS, toOverlays } from './overlays.ts';

// The series endpoint's shape for two ctx.plot lines (see services/logic domain/plots.ts).
const wirePlots = [
  { name: 'Fast SMA', pane: 'price', color: '#f5a623', t: [60_000, 120_000, 120_500, 180_000], v: [null, 101.5, 101.6, 102] },
  { name: 'RSI', pane: 'separate', color: 'url(javascript:x)', t: [60_000, 120_000], v: [55, null] },
  { name: 'no arrays', pane: 'price' },
];

describe('indicator overlays', () => {
  it('reads the plots of the series response, gaps as null', () => {
    const lines = toIndicators(wirePlots);
    expect(lines.map((l) => [l.name, l.pane, l.points.length])).toEqual([['Fast SMA', 'price', 4], ['RSI', 'separate', 2]]);
    expect(lines[0]!.points[0]).toEqual({ time: 60_000, value: null });
  });

  it('turns them into chart lines: seconds, strictly increasing, whitespace for gaps, safe colours', () => {
    const [sma, rsi] = toOverlays(toIndicators(wirePlots));
    expect(sma!.data).toEqual([{ time: 60 }, { time: 120, value: 101.5 }, { time: 180, value: 102 }]);
    expect(sma!.color).toBe('#f5a623');
    expect(rsi!.pane).toBe('separate');
    expect(rsi!.data).toEqual([{ time: 60, value: 55 }, { time: 120 }]);
    expect(rsi!.color).toBe(OVERLAY_COLORS[1]); // not a colour: the palette's pick for the second line
  });

  it('lists every line in the legend with its colour and pane', () => {
    render(<OverlayLegend overlays={toOverlays(toIndicators(wirePlots))} />);
    const items = within(screen.getByRole('list', { name: 'Indicator overlays' })).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['Fast SMA', 'RSI (lower pane)']);
    expect(items[0]!.getAttribute('data-pane')).toBe('price');
    expect((items[0]!.querySelector('.swatch') as HTMLElement).style.background).toBe('rgb(245, 166, 35)');
  });

  it('renders nothing for a run without plots', () => {
    const { container } = render(<OverlayLegend overlays={toOverlays(undefined)} />);
    expect(container.innerHTML).toBe('');
  });
});
