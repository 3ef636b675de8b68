import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ServiceDeps, ServiceModule } from '../service.ts';
import { installErrorHandler } from './error-handler.ts';
import { installMetrics } from './metrics.ts';
import { installHealth } from './health.ts';
import { installAuthHooks } from './auth-hooks.ts';
import { installRateLimit } from './rate-limit.ts';

export interface GatewayOptions {
  /** Serve the built web app from this folder at `/` (SPA fallback to index.html). */
  webDist?: string;
  /** Trust X-Forwarded-* from a proxy in front. */
  trustProxy?: boolean;
}

/**
 * One fastify app composing every service plugin under `/api/v1/<service>`, with health, readiness,
 * Prometheus metrics, OpenAPI at `/docs`, request ids and the shared error mapping. The same function
 * builds a single-service process by passing one module.
 */
export async function buildGateway(deps: ServiceDeps, modules: ServiceModule[], opts: GatewayOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    trustProxy: opts.trustProxy ?? deps.config.TRUST_PROXY,
    bodyLimit: 8 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
  });

  installErrorHandler(app);
  installMetrics(app);
  installHealth(app, deps);
  for (const m of modules) await m.init?.(deps);
  installAuthHooks(app, deps.config, deps.principalResolvers);
  await installRateLimit(app, deps);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Strata API', version: '1.0.0', description: 'Strategies, backtests, market data, accounts and live trading.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(websocket);

  for (const m of modules) {
    await app.register(m.plugin, { ...deps, prefix: `/api/v1/${m.name}` });
  }

  const webDist = opts.webDist ? resolve(opts.webDist) : undefined;
  if (webDist && existsSync(resolve(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false });
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${request.url}.` } });
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}
