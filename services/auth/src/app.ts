import type { FastifyPluginAsync } from 'fastify';
import type { ServiceDeps } from '@strata/platform';
import type { AuthContext } from './context.ts';
import { LoginGuard } from './domain/login-guard.ts';
import { accountRoutes } from './routes/account.routes.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { apiKeyRoutes } from './routes/api-key.routes.ts';
import { vaultRoutes } from './routes/vault.routes.ts';
import { auditAdminRoutes } from './routes/audit-admin.routes.ts';
import { oauthRoutes } from './routes/oauth.routes.ts';

/** The auth service's routes, mounted by the gateway under /api/v1/auth. `context` is built by the module's init. */
export function authPlugin(context: () => AuthContext): FastifyPluginAsync<ServiceDeps & { prefix?: string }> {
  return async (app, opts) => {
    const ctx = context();
    const guard = new LoginGuard(ctx.redis, {
      prefix: ctx.prefix,
      maxFailuresPerAccount: ctx.config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: ctx.config.LOGIN_MAX_FAILURES_PER_IP,
      lockoutSeconds: ctx.config.LOGIN_LOCKOUT_SECONDS,
      slowdownMs: ctx.config.LOGIN_SLOWDOWN_MS,
    });
    await accountRoutes(app, ctx, guard);
    await sessionRoutes(app, ctx);
    await apiKeyRoutes(app, ctx);
    await vaultRoutes(app, ctx);
    await auditAdminRoutes(app, ctx);
    await oauthRoutes(app, ctx, opts.prefix ?? '/api/v1/auth');
  };
}
