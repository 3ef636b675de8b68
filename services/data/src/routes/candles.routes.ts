import type { FastifyInstance } from 'fastify';
import { ValidationError } from '@strata/platform';
import type { DataContext } from '../context.ts';
import { listCatalog } from '../adapters/catalog-repository.ts';
import { loadCandles, resolveSeries } from '../adapters/candle-query.ts';
import { COLUMNAR_CONTENT_TYPE, encodeColumns } from '../domain/columnar.ts';
import { columnsToCandles } from '../domain/candle.ts';
import { qualityReport } from '../domain/quality.ts';
import { timeframeMs } from '../domain/timeframes.ts';
import { rangeQuery, symbolSchema, venueSchema, type RangeQuery } from './schemas.ts';

const MAX_JSON_BARS = 100_000;
const MAX_COLUMNAR_BARS = 5_000_000;

function checkRange(q: RangeQuery, max: number): void {
  if (q.to <= q.from) throw new ValidationError(`"to" (${q.to}) must be after "from" (${q.from})`);
  const bars = (q.to - q.from) / timeframeMs(q.timeframe);
  if (bars > max) throw new ValidationError(`the range spans ${Math.ceil(bars)} bars; at most ${max} per request in this format`);
}

export async function candleRoutes(app: FastifyInstance, ctx: DataContext): Promise<void> {
  app.get<{ Querystring: { venue?: string; symbol?: string } }>('/catalog', {
    preHandler: app.requireAuth('read'),
    schema: { querystring: { type: 'object', properties: { venue: venueSchema, symbol: symbolSchema } } },
  }, async (request) => ({ series: await listCatalog(ctx.db, request.query) }));

  // JSON: { bars: [[ts, o, h, l, c, v], ...] }. Columnar (format=columnar or Accept: application/octet-stream):
  // the STRB buffer documented in domain/columnar.ts and docs/data.md.
  app.get<{ Querystring: RangeQuery }>('/candles', {
    preHandler: app.requireAuth('read'),
    schema: { querystring: rangeQuery },
  }, async (request, reply) => {
    const q = request.query;
    const columnar = q.format === 'columnar' || request.headers.accept === COLUMNAR_CONTENT_TYPE;
    checkRange(q, columnar ? MAX_COLUMNAR_BARS : MAX_JSON_BARS);
    const { series, aggregated } = await resolveSeries(ctx.db, q);
    const cols = await loadCandles(ctx.db, q);
    reply.header('x-strata-source-timeframe', series.timeframe);
    if (columnar) return reply.type(COLUMNAR_CONTENT_TYPE).send(encodeColumns(cols));
    return {
      venue: q.venue, symbol: q.symbol, timeframe: q.timeframe, aggregated, from: q.from, to: q.to,
      bars: columnsToCandles(cols).map((c) => [c.ts, c.open, c.high, c.low, c.close, c.volume]),
    };
  });

  app.get<{ Querystring: RangeQuery & { outlierThreshold?: number } }>('/quality', {
    preHandler: app.requireAuth('read'),
    schema: {
      querystring: { ...rangeQuery, properties: { ...rangeQuery.properties, outlierThreshold: { type: 'number', minimum: 1, maximum: 1000 } } },
    },
  }, async (request) => {
    const q = request.query;
    checkRange(q, MAX_COLUMNAR_BARS);
    const bars = columnsToCandles(await loadCandles(ctx.db, q));
    return { venue: q.venue, symbol: q.symbol, timeframe: q.timeframe, report: qualityReport(bars, q.timeframe, q.outlierThreshold) };
  });
}
