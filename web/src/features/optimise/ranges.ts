import type { ParamRange, ParamSpecs } from '../../api/types.ts';

export interface RangeRow {
  enabled: boolean;
  min: number;
  max: number;
  step: number;
}

/** Default search space: each numeric param over its declared range and step. */
export function defaultRanges(specs: ParamSpecs): Record<string, RangeRow> {
  const out: Record<string, RangeRow> = {};
  for (const [k, s] of Object.entries(specs)) {
    if (s.type === 'int' || s.type === 'float') {
      out[k] = { enabled: true, min: s.min, max: s.max, step: s.step ?? (s.type === 'int' ? 1 : (s.max - s.min) / 10) };
    } else {
      out[k] = { enabled: false, min: 0, max: 0, step: 0 };
    }
  }
  return out;
}

/** Grid size of the enabled ranges (bool/enum count their options). */
export function gridSize(specs: ParamSpecs, rows: Record<string, RangeRow>): number {
  let n = 1;
  for (const [k, r] of Object.entries(rows)) {
    const s = specs[k];
    if (!s || !r.enabled) continue;
    if (s.type === 'bool') n *= 2;
    else if (s.type === 'enum') n *= s.options.length;
    else n *= r.step > 0 ? Math.floor((r.max - r.min) / r.step + 1e-9) + 1 : 1;
  }
  return n;
}

export function toRequestRanges(specs: ParamSpecs, rows: Record<string, RangeRow>): Record<string, ParamRange> {
  const out: Record<string, ParamRange> = {};
  for (const [k, r] of Object.entries(rows)) {
    const s = specs[k];
    if (!s || !r.enabled) continue;
    if (s.type === 'bool') out[k] = { values: [false, true] };
    else if (s.type === 'enum') out[k] = { values: [...s.options] };
    else out[k] = { min: r.min, max: r.max, step: r.step };
  }
  return out;
}
