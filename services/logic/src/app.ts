import type { FastifyPluginAsync } from 'fastify';
import type { ServiceDeps } from '@strata/platform';
import type { LogicContext } from './context.ts';
import { strategiesRoutes } from './routes/strategies.routes.ts';
import { backtestsRoutes } from './routes/backtests.routes.ts';
import { optimisationsRoutes } from './routes/optimisations.routes.ts';

/**
 * The logic service's fastify plugin, mounted by the gateway under /api/v1/logic:
 * /strategies, /backtests, /optimisations. Closing the app closes the shared context.
 */
export function logicPlugin(context: () => LogicContext): FastifyPluginAsync<ServiceDeps> {
  return async (app) => {
    const ctx = context();
    await strategiesRoutes(app, ctx.strategies);
    await backtestsRoutes(app, ctx.backtests, ctx.signals);
    await optimisationsRoutes(app, ctx.optimisations, ctx.signals);
    app.addHook('onClose', async () => ctx.close());
  };
}
