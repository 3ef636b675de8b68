import { loadConfig, type ServiceModule } from '@strata/platform';
import { createTestEnv, type TestEnv } from '@strata/platform/testing';
import { createLogicModule } from '../index.ts';
import { logicConfigSchema } from '../config.ts';

/** Test settings: synthetic data allowed, short locks so stalled jobs are recovered within seconds. */
export const TEST_LOGIC_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOGIC_ALLOW_SYNTHETIC_DATA: 'true',
  LOGIC_JOB_BACKOFF_MS: '200',
  LOGIC_LOCK_DURATION_MS: '2000',
  LOGIC_STALLED_INTERVAL_MS: '1000',
  LOGIC_TRIALS_PER_JOB: '4',
};

export async function logicTestEnv(extra: Record<string, string> = {}, others: ServiceModule[] = []): Promise<{ env: TestEnv; module: ReturnType<typeof createLogicModule> }> {
  const module = createLogicModule({ config: loadConfig(logicConfigSchema, { ...TEST_LOGIC_ENV, ...extra }) });
  const env = await createTestEnv({ modules: [...others, module] });
  return { env, module };
}

export function auth(token: string) {
  return { authorization: `Bearer ${token}` };
}

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A backtest request over `bars` one-minute synthetic candles starting 2024-01-01. */
export function syntheticRange(bars: number) {
  const from = Date.UTC(2024, 0, 1);
  return { venue: 'test', symbol: 'BTC/USDT', timeframe: '1m', from: new Date(from).toISOString(), to: new Date(from + bars * 60_000).toISOString(), dataSource: 'synthetic' as const };
}
