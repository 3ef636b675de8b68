import { randomBytes } from 'node:crypto';
import type { ServiceDeps } from '@strata/platform';
import { hashPassword, scryptParamsFor } from './password.ts';

export const DEMO_EMAIL = 'demo@strata.local';

/**
 * Creates the verified demo account (premium tier) on a developer's first start and returns its login.
 * The password is random per database, never a constant in the code; refused in production.
 */
export async function seedDemoAccount(deps: ServiceDeps, scryptCost: number): Promise<{ login?: { email: string; password: string }; summary: string }> {
  if (deps.config.NODE_ENV === 'production') return { summary: 'demo account not created in production' };
  const password = randomBytes(9).toString('base64url');
  const { rows } = await deps.db.query(
    `INSERT INTO auth.users (email, email_verified_at, password_hash, display_name, tier, password_changed_at)
     VALUES ($1, now(), $2, 'Demo trader', 'premium', now()) ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
    [DEMO_EMAIL, await hashPassword(password, scryptParamsFor(scryptCost))],
  );
  if (!rows[0]) return { summary: `demo account ${DEMO_EMAIL} already exists` };
  return { login: { email: DEMO_EMAIL, password }, summary: `demo account ${DEMO_EMAIL} (premium tier)` };
}
