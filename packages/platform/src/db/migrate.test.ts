import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createTestEnv, type TestEnv } from '../testing/index.ts';
import { migrateService, MigrationError } from './migrate.ts';

const fixtures = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('migrateService', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(() => env.close());

  it('applies every file in order inside the service schema, and a re-run is a no-op', async () => {
    const first = await migrateService(env.deps.db, { name: 'notify', dir: fixtures('good') });
    expect(first).toEqual(['0001_init', '0002_add_price']);
    await env.deps.db.query("INSERT INTO notify.widgets (name, price) VALUES ('a', 1.5)");
    const again = await migrateService(env.deps.db, { name: 'notify', dir: fixtures('good') });
    expect(again).toEqual([]);
    const { rows } = await env.deps.db.query('SELECT name, price FROM notify.widgets');
    expect(rows).toEqual([{ name: 'a', price: '1.50000000' }]);
  });

  it('rolls a failing migration back whole and names it', async () => {
    const err = await migrateService(env.deps.db, { name: 'trading', dir: fixtures('bad') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).migration).toBe('0002_broken');
    expect((err as Error).message).toMatch(/0002_broken.*no_such_table/s);
    const { rows } = await env.deps.db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'trading' ORDER BY table_name",
    );
    // 0001 stays applied; nothing of 0002 (half_done) survives.
    expect(rows.map((r) => r.table_name)).toEqual(['gadgets', 'pgmigrations']);
  });
});
