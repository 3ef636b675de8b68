/** Turns a worker's failure report into the named error the author sees. */
import { StrategyCrashed, StrategyError, StrategyMemoryExceeded, StrategyTimeout, type SandboxError } from '../errors.ts';
import { mapStrategyStack } from '../compile/source-map.ts';
import type { FailureInfo } from './protocol.ts';
import type { RunUsage } from '../usage.ts';

export function toSandboxError(f: FailureInfo, usage: RunUsage, sourceMap: string): SandboxError {
  switch (f.kind) {
    case 'timeout': return new StrategyTimeout(f.budget ?? 'watchdog', f.message, usage);
    case 'memory': return new StrategyMemoryExceeded(f.message, usage);
    case 'crashed': return new StrategyCrashed(f.message, usage);
    default: {
      const mapped = mapStrategyStack(f.stack, sourceMap, f.message);
      return new StrategyError(f.message, { stack: mapped.stack, line: mapped.line, column: mapped.column, reason: f.reason, usage });
    }
  }
}
