/**
 * One strategy run inside one fresh isolate, hosted by a sandbox worker process (never by the API
 * process). Every call into the isolate is async with a `timeout`, guarded by a watchdog that
 * disposes the isolate after timeout + grace; if even that does not settle the call (an
 * uninterruptible native operation, sandbox-notes hazard 2) the worker reports itself wedged and the
 * supervisor kills it.
 */
import ivm from 'isolated-vm';
import type { FailureInfo, WorkerLimits } from './protocol.ts';
import type { RunUsage } from '../usage.ts';

const WATCHDOG_GRACE_MS = 500;
const WEDGED_GRACE_MS = 1_000;
const MB = 1024 * 1024;

export class RunFailure extends Error {
  readonly info: FailureInfo;
  readonly recycle: boolean;
  constructor(info: FailureInfo, recycle: boolean) {
    super(info.message);
    this.info = info;
    this.recycle = recycle;
  }
}

export interface HostHooks {
  onCatastrophic(message: string): void;
  onWedged(message: string): void;
}

type Reply = Record<string, any>;

let runtimeCache: { source: string; data: ivm.ExternalCopy<ArrayBuffer> } | undefined;
/** Hardening plan recorded by the first isolate of this worker for `source` (see harden.ts). */
let hardenPlan: { source: string; json: string } | undefined;

export class IsolateRun {
  readonly isolate: ivm.Isolate;
  limits: WorkerLimits;
  /** memoryLimit the isolate was created with, MB: a spare isolate is reused only for an equal need. */
  readonly memoryLimitMb: number;
  private context?: ivm.Context;
  private dispatch?: ivm.Reference<(...a: unknown[]) => Reply>;
  private startedAt = performance.now();
  private peakHeap = 0;
  /** isolate.cpuTime (ns) when the current run took the isolate over. */
  private cpuBase = 0;
  private watchdogFired = false;
  private catastrophic = false;
  barsProcessed = 0;
  phasesMs?: RunUsage['phasesMs'];
  /** Where the run's isolate came from (usage telemetry): created for it, the pre-loaded spare, or kept warm. */
  origin: NonNullable<RunUsage['isolate']> = 'fresh';
  ordersEmitted = 0;
  private readonly hooks: HostHooks;

  constructor(limits: WorkerLimits, extraBytes: number, hooks: HostHooks) {
    this.limits = limits;
    this.hooks = hooks;
    this.memoryLimitMb = IsolateRun.memoryLimitFor(limits, extraBytes);
    this.isolate = new ivm.Isolate({
      memoryLimit: this.memoryLimitMb,
      onCatastrophicError: (message: string) => {
        this.catastrophic = true;
        hooks.onCatastrophic(message);
      },
    });
  }

  /**
   * The isolate's heap limit: the tier's memory plus twice the run's bar data (`barBytes`): the bars,
   * the engine's per-bar arrays (equity, exposure, their copies out: under half the bars' size) and
   * headroom. isolated-vm counts ArrayBuffers against the limit and puts V8 under memory-pressure GC
   * from 80% of it, which made a 1M-bar run 2x slower when only the bars were added (docs/sandbox.md).
   */
  static memoryLimitFor(limits: WorkerLimits, barBytes: number): number {
    return Math.max(8, limits.memoryMb + Math.ceil((2 * barBytes) / MB));
  }

  /**
   * Take over a pre-loaded spare, or a warm isolate kept from the previous run of the same strategy,
   * for a run: its clock restarts, the run's budgets apply and usage counts from here.
   */
  adopt(limits: WorkerLimits): void {
    this.limits = limits;
    this.startedAt = performance.now();
    this.peakHeap = 0;
    this.barsProcessed = 0;
    this.ordersEmitted = 0;
    this.phasesMs = undefined;
    try { this.cpuBase = Number(this.isolate.cpuTime); } catch { /* disposed: the run fails on its first call */ }
  }

  usage(): RunUsage {
    let cpuMs = 0;
    try { cpuMs = (Number(this.isolate.cpuTime) - this.cpuBase) / 1e6; } catch { /* disposed */ }
    return {
      cpuMs: Math.round(cpuMs * 1000) / 1000,
      wallMs: Math.round((performance.now() - this.startedAt) * 1000) / 1000,
      peakHeapBytes: this.peakHeap,
      barsProcessed: this.barsProcessed,
      ordersEmitted: this.ordersEmitted,
      ...(this.phasesMs ? { phasesMs: this.phasesMs, isolate: this.origin } : {}),
    };
  }

  /**
   * Create the context and load the trusted runtime; returns nothing user-made. Synchronous calls:
   * no user code runs here, and each async hop to isolated-vm's thread pool cost ~0.2 ms of a ~4 ms
   * cold start (docs/sandbox.md, Benchmark).
   */
  async load(runtime: string): Promise<void> {
    this.context = this.isolate.createContextSync();
    // V8 code cache of OUR runtime, produced in this process from trusted code (sandbox-notes hazard 7
    // concerns user-supplied cachedData, which we never accept).
    const cached = runtimeCache?.source === runtime ? runtimeCache.data : undefined;
    const script = this.isolate.compileScriptSync(runtime, cached
      ? { filename: 'strata-runtime.js', cachedData: cached }
      : { filename: 'strata-runtime.js', produceCachedData: true });
    const produced = (script as ivm.Script & ivm.CachedDataResult).cachedData;
    if (!cached && produced) runtimeCache = { source: runtime, data: produced };
    this.dispatch = script.runSync(this.context, { reference: true, timeout: this.limits.cpuMsPerBatch });
    script.release();
    const plan = hardenPlan?.source === runtime ? hardenPlan.json : undefined;
    const reply = this.dispatch.applySync(undefined, plan === undefined ? ['harden'] : ['harden', plan], { timeout: this.limits.cpuMsPerBatch, result: { copy: true } });
    if (!reply || reply.ok !== true) throw new RunFailure({ kind: 'crashed', reason: 'runtime', message: 'the sandbox runtime failed to harden its realm', stack: '' }, true);
    if (plan === undefined && typeof reply.plan === 'string') hardenPlan = { source: runtime, json: reply.plan };
  }

