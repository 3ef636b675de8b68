import { signAccessToken, NotFoundError, UnauthorizedError } from '@strata/platform';
import type { AuthContext, RequestMeta } from '../context.ts';
import { newOpaqueToken, sha256 } from './secret-tokens.ts';
import { recordAudit } from './audit.ts';

export interface SessionUser { id: string; role: 'user' | 'admin'; tier: 'free' | 'premium' | 'enterprise' }

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  sessionId: string;
}

export interface SessionView {
  id: string;
  method: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

async function accessTokenFor(ctx: AuthContext, user: SessionUser, sessionId: string): Promise<{ accessToken: string; expiresIn: number }> {
  const accessToken = await signAccessToken(ctx.platform, { userId: user.id, role: user.role, tier: user.tier, sessionId });
  return { accessToken, expiresIn: ctx.platform.ACCESS_TOKEN_TTL_SECONDS };
}

/** Starts a session (one refresh-token family) and returns its first token pair. */
export async function startSession(ctx: AuthContext, user: SessionUser, method: string, meta: RequestMeta): Promise<TokenPair> {
  const refreshToken = newOpaqueToken();
  const client = await ctx.db.connect();
  let sessionId: string;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `INSERT INTO auth.sessions (user_id, method, user_agent, ip, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(days => $5)) RETURNING id`,
      [user.id, method, meta.userAgent?.slice(0, 300) ?? null, meta.ip ?? null, ctx.config.REFRESH_TOKEN_TTL_DAYS],
    );
    sessionId = rows[0].id;
    await client.query('INSERT INTO auth.refresh_tokens (token_hash, session_id) VALUES ($1, $2)', [sha256(refreshToken), sessionId]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  return { tokenType: 'Bearer', ...(await accessTokenFor(ctx, user, sessionId)), refreshToken, sessionId };
}

/**
 * Exchanges a refresh token for a new pair. The presented token is marked rotated; presenting a rotated token
 * again means it leaked (or a race by a buggy client), so the whole session is revoked and REFRESH_REUSED returned.
 * Role and tier are re-read, so tier changes reach the access token at the next refresh.
 */
export async function refreshSession(ctx: AuthContext, refreshToken: string, meta: RequestMeta): Promise<TokenPair> {
  const hash = sha256(refreshToken);
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `SELECT rt.rotated_at, s.id AS session_id, s.revoked_at, s.expires_at < now() AS expired, u.id AS user_id, u.role, u.tier
         FROM auth.refresh_tokens rt JOIN auth.sessions s ON s.id = rt.session_id JOIN auth.users u ON u.id = s.user_id
        WHERE rt.token_hash = $1 FOR UPDATE OF rt, s`,
      [hash],
    );
    const row = rows[0];
    if (!row || row.revoked_at || row.expired) {
      await client.query('ROLLBACK');
      throw new UnauthorizedError('REFRESH_INVALID', 'The refresh token is invalid, expired or revoked: sign in again.');
    }
    if (row.rotated_at) {
      await client.query(`UPDATE auth.sessions SET revoked_at = now(), revoked_reason = 'refresh_reuse' WHERE id = $1`, [row.session_id]);
      await client.query('COMMIT');
      await recordAudit(ctx.db, row.user_id, 'refresh_reuse', meta, { sessionId: row.session_id });
      throw new UnauthorizedError('REFRESH_REUSED', 'This refresh token was already used; the session has been revoked as a precaution. Sign in again.');
    }
    const next = newOpaqueToken();
    await client.query('UPDATE auth.refresh_tokens SET rotated_at = now() WHERE token_hash = $1', [hash]);
    await client.query('INSERT INTO auth.refresh_tokens (token_hash, session_id) VALUES ($1, $2)', [sha256(next), row.session_id]);
    await client.query('UPDATE auth.sessions SET last_used_at = now(), ip = coalesce($2, ip) WHERE id = $1', [row.session_id, meta.ip ?? null]);
    await client.query('COMMIT');
    const user: SessionUser = { id: row.user_id, role: row.role, tier: row.tier };
    return { tokenType: 'Bearer', ...(await accessTokenFor(ctx, user, row.session_id)), refreshToken: next, sessionId: row.session_id };
  } catch (err) {
    if (!(err instanceof UnauthorizedError)) await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Revokes the session the refresh token belongs to. Unknown tokens are ignored (logout is idempotent). */
export async function logout(ctx: AuthContext, refreshToken: string, meta: RequestMeta): Promise<void> {
  const { rows } = await ctx.db.query(
    `UPDATE auth.sessions s SET revoked_at = now(), revoked_reason = 'logout'
       FROM auth.refresh_tokens rt WHERE rt.token_hash = $1 AND rt.session_id = s.id AND s.revoked_at IS NULL
     RETURNING s.id, s.user_id`,
    [sha256(refreshToken)],
  );
  if (rows[0]) await recordAudit(ctx.db, rows[0].user_id, 'logout', meta, { sessionId: rows[0].id });
}

export async function listSessions(ctx: AuthContext, userId: string, currentSessionId: string | undefined): Promise<SessionView[]> {
  const { rows } = await ctx.db.query(
    `SELECT id, method, user_agent, ip, created_at, last_used_at, expires_at FROM auth.sessions
      WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() ORDER BY created_at DESC LIMIT 100`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id, method: r.method, userAgent: r.user_agent, ip: r.ip,
    createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at.toISOString(), expiresAt: r.expires_at.toISOString(),
    current: r.id === currentSessionId,
  }));
}

/** Revokes one of the user's own sessions; anyone else's (or an unknown id) is NOT_FOUND. */
export async function revokeSession(ctx: AuthContext, userId: string, sessionId: string, meta: RequestMeta): Promise<void> {
  const { rowCount } = await ctx.db.query(
    `UPDATE auth.sessions SET revoked_at = now(), revoked_reason = 'revoked_by_user' WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
    [sessionId, userId],
  );
  if (!rowCount) throw new NotFoundError('Session');
  await recordAudit(ctx.db, userId, 'session_revoked', meta, { sessionId });
}

/** Revokes every session of a user except `keep` (password change/reset). */
export async function revokeAllSessions(ctx: AuthContext, userId: string, reason: string, keep?: string): Promise<number> {
  const { rowCount } = await ctx.db.query(
    `UPDATE auth.sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)`,
    [userId, reason, keep ?? null],
  );
  return rowCount ?? 0;
}
