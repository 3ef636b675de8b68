import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { migrateService } from '@strata/platform';
import { createTestEnv, type TestEnv } from '@strata/platform/testing';

export const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * A test env with only the data schema migrated and no routes: createTestEnv gives the database, Redis
 * prefix and cleanup; tests that need the gateway pass the module themselves.
 */
export async function dataTestEnv(): Promise<TestEnv> {
  const env = await createTestEnv({ modules: [] });
  await migrateService(env.deps.db, { name: 'data', dir: MIGRATIONS });
  return env;
}

export function uniqueId(): string {
  return randomBytes(4).toString('hex');
}
