export { startEmbeddedPostgres, type EmbeddedPostgresOptions } from './postgres.ts';
export { startEmbeddedRedis, type EmbeddedRedisOptions } from './redis.ts';
export { EmbeddedServerError } from './errors.ts';
export type { EmbeddedServer } from './types.ts';
