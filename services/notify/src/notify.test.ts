import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { publishNotification } from '@strata/platform';
import { createTestEnv, type TestEnv } from '@strata/platform/testing';
import { notifyModule, signBody } from './index.ts';

async function until<T>(fn: () => Promise<T | undefined>, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('notify service', () => {
  let env: TestEnv;
  let alice: string;
  let bob: string;
  const received: { body: string; signature: string }[] = [];
  let receiver: http.Server;

  beforeAll(async () => {
    env = await createTestEnv({ modules: [notifyModule] });
    await env.startWorkers();
    alice = await env.tokenFor({ userId: 'alice' });
    bob = await env.tokenFor({ userId: 'bob' });
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-strata-signature']) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    receiver.close();
    await env.close();
  });

  const get = (token: string, url: string) => env.app.inject({ url: `/api/v1/notify${url}`, headers: { authorization: `Bearer ${token}` } });

  it('stores a published notification once, however often it is redelivered, and pushes it to webhooks signed', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const created = await env.app.inject({
      method: 'POST', url: '/api/v1/notify/webhooks', headers: { authorization: `Bearer ${alice}` },
      payload: { url: `http://127.0.0.1:${port}/hook`, kinds: ['backtest.completed'] },
    });
    expect(created.statusCode).toBe(201);
    const { secret } = created.json();

    const msg = { userId: 'alice', kind: 'backtest.completed', title: 'Backtest finished', body: 'Sharpe 1.2', dedupeKey: 'bt-1' };
    await publishNotification(env.deps.redis, env.keyPrefix, msg);
    await publishNotification(env.deps.redis, env.keyPrefix, msg);
    await publishNotification(env.deps.redis, env.keyPrefix, { userId: 'alice', kind: 'login', title: 'New login' });

    const list = await until(async () => {
      const res = (await get(alice, '/notifications')).json();
      return res.items.length === 2 ? res : undefined;
    });
    expect(list.items.map((n: { title: string }) => n.title)).toEqual(['New login', 'Backtest finished']);
    expect(list.unread).toBe(2);

    await until(async () => (received.length >= 1 ? true : undefined));
    expect(received).toHaveLength(1); // only the kind it subscribed to
    expect(received[0]!.signature).toBe(signBody(secret, received[0]!.body));
    expect(JSON.parse(received[0]!.body)).toMatchObject({ kind: 'backtest.completed', title: 'Backtest finished' });
  });

  it('keeps every inbox private: another user can neither list nor mark it', async () => {
    const mine = (await get(alice, '/notifications')).json().items[0];
    expect((await get(bob, '/notifications')).json().items).toEqual([]);
    const steal = await env.app.inject({ method: 'POST', url: `/api/v1/notify/notifications/${mine.id}/read`, headers: { authorization: `Bearer ${bob}` } });
    expect(steal.statusCode).toBe(404);
    const own = await env.app.inject({ method: 'POST', url: `/api/v1/notify/notifications/${mine.id}/read`, headers: { authorization: `Bearer ${alice}` } });
    expect(own.statusCode).toBe(200);
    expect((await get(alice, '/notifications?unread=true')).json().items).toHaveLength(1);
    expect((await get(bob, '/webhooks')).json().items).toEqual([]);
  });

  it('pushes new notifications to a live WebSocket', async () => {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = env.app.server.address() as AddressInfo;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/notify/notifications/stream`, { headers: { authorization: `Bearer ${alice}` } } as never);
    const got = new Promise<string>((resolve, reject) => {
      ws.onmessage = (ev) => resolve(String(ev.data));
      ws.onerror = () => reject(new Error('websocket error'));
    });
    await new Promise<void>((r) => (ws.onopen = () => r()));
    await new Promise((r) => setTimeout(r, 100));
    await publishNotification(env.deps.redis, env.keyPrefix, { userId: 'alice', kind: 'order.filled', title: 'Filled 0.5 BTC' });
    expect(JSON.parse(await got)).toMatchObject({ kind: 'order.filled', title: 'Filled 0.5 BTC' });
    ws.close();
  });

  it('refuses anonymous callers and malformed webhook URLs with stable codes', async () => {
    expect((await env.app.inject('/api/v1/notify/notifications')).statusCode).toBe(401);
    const bad = await env.app.inject({ method: 'POST', url: '/api/v1/notify/webhooks', headers: { authorization: `Bearer ${alice}` }, payload: { url: 'ftp://x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});
