import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import type { ServiceDeps, ServiceModule } from '@strata/platform';

const routes: FastifyPluginAsync<ServiceDeps> = async (app, deps) => {
  app.get('/deployments', { preHandler: app.requireAuth('read') }, async (req) => {
    const { rows } = await deps.db.query(
      `SELECT id, strategy_id AS "strategyId", version_id AS "versionId", mode, status, params, created_at AS "createdAt"
       FROM trading.deployments WHERE user_id = $1 ORDER BY created_at DESC LIMIT 200`,
      [req.principal!.userId],
    );
    return { items: rows };
  });
};

/** services/trading: paper and live deployments (the live runner is not built yet; see README). */
export const tradingModule: ServiceModule = {
  name: 'trading',
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  plugin: routes,
};

export default tradingModule;
