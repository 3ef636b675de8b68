/**
 * The sandbox pool: the only way Strata runs untrusted strategy code. Compiles on the host, then
 * hands each run to a supervised worker process that hosts a fresh isolate per run.
 */
import type { BacktestOutput, RecordEvents, RiskLimits, SeriesInput, VenueModel } from '@strata/engine';
import { compileStrategy, type CompiledStrategy } from '../compile/compile-strategy.ts';
import { resolveLimits, type RunLimits } from '../limits.ts';
import { getRuntimeBundle } from '../isolate/runtime-bundle.ts';
import { SandboxError, StrategyCrashed, StrategyError } from '../errors.ts';
import { emptyUsage, type RunUsage } from '../usage.ts';
import { WORKER_ENTRY, WorkerHandle, type Job } from './worker-handle.ts';
import { buildConfigJson, releasePacked, removePrivateDirIfEmpty, setPrivateOwner } from './run-request.ts';
import { resolveWorkerIdentity, type WorkerIdentity } from './worker-identity.ts';
import { DatasetFiles } from './dataset-files.ts';
import { toSandboxError } from './failures.ts';
import type { RunInFile, RunSuccess, WorkerLimits } from './protocol.ts';
import { readResultFile } from './result-file.ts';
import { assembleOutput, type StrategyMeta } from './assemble.ts';
import { mapLogSites } from './log-sites.ts';

export interface SandboxPoolOptions {
  /** Worker processes (default 2). */
  size?: number;
  /** Recycle a worker after this many runs (default 200). */
  maxRunsPerWorker?: number;
  /** SIGKILL a worker whose RSS exceeds this, MB (default 768). */
  rssCapMb?: number;
  /**
   * The user workers run as. Default: `nobody` (65534) when this process is root and that user can
   * load the worker, else this process's user; 'self' keeps this process's user (worker-identity.ts).
   */
  runAs?: WorkerIdentity | 'self';
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
  /**
   * What `output.events` / `output.orders` keep (engine `BacktestInput.caps.recordEvents`): `'all'`
   * (default), `'fills'` (fill/liquidation events and the intents of filled orders) or `'none'`
   * (optimiser trials that need only equity, trades and metrics; `'none'` also keeps no `ctx.plot`
   * columns). The strategy's `onOrder` sees every event either way, so results do not change;
   * `ordersEmitted` always counts every intent.
   */
  recordEvents?: RecordEvents;
  /**
   * Optional content id of `series` (e.g. the data service's dataset version hash). The caller
   * guarantees that runs with equal keys carry identical bars; the pool then writes them once and a
   * worker that already holds them skips reading them (optimiser trials, re-runs).
   */
  datasetKey?: string;
  /**
   * Optional: runs with an equal key may run one after another in one warm isolate (its engine
   * already JIT-compiled, its bars already inside), instead of a fresh one each. Results are the
   * same either way. Give equal keys ONLY to runs of one owner's one strategy version (e.g.
   * `${ownerId}:${versionId}`): user code can observe which runs shared its isolate through timing.
   * A failed run's isolate is never reused (docs/sandbox.md "Warm isolates").
   */
  reuseKey?: string;
}

