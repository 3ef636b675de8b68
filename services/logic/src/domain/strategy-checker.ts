import type { ParamSpecs } from '@strata/strategy-sdk';
import type { Diagnostic } from '@strata/sandbox';

/** A compiler or type-checker finding in the author's TypeScript: the sandbox's own type. */
export type { Diagnostic };

export interface StrategyMeta {
  apiVersion: number;
  name?: string;
  params: ParamSpecs;
}

export interface CheckResult {
  /** False when the source cannot run: it does not compile or does not export a strategy. */
  ok: boolean;
  diagnostics: Diagnostic[];
  meta?: StrategyMeta;
}

/**
 * Port: compile-and-check a strategy source. Never throws for an author's mistake (those are
 * diagnostics); throws only for system failures. Implemented over the sandbox (compile, type-check,
 * read declared parameters inside an isolate).
 */
export interface StrategyChecker {
  check(source: string): Promise<CheckResult>;
}
