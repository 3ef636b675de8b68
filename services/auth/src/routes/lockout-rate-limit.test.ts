import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestEnv, type AuthTestEnv } from '../testing/auth-test-env.ts';

let t: AuthTestEnv;
beforeAll(async () => {
  t = await createAuthTestEnv(
    { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '6', LOGIN_LOCKOUT_SECONDS: '60', LOGIN_SLOWDOWN_MS: '1' },
    { RATE_LIMIT_ANON_PER_MINUTE: '1000' },
  );
});
afterAll(() => t?.close());

describe('login brute-force protection', () => {
  it('locks an account after repeated failures, even for the right password, across IPs', async () => {
    const u = await t.user();
    for (let i = 0; i < 3; i++) expect((await t.login(u.email, `wrong-${i}`, `10.1.0.${i}`)).status).toBe(401);
    const locked = await t.login(u.email, u.password, '10.1.0.99');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('LOGIN_LOCKED');
    const { rows } = await t.env.deps.db.query(`SELECT type FROM auth.audit_events WHERE user_id = $1 AND type IN ('login_failed', 'lockout') ORDER BY id`, [u.id]);
    expect(rows.map((r) => r.type)).toEqual(['login_failed', 'login_failed', 'login_failed', 'lockout']);
  });

  it('locks an unknown email exactly like a known one (no enumeration through lockout)', async () => {
    const u = await t.user();
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push((await t.login(u.email, 'bad-password', `10.2.0.${i}`)).status);
      unknown.push((await t.login('ghost@example.test', 'bad-password', `10.3.0.${i}`)).status);
    }
    expect(known).toEqual([401, 401, 401, 429]);
    expect(unknown).toEqual(known);
  });

  it('locks an IP spraying many accounts, without locking those accounts for other IPs', async () => {
    const victims = [await t.user(), await t.user()];
    const attacker = '10.9.9.9';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.login(`spray${i}@example.test`, 'password123', attacker)).status);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses[6]).toBe(429);
    expect((await t.login(victims[0]!.email, victims[0]!.password, attacker)).status).toBe(429);
    expect((await t.login(victims[0]!.email, victims[0]!.password, '10.9.9.10')).status).toBe(200);
  });

  it('a password reset lifts the account lock', async () => {
    const u = await t.user();
    for (let i = 0; i < 3; i++) await t.login(u.email, 'nope-nope-nope', `10.4.0.${i}`);
    expect((await t.login(u.email, u.password, '10.4.1.1')).status).toBe(429);
    const since = t.mailbox.messages.length;
    await t.env.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', payload: { email: u.email } });
    const mail = await t.mailbox.waitFor(u.email, 'Reset', since);
    const token = /reset token: (\S+)/.exec(mail.text)![1]!;
    await t.env.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', payload: { token, password: 'a-fresh-password' } });
    expect((await t.login(u.email, 'a-fresh-password', '10.4.1.1')).status).toBe(200);
  });
});

describe('API rate limit per tier (Redis-backed @fastify/rate-limit)', () => {
  it('limits a free user to the tier rate, keyed by user across credentials, and leaves other users alone', async () => {
    const alice = await t.env.tokenFor({ userId: '00000000-0000-4000-8000-00000000000a', tier: 'free' });
    const bob = await t.env.tokenFor({ userId: '00000000-0000-4000-8000-00000000000b', tier: 'free' });
    const alice2 = await t.env.tokenFor({ userId: '00000000-0000-4000-8000-00000000000a', tier: 'free' });
    const get = (token: string) => t.env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    const first = await get(alice);
    expect(first.headers['x-ratelimit-limit']).toBe('120');
    for (let i = 1; i < 120; i++) expect((await get(i % 2 ? alice : alice2)).statusCode).toBe(200);
    const over = await get(alice2);
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect((await get(bob)).statusCode).toBe(200);
    // the count lives in Redis, shared by every gateway instance
    const keys = await t.env.deps.redis.keys(`${t.env.keyPrefix}:ratelimit:*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('gives premium and enterprise tiers their higher rate', async () => {
    for (const [tier, limit] of [['premium', '1200'], ['enterprise', '12000']] as const) {
      const token = await t.env.tokenFor({ userId: '00000000-0000-4000-8000-0000000000c1', tier });
      const r = await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
      expect(r.headers['x-ratelimit-limit']).toBe(limit);
    }
  });
});
