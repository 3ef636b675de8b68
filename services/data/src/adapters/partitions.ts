import type { PoolClient } from 'pg';

/** Month containing `ts` as [start, end) epoch-ms bounds and the partition's table name. */
export function monthPartition(ts: number): { name: string; from: number; to: number } {
  const d = new Date(ts);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return {
    name: `candles_p${y}${String(m + 1).padStart(2, '0')}`,
    from: Date.UTC(y, m, 1),
    to: Date.UTC(y, m + 1, 1),
  };
}

/** Parses a partition name back into its bounds; null for names we did not create. */
export function partitionBounds(name: string): { from: number; to: number } | null {
  const m = /^candles_p(\d{4})(\d{2})$/.exec(name);
  if (!m) return null;
  const from = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
  return { from, to: Date.UTC(Number(m[1]), Number(m[2]), 1) };
}

// Partitions known to exist, per database; creation is idempotent so a stale entry only costs a query.
const known = new Set<string>();

/**
 * Creates the monthly partitions of `data.candles` covering [minTs, maxTs], if missing. Serialised by a
 * transaction-level advisory lock so concurrent ingests cannot race on CREATE; call inside a transaction.
 */
export async function ensurePartitions(client: PoolClient, minTs: number, maxTs: number): Promise<string[]> {
  const db = (client as unknown as { database?: string }).database ?? '';
  const wanted: { name: string; from: number; to: number }[] = [];
  for (let p = monthPartition(minTs); p.from <= maxTs; p = monthPartition(p.to)) {
    if (!known.has(`${db}/${p.name}`)) wanted.push(p);
  }
  if (wanted.length === 0) return [];
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['data.candles.partitions']);
  const created: string[] = [];
  for (const p of wanted) {
    const exists = await client.query('SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2', ['data', p.name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE TABLE data.${p.name} PARTITION OF data.candles FOR VALUES FROM (${p.from}) TO (${p.to})`);
      created.push(p.name);
    }
    known.add(`${db}/${p.name}`);
  }
  return created;
}

/** Forgets the cache, e.g. after retention dropped partitions. */
export function forgetPartitions(): void {
  known.clear();
}
