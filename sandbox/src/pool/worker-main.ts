/**
 * Entry of a sandbox worker process (forked by the pool with no --expose flags, TZ=UTC, no secrets).
 * Runs one strategy at a time, each in a fresh isolate (or the warm isolate of the previous run of
 * the same strategy and owner, see warm-isolate.ts). It never exits on its own after an incident
 * (sandbox-notes hazard 13): it reports, and the supervisor decides to SIGKILL it.
 */
import { IsolateRun, RunFailure } from './isolate-host.ts';
import type { ParentMessage, RunSuccess, WorkerLimits, WorkerMessage } from './protocol.ts';
import { resultBytes, writeResultFile } from './result-file.ts';
import { barsForRun } from './worker-datasets.ts';
import { hasWarm, keepWarm, takeWarm } from './warm-isolate.ts';

let runtime = '';
const send = (m: WorkerMessage): void => { process.send?.(m); };
const hooks = {
  onCatastrophic: (message: string) => send({ type: 'catastrophic', message }),
  onWedged: (message: string) => send({ type: 'wedged', message }),
};

/**
 * One pre-loaded isolate (context + trusted runtime, no user code ever ran in it), prepared after a
 * run so that the next run with the same memory limit (the optimiser, a re-run) skips start-up.
 */
let spare: IsolateRun | undefined;
/** Limits of isolates that only ever run our own code (the warm-up, the benchmark's idle isolates). */
const TRUSTED_LIMITS: WorkerLimits = { memoryMb: 64, cpuMsPerBatch: 5_000, cpuMsTotal: 60_000, wallMs: 60_000, barsPerBatch: 1 };
/** Usage of a task that ran no run (a failure before any isolate, the benchmark). */
const NO_USAGE = { cpuMs: 0, wallMs: 0, peakHeapBytes: 0, barsProcessed: 0, ordersEmitted: 0 };
let lastRun: { limits: WorkerLimits; extra: number } | undefined;

async function takeIsolate(limits: WorkerLimits, extra: number): Promise<IsolateRun> {
  const s = spare;
  spare = undefined;
  if (s && s.memoryLimitMb === IsolateRun.memoryLimitFor(limits, extra)) {
    s.adopt(limits);
    s.origin = 'spare';
    return s;
  }
  s?.dispose();
  const r = new IsolateRun(limits, extra, hooks);
  await r.load(runtime);
  return r;
}

async function prepareSpare(): Promise<void> {
  // a warm isolate will serve the next run of the same strategy: a spare would be wasted work
  if (!lastRun || spare || hasWarm()) return;
  const r = new IsolateRun(lastRun.limits, lastRun.extra, hooks);
  try {
    await r.load(runtime);
    spare = r;
  } catch {
    r.dispose();
  }
}

async function run(m: Extract<ParentMessage, { type: 'run' }>): Promise<void> {
  const extra = m.seriesBytes.reduce((a, b) => a + b, 0);
  let r: IsolateRun | undefined;
  const ms = (from: number) => Math.round((performance.now() - from) * 1000) / 1000;
  const w = takeWarm(m, IsolateRun.memoryLimitFor(m.limits, extra));
  r = w?.run; // disposed in `finally` if this run fails before or after it starts
  try {
    if (w) { w.run.adopt(m.limits); w.run.origin = 'warm'; }
    if (w?.dropBars) await w.run.call('release', [false]);
    let t0 = performance.now();
    const transfers = w?.barsInside ? [] : barsForRun(m);
    const readBarsMs = ms(t0);
    t0 = performance.now();
    r = w?.run ?? await takeIsolate(m.limits, extra);
    const phases = { readBars: readBarsMs, load: ms(t0), start: 0, steps: 0, finish: 0 };
    r.phasesMs = phases;
    let mark = performance.now();
    const lap = () => { const now = performance.now(); const d = now - mark; mark = now; return Math.round(d * 1000) / 1000; };
    const factory = w?.factory ?? await r.strategyFactory(m.js);
    const started = await r.call('start', [factory.derefInto(), m.configJson, ...transfers]);
    phases.start = lap();
    const total = Number(started.length) || 0;
    let next = 0;
    while (next < total) {
      const until = Math.min(total, next + m.limits.barsPerBatch);
      const reply = await r.call('step', [until]);
      next = Number(reply.next);
      if (!(next > 0) || next > total) next = total;
      r.barsProcessed = next;
      send({ type: 'progress', id: m.id, barsProcessed: next, totalBars: total, usage: r.usage() });
    }
    phases.steps = lap();
    const out = await r.call('finish', []);
    r.barsProcessed = Number(out.barsProcessed) || next;
    r.ordersEmitted = Number(out.ordersEmitted) || 0;
    delete out.ok;
    const result = out as unknown as RunSuccess;
    phases.finish = lap();
    if (m.resultFile && resultBytes(result) > 1024 * 1024) {
      const layout = writeResultFile(m.resultFile, result);
      const { logsDropped, consoleDropped, feesPaid, barsProcessed, ordersEmitted, timeFromInput } = result;
      send({ type: 'done', id: m.id, ok: true, result: { inFile: true, layout, scalars: { logsDropped, consoleDropped, feesPaid, barsProcessed, ordersEmitted, timeFromInput } }, usage: r.usage() });
    } else {
      send({ type: 'done', id: m.id, ok: true, result, usage: r.usage() });
    }
    lastRun = { limits: m.limits, extra };
    if (m.reuseKey !== undefined && await keepWarm(r, factory, { reuseKey: m.reuseKey, js: m.js, datasetKey: m.datasetKey }, w?.uses ?? 0)) r = undefined;
  } catch (err) {
    fail(m.id, err, r);
    lastRun = undefined;
  } finally {
    r?.dispose();
  }
}

