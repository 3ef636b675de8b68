/**
 * @strata/sandbox: runs untrusted strategy TypeScript in isolated-vm isolates hosted by supervised
 * worker processes (design principle 10). See docs/sandbox.md for the threat model and protocol.
 */
export { createSandboxPool } from './pool/sandbox-pool.ts';
export type { SandboxPool, SandboxPoolOptions, RunBacktestRequest, RunBacktestResult, RunLog, Progress, PoolStats } from './pool/sandbox-pool.ts';
export type { StrategyMeta } from './pool/assemble.ts';
export { compileStrategy, MAX_SOURCE_BYTES, type CompiledStrategy } from './compile/compile-strategy.ts';
export { typecheck } from './compile/typecheck.ts';
export { DEFAULT_LIMITS, resolveLimits, type RunLimits } from './limits.ts';
export type { RunUsage } from './usage.ts';
export {
  SandboxError, CompileError, StrategyError, StrategyTimeout, StrategyMemoryExceeded, StrategyCrashed, type Diagnostic,
} from './errors.ts';
