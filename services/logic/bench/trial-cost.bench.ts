/**
 * CPU cost of one optimisation trial in isolation (no database, no queue): the logic runner and one
 * sandbox worker process run SMA-cross trials over 100,000 bars with the RunSpec the optimisation
 * processor builds (`trialRunSpec`: shared datasetKey, warm isolate per strategy version). Reports
 * host and sandbox-worker CPU per trial and the sandbox's phase split, so overhead outside the
 * isolate shows directly. BENCH_COLD=1 gives every trial a fresh isolate (no reuse key).
 *   npm exec -- node services/logic/bench/trial-cost.bench.ts
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { createSandboxPool } from '@strata/sandbox';
import { createSandboxRunner } from '../src/adapters/sandbox-runner.ts';
import { syntheticBars } from '../src/adapters/synthetic-candles.ts';
import { resolveMarket } from '../src/domain/run-request.ts';
import type { OptimisationSpec } from '../src/domain/optimise/optimisation-spec.ts';
import { trialRunSpec } from '../src/domain/optimise/trial-batch.ts';
import { SMA_CROSS } from '../src/test-support/strategies.ts';
import { treeCpuSeconds } from './proc-cpu.ts';

const BARS = Number(process.env.BENCH_BARS ?? 100_000);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 100);
const COLD = process.env.BENCH_COLD === '1';
const FROM = Date.UTC(2024, 0, 1);
const bars = syntheticBars({ venue: 'bench', symbol: 'BTC/USDT', timeframe: '1m', from: FROM, to: FROM + BARS * 60_000 });
const { fromMs, toMs, ...market } = resolveMarket({ venue: 'bench', symbol: 'BTC/USDT', timeframe: '1m', from: new Date(FROM).toISOString(), to: new Date(FROM + BARS * 60_000).toISOString() });
const spec = { market: { ...market, from: fromMs, to: toMs } } as unknown as OptimisationSpec;
const runner = createSandboxRunner(() => createSandboxPool({ size: 1, maxRunsPerWorker: 1_000 }));
const run = (i: number) => {
  const s = trialRunSpec(spec, SMA_CROSS, { fast: 2 + (i % 50), slow: 110 + 10 * (i % 20) }, bars, `bench-${BARS}`, 'bench:sma:1');
  return runner.run(COLD ? { ...s, reuseKey: undefined } : s);
};
try {
  for (let i = 0; i < 30; i++) await run(i); // warm-up: worker start, compile, dataset, JIT of both sides
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcMs += e.duration; });
  gc.observe({ entryTypes: ['gc'] });
  // sandbox worker processes = this process's tree minus itself (a recycled worker's CPU is counted
  // through the parent's reaped-children time)
  const hostS = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const host0 = hostS(), tree0 = treeCpuSeconds(process.pid);
  const phases: Record<string, number> = {};
  let isolateCpu = 0;
  const t0 = performance.now();
  for (let i = 0; i < TRIALS; i++) {
    const u = (await run(i)).usage as { cpuMs: number; phasesMs?: Record<string, number> };
    isolateCpu += u.cpuMs;
    for (const [k, v] of Object.entries(u.phasesMs ?? {})) if (typeof v === 'number') phases[k] = (phases[k] ?? 0) + v;
  }
  const wall = performance.now() - t0;
  gc.disconnect();
  const host = hostS() - host0;
  const sandbox = treeCpuSeconds(process.pid) - tree0 - host;
  const per = (x: number) => Math.round((x / TRIALS) * 10) / 10;
  const figures = {
    bars: BARS, trials: TRIALS, warmIsolate: !COLD,
    wallMsPerTrial: per(wall),
    hostCpuMsPerTrial: per(host * 1000),
    hostGcPauseMsPerTrial: per(gcMs),
    sandboxWorkerCpuMsPerTrial: per(sandbox * 1000),
    isolateCpuMsPerTrial: per(isolateCpu),
    phasesMsPerTrial: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, per(v)])),
  };
  console.log(`trial over ${BARS} bars (${COLD ? 'fresh' : 'warm'} isolate): host ${figures.hostCpuMsPerTrial} ms CPU, sandbox worker ${figures.sandboxWorkerCpuMsPerTrial} ms CPU, wall ${figures.wallMsPerTrial} ms`);
  console.log(JSON.stringify({ name: 'logic.trial-cost', figures, targets: {} }));
} finally {
  await runner.close();
}
