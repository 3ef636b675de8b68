import type { FastifyInstance } from 'fastify';
import type { DataContext } from '../context.ts';
import { importCsv } from '../app/csv-import.ts';
import { parseCandlesCsv } from '../domain/csv-candles.ts';
import { qualityReport } from '../domain/quality.ts';
import { seriesQuery, timeframeSchema } from './schemas.ts';

const CSV_LIMIT = 64 * 1024 * 1024;

export async function importRoutes(app: FastifyInstance, ctx: DataContext): Promise<void> {
  // Raw CSV bodies (no multipart dependency): Content-Type text/csv, the series in the query string.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: CSV_LIMIT }, (_req, body, done) => done(null, body));

  app.post<{ Querystring: { venue: string; symbol: string; timeframe: string; filename?: string; tickSize?: number; lotSize?: number; minNotional?: number }; Body: string }>(
    '/imports',
    {
      preHandler: [app.requireAuth(), app.requireAdmin()],
      bodyLimit: CSV_LIMIT,
      schema: {
        querystring: {
          ...seriesQuery,
          properties: {
            ...seriesQuery.properties,
            filename: { type: 'string', maxLength: 200 },
            tickSize: { type: 'number', exclusiveMinimum: 0 },
            lotSize: { type: 'number', exclusiveMinimum: 0 },
            minNotional: { type: 'number', minimum: 0 },
          },
        },
      },
    },
    async (request, reply) => {
      const result = await importCsv(ctx.db, {
        ...request.query,
        text: typeof request.body === 'string' ? request.body : '',
        createdBy: request.principal?.userId,
      });
      return reply.status(201).send(result);
    },
  );

  // Validates a CSV and reports its quality without storing anything.
  app.post<{ Querystring: { timeframe: string }; Body: string }>('/quality/csv', {
    preHandler: app.requireAuth('read'),
    bodyLimit: CSV_LIMIT,
    schema: { querystring: { type: 'object', required: ['timeframe'], properties: { timeframe: timeframeSchema } } },
  }, async (request) => {
    const parsed = parseCandlesCsv(typeof request.body === 'string' ? request.body : '', request.query.timeframe);
    return {
      lines: parsed.lines.length + (parsed.hasHeader ? 1 : 0),
      hasHeader: parsed.hasHeader,
      errorCount: parsed.errors.length,
      errors: parsed.errors.slice(0, 200),
      report: qualityReport(parsed.candles, request.query.timeframe),
    };
  });
}
