import type { RunLogLine } from './run-logs.ts';
import type { BacktestOutput, BarColumns, Instrument, RiskLimits, VenueModel } from '@strata/engine';

export interface RunSpec {
  source: string;
  params: Record<string, number | boolean | string>;
  bars: BarColumns;
  instrument: Instrument;
  timeframe: string;
  venue: VenueModel;
  risk?: RiskLimits;
  initialCash: number;
  seed: number;
  /** Sandbox chunks the run is cut into (progress and cancel points); the runner's default otherwise. */
  chunks?: number;
  /**
   * Content id of `bars`: runs with an equal key MUST carry identical bars. Lets the sandbox pack the
   * bars once and its workers keep them in memory across runs (optimisation trials).
   */
  datasetKey?: string;
  /** What the sandbox records of order events: optimiser trials need only metrics, so they pass 'none'. */
  recordEvents?: 'all' | 'fills' | 'none';
  /**
   * Runs with an equal key may share a warm sandbox isolate, one after another (sandbox
   * `RunBacktestRequest.reuseKey`): ONLY ever one owner's one strategy version, e.g. `${ownerId}:${strategyId}:${version}`.
   */
  reuseKey?: string;
}

export interface RunProgress {
  barsDone: number;
  totalBars: number;
}

export interface RunOutcome {
  output: BacktestOutput;
  /** The engine report's metrics (named numbers, plus nested tables such as monthly returns). */
  metrics: Record<string, unknown>;
  usage: Record<string, unknown>;
  /** `ctx.log` and console lines of the strategy, in run order. */
  logs: RunLogLine[];
  /** Lines the sandbox dropped over its log budget. */
  logsDropped: number;
}

/** Thrown out of `run` when `onProgress` asked to stop (a user cancel). */
export class RunCanceled extends Error {
  readonly code = 'CANCELED';
  constructor() {
    super('The run was canceled.');
    this.name = 'RunCanceled';
  }
}

/**
 * Port: runs one backtest in the sandbox (the one engine path) and computes its report.
 * `onProgress` is called between sandbox chunks; returning `false` aborts the run with RunCanceled.
 * Author mistakes reject with an error whose `kind` is 'user' and `code` is stable (compile error,
 * strategy error with line/column, timeout, memory); anything else is a system failure.
 */
export interface BacktestRunner {
  run(spec: RunSpec, onProgress?: (p: RunProgress) => boolean | void): Promise<RunOutcome>;
  /** Starts what runs need (sandbox worker processes) in the background, ahead of the first run. */
  prepare?(): void;
  close(): Promise<void>;
}

/** The author-facing shape of a strategy failure, stored with the run. */
export interface MappedRunError {
  code: string;
  message: string;
  line?: number;
  column?: number;
  diagnostics?: unknown;
}

export function isAuthorError(err: unknown): err is Error & { code: string; kind: 'user' } {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'user' && typeof (err as { code?: unknown }).code === 'string';
}

export function mapAuthorError(err: Error & { code: string }): MappedRunError {
  const e = err as Error & { code: string; line?: number; column?: number; diagnostics?: { line: number; column: number }[] };
  const first = e.diagnostics?.[0];
  const out: MappedRunError = { code: e.code, message: e.message };
  const line = e.line ?? first?.line;
  const column = e.column ?? first?.column;
  if (line !== undefined) out.line = line;
  if (column !== undefined) out.column = column;
  if (e.diagnostics) out.diagnostics = e.diagnostics;
  return out;
}
