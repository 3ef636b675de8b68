import { TIMEFRAMES } from '../domain/timeframes.ts';

export const venueSchema = { type: 'string', pattern: '^[a-z0-9_-]{1,32}$' } as const;
export const symbolSchema = { type: 'string', pattern: '^[A-Za-z0-9._-]{1,24}(/[A-Za-z0-9._-]{1,24})?$' } as const;
export const timeframeSchema = { type: 'string', enum: [...TIMEFRAMES] } as const;
export const tsSchema = { type: 'integer', minimum: 0, maximum: 8_640_000_000_000 } as const;

export const seriesQuery = {
  type: 'object',
  required: ['venue', 'symbol', 'timeframe'],
  properties: { venue: venueSchema, symbol: symbolSchema, timeframe: timeframeSchema },
} as const;

export const rangeQuery = {
  type: 'object',
  required: ['venue', 'symbol', 'timeframe', 'from', 'to'],
  properties: {
    venue: venueSchema, symbol: symbolSchema, timeframe: timeframeSchema, from: tsSchema, to: tsSchema,
    format: { type: 'string', enum: ['json', 'columnar'] },
  },
} as const;

export interface RangeQuery {
  venue: string;
  symbol: string;
  timeframe: string;
  from: number;
  to: number;
  format?: 'json' | 'columnar';
}
