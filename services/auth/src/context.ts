import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { Keyring, Logger, PlatformConfig, Quotas } from '@strata/platform';
import type { AuthConfig } from './config.ts';
import type { MailPort } from './adapters/mail.ts';

/** Everything the auth domain needs, built once when the plugin starts. */
export interface AuthContext {
  platform: PlatformConfig;
  config: AuthConfig;
  db: Pool;
  redis: Redis;
  /** Redis key prefix of this deployment. */
  prefix: string;
  log: Logger;
  mail: MailPort;
  vaultKeys: Keyring;
  quotas: Quotas;
}

/** Request metadata recorded with sessions and audit events. */
export interface RequestMeta { ip?: string; userAgent?: string }
