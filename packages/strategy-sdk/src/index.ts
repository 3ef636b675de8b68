export * from './types.ts';
export { ta, IndicatorParamError } from './indicators/index.ts';
export type * from './indicators/index.ts';
export {
  validateParams,
  checkParamSpec,
  paramGrid,
  paramSpace,
  sampleParams,
  ParamSpecError,
  DEFAULT_FLOAT_STEPS,
} from './params.ts';
export type { ParamError, ParamErrorCode, ParamValidation, ParamSpace, ParamSpaceOptions } from './params.ts';
import type { ParamSpecs, StrategyDefinition } from './types.ts';

/**
 * Identity helper that gives authors full type inference for params and state:
 * `export default defineStrategy({ apiVersion: 1, params: {...}, onStart, onBar })`.
 */
export function defineStrategy<P extends ParamSpecs, S>(def: StrategyDefinition<P, S>): StrategyDefinition<P, S> {
  return def;
}
