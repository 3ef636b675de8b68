import { ValidationError } from '@strata/platform/errors';
import { timeframeMs, type Instrument, type RiskLimits, type VenueModel } from '@strata/engine';

/** What a backtest request may say about the market model; every field has a documented default. */
export interface RunMarketInput {
  venue: string;
  symbol: string;
  timeframe: string;
  from: string;
  to: string;
  initialCash?: number;
  venueModel?: Partial<VenueModel>;
  risk?: RiskLimits;
  instrument?: Partial<Omit<Instrument, 'symbol'>>;
  seed?: number;
}

export const DEFAULT_VENUE_MODEL: VenueModel = {
  makerFee: 0.001,
  takerFee: 0.001,
  slippage: { kind: 'none' },
  fillOn: 'nextOpen',
  leverage: 1,
  maintenanceMargin: 0.005,
  allowShort: false,
};

export const DEFAULT_INSTRUMENT = { tickSize: 0.01, lotSize: 0.000001, minNotional: 0 };

export interface ResolvedMarket {
  venue: string;
  symbol: string;
  timeframe: string;
  fromMs: number;
  toMs: number;
  initialCash: number;
  venueModel: VenueModel;
  risk: RiskLimits | null;
  instrument: Instrument;
  seed: number;
}

/** Checks the range and fills defaults; one ValidationError lists every problem. */
export function resolveMarket(m: RunMarketInput): ResolvedMarket {
  const problems: string[] = [];
  const fromMs = Date.parse(m.from);
  const toMs = Date.parse(m.to);
  if (!Number.isFinite(fromMs)) problems.push(`from: expected an ISO 8601 date-time, received ${JSON.stringify(m.from)}`);
  if (!Number.isFinite(toMs)) problems.push(`to: expected an ISO 8601 date-time, received ${JSON.stringify(m.to)}`);
  if (Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs <= fromMs) problems.push('to: must be after from');
  try {
    if (!(timeframeMs(m.timeframe) > 0)) throw new Error('not positive');
  } catch {
    problems.push(`timeframe: expected a timeframe such as 1m, 15m, 1h or 1d, received ${JSON.stringify(m.timeframe)}`);
  }
  const initialCash = m.initialCash ?? 10_000;
  if (!(initialCash > 0) || !Number.isFinite(initialCash)) problems.push(`initialCash: expected a positive number, received ${initialCash}`);
  const venueModel: VenueModel = { ...DEFAULT_VENUE_MODEL, ...(m.venueModel ?? {}) } as VenueModel;
  if (venueModel.makerFee < 0 || venueModel.takerFee < 0 || venueModel.makerFee > 0.1 || venueModel.takerFee > 0.1) problems.push('venueModel: fees must be between 0 and 0.1');
  if (!(venueModel.leverage >= 1 && venueModel.leverage <= 125)) problems.push('venueModel.leverage: expected 1 to 125');
  const instrument: Instrument = { symbol: m.symbol, ...DEFAULT_INSTRUMENT, ...(m.instrument ?? {}) };
  if (!(instrument.tickSize > 0) || !(instrument.lotSize > 0) || !(instrument.minNotional >= 0)) problems.push('instrument: tickSize and lotSize must be positive, minNotional non-negative');
  if (problems.length > 0) throw new ValidationError(`The run request is invalid: ${problems.join('; ')}`, { problems });
  return {
    venue: m.venue, symbol: m.symbol, timeframe: m.timeframe, fromMs, toMs, initialCash, venueModel,
    risk: m.risk ?? null, instrument, seed: m.seed ?? 1,
  };
}

/** JSON schema fragment shared by backtest and optimisation requests. */
export const marketSchemaProperties = {
  venue: { type: 'string', minLength: 1, maxLength: 64 },
  symbol: { type: 'string', minLength: 1, maxLength: 64 },
  timeframe: { type: 'string', minLength: 1, maxLength: 8 },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  initialCash: { type: 'number', exclusiveMinimum: 0 },
  venueModel: { type: 'object' },
  risk: { type: 'object' },
  instrument: { type: 'object', properties: { tickSize: { type: 'number' }, lotSize: { type: 'number' }, minNotional: { type: 'number' } }, additionalProperties: false },
  seed: { type: 'integer', minimum: 0, maximum: 2147483647 },
  dataSource: { type: 'string', enum: ['data', 'synthetic'] },
} as const;
