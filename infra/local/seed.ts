import type { SeedResult, ServiceDeps, ServiceModule } from '@strata/platform';

export type { SeedResult };

export interface SeedReport {
  /** Services seeded by this call (empty on every start after the first). */
  seeded: { service: string; summary?: string }[];
  /** The demo login recorded when the demo account was seeded, if any service returned one. */
  login?: { email: string; password: string };
}

// An arbitrary constant: serialises concurrent first starts against one database.
const SEED_LOCK = 734_019_221;

/**
 * Runs each service's optional `seedDemo` once per database, the first time the platform starts
 * on it; `public.strata_seeds` records what ran, so restarts and other replicas skip it. Seeds
 * run in module order (auth first: others attach their samples to the demo account).
 */
export async function seedOnFirstStart(deps: ServiceDeps, modules: ServiceModule[]): Promise<SeedReport> {
  const { db } = deps;
  await db.query(`CREATE TABLE IF NOT EXISTS public.strata_seeds (
    service text PRIMARY KEY, seeded_at timestamptz NOT NULL DEFAULT now(), info jsonb NOT NULL DEFAULT '{}'::jsonb)`);
  const client = await db.connect();
  const report: SeedReport = { seeded: [] };
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK]);
    const done = new Set((await client.query<{ service: string }>('SELECT service FROM public.strata_seeds')).rows.map((r) => r.service));
    for (const m of modules) {
      if (!m.seedDemo || done.has(m.name)) continue;
      const result = ((await m.seedDemo(deps)) ?? {}) as SeedResult;
      await client.query('INSERT INTO public.strata_seeds (service, info) VALUES ($1, $2)', [m.name, JSON.stringify(result)]);
      report.seeded.push({ service: m.name, summary: result.summary });
    }
    const logins = await client.query<{ info: SeedResult }>(`SELECT info FROM public.strata_seeds WHERE info ? 'login' ORDER BY seeded_at LIMIT 1`);
    report.login = logins.rows[0]?.info.login;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK]).catch(() => {});
    client.release();
  }
  return report;
}
