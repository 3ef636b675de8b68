import { describe, expect, it } from 'vitest';
import { normaliseParamSpecs, resolveParams } from './params.ts';

const specs = {
  fast: { type: 'int', default: 10, min: 2, max: 100 },
  ratio: { type: 'float', default: 0.5, min: 0, max: 1, step: 0.25 },
  mode: { type: 'enum', default: 'a', options: ['a', 'b'] },
  on: { type: 'bool', default: true },
} as const;

describe('parameters', () => {
  it('fills defaults and accepts valid values', () => {
    expect(resolveParams(specs, { fast: 20, mode: 'b' })).toEqual({ values: { fast: 20, ratio: 0.5, mode: 'b', on: true }, problems: [] });
  });

  it('reports every problem: type, range, step, option and unknown name', () => {
    const { problems } = resolveParams(specs, { fast: 1.5, ratio: 0.3, mode: 'c', on: 'yes', nope: 1 });
    expect(problems.map((p) => p.param).sort()).toEqual(['fast', 'mode', 'nope', 'on', 'ratio']);
    expect(resolveParams(specs, { fast: 101 }).problems[0]!.message).toMatch(/between 2 and 100, received 101/);
  });

  it('checks declarations read from a strategy', () => {
    expect(normaliseParamSpecs(specs as never).problems).toEqual([]);
    const bad = normaliseParamSpecs({ a: { type: 'int', default: 500, min: 0, max: 10 }, b: { type: 'date', default: 1 }, c: { type: 'enum', default: 'x', options: ['y'] } });
    expect(bad.problems.map((p) => p.param)).toEqual(['a', 'b', 'c']);
  });
});