  /**
   * Produce the runtime's code cache again from this isolate. Call only when no user code has run
   * in it (the worker's trusted warm-up): V8 then serialises the functions that ran too (hardening,
   * module loading, 'meta'), which every later isolate would otherwise compile lazily. Measured:
   * cold start ~0.7 ms shorter, idle RSS +0.003 MiB per isolate (docs/sandbox.md).
   */
  refreshRuntimeCache(runtime: string): void {
    const script = this.isolate.compileScriptSync(runtime, { produceCachedData: true });
    const data = (script as ivm.Script & ivm.CachedDataResult).cachedData;
    script.release();
    if (data) runtimeCache = { source: runtime, data };
  }

  /** Evaluate the user's compiled module wrapper: defines a function, runs no user code yet. */
  async strategyFactory(js: string): Promise<ivm.Reference> {
    return this.guard(async () => {
      // compiling and evaluating the wrapper only defines a function (no user code runs): synchronous
      const script = this.isolate.compileScriptSync(`(function (module, exports, require) {"use strict";${js}\n})`, { filename: 'strategy.js' });
      const ref = script.runSync(this.context!, { reference: true, timeout: this.limits.cpuMsPerBatch });
      script.release();
      return ref as ivm.Reference;
    });
  }

  /** One call into the trusted driver, with the per-batch CPU budget and the watchdog. */
  async call(op: string, args: unknown[]): Promise<Reply> {
    const reply = await this.guard(() =>
      this.dispatch!.apply(undefined, [op, ...args] as never[], { timeout: this.limits.cpuMsPerBatch, result: { copy: true } }),
    );
    if (!reply || reply.ok !== true) {
      const r = reply ?? {};
      if (r.reason === 'memory') {
        throw new RunFailure({ kind: 'memory', reason: 'heap', message: `The strategy exceeded its memory limit of ${this.limits.memoryMb} MB (${String(r.message)})`, stack: '' }, false);
      }
      throw new RunFailure({
        kind: 'strategy', reason: String(r.reason ?? 'threw'), message: String(r.message ?? 'strategy failed'), stack: String(r.stack ?? ''),
      }, false);
    }
    this.checkBudgets();
    return reply;
  }

  private checkBudgets(): void {
    const u = this.usage();
    if (u.cpuMs > this.limits.cpuMsTotal) {
      throw new RunFailure({ kind: 'timeout', budget: 'cpuTotal', reason: 'cpuTotal', message: `The strategy used ${Math.round(u.cpuMs)} ms of isolate time; the run's budget is ${this.limits.cpuMsTotal} ms`, stack: '' }, false);
    }
    if (u.wallMs > this.limits.wallMs) {
      throw new RunFailure({ kind: 'timeout', budget: 'wall', reason: 'wall', message: `The run took ${Math.round(u.wallMs)} ms of wall time; the limit is ${this.limits.wallMs} ms`, stack: '' }, false);
    }
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    let wedgeTimer: NodeJS.Timeout | undefined;
    const watchdog = setTimeout(() => {
      this.watchdogFired = true;
      try { this.isolate.dispose(); } catch { /* already gone */ }
      wedgeTimer = setTimeout(() => this.hooks.onWedged('isolate did not stop after a forced dispose'), WEDGED_GRACE_MS);
    }, this.limits.cpuMsPerBatch + WATCHDOG_GRACE_MS);
    try {
      const out = await fn();
      this.sampleHeap();
      return out;
    } catch (err) {
      throw this.classify(err);
    } finally {
      clearTimeout(watchdog);
      clearTimeout(wedgeTimer);
    }
  }

  private sampleHeap(): void {
    try {
      const h = this.isolate.getHeapStatisticsSync();
      const used = h.used_heap_size + h.externally_allocated_size;
      if (used > this.peakHeap) this.peakHeap = used;
    } catch { /* disposed */ }
  }

  private classify(err: unknown): RunFailure {
    if (err instanceof RunFailure) return err;
    const message = err instanceof Error ? err.message : String(err);
    if (this.catastrophic) {
      return new RunFailure({ kind: 'memory', reason: 'catastrophic', message: 'The strategy exhausted the isolate heap', stack: '' }, true);
    }
    if (/memory limit/i.test(message)) {
      return new RunFailure({ kind: 'memory', reason: 'heap', message: `The strategy exceeded its memory limit of ${this.limits.memoryMb} MB`, stack: '' }, true);
    }
    if (this.watchdogFired) {
      return new RunFailure({ kind: 'timeout', budget: 'watchdog', reason: 'watchdog', message: `The strategy did not yield within ${this.limits.cpuMsPerBatch} ms and was stopped`, stack: '' }, true);
    }
    if (/timed out/i.test(message)) {
      return new RunFailure({ kind: 'timeout', budget: 'cpuPerBatch', reason: 'cpuPerBatch', message: `A batch used more than ${this.limits.cpuMsPerBatch} ms of isolate time`, stack: '' }, false);
    }
    return new RunFailure({ kind: 'crashed', reason: 'isolate', message: `The strategy isolate failed: ${message.slice(0, 500)}`, stack: '' }, true);
  }

  dispose(): void {
    try { this.dispatch?.release(); } catch { /* gone */ }
    try { this.context?.release(); } catch { /* gone */ }
    try { if (!this.isolate.isDisposed) this.isolate.dispose(); } catch { /* gone */ }
  }
}
