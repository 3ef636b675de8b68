import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ValidationError, withTransaction } from '@strata/platform';
import type { SeriesKey } from '../domain/candle.ts';
import { parseCandlesCsv, type CsvLineError } from '../domain/csv-candles.ts';
import { isTimeframe } from '../domain/timeframes.ts';
import { ensureSeries } from '../adapters/catalog-repository.ts';
import { ingestInTransaction } from '../adapters/candle-ingest.ts';

export interface CsvImportRequest extends SeriesKey {
  text: string;
  filename?: string;
  createdBy?: string;
  tickSize?: number;
  lotSize?: number;
  minNotional?: number;
}

export interface CsvImportResult {
  importId: string;
  seriesId: number;
  rows: number;
  /** Bars new to the store; rows already stored for the same open time are kept as they were. */
  inserted: number;
  skippedExisting: number;
}

const MAX_REPORTED = 200;

/**
 * Whole-file policy: every line is validated first; if ANY line is bad the import is rejected with a
 * ValidationError listing the bad lines (line number, code, reason; the first 200) and nothing is
 * written. A clean file is ingested in one transaction, so a failure midway leaves nothing behind either.
 * Used by the upload route and the CLI.
 */
export async function importCsv(pool: Pool, req: CsvImportRequest): Promise<CsvImportResult> {
  if (!isTimeframe(req.timeframe)) throw new ValidationError(`timeframe "${req.timeframe}" is not supported`);
  const parsed = parseCandlesCsv(req.text, req.timeframe);
  if (parsed.errors.length > 0) {
    const shown: CsvLineError[] = parsed.errors.slice(0, MAX_REPORTED);
    throw new ValidationError(`The CSV has ${parsed.errors.length} bad line(s); nothing was imported. First: line ${shown[0]!.line}: ${shown[0]!.message}`, {
      errorCount: parsed.errors.length,
      errors: shown,
    });
  }
  if (parsed.candles.length === 0) throw new ValidationError('The CSV holds a header but no rows; nothing was imported.');
  return withTransaction(pool, async (client) => {
    const seriesId = await ensureSeries(client, req, 'csv', { tickSize: req.tickSize, lotSize: req.lotSize, minNotional: req.minNotional });
    const inserted = await ingestInTransaction(client, seriesId, parsed.candles);
    const importId = randomUUID();
    await client.query('INSERT INTO data.imports (id, series_id, filename, rows, inserted, created_by) VALUES ($1, $2, $3, $4, $5, $6)', [
      importId, seriesId, req.filename ?? null, parsed.candles.length, inserted, req.createdBy ?? null,
    ]);
    return { importId, seriesId, rows: parsed.candles.length, inserted, skippedExisting: parsed.candles.length - inserted };
  });
}
