import type { ParamSpecs } from '@strata/strategy-sdk';
import { resolveParams, type ParamSet, type ParamValue } from '../params.ts';

/** One searchable dimension. Numeric dimensions snap to `step` when given. */
export type Dimension =
  | { name: string; kind: 'int' | 'float'; min: number; max: number; step?: number }
  | { name: string; kind: 'choice'; values: ParamValue[] };

export interface SearchSpace {
  dims: Dimension[];
  /** Values held fixed (parameters left out of the search). */
  fixed: ParamSet;
}

/** Per-parameter narrowing sent by the user: a sub-range, a step, an explicit list, or a fixed value. */
export type SpaceOverride = { min?: number; max?: number; step?: number } | { values: ParamValue[] } | { fixed: ParamValue };

/**
 * Builds the search space from the strategy's declared specs, narrowed by the request. Overrides
 * may only narrow: a range outside the declared bounds is a problem, not silently clamped.
 */
export function buildSpace(specs: ParamSpecs, overrides: Record<string, SpaceOverride> = {}, floatGridPoints = 10): { space: SearchSpace; problems: string[] } {
  const dims: Dimension[] = [];
  const fixed: ParamSet = {};
  const problems: string[] = [];
  for (const name of Object.keys(overrides)) if (!(name in specs)) problems.push(`"${name}" is not a declared parameter`);
  for (const [name, spec] of Object.entries(specs)) {
    const o = overrides[name];
    // Listed and fixed values must each be valid for the declaration (type, range, step, option).
    const invalid = (vs: unknown[]) => vs.flatMap((v) => resolveParams({ [name]: spec }, { [name]: v }).problems.map((p) => `"${name}": ${p.message}`));
    if (o && 'fixed' in o) {
      const bad = invalid([o.fixed]);
      if (bad.length > 0) problems.push(...bad);
      else fixed[name] = o.fixed;
      continue;
    }
    if (o && 'values' in o) {
      if (!Array.isArray(o.values) || o.values.length === 0 || o.values.length > 10_000) problems.push(`"${name}": values must be a list of 1 to 10,000 values`);
      else if (invalid(o.values).length > 0) problems.push(...invalid(o.values).slice(0, 5));
      else dims.push({ name, kind: 'choice', values: [...new Set(o.values)] });
      continue;
    }
    if (spec.type === 'bool') { dims.push({ name, kind: 'choice', values: [false, true] }); continue; }
    if (spec.type === 'enum') { dims.push({ name, kind: 'choice', values: [...spec.options] }); continue; }
    const min = o?.min ?? spec.min;
    const max = o?.max ?? spec.max;
    let step = o?.step ?? spec.step;
    if (min < spec.min || max > spec.max || min > max) {
      problems.push(`"${name}": range ${min}..${max} must lie within the declared ${spec.min}..${spec.max}`);
      continue;
    }
    if (spec.type === 'int') step = Math.max(1, Math.round(step ?? 1));
    if (step !== undefined && !(step > 0)) { problems.push(`"${name}": step must be positive`); continue; }
    if (spec.type === 'float' && step === undefined) step = max > min ? (max - min) / (floatGridPoints - 1) : 1;
    dims.push({ name, kind: spec.type, min, max, step });
  }
  return { space: { dims, fixed }, problems };
}

/** The lattice values of a dimension (what grid search enumerates). */
export function latticeValues(d: Dimension): ParamValue[] {
  if (d.kind === 'choice') return d.values;
  const step = d.step ?? 1;
  const n = Math.floor((d.max - d.min) / step + 1e-9) + 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(roundTo(d.min + i * step, d.kind));
  return out;
}

export function roundTo(v: number, kind: 'int' | 'float'): number {
  return kind === 'int' ? Math.round(v) : Math.round(v * 1e10) / 1e10;
}

export function gridSize(space: SearchSpace): number {
  return space.dims.reduce((n, d) => n * latticeValues(d).length, 1);
}

/** Deterministic PRNG: optimisations are reproducible from their seed. */
export { createRng as rng } from '@strata/engine';

/** Snaps a number into a numeric dimension (clamped, on the step lattice). */
export function snap(d: Extract<Dimension, { kind: 'int' | 'float' }>, v: number): number {
  const c = Math.min(d.max, Math.max(d.min, v));
  if (!d.step) return roundTo(c, d.kind);
  const k = Math.round((c - d.min) / d.step);
  return roundTo(Math.min(d.max, d.min + k * d.step), d.kind);
}

export function sampleDim(d: Dimension, r: () => number): ParamValue {
  if (d.kind === 'choice') return d.values[Math.floor(r() * d.values.length)]!;
  return snap(d, d.min + r() * (d.max - d.min));
}
