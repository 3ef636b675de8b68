import type { FastifyInstance } from 'fastify';
import { NotFoundError, ValidationError } from '@strata/platform';
import type { DataContext } from '../context.ts';
import { getBackfill, requestBackfill } from '../app/backfill-jobs.ts';
import { archiveOldPartitions } from '../app/retention.ts';
import { replayBars, replayTopic } from '../live/replay.ts';
import { streamKey } from '../adapters/bar-stream.ts';
import { rangeQuery, tsSchema, type RangeQuery } from './schemas.ts';

const { venue, symbol, timeframe, from, to } = rangeQuery.properties;
const backfillBody = {
  type: 'object', required: ['venue', 'symbol', 'timeframe', 'from', 'to'], additionalProperties: false,
  properties: { venue, symbol, timeframe, from, to },
} as const;

export async function jobRoutes(app: FastifyInstance, ctx: DataContext): Promise<void> {
  const replays = new Map<string, { controller: AbortController; done: number; total: number; state: string }>();
  app.addHook('onClose', async () => {
    for (const r of replays.values()) r.controller.abort();
  });

  app.post<{ Body: RangeQuery }>('/backfills', {
    preHandler: [app.requireAuth(), app.requireAdmin()],
    schema: { body: backfillBody },
  }, async (request, reply) => {
    const { venue, symbol, timeframe, from, to } = request.body;
    const view = await requestBackfill(ctx.db, ctx.backfills, { venue, symbol, timeframe, from, to, createdBy: request.principal?.userId });
    return reply.status(202).send(view);
  });

  app.get<{ Params: { id: string } }>('/backfills/:id', { preHandler: app.requireAuth('read') }, async (request) => {
    const view = await getBackfill(ctx.db, request.params.id);
    if (!view) throw new NotFoundError(`backfill ${request.params.id}`);
    return view;
  });

  // Replays run in this process: they are paced streams for demos and paper runs, not durable jobs.
  app.post<{ Body: RangeQuery & { runId: string; speed: number } }>('/replays', {
    preHandler: app.requireAuth('backtest'),
    schema: {
      body: {
        type: 'object', required: ['runId', 'venue', 'symbol', 'timeframe', 'from', 'to', 'speed'],
        properties: { ...rangeQuery.properties, runId: { type: 'string', pattern: '^[\\w-]{1,64}$' }, speed: { type: 'number', minimum: 0 } },
      },
    },
  }, async (request, reply) => {
    const b = request.body;
    if (replays.get(b.runId)?.state === 'running') throw new ValidationError(`replay ${b.runId} is already running`);
    const controller = new AbortController();
    const entry = { controller, done: 0, total: 0, state: 'running' };
    replays.set(b.runId, entry);
    const topic = replayTopic(b.runId, b);
    replayBars(ctx.db, ctx.redis, ctx.keyPrefix, {
      ...b, speed: b.speed === 0 ? Infinity : b.speed, signal: controller.signal,
      onBar: (i, n) => { entry.done = i; entry.total = n; },
    }).then(() => { entry.state = controller.signal.aborted ? 'stopped' : 'completed'; },
      (e) => { entry.state = 'failed'; ctx.log.warn({ err: e, runId: b.runId }, 'replay failed'); });
    return reply.status(202).send({ runId: b.runId, topic, streamKey: streamKey(ctx.keyPrefix, topic) });
  });

  app.get<{ Params: { runId: string } }>('/replays/:runId', { preHandler: app.requireAuth('read') }, async (request) => {
    const r = replays.get(request.params.runId);
    if (!r) throw new NotFoundError(`replay ${request.params.runId}`);
    return { runId: request.params.runId, state: r.state, published: r.done, total: r.total };
  });

  app.delete<{ Params: { runId: string } }>('/replays/:runId', { preHandler: app.requireAuth('backtest') }, async (request, reply) => {
    const r = replays.get(request.params.runId);
    if (!r) throw new NotFoundError(`replay ${request.params.runId}`);
    r.controller.abort();
    return reply.status(204).send();
  });

  app.post<{ Body: { before: number } }>('/retention', {
    preHandler: [app.requireAuth(), app.requireAdmin()],
    schema: { body: { type: 'object', required: ['before'], properties: { before: tsSchema } } },
  }, async (request) => ({ archived: await archiveOldPartitions(ctx.db, ctx.platform.DATA_DIR, request.body.before) }));
}
