import type { BarColumns } from '@strata/engine';
import type { CandleQuery, CandleSource } from '../domain/candles.ts';
import { rng } from '../domain/optimise/search-space.ts';

const TF_MS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 };

export function timeframeMillis(tf: string): number {
  const ms = TF_MS[tf];
  if (!ms) throw new RangeError(`unsupported timeframe "${tf}" for synthetic data (supported: ${Object.keys(TF_MS).join(', ')})`);
  return ms;
}

function seedOf(q: CandleQuery): number {
  let h = 2_166_136_261;
  for (const ch of `${q.venue}|${q.symbol}|${q.timeframe}`) h = Math.imul(h ^ ch.charCodeAt(0), 16_777_619) >>> 0;
  return h;
}

/**
 * Deterministic random-walk bars: the same query always gives the same bars. Used only by tests and
 * benchmarks that ask for `dataSource: "synthetic"` (the module must be built with allowSyntheticData).
 */
export function syntheticBars(q: CandleQuery): BarColumns {
  const step = timeframeMillis(q.timeframe);
  const first = Math.ceil(q.from / step) * step;
  const n = Math.max(0, Math.ceil((q.to - first) / step));
  const cols = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  const r = rng(seedOf(q));
  let price = 100;
  for (let i = 0; i < n; i++) {
    const t = first + i * step;
    const k = t / step;
    const wave = Math.sin(k / 150) * 0.004 + Math.sin(k / 37) * 0.002;
    const open = price;
    const close = Math.max(1, open * (1 + wave + (r() - 0.5) * 0.004));
    cols.time[i] = t;
    cols.open[i] = round2(open);
    cols.close[i] = round2(close);
    cols.high[i] = round2(Math.max(open, close) * (1 + r() * 0.002));
    cols.low[i] = round2(Math.min(open, close) * (1 - r() * 0.002));
    cols.volume[i] = 10 + Math.floor(r() * 100);
    price = close;
  }
  return cols;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function countOf(q: CandleQuery): number {
  const step = timeframeMillis(q.timeframe);
  return Math.max(0, Math.ceil((q.to - Math.ceil(q.from / step) * step) / step));
}

export const syntheticCandles: CandleSource = {
  load: async (q) => syntheticBars(q),
  count: async (q) => countOf(q),
  coverage: async (q) => ({ available: countOf(q) > 0 }),
};
