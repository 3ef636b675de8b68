import type { FastifyInstance } from 'fastify';
import type { StrategiesService } from '../domain/strategies.service.ts';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const versionParams = {
  type: 'object',
  required: ['id', 'version'],
  properties: { id: { type: 'string', maxLength: 64 }, version: { type: 'integer', minimum: 1 } },
} as const;
const source = { type: 'string', minLength: 1, maxLength: 262_144 } as const;

/** Strategy CRUD, versions and compile-and-check. Routes are thin: a schema and one service call. */
export async function strategiesRoutes(app: FastifyInstance, svc: StrategiesService): Promise<void> {
  const who = (req: { principal: { userId: string } | null }) => ({ userId: req.principal!.userId });
  const read = { preHandler: app.requireAuth('read') };
  const write = { preHandler: app.requireAuth('backtest') };

  app.post('/strategies/check', {
    ...read,
    schema: { tags: ['strategies'], summary: 'Compile and type-check source; diagnostics carry line and column', body: { type: 'object', required: ['source'], additionalProperties: false, properties: { source } } },
  }, async (req) => {
    const { source: text } = req.body as { source: string };
    return svc.check(text);
  });

  app.post('/strategies', {
    ...write,
    schema: {
      tags: ['strategies'],
      summary: 'Create a strategy with its first version',
      body: {
        type: 'object', required: ['name', 'source'], additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 120 }, description: { type: 'string', maxLength: 4000 }, source, note: { type: 'string', maxLength: 2000 } },
      },
    },
  }, async (req, reply) => {
    const created = await svc.create(who(req), req.body as { name: string; source: string; description?: string; note?: string });
    return reply.status(201).send(created);
  });

  app.get('/strategies', {
    ...read,
    schema: { tags: ['strategies'], querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, before: { type: 'string', format: 'date-time' } } } },
  }, async (req) => {
    const q = req.query as { limit?: number; before?: string };
    return { items: await svc.list(who(req), q.limit ?? 50, q.before) };
  });

  app.get('/strategies/:id', { ...read, schema: { tags: ['strategies'], params: idParams } }, async (req) => svc.get(who(req), (req.params as { id: string }).id));

  app.patch('/strategies/:id', {
    ...write,
    schema: {
      tags: ['strategies'],
      summary: 'Rename, and/or save new source (a new immutable version)',
      params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { name: { type: 'string', minLength: 1, maxLength: 120 }, description: { type: 'string', maxLength: 4000 }, source, note: { type: 'string', maxLength: 2000 } } },
    },
  }, async (req) => svc.update(who(req), (req.params as { id: string }).id, req.body as { source?: string; note?: string; name?: string }));

  app.delete('/strategies/:id', { ...write, schema: { tags: ['strategies'], params: idParams } }, async (req, reply) => {
    await svc.remove(who(req), (req.params as { id: string }).id);
    return reply.status(204).send();
  });

  app.get('/strategies/:id/versions', { ...read, schema: { tags: ['strategies'], params: idParams } }, async (req) => {
    const { versions } = await svc.get(who(req), (req.params as { id: string }).id);
    return { items: versions };
  });

  app.get('/strategies/:id/versions/:version', { ...read, schema: { tags: ['strategies'], summary: 'One version with its source (owner only)', params: versionParams } }, async (req) => {
    const p = req.params as { id: string; version: number };
    return svc.getVersionWithSource(who(req), p.id, p.version);
  });

  app.post('/strategies/:id/versions/:version/check', { ...read, schema: { tags: ['strategies'], summary: 'Compile and check a stored version', params: versionParams } }, async (req) => {
    const p = req.params as { id: string; version: number };
    const { source: text } = await svc.getVersionWithSource(who(req), p.id, p.version);
    return svc.check(text);
  });
}
