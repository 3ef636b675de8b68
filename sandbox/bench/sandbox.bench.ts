/**
 * Sandbox benchmark: SMA(10)/SMA(30) crossover over 1,000,000 bars, (a) unsandboxed in this process
 * through the engine's createBacktest and (b) through the real sandbox pool (compile, pack, worker,
 * fresh isolate, batch bridge, result copy-out). Also: a bare strategy (empty onBar) through the
 * pool; cold isolate + context + runtime + strategy load p50 and the strategy-only part of it (what a
 * run pays when the worker's pre-loaded spare isolate fits); RSS per idle loaded isolate over 1,000.
 * Prints one JSON line last (docs/HELPERS.md).
 */
import { createBacktest } from '@strata/engine';
import { createSandboxPool } from '../src/index.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../src/testing/fixtures.ts';
import { loadTrustedDefinitionInProcess } from '../src/testing/load-in-node.ts';
import { WorkerHandle } from '../src/pool/worker-handle.ts';
import { getRuntimeBundle } from '../src/isolate/runtime-bundle.ts';
import { compileStrategy } from '../src/compile/compile-strategy.ts';

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

// (b) the sandbox pool, end to end
const pool = createSandboxPool({ size: 1, maxRunsPerWorker: 1_000 });
const limits = { cpuMsPerBatch: 10_000, barsPerBatch: 100_000, memoryMb: 64 };
const run = (source: string) => pool.runBacktest({ source, params, series, venue: VENUE, initialCash: 10_000, seed: 1, limits });
await run(SMA_CROSS_SOURCE);
const poolMs: number[] = [], workerMs: number[] = [], cpuMs: number[] = [];
const phases: NonNullable<import('../src/usage.ts').RunUsage['phasesMs']>[] = [];
let poolOrders = 0;
for (let i = 0; i < REPS; i++) {
  const t0 = performance.now();
  const r = await run(SMA_CROSS_SOURCE);
  poolMs.push(performance.now() - t0);
  workerMs.push(r.usage.wallMs);
  cpuMs.push(r.usage.cpuMs);
  if (r.usage.phasesMs) phases.push(r.usage.phasesMs);
  poolOrders = r.output.ordersEmitted;
}
if (poolOrders !== plainOrders) throw new Error(`sandboxed run emitted ${poolOrders} orders, plain ${plainOrders}`);
await run(BARE);
const bareMs: number[] = [], bareWorkerMs: number[] = [];
for (let i = 0; i < REPS; i++) {
  const t0 = performance.now();
  const r = await run(BARE);
  bareMs.push(performance.now() - t0);
  bareWorkerMs.push(r.usage.wallMs);
}
await pool.close();

// isolate load p50 and idle RSS, measured inside a real worker process
const { js } = await compileStrategy(SMA_CROSS_SOURCE);
const idle = await new Promise<{ rssPerIsolate: number; loadMsP50: number; warmLoadMsP50: number }>((resolve, reject) => {
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
const figures = {
  machineLoadAverage1m: Number(loadAverage!.toFixed(2)),
  bars: N,
  plainNodeBarsPerSec: barsPerSec(median(plainMs)),
  sandboxEndToEndBarsPerSec: barsPerSec(median(poolMs)),
  sandboxInWorkerBarsPerSec: barsPerSec(median(workerMs)),
  sandboxIsolateCpuMs: Math.round(median(cpuMs)),
  sandboxPhaseMedianMs: {
    readBars: median(phases.map((p) => p.readBars)), load: median(phases.map((p) => p.load)), start: median(phases.map((p) => p.start)),
    steps: median(phases.map((p) => p.steps)), finish: median(phases.map((p) => p.finish)),
  },
  plainNodeMedianMs: Math.round(median(plainMs)),
  sandboxEndToEndMedianMs: Math.round(median(poolMs)),
  ratioEndToEndVsPlain: Number((median(plainMs) / median(poolMs)).toFixed(3)),
  ratioInWorkerVsPlain: Number((median(plainMs) / median(workerMs)).toFixed(3)),
  bareStrategyEndToEndBarsPerSec: barsPerSec(median(bareMs)),
  bareStrategyInWorkerBarsPerSec: barsPerSec(median(bareWorkerMs)),
  isolateLoadP50Ms: Number(idle.loadMsP50.toFixed(3)),
  strategyLoadIntoSpareIsolateP50Ms: Number(idle.warmLoadMsP50.toFixed(3)),
  idleIsolateRssMiB: Number((idle.rssPerIsolate / 1048576).toFixed(3)),
  ordersEmitted: poolOrders,
};
console.log(JSON.stringify({
  name: 'sandbox',
  figures,
  targets: { bareStrategyEndToEndBarsPerSec: '>= 10000000', ratioEndToEndVsPlain: '>= 0.6', isolateLoadP50Ms: '<= 3', idleIsolateRssMiB: '<= 2' },
}));
