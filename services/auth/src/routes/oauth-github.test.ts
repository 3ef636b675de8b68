import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestEnv, type AuthTestEnv } from '../testing/auth-test-env.ts';
import { FakeGithub } from '../testing/fake-github.ts';

let gh: FakeGithub;
let t: AuthTestEnv;
beforeAll(async () => {
  gh = await new FakeGithub().start('gh-client', 'gh-secret');
  t = await createAuthTestEnv({
    PUBLIC_URL: 'http://strata.test:8080',
    OAUTH_PROVIDERS: JSON.stringify([{ id: 'github', kind: 'github', clientId: 'gh-client', clientSecret: 'gh-secret', scopes: 'read:user user:email', baseUrl: gh.url, apiUrl: `${gh.url}/api`, allowInsecure: true }]),
  });
});
afterAll(async () => {
  await t?.close();
  await gh?.close();
});

async function githubLogin() {
  const start = await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/oauth/github/start' });
  expect(start.statusCode).toBe(302);
  const state = /strata_oauth_state=([^;]+)/.exec(String(start.headers['set-cookie']))![1]!;
  const res = await fetch(String(start.headers.location), { redirect: 'manual' });
  const callback = new URL(res.headers.get('location')!);
  return t.env.app.inject({ method: 'GET', url: callback.pathname + callback.search, headers: { cookie: `strata_oauth_state=${state}`, accept: 'application/json' } });
}

describe('GitHub login (OAuth2 + PKCE, profile from the REST API)', () => {
  it('signs in with the verified primary email and links to the existing account', async () => {
    const u = await t.user('octo@example.test');
    gh.user = { id: 583231, name: 'Octo Cat', emails: [{ email: 'old@example.test', primary: false, verified: true }, { email: 'octo@example.test', primary: true, verified: true }] };
    const res = await githubLogin();
    expect(res.statusCode).toBe(200);
    const me = await t.env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${res.json().accessToken}` } });
    expect(me.json().userId).toBe(u.id);
    const { rows } = await t.env.deps.db.query('SELECT provider, subject FROM auth.identities WHERE user_id = $1', [u.id]);
    expect(rows).toEqual([{ provider: 'github', subject: '583231' }]);
  });

  it('refuses an account whose primary email is unverified', async () => {
    gh.user = { id: 77, name: 'Unverified', emails: [{ email: 'unv@example.test', primary: true, verified: false }] };
    const res = await githubLogin();
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OAUTH_EMAIL_UNVERIFIED');
  });
});
