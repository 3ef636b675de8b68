import type { Pool } from '@strata/platform';
import { timeframeMs } from '@strata/engine';
import type { CandleSource } from '../domain/candles.ts';

type DataApi = typeof import('@strata/svc-data/candles');
let api: Promise<DataApi> | null = null;

/**
 * services/data's light entry (no ccxt, no fastify), loaded on first use: a worker's heap stays
 * ~26 MB instead of ~68 MB, which every full GC between optimisation trials has to mark.
 */
function dataApi(): Promise<DataApi> {
  api ??= import('@strata/svc-data/candles');
  return api;
}

/**
 * CandleSource over services/data's `loadCandles` (stored bars, aggregated from a finer series when
 * needed) and `countCandles` (the same bars counted in PostgreSQL, nothing moved); a missing series
 * is an empty range here so the caller reports DATA_RANGE_EMPTY.
 */
export function dataCandles(pool: Pool): CandleSource {
  const load: CandleSource['load'] = async (q) => {
    const { loadCandles } = await dataApi();
    try {
      return await loadCandles(pool, q);
    } catch (err) {
      if ((err as { code?: string }).code === 'NOT_FOUND') {
        return { time: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0), low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0) };
      }
      throw err;
    }
  };
  return {
    load,
    async count(q) {
      const { countCandles } = await dataApi();
      try {
        return await countCandles(pool, q);
      } catch (err) {
        if ((err as { code?: string }).code === 'NOT_FOUND') return 0;
        throw err;
      }
    },
    // From the catalog (bars, first and last open time per stored series): the exact series, or a
    // finer one whose timeframe divides it (services/data aggregates on load).
    async coverage(q) {
      const { listCatalog } = await dataApi();
      const want = timeframeMs(q.timeframe);
      const usable = (await listCatalog(pool, { venue: q.venue, symbol: q.symbol }))
        .filter((e) => e.timeframe === q.timeframe || (timeframeMs(e.timeframe) < want && want % timeframeMs(e.timeframe) === 0));
      const available = usable.some((e) => e.bars > 0 && e.firstTs !== null && e.lastTs !== null && e.firstTs < q.to && e.lastTs >= q.from);
      const e = usable[0];
      return { available, instrument: e ? { tickSize: e.tickSize, lotSize: e.lotSize, minNotional: e.minNotional } : undefined };
    },
  };
}
