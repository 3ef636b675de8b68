import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ForbiddenError, UnauthorizedError, type Principal } from '@strata/platform';
import type { RequestMeta } from '../context.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../domain/password.ts';

export function meta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua : undefined };
}

export function principal(request: FastifyRequest): Principal {
  const p = request.principal;
  if (!p) throw new UnauthorizedError();
  return p;
}

/** Account-management routes refuse API keys: a leaked key must not be able to mint keys or read secrets' metadata. */
export function requireSession(app: FastifyInstance): preHandlerAsyncHookHandler[] {
  return [
    app.requireAuth(),
    async (request) => {
      if (request.principal?.via !== 'session') throw new ForbiddenError('SESSION_REQUIRED', 'This action needs a signed-in session, not an API key.');
    },
  ];
}

export function requireAdminSession(app: FastifyInstance): preHandlerAsyncHookHandler[] {
  return [...requireSession(app), app.requireAdmin()];
}

export const uuidParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-fA-F-]{36}$' } } } as const;
export const email = { type: 'string', format: 'email', maxLength: 254 } as const;
export const password = { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH } as const;
export const opaqueToken = { type: 'string', minLength: 20, maxLength: 200 } as const;
