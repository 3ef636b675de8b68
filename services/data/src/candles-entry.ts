/**
 * Light entry point (`@strata/svc-data/candles`) for processes that only read stored bars, such as
 * logic workers: the package index also pulls in ccxt and fastify, about 40 MB of heap that every
 * full garbage collection of a long-running worker then has to mark again.
 */
export { loadCandles, type CandleRange } from './adapters/candle-query.ts';
export { countCandles } from './adapters/candle-count.ts';
export { listCatalog } from './adapters/catalog-repository.ts';
