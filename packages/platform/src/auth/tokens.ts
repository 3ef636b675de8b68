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

/** Verifies signature, issuer, audience and expiry; every failure is a 401 with a precise code. */
export async function verifyAccessToken(config: { JWT_SECRET: string }, token: string): Promise<Principal> {
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
