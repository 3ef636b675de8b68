import type { CatalogEntry, VenueModel } from '../../api/types.ts';

/** Market, range, venue model and cash for one run; shared by backtests and optimisations. */
export interface RunSettings {
  venue: string;
  symbol: string;
  timeframe: string;
  from: number;
  to: number;
  initialCash: number;
  model: VenueModel;
}

export const DEFAULT_MODEL: VenueModel = { makerFee: 0.001, takerFee: 0.001, slippageBps: 2, fillOn: 'nextOpen' };

export function settingsFor(entry: CatalogEntry | undefined, prev?: RunSettings): RunSettings | undefined {
  if (!entry) return prev;
  return {
    venue: entry.venue, symbol: entry.symbol, timeframe: entry.timeframe, from: entry.from, to: entry.to,
    initialCash: prev?.initialCash ?? 10_000, model: prev?.model ?? DEFAULT_MODEL,
  };
}

export const catalogKey = (e: { venue: string; symbol: string; timeframe: string }) => `${e.venue}|${e.symbol}|${e.timeframe}`;

/** `<input type="date">` value for ms UTC, and back. */
export const toDateInput = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const fromDateInput = (s: string) => Date.parse(`${s}T00:00:00Z`);
