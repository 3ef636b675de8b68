import type { FastifyInstance } from 'fastify';
import { NotFoundError, TIERS, type Tier } from '@strata/platform';
import type { AuthContext } from '../context.ts';
import { listAudit } from '../domain/audit.ts';
import { changeTier, findUserById } from '../domain/accounts.ts';
import { publicUser } from './account.routes.ts';
import { meta, principal, requireAdminSession, requireSession, uuidParam } from './shared.ts';

const page = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, before: { type: 'string', pattern: '^[0-9]{1,18}$' }, type: { type: 'string', maxLength: 40 } },
} as const;

export async function auditAdminRoutes(app: FastifyInstance, ctx: AuthContext): Promise<void> {
  app.get<{ Querystring: { limit: number; before?: string; type?: string } }>('/audit', { preHandler: requireSession(app), schema: { querystring: page } }, async (request) => {
    return { events: await listAudit(ctx.db, { ...request.query, userId: principal(request).userId }) };
  });

  app.get<{ Querystring: { limit: number; before?: string; type?: string; userId?: string } }>('/admin/audit', {
    preHandler: requireAdminSession(app),
    schema: { querystring: { ...page, properties: { ...page.properties, userId: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' } } } },
  }, async (request) => ({ events: await listAudit(ctx.db, request.query) }));

  app.get<{ Params: { id: string } }>('/admin/users/:id', { preHandler: requireAdminSession(app), schema: { params: uuidParam } }, async (request) => {
    const user = await findUserById(ctx, request.params.id);
    if (!user) throw new NotFoundError('User');
    return publicUser(user);
  });

  app.put<{ Params: { id: string }; Body: { tier: Tier } }>('/admin/users/:id/tier', {
    preHandler: requireAdminSession(app),
    schema: { params: uuidParam, body: { type: 'object', required: ['tier'], properties: { tier: { type: 'string', enum: [...TIERS] } } } },
  }, async (request) => publicUser(await changeTier(ctx, principal(request).userId, request.params.id, request.body.tier, meta(request))));
}
