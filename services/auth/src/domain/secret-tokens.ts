import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque high-entropy tokens (refresh tokens, email verification, password reset). Only the SHA-256 of a
 * token is stored: the token carries 256 bits of entropy, so a fast hash is enough (no dictionary to attack)
 * and lookup by hash is a plain index probe.
 */
export function newOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
