import { describe, expect, it } from 'vitest';
import type { ParamSpecs } from '@strata/strategy-sdk';
import { paramKey } from '../params.ts';
import { buildSpace, gridSize } from './search-space.ts';
import { nextBatch, plannedTrials } from './search.ts';

const specs: ParamSpecs = {
  fast: { type: 'int', default: 10, min: 2, max: 20, step: 2 },
  slow: { type: 'int', default: 30, min: 20, max: 60, step: 10 },
  mode: { type: 'enum', default: 'a', options: ['a', 'b'] },
  on: { type: 'bool', default: true },
};

describe('search space', () => {
  it('builds a lattice from declared specs and narrows it per request', () => {
    const { space, problems } = buildSpace(specs);
    expect(problems).toEqual([]);
    expect(gridSize(space)).toBe(10 * 5 * 2 * 2);
    const narrowed = buildSpace(specs, { fast: { min: 4, max: 8 }, mode: { fixed: 'b' }, on: { values: [true] } });
    expect(gridSize(narrowed.space)).toBe(3 * 5 * 1);
    expect(narrowed.space.fixed).toEqual({ mode: 'b' });
  });

  it('refuses ranges outside the declaration and unknown names', () => {
    expect(buildSpace(specs, { fast: { min: 0, max: 8 } }).problems[0]).toMatch(/within the declared 2..20/);
    expect(buildSpace(specs, { nope: { fixed: 1 } }).problems[0]).toMatch(/not a declared parameter/);
    expect(buildSpace(specs, { fast: { values: [4, 7] } }).problems[0]).toMatch(/multiple of step 2/);
    expect(buildSpace(specs, { mode: { fixed: 'z' } }).problems[0]).toMatch(/one of a, b/);
  });
});

describe('search methods', () => {
  const { space } = buildSpace(specs, { mode: { fixed: 'a' }, on: { fixed: true } });

  it('grid enumerates every point once, then stops', () => {
    const batch = nextBatch(space, { method: 'grid', seed: 1 }, 0, [])!;
    expect(batch).toHaveLength(50);
    expect(new Set(batch.map(paramKey)).size).toBe(50);
    expect(batch[0]).toEqual({ mode: 'a', on: true, fast: 2, slow: 20 });
    expect(nextBatch(space, { method: 'grid', seed: 1 }, 1, [])).toBeNull();
  });

  it('random is seeded, distinct and on the lattice', () => {
    const a = nextBatch(space, { method: 'random', seed: 42, trials: 20 }, 0, [])!;
    const b = nextBatch(space, { method: 'random', seed: 42, trials: 20 }, 0, [])!;
    const c = nextBatch(space, { method: 'random', seed: 43, trials: 20 }, 0, [])!;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map(paramKey)).size).toBe(20);
    for (const p of a) {
      expect((p.fast as number) % 2).toBe(0);
      expect([20, 30, 40, 50, 60]).toContain(p.slow);
    }
    expect(nextBatch(space, { method: 'random', seed: 42, trials: 500 }, 0, [])).toHaveLength(50);
  });

  it('genetic search improves on a known objective and is reproducible', () => {
    // Objective peaks at fast=12, slow=40.
    const score = (p: Record<string, unknown>) => -Math.abs((p.fast as number) - 12) - Math.abs((p.slow as number) - 40) / 10;
    const run = (seed: number) => {
      const plan = { method: 'genetic' as const, seed, populationSize: 8, generations: 6 };
      const history: { params: Record<string, number | boolean | string>; score: number }[] = [];
      const firstBest: number[] = [];
      for (let r = 0; ; r++) {
        const batch = nextBatch(space, plan, r, history);
        if (!batch) break;
        for (const p of batch) history.push({ params: p, score: score(p) });
        if (r === 0) firstBest.push(Math.max(...history.map((h) => h.score)));
      }
      return { history, first: firstBest[0]!, best: Math.max(...history.map((h) => h.score)) };
    };
    const a = run(7);
    expect(a.history.map((h) => paramKey(h.params))).toEqual(run(7).history.map((h) => paramKey(h.params)));
    expect(a.best).toBeGreaterThanOrEqual(a.first);
    expect(a.best).toBeGreaterThan(-1.5);
    expect(plannedTrials(space, { method: 'genetic', seed: 1, populationSize: 8, generations: 6 })).toBe(48);
  });
});
