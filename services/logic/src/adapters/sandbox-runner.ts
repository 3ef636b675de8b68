import { computeReport } from '@strata/engine';
import type { SandboxPool } from '@strata/sandbox';
import { RunCanceled, type BacktestRunner, type RunOutcome, type RunSpec } from '../domain/runner.ts';
import { mergeRunLogs } from '../domain/run-logs.ts';

export interface SandboxRunnerOptions {
  /** Progress granularity: the run is cut into about this many sandbox chunks (min 500 bars each). */
  progressChunks?: number;
  limits?: Record<string, number>;
}

/**
 * BacktestRunner over a sandbox pool it owns (strategy code only ever runs there) and the engine's
 * report. Cancel: the sandbox reports progress between chunks; when `onProgress` returns false the
 * run's AbortSignal fires, and the pool drops the run if it is still queued or kills the worker
 * process running it (a fresh one replaces it), so no canceled isolate keeps burning CPU.
 */
export function createSandboxRunner(makePool: () => SandboxPool, opts: SandboxRunnerOptions = {}): BacktestRunner {
  const chunks = opts.progressChunks ?? 20;
  let pool: SandboxPool | null = null;
  const current = () => (pool ??= makePool());

  return {
    prepare() {
      current();
    },
    async run(spec: RunSpec, onProgress): Promise<RunOutcome> {
      const total = spec.bars.time.length;
      const barsPerBatch = Math.max(500, Math.ceil(total / (spec.chunks ?? chunks)));
      const abort = new AbortController();
      const result = await current().runBacktest(
        {
          source: spec.source,
          params: spec.params,
          series: [{ instrument: spec.instrument, timeframe: spec.timeframe, bars: spec.bars }],
          venue: spec.venue,
          risk: spec.risk,
          initialCash: spec.initialCash,
          seed: spec.seed,
          limits: { ...opts.limits, barsPerBatch },
          datasetKey: spec.datasetKey,
          recordEvents: spec.recordEvents,
          reuseKey: spec.reuseKey,
        },
        (p) => {
          if (abort.signal.aborted) return;
          if (onProgress?.({ barsDone: p.barsProcessed, totalBars: p.totalBars }) === false) abort.abort(new RunCanceled());
        },
        abort.signal,
      );
      // Benchmark for alpha/beta and buy-and-hold: the primary series' closes (one output point per bar).
      const benchmark = result.output.time.length === spec.bars.close.length ? spec.bars.close : undefined;
      const report = computeReport(result.output, { initialCash: spec.initialCash, benchmark });
      return {
        output: result.output,
        metrics: { ...report.metrics, monthly: report.monthly } as unknown as Record<string, unknown>,
        usage: result.usage as unknown as Record<string, unknown>,
        logs: mergeRunLogs(result.output.logs, result.logs),
        logsDropped: (result.output.logsDropped ?? 0) + (result.logsDropped ?? 0),
      };
    },
    async close() {
      const p = pool;
      pool = null;
      await p?.close();
    },
  };
}
