/** Per-run limits. Every field has a default; tiers override some of them. */
export interface RunLimits {
  /** Isolate heap limit for the strategy, MB. The bar data's byte size is added on top (bars are our data). */
  memoryMb: number;
  /** CPU budget (isolate running time) for one call into the isolate: a chunk of bars, onStart, finish. */
  cpuMsPerBatch: number;
  /** CPU budget for the whole run, checked between batches. */
  cpuMsTotal: number;
  /** Wall-clock budget for the whole run, including queueing inside the worker. */
  wallMs: number;
  /** Bytes of console output kept (the rest is counted as dropped). */
  maxLogBytes: number;
  maxOrdersPerBar: number;
  /** Bars per call into the isolate. */
  barsPerBatch: number;
  /** Largest JSON produced by saveState, bytes. */
  maxStateBytes: number;
  /** Largest JSON holding events/orders/logs that may leave the isolate, bytes. */
  maxOutputBytes: number;
}

export const DEFAULT_LIMITS: Readonly<RunLimits> = Object.freeze({
  memoryMb: 64,
  cpuMsPerBatch: 2_000,
  cpuMsTotal: 60_000,
  wallMs: 120_000,
  maxLogBytes: 64 * 1024,
  maxOrdersPerBar: 16,
  barsPerBatch: 100_000,
  maxStateBytes: 1024 * 1024,
  maxOutputBytes: 32 * 1024 * 1024,
});

/** Hard ceilings no tier may exceed. */
const CEILINGS: Readonly<RunLimits> = Object.freeze({
  memoryMb: 1024,
  cpuMsPerBatch: 30_000,
  cpuMsTotal: 3_600_000,
  wallMs: 4 * 3_600_000,
  maxLogBytes: 16 * 1024 * 1024,
  maxOrdersPerBar: 1_000,
  barsPerBatch: 1_000_000,
  maxStateBytes: 16 * 1024 * 1024,
  maxOutputBytes: 256 * 1024 * 1024,
});

export function resolveLimits(partial: Partial<RunLimits> | undefined): RunLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof RunLimits)[]) {
    const v = partial?.[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new RangeError(`limit ${key} must be a positive finite number, received ${String(v)}`);
    }
    out[key] = Math.min(Math.floor(v), CEILINGS[key]);
  }
  return out;
}
