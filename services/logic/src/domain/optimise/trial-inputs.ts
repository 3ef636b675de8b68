import type { BarColumns } from '@strata/engine';
import type { CandleQuery, CandleSource } from '../candles.ts';

/** Where an optimisation's bars come from: the data source plus the candle range. */
export interface BarsKey extends CandleQuery {
  dataSource: 'data' | 'synthetic';
}

/** A stable text id of a bars range: equal ids, equal bars (within one worker process's cache). */
export function barsId(k: BarsKey): string {
  return `${k.dataSource}|${k.venue}|${k.symbol}|${k.timeframe}|${k.from}|${k.to}`;
}

/**
 * A worker process's cache of the inputs its optimisation trials share: decrypted source per
 * strategy version and loaded bars per dataset range, a few entries each (LRU). The batches of
 * one optimisation (and of any optimisation on the same range) then load ~5 MB of bars once per
 * process instead of once per batch, and every trial passes the sandbox the identical source
 * text, which the pool compiles once (its cache is keyed by the exact text).
 */
export class TrialInputsCache {
  private readonly bars = new Map<string, Promise<BarColumns>>();
  private readonly sources = new Map<string, Promise<string | null>>();
  private readonly max: number;

  constructor(max = 2) {
    this.max = max;
  }

  loadBars(candles: (s: BarsKey['dataSource']) => CandleSource, k: BarsKey): Promise<BarColumns> {
    return this.get(this.bars, barsId(k), () => candles(k.dataSource).load(k));
  }

  loadSource(strategyId: string, version: number, load: () => Promise<string | null>): Promise<string | null> {
    return this.get(this.sources, `${strategyId}@${version}`, load);
  }

  private get<T>(m: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let p = m.get(key);
    if (p) {
      m.delete(key);
      m.set(key, p);
      return p;
    }
    p = load();
    m.set(key, p);
    p.catch(() => m.delete(key)); // a failed load is retried by the next caller
    while (m.size > this.max) m.delete(m.keys().next().value!);
    return p;
  }
}
