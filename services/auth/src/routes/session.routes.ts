import type { FastifyInstance } from 'fastify';
import type { AuthContext } from '../context.ts';
import { listSessions, logout, refreshSession, revokeSession } from '../domain/sessions.ts';
import { meta, opaqueToken, principal, requireSession, uuidParam } from './shared.ts';

export async function sessionRoutes(app: FastifyInstance, ctx: AuthContext): Promise<void> {
  const body = { type: 'object', required: ['refreshToken'], properties: { refreshToken: opaqueToken } } as const;

  app.post<{ Body: { refreshToken: string } }>('/refresh', { schema: { body } }, async (request) => {
    return refreshSession(ctx, request.body.refreshToken, meta(request));
  });

  app.post<{ Body: { refreshToken: string } }>('/logout', { schema: { body } }, async (request, reply) => {
    await logout(ctx, request.body.refreshToken, meta(request));
    return reply.status(204).send();
  });

  app.get('/sessions', { preHandler: requireSession(app) }, async (request) => {
    const p = principal(request);
    return { sessions: await listSessions(ctx, p.userId, p.credentialId) };
  });

  app.delete<{ Params: { id: string } }>('/sessions/:id', { preHandler: requireSession(app), schema: { params: uuidParam } }, async (request, reply) => {
    await revokeSession(ctx, principal(request).userId, request.params.id, meta(request));
    return reply.status(204).send();
  });
}
