import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestEnv, type AuthTestEnv, type TestUser } from '../testing/auth-test-env.ts';

let t: AuthTestEnv;
let admin: TestUser;
beforeAll(async () => {
  t = await createAuthTestEnv();
  const a = await t.user('admin@example.test');
  await t.env.deps.db.query(`UPDATE auth.users SET role = 'admin' WHERE id = $1`, [a.id]);
  const l = await t.login(a.email, a.password);
  admin = { ...a, ...l.body, auth: { authorization: `Bearer ${l.body.accessToken}` } };
});
afterAll(() => t?.close());

const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
  t.env.app.inject({ method, url: `/api/v1/auth${url}`, headers, payload });

describe('tiers through the admin API', () => {
  it('lets an admin change a tier; the change reaches the next access token and is audited', async () => {
    const u = await t.user();
    const r = await inject('PUT', `/admin/users/${u.id}/tier`, admin.auth, { tier: 'premium' });
    expect(r.statusCode).toBe(200);
    expect(r.json().tier).toBe('premium');
    expect((await inject('GET', '/me', u.auth)).json().tier).toBe('free');
    const refreshed = (await inject('POST', '/refresh', {}, { refreshToken: u.refreshToken })).json();
    expect((await inject('GET', '/me', { authorization: `Bearer ${refreshed.accessToken}` })).json().tier).toBe('premium');

    const events = (await inject('GET', '/audit?type=tier_changed', u.auth)).json().events;
    expect(events).toEqual([expect.objectContaining({ type: 'tier_changed', details: { from: 'free', to: 'premium', by: admin.id } })]);
    expect((await inject('PUT', `/admin/users/${u.id}/tier`, admin.auth, { tier: 'premium' })).statusCode).toBe(409);
    expect((await inject('PUT', `/admin/users/${u.id}/tier`, admin.auth, { tier: 'gold' })).statusCode).toBe(400);
    expect((await inject('PUT', '/admin/users/00000000-0000-4000-8000-000000000000/tier', admin.auth, { tier: 'free' })).statusCode).toBe(404);
  });

  it('refuses admin routes to users and to API keys, even an admin\'s', async () => {
    const u = await t.user();
    const asUser = await inject('PUT', `/admin/users/${u.id}/tier`, u.auth, { tier: 'enterprise' });
    expect(asUser.statusCode).toBe(403);
    expect(asUser.json().error.code).toBe('ADMIN_ONLY');
    expect((await inject('GET', '/admin/audit', u.auth)).statusCode).toBe(403);
    expect((await inject('GET', `/admin/users/${admin.id}`, u.auth)).statusCode).toBe(403);
    const key = (await inject('POST', '/api-keys', admin.auth, { name: 'admin-bot', scopes: ['read', 'trade'] })).json().key;
    expect((await inject('PUT', `/admin/users/${u.id}/tier`, { 'x-api-key': key }, { tier: 'enterprise' })).statusCode).toBe(403);
  });
});

describe('audit log', () => {
  it("shows users only their own events and admins anyone's", async () => {
    const alice = await t.user();
    const mallory = await t.user();
    await t.login(alice.email, 'wrong-password-1', '10.7.0.1');
    const own = (await inject('GET', '/audit', alice.auth)).json().events;
    expect(own.map((e: any) => e.type)).toEqual(expect.arrayContaining(['signup', 'email_verified', 'login', 'login_failed']));
    expect(own.every((e: any) => e.userId === alice.id)).toBe(true);
    const theirs = (await inject('GET', '/audit', mallory.auth)).json().events;
    expect(theirs.every((e: any) => e.userId === mallory.id)).toBe(true);
    // a user cannot widen the query to someone else
    const sneaky = (await inject('GET', `/audit?userId=${alice.id}`, mallory.auth)).json().events;
    expect(sneaky.every((e: any) => e.userId === mallory.id)).toBe(true);

    const asAdmin = (await inject('GET', `/admin/audit?userId=${alice.id}&type=login_failed`, admin.auth)).json().events;
    expect(asAdmin).toHaveLength(1);
    expect(asAdmin[0]).toMatchObject({ userId: alice.id, type: 'login_failed', ip: '10.7.0.1' });
    const page1 = (await inject('GET', `/admin/audit?userId=${alice.id}&limit=2`, admin.auth)).json().events;
    const page2 = (await inject('GET', `/admin/audit?userId=${alice.id}&limit=2&before=${page1[1].id}`, admin.auth)).json().events;
    expect(Number(page2[0].id)).toBeLessThan(Number(page1[1].id));
  });
});

describe('quotas', () => {
  it('counts backtests per day against the tier and reports usage', async () => {
    const u = await t.user();
    const subject = { userId: u.id, tier: 'free' as const };
    for (let i = 0; i < 20; i++) await t.ctx.quotas.consume(subject, 'backtestsPerDay');
    await expect(t.ctx.quotas.consume(subject, 'backtestsPerDay')).rejects.toMatchObject({ status: 429, code: 'QUOTA_EXCEEDED', details: { quota: 'backtestsPerDay', limit: 20 } });
    const usage = (await inject('GET', '/quotas', u.auth)).json();
    expect(usage.usage).toEqual(expect.arrayContaining([{ quota: 'backtestsPerDay', used: 20, limit: 20 }]));
    expect(usage.limits.apiRatePerMinute).toBe(120);
  });
});

describe('demo seed', () => {
  it('creates a verified premium demo account once, with a random password that logs in', async () => {
    const first = (await t.module.seedDemo!(t.env.deps)) as unknown as { login: { email: string; password: string } };
    expect(first.login.email).toBe('demo@strata.local');
    const res = await t.login(first.login.email, first.login.password);
    expect(res.status).toBe(200);
    expect((await inject('GET', '/me', { authorization: `Bearer ${res.body.accessToken}` })).json().tier).toBe('premium');
    const again = (await t.module.seedDemo!(t.env.deps)) as unknown as { login?: unknown };
    expect(again.login).toBeUndefined();
  });
});
