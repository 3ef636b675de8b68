import { cross, crossover, crossunder } from './cross.ts';
import { dema, hma, kama, tema, trix, vwma } from './moving-averages-derived.ts';
import { ema, rma, sma, wma } from './moving-averages.ts';
import { donchian, keltner, superTrend } from './channels.ts';
import { adx, aroon } from './directional.ts';
import { macd, momentum, roc } from './momentum.ts';
import { cci, rsi, stoch, stochRsi, williamsR } from './oscillators.ts';
import { highest, ichimoku, lowest, psar } from './trend.ts';
import { atr, bollinger, stdDev, trueRange } from './volatility.ts';
import { cmf, mfi, obv, vwap } from './volume.ts';

export type * from './contract.ts';
export { IndicatorParamError } from './contract.ts';
export type * from './cross.ts';
export type * from './moving-averages.ts';
export type * from './moving-averages-derived.ts';
export type * from './momentum.ts';
export type * from './oscillators.ts';
export type * from './channels.ts';
export type * from './directional.ts';
export type * from './trend.ts';
export type * from './volatility.ts';
export type * from './volume.ts';

/**
 * Streaming technical indicators. Each factory returns an object with `update(...)`,
 * `value`, `ready` and `reset()` (see `Indicator`). Create them once (in `onStart`) and
 * update them once per bar:
 *
 * ```ts
 * const fast = ta.ema(12);
 * fast.update(bar.close); // NaN until ready
 * ```
 */
export const ta = Object.freeze({
  // moving averages
  sma,
  ema,
  rma,
  wma,
  dema,
  tema,
  hma,
  kama,
  vwma,
  trix,
  // oscillators
  rsi,
  macd,
  stoch,
  stochRsi,
  roc,
  momentum,
  cci,
  williamsR,
  // volatility
  trueRange,
  atr,
  stdDev,
  bollinger,
  keltner,
  donchian,
  superTrend,
  // trend
  adx,
  aroon,
  psar,
  ichimoku,
  highest,
  lowest,
  // volume
  obv,
  mfi,
  cmf,
  vwap,
  // signals
  crossover,
  crossunder,
  cross,
});

/** The shape of the `ta` namespace object. */
export type Ta = typeof ta;
