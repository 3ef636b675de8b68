import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestEnv, type AuthTestEnv } from '../testing/auth-test-env.ts';

let t: AuthTestEnv;
beforeAll(async () => { t = await createAuthTestEnv(); });
afterAll(() => t?.close());

const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
  t.env.app.inject({ method, url: `/api/v1/auth${url}`, headers, payload });

describe('API keys', () => {
  it('shows the key once, stores only its hash, and accepts it as X-API-Key or Bearer', async () => {
    const u = await t.user();
    const created = await inject('POST', '/api-keys', u.auth, { name: 'bot', scopes: ['read', 'backtest'] });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(new RegExp(`^sk_live_${id}_[0-9a-f]{64}$`));

    const list = (await inject('GET', '/api-keys', u.auth)).json().apiKeys;
    expect(list).toEqual([expect.objectContaining({ id, name: 'bot', scopes: ['read', 'backtest'], lastUsedAt: null })]);
    expect(JSON.stringify(list)).not.toContain(key.slice(-64));
    const { rows } = await t.env.deps.db.query('SELECT secret_hash FROM auth.api_keys WHERE id = $1', [id]);
    expect(rows[0].secret_hash).toHaveLength(32);

    const viaHeader = await inject('GET', '/me', { 'x-api-key': key });
    expect(viaHeader.statusCode).toBe(200);
    expect(viaHeader.json()).toMatchObject({ userId: u.id, via: 'apiKey', scopes: ['read', 'backtest'] });
    const viaBearer = await inject('GET', '/account', { authorization: `Bearer ${key}` });
    expect(viaBearer.statusCode).toBe(200);
    expect(viaBearer.json().email).toBe(u.email);

    // last-used is written lazily after the answer
    await expect.poll(async () => (await t.env.deps.db.query('SELECT last_used_at FROM auth.api_keys WHERE id = $1', [id])).rows[0].last_used_at).not.toBeNull();
  });

  it('enforces scopes and refuses account management with a key', async () => {
    const u = await t.user();
    const key = (await inject('POST', '/api-keys', u.auth, { name: 'signals', scopes: ['signals:write'] })).json().key;
    const noRead = await inject('GET', '/account', { 'x-api-key': key });
    expect(noRead.statusCode).toBe(403);
    expect(noRead.json().error.code).toBe('SCOPE_MISSING');
    const mint = await inject('POST', '/api-keys', { 'x-api-key': key }, { name: 'escalate', scopes: ['trade'] });
    expect(mint.statusCode).toBe(403);
    expect(mint.json().error.code).toBe('SESSION_REQUIRED');
    expect((await inject('GET', '/exchange-credentials', { 'x-api-key': key })).statusCode).toBe(403);
    const unknownScope = await inject('POST', '/api-keys', u.auth, { name: 'x', scopes: ['admin'] });
    expect(unknownScope.statusCode).toBe(400);
  });

  it('refuses wrong, malformed and revoked keys with one error', async () => {
    const u = await t.user();
    const { key, id } = (await inject('POST', '/api-keys', u.auth, { name: 'k', scopes: ['read'] })).json();
    const wrongSecret = key.slice(0, -4) + (key.endsWith('0000') ? '1111' : '0000');
    for (const bad of [wrongSecret, 'sk_live_short', `sk_live_${'a'.repeat(12)}_${'0'.repeat(64)}`]) {
      const r = await inject('GET', '/me', { 'x-api-key': bad });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('API_KEY_INVALID');
    }
    expect((await inject('DELETE', `/api-keys/${id}`, u.auth)).statusCode).toBe(204);
    expect((await inject('GET', '/me', { 'x-api-key': key })).statusCode).toBe(401);
    expect((await inject('GET', '/api-keys', u.auth)).json().apiKeys).toEqual([]);
    const { rows } = await t.env.deps.db.query(`SELECT type FROM auth.audit_events WHERE user_id = $1 AND type LIKE 'api_key%' ORDER BY id`, [u.id]);
    expect(rows.map((r) => r.type)).toEqual(['api_key_created', 'api_key_revoked']);
  });

  it("cannot revoke or see another user's key (404, no IDOR)", async () => {
    const alice = await t.user();
    const mallory = await t.user();
    const { key, id } = (await inject('POST', '/api-keys', alice.auth, { name: 'alice', scopes: ['read'] })).json();
    const r = await inject('DELETE', `/api-keys/${id}`, mallory.auth);
    expect(r.statusCode).toBe(404);
    expect((await inject('GET', '/api-keys', mallory.auth)).json().apiKeys).toEqual([]);
    expect((await inject('GET', '/me', { 'x-api-key': key })).statusCode).toBe(200);
  });
});
