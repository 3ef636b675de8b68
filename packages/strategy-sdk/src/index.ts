export * from './types.ts';
import type { ParamSpecs, StrategyDefinition } from './types.ts';

/** Identity helper that gives authors full type inference for params and state. */
export function defineStrategy<P extends ParamSpecs, S>(def: StrategyDefinition<P, S>): StrategyDefinition<P, S> {
  return def;
}
