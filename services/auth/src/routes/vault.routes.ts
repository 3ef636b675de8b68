import type { FastifyInstance } from 'fastify';
import type { AuthContext } from '../context.ts';
import { deleteCredential, listCredentials, storeCredential, type ExchangeCredential } from '../domain/vault.ts';
import { meta, principal, requireSession, uuidParam } from './shared.ts';

const secret = { type: 'string', minLength: 1, maxLength: 512 } as const;

export async function vaultRoutes(app: FastifyInstance, ctx: AuthContext): Promise<void> {
  app.post<{ Body: ExchangeCredential & { label: string } }>('/exchange-credentials', {
    preHandler: requireSession(app),
    schema: {
      body: {
        type: 'object', required: ['exchange', 'label', 'apiKey', 'apiSecret'], additionalProperties: false,
        properties: { exchange: { type: 'string', pattern: '^[a-z0-9]{2,32}$' }, label: { type: 'string', minLength: 1, maxLength: 100 }, apiKey: secret, apiSecret: secret, passphrase: secret },
      },
    },
  }, async (request, reply) => {
    return reply.status(201).send(await storeCredential(ctx, principal(request).userId, request.body, meta(request)));
  });

  app.get('/exchange-credentials', { preHandler: requireSession(app) }, async (request) => ({ credentials: await listCredentials(ctx, principal(request).userId) }));

  app.delete<{ Params: { id: string } }>('/exchange-credentials/:id', { preHandler: requireSession(app), schema: { params: uuidParam } }, async (request, reply) => {
    await deleteCredential(ctx, principal(request).userId, request.params.id, meta(request));
    return reply.status(204).send();
  });
}