async function meta(m: Extract<ParentMessage, { type: 'meta' }>): Promise<void> {
  const r = new IsolateRun(m.limits, 0, hooks);
  try {
    await r.load(runtime);
    const factory = await r.strategyFactory(m.js);
    const out = await r.call('meta', [factory.derefInto()]);
    send({ type: 'done', id: m.id, ok: true, result: { json: String(out.json) }, usage: r.usage() });
  } catch (err) {
    fail(m.id, err, r);
  } finally {
    r.dispose();
  }
}

/**
 * Benchmark only. Cold start as a run pays it (isolate, context, runtime, hardening, strategy,
 * one call; then disposed, one at a time: `loadMsP50`), then `count` such isolates kept idle for
 * their RSS (their load times, slower as the process grows, are `heldLoadMsP50`).
 */
async function idleIsolates(m: Extract<ParentMessage, { type: 'idle-isolates' }>): Promise<void> {
  const limits = TRUSTED_LIMITS;
  const oneAtATimeMs: number[] = [];
  // the parts of each: new Isolate; context + runtime + hardening; strategy module; first call
  const parts: number[][] = [[], [], [], []];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    const r = new IsolateRun(limits, 0, hooks);
    const t1 = performance.now();
    await r.load(runtime);
    const t2 = performance.now();
    const factory = await r.strategyFactory(m.js);
    const t3 = performance.now();
    await r.call('meta', [factory.derefInto()]);
    const t4 = performance.now();
    oneAtATimeMs.push(t4 - t0);
    [t1 - t0, t2 - t1, t3 - t2, t4 - t3].forEach((d, k) => parts[k]!.push(d));
    r.dispose();
  }
  const runs: IsolateRun[] = [];
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  const before = process.memoryUsage().rss;
  for (let i = 0; i < m.count; i++) {
    const t0 = performance.now();
    const r = new IsolateRun(limits, 0, hooks);
    await r.load(runtime);
    const t1 = performance.now();
    const factory = await r.strategyFactory(m.js);
    await r.call('meta', [factory.derefInto()]);
    const t2 = performance.now();
    coldMs.push(t2 - t0);
    warmMs.push(t2 - t1);
    runs.push(r);
  }
  const after = process.memoryUsage().rss;
  for (const r of runs) r.dispose();
  const p50 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rssPerIsolate = (after - before) / m.count;
  const [isolate, runtimeMs, strategy, firstCall] = parts.map(p50) as [number, number, number, number];
  send({ type: 'done', id: m.id, ok: true, result: { rssPerIsolate, loadMsP50: p50(oneAtATimeMs), heldLoadMsP50: p50(coldMs), warmLoadMsP50: p50(warmMs), loadPartsMsP50: { isolate, runtime: runtimeMs, strategy, firstCall } }, usage: NO_USAGE });
}

function fail(id: number, err: unknown, r: IsolateRun | undefined): void {
  const f = err instanceof RunFailure
    ? err
    : new RunFailure({ kind: 'crashed', reason: 'host', message: `sandbox host error: ${err instanceof Error ? err.message : String(err)}`, stack: '' }, true);
  send({ type: 'done', id, ok: false, failure: f.info, usage: r?.usage() ?? NO_USAGE, recycle: f.recycle });
}

/** Our own trivial strategy (compiled form), for the warm-up only: no user code runs in that isolate. */
const WARM_UP_JS = `Object.defineProperty(exports, '__esModule', { value: true });
exports.default = require('@strata/sdk').defineStrategy({ apiVersion: 1, name: 'warm-up', params: { n: { type: 'int', default: 1, min: 1, max: 2 } }, onBar() {} });`;

/** One trusted isolate before the first run: it records the hardening plan and a fuller code cache of the runtime. */
async function warmUp(): Promise<void> {
  const r = new IsolateRun(TRUSTED_LIMITS, 0, hooks);
  try {
    await r.load(runtime);
    await r.call('meta', [(await r.strategyFactory(WARM_UP_JS)).derefInto()]);
    r.refreshRuntimeCache(runtime);
  } catch {
    // runs then load as before: the first isolate produces the plain cache
  } finally {
    r.dispose();
  }
}

let chain = Promise.resolve();
process.on('message', (m: ParentMessage) => {
  if (m.type === 'init') {
    runtime = m.runtime;
    chain = chain.then(warmUp).then(() => send({ type: 'ready' }));
    return;
  }
  const task = () => (m.type === 'run' ? run(m).then(prepareSpare) : m.type === 'meta' ? meta(m) : idleIsolates(m));
  // a failed task must not stall the queue behind it
  chain = chain.then(task).catch((err: unknown) => {
    if ('id' in m) fail(m.id, err, undefined);
  });
});
process.on('disconnect', () => process.exit(0));
