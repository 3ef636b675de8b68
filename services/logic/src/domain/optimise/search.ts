import { paramKey, type ParamSet } from '../params.ts';
import { gridSize, latticeValues, rng, sampleDim, snap, type SearchSpace } from './search-space.ts';

export type SearchMethod = 'grid' | 'random' | 'genetic';

export interface SearchPlan {
  method: SearchMethod;
  seed: number;
  /** random: number of samples. genetic: population size × generations is the budget. */
  trials?: number;
  populationSize?: number;
  generations?: number;
  mutationRate?: number;
}

export interface Scored {
  params: ParamSet;
  score: number;
}

/**
 * Ask/tell search driver: given the round number and every trial scored so far (in this window),
 * returns the next batch of parameter sets to evaluate, or null when the search is done. Pure and
 * deterministic (seeded per round), so a parent job that crashes and re-runs a round proposes the
 * same trials, and re-inserting them is a no-op.
 */
export function nextBatch(space: SearchSpace, plan: SearchPlan, round: number, history: Scored[]): ParamSet[] | null {
  const withFixed = (p: ParamSet): ParamSet => ({ ...space.fixed, ...p });
  switch (plan.method) {
    case 'grid':
      return round === 0 ? gridPoints(space).map(withFixed) : null;
    case 'random':
      return round === 0 ? randomPoints(space, plan.trials ?? 50, rng(plan.seed)).map(withFixed) : null;
    case 'genetic': {
      const generations = plan.generations ?? 10;
      if (round >= generations) return null;
      const size = plan.populationSize ?? 20;
      const r = rng(plan.seed * 7919 + round);
      if (round === 0 || history.length === 0) return randomPoints(space, size, r).map(withFixed);
      return breed(space, history, size, plan.mutationRate ?? 0.2, r).map(withFixed);
    }
  }
}

/** Upper bound of trials a plan will run (for quotas and validation). */
export function plannedTrials(space: SearchSpace, plan: SearchPlan): number {
  if (plan.method === 'grid') return gridSize(space);
  if (plan.method === 'random') return plan.trials ?? 50;
  return (plan.populationSize ?? 20) * (plan.generations ?? 10);
}

function gridPoints(space: SearchSpace): ParamSet[] {
  let points: ParamSet[] = [{}];
  for (const d of space.dims) {
    const values = latticeValues(d);
    const next: ParamSet[] = [];
    for (const p of points) for (const v of values) next.push({ ...p, [d.name]: v });
    points = next;
  }
  return points;
}

function randomPoints(space: SearchSpace, n: number, r: () => number): ParamSet[] {
  const cap = Math.min(n, gridSize(space));
  const seen = new Set<string>();
  const out: ParamSet[] = [];
  for (let attempts = 0; out.length < cap && attempts < cap * 50; attempts++) {
    const p: ParamSet = {};
    for (const d of space.dims) p[d.name] = sampleDim(d, r);
    const key = paramKey(p);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/**
 * One genetic generation: (μ+λ) selection over everything scored so far. Parents are picked by
 * binary tournament among the best `size` distinct individuals, mixed by uniform crossover and
 * mutated (Gaussian on the normalised range for numbers, resampling for choices). The best two
 * survive unchanged (elitism) — they are already scored, so re-proposing them costs nothing.
 */
function breed(space: SearchSpace, history: Scored[], size: number, mutationRate: number, r: () => number): ParamSet[] {
  const pool = distinctBest(space, history, size);
  const out: ParamSet[] = pool.slice(0, 2).map((s) => strip(space, s.params));
  const seen = new Set(history.map((h) => paramKey(strip(space, h.params))));
  const pick = (): Scored => {
    const a = pool[Math.floor(r() * pool.length)]!;
    const b = pool[Math.floor(r() * pool.length)]!;
    return a.score >= b.score ? a : b;
  };
  for (let guard = 0; out.length < size && guard < size * 20; guard++) {
    const ma = pick().params, pa = pick().params;
    const child: ParamSet = {};
    for (const d of space.dims) {
      let v = r() < 0.5 ? ma[d.name]! : pa[d.name]!;
      if (r() < mutationRate) {
        if (d.kind === 'choice') v = d.values[Math.floor(r() * d.values.length)]!;
        else v = snap(d, (v as number) + gaussian(r) * 0.15 * (d.max - d.min));
      }
      child[d.name] = v;
    }
    const key = paramKey(child);
    if (seen.has(key) && guard < size * 10) continue; // prefer unexplored points; give up on it late in a small space
    seen.add(key);
    out.push(child);
  }
  return out;
}

function strip(space: SearchSpace, p: ParamSet): ParamSet {
  const out: ParamSet = {};
  for (const d of space.dims) out[d.name] = p[d.name]!;
  return out;
}

function distinctBest(space: SearchSpace, history: Scored[], n: number): Scored[] {
  const byKey = new Map<string, Scored>();
  for (const h of history) {
    const key = paramKey(strip(space, h.params));
    if (!byKey.has(key)) byKey.set(key, h);
  }
  return [...byKey.values()].sort((a, b) => b.score - a.score).slice(0, Math.max(2, n));
}

function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-12), v = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
