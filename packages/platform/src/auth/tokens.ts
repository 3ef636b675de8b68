import { SignJWT, jwtVerify, errors } from 'jose';
import { UnauthorizedError } from '../errors.ts';
import type { Principal, Role, Scope, Tier } from './principal.ts';

const ISSUER = 'strata';
const AUDIENCE = 'strata-api';

function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs a short-lived HS256 access token carrying the principal (`sid` = session id). */
export async function signAccessToken(
  config: { JWT_SECRET: string; ACCESS_TOKEN_TTL_SECONDS: number },
  principal: Pick<Principal, 'userId' | 'role' | 'tier'> & { sessionId?: string },
  ttlSeconds = config.ACCESS_TOKEN_TTL_SECONDS,
): Promise<string> {
  const jwt = new SignJWT({ role: principal.role, tier: principal.tier, ...(principal.sessionId ? { sid: principal.sessionId } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(principal.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  return jwt.sign(secretKey(config.JWT_SECRET));
}

// jose's HS256 check runs through WebCrypto (key import plus a thread-pool job per call) and was ~40% of
// the gateway's CPU on authenticated GETs; clients resend the same token for minutes, so a bounded cache of
// tokens already verified (keyed by the exact token and secret, expiry still checked on every hit) keeps the
// check in the library and the hot path cheap.
const CACHE_MAX = 10_000;
const verified = new Map<string, { principal: Principal; exp: number; secret: string }>();

const copy = (p: Principal): Principal => ({ ...p, scopes: [...p.scopes] });

/** Verifies signature, issuer, audience and expiry; every failure is a 401 with a precise code. */
export async function verifyAccessToken(config: { JWT_SECRET: string }, token: string): Promise<Principal> {
  const hit = verified.get(token);
  if (hit && hit.secret === config.JWT_SECRET) {
    if (hit.exp > Date.now() / 1000) return copy(hit.principal);
    verified.delete(token);
  }
  const principal = await verifyUncached(config, token);
  const exp = decodeExp(token);
  if (exp !== undefined) {
    if (verified.size >= CACHE_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, { principal, exp, secret: config.JWT_SECRET });
  }
  return copy(principal);
}

function decodeExp(token: string): number | undefined {
  try {
    const exp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

async function verifyUncached(config: { JWT_SECRET: string }, token: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, secretKey(config.JWT_SECRET), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    if (typeof payload.sub !== 'string') throw new UnauthorizedError('TOKEN_INVALID', 'The access token has no subject.');
    const scopes: Scope[] = ['read', 'backtest', 'signals:write', 'trade'];
    return {
      userId: payload.sub,
      role: (payload.role === 'admin' ? 'admin' : 'user') as Role,
      tier: (['free', 'premium', 'enterprise'].includes(String(payload.tier)) ? payload.tier : 'free') as Tier,
      scopes,
      via: 'session',
      credentialId: typeof payload.sid === 'string' ? payload.sid : undefined,
    };
  } catch (err) {
    if (err instanceof UnauthorizedError) throw err;
    if (err instanceof errors.JWTExpired) throw new UnauthorizedError('TOKEN_EXPIRED', 'The access token has expired: refresh it.');
    throw new UnauthorizedError('TOKEN_INVALID', 'The access token is invalid.');
  }
}
