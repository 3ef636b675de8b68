import type { FastifyInstance } from 'fastify';
import type { Principal } from '@strata/platform';
import type { RunSignals } from '../adapters/run-signals.ts';
import type { BacktestsService, SubmitBacktest } from '../domain/backtests.service.ts';
import { marketSchemaProperties } from '../domain/run-request.ts';
import { streamRunEvents } from './sse.ts';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

export async function backtestsRoutes(app: FastifyInstance, svc: BacktestsService, signals: RunSignals): Promise<void> {
  const p = (req: { principal: Principal | null }) => req.principal!;
  const read = { preHandler: app.requireAuth('read') };
  const run = { preHandler: app.requireAuth('backtest') };

  app.post('/backtests', {
    ...run,
    schema: {
      tags: ['backtests'],
      summary: 'Queue a backtest of a strategy version',
      body: {
        type: 'object',
        required: ['strategyId', 'version', 'venue', 'symbol', 'timeframe', 'from', 'to'],
        additionalProperties: false,
        properties: { strategyId: { type: 'string', maxLength: 64 }, version: { type: 'integer', minimum: 1 }, params: { type: 'object' }, ...marketSchemaProperties },
      },
    },
  }, async (req, reply) => reply.status(202).send(await svc.submit(p(req), req.body as SubmitBacktest, String(req.id))));

  app.get('/backtests', {
    ...read,
    schema: {
      tags: ['backtests'],
      summary: "The caller's backtests, newest first, with headline metrics (totalReturn, sharpe, maxDrawdown, trades) once completed",
      querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, strategyId: { type: 'string', maxLength: 64 } } },
    },
  }, async (req) => {
    const q = req.query as { limit?: number; strategyId?: string };
    return { items: await svc.list(p(req), q.limit, q.strategyId) };
  });

  app.get('/backtests/:id', { ...read, schema: { tags: ['backtests'], summary: 'Status, progress and (when completed) the report', params: idParams } },
    async (req) => svc.get(p(req), (req.params as { id: string }).id));

  app.get('/backtests/:id/trades', {
    ...read,
    schema: { tags: ['backtests'], params: idParams, querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 5000 }, offset: { type: 'integer', minimum: 0 } } } },
  }, async (req) => {
    const q = req.query as { limit?: number; offset?: number };
    return svc.trades(p(req), (req.params as { id: string }).id, q.limit, q.offset);
  });

  app.get('/backtests/:id/series', { ...read, schema: { tags: ['backtests'], summary: "Full equity series (not downsampled) and the strategy's ctx.plot lines (downsampled, null = gap)", params: idParams } },
    async (req) => svc.series(p(req), (req.params as { id: string }).id));

  app.post('/backtests/:id/cancel', { ...run, schema: { tags: ['backtests'], params: idParams } },
    async (req) => svc.cancel(p(req), (req.params as { id: string }).id));

  app.get('/backtests/:id/events', { ...read, schema: { tags: ['backtests'], summary: 'Server-Sent Events: state and progress until the run ends', params: idParams } },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      await svc.status(p(req), id); // 404 before the stream opens
      await streamRunEvents(req, reply, signals, 'backtest', id, async () => {
        const cur = await svc.get(p(req), id);
        return { type: 'state', id, status: cur.status, error: cur.error ?? undefined, progress: cur.progress };
      });
    });
}
