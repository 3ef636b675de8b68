/**
 * Resource use of one run, returned with every result and every error.
 * `cpuMs` is isolated-vm's `isolate.cpuTime`: time the isolate was running, which under contention
 * is more than the CPU it actually received (sandbox-notes hazard 8). It is what budgets are checked against.
 */
export interface RunUsage {
  cpuMs: number;
  wallMs: number;
  peakHeapBytes: number;
  barsProcessed: number;
  ordersEmitted: number;
  /**
   * Diagnostic split of the worker's time, ms: reading the bars file (before `wallMs` starts; about 0
   * when the worker kept the run's `datasetKey` in memory, whose copy into the isolate then shows in
   * `start`), isolate start-up (about 0 when a spare was ready), start, steps, finish (the driver's
   * `finish` call: engine finish, encoding and the copy of the result out of the isolate).
   */
  phasesMs?: { readBars: number; load: number; start: number; steps: number; finish: number };
  /** The run's isolate: created for it, the worker's pre-loaded spare, or kept warm from the previous run with the same `reuseKey`. */
  isolate?: 'fresh' | 'spare' | 'warm';
}

export function emptyUsage(): RunUsage {
  return { cpuMs: 0, wallMs: 0, peakHeapBytes: 0, barsProcessed: 0, ordersEmitted: 0 };
}
