import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '@strata/platform';
import type { TestEnv } from '@strata/platform/testing';
import { auth, logicTestEnv } from '../test-support/env.ts';
import { SMA_CROSS, SYNTAX_ERROR } from '../test-support/strategies.ts';
import { openSource } from '../domain/source-cipher.ts';

let env: TestEnv;
let alice: string;
let bob: string;
const base = '/api/v1/logic';

beforeAll(async () => {
  ({ env } = await logicTestEnv());
  alice = await env.tokenFor({ userId: 'alice' });
  bob = await env.tokenFor({ userId: 'bob' });
});
afterAll(() => env?.close());

async function create(token: string, name = 'SMA', source = SMA_CROSS) {
  return env.app.inject({ method: 'POST', url: `${base}/strategies`, headers: auth(token), payload: { name, source, note: 'first' } });
}

describe('strategies', () => {
  it('creates, reads, lists, updates with a new version, and deletes', async () => {
    const res = await create(alice);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const id = body.strategy.id as string;
    expect(body.version).toMatchObject({ version: 1, apiVersion: 1, note: 'first' });
    expect(body.version.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.version.paramSpecs.fast).toMatchObject({ type: 'int', min: 2, max: 100 });

    const list = await env.app.inject({ url: `${base}/strategies`, headers: auth(alice) });
    expect(list.json().items.map((s: { id: string }) => s.id)).toContain(id);

    const changed = SMA_CROSS.replace("name: 'SMA cross'", "name: 'SMA cross v2'");
    const upd = await env.app.inject({ method: 'PATCH', url: `${base}/strategies/${id}`, headers: auth(alice), payload: { source: changed, note: 'renamed inside' } });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().version.version).toBe(2);
    expect(upd.json().version.contentSha256).not.toBe(body.version.contentSha256);

    const v1 = await env.app.inject({ url: `${base}/strategies/${id}/versions/1`, headers: auth(alice) });
    expect(v1.json().source).toBe(SMA_CROSS);
    const v2 = await env.app.inject({ url: `${base}/strategies/${id}/versions/2`, headers: auth(alice) });
    expect(v2.json().source).toBe(changed);

    const rename = await env.app.inject({ method: 'PATCH', url: `${base}/strategies/${id}`, headers: auth(alice), payload: { name: 'Renamed' } });
    expect(rename.json()).toMatchObject({ strategy: { name: 'Renamed', latestVersion: 2 }, version: null });

    const versions = await env.app.inject({ url: `${base}/strategies/${id}/versions`, headers: auth(alice) });
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const del = await env.app.inject({ method: 'DELETE', url: `${base}/strategies/${id}`, headers: auth(alice) });
    expect(del.statusCode).toBe(204);
    expect((await env.app.inject({ url: `${base}/strategies/${id}`, headers: auth(alice) })).statusCode).toBe(404);
  });

  it('stores source encrypted, bound to strategy and version, and a wrong key fails', async () => {
    const id = (await create(alice)).json().strategy.id as string;
    const raw = await env.deps.db.query(`SELECT key_id, iv, auth_tag, source_ciphertext FROM logic.strategy_versions WHERE strategy_id = $1 AND version = 1`, [id]);
    const row = raw.rows[0];
    expect(row.key_id).toBe('logicdev1');
    expect(row.source_ciphertext.toString('utf8')).not.toContain('defineStrategy');
    expect(row.source_ciphertext.length).toBe(Buffer.byteLength(SMA_CROSS));
    const sealed = { kid: row.key_id, iv: row.iv, tag: row.auth_tag, ciphertext: row.source_ciphertext };
    const right = new Keyring('logicdev1:c3RyYXRhLWxvZ2ljLXNvdXJjZS1kZXYta2V5LTMyYnk=');
    expect(openSource(right, sealed, { strategyId: id, version: 1 })).toBe(SMA_CROSS);
    const wrong = new Keyring(`logicdev1:${Buffer.alloc(32, 7).toString('base64')}`);
    expect(() => openSource(wrong, sealed, { strategyId: id, version: 1 })).toThrow(/did not authenticate/);
    expect(() => openSource(right, sealed, { strategyId: id, version: 2 })).toThrow(/did not authenticate/);
  });

  it('hides other users strategies behind 404 (no IDOR)', async () => {
    const id = (await create(alice)).json().strategy.id as string;
    for (const req of [
      { method: 'GET', url: `${base}/strategies/${id}` },
      { method: 'GET', url: `${base}/strategies/${id}/versions/1` },
      { method: 'PATCH', url: `${base}/strategies/${id}`, payload: { name: 'mine now' } },
      { method: 'DELETE', url: `${base}/strategies/${id}` },
      { method: 'POST', url: `${base}/backtests`, payload: { strategyId: id, version: 1, venue: 'v', symbol: 'S', timeframe: '1m', from: '2024-01-01T00:00:00Z', to: '2024-01-02T00:00:00Z', dataSource: 'synthetic' } },
    ] as const) {
      const res = await env.app.inject({ ...req, headers: auth(bob) } as never);
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await env.app.inject({ url: `${base}/strategies`, headers: auth(bob) })).json().items).toEqual([]);
    expect((await env.app.inject({ url: `${base}/strategies/${id}` })).statusCode).toBe(401);
  });

  it('checks source and returns diagnostics with line and column', async () => {
    const res = await env.app.inject({ method: 'POST', url: `${base}/strategies/check`, headers: auth(alice), payload: { source: SYNTAX_ERROR } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ok).toBe(false);
    expect(body.diagnostics[0]).toMatchObject({ line: 4, severity: 'error' });
    expect(body.diagnostics[0].column).toBeGreaterThan(1);

    const ok = await env.app.inject({ method: 'POST', url: `${base}/strategies/check`, headers: auth(alice), payload: { source: SMA_CROSS } });
    expect(ok.json()).toMatchObject({ ok: true, meta: { apiVersion: 1, params: { slow: { default: 30 } } } });

    const bad = await create(alice, 'broken', SYNTAX_ERROR);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('STRATEGY_INVALID');
    expect(bad.json().error.details.diagnostics[0].line).toBe(4);

    const id = (await create(alice)).json().strategy.id as string;
    const perVersion = await env.app.inject({ method: 'POST', url: `${base}/strategies/${id}/versions/1/check`, headers: auth(alice) });
    expect(perVersion.json().ok).toBe(true);
  });
});
