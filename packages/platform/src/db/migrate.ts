import { runner } from 'node-pg-migrate';
import type pg from 'pg';
import { basename } from 'node:path';
import { readdirSync } from 'node:fs';

export type ServiceName = 'auth' | 'logic' | 'trading' | 'data' | 'notify';

/** A migration that failed: names the file and the database's error; nothing of it was kept. */
export class MigrationError extends Error {
  readonly service: string;
  readonly migration: string;
  constructor(service: string, migration: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Migration ${service}/${migration} failed and was rolled back: ${reason}`, { cause });
    this.name = 'MigrationError';
    this.service = service;
    this.migration = migration;
  }
}

// One advisory lock id per schema, so services migrate concurrently but never twice at once.
function lockFor(name: string): number {
  let h = 7_241_865;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

/**
 * Applies the plain SQL files in `dir` (`0001_init.sql`, ...; optional `-- Up Migration` /
 * `-- Down Migration` markers) inside schema `name`, each file in its own transaction, tracked in
 * `<name>.pgmigrations`. Re-running applies nothing. Returns the names applied now.
 */
export async function migrateService(pool: pg.Pool, service: { name: ServiceName | string; dir: string }): Promise<string[]> {
  const files = readdirSync(service.dir).filter((f) => f.endsWith('.sql')).sort();
  if (files.length === 0) return [];
  const client = await pool.connect();
  let current = '';
  let broken = false;
  try {
    const applied = await runner({
      dbClient: client,
      dir: service.dir,
      direction: 'up',
      count: Infinity,
      schema: service.name,
      createSchema: true,
      migrationsSchema: service.name,
      migrationsTable: 'pgmigrations',
      singleTransaction: false,
      checkOrder: true,
      lockValue: lockFor(service.name),
      log: (msg: string) => {
        const m = /MIGRATION ([^\s]+) \(UP\)/.exec(msg);
        if (m?.[1]) current = m[1];
      },
      logger: { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} },
    });
    return applied.map((m) => m.name);
  } catch (err) {
    // The runner can leave the connection inside an aborted transaction: end it and drop the client.
    await client.query('ROLLBACK').catch(() => {});
    broken = true;
    const failed = current || basename(files[files.length - 1] ?? 'unknown', '.sql');
    throw new MigrationError(service.name, failed, err);
  } finally {
    client.release(broken);
  }
}
