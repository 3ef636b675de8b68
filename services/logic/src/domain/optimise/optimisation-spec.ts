import type { ResolvedMarket } from '../run-request.ts';
import type { SearchPlan } from './search.ts';
import type { SearchSpace } from './search-space.ts';
import type { Validation } from './windows.ts';

/**
 * Everything an optimisation needs, resolved and validated at submit and stored with it (the job
 * payload carries only ids): the space, the search plan, the objective text, the validation scheme,
 * the market, and the number of bars the range held when it was accepted.
 */
export interface OptimisationSpec {
  space: SearchSpace;
  plan: SearchPlan;
  objective: string;
  validation: Validation;
  market: Omit<ResolvedMarket, 'fromMs' | 'toMs'> & { from: number; to: number };
  dataSource: 'data' | 'synthetic';
  totalBars: number;
  trialsPerJob: number;
  /** How many ranked trials the result keeps. */
  keepTop: number;
}

export const PHASES = ['search', 'test'] as const;
export const phaseNo = (p: 'search' | 'test') => PHASES.indexOf(p);
