/**
 * Named sandbox errors. Every one carries a stable `code` and the run's usage, so the caller can
 * bill and show the author what happened; the host process survives all of them.
 */
import type { RunUsage } from './usage.ts';

/** One compiler or type-checker finding, positioned in the author's TypeScript (1-based line, 1-based column). */
export interface Diagnostic {
  line: number;
  column: number;
  message: string;
  code: string;
  severity: 'error' | 'warning';
}

/** Base of all sandbox errors: an author-facing failure (design principle 9: a user error, never a 500). */
export class SandboxError extends Error {
  readonly code: string;
  readonly kind = 'user' as const;
  usage?: RunUsage;
  constructor(code: string, message: string, usage?: RunUsage) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.usage = usage;
  }
}

/** The source did not compile: syntax errors, forbidden imports, size or compile-time limits. */
export class CompileError extends SandboxError {
  readonly diagnostics: Diagnostic[];
  constructor(message: string, diagnostics: Diagnostic[]) {
    super('STRATEGY_COMPILE_FAILED', message);
    this.diagnostics = diagnostics;
  }
}

/** The strategy threw (or broke a rule such as an oversized result). `line`/`column` point into the author's TS. */
export class StrategyError extends SandboxError {
  readonly strategyStack: string;
  readonly line?: number;
  readonly column?: number;
  readonly reason: string;
  constructor(message: string, opts: { stack?: string; line?: number; column?: number; reason?: string; usage?: RunUsage } = {}) {
    super('STRATEGY_ERROR', message, opts.usage);
    this.strategyStack = opts.stack ?? '';
    this.line = opts.line;
    this.column = opts.column;
    this.reason = opts.reason ?? 'threw';
  }
}

/** A CPU or wall-clock budget ran out (per batch, per run, or the host watchdog fired). */
export class StrategyTimeout extends SandboxError {
  readonly budget: 'cpuPerBatch' | 'cpuTotal' | 'wall' | 'watchdog';
  constructor(budget: StrategyTimeout['budget'], message: string, usage?: RunUsage) {
    super('STRATEGY_TIMEOUT', message, usage);
    this.budget = budget;
  }
}

/** The isolate heap limit, or the worker's RSS cap, was exceeded. */
export class StrategyMemoryExceeded extends SandboxError {
  constructor(message: string, usage?: RunUsage) {
    super('STRATEGY_MEMORY_EXCEEDED', message, usage);
  }
}

/** The isolate or its worker process died for another reason (a V8 abort, an uninterruptible native call). */
export class StrategyCrashed extends SandboxError {
  constructor(message: string, usage?: RunUsage) {
    super('STRATEGY_CRASHED', message, usage);
  }
}

/** Reasons a worker reports; the pool turns them into the classes above. */
export type FailureKind = 'compile' | 'strategy' | 'timeout' | 'memory' | 'crashed';
