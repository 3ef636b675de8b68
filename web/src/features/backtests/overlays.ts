import type { UTCTimestamp } from 'lightweight-charts';
import type { IndicatorLine } from '../../api/types.ts';

/** Palette for lines whose strategy gave no colour (the first ones match the SDK templates' picks). */
export const OVERLAY_COLORS = ['#f5a623', '#7b61ff', '#20c997', '#e83e8c', '#4dabf7', '#ffd43b', '#ff8787', '#a9e34b'];
// The same shapes the engine accepts; anything else falls back to the palette.
const COLOR = /^(?:#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/;

export interface Overlay {
  name: string;
  pane: 'price' | 'separate';
  color: string;
  /** Strictly increasing times; a point without `value` is a gap (lightweight-charts whitespace). */
  data: ({ time: UTCTimestamp; value: number } | { time: UTCTimestamp })[];
}

/** Chart-ready overlays: a colour for each line, times in seconds, gaps kept as whitespace points. */
export function toOverlays(lines: readonly IndicatorLine[] | undefined): Overlay[] {
  return (lines ?? []).map((l, i) => {
    const data: Overlay['data'] = [];
    let last = -Infinity;
    for (const p of l.points) {
      const time = Math.floor(p.time / 1000) as UTCTimestamp;
      if (time <= last) continue; // lightweight-charts rejects repeated times
      last = time;
      data.push(p.value === null || !Number.isFinite(p.value) ? { time } : { time, value: p.value });
    }
    const color = l.color && COLOR.test(l.color) ? l.color : OVERLAY_COLORS[i % OVERLAY_COLORS.length]!;
    return { name: l.name, pane: l.pane === 'separate' ? 'separate' : 'price', color, data };
  });
}
