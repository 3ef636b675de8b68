import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword, burnPasswordCheck } from './password.ts';

const FAST = { N: 2 ** 12, r: 8, p: 1, keyLength: 32 };

describe('password hashing (scrypt)', () => {
  it('stores the parameters and a per-user salt with the hash', async () => {
    const a = await hashPassword('s3cret-password', FAST);
    const b = await hashPassword('s3cret-password', FAST);
    expect(a).toMatch(/^scrypt\$N=4096,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const h = await hashPassword('s3cret-password', FAST);
    expect(await verifyPassword('s3cret-password', h)).toBe(true);
    expect(await verifyPassword('s3cret-passwore', h)).toBe(false);
  });

  it('verifies with the parameters recorded in the hash, and flags weaker ones for rehash', async () => {
    const h = await hashPassword('pw-long-enough', FAST);
    expect(await verifyPassword('pw-long-enough', h)).toBe(true);
    expect(needsRehash(h)).toBe(true);
    expect(needsRehash(await hashPassword('pw-long-enough'))).toBe(false);
  });

  it('rejects tampered or malformed encodings instead of throwing', async () => {
    const h = await hashPassword('pw-long-enough', FAST);
    const first = h.split('$')[3]![0];
    const tampered = h.replace(/\$([^$]+)$/, (_m, hash: string) => `$${first === 'A' ? 'B' : 'A'}${hash.slice(1)}`);
    expect(tampered).not.toBe(h);
    expect(await verifyPassword('pw-long-enough', tampered)).toBe(false);
    expect(await verifyPassword('pw', 'bcrypt$2b$whatever')).toBe(false);
    expect(await verifyPassword('pw', 'scrypt$N=0,r=8,p=1$AAAA$BBBB')).toBe(false);
  });

  it('the dummy check for unknown users always fails', async () => {
    expect(await burnPasswordCheck('anything')).toBe(false);
  });
});
