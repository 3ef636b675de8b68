import type { FastifyInstance } from 'fastify';
import { verifyAccessToken, type Principal } from '@strata/platform';
import type { DataContext } from '../context.ts';
import { barsTopic } from '../domain/candle.ts';
import { streamKey } from '../adapters/bar-stream.ts';
import { TopicFanout } from '../live/topic-fanout.ts';
import { seriesQuery } from './schemas.ts';

/**
 * WebSocket for the web app: `GET /stream?venue=&symbol=&timeframe=[&runId=]` upgrades and pushes
 * `{"type":"bar","topic":...,"bar":{ts,open,high,low,close,volume}}` for every closed bar published
 * after connecting (live topic, or the replay topic of `runId`). Browsers cannot set headers on a
 * WebSocket, so the access token may also come as `?token=`.
 */
export async function streamRoutes(app: FastifyInstance, ctx: DataContext): Promise<void> {
  const fanout = new TopicFanout(ctx.redis);
  app.addHook('onClose', async () => fanout.close());

  app.get<{ Querystring: { venue: string; symbol: string; timeframe: string; runId?: string; token?: string } }>('/stream', {
    websocket: true,
    preValidation: async (request) => {
      if (!request.principal && request.query.token) {
        request.principal = (await verifyAccessToken(ctx.platform, request.query.token)) as Principal;
      }
    },
    preHandler: app.requireAuth('read'),
    schema: {
      querystring: {
        ...seriesQuery,
        properties: { ...seriesQuery.properties, runId: { type: 'string', pattern: '^[\\w-]{1,64}$' }, token: { type: 'string', maxLength: 4096 } },
      },
    },
  }, (socket, request) => {
    const q = request.query;
    const topic = barsTopic(q, q.runId ? `replay.${q.runId}` : 'data');
    const unsubscribe = fanout.subscribe(streamKey(ctx.keyPrefix, topic), (bar) => {
      if (socket.readyState === 1) socket.send(JSON.stringify({ type: 'bar', topic, bar }));
    });
    socket.send(JSON.stringify({ type: 'subscribed', topic }));
    socket.on('close', unsubscribe);
  });
}
