import type { FastifyInstance } from 'fastify';
import type { Scope } from '@strata/platform';
import type { AuthContext } from '../context.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../domain/api-keys.ts';
import { API_KEY_SCOPES } from '../domain/api-key-format.ts';
import { meta, principal, requireSession } from './shared.ts';

export async function apiKeyRoutes(app: FastifyInstance, ctx: AuthContext): Promise<void> {
  app.post<{ Body: { name: string; scopes: Scope[] } }>('/api-keys', {
    preHandler: requireSession(app),
    schema: {
      body: {
        type: 'object', required: ['name', 'scopes'], additionalProperties: false,
        properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, scopes: { type: 'array', minItems: 1, maxItems: 4, items: { type: 'string', enum: [...API_KEY_SCOPES] } } },
      },
    },
  }, async (request, reply) => {
    const key = await createApiKey(ctx, principal(request).userId, request.body.name, request.body.scopes, meta(request));
    return reply.status(201).send(key);
  });

  app.get('/api-keys', { preHandler: requireSession(app) }, async (request) => ({ apiKeys: await listApiKeys(ctx, principal(request).userId) }));

  app.delete<{ Params: { id: string } }>('/api-keys/:id', {
    preHandler: requireSession(app),
    schema: { params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[a-z0-9]{12}$' } } } },
  }, async (request, reply) => {
    await revokeApiKey(ctx, principal(request).userId, request.params.id, meta(request));
    return reply.status(204).send();
  });
}
