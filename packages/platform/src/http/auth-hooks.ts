import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import { credentialOf, type Principal, type PrincipalResolver, type Scope } from '../auth/principal.ts';
import { verifyAccessToken } from '../auth/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** preHandler: 401 when anonymous, 403 when the credential lacks `scope`. */
    requireAuth(scope?: Scope): preHandlerAsyncHookHandler;
    /** preHandler: 403 unless the caller is an admin. */
    requireAdmin(): preHandlerAsyncHookHandler;
  }
}

/**
 * Resolves `request.principal` once per request: a JWT access token first, then the resolvers that
 * services register (API keys). A bad credential is a 401 even on routes that allow anonymous access,
 * so a client never silently runs as nobody.
 */
export function installAuthHooks(app: FastifyInstance, config: { JWT_SECRET: string }, resolvers: PrincipalResolver[]): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const cred = credentialOf(request);
    if (!cred) return;
    if (cred.kind === 'bearer' && cred.value.split('.').length === 3) {
      request.principal = await verifyAccessToken(config, cred.value);
      return;
    }
    for (const resolve of resolvers) {
      const principal = await resolve(request);
      if (principal) {
        request.principal = principal;
        return;
      }
    }
    throw new UnauthorizedError('CREDENTIAL_INVALID', 'The credential sent is not valid.');
  });

  app.decorate('requireAuth', (scope?: Scope): preHandlerAsyncHookHandler => {
    return async (request) => {
      const p = request.principal;
      if (!p) throw new UnauthorizedError();
      if (scope && !p.scopes.includes(scope)) {
        throw new ForbiddenError('SCOPE_MISSING', `This credential lacks the "${scope}" scope.`);
      }
    };
  });
  app.decorate('requireAdmin', (): preHandlerAsyncHookHandler => {
    return async (request) => {
      if (!request.principal) throw new UnauthorizedError();
      if (request.principal.role !== 'admin') throw new ForbiddenError('ADMIN_ONLY', 'Only administrators may do this.');
    };
  });
}
