import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { createTestEnv, type TestEnv } from '../testing/index.ts';
import { buildGateway } from './gateway.ts';
import { createRedis } from '../redis.ts';
import { NotFoundError, OperationalError, UserError } from '../errors.ts';
import type { ServiceDeps, ServiceModule } from '../service.ts';

const plugin: FastifyPluginAsync<ServiceDeps> = async (app) => {
  app.get('/whoami', { preHandler: app.requireAuth() }, async (req) => req.principal);
  app.get('/trade', { preHandler: app.requireAuth('trade') }, async () => ({ ok: true }));
  app.get('/user-error', async () => {
    throw new UserError('BAD_THING', 'The thing was bad: expected a number, received "x".');
  });
  app.get('/missing', async () => {
    throw new NotFoundError('Strategy');
  });
  app.get('/transient', async () => {
    throw new OperationalError('DB_DOWN', 'The database is not answering.');
  });
  app.get('/bug', async () => {
    throw new TypeError('cannot read properties of undefined (secret internals)');
  });
  app.post('/typed', { schema: { body: { type: 'object', required: ['n'], properties: { n: { type: 'number' } } } } }, async (req) => req.body);
};
const mod: ServiceModule = { name: 'notify', migrationsDir: '/nonexistent', plugin };

describe('gateway', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ modules: [{ ...mod, migrationsDir: new URL('../db/fixtures/good', import.meta.url).pathname }] });
  });
  afterAll(() => env.close());

  it('answers liveness and readiness when PostgreSQL and Redis are up', async () => {
    expect((await env.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await env.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('answers 503 naming Redis when Redis is unreachable', async () => {
    const deadRedis = createRedis('redis://127.0.0.1:1', { lazyConnect: true });
    const app = await buildGateway({ ...env.deps, redis: deadRedis }, []);
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().down).toEqual(['redis']);
    expect(res.json().message).toMatch(/redis unreachable/);
    await app.close();
    deadRedis.disconnect();
  });

  it('maps errors by who must act, with stable codes and the request id', async () => {
    const user = await env.app.inject({ url: '/api/v1/notify/user-error', headers: { 'x-request-id': 'req-123' } });
    expect(user.statusCode).toBe(400);
    expect(user.json().error).toMatchObject({ code: 'BAD_THING', requestId: 'req-123' });
    expect(user.headers['x-request-id']).toBe('req-123');
    expect((await env.app.inject('/api/v1/notify/missing')).json().error.code).toBe('NOT_FOUND');
    expect((await env.app.inject('/api/v1/notify/transient')).statusCode).toBe(503);
    const bug = await env.app.inject('/api/v1/notify/bug');
    expect(bug.statusCode).toBe(500);
    expect(bug.json().error.code).toBe('INTERNAL');
    expect(bug.body).not.toContain('secret internals');
    const invalid = await env.app.inject({ method: 'POST', url: '/api/v1/notify/typed', payload: { n: 'x' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('VALIDATION_FAILED');
    expect((await env.app.inject('/api/v1/nothing-here')).json().error.code).toBe('NOT_FOUND');
  });

  it('resolves principals from access tokens and refuses expired or tampered ones', async () => {
    expect((await env.app.inject('/api/v1/notify/whoami')).statusCode).toBe(401);
    const token = await env.tokenFor({ userId: 'u1', tier: 'premium' });
    const ok = await env.app.inject({ url: '/api/v1/notify/whoami', headers: { authorization: `Bearer ${token}` } });
    expect(ok.json()).toMatchObject({ userId: 'u1', tier: 'premium', via: 'session' });
    const tampered = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    const bad = await env.app.inject({ url: '/api/v1/notify/whoami', headers: { authorization: `Bearer ${tampered}` } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('TOKEN_INVALID');
    const expired = await env.tokenFor({ userId: 'u1', ttlSeconds: -10 });
    const old = await env.app.inject({ url: '/api/v1/notify/whoami', headers: { authorization: `Bearer ${expired}` } });
    expect(old.json().error.code).toBe('TOKEN_EXPIRED');
    const unknownKey = await env.app.inject({ url: '/api/v1/notify/whoami', headers: { 'x-api-key': 'sk_nope' } });
    expect(unknownKey.statusCode).toBe(401);
  });

  it('publishes Prometheus metrics with HTTP latency and OpenAPI docs', async () => {
    await env.app.inject('/healthz');
    const metrics = await env.app.inject('/metrics');
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    const spec = await env.app.inject('/docs/json');
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json().paths)).toContain('/api/v1/notify/whoami');
  });
});
