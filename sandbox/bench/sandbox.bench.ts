/**
 * Sandbox benchmark: SMA(10)/SMA(30) crossover over 1,000,000 bars, (a) unsandboxed in this process
 * through the engine's createBacktest and (b) through the real sandbox pool (compile, pack, worker,
 * fresh isolate, batch bridge, result copy-out), once with fresh bars every run and once with a
 * `datasetKey` (optimiser trials); events/orders are decoded lazily, so the time to first read them is
 * reported separately and in the `...WithEvents...` ratios. Also: a bare strategy (empty onBar) through the
 * pool; cold isolate + context + runtime + strategy load p50 and the strategy-only part of it (what a
 * run pays when the worker's pre-loaded spare isolate fits); RSS per idle loaded isolate over 1,000.
 * The optimiser case again with a `reuseKey` (the isolate of the previous run of the same strategy kept warm:
 * its engine JIT-compiled, its bars inside), and with `recordEvents: 'none'` (no event/order record kept), against plain Node
 * with the same option.
 * Prints one JSON line last (docs/contributing.md).
 */
import { createBacktest, type RecordEvents } from '@strata/engine';
import { createSandboxPool } from '../src/index.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../src/testing/fixtures.ts';
import { loadTrustedDefinitionInProcess } from '../src/testing/load-in-node.ts';
import { WorkerHandle } from '../src/pool/worker-handle.ts';
import { getRuntimeBundle } from '../src/isolate/runtime-bundle.ts';
import { compileStrategy } from '../src/compile/compile-strategy.ts';
import type { IdleIsolatesResult } from '../src/pool/protocol.ts';

const N = 1_000_000;
const REPS = 5;
const series = [syntheticSeries(N)];
const params = { fast: 10, slow: 30 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const BARE = `import { defineStrategy } from '@strata/sdk';\nexport default defineStrategy({ apiVersion: 1, onBar() {} });\n`;

// (a) plain Node
const def = await loadTrustedDefinitionInProcess(SMA_CROSS_SOURCE);
const plainMs: number[] = [];
let plainOrders = 0;
for (let i = 0; i < REPS; i++) {
  const t0 = performance.now();
  const bt = createBacktest({ strategy: def, params, series, venue: VENUE, initialCash: 10_000 });
  bt.step(bt.length);
  plainOrders = bt.finish().ordersEmitted;
  plainMs.push(performance.now() - t0);
}
// recordEvents 'none' in plain Node, interleaved with more default runs (these later runs are warmer
// than the ones above, so they get their own default figure to compare with)
const plainWarmMs: number[] = [];
const plainNoEventsMs: number[] = [];
for (let i = 0; i < REPS; i++) {
  let t0 = performance.now();
  const all = createBacktest({ strategy: def, params, series, venue: VENUE, initialCash: 10_000 });
  all.step(all.length);
  all.finish();
  plainWarmMs.push(performance.now() - t0);
  t0 = performance.now();
  const bt = createBacktest({ strategy: def, params, series, venue: VENUE, initialCash: 10_000, caps: { recordEvents: 'none' } });
  bt.step(bt.length);
  bt.finish();
  plainNoEventsMs.push(performance.now() - t0);
}

// (b) the sandbox pool, end to end
const pool = createSandboxPool({ size: 1, maxRunsPerWorker: 1_000 });
const limits = { cpuMsPerBatch: 10_000, barsPerBatch: 100_000, memoryMb: 64 };
// datasetKey: the optimiser case (same bars every trial: written and read once, then kept in memory)
const run = (source: string, datasetKey?: string, recordEvents?: RecordEvents, reuseKey?: string) => pool.runBacktest({ source, params, series, venue: VENUE, initialCash: 10_000, seed: 1, limits, datasetKey, recordEvents, reuseKey });
type Phases = NonNullable<import('../src/usage.ts').RunUsage['phasesMs']>;
async function measure(source: string, datasetKey?: string, recordEvents?: RecordEvents, reuseKey?: string) {
  await run(source, datasetKey, recordEvents, reuseKey);
  const ms: number[] = [], withEventsMs: number[] = [], decodeMs: number[] = [], worker: number[] = [], cpu: number[] = [], phases: Phases[] = [];
  let orders = 0, events = 0;
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    const r = await run(source, datasetKey, recordEvents, reuseKey);
    if (reuseKey !== undefined && r.usage.isolate !== 'warm') throw new Error(`run ${i} did not reuse its warm isolate`);
    const t1 = performance.now();
    // events/orders are decoded lazily on first read: time that separately, and the sum
    events = r.output.events.length + r.output.orders.length;
    const t2 = performance.now();
    ms.push(t1 - t0); decodeMs.push(t2 - t1); withEventsMs.push(t2 - t0);
    worker.push(r.usage.wallMs); cpu.push(r.usage.cpuMs);
    if (r.usage.phasesMs) phases.push(r.usage.phasesMs);
    orders = r.output.ordersEmitted;
  }
  return { ms, withEventsMs, decodeMs, worker, cpu, phases, orders, events };
}
const fresh = await measure(SMA_CROSS_SOURCE);
const keyed = await measure(SMA_CROSS_SOURCE, 'bench-1m-bars');
const keyedNoEvents = await measure(SMA_CROSS_SOURCE, 'bench-1m-bars', 'none');
for (const m of [fresh, keyed, keyedNoEvents]) if (m.orders !== plainOrders) throw new Error(`sandboxed run emitted ${m.orders} orders, plain ${plainOrders}`);
// the same strategy again under one reuseKey: its isolate stays warm (optimiser trials, re-runs)
const warm = await measure(SMA_CROSS_SOURCE, 'bench-1m-bars', undefined, 'bench-owner:sma');
if (warm.orders !== plainOrders) throw new Error(`warm run emitted ${warm.orders} orders, plain ${plainOrders}`);
const bare = await measure(BARE);
const bareKeyed = await measure(BARE, 'bench-1m-bars');
const bareWarm = await measure(BARE, 'bench-1m-bars', undefined, 'bench-owner:bare');
await pool.close();

