import { computeReport } from '@strata/engine';
import type { SandboxPool } from '@strata/sandbox';
import { RunCanceled, type BacktestRunner, type RunOutcome, type RunSpec } from '../domain/runner.ts';

export interface SandboxRunnerOptions {
  /** Progress granularity: the run is cut into about this many sandbox chunks (min 500 bars each). */
  progressChunks?: number;
  limits?: Record<string, number>;
}

/**
 * BacktestRunner over a sandbox pool it owns (strategy code only ever runs there) and the engine's
 * report. Cancel: the sandbox reports progress between chunks; when `onProgress` returns false the
 * run rejects at once with RunCanceled. The pool has no per-run abort yet, so when the canceled run
 * is the only one in flight the pool is closed (its worker process killed) and a fresh one is made
 * on next use; otherwise the isolate finishes in the background and its result is discarded.
 */
export function createSandboxRunner(makePool: () => SandboxPool, opts: SandboxRunnerOptions = {}): BacktestRunner {
  const chunks = opts.progressChunks ?? 20;
  let pool: SandboxPool | null = null;
  let inFlight = 0;
  const current = () => (pool ??= makePool());

  return {
    async run(spec: RunSpec, onProgress): Promise<RunOutcome> {
      const total = spec.bars.time.length;
      const barsPerBatch = Math.max(500, Math.ceil(total / (spec.chunks ?? chunks)));
      let cancel: ((e: Error) => void) | null = null;
      const canceled = new Promise<never>((_, reject) => (cancel = reject));
      canceled.catch(() => {});
      const used = current();
      inFlight++;
      const running = used.runBacktest(
        {
          source: spec.source,
          params: spec.params,
          series: [{ instrument: spec.instrument, timeframe: spec.timeframe, bars: spec.bars }],
          venue: spec.venue,
          risk: spec.risk,
          initialCash: spec.initialCash,
          seed: spec.seed,
          limits: { ...opts.limits, barsPerBatch },
        },
        (p) => {
          if (onProgress?.({ barsDone: p.barsProcessed, totalBars: p.totalBars }) === false) cancel?.(new RunCanceled());
        },
      );
      running.catch(() => {});
      let result;
      try {
        result = await Promise.race([running, canceled]);
      } catch (err) {
        if (err instanceof RunCanceled && inFlight === 1 && pool === used) {
          pool = null;
          await used.close().catch(() => {});
        }
        throw err;
      } finally {
        inFlight--;
      }
      // Benchmark for alpha/beta and buy-and-hold: the primary series' closes (one output point per bar).
      const benchmark = result.output.time.length === spec.bars.close.length ? spec.bars.close : undefined;
      const report = computeReport(result.output, { initialCash: spec.initialCash, benchmark });
      return {
        output: result.output,
        metrics: { ...report.metrics, monthly: report.monthly } as unknown as Record<string, unknown>,
        usage: result.usage as unknown as Record<string, unknown>,
        logs: result.logs,
      };
    },
    async close() {
      const p = pool;
      pool = null;
      await p?.close();
    },
  };
}
