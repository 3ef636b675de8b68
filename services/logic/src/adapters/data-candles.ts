import type { Pool } from '@strata/platform';
import type { CandleSource } from '../domain/candles.ts';

type LoadCandles = (typeof import('@strata/svc-data'))['loadCandles'];
let loader: Promise<LoadCandles> | null = null;

/** services/data's index pulls in its whole module (ccxt included): load it on first use only. */
function loadCandlesFn(): Promise<LoadCandles> {
  loader ??= import('@strata/svc-data').then((m) => m.loadCandles);
  return loader;
}

/**
 * CandleSource over services/data's `loadCandles` (stored bars, aggregated from a finer series when
 * needed). `count` loads the range because services/data exports no count query yet; a missing
 * series is an empty range here so the caller reports DATA_RANGE_EMPTY.
 */
export function dataCandles(pool: Pool): CandleSource {
  const load: CandleSource['load'] = async (q) => {
    const loadCandles = await loadCandlesFn();
    try {
      return await loadCandles(pool, q);
    } catch (err) {
      if ((err as { code?: string }).code === 'NOT_FOUND') {
        return { time: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) };
      }
      throw err;
    }
  };
  return { load, count: async (q) => (await load(q)).time.length };
}
