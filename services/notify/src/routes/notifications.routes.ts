import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError, ValidationError, type ServiceDeps } from '@strata/platform';
import { NotificationsRepository } from '../domain/notifications.repository.ts';
import { WebhooksRepository } from '../domain/webhooks.ts';
import { userChannel } from '../domain/dispatcher.ts';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-fA-F-]{1,64}$' } } } as const;

function checkWebhookUrl(raw: string, production: boolean): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError(`Webhook URL is not a valid URL: received "${raw}".`);
  }
  if (url.protocol !== 'https:' && (production || url.protocol !== 'http:')) {
    throw new ValidationError(`Webhook URL must use https, received "${url.protocol}".`);
  }
  // In production, refuse loopback and private hosts so a webhook cannot probe our own network.
  if (production && /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[?::1\]?|0\.)/.test(url.hostname)) {
    throw new ValidationError('Webhook URL must point at a public host.');
  }
}

export const notificationRoutes: FastifyPluginAsync<ServiceDeps> = async (app, deps) => {
  const inbox = new NotificationsRepository(deps.db);
  const hooks = new WebhooksRepository(deps.db);
  const auth = { preHandler: app.requireAuth('read') };

  app.get('/notifications', {
    ...auth,
    schema: { querystring: { type: 'object', properties: { unread: { type: 'boolean', default: false }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, before: { type: 'string', pattern: '^[0-9]+$' } } } },
  }, async (req) => {
    const q = req.query as { unread: boolean; limit: number; before?: string };
    const userId = req.principal!.userId;
    return { items: await inbox.list(userId, { unreadOnly: q.unread, limit: q.limit, beforeId: q.before }), unread: await inbox.unreadCount(userId) };
  });

  app.post('/notifications/:id/read', { ...auth, schema: { params: idParam } }, async (req) => {
    const { id } = req.params as { id: string };
    if (!/^[0-9]+$/.test(id) || !(await inbox.markRead(req.principal!.userId, id))) throw new NotFoundError('Notification');
    return { ok: true };
  });

  app.post('/notifications/read-all', auth, async (req) => ({ marked: await inbox.markAllRead(req.principal!.userId) }));

  // Live inbox: each new notification for the caller arrives as one JSON message.
  app.get('/notifications/stream', { ...auth, websocket: true }, (socket, req) => {
    const sub = deps.redis.duplicate();
    const channel = userChannel(deps.keyPrefix, req.principal!.userId);
    sub.subscribe(channel).catch(() => socket.close(1011, 'subscription failed'));
    sub.on('message', (_ch: string, payload: string) => socket.send(payload));
    socket.on('close', () => sub.disconnect());
  });

  app.get('/webhooks', auth, async (req) => ({ items: await hooks.list(req.principal!.userId) }));
  app.post('/webhooks', {
    ...auth,
    schema: { body: { type: 'object', required: ['url'], additionalProperties: false, properties: { url: { type: 'string', maxLength: 2048 }, kinds: { type: 'array', maxItems: 32, items: { type: 'string', maxLength: 64 } } } } },
  }, async (req, reply) => {
    const body = req.body as { url: string; kinds?: string[] };
    checkWebhookUrl(body.url, deps.config.NODE_ENV === 'production');
    reply.status(201);
    return hooks.create(req.principal!.userId, body.url, body.kinds ?? []);
  });
  app.delete('/webhooks/:id', { ...auth, schema: { params: idParam } }, async (req, reply) => {
    if (!(await hooks.remove(req.principal!.userId, (req.params as { id: string }).id))) throw new NotFoundError('Webhook');
    return reply.status(204).send();
  });
};
