import type { ParamSpec, ParamSpecs, ParamValue, ParamValues } from './types.ts';

/** Stable codes for parameter problems; the settings form and the API show `message`. */
export type ParamErrorCode =
  | 'PARAM_UNKNOWN'
  | 'PARAM_TYPE'
  | 'PARAM_NOT_INTEGER'
  | 'PARAM_OUT_OF_RANGE'
  | 'PARAM_NOT_AN_OPTION'
  | 'PARAM_SPEC_INVALID';

export interface ParamError {
  readonly param: string;
  readonly code: ParamErrorCode;
  readonly message: string;
}

export interface ParamValidation<P extends ParamSpecs> {
  readonly ok: boolean;
  /** Every declared parameter: the given value when valid, otherwise its default. */
  readonly values: ParamValues<P>;
  readonly errors: readonly ParamError[];
}

/** Thrown by `paramGrid`/`paramSpace` for a spec that cannot be enumerated. */
export class ParamSpecError extends Error {
  readonly code = 'PARAM_SPEC_INVALID';
  readonly errors: readonly ParamError[];
  constructor(errors: readonly ParamError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'ParamSpecError';
    this.errors = errors;
  }
}

const describe = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Problems with a declaration itself (min above max, default outside the range, ...). */
export function checkParamSpec(name: string, spec: ParamSpec): ParamError[] {
  const bad = (message: string): ParamError[] => [{ param: name, code: 'PARAM_SPEC_INVALID', message: `${name}: ${message}` }];
  switch (spec.type) {
    case 'int':
    case 'float': {
      const { min, max, step } = spec;
      if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) return bad(`expected finite min <= max, received min ${min}, max ${max}`);
      if (step !== undefined && !(step > 0 && Number.isFinite(step))) return bad(`expected step > 0, received ${step}`);
      if (spec.type === 'int' && (!Number.isInteger(min) || !Number.isInteger(max) || (step !== undefined && !Number.isInteger(step)))) {
        return bad('expected integer min, max and step for an int parameter');
      }
      const d: unknown = spec.default;
      if (typeof d !== 'number' || d < min || d > max) return bad(`expected default within [${min}, ${max}], received ${describe(d)}`);
      if (spec.type === 'int' && !Number.isInteger(spec.default)) return bad(`expected an integer default, received ${spec.default}`);
      return [];
    }
    case 'bool':
      return typeof (spec.default as unknown) === 'boolean' ? [] : bad(`expected a boolean default, received ${describe(spec.default)}`);
    case 'enum':
      if (spec.options.length === 0) return bad('expected at least one option');
      return spec.options.includes(spec.default) ? [] : bad(`expected default to be one of ${spec.options.map(describe).join(', ')}, received ${describe(spec.default)}`);
    default:
      return bad(`unknown parameter type ${describe((spec as { type: unknown }).type)}`);
  }
}

function checkValue(name: string, spec: ParamSpec, v: unknown): ParamError | null {
  const err = (code: ParamErrorCode, message: string): ParamError => ({ param: name, code, message: `${name}: ${message}` });
  switch (spec.type) {
    case 'int':
    case 'float':
      if (typeof v !== 'number' || Number.isNaN(v)) return err('PARAM_TYPE', `expected a number, received ${describe(v)}`);
      if (spec.type === 'int' && !Number.isInteger(v)) return err('PARAM_NOT_INTEGER', `expected an integer, received ${v}`);
      if (v < spec.min || v > spec.max) return err('PARAM_OUT_OF_RANGE', `expected a value within [${spec.min}, ${spec.max}], received ${v}`);
      return null;
    case 'bool':
      return typeof v === 'boolean' ? null : err('PARAM_TYPE', `expected true or false, received ${describe(v)}`);
    case 'enum':
      if (typeof v !== 'string') return err('PARAM_TYPE', `expected a string, received ${describe(v)}`);
      return spec.options.includes(v) ? null : err('PARAM_NOT_AN_OPTION', `expected one of ${spec.options.map(describe).join(', ')}, received ${describe(v)}`);
  }
}

/**
 * Validates user-supplied parameter values against their declarations. Missing values
 * take their default; unknown names, wrong types, non-integers for `int`, values outside
 * `[min, max]` and unknown enum options are errors (the value falls back to the default
 * so `values` is always complete). Steps are not enforced: they shape the optimiser grid,
 * not what a person may type. Invalid declarations are reported as `PARAM_SPEC_INVALID`.
 */
