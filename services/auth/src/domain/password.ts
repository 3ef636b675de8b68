import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard, built into node:crypto, no native addon).
 * Encoded form: `scrypt$N=<n>,r=<r>,p=<p>$<salt b64url>$<hash b64url>` so parameters can be raised later
 * without invalidating existing hashes (`needsRehash` tells the caller when to upgrade on next login).
 */
export interface ScryptParams { N: number; r: number; p: number; keyLength: number }

// 2^15 * 8 * 128 bytes = 32 MiB per hash: the OWASP-recommended floor for scrypt.
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, params.keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, params);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

interface Decoded { params: ScryptParams; salt: Buffer; hash: Buffer }

function decode(encoded: string): Decoded | null {
  const parts = encoded.split('$');
  if (parts.length !== 4 || parts[0] !== 'scrypt') return null;
  const fields = Object.fromEntries(parts[1]!.split(',').map((kv) => kv.split('=') as [string, string]));
  const N = Number(fields.N), r = Number(fields.r), p = Number(fields.p);
  if (![N, r, p].every((v) => Number.isInteger(v) && v > 0)) return null;
  const salt = Buffer.from(parts[2]!, 'base64url');
  const hash = Buffer.from(parts[3]!, 'base64url');
  if (salt.length < 16 || hash.length < 16) return null;
  return { params: { N, r, p, keyLength: hash.length }, salt, hash };
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const decoded = decode(encoded);
  if (!decoded) return false;
  const candidate = await scrypt(password, decoded.salt, decoded.params);
  return timingSafeEqual(candidate, decoded.hash);
}

export function needsRehash(encoded: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const d = decode(encoded);
  return !d || d.params.N < params.N || d.params.r < params.r || d.params.p < params.p || d.params.keyLength < params.keyLength;
}

const dummies = new Map<string, Promise<string>>();

/**
 * Spends the same work as a real verification when the account does not exist (or has no password),
 * so response time does not reveal whether an email is registered.
 */
export async function burnPasswordCheck(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<false> {
  const key = `${params.N},${params.r},${params.p},${params.keyLength}`;
  let dummy = dummies.get(key);
  if (!dummy) dummies.set(key, (dummy = hashPassword('dummy-password-for-timing-equalisation', params)));
  await verifyPassword(password, await dummy);
  return false;
}

/** Parameters for a cost exponent (N = 2^cost), keeping r, p and the key length at their defaults. */
export function scryptParamsFor(cost: number): ScryptParams {
  return { ...DEFAULT_SCRYPT_PARAMS, N: 2 ** cost };
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
