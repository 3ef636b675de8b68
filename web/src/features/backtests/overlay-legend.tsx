import type { Overlay } from './overlays.ts';

/** Names and colours of the strategy's `ctx.plot` lines, by pane (the chart canvas has no text alternative). */
export function OverlayLegend({ overlays }: { overlays: readonly Overlay[] }) {
  if (overlays.length === 0) return null;
  return (
    <ul className="chart-legend" aria-label="Indicator overlays" data-testid="overlay-legend">
      {overlays.map((o, i) => (
        <li key={i} data-pane={o.pane}>
          <span className="swatch" style={{ background: o.color }} aria-hidden="true" />
          {o.name}
          {o.pane === 'separate' && <span className="muted"> (lower pane)</span>}
        </li>
      ))}
    </ul>
  );
}
