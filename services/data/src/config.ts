import { z } from 'zod';

/** Settings of the data service, parsed once at start-up next to the platform config. */
export const dataConfigSchema = z.object({
  /**
   * Base URL of a fake exchange (`http://127.0.0.1:PORT`, see src/fake-exchange). When set, the
   * `binance` venue's REST and websocket endpoints point there: demos and tests without the network.
   */
  DATA_FAKE_EXCHANGE_URL: z.string().url().optional(),
  /** Series followed live by the worker process, comma-separated `venue:BASE/QUOTE:timeframe`. */
  DATA_LIVE_SERIES: z
    .string()
    .default('')
    .refine((v) => v === '' || v.split(',').every((s) => /^[a-z0-9_-]+:[A-Z0-9]+\/[A-Z0-9]+:\d+[mhdw]$/.test(s.trim())), {
      message: 'expected comma-separated venue:BASE/QUOTE:timeframe, e.g. binance:BTC/USDT:1m',
    }),
  /** Months of candles kept in PostgreSQL; older partitions are exported to DATA_DIR and dropped. 0 keeps all. */
  DATA_RETENTION_MONTHS: z.coerce.number().int().min(0).default(0),
});

export type DataConfig = z.infer<typeof dataConfigSchema>;
