import type { Candle } from './candle.ts';
import { createRng, normal } from './rng.ts';
import { timeframeMs } from './timeframes.ts';

/** One market regime: annualised drift and volatility of the log price. */
export interface Regime {
  name: string;
  drift: number;
  vol: number;
}

export interface SyntheticOptions {
  seed: number;
  /** Open time of the first bar (ms, aligned to the timeframe by the caller). */
  start: number;
  timeframe: string;
  count: number;
  startPrice?: number;
  tickSize?: number;
  /** Defaults: calm bull, choppy, crash. */
  regimes?: Regime[];
  /** Row-stochastic transition matrix between regimes, evaluated once per bar. */
  transitions?: number[][];
  baseVolume?: number;
}

const YEAR_MS = 365 * 86_400_000;

export const DEFAULT_REGIMES: Regime[] = [
  { name: 'bull', drift: 0.4, vol: 0.45 },
  { name: 'chop', drift: 0, vol: 0.7 },
  { name: 'bear', drift: -0.6, vol: 1.1 },
];

// Sticky regimes: expected stay is hundreds of bars, so a 1m series shows several hours per regime.
const DEFAULT_TRANSITIONS = [
  [0.995, 0.004, 0.001],
  [0.003, 0.994, 0.003],
  [0.002, 0.006, 0.992],
];

function roundTo(x: number, tick: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(tick) - 1e-9));
  return Number((Math.round(x / tick) * tick).toFixed(decimals));
}

/**
 * Geometric Brownian motion whose drift and volatility switch by a seeded Markov chain. Same options,
 * same bars, bit for bit. Every bar satisfies the OHLC invariants after rounding to `tickSize`.
 */
export function generateSynthetic(opts: SyntheticOptions): Candle[] {
  const rng = createRng(opts.seed);
  const regimes = opts.regimes ?? DEFAULT_REGIMES;
  const transitions = opts.transitions ?? DEFAULT_TRANSITIONS;
  const tick = opts.tickSize ?? 0.01;
  const tfMs = timeframeMs(opts.timeframe);
  const dt = tfMs / YEAR_MS;
  const baseVolume = opts.baseVolume ?? 100;
  let regime = 0;
  let price = opts.startPrice ?? 100;
  const out: Candle[] = new Array(opts.count);
  for (let i = 0; i < opts.count; i++) {
    const u = rng();
    const row = transitions[regime]!;
    let acc = 0;
    for (let j = 0; j < row.length; j++) {
      acc += row[j]!;
      if (u < acc) {
        regime = j;
        break;
      }
    }
    const { drift, vol } = regimes[regime]!;
    const sd = vol * Math.sqrt(dt);
    const open = Math.max(roundTo(price, tick), tick);
    const close = Math.max(roundTo(open * Math.exp((drift - (vol * vol) / 2) * dt + sd * normal(rng)), tick), tick);
    const high = roundTo(Math.max(open, close) * Math.exp(Math.abs(normal(rng)) * sd * 0.5), tick);
    const low = Math.max(roundTo(Math.min(open, close) * Math.exp(-Math.abs(normal(rng)) * sd * 0.5), tick), tick);
    const volume = Math.round(baseVolume * (vol / 0.5) * Math.exp(0.5 * normal(rng)) * 1e4) / 1e4;
    out[i] = {
      ts: opts.start + i * tfMs,
      open,
      high: Math.max(high, open, close),
      low: Math.min(low, open, close),
      close,
      volume,
    };
    price = close;
  }
  return out;
}
