import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Pool } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { partitionBounds, forgetPartitions } from '../adapters/partitions.ts';

export interface RetentionResult {
  partition: string;
  rows: number;
  file: string;
}

/**
 * Exports every monthly partition lying entirely before `cutoffTs` to
 * `<dataDir>/candles-archive/<partition>.csv.gz` (venue, symbol, timeframe, ts, o, h, l, c, v with a
 * header), records it in data.partition_exports, then drops it. The file is complete and flushed before
 * the DROP, the partition is locked against writes meanwhile, and the record and the DROP commit
 * together, so a crash never loses rows: at worst a partition is exported twice.
 */
export async function archiveOldPartitions(pool: Pool, dataDir: string, cutoffTs: number): Promise<RetentionResult[]> {
  const parts = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
     WHERE n.nspname = 'data' AND p.relname = 'candles' ORDER BY c.relname`,
  );
  const dir = resolve(dataDir, 'candles-archive');
  mkdirSync(dir, { recursive: true });
  const done: RetentionResult[] = [];
  for (const { name } of parts.rows) {
    const b = partitionBounds(name);
    if (!b || b.to > cutoffTs) continue;
    const file = join(dir, `${name}.csv.gz`);
    const client = await pool.connect();
    try {
      const sql = `COPY (SELECT i.venue, i.symbol, s.timeframe, c.ts, c.open, c.high, c.low, c.close, c.volume
        FROM data.${name} c JOIN data.series s ON s.id = c.series_id JOIN data.instruments i ON i.id = s.instrument_id
        ORDER BY c.series_id, c.ts) TO STDOUT WITH (FORMAT csv, HEADER true)`;
      await client.query('BEGIN');
      // no writes may slip in between the export and the DROP
      await client.query(`LOCK TABLE data.${name} IN SHARE ROW EXCLUSIVE MODE`);
      await pipeline(client.query(copyTo(sql)), createGzip(), createWriteStream(file));
      const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM data.${name}`);
      await client.query(
        `INSERT INTO data.partition_exports (partition_name, range_from, range_to, rows, file_path) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (partition_name) DO UPDATE SET rows = EXCLUDED.rows, file_path = EXCLUDED.file_path, exported_at = now()`,
        [name, b.from, b.to, count.rows[0]!.n, file],
      );
      await client.query(`DROP TABLE data.${name}`);
      await client.query('COMMIT');
      done.push({ partition: name, rows: Number(count.rows[0]!.n), file });
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
  if (done.length) forgetPartitions();
  return done;
}
