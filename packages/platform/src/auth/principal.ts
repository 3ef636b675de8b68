import type { FastifyRequest } from 'fastify';

import type { Tier } from '../quotas/tiers.ts';

export type { Tier };
export type Role = 'user' | 'admin';
export type Scope = 'read' | 'backtest' | 'signals:write' | 'trade';
export const ALL_SCOPES: readonly Scope[] = ['read', 'backtest', 'signals:write', 'trade'];

/** Who is calling. Sessions get every scope; API keys only the scopes they were created with. */
export interface Principal {
  userId: string;
  role: Role;
  tier: Tier;
  scopes: Scope[];
  via: 'session' | 'apiKey';
  /** Session id or API key id, for audit and revocation. */
  credentialId?: string;
}

/**
 * Turns a request's credentials into a principal. Returns null when the request carries no
 * credential this resolver understands; throws UnauthorizedError when it carries a bad one.
 */
export type PrincipalResolver = (request: FastifyRequest) => Promise<Principal | null>;

/** Extracts a bearer token or X-API-Key header value, whichever is present. */
export function credentialOf(request: FastifyRequest): { kind: 'bearer' | 'apiKey'; value: string } | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.toLowerCase().startsWith('bearer ')) {
    return { kind: 'bearer', value: header.slice(7).trim() };
  }
  const key = request.headers['x-api-key'];
  if (typeof key === 'string' && key.length > 0) return { kind: 'apiKey', value: key };
  return null;
}
