import type { ParamSpec, ParamSpecs } from '@strata/strategy-sdk';

export type ParamValue = number | boolean | string;
export type ParamSet = Record<string, ParamValue>;

export interface ParamProblem {
  param: string;
  message: string;
}

function isOnStep(value: number, spec: { min: number; step?: number }): boolean {
  if (!spec.step) return true;
  const k = (value - spec.min) / spec.step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}

function checkOne(name: string, spec: ParamSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'int':
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number, received ${JSON.stringify(value)}`;
      if (spec.type === 'int' && !Number.isInteger(value)) return `expected an integer, received ${value}`;
      if (value < spec.min || value > spec.max) return `expected a value between ${spec.min} and ${spec.max}, received ${value}`;
      if (!isOnStep(value, spec)) return `expected a multiple of step ${spec.step} from ${spec.min}, received ${value}`;
      return null;
    case 'bool':
      return typeof value === 'boolean' ? null : `expected true or false, received ${JSON.stringify(value)}`;
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value)
        ? null
        : `expected one of ${spec.options.join(', ')}, received ${JSON.stringify(value)}`;
    default:
      return `has an unknown declared type`;
  }
}

/**
 * Merges user-supplied values over the declared defaults and checks every value against its spec.
 * Unknown names are problems too: a typo must not silently run with the default.
 */
export function resolveParams(specs: ParamSpecs, given: Record<string, unknown> = {}): { values: ParamSet; problems: ParamProblem[] } {
  const values: ParamSet = {};
  const problems: ParamProblem[] = [];
  for (const name of Object.keys(given)) {
    if (!(name in specs)) problems.push({ param: name, message: `is not a declared parameter (declared: ${Object.keys(specs).join(', ') || 'none'})` });
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = name in given ? given[name] : spec.default;
    const problem = checkOne(name, spec, value);
    if (problem) problems.push({ param: name, message: problem });
    else values[name] = value as ParamValue;
  }
  return { values, problems };
}

/** Parses CLI `name=value` text using the declared type of `name`. */
export function coerceParamText(specs: ParamSpecs, name: string, text: string): unknown {
  const spec = specs[name];
  if (!spec) return text;
  if (spec.type === 'int' || spec.type === 'float') return text.trim() === '' ? NaN : Number(text);
  if (spec.type === 'bool') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/** A stable key for a parameter set (sorted names), used to deduplicate optimisation trials. */
export function paramKey(values: ParamSet): string {
  return JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));
}

/**
 * Checks the parameter declarations read from a strategy (untrusted data from the isolate) and
 * returns them typed, or the problems found. Ranges must be ordered and defaults inside them.
 */
export function normaliseParamSpecs(raw: Record<string, Record<string, unknown>>): { specs: ParamSpecs; problems: ParamProblem[] } {
  const specs: Record<string, ParamSpec> = {};
  const problems: ParamProblem[] = [];
  for (const [name, r] of Object.entries(raw ?? {})) {
    const label = typeof r.label === 'string' ? r.label : undefined;
    const description = typeof r.description === 'string' ? r.description : undefined;
    const extra = { ...(label ? { label } : {}), ...(description ? { description } : {}) };
    if (r.type === 'int' || r.type === 'float') {
      const { min, max, step } = r as { min?: unknown; max?: unknown; step?: unknown };
      if (typeof min !== 'number' || typeof max !== 'number' || !(min <= max)) {
        problems.push({ param: name, message: 'needs numeric min <= max' });
        continue;
      }
      const spec = { type: r.type, default: r.default as number, min, max, ...(typeof step === 'number' && step > 0 ? { step } : {}), ...extra } as ParamSpec;
      const bad = checkOne(name, spec, r.default);
      if (bad) problems.push({ param: name, message: `default ${bad}` });
      else specs[name] = spec;
    } else if (r.type === 'bool') {
      if (typeof r.default !== 'boolean') problems.push({ param: name, message: 'default must be true or false' });
      else specs[name] = { type: 'bool', default: r.default, ...extra };
    } else if (r.type === 'enum') {
      const options = Array.isArray(r.options) ? r.options.filter((o): o is string => typeof o === 'string') : [];
      if (options.length === 0 || typeof r.default !== 'string' || !options.includes(r.default)) problems.push({ param: name, message: 'needs string options including the default' });
      else specs[name] = { type: 'enum', default: r.default, options, ...extra };
    } else {
      problems.push({ param: name, message: `has unknown type ${JSON.stringify(r.type)} (expected int, float, bool or enum)` });
    }
  }
  return { specs, problems };
}
