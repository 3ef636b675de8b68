/**
 * The sandbox pool: the only way Strata runs untrusted strategy code. Compiles on the host, then
 * hands each run to a supervised worker process that hosts a fresh isolate per run.
 */
import type { BacktestOutput, RiskLimits, SeriesInput, VenueModel } from '@strata/engine';
import { compileStrategy } from '../compile/compile-strategy.ts';
import { resolveLimits, type RunLimits } from '../limits.ts';
import { getRuntimeBundle } from '../isolate/runtime-bundle.ts';
import { SandboxError, StrategyError } from '../errors.ts';
import { emptyUsage, type RunUsage } from '../usage.ts';
import { WorkerHandle, type Job } from './worker-handle.ts';
import { buildConfigJson, packSeries, releasePacked } from './run-request.ts';
import { toSandboxError } from './failures.ts';
import type { RunSuccess, WorkerLimits } from './protocol.ts';
import { assembleOutput, type StrategyMeta } from './assemble.ts';

export interface SandboxPoolOptions {
  /** Worker processes (default 2). */
  size?: number;
  /** Recycle a worker after this many runs (default 200). */
  maxRunsPerWorker?: number;
  /** SIGKILL a worker whose RSS exceeds this, MB (default 768). */
  rssCapMb?: number;
}

export interface RunBacktestRequest {
  source: string;
  params: Record<string, number | boolean | string>;
  series: SeriesInput[];
  venue: VenueModel;
  risk?: RiskLimits;
  initialCash: number;
  seed: number;
  limits?: Partial<RunLimits>;
}

export interface RunLog { time: number; message: string }

export interface RunBacktestResult {
  output: BacktestOutput;
  usage: RunUsage;
  /** Console output of the strategy (capped at limits.maxLogBytes). */
  logs: RunLog[];
  logsDropped: number;
  /** JSON from saveState, when the strategy defines it. */
  state?: string;
}

export interface PoolStats { workers: { pid?: number; runs: number; busy: boolean }[]; queued: number }

export interface Progress { barsProcessed: number; totalBars: number; usage: RunUsage }

/**
 * Behavioural contract: `runBacktest` resolves with data only, or rejects with exactly one of
 * CompileError, StrategyError, StrategyTimeout, StrategyMemoryExceeded, StrategyCrashed, each with
 * `usage`. No strategy can harm the calling process; a failing worker is killed and replaced.
 * `close()` kills every worker and rejects queued runs.
 */
export interface SandboxPool {
  runBacktest(req: RunBacktestRequest, onProgress?: (p: Progress) => void): Promise<RunBacktestResult>;
  readStrategyMeta(source: string, limits?: Partial<RunLimits>): Promise<StrategyMeta>;
  /** Live view for metrics and tests: worker pids, runs served, busy flags, queue length. */
  stats(): PoolStats;
  close(): Promise<void>;
}

const WALL_GRACE_MS = 5_000;

export function createSandboxPool(opts: SandboxPoolOptions = {}): SandboxPool {
  const size = Math.max(1, opts.size ?? 2);
  const maxRuns = Math.max(1, opts.maxRunsPerWorker ?? 200);
  const rssCapMb = opts.rssCapMb ?? 768;
  const workers = new Set<WorkerHandle>();
  const queue: Job[] = [];
  let closed = false;
  let nextId = 1;
  const runtime = getRuntimeBundle();

  const spawn = async (): Promise<void> => {
    if (closed) return;
    const w = new WorkerHandle(await runtime, rssCapMb, onIdle, onExit);
    workers.add(w);
    w.ready.then(() => pump(), () => undefined);
  };
  function onIdle(w: WorkerHandle, recycle: boolean): void {
    if (!recycle && w.runs >= maxRuns) w.kill();
    pump();
  }
  function onExit(w: WorkerHandle): void {
    workers.delete(w);
    if (!closed) void spawn();
  }
  function pump(): void {
    for (const w of workers) {
      if (queue.length === 0) return;
      if (w.isReady && !w.dead && !w.busy) w.start(queue.shift()!);
    }
  }
  for (let i = 0; i < size; i++) void spawn();

  function submit(message: (id: number) => Job['message'], limits: RunLimits, onProgress?: Job['onProgress']): Promise<{ result: unknown; usage: RunUsage }> {
    if (closed) return Promise.reject(new Error('sandbox pool is closed'));
    return new Promise((resolve, reject) => {
      const id = nextId++;
      queue.push({
        id, message: message(id), deadlineMs: limits.wallMs + WALL_GRACE_MS, onProgress,
        settle: (o) => (o.ok ? resolve(o) : reject(o)),
      });
      pump();
    });
  }

  const workerLimits = (l: RunLimits): WorkerLimits => ({
    memoryMb: l.memoryMb, cpuMsPerBatch: l.cpuMsPerBatch, cpuMsTotal: l.cpuMsTotal, wallMs: l.wallMs, barsPerBatch: l.barsPerBatch,
  });

  async function runBacktest(req: RunBacktestRequest, onProgress?: (p: Progress) => void): Promise<RunBacktestResult> {
    const limits = resolveLimits(req.limits);
    const compiled = await compileStrategy(req.source);
    const packed = packSeries(req.series);
    const configJson = buildConfigJson({ ...req, limits });
    try {
      const { result, usage } = await submit((id) => ({
        type: 'run', id, js: compiled.js, configJson, limits: workerLimits(limits),
        seriesBytes: packed.seriesBytes, barsFile: packed.barsFile, barsInline: packed.barsInline,
      }), limits, onProgress && ((b, t, u) => onProgress({ barsProcessed: b, totalBars: t, usage: u })));
      return assembleOutput(result as RunSuccess, usage);
    } catch (e) {
      throw asError(e, compiled.sourceMap);
    } finally {
      releasePacked(packed);
    }
  }

  async function readStrategyMeta(source: string, partial?: Partial<RunLimits>): Promise<StrategyMeta> {
    const limits = resolveLimits({ cpuMsPerBatch: 1_000, wallMs: 10_000, ...partial });
    const compiled = await compileStrategy(source);
    try {
      const { result } = await submit((id) => ({ type: 'meta', id, js: compiled.js, limits: workerLimits(limits) }), limits);
      return JSON.parse((result as { json: string }).json) as StrategyMeta;
    } catch (e) {
      throw asError(e, compiled.sourceMap);
    }
  }

  async function close(): Promise<void> {
    closed = true;
    for (const job of queue.splice(0)) job.settle({ ok: false, failure: { kind: 'crashed', reason: 'closed', message: 'sandbox pool closed', stack: '' }, usage: emptyUsage() });
    for (const w of workers) w.kill();
    const until = Date.now() + 2_000;
    while (workers.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  }

  const stats = (): PoolStats => ({
    workers: [...workers].filter((w) => !w.dead).map((w) => ({ pid: w.pid, runs: w.runs, busy: w.busy })),
    queued: queue.length,
  });

  return { runBacktest, readStrategyMeta, stats, close };
}

function asError(e: unknown, sourceMap: string): Error {
  if (e instanceof SandboxError || e instanceof Error) return e;
  const o = e as { failure?: import('./protocol.ts').FailureInfo; usage?: RunUsage };
  if (o && o.failure) return toSandboxError(o.failure, o.usage ?? emptyUsage(), sourceMap);
  return new StrategyError(String(e));
}
