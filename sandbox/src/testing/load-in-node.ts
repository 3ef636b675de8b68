/**
 * TESTS AND BENCHMARKS ONLY: evaluates a compiled strategy in this very process, unsandboxed, to get
 * the plain-Node baseline the sandbox is compared with. Never call this with user code.
 */
import * as sdk from '@strata/strategy-sdk';
import type { StrategyDefinition } from '@strata/strategy-sdk';
import { compileStrategy } from '../compile/compile-strategy.ts';

export async function loadTrustedDefinitionInProcess(source: string): Promise<StrategyDefinition<any, any>> {
  const { js } = await compileStrategy(source);
  const module = { exports: {} as Record<string, unknown> };
  const factory = new Function('module', 'exports', 'require', js) as (m: unknown, e: unknown, r: (s: string) => unknown) => void;
  factory(module, module.exports, () => sdk);
  return (module.exports.default ?? module.exports) as StrategyDefinition<any, any>;
}
