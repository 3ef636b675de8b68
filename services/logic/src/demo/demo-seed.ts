import type { Principal, SeedResult } from '@strata/platform';
import type { LogicContext } from '../context.ts';
import { DEMO_STRATEGIES } from './demo-strategies.ts';

/** The account services/auth seeds (its DEMO_EMAIL; demo-seed.test.ts checks they agree). */
export const DEMO_EMAIL = 'demo@strata.local';

/** The bundled daily series services/data seeds (services/data/seed/synthetic__BTC-USD__1d.csv). */
export const DEMO_MARKET = { venue: 'synthetic', symbol: 'BTC/USD', timeframe: '1d' } as const;

const DAY_MS = 86_400_000;

/**
 * Finds the demo user's id. The logic service has no user table of its own: the id is read from the
 * auth schema by the demo email (seeds run auth → data → logic, once per database). Null when auth
 * is not part of this deployment or did not create the account (production).
 */
async function demoUserId(ctx: LogicContext): Promise<string | null> {
  const { db } = ctx.deps;
  const exists = await db.query(`SELECT to_regclass('auth.users') IS NOT NULL AS ok`);
  if (!exists.rows[0]?.ok) return null;
  const r = await db.query(`SELECT id::text AS id FROM auth.users WHERE lower(email) = lower($1)`, [DEMO_EMAIL]);
  return (r.rows[0]?.id as string | undefined) ?? null;
}

/** The stored range of the demo series, as [from, to) ISO strings; null when services/data holds none. */
async function demoRange(ctx: LogicContext): Promise<{ from: string; to: string } | null> {
  const { listCatalog } = await import('@strata/svc-data');
  const e = (await listCatalog(ctx.deps.db, { venue: DEMO_MARKET.venue, symbol: DEMO_MARKET.symbol }))
    .find((x) => x.timeframe === DEMO_MARKET.timeframe && x.bars > 0 && x.firstTs !== null && x.lastTs !== null);
  if (!e) return null;
  return { from: new Date(e.firstTs!).toISOString(), to: new Date(e.lastTs! + DAY_MS).toISOString() };
}

/**
 * First-start demo content for the demo account: the SMA crossover, RSI mean reversion and
 * Bollinger breakout templates as strategies (version 1 each), and one backtest of the SMA
 * crossover queued on the seeded daily BTC/USD series (the worker runs it when it starts). Goes
 * through the same services as the API (checked source, sealed versions, quotas, the job queue).
 * Skips, with a summary saying why, when there is no demo account or it already has strategies.
 */
export async function seedLogicDemo(ctx: LogicContext): Promise<SeedResult> {
  if (ctx.config.NODE_ENV === 'production') return { summary: 'no demo strategies in production' };
  const userId = await demoUserId(ctx);
  if (!userId) return { summary: `no demo account (${DEMO_EMAIL}): no demo strategies created` };
  const owned = await ctx.deps.db.query(`SELECT count(*)::int AS n FROM logic.strategies WHERE owner_id = $1`, [userId]);
  if (owned.rows[0].n > 0) return { summary: 'the demo account already has strategies' };

  const tier = await ctx.deps.db.query(`SELECT tier FROM auth.users WHERE id = $1`, [userId]);
  const principal: Principal = { userId, role: 'user', tier: tier.rows[0]?.tier ?? 'premium', scopes: ['read', 'backtest'], via: 'session' };
  const ids: string[] = [];
  for (const t of DEMO_STRATEGIES) {
    const created = await ctx.strategies.create(principal, { name: t.name, description: t.description, source: t.source, note: `from the ${t.templateId} template` });
    ids.push(created.strategy.id);
  }
  const range = await demoRange(ctx);
  if (!range) return { summary: `${ids.length} demo strategies; no ${DEMO_MARKET.symbol} ${DEMO_MARKET.timeframe} data, so no demo backtest` };
  const bt = await ctx.backtests.submit(principal, { strategyId: ids[0]!, version: 1, ...DEMO_MARKET, ...range }, 'demo-seed');
  return { summary: `${ids.length} demo strategies and a queued backtest (${bt.id}) of ${DEMO_STRATEGIES[0]!.name} on ${DEMO_MARKET.venue} ${DEMO_MARKET.symbol} ${DEMO_MARKET.timeframe}` };
}
