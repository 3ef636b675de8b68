import { ForbiddenError, NotFoundError, UnauthorizedError, withTransaction } from '@strata/platform';
import type { AuthContext, RequestMeta } from '../context.ts';
import type { OAuthClient, OAuthProfile, PendingAuthorization } from '../adapters/oauth-client.ts';
import { recordAudit } from './audit.ts';
import { findUserById, normaliseEmail, type UserRecord } from './accounts.ts';

const PENDING_TTL_SECONDS = 600;

function pendingKey(ctx: AuthContext, state: string): string {
  return `${ctx.prefix}auth:oauth:${state}`;
}

export async function beginOAuth(ctx: AuthContext, client: OAuthClient): Promise<{ url: URL; state: string }> {
  const { url, pending } = await client.start();
  await ctx.redis.set(pendingKey(ctx, pending.state), JSON.stringify({ ...pending, provider: client.provider.id }), 'EX', PENDING_TTL_SECONDS);
  return { url, state: pending.state };
}

/**
 * Completes the redirect: the state must be one we issued (single use, 10 minutes) for this provider and
 * match the browser's state cookie (login CSRF). Then the account is found by identity, else linked by a
 * provider-verified email, else created. An existing account whose email was never verified is taken over
 * only after dropping its password: whoever registered it could not prove they own the address.
 */
export async function completeOAuth(ctx: AuthContext, client: OAuthClient, currentUrl: URL, cookieState: string | undefined, meta: RequestMeta): Promise<UserRecord> {
  const state = currentUrl.searchParams.get('state');
  if (!state || !cookieState || state !== cookieState) throw new UnauthorizedError('OAUTH_STATE_MISMATCH', 'The sign-in response does not belong to this browser session. Start again.');
  const raw = await ctx.redis.getdel(pendingKey(ctx, state));
  const pending = raw ? (JSON.parse(raw) as PendingAuthorization & { provider: string }) : null;
  if (!pending || pending.provider !== client.provider.id) throw new UnauthorizedError('OAUTH_STATE_EXPIRED', 'The sign-in attempt expired or was already used. Start again.');
  const profile = await client.finish(currentUrl, pending);
  const userId = await linkOrCreate(ctx, profile, meta);
  const user = await findUserById(ctx, userId);
  if (!user) throw new NotFoundError('User');
  await recordAudit(ctx.db, user.id, 'oauth_login', meta, { provider: profile.provider });
  return user;
}

async function linkOrCreate(ctx: AuthContext, profile: OAuthProfile, meta: RequestMeta): Promise<string> {
  const known = await ctx.db.query('SELECT user_id FROM auth.identities WHERE provider = $1 AND subject = $2', [profile.provider, profile.subject]);
  if (known.rows[0]) return known.rows[0].user_id;
  if (!profile.email || !profile.emailVerified) {
    throw new ForbiddenError('OAUTH_EMAIL_UNVERIFIED', `Your ${profile.provider} account has no verified email address; verify it there, then try again.`);
  }
  const email = normaliseEmail(profile.email);
  return withTransaction(ctx.db, async (c) => {
    const existing = await c.query('SELECT id, email_verified_at FROM auth.users WHERE lower(email) = $1 FOR UPDATE', [email]);
    let userId: string;
    let linked = false;
    if (existing.rows[0]) {
      userId = existing.rows[0].id;
      linked = true;
      if (!existing.rows[0].email_verified_at) {
        await c.query('UPDATE auth.users SET email_verified_at = now(), password_hash = NULL, updated_at = now() WHERE id = $1', [userId]);
        await c.query(`UPDATE auth.sessions SET revoked_at = now(), revoked_reason = 'unverified_account_claimed' WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
      }
    } else {
      const ins = await c.query('INSERT INTO auth.users (email, email_verified_at, display_name) VALUES ($1, now(), $2) RETURNING id', [email, profile.name]);
      userId = ins.rows[0].id;
    }
    await c.query('INSERT INTO auth.identities (provider, subject, user_id, email) VALUES ($1, $2, $3, $4)', [profile.provider, profile.subject, userId, email]);
    await c.query(
      'INSERT INTO auth.audit_events (user_id, type, ip, user_agent, details) VALUES ($1, $2, $3, $4, $5)',
      [userId, linked ? 'oauth_linked' : 'signup', meta.ip ?? null, meta.userAgent ?? null, JSON.stringify({ provider: profile.provider })],
    );
    return userId;
  });
}
