/**
 * Messages between the pool (parent) and a sandbox worker process. Only data crosses; the worker
 * never receives secrets. Bar data travels through a private file (`barsFile`) because piping tens
 * of MB through the IPC channel costs more than the backtest itself.
 */
import type { RunUsage } from '../usage.ts';
import type { ResultLayout } from './result-file.ts';

export interface WorkerLimits {
  memoryMb: number;
  cpuMsPerBatch: number;
  cpuMsTotal: number;
  wallMs: number;
  barsPerBatch: number;
}

export type ParentMessage =
  | { type: 'init'; runtime: string }
  | {
      type: 'run'; id: number; js: string; configJson: string; limits: WorkerLimits;
      /** Bytes per series (6 Float64 columns each), in order, concatenated in the file. */
      seriesBytes: number[];
      barsFile?: string;
      barsInline?: ArrayBuffer[];
      /** Content id of the bars (equal keys, equal bars): the worker may serve them from memory. */
      datasetKey?: string;
      /** Runs with an equal key may share a warm isolate, one after another (warm-isolate.ts). */
      reuseKey?: string;
      /** Where to write a large result (see result-file.ts); small results come inline. */
      resultFile?: string;
    }
  | { type: 'meta'; id: number; js: string; limits: WorkerLimits }
  | { type: 'idle-isolates'; id: number; js: string; count: number };

/** Benchmark only (`idle-isolates`): cold start p50 and its parts, strategy load into a spare, idle RSS. */
export interface IdleIsolatesResult {
  rssPerIsolate: number; loadMsP50: number; heldLoadMsP50: number; warmLoadMsP50: number;
  loadPartsMsP50: { isolate: number; runtime: number; strategy: number; firstCall: number };
}

export interface FailureInfo {
  kind: 'strategy' | 'timeout' | 'memory' | 'crashed';
  reason: string;
  message: string;
  stack: string;
  budget?: 'cpuPerBatch' | 'cpuTotal' | 'wall' | 'watchdog';
}

export interface RunSuccess {
  /** `{ logs, console, symbols, strings }`: the small parts, plus the string table of `cols`. */
  json: string;
  state?: string;
  /** Absent when output.time is the first `timeFromInput` bar times the pool sent in. */
  time?: Float64Array;
  timeFromInput?: number;
  /** Columnar events and orders (`events.s`, `events.f`, ...; see isolate/column-spec.ts). */
  cols: Record<string, Int32Array | Float64Array | Uint8Array>;
  equity: Float64Array;
  exposure: Uint8Array;
  trades: Record<string, Float64Array | Int32Array | Int8Array>;
  logsDropped: number;
  consoleDropped: number;
  feesPaid: number;
  barsProcessed: number;
  ordersEmitted: number;
}

/** A run result left in `resultFile`; only the layout and the scalars travel over IPC. */
export interface RunInFile {
  inFile: true;
  layout: ResultLayout;
  scalars: Pick<RunSuccess, 'logsDropped' | 'consoleDropped' | 'feesPaid' | 'barsProcessed' | 'ordersEmitted' | 'timeFromInput'>;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; id: number; barsProcessed: number; totalBars: number; usage: RunUsage }
  | { type: 'done'; id: number; ok: true; result: RunSuccess | RunInFile | { json: string } | IdleIsolatesResult; usage: RunUsage }
  | { type: 'done'; id: number; ok: false; failure: FailureInfo; usage: RunUsage; recycle: boolean }
  | { type: 'catastrophic'; message: string }
  | { type: 'wedged'; message: string };
