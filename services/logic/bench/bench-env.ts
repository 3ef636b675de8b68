/** Shared set-up for the logic benchmarks: a throwaway database with 100,000 stored one-minute bars. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@strata/platform';
import { createTestEnv, type TestEnv } from '@strata/platform/testing';
import { createDataModule, dataConfigSchema, ensureSeries, ingestCandles } from '@strata/svc-data';
import { createLogicModule } from '../src/index.ts';
import { logicConfigSchema } from '../src/config.ts';
import { syntheticBars } from '../src/adapters/synthetic-candles.ts';

export const KEY = { venue: 'bench', symbol: 'BTC/USDT', timeframe: '1m' };
export const FROM = Date.UTC(2024, 0, 1);

export async function benchEnv(bars: number, logicEnv: Record<string, string> = {}) {
  const module = createLogicModule({ config: loadConfig(logicConfigSchema, { NODE_ENV: 'test', ...logicEnv }) });
  const env = await createTestEnv({ modules: [createDataModule({ config: loadConfig(dataConfigSchema, { NODE_ENV: 'test' }) }), module] });
  try {
    const seriesId = await ensureSeries(env.deps.db, KEY, 'synthetic');
    await ingestCandles(env.deps.db, seriesId, syntheticBars({ ...KEY, from: FROM, to: FROM + bars * 60_000 }));
  } catch (err) {
    await env.close();
    throw err;
  }
  const range = { ...KEY, from: new Date(FROM).toISOString(), to: new Date(FROM + bars * 60_000).toISOString() };
  return { env, module, range };
}

/**
 * V8 flags a logic worker process should run with (docs/backtests.md "Worker processes"): a floor
 * under the old-generation limit, without which a worker's small heap sits permanently at V8's soft
 * marking limit and runs a full GC every few trials. BENCH_WORKER_V8_FLAGS="" runs without it.
 */
export const WORKER_V8_FLAGS = (process.env.BENCH_WORKER_V8_FLAGS ?? '--initial-old-space-size=256').split(' ').filter(Boolean);

/** A `src/worker.ts` process on the bench database; resolves once it reports ready. */
export function workerProcess(env: TestEnv, extra: Record<string, string>): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL('../src/worker.ts', import.meta.url)), [], {
    execPath: process.execPath,
    execArgv: [...process.execArgv, ...WORKER_V8_FLAGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'test', ...extra, DATABASE_URL: env.databaseUrl, REDIS_URL: env.redisUrl, REDIS_PREFIX: env.keyPrefix, LOG_LEVEL: 'silent' },
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
