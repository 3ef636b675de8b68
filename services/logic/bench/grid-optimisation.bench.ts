/**
 * A 1,000-trial grid optimisation (SMA cross: fast 2..51 × slow 110..300 step 10) over 100,000
 * stored one-minute bars, submit → completed, with 1 worker process, then 2 on the same Redis, then 1
 * again (the baseline is the mean of the two 1-worker runs).
 * Each worker process runs one sandbox worker. Targets: 2 processes <= 30 s, speed-up >= 1.7×.
 *   npm exec -- node services/logic/bench/grid-optimisation.bench.ts
 */
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { SMA_CROSS } from '../src/test-support/strategies.ts';
import { benchEnv, stop, workerProcess } from './bench-env.ts';
import { selfCpuSeconds, treeCpuSeconds } from './proc-cpu.ts';

const BARS = 100_000;
const FAST_MAX = Number(process.env.BENCH_FAST_MAX ?? 51); // 50 fast values × 20 slow values = 1,000 trials
const WORKER_ENV = { LOGIC_SANDBOX_WORKERS: '1', LOGIC_WORKER_CONCURRENCY: '1', LOGIC_TRIALS_PER_JOB: '25' };
const { env, range } = await benchEnv(BARS);
const children: ChildProcess[] = [];
try {
  const headers = { authorization: `Bearer ${await env.tokenFor({ userId: 'bench', tier: 'enterprise' })}` };
  const sid = (await env.app.inject({ method: 'POST', url: '/api/v1/logic/strategies', headers, payload: { name: 'sma', source: SMA_CROSS } })).json().strategy.id;

  // CPU of the worker processes (and their sandbox workers): the cost per trial, whatever the machine's load.
  const workersCpu = () => children.reduce((a, c) => a + treeCpuSeconds(c.pid!), 0);
  // the logic worker processes alone: the host side of a trial (the rest is their sandbox workers)
  const hostCpu = () => children.reduce((a, c) => a + selfCpuSeconds(c.pid!), 0);
  async function grid(): Promise<{ ms: number; trials: number; workers: number; cpuS: number; hostS: number }> {
    const cpu0 = workersCpu();
    const host0 = hostCpu();
    const t0 = performance.now();
    const res = await env.app.inject({
      method: 'POST', url: '/api/v1/logic/optimisations', headers,
      payload: { strategyId: sid, version: 1, ...range, method: 'grid', objective: 'sharpe', space: { fast: { min: 2, max: FAST_MAX }, slow: { min: 110, max: 300, step: 10 } } },
    });
    if (res.statusCode !== 202) throw new Error(res.body);
    const id = res.json().id as string;
    for (;;) {
      const row = (await env.deps.db.query(`SELECT status FROM logic.optimisations WHERE id = $1`, [id])).rows[0];
      if (row.status === 'completed') break;
      if (row.status !== 'queued' && row.status !== 'running') throw new Error(`optimisation ended ${row.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ms = performance.now() - t0;
    const stats = (await env.deps.db.query(`SELECT count(*)::int AS trials, count(DISTINCT worker)::int AS workers FROM logic.optimisation_trials WHERE optimisation_id = $1`, [id])).rows[0];
    return { ms, trials: stats.trials, workers: stats.workers, cpuS: workersCpu() - cpu0, hostS: hostCpu() - host0 };
  }

  children.push(await workerProcess(env, WORKER_ENV));
  const oneBefore = await grid();
  const second = await workerProcess(env, WORKER_ENV);
  children.push(second);
  const two = await grid();
  await stop(second);
  children.splice(children.indexOf(second), 1);
  const oneAfter = await grid();
  // This machine's speed drifts by 10-15% from one minute to the next (measured: the same 1-worker
  // grid took 13.9-16.7 s in consecutive runs), so the 1-worker baseline is measured before AND
  // after the 2-worker run and averaged: a single before/after pair gave speed-ups from 1.53 to 2.23.
  // Wall time: the mean of the two runs; CPU per trial and cores busy: both runs together.
  const one = {
    ms: (oneBefore.ms + oneAfter.ms) / 2, trials: oneBefore.trials + oneAfter.trials,
    cpuS: oneBefore.cpuS + oneAfter.cpuS, hostS: oneBefore.hostS + oneAfter.hostS, busyS: (oneBefore.ms + oneAfter.ms) / 1000,
  };
  const figures = {
    bars: BARS,
    trials: two.trials,
    oneWorkerBeforeS: Math.round(oneBefore.ms / 100) / 10,
    oneWorkerAfterS: Math.round(oneAfter.ms / 100) / 10,
    oneWorkerS: Math.round(one.ms / 100) / 10,
    twoWorkersS: Math.round(two.ms / 100) / 10,
    speedup: Math.round((one.ms / two.ms) * 100) / 100,
    workersUsed: two.workers,
    trialsPerSecondTwoWorkers: Math.round(two.trials / (two.ms / 1000)),
    // worker-side CPU per trial (logic worker + its sandbox worker processes); cores busy = CPU / wall
    workerCpuMsPerTrialOne: Math.round((one.cpuS * 1000) / one.trials),
    workerCpuMsPerTrialTwo: Math.round((two.cpuS * 1000) / two.trials),
    hostCpuMsPerTrialOne: Math.round((one.hostS * 1000) / one.trials),
    hostCpuMsPerTrialTwo: Math.round((two.hostS * 1000) / two.trials),
    coresUsedOneWorker: Math.round((one.cpuS / one.busyS) * 100) / 100,
    coresUsedTwoWorkers: Math.round((two.cpuS / (two.ms / 1000)) * 100) / 100,
    loadAverage: Math.round(loadavg()[0]! * 10) / 10,
  };
  console.log(`grid of ${two.trials} trials over ${BARS} bars: 1 worker ${figures.oneWorkerS} s, 2 workers ${figures.twoWorkersS} s, speed-up ${figures.speedup}x`);
  console.log(JSON.stringify({ name: 'logic.grid-optimisation', figures, targets: { twoWorkersS: '<= 30', speedup: '>= 1.7' } }));
} finally {
  for (const c of children) await stop(c);
  await env.close();
}
