import type { FastifyRequest } from 'fastify';
import { credentialOf, NotFoundError, UnauthorizedError, type Principal, type PrincipalResolver, type Scope } from '@strata/platform';
import type { AuthContext, RequestMeta } from '../context.ts';
import { API_KEY_PREFIX, apiKeySecretMatches, generateApiKey, parseApiKey } from './api-key-format.ts';
import { recordAudit } from './audit.ts';

export interface ApiKeyView { id: string; name: string; scopes: Scope[]; prefix: string; createdAt: string; lastUsedAt: string | null }

const LAST_USED_GRANULARITY_MS = 60_000;

function view(r: Record<string, any>): ApiKeyView {
  return { id: r.id, name: r.name, scopes: r.scopes, prefix: `${API_KEY_PREFIX}${r.id}_…`, createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at?.toISOString() ?? null };
}

/** Creates a key; the full key is in the result only, never stored and never shown again. */
export async function createApiKey(ctx: AuthContext, userId: string, name: string, scopes: Scope[], meta: RequestMeta): Promise<ApiKeyView & { key: string }> {
  const k = generateApiKey();
  const unique = [...new Set(scopes)];
  const { rows } = await ctx.db.query(
    'INSERT INTO auth.api_keys (id, user_id, name, secret_hash, scopes) VALUES ($1, $2, $3, $4, $5) RETURNING id, name, scopes, created_at, last_used_at',
    [k.id, userId, name, k.secretHash, unique],
  );
  await recordAudit(ctx.db, userId, 'api_key_created', meta, { keyId: k.id, scopes: unique });
  return { ...view(rows[0]), key: k.key };
}

export async function listApiKeys(ctx: AuthContext, userId: string): Promise<ApiKeyView[]> {
  const { rows } = await ctx.db.query(
    'SELECT id, name, scopes, created_at, last_used_at FROM auth.api_keys WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC',
    [userId],
  );
  return rows.map(view);
}

export async function revokeApiKey(ctx: AuthContext, userId: string, keyId: string, meta: RequestMeta): Promise<void> {
  const { rowCount } = await ctx.db.query('UPDATE auth.api_keys SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [keyId, userId]);
  if (!rowCount) throw new NotFoundError('API key');
  await recordAudit(ctx.db, userId, 'api_key_revoked', meta, { keyId });
}

/**
 * Principal resolver for `X-API-Key: sk_live_…` or `Authorization: Bearer sk_live_…`. Returns null for other
 * credentials; throws API_KEY_INVALID for a malformed, unknown, revoked or wrong-secret key (one message for all).
 * last_used_at is written at most once a minute per key, after the answer, so it costs no latency.
 */
export function apiKeyResolver(context: () => AuthContext): PrincipalResolver {
  return async (request: FastifyRequest): Promise<Principal | null> => {
    const ctx = context();
    const cred = credentialOf(request);
    if (!cred) return null;
    if (cred.kind === 'bearer' && !cred.value.startsWith(API_KEY_PREFIX)) return null;
    const invalid = () => new UnauthorizedError('API_KEY_INVALID', 'The API key is invalid or has been revoked.');
    const parsed = parseApiKey(cred.value);
    if (!parsed) throw invalid();
    const { rows } = await ctx.db.query(
      `SELECT k.secret_hash, k.scopes, k.last_used_at, u.id AS user_id, u.role, u.tier
         FROM auth.api_keys k JOIN auth.users u ON u.id = k.user_id WHERE k.id = $1 AND k.revoked_at IS NULL`,
      [parsed.id],
    );
    const row = rows[0];
    if (!row || !apiKeySecretMatches(parsed.secret, row.secret_hash)) throw invalid();
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_GRANULARITY_MS) {
      ctx.db.query('UPDATE auth.api_keys SET last_used_at = now() WHERE id = $1', [parsed.id]).catch((err: unknown) => ctx.log.warn({ err }, 'api key last-used update failed'));
    }
    return { userId: row.user_id, role: row.role, tier: row.tier, scopes: row.scopes, via: 'apiKey', credentialId: parsed.id };
  };
}
