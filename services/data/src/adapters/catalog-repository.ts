import type { Pool, PoolClient } from 'pg';
import type { SeriesKey } from '../domain/candle.ts';

export interface InstrumentSpec {
  venue: string;
  symbol: string;
  base?: string;
  quote?: string;
  tickSize?: number;
  lotSize?: number;
  minNotional?: number;
}

export interface SeriesRow {
  id: number;
  venue: string;
  symbol: string;
  timeframe: string;
  source: string;
  tickSize: number;
  lotSize: number;
  minNotional: number;
}

export interface CatalogEntry extends SeriesRow {
  bars: number;
  firstTs: number | null;
  lastTs: number | null;
}

type Q = Pool | PoolClient;

function splitSymbol(symbol: string): { base?: string; quote?: string } {
  const [base, quote] = symbol.split('/');
  return quote ? { base, quote } : {};
}

/** Creates or updates an instrument's exchange rules; returns its id. */
export async function upsertInstrument(db: Q, spec: InstrumentSpec): Promise<number> {
  const parts = splitSymbol(spec.symbol);
  const r = await db.query<{ id: number }>(
    `INSERT INTO data.instruments (venue, symbol, base, quote, tick_size, lot_size, min_notional)
     VALUES ($1, $2, $3, $4, coalesce($5, 0.01), coalesce($6, 0.00000001), coalesce($7, 0))
     ON CONFLICT (venue, symbol) DO UPDATE SET
       tick_size = coalesce($5, data.instruments.tick_size),
       lot_size = coalesce($6, data.instruments.lot_size),
       min_notional = coalesce($7, data.instruments.min_notional)
     RETURNING id`,
    [spec.venue, spec.symbol, spec.base ?? parts.base ?? null, spec.quote ?? parts.quote ?? null, spec.tickSize ?? null, spec.lotSize ?? null, spec.minNotional ?? null],
  );
  return r.rows[0]!.id;
}

/** The series id for venue/symbol/timeframe, creating the instrument and series when new. */
export async function ensureSeries(db: Q, key: SeriesKey, source = 'exchange', spec: Partial<InstrumentSpec> = {}): Promise<number> {
  const instrumentId = await upsertInstrument(db, { ...spec, venue: key.venue, symbol: key.symbol });
  const r = await db.query<{ id: number }>(
    `INSERT INTO data.series (instrument_id, timeframe, source) VALUES ($1, $2, $3)
     ON CONFLICT (instrument_id, timeframe) DO UPDATE SET timeframe = EXCLUDED.timeframe
     RETURNING id`,
    [instrumentId, key.timeframe, source],
  );
  return r.rows[0]!.id;
}

const SERIES_SELECT = `SELECT s.id, i.venue, i.symbol, s.timeframe, s.source,
  i.tick_size::float8 AS "tickSize", i.lot_size::float8 AS "lotSize", i.min_notional::float8 AS "minNotional"
  FROM data.series s JOIN data.instruments i ON i.id = s.instrument_id`;

export async function findSeries(db: Q, key: SeriesKey): Promise<SeriesRow | null> {
  const r = await db.query<SeriesRow>(`${SERIES_SELECT} WHERE i.venue = $1 AND i.symbol = $2 AND s.timeframe = $3`, [key.venue, key.symbol, key.timeframe]);
  return r.rows[0] ?? null;
}

export async function getSeries(db: Q, id: number): Promise<SeriesRow | null> {
  const r = await db.query<SeriesRow>(`${SERIES_SELECT} WHERE s.id = $1`, [id]);
  return r.rows[0] ?? null;
}

/** Every stored series of an instrument (to pick a source for aggregation). */
export async function seriesOfInstrument(db: Q, venue: string, symbol: string): Promise<SeriesRow[]> {
  const r = await db.query<SeriesRow>(`${SERIES_SELECT} WHERE i.venue = $1 AND i.symbol = $2`, [venue, symbol]);
  return r.rows;
}

/** The catalog: every series with its bar count and time span (min/max use the primary key). */
export async function listCatalog(db: Q, filter: { venue?: string; symbol?: string } = {}): Promise<CatalogEntry[]> {
  const r = await db.query<CatalogEntry & { firstTs: string | null; lastTs: string | null; bars: string }>(
    `SELECT x.*, st.bars, st.first_ts AS "firstTs", st.last_ts AS "lastTs" FROM (${SERIES_SELECT}
       WHERE ($1::text IS NULL OR i.venue = $1) AND ($2::text IS NULL OR i.symbol = $2)) x
     CROSS JOIN LATERAL (SELECT count(*) AS bars, min(ts) AS first_ts, max(ts) AS last_ts FROM data.candles c WHERE c.series_id = x.id) st
     ORDER BY x.venue, x.symbol, x.timeframe`,
    [filter.venue ?? null, filter.symbol ?? null],
  );
  return r.rows.map((row) => ({
    ...row,
    bars: Number(row.bars),
    firstTs: row.firstTs === null ? null : Number(row.firstTs),
    lastTs: row.lastTs === null ? null : Number(row.lastTs),
  }));
}
