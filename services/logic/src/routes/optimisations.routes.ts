import type { FastifyInstance } from 'fastify';
import type { Principal } from '@strata/platform';
import type { RunSignals } from '../adapters/run-signals.ts';
import type { OptimisationsService, SubmitOptimisation } from '../domain/optimise/optimisations.service.ts';
import { marketSchemaProperties } from '../domain/run-request.ts';
import { streamRunEvents } from './sse.ts';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

const validation = {
  oneOf: [
    { type: 'object', required: ['kind'], additionalProperties: false, properties: { kind: { const: 'none' } } },
    { type: 'object', required: ['kind', 'trainFraction'], additionalProperties: false, properties: { kind: { const: 'split' }, trainFraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 } } },
    {
      type: 'object', required: ['kind', 'folds', 'inSampleFraction'], additionalProperties: false,
      properties: { kind: { const: 'walkForward' }, folds: { type: 'integer', minimum: 1, maximum: 50 }, inSampleFraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 } },
    },
  ],
} as const;

export async function optimisationsRoutes(app: FastifyInstance, svc: OptimisationsService, signals: RunSignals): Promise<void> {
  const p = (req: { principal: Principal | null }) => req.principal!;
  const read = { preHandler: app.requireAuth('read') };
  const run = { preHandler: app.requireAuth('backtest') };

  app.post('/optimisations', {
    ...run,
    schema: {
      tags: ['optimisations'],
      summary: 'Queue a parameter optimisation (grid, random or genetic) with optional train/test or walk-forward validation',
      body: {
        type: 'object',
        required: ['strategyId', 'version', 'method', 'venue', 'symbol', 'timeframe', 'from', 'to'],
        additionalProperties: false,
        properties: {
          strategyId: { type: 'string', maxLength: 64 },
          version: { type: 'integer', minimum: 1 },
          method: { type: 'string', enum: ['grid', 'random', 'genetic'] },
          space: { type: 'object' },
          trials: { type: 'integer', minimum: 1, maximum: 100_000 },
          populationSize: { type: 'integer', minimum: 2, maximum: 1000 },
          generations: { type: 'integer', minimum: 1, maximum: 1000 },
          objective: { type: 'string', minLength: 1, maxLength: 500 },
          validation,
          keepTop: { type: 'integer', minimum: 1, maximum: 500 },
          ...marketSchemaProperties,
        },
      },
    },
  }, async (req, reply) => reply.status(202).send(await svc.submit(p(req), req.body as SubmitOptimisation, String(req.id))));

  app.get('/optimisations', { ...read, schema: { tags: ['optimisations'] } }, async (req) => ({ items: await svc.list(p(req)) }));

  app.get('/optimisations/:id', { ...read, schema: { tags: ['optimisations'], summary: 'Status, trial counts and (when completed) ranked results', params: idParams } },
    async (req) => svc.get(p(req), (req.params as { id: string }).id));

  app.post('/optimisations/:id/cancel', { ...run, schema: { tags: ['optimisations'], params: idParams } },
    async (req) => svc.cancel(p(req), (req.params as { id: string }).id));

  app.get('/optimisations/:id/events', { ...read, schema: { tags: ['optimisations'], params: idParams } }, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    await svc.status(p(req), id);
    await streamRunEvents(req, reply, signals, 'optimisation', id, async () => {
      const o = await svc.status(p(req), id);
      return { type: 'state', id, status: o.status, error: o.error ?? undefined };
    });
  });
}
