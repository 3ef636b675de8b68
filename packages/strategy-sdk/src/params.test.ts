import { describe, expect, it } from 'vitest';
import { ParamSpecError, paramGrid, paramSpace, sampleParams, validateParams } from './params.ts';
import type { ParamSpecs } from './types.ts';

const specs = {
  fast: { type: 'int', default: 10, min: 2, max: 20, step: 2 },
  mult: { type: 'float', default: 2, min: 1, max: 2, step: 0.5 },
  useStop: { type: 'bool', default: true },
  mode: { type: 'enum', default: 'long', options: ['long', 'short', 'both'] },
} as const satisfies ParamSpecs;

describe('validateParams', () => {
  it('fills defaults for missing values', () => {
    const r = validateParams(specs, { fast: 4 });
    expect(r.ok).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.values).toEqual({ fast: 4, mult: 2, useStop: true, mode: 'long' });
  });

  it('reports every problem with a stable code and falls back to defaults', () => {
    const r = validateParams(specs, { fast: 3.5, mult: 9, useStop: 'yes', mode: 'sideways', extra: 1 });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.param, e.code])).toEqual([
      ['fast', 'PARAM_NOT_INTEGER'],
      ['mult', 'PARAM_OUT_OF_RANGE'],
      ['useStop', 'PARAM_TYPE'],
      ['mode', 'PARAM_NOT_AN_OPTION'],
      ['extra', 'PARAM_UNKNOWN'],
    ]);
    expect(r.errors[1].message).toBe('mult: expected a value within [1, 2], received 9');
    expect(r.values).toEqual({ fast: 10, mult: 2, useStop: true, mode: 'long' });
  });

  it('rejects NaN and strings for numbers, and reports invalid declarations', () => {
    expect(validateParams(specs, { fast: Number.NaN }).errors[0].code).toBe('PARAM_TYPE');
    expect(validateParams(specs, { mult: '1.5' }).errors[0].code).toBe('PARAM_TYPE');
    const bad = validateParams({ p: { type: 'int', default: 50, min: 1, max: 10 } } as ParamSpecs, {});
    expect(bad.errors.map((e) => e.code)).toEqual(['PARAM_SPEC_INVALID']);
  });
});

describe('paramGrid / paramSpace', () => {
  it('enumerates each axis from min/max/step without float noise', () => {
    expect(paramGrid(specs.fast)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(paramGrid({ type: 'float', default: 0.1, min: 0.1, max: 0.3, step: 0.1 })).toEqual([0.1, 0.2, 0.3]);
    expect(paramGrid({ type: 'float', default: 0, min: 0, max: 1 })).toHaveLength(11);
    expect(paramGrid({ type: 'int', default: 1, min: 1, max: 10, step: 4 })).toEqual([1, 5, 9]);
    expect(paramGrid(specs.useStop)).toEqual([false, true]);
    expect(paramGrid(specs.mode)).toEqual(['long', 'short', 'both']);
  });

  it('is a full-factorial space: size, at(i) with the last axis fastest, iteration', () => {
    const space = paramSpace(specs);
    expect(space.size).toBe(10 * 3 * 2 * 3);
    expect(space.at(0)).toEqual({ fast: 2, mult: 1, useStop: false, mode: 'long' });
    expect(space.at(1)).toEqual({ fast: 2, mult: 1, useStop: false, mode: 'short' });
    expect(space.at(space.size - 1)).toEqual({ fast: 20, mult: 2, useStop: true, mode: 'both' });
    const all = [...space];
    expect(all).toHaveLength(space.size);
    expect(new Set(all.map((v) => JSON.stringify(v))).size).toBe(space.size);
    expect(() => space.at(space.size)).toThrow(RangeError);
  });

  it('pins fixed parameters and validates them', () => {
    const space = paramSpace(specs, { fixed: { mode: 'both', useStop: false } });
    expect(space.size).toBe(30);
    expect([...space].every((v) => v.mode === 'both' && v.useStop === false)).toBe(true);
    expect(() => paramSpace(specs, { fixed: { fast: 99 } })).toThrow(ParamSpecError);
  });

  it('sampleParams draws grid points from the given random source', () => {
    expect(sampleParams(specs, () => 0)).toEqual({ fast: 2, mult: 1, useStop: false, mode: 'long' });
    expect(sampleParams(specs, () => 0.999999)).toEqual({ fast: 20, mult: 2, useStop: true, mode: 'both' });
  });
});
