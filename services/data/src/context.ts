import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { JobQueue, Logger, PlatformConfig } from '@strata/platform';
import type { DataConfig } from './config.ts';
import type { BackfillJobData, ExchangeFactory } from './app/backfill-jobs.ts';

/** Everything the data service's routes and workers use, built once by the module's init. */
export interface DataContext {
  platform: PlatformConfig;
  config: DataConfig;
  db: Pool;
  redis: Redis;
  /** Redis key prefix of this deployment, without the trailing colon. */
  keyPrefix: string;
  log: Logger;
  exchanges: ExchangeFactory;
  backfills: JobQueue<BackfillJobData>;
}
