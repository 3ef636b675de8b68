import type { FastifyPluginAsync } from 'fastify';
import type { ServiceDeps } from '@strata/platform';
import type { DataContext } from './context.ts';
import { candleRoutes } from './routes/candles.routes.ts';
import { importRoutes } from './routes/import.routes.ts';
import { jobRoutes } from './routes/jobs.routes.ts';
import { streamRoutes } from './routes/stream.routes.ts';

/** The data service's routes, mounted by the gateway under /api/v1/data. */
export function dataPlugin(context: () => DataContext): FastifyPluginAsync<ServiceDeps & { prefix?: string }> {
  return async (app) => {
    const ctx = context();
    app.addHook('onClose', async () => ctx.backfills.close());
    await candleRoutes(app, ctx);
    await importRoutes(app, ctx);
    await jobRoutes(app, ctx);
    await streamRoutes(app, ctx);
  };
}
