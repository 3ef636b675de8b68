import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestEnv, type AuthTestEnv } from '../testing/auth-test-env.ts';
import { tokenIn } from '../testing/smtp-mailbox.ts';

let t: AuthTestEnv;
beforeAll(async () => { t = await createAuthTestEnv(); });
afterAll(() => t?.close());

const withoutRequestId = (b: any) => ({ ...b, error: { ...b.error, requestId: undefined } });
const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => t.env.app.inject({ method: 'POST', url: `/api/v1/auth${url}`, payload: payload as object, headers });

describe('sign-up, email verification and login (passport-local)', () => {
  it('signs up, mails a verification link to the local SMTP server, and logs in only once verified', async () => {
    const email = 'alice@example.test';
    const res = await post('/signup', { email, password: 'alice-password-1' });
    expect(res.statusCode).toBe(202);
    const mail = await t.mailbox.waitFor(email, 'Verify');
    const token = tokenIn(mail, 'verification token');

    const early = await t.login(email, 'alice-password-1');
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('EMAIL_NOT_VERIFIED');

    expect((await post('/verify-email', { token })).statusCode).toBe(204);
    // single use
    const again = await post('/verify-email', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('TOKEN_INVALID');

    const ok = await t.login(email, 'alice-password-1');
    expect(ok.status).toBe(200);
    expect(ok.body.tokenType).toBe('Bearer');
    const me = await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/account', headers: { authorization: `Bearer ${ok.body.accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email, role: 'user', tier: 'free', emailVerified: true });
    // the hash is stored, never the password
    const { rows } = await t.env.deps.db.query('SELECT password_hash FROM auth.users WHERE email = $1', [email]);
    expect(rows[0].password_hash).toMatch(/^scrypt\$N=4096,r=8,p=1\$/);
  });

  it('answers sign-up the same way for an existing address and mails the owner instead', async () => {
    const u = await t.user();
    const since = t.mailbox.messages.length;
    const res = await post('/signup', { email: u.email.toUpperCase(), password: 'someone-else-pw' });
    expect(res.statusCode).toBe(202);
    const fresh = await post('/signup', { email: 'fresh@example.test', password: 'someone-else-pw' });
    expect(res.json()).toEqual(fresh.json());
    const notice = await t.mailbox.waitFor(u.email, 'Sign-up attempt', since);
    expect(notice.text).not.toMatch(/token:/);
    // the existing password still works, the attempted one does not
    expect((await t.login(u.email, 'someone-else-pw')).status).toBe(401);
    expect((await t.login(u.email, u.password)).status).toBe(200);
  });

  it('does not reveal whether an account exists: same status and error for unknown email and wrong password', async () => {
    const u = await t.user();
    const wrong = await t.login(u.email, 'not-the-password', '10.0.0.1');
    const unknown = await t.login('nobody@example.test', 'not-the-password', '10.0.0.2');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(withoutRequestId(wrong.body)).toEqual(withoutRequestId(unknown.body));
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    const forgotKnown = await post('/password/forgot', { email: u.email });
    const forgotUnknown = await post('/password/forgot', { email: 'nobody@example.test' });
    expect(forgotKnown.statusCode).toBe(202);
    expect(forgotKnown.json()).toEqual(forgotUnknown.json());
  });

  it('caps account mails per address so the endpoints cannot flood an inbox', async () => {
    const u = await t.user(); // one verification mail already counted
    const since = t.mailbox.messages.length;
    for (let i = 0; i < 6; i++) expect((await post('/password/forgot', { email: u.email })).statusCode).toBe(202);
    await t.mailbox.waitFor(u.email, 'Reset', since);
    await new Promise((r) => setTimeout(r, 300));
    expect(t.mailbox.messages.slice(since).filter((m) => m.to.includes(u.email))).toHaveLength(4);
  });

  it('rejects malformed input with VALIDATION_FAILED', async () => {
    const res = await post('/signup', { email: 'not-an-email', password: 'short' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('password reset and change', () => {
  it('resets through a mailed single-use token, revokes every session and records audit events', async () => {
    const u = await t.user();
    const since = t.mailbox.messages.length;
    expect((await post('/password/forgot', { email: u.email })).statusCode).toBe(202);
    const token = tokenIn(await t.mailbox.waitFor(u.email, 'Reset', since), 'reset token');

    expect((await post('/password/reset', { token, password: 'brand-new-password' })).statusCode).toBe(204);
    const reuse = await post('/password/reset', { token, password: 'another-new-password' });
    expect(reuse.json().error.code).toBe('TOKEN_INVALID');

    expect((await t.login(u.email, u.password)).status).toBe(401);
    expect((await t.login(u.email, 'brand-new-password')).status).toBe(200);
    // the old session's refresh token is dead
    const refresh = await post('/refresh', { refreshToken: u.refreshToken });
    expect(refresh.statusCode).toBe(401);

    const { rows } = await t.env.deps.db.query('SELECT type FROM auth.audit_events WHERE user_id = $1 ORDER BY id', [u.id]);
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(['signup', 'email_verified', 'login', 'password_reset_requested', 'password_reset']));
  });

  it('refuses an expired reset token', async () => {
    const u = await t.user();
    const since = t.mailbox.messages.length;
    await post('/password/forgot', { email: u.email });
    const token = tokenIn(await t.mailbox.waitFor(u.email, 'Reset', since), 'reset token');
    await t.env.deps.db.query(`UPDATE auth.one_time_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND purpose = 'reset_password'`, [u.id]);
    const res = await post('/password/reset', { token, password: 'brand-new-password' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('TOKEN_INVALID');
  });

  it('changes the password with the current one, keeping only the current session', async () => {
    const u = await t.user();
    const other = await t.login(u.email, u.password);
    const bad = await post('/password/change', { currentPassword: 'wrong-password', newPassword: 'changed-password-1' }, u.auth);
    expect(bad.json().error.code).toBe('INVALID_CURRENT_PASSWORD');
    expect((await post('/password/change', { currentPassword: u.password, newPassword: 'changed-password-1' }, u.auth)).statusCode).toBe(204);
    expect((await post('/refresh', { refreshToken: other.body.refreshToken })).statusCode).toBe(401);
    expect((await post('/refresh', { refreshToken: u.refreshToken })).statusCode).toBe(200);
    expect((await t.login(u.email, 'changed-password-1')).status).toBe(200);
  });
});
