import { describe, expect, it } from 'vitest';
import { parseCandlesCsv, parseTimestamp } from './csv-candles.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function codes(text: string, tf = '1d') {
  return parseCandlesCsv(text, tf).errors.map((e) => [e.line, e.code]);
}

describe('parseTimestamp', () => {
  it('reads epoch ms, epoch s, epoch µs and ISO dates/datetimes as UTC', () => {
    expect(parseTimestamp(String(T0))).toBe(T0);
    expect(parseTimestamp(String(T0 / 1000))).toBe(T0);
    expect(parseTimestamp(String(T0 * 1000))).toBe(T0);
    expect(parseTimestamp('2024-01-01')).toBe(T0);
    expect(parseTimestamp('2024-01-01T00:00:00Z')).toBe(T0);
    expect(parseTimestamp('2024-01-01 00:00:00')).toBe(T0);
    expect(parseTimestamp('2024-01-01T01:00:00+01:00')).toBe(T0);
    expect(parseTimestamp('yesterday')).toBeNaN();
    expect(parseTimestamp('01/02/2024')).toBeNaN();
  });
});

describe('parseCandlesCsv', () => {
  it('detects a header and maps columns by name in any order', () => {
    const r = parseCandlesCsv('Volume,Close,Low,High,Open,Date\n5,1.5,0.5,2,1,2024-01-01\n6,1.6,1,2,1.5,2024-01-02\n', '1d');
    expect(r.hasHeader).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.candles[1]).toEqual({ ts: T0 + DAY, open: 1.5, high: 2, low: 1, close: 1.6, volume: 6 });
    expect(r.lines).toEqual([2, 3]);
  });

  it('reads headerless files positionally with mixed timestamp formats', () => {
    const r = parseCandlesCsv(`${T0},1,2,0.5,1.5,10\n${(T0 + DAY) / 1000},1,2,0.5,1.5,10\n2024-01-03T00:00:00Z,1,2,0.5,1.5,0\n`, '1d');
    expect(r.hasHeader).toBe(false);
    expect(r.errors).toEqual([]);
    expect(r.candles.map((c) => c.ts)).toEqual([T0, T0 + DAY, T0 + 2 * DAY]);
  });

  it('reports every kind of bad line with its line number', () => {
    const text = [
      'time,open,high,low,close,volume', // 1
      '2024-01-01,1,2,0.5,1.5,10', // 2 ok
      '2024-01-02,1,2,0.5', // 3 BAD_COLUMN_COUNT
      'not-a-date,1,2,0.5,1.5,10', // 4 BAD_TIMESTAMP
      '2024-01-03,1,abc,0.5,1.5,10', // 5 BAD_NUMBER
      '2024-01-04,0,2,0.5,1.5,10', // 6 NON_POSITIVE_PRICE
      '2024-01-05,1,2,0.5,1.5,-3', // 7 NEGATIVE_VOLUME
      '2024-01-06,1,1.2,0.5,1.5,10', // 8 HIGH_BELOW_OPEN_CLOSE
      '2024-01-07,1,2,1.2,1.5,10', // 9 LOW_ABOVE_OPEN_CLOSE
      '2024-01-08,1,0.4,0.5,0.45,10', // 10 HIGH_BELOW_LOW
      '2024-01-01,1,2,0.5,1.5,10', // 11 DUPLICATE_TIMESTAMP (of line 2)
      '2024-01-10,1,2,0.5,1.5,10', // 12 ok
      '2024-01-09,1,2,0.5,1.5,10', // 13 OUT_OF_ORDER
      '2024-01-11T12:00:00Z,1,2,0.5,1.5,10', // 14 MISALIGNED_TIMESTAMP for 1d
      '', // blank lines are skipped
      '2024-01-12,1,2,0.5,1.5,', // 16 BAD_NUMBER (empty volume)
    ].join('\n');
    expect(codes(text)).toEqual([
      [3, 'BAD_COLUMN_COUNT'],
      [4, 'BAD_TIMESTAMP'],
      [5, 'BAD_NUMBER'],
      [6, 'NON_POSITIVE_PRICE'],
      [7, 'NEGATIVE_VOLUME'],
      [8, 'HIGH_BELOW_OPEN_CLOSE'],
      [9, 'LOW_ABOVE_OPEN_CLOSE'],
      [10, 'HIGH_BELOW_LOW'],
      [11, 'DUPLICATE_TIMESTAMP'],
      [13, 'OUT_OF_ORDER'],
      [14, 'MISALIGNED_TIMESTAMP'],
      [16, 'BAD_NUMBER'],
    ]);
  });

  it('explains what was expected and what was received', () => {
    const [err] = parseCandlesCsv('time,open,high,low,close,volume\n2024-01-01,1,2,0.5,1.5,-3\n', '1d').errors;
    expect(err).toEqual({ line: 2, code: 'NEGATIVE_VOLUME', message: 'volume must be >= 0, got -3' });
  });

  it('rejects a header that lacks a column, an empty file and broken quoting', () => {
    expect(codes('time,open,high,low,close\n2024-01-01,1,2,0.5,1.5\n')).toEqual([[1, 'BAD_HEADER']]);
    expect(codes('')).toEqual([[1, 'EMPTY_FILE']]);
    expect(codes('time,open,high,low,close,volume\n"2024-01-01,1,2,0.5,1.5,1\n')[0]![1]).toBe('CSV_SYNTAX');
  });
});
