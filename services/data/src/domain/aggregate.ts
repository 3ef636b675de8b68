import type { Candle } from './candle.ts';
import { alignTs, timeframeMs } from './timeframes.ts';

/**
 * Folds sorted lower-timeframe bars into `target` bars (open of the first, max high, min low, close of the
 * last, summed volume). With `onlyComplete`, a bucket is emitted only when it holds every constituent
 * bar, so a half-formed hour is never presented as a finished one.
 */
export function aggregateCandles(bars: readonly Candle[], source: string, target: string, onlyComplete = false): Candle[] {
  const srcMs = timeframeMs(source);
  const dstMs = timeframeMs(target);
  if (dstMs % srcMs !== 0 || dstMs < srcMs) {
    throw new Error(`cannot aggregate ${source} into ${target}: the target must be a multiple of the source`);
  }
  const need = dstMs / srcMs;
  const out: Candle[] = [];
  let cur: Candle | null = null;
  let n = 0;
  const flush = () => {
    if (cur && (!onlyComplete || n === need)) out.push(cur);
  };
  for (const b of bars) {
    const bucket = alignTs(b.ts, target);
    if (!cur || cur.ts !== bucket) {
      flush();
      cur = { ts: bucket, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
      n = 1;
    } else {
      if (b.high > cur.high) cur.high = b.high;
      if (b.low < cur.low) cur.low = b.low;
      cur.close = b.close;
      cur.volume += b.volume;
      n++;
    }
  }
  flush();
  return out;
}
