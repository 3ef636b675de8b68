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
