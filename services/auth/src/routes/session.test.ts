import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { createAuthTestEnv, type AuthTestEnv } from '../testing/auth-test-env.ts';

let t: AuthTestEnv;
beforeAll(async () => { t = await createAuthTestEnv(); });
afterAll(() => t?.close());

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
  t.env.app.inject({ method, url: `/api/v1/auth${url}`, headers, payload });

describe('access tokens', () => {
  it('accepts a fresh token and refuses expired and tampered ones', async () => {
    const u = await t.user();
    expect((await inject('GET', '/me', u.auth)).json()).toMatchObject({ userId: u.id, via: 'session', tier: 'free' });

    const expired = await t.env.tokenFor({ userId: u.id, ttlSeconds: -10 });
    const r1 = await inject('GET', '/me', { authorization: `Bearer ${expired}` });
    expect(r1.statusCode).toBe(401);
    expect(r1.json().error.code).toBe('TOKEN_EXPIRED');

    const [h, p, s] = u.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url');
    const r2 = await inject('GET', '/me', { authorization: `Bearer ${h}.${forgedPayload}.${s}` });
    expect(r2.statusCode).toBe(401);
    expect(r2.json().error.code).toBe('TOKEN_INVALID');

    const otherKey = await new SignJWT({ role: 'admin', tier: 'enterprise' }).setProtectedHeader({ alg: 'HS256' }).setSubject(u.id)
      .setIssuer('strata').setAudience('strata-api').setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(40)));
    expect((await inject('GET', '/me', { authorization: `Bearer ${otherKey}` })).statusCode).toBe(401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...payload, role: 'admin' })).toString('base64url')}.`;
    expect((await inject('GET', '/me', { authorization: `Bearer ${none}` })).statusCode).toBe(401);
    expect((await inject('GET', '/me')).statusCode).toBe(401);
  });
});

describe('refresh tokens', () => {
  it('rotates on every refresh and stores only hashes', async () => {
    const u = await t.user();
    const r = await inject('POST', '/refresh', {}, { refreshToken: u.refreshToken });
    expect(r.statusCode).toBe(200);
    const next = r.json();
    expect(next.refreshToken).not.toBe(u.refreshToken);
    expect(next.sessionId).toBe(u.sessionId);
    expect((await inject('GET', '/me', { authorization: `Bearer ${next.accessToken}` })).statusCode).toBe(200);
    const { rows } = await t.env.deps.db.query('SELECT token_hash FROM auth.refresh_tokens WHERE session_id = $1', [u.sessionId]);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.token_hash.toString('base64url')).not.toBe(next.refreshToken);
  });

  it('revokes the whole family when a rotated token is reused', async () => {
    const u = await t.user();
    const second = (await inject('POST', '/refresh', {}, { refreshToken: u.refreshToken })).json();
    const third = (await inject('POST', '/refresh', {}, { refreshToken: second.refreshToken })).json();
    expect(third.refreshToken).toBeDefined();

    const reuse = await inject('POST', '/refresh', {}, { refreshToken: u.refreshToken });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error.code).toBe('REFRESH_REUSED');
    // the newest token of the family is dead too
    const after = await inject('POST', '/refresh', {}, { refreshToken: third.refreshToken });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('REFRESH_INVALID');
    const { rows } = await t.env.deps.db.query(`SELECT count(*)::int AS n FROM auth.audit_events WHERE user_id = $1 AND type = 'refresh_reuse'`, [u.id]);
    expect(rows[0].n).toBe(1);
  });

  it('lets exactly one of two concurrent refreshes with the same token win; the loser revokes the family', async () => {
    const u = await t.user();
    const [a, b] = await Promise.all([
      inject('POST', '/refresh', {}, { refreshToken: u.refreshToken }),
      inject('POST', '/refresh', {}, { refreshToken: u.refreshToken }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 401]);
    const winner = a.statusCode === 200 ? a.json() : b.json();
    expect((a.statusCode === 401 ? a : b).json().error.code).toBe('REFRESH_REUSED');
    expect((await inject('POST', '/refresh', {}, { refreshToken: winner.refreshToken })).statusCode).toBe(401);
  });

  it('refuses unknown and expired refresh tokens', async () => {
    const u = await t.user();
    expect((await inject('POST', '/refresh', {}, { refreshToken: 'x'.repeat(43) })).statusCode).toBe(401);
    await t.env.deps.db.query(`UPDATE auth.sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [u.sessionId]);
    expect((await inject('POST', '/refresh', {}, { refreshToken: u.refreshToken })).json().error.code).toBe('REFRESH_INVALID');
  });

  it('logs out: the refresh token stops working', async () => {
    const u = await t.user();
    expect((await inject('POST', '/logout', {}, { refreshToken: u.refreshToken })).statusCode).toBe(204);
    expect((await inject('POST', '/refresh', {}, { refreshToken: u.refreshToken })).statusCode).toBe(401);
  });
});

describe('session management', () => {
  it('lists own sessions and revokes one; another user gets 404 for it', async () => {
    const u = await t.user();
    const second = await t.login(u.email, u.password);
    const list = (await inject('GET', '/sessions', u.auth)).json().sessions;
    expect(list).toHaveLength(2);
    expect(list.find((s: any) => s.current).id).toBe(u.sessionId);

    const mallory = await t.user();
    const idor = await inject('DELETE', `/sessions/${second.body.sessionId}`, mallory.auth);
    expect(idor.statusCode).toBe(404);
    expect(idor.json().error.code).toBe('NOT_FOUND');
    expect((await inject('GET', '/sessions', mallory.auth)).json().sessions.map((s: any) => s.id)).not.toContain(second.body.sessionId);

    expect((await inject('DELETE', `/sessions/${second.body.sessionId}`, u.auth)).statusCode).toBe(204);
    expect((await inject('POST', '/refresh', {}, { refreshToken: second.body.refreshToken })).statusCode).toBe(401);
    expect((await inject('GET', '/sessions', u.auth)).json().sessions).toHaveLength(1);
    expect((await inject('DELETE', `/sessions/${second.body.sessionId}`, u.auth)).statusCode).toBe(404);
    expect((await inject('DELETE', '/sessions/not-a-uuid', u.auth)).statusCode).toBe(400);
  });
});