export function validateParams<P extends ParamSpecs>(specs: P, values: Readonly<Record<string, unknown>> = {}): ParamValidation<P> {
  const errors: ParamError[] = [];
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(specs)) {
    const spec = specs[name];
    const specErrors = checkParamSpec(name, spec);
    errors.push(...specErrors);
    const given = Object.hasOwn(values, name) ? values[name] : undefined;
    if (given === undefined || specErrors.length > 0) {
      out[name] = spec.default;
      continue;
    }
    const e = checkValue(name, spec, given);
    if (e) errors.push(e);
    out[name] = e ? spec.default : given;
  }
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(specs, name)) {
      errors.push({ param: name, code: 'PARAM_UNKNOWN', message: `${name}: not a declared parameter (declared: ${Object.keys(specs).join(', ') || 'none'})` });
    }
  }
  return { ok: errors.length === 0, values: out as ParamValues<P>, errors };
}

/** Default number of grid intervals for a float parameter without a `step`. */
export const DEFAULT_FLOAT_STEPS = 10;

// 12 significant digits removes the binary noise of `min + i * step` (0.30000000000000004).
const tidy = (x: number): number => Number.parseFloat(x.toPrecision(12));

/**
 * Grid values of one parameter: `min, min+step, ...` up to `max` (int step defaults to 1,
 * float step to `(max - min) / 10`), `[false, true]` for bool, the options for enum.
 */
export function paramGrid<S extends ParamSpec>(spec: S, name = 'param'): readonly ParamValue<S>[] {
  const errors = checkParamSpec(name, spec);
  if (errors.length > 0) throw new ParamSpecError(errors);
  switch (spec.type) {
    case 'bool':
      return [false, true] as ParamValue<S>[];
    case 'enum':
      return [...spec.options] as ParamValue<S>[];
    default: {
      const { min, max } = spec;
      const step = spec.step ?? (spec.type === 'int' ? 1 : (max - min) / DEFAULT_FLOAT_STEPS || 1);
      const n = Math.floor((max - min) / step + 1e-9) + 1;
      const out = new Array<number>(n);
      for (let i = 0; i < n; i++) out[i] = spec.type === 'int' ? min + i * step : tidy(min + i * step);
      return out as ParamValue<S>[];
    }
  }
}

/** A full-factorial parameter space for grid search; enumerate with `for..of` or index with `at(i)`. */
export interface ParamSpace<P extends ParamSpecs> {
  /** Parameter names, in declaration order; the last one varies fastest. */
  readonly names: readonly (keyof P & string)[];
  readonly dimensions: { readonly [K in keyof P]: readonly ParamValue<P[K]>[] };
  /** Number of combinations (product of the dimension sizes). */
  readonly size: number;
  /** The combination at `index` (0 <= index < size). */
  at(index: number): ParamValues<P>;
  [Symbol.iterator](): Iterator<ParamValues<P>>;
}

export interface ParamSpaceOptions<P extends ParamSpecs> {
  /** Parameters pinned to one value instead of being searched (validated like user input). */
  readonly fixed?: { readonly [K in keyof P]?: ParamValue<P[K]> };
}

/** Builds the grid-search space of a strategy's parameters (see `paramGrid` for each axis). */
export function paramSpace<P extends ParamSpecs>(specs: P, opts: ParamSpaceOptions<P> = {}): ParamSpace<P> {
  const fixed = (opts.fixed ?? {}) as Record<string, unknown>;
  const check = validateParams(specs, fixed);
  if (!check.ok) throw new ParamSpecError(check.errors);
  const names = Object.keys(specs) as (keyof P & string)[];
  const dims: Record<string, readonly unknown[]> = {};
  for (const name of names) dims[name] = Object.hasOwn(fixed, name) ? [fixed[name]] : paramGrid(specs[name], name);
  const sizes = names.map((n) => dims[n].length);
  const size = sizes.reduce((a, b) => a * b, 1);
  const at = (index: number): ParamValues<P> => {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`paramSpace.at: index must be an integer in [0, ${size}), received ${index}`);
    const out: Record<string, unknown> = {};
    let rest = index;
    for (let i = names.length - 1; i >= 0; i--) {
      const d = dims[names[i]];
      out[names[i]] = d[rest % d.length];
      rest = Math.floor(rest / d.length);
    }
    return out as ParamValues<P>;
  };
  return {
    names,
    dimensions: dims as ParamSpace<P>['dimensions'],
    size,
    at,
    *[Symbol.iterator]() {
      for (let i = 0; i < size; i++) yield at(i);
    },
  };
}

/**
 * One random point of the grid, drawing each axis uniformly with `random` (a function
 * returning [0, 1), e.g. the engine's seeded source: never `Math.random` in a run).
 */
export function sampleParams<P extends ParamSpecs>(specs: P, random: () => number, opts: ParamSpaceOptions<P> = {}): ParamValues<P> {
  const space = paramSpace(specs, opts);
  const out: Record<string, unknown> = {};
  for (const name of space.names) {
    const d = space.dimensions[name] as readonly unknown[];
    out[name] = d[Math.min(d.length - 1, Math.floor(random() * d.length))];
  }
  return out as ParamValues<P>;
}
