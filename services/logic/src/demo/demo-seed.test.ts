import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ServiceWorkers } from '@strata/platform';
import type { TestEnv } from '@strata/platform/testing';
import { authConfigSchema, createAuthModule, DEMO_EMAIL as AUTH_DEMO_EMAIL } from '@strata/svc-auth';
import { createDataModule, dataConfigSchema } from '@strata/svc-data';
import { auth, logicTestEnv, waitFor } from '../test-support/env.ts';
import type { createLogicModule } from '../index.ts';
import { DEMO_EMAIL, DEMO_MARKET } from './demo-seed.ts';
import { DEMO_STRATEGIES } from './demo-strategies.ts';

let env: TestEnv;
let mod: ReturnType<typeof createLogicModule>;
let workers: ServiceWorkers | undefined;
const authModule = createAuthModule({ config: authConfigSchema.parse({ NODE_ENV: 'test', SCRYPT_COST: '10', SMTP_URL: 'smtp://127.0.0.1:2525' }) });
const dataModule = createDataModule({ config: loadConfig(dataConfigSchema, { NODE_ENV: 'test' }) });

beforeAll(async () => {
  ({ env, module: mod } = await logicTestEnv({}, [authModule, dataModule]));
});
afterAll(async () => {
  await workers?.close();
  await env?.close();
});

describe('logic demo seed', () => {
  it('seeds three gallery templates for the auth demo account', () => {
    expect(DEMO_EMAIL).toBe(AUTH_DEMO_EMAIL);
    expect(DEMO_STRATEGIES.map((s) => s.templateId)).toEqual(['sma-crossover', 'rsi-mean-reversion', 'bollinger-breakout']);
    expect(DEMO_STRATEGIES.every((s) => s.source.includes("from '@strata/sdk'"))).toBe(true);
  });

  it('gives the demo account three strategies and a backtest on the seeded data that runs to completion', async () => {
    // infra/local/seed.ts order: auth, data, logic
    const login = (await authModule.seedDemo!(env.deps)) as { login: { email: string } };
    expect(login.login.email).toBe(DEMO_EMAIL);
    await dataModule.seedDemo!(env.deps);
    const seeded = await mod.seedDemo!(env.deps);
    expect((seeded as { summary: string }).summary).toMatch(/3 demo strategies and a queued backtest/);

    const userId = (await env.deps.db.query(`SELECT id::text FROM auth.users WHERE email = $1`, [DEMO_EMAIL])).rows[0].id as string;
    const token = await env.tokenFor({ userId, tier: 'premium' });
    const strategies = (await env.app.inject({ url: '/api/v1/logic/strategies', headers: auth(token) })).json().items;
    expect(strategies.map((s: { name: string }) => s.name).sort()).toEqual(['Bollinger breakout', 'RSI mean reversion', 'SMA crossover']);
    const list = (await env.app.inject({ url: '/api/v1/logic/backtests', headers: auth(token) })).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ...DEMO_MARKET, status: 'queued', strategyId: strategies.find((s: { name: string }) => s.name === 'SMA crossover').id });

    workers = await mod.startWorkers!(env.deps);
    const done = await waitFor(async () => {
      const b = (await env.app.inject({ url: `/api/v1/logic/backtests/${list[0].id}`, headers: auth(token) })).json();
      return b.status === 'queued' || b.status === 'running' ? null : b;
    }, 30_000);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(done.result.bars).toBeGreaterThan(1000);
    // the template logs every cross through ctx.log: the web IDE's Logs tab shows these
    const crosses = done.result.logs.filter((l: { source: string }) => l.source === 'ctx');
    expect(done.result.tradeCount).toBeGreaterThan(0);
    expect(crosses.length).toBeGreaterThan(done.result.tradeCount);
    expect(crosses.every((l: { message: string }) => /^(golden|death) cross at \d/.test(l.message))).toBe(true);

    // A second call adds nothing (the platform also records that the seed ran).
    expect(((await mod.seedDemo!(env.deps)) as { summary: string }).summary).toMatch(/already has strategies/);
  });
});
