import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestEnv, type AuthTestEnv } from '../testing/auth-test-env.ts';
import { LocalOidcProvider, ProviderBrowser } from '../testing/local-oidc-provider.ts';

const PUBLIC_URL = 'http://strata.test:8080';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/oauth/local/callback`;

let op: LocalOidcProvider;
let t: AuthTestEnv;
beforeAll(async () => {
  op = await new LocalOidcProvider().start({ clientId: 'strata', clientSecret: 'strata-client-secret', redirectUri: CALLBACK });
  t = await createAuthTestEnv({
    PUBLIC_URL,
    OAUTH_PROVIDERS: JSON.stringify([{ id: 'local', kind: 'oidc', issuer: op.issuer, clientId: 'strata', clientSecret: 'strata-client-secret', allowInsecure: true }]),
  });
});
afterAll(async () => {
  await t?.close();
  await op?.close();
});

/** Runs the whole browser flow: our /start, the provider's pages, then our callback with the state cookie. */
async function oauthLogin(login: string, opts: { cookie?: (state: string) => string; browser?: boolean } = {}) {
  const start = await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/oauth/local/start' });
  expect(start.statusCode).toBe(302);
  const authUrl = new URL(start.headers.location as string);
  expect(authUrl.origin).toBe(op.issuer);
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  const setCookie = String(start.headers['set-cookie']);
  const state = /strata_oauth_state=([^;]+)/.exec(setCookie)![1]!;
  expect(setCookie).toMatch(/HttpOnly/);

  const callback = await new ProviderBrowser(op.issuer).authorize(authUrl.toString(), login);
  expect(callback.toString().startsWith(CALLBACK)).toBe(true);
  expect(callback.searchParams.get('code')).toBeTruthy();
  return t.env.app.inject({
    method: 'GET',
    url: callback.pathname + callback.search,
    headers: { cookie: `strata_oauth_state=${opts.cookie ? opts.cookie(state) : state}`, ...(opts.browser ? {} : { accept: 'application/json' }) },
  });
}

describe('OIDC login against a local oidc-provider (authorization code + PKCE)', () => {
  it('creates an account on first login and signs in to the same account next time', async () => {
    op.accounts.set('carol-sub', { email: 'Carol@Example.test', emailVerified: true, name: 'Carol' });
    const first = await oauthLogin('carol-sub');
    expect(first.statusCode).toBe(200);
    const tokens = first.json();
    const account = await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/account', headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(account.json()).toMatchObject({ email: 'carol@example.test', emailVerified: true, hasPassword: false, displayName: 'Carol' });

    const second = await oauthLogin('carol-sub');
    expect(second.statusCode).toBe(200);
    const me = await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${second.json().accessToken}` } });
    expect(me.json().userId).toBe(account.json().id);
    const { rows } = await t.env.deps.db.query('SELECT provider, subject FROM auth.identities WHERE user_id = $1', [account.json().id]);
    expect(rows).toEqual([{ provider: 'local', subject: 'carol-sub' }]);
  });

  it('links to an existing verified account by verified email; the password keeps working', async () => {
    const u = await t.user('dave@example.test');
    op.accounts.set('dave-sub', { email: 'dave@example.test', emailVerified: true });
    const res = await oauthLogin('dave-sub');
    expect(res.statusCode).toBe(200);
    const me = await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${res.json().accessToken}` } });
    expect(me.json().userId).toBe(u.id);
    expect((await t.login(u.email, u.password)).status).toBe(200);
    const { rows } = await t.env.deps.db.query(`SELECT type FROM auth.audit_events WHERE user_id = $1 AND type IN ('oauth_linked', 'oauth_login')`, [u.id]);
    expect(rows.map((r) => r.type).sort()).toEqual(['oauth_linked', 'oauth_login']);
  });

  it('takes over an unverified password account only after removing the squatter\'s password', async () => {
    await t.env.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'erin@example.test', password: 'squatter-password' } });
    op.accounts.set('erin-sub', { email: 'erin@example.test', emailVerified: true });
    expect((await oauthLogin('erin-sub')).statusCode).toBe(200);
    expect((await t.login('erin@example.test', 'squatter-password')).status).toBe(401);
  });

  it('refuses an identity whose email the provider has not verified', async () => {
    op.accounts.set('frank-sub', { email: 'frank@example.test', emailVerified: false });
    const res = await oauthLogin('frank-sub');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OAUTH_EMAIL_UNVERIFIED');
  });

  it('refuses a callback whose state does not match the browser cookie (login CSRF), and a replayed callback', async () => {
    op.accounts.set('gina-sub', { email: 'gina@example.test', emailVerified: true });
    const forged = await oauthLogin('gina-sub', { cookie: () => 'attacker-state' });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('OAUTH_STATE_MISMATCH');

    const start = await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/oauth/local/start' });
    const state = /strata_oauth_state=([^;]+)/.exec(String(start.headers['set-cookie']))![1]!;
    const cb = await new ProviderBrowser(op.issuer).authorize(String(start.headers.location), 'gina-sub');
    const headers = { cookie: `strata_oauth_state=${state}`, accept: 'application/json' };
    const ok = await t.env.app.inject({ method: 'GET', url: cb.pathname + cb.search, headers });
    expect(ok.statusCode).toBe(200);
    const replay = await t.env.app.inject({ method: 'GET', url: cb.pathname + cb.search, headers });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('OAUTH_STATE_EXPIRED');
  });

  it('sends a browser back to the web app with a one-time code that exchanges for tokens once', async () => {
    op.accounts.set('hank-sub', { email: 'hank@example.test', emailVerified: true });
    const res = await oauthLogin('hank-sub', { browser: true });
    expect(res.statusCode).toBe(302);
    const target = new URL(res.headers.location as string);
    expect(target.origin + target.pathname).toBe(`${t.ctx.config.WEB_URL}/oauth/complete`);
    expect(target.toString()).not.toMatch(/accessToken|refreshToken|eyJ/);
    const code = target.searchParams.get('code')!;
    const first = await t.env.app.inject({ method: 'POST', url: '/api/v1/auth/oauth/exchange', payload: { code } });
    expect(first.statusCode).toBe(200);
    expect(first.json().accessToken).toBeTruthy();
    const second = await t.env.app.inject({ method: 'POST', url: '/api/v1/auth/oauth/exchange', payload: { code } });
    expect(second.statusCode).toBe(401);
    expect(second.json().error.code).toBe('OAUTH_CODE_INVALID');
  });

  it('answers 404 for an unconfigured provider', async () => {
    expect((await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/oauth/nope/start' })).statusCode).toBe(404);
    expect((await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/oauth/providers' })).json()).toEqual({ providers: ['local'] });
  });
});