// isolate load p50 and idle RSS, measured inside a real worker process
const { js } = await compileStrategy(SMA_CROSS_SOURCE);
const idle = await new Promise<IdleIsolatesResult>((resolve, reject) => {
  void getRuntimeBundle().then((runtime) => {
    const w = new WorkerHandle(runtime, 16_384, () => undefined, () => undefined);
    void w.ready.then(() => w.start({
      id: 1, deadlineMs: 300_000, message: { type: 'idle-isolates', id: 1, js, count: 1_000 },
      settle: (o) => { w.kill(); if (o.ok) resolve(o.result as never); else reject(new Error(o.failure.message)); },
    }));
  });
});

const barsPerSec = (ms: number) => Math.round(N / (ms / 1000));
const loadAverage = (await import('node:os')).loadavg()[0];
const phaseMedians = (ps: Phases[]) => Object.fromEntries((['readBars', 'load', 'start', 'steps', 'finish'] as const).map((k) => [k, median(ps.map((p) => p[k]))]));
// The plain baseline for every ratio: the faster median of the two plain sets (the first five runs
// still JIT-compile; the later ones are warm), so that no sandbox figure is flattered by a cold plain run.
const plainBase = median(plainWarmMs) < median(plainMs) ? plainWarmMs : plainMs;
const ratio = (ms: number[], plain = plainBase) => Number((median(plain) / median(ms)).toFixed(3));
/** The end-to-end figures of one measured mode, named `sandbox<Mode>EndToEnd...`, `ratio<Mode>EndToEnd...`. */
const endToEnd = (mode: string, m: Awaited<ReturnType<typeof measure>>) => ({
  [`sandbox${mode}EndToEndBarsPerSec`]: barsPerSec(median(m.ms)),
  [`sandbox${mode}EndToEndMedianMs`]: Math.round(median(m.ms)),
  [`ratio${mode}EndToEndVsPlain`]: ratio(m.ms),
  [`ratio${mode}EndToEndWithEventsVsPlain`]: ratio(m.withEventsMs),
  [`sandbox${mode}PhaseMedianMs`]: phaseMedians(m.phases),
});
const figures = {
  machineLoadAverage1m: Number(loadAverage!.toFixed(2)),
  bars: N,
  plainNodeBarsPerSec: barsPerSec(median(plainMs)),
  plainNodeMedianMs: Math.round(median(plainMs)),
  plainNodeBaselineMs: Math.round(median(plainBase)),
  // a fresh dataset every run: bars written to /dev/shm, read by the worker
  sandboxEndToEndBarsPerSec: barsPerSec(median(fresh.ms)),
  sandboxEndToEndMedianMs: Math.round(median(fresh.ms)),
  ratioEndToEndVsPlain: ratio(fresh.ms),
  ratioEndToEndWithEventsVsPlain: ratio(fresh.withEventsMs),
  sandboxInWorkerBarsPerSec: barsPerSec(median(fresh.worker)),
  ratioInWorkerVsPlain: ratio(fresh.worker),
  sandboxIsolateCpuMs: Math.round(median(fresh.cpu)),
  sandboxPhaseMedianMs: phaseMedians(fresh.phases),
  // the same bars again under one datasetKey (optimiser trials, re-runs)
  ...endToEnd('Keyed', keyed),
  // optimiser trials: recordEvents 'none' (engine keeps no event/order record), same option in plain Node
  plainNodeWarmMedianMs: Math.round(median(plainWarmMs)),
  plainNodeNoEventsMedianMs: Math.round(median(plainNoEventsMs)),
  sandboxKeyedNoEventsEndToEndMedianMs: Math.round(median(keyedNoEvents.ms)),
  ratioKeyedNoEventsEndToEndVsPlainNoEvents: ratio(keyedNoEvents.ms, plainNoEventsMs),
  ratioKeyedNoEventsEndToEndVsPlainWarm: ratio(keyedNoEvents.ms, plainWarmMs),
  sandboxKeyedNoEventsPhaseMedianMs: phaseMedians(keyedNoEvents.phases),
  // and in the isolate kept warm from the previous run of the same strategy (reuseKey)
  ...endToEnd('Warm', warm),
  decodeEventsAndOrdersMs: Number(median([...fresh.decodeMs, ...keyed.decodeMs]).toFixed(1)),
  eventsAndOrders: fresh.events,
  bareStrategyEndToEndBarsPerSec: barsPerSec(median(bare.ms)),
  bareStrategyKeyedEndToEndBarsPerSec: barsPerSec(median(bareKeyed.ms)),
  bareStrategyWarmEndToEndBarsPerSec: barsPerSec(median(bareWarm.ms)),
  bareStrategyInWorkerBarsPerSec: barsPerSec(median(bare.worker)),
  // one isolate at a time, created and disposed as runs do
  isolateLoadP50Ms: Number(idle.loadMsP50.toFixed(3)),
  // its parts (each a p50 of its own): new Isolate; context + code-cached runtime + hardening; strategy module; first call
  isolateLoadPartsP50Ms: Object.fromEntries(Object.entries(idle.loadPartsMsP50).map(([k, v]) => [k, Number(v.toFixed(3))])),
  // the same while the 1,000 idle isolates of the RSS figure accumulate in the process
  isolateLoadWhileHoldingThousandP50Ms: Number(idle.heldLoadMsP50.toFixed(3)),
  strategyLoadIntoSpareIsolateP50Ms: Number(idle.warmLoadMsP50.toFixed(3)),
  idleIsolateRssMiB: Number((idle.rssPerIsolate / 1048576).toFixed(3)),
  ordersEmitted: fresh.orders,
};
console.log(JSON.stringify({
  name: 'sandbox',
  figures,
  targets: {
    bareStrategyEndToEndBarsPerSec: '>= 10000000', bareStrategyKeyedEndToEndBarsPerSec: '>= 10000000',
    ratioEndToEndVsPlain: '>= 0.6', ratioKeyedEndToEndVsPlain: '>= 0.6', ratioWarmEndToEndVsPlain: '>= 0.6', bareStrategyWarmEndToEndBarsPerSec: '>= 10000000', isolateLoadP50Ms: '<= 3', idleIsolateRssMiB: '<= 2',
  },
}));
