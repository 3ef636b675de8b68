/**
 * Worker side of isolate reuse. After a successful run that named a `reuseKey`, its isolate is kept
 * warm (JIT-compiled engine, loaded strategy module factory, optionally the bars) for the next run
 * with the same key and the same compiled code: optimiser trials and re-runs then skip isolate
 * start-up and V8 warm-up, which on short runs cost more than the backtest itself.
 *
 * Why this is safe (docs/sandbox.md "Warm isolates"): the caller gives equal keys only to runs of one
 * owner and strategy version; the realm, the SDK and the global object are frozen, so user code has
 * nowhere to leave state for the next run except its own module scope, and every run evaluates the
 * module anew; the driver drops every reference to the finished run ('release'); a run that failed in
 * any way is never reused.
 */
import type ivm from 'isolated-vm';
import type { IsolateRun } from './isolate-host.ts';

/** Recycle a warm isolate after this many runs (heap fragmentation, bounded exposure). */
const MAX_USES = 1_000;

interface Warm {
  key: string;
  js: string;
  run: IsolateRun;
  factory: ivm.Reference;
  /** The bars the driver kept inside the isolate (released with `keepBars`), by dataset key. */
  datasetKey?: string;
  uses: number;
}

let warm: Warm | undefined;

export interface WarmTake {
  run: IsolateRun;
  factory: ivm.Reference;
  /** The run's bars are already inside the isolate: send none. */
  barsInside: boolean;
  /** The isolate holds another dataset's bars: release them before sending this run's. */
  dropBars: boolean;
  uses: number;
}

/**
 * The warm isolate for this run, if it fits (same key, same code, same heap limit); otherwise the
 * kept one, if any, is disposed (one warm isolate per worker process).
 */
export function takeWarm(m: { reuseKey?: string; js: string; datasetKey?: string }, memoryLimitMb: number): WarmTake | undefined {
  const w = warm;
  warm = undefined;
  if (w && m.reuseKey !== undefined && w.key === m.reuseKey && w.js === m.js && w.run.memoryLimitMb === memoryLimitMb && w.uses < MAX_USES) {
    const barsInside = m.datasetKey !== undefined && w.datasetKey === m.datasetKey;
    return { run: w.run, factory: w.factory, barsInside, dropBars: !barsInside && w.datasetKey !== undefined, uses: w.uses };
  }
  if (w) dispose(w.run, w.factory);
  return undefined;
}

/**
 * Keep `run` warm after a successful run: the driver first drops the run's engine, strategy module
 * and state; with a `datasetKey` it keeps the bars (never reachable from user code) for the next run.
 * Returns false (the caller disposes) when the release fails.
 */
export async function keepWarm(run: IsolateRun, factory: ivm.Reference, m: { reuseKey: string; js: string; datasetKey?: string }, uses: number): Promise<boolean> {
  try {
    await run.call('release', [m.datasetKey !== undefined]);
  } catch {
    return false;
  }
  warm = { key: m.reuseKey, js: m.js, run, factory, datasetKey: m.datasetKey, uses: uses + 1 };
  return true;
}

export function hasWarm(): boolean {
  return warm !== undefined;
}

function dispose(run: IsolateRun, factory: ivm.Reference): void {
  try { factory.release(); } catch { /* gone with the isolate */ }
  run.dispose();
}
