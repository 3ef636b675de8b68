import { randomBytes } from 'node:crypto';
import { constantTimeEqual, sha256 } from './secret-tokens.ts';

/**
 * API key format: `sk_live_<id>_<secret>`. The id (12 base32-ish chars) is the public lookup handle, the
 * secret (32 random bytes, base64url without `_`/`-` ambiguity handled by the parser splitting on the first
 * two underscores after the prefix) is only ever stored as SHA-256.
 */
export const API_KEY_PREFIX = 'sk_live_';
export const API_KEY_SCOPES = ['read', 'backtest', 'signals:write', 'trade'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const ID_LENGTH = 12;

function newKeyId(): string {
  const bytes = randomBytes(ID_LENGTH);
  let id = '';
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

export interface NewApiKey { id: string; key: string; secretHash: Buffer }

export function generateApiKey(): NewApiKey {
  const id = newKeyId();
  // hex keeps the secret free of '_' so parsing is unambiguous.
  const secret = randomBytes(32).toString('hex');
  return { id, key: `${API_KEY_PREFIX}${id}_${secret}`, secretHash: sha256(secret) };
}

export interface ParsedApiKey { id: string; secret: string }

export function parseApiKey(raw: string): ParsedApiKey | null {
  if (!raw.startsWith(API_KEY_PREFIX)) return null;
  const rest = raw.slice(API_KEY_PREFIX.length);
  const sep = rest.indexOf('_');
  if (sep !== ID_LENGTH) return null;
  const id = rest.slice(0, sep);
  const secret = rest.slice(sep + 1);
  if (!/^[a-z0-9]+$/.test(id) || !/^[0-9a-f]{64}$/.test(secret)) return null;
  return { id, secret };
}

export function apiKeySecretMatches(secret: string, storedHash: Buffer): boolean {
  return constantTimeEqual(sha256(secret), storedHash);
}

export function isApiKeyScope(s: string): s is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(s);
}
