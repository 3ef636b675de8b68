import { parse } from 'csv-parse/sync';
import type { Candle } from './candle.ts';
import { validateSequence } from './validate.ts';

/** Why a CSV line was rejected; `line` is 1-based and counts the header. */
export interface CsvLineError {
  line: number;
  code: string;
  message: string;
}

export interface CsvParseResult {
  candles: Candle[];
  /** Source line of each candle, parallel to `candles`. */
  lines: number[];
  hasHeader: boolean;
  errors: CsvLineError[];
}

const TIME_NAMES = ['timestamp', 'time', 'ts', 'date', 'datetime', 'open_time', 'opentime', 'unix'];
const FIELD_NAMES: Record<'open' | 'high' | 'low' | 'close' | 'volume', string[]> = {
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c', 'adj_close_unused'],
  volume: ['volume', 'vol', 'v', 'base_volume'],
};

/**
 * Parses a timestamp in epoch milliseconds, epoch seconds, epoch microseconds or ISO 8601 (a date or a
 * date-time; without a zone designator it is read as UTC). Returns NaN when it is none of these.
 */
export function parseTimestamp(raw: string): number {
  const s = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    if (Math.abs(n) >= 1e14) return Math.round(n / 1000); // microseconds
    if (Math.abs(n) >= 1e11) return Math.round(n); // milliseconds (1e11 ms is 1973)
    return Math.round(n * 1000); // seconds
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s) && s.length > 10;
    const iso = s.length === 10 ? `${s}T00:00:00Z` : `${s.replace(' ', 'T')}${hasZone ? '' : 'Z'}`;
    return Date.parse(iso);
  }
  return Number.NaN;
}

function detectHeader(first: string[]): boolean {
  return first.length > 0 && Number.isNaN(parseTimestamp(first[0]!)) && /[a-z]/i.test(first[0]!);
}

function columnMap(header: string[] | null): number[] {
  if (!header) return [0, 1, 2, 3, 4, 5];
  const names = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const find = (cands: string[]) => names.findIndex((n) => cands.includes(n));
  return [find(TIME_NAMES), find(FIELD_NAMES.open), find(FIELD_NAMES.high), find(FIELD_NAMES.low), find(FIELD_NAMES.close), find(FIELD_NAMES.volume)];
}

/**
 * Parses OHLCV CSV text and validates every line: shape, numbers, timestamps, OHLC consistency,
 * positive prices, non-negative volume, duplicates, out-of-order and (given a timeframe) alignment.
 * Never throws for bad content: every problem is an entry in `errors` with its line number.
 */
export function parseCandlesCsv(text: string, timeframe?: string): CsvParseResult {
  const errors: CsvLineError[] = [];
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }) as never;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    return { candles: [], lines: [], hasHeader: false, errors: [{ line: err.lines ?? 0, code: 'CSV_SYNTAX', message: err.message }] };
  }
  if (rows.length === 0) return { candles: [], lines: [], hasHeader: false, errors: [{ line: 1, code: 'EMPTY_FILE', message: 'the file holds no rows' }] };
  const hasHeader = detectHeader(rows[0]!.record);
  const cols = columnMap(hasHeader ? rows[0]!.record : null);
  if (cols.some((c) => c < 0)) {
    const missing = ['time', 'open', 'high', 'low', 'close', 'volume'].filter((_, i) => cols[i]! < 0);
    return { candles: [], lines: [], hasHeader, errors: [{ line: 1, code: 'BAD_HEADER', message: `header lacks column(s): ${missing.join(', ')}` }] };
  }
  const width = hasHeader ? rows[0]!.record.length : 6;
  const candles: Candle[] = [];
  const lines: number[] = [];
  for (let r = hasHeader ? 1 : 0; r < rows.length; r++) {
    const { record, info } = rows[r]!;
    const line = info.lines;
    if (record.length < width) {
      errors.push({ line, code: 'BAD_COLUMN_COUNT', message: `expected ${width} columns, got ${record.length}` });
      continue;
    }
    const ts = parseTimestamp(record[cols[0]!]!);
    if (Number.isNaN(ts)) {
      errors.push({ line, code: 'BAD_TIMESTAMP', message: `"${record[cols[0]!]}" is not epoch ms, epoch s or ISO 8601` });
      continue;
    }
    const nums = cols.slice(1).map((c) => (record[c]!.trim() === '' ? Number.NaN : Number(record[c])));
    const badAt = nums.findIndex((n) => !Number.isFinite(n));
    if (badAt >= 0) {
      const name = ['open', 'high', 'low', 'close', 'volume'][badAt];
      errors.push({ line, code: 'BAD_NUMBER', message: `${name} "${record[cols[badAt + 1]!]}" is not a finite number` });
      continue;
    }
    candles.push({ ts, open: nums[0]!, high: nums[1]!, low: nums[2]!, close: nums[3]!, volume: nums[4]! });
    lines.push(line);
  }
  for (const issue of validateSequence(candles, timeframe)) {
    errors.push({ line: lines[issue.index]!, code: issue.code, message: issue.message });
  }
  errors.sort((a, b) => a.line - b.line);
  return { candles, lines, hasHeader, errors };
}
