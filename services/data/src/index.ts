import { fileURLToPath } from 'node:url';
import { BullJobQueue, loadConfig, type ServiceDeps, type ServiceModule } from '@strata/platform';
import { dataConfigSchema, type DataConfig } from './config.ts';
import type { DataContext } from './context.ts';
import { dataPlugin } from './app.ts';
import { startDataWorkers } from './worker.ts';
import { BACKFILL_QUEUE, type BackfillJobData, type ExchangeFactory } from './app/backfill-jobs.ts';
import { ccxtExchangeFactory } from './adapters/exchange-factory.ts';

export { dataConfigSchema, type DataConfig } from './config.ts';
export type { DataContext } from './context.ts';
export type { BarColumns, Candle, SeriesKey } from './domain/candle.ts';
export { barsTopic } from './domain/candle.ts';
export { loadCandles, type CandleRange } from './adapters/candle-query.ts';
export { countCandles } from './adapters/candle-count.ts';
export { ingestCandles } from './adapters/candle-ingest.ts';
export { ensureSeries, listCatalog } from './adapters/catalog-repository.ts';
export { importCsv, type CsvImportResult } from './app/csv-import.ts';
export { parseCandlesCsv } from './domain/csv-candles.ts';
export { generateSynthetic, type SyntheticOptions } from './domain/synthetic.ts';
export { qualityReport, type QualityReport } from './domain/quality.ts';
export { encodeColumns, decodeColumns } from './domain/columnar.ts';
export { publishBar, readGroup, ensureGroup, ack, streamKey } from './adapters/bar-stream.ts';
export { replayBars, replayTopic } from './live/replay.ts';
export { FakeExchange, type Fault } from './fake-exchange/fake-exchange.ts';
export { createCcxtClient } from './adapters/ccxt-client.ts';
export { seedDemoData } from './app/demo-seed.ts';

export interface DataModuleOptions {
  /** Data settings; parsed from the process environment at init when omitted. */
  config?: DataConfig;
  /** Exchange clients by venue; ccxt (or the fake exchange, per config) when omitted. */
  exchanges?: ExchangeFactory;
}

/** The data service: catalog, candles, imports, quality, backfills, replays, live streams. */
export function createDataModule(options: DataModuleOptions = {}): ServiceModule & { context(): DataContext } {
  let ctx: DataContext | undefined;
  const context = () => {
    if (!ctx) throw new Error('data module used before init');
    return ctx;
  };
  return {
    name: 'data',
    migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
    init(deps: ServiceDeps) {
      const config = options.config ?? loadConfig(dataConfigSchema);
      ctx = {
        platform: deps.config,
        config,
        db: deps.db,
        redis: deps.redis,
        keyPrefix: deps.keyPrefix,
        log: deps.log,
        exchanges: options.exchanges ?? ccxtExchangeFactory({ fakeUrl: config.DATA_FAKE_EXCHANGE_URL }),
        backfills: new BullJobQueue<BackfillJobData>(BACKFILL_QUEUE, deps.redis, deps.keyPrefix),
      };
    },
    plugin: dataPlugin(context),
    startWorkers: () => startDataWorkers(context()),
    seedDemo: async () => {
      const { seedDemoData } = await import('./app/demo-seed.ts');
      await seedDemoData(context().db);
    },
    context,
  };
}

export const dataModule: ServiceModule = createDataModule();
export default dataModule;