/** `line`/`column`: where the author's TypeScript wrote it, when known. */
export interface RunLog { time: number; message: string; line?: number; column?: number }

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
  /** `signal`: aborting drops a queued run, or kills the worker running it (a fresh one replaces it); rejects with `signal.reason`. */
  runBacktest(req: RunBacktestRequest, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<RunBacktestResult>;
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
  const runAs = resolveWorkerIdentity(WORKER_ENTRY, opts.runAs);
  setPrivateOwner(runAs);
  const workers = new Set<WorkerHandle>();
  const queue: Job[] = [];
  let closed = false;
  let nextId = 1;
  const runtime = getRuntimeBundle();
  const datasets = new DatasetFiles();
  // The optimiser and re-runs submit the same source many times: compile it once (small LRU).
  const compiled = new Map<string, Promise<CompiledStrategy>>();
  const compile = (source: string): Promise<CompiledStrategy> => {
    let p = compiled.get(source);
    if (p) { compiled.delete(source); compiled.set(source, p); return p; }
    p = compileStrategy(source);
    compiled.set(source, p);
    p.catch(() => compiled.delete(source));
    if (compiled.size > 32) compiled.delete(compiled.keys().next().value!);
    return p;
  };

  // Start-up failures (a broken runtime bundle, a worker that dies before it is ready) back off and,
  // after a few in a row, fail queued runs instead of respawning in a tight loop.
  let startFailures = 0;
  let startError: Error | undefined;
  const spawn = async (): Promise<void> => {
    if (closed) return;
    let bundle: string;
    try {
      bundle = await runtime;
    } catch (e) {
      startError = new StrategyCrashed(`sandbox runtime failed to build: ${e instanceof Error ? e.message : String(e)}`);
      failQueued(startError.message);
      return;
    }
    const w = new WorkerHandle(bundle, rssCapMb, onIdle, onExit, runAs);
    workers.add(w);
    w.ready.then(() => { startFailures = 0; pump(); }, () => undefined);
  };
  function failQueued(message: string): void {
    for (const job of queue.splice(0)) job.settle({ ok: false, failure: { kind: 'crashed', reason: 'start', message, stack: '' }, usage: emptyUsage() });
  }
  function onIdle(w: WorkerHandle, recycle: boolean): void {
    if (!recycle && w.runs >= maxRuns) w.kill();
    pump();
  }
  function onExit(w: WorkerHandle): void {
    workers.delete(w);
    if (closed) return;
    if (!w.isReady) {
      startFailures++;
      if (startFailures >= 5) failQueued('sandbox workers fail to start');
      setTimeout(() => void spawn(), Math.min(5_000, 100 * 2 ** startFailures)).unref();
      return;
    }
    void spawn();
  }
  function pump(): void {
    while (queue.length > 0) {
      const idle = [...workers].filter((w) => w.isReady && !w.dead && !w.busy);
      if (idle.length === 0) return;
      const job = queue.shift()!;
      // prefer the worker that holds the run's strategy warm, then the one holding its dataset
      const m = job.message.type === 'run' ? job.message : undefined;
      const w = (m?.reuseKey !== undefined && idle.find((x) => x.reuseKey === m.reuseKey))
        || (m?.datasetKey !== undefined && idle.find((x) => x.datasetKey === m.datasetKey)) || idle[0]!;
      w.start(job);
    }
  }
  for (let i = 0; i < size; i++) void spawn();

  function submit(message: (id: number) => Job['message'], limits: RunLimits, onProgress?: Job['onProgress'], signal?: AbortSignal): Promise<{ result: unknown; usage: RunUsage }> {
    if (closed) return Promise.reject(new Error('sandbox pool is closed'));
    if (startError) return Promise.reject(startError);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const onAbort = () => {
        // queued: just drop it; running: the only way to stop an isolate for sure is to kill its worker
        const i = queue.findIndex((j) => j.id === id);
        if (i >= 0) queue.splice(i, 1);
        else for (const w of workers) if (w.cancel(id)) break;
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push({
        id, message: message(id), deadlineMs: limits.wallMs + WALL_GRACE_MS, onProgress,
        settle: (o) => {
          signal?.removeEventListener('abort', onAbort);
          if (o.ok) resolve(o); else reject(o);
        },
      });
      pump();
    });
  }

  const workerLimits = (l: RunLimits): WorkerLimits => ({
    memoryMb: l.memoryMb, cpuMsPerBatch: l.cpuMsPerBatch, cpuMsTotal: l.cpuMsTotal, wallMs: l.wallMs, barsPerBatch: l.barsPerBatch,
  });

  async function runBacktest(req: RunBacktestRequest, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<RunBacktestResult> {
    const limits = resolveLimits(req.limits);
    const c = await compile(req.source);
    const packed = datasets.pack(req.series, req.datasetKey);
    const configJson = buildConfigJson({ ...req, limits });
    try {
      const { result, usage } = await submit((id) => ({
        type: 'run', id, js: c.js, configJson, limits: workerLimits(limits),
        seriesBytes: packed.seriesBytes, barsFile: packed.barsFile, barsInline: packed.barsInline, resultFile: packed.resultFile,
        datasetKey: packed.datasetKey, reuseKey: req.reuseKey,
      }), limits, onProgress && ((b, t, u) => onProgress({ barsProcessed: b, totalBars: t, usage: u })), signal);
      const r = result as RunSuccess | RunInFile;
      const out = assembleOutput('inFile' in r ? readResultFile(packed.resultFile!, r.layout, r.scalars) : r, usage, req.series[0]!.bars.time);
      mapLogSites([out.output.logs, out.logs], c.sourceMap);
      return out;
    } catch (e) {
      throw asError(e, c.sourceMap);
    } finally {
      releasePacked(packed);
      datasets.release(packed);
    }
  }

  async function readStrategyMeta(source: string, partial?: Partial<RunLimits>): Promise<StrategyMeta> {
    const limits = resolveLimits({ cpuMsPerBatch: 1_000, wallMs: 10_000, ...partial });
    const c = await compile(source);
    try {
      const { result } = await submit((id) => ({ type: 'meta', id, js: c.js, limits: workerLimits(limits) }), limits);
      return JSON.parse((result as { json: string }).json) as StrategyMeta;
    } catch (e) {
      throw asError(e, c.sourceMap);
    }
  }

  async function close(): Promise<void> {
    closed = true;
    for (const job of queue.splice(0)) job.settle({ ok: false, failure: { kind: 'crashed', reason: 'closed', message: 'sandbox pool closed', stack: '' }, usage: emptyUsage() });
    for (const w of workers) w.kill();
    const until = Date.now() + 2_000;
    while (workers.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    datasets.close();
    await removePrivateDirIfEmpty();
  }

  const stats = (): PoolStats => ({
    workers: [...workers].filter((w) => !w.dead).map((w) => ({ pid: w.pid, runs: w.runs, busy: w.busy })),
    queued: queue.length,
  });

  return { runBacktest, readStrategyMeta, stats, close };
}

function asError(e: unknown, sourceMap: string): unknown {
  if (e instanceof SandboxError || e instanceof Error) return e;
  if (typeof e !== 'object' || e === null || !('failure' in e)) return e; // an abort reason, as given
  const o = e as { failure?: import('./protocol.ts').FailureInfo; usage?: RunUsage };
  if (o && o.failure) return toSandboxError(o.failure, o.usage ?? emptyUsage(), sourceMap);
  return new StrategyError(String(e));
}
