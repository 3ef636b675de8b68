import type { Redis } from 'ioredis';

/** A fact a user should hear about: a backtest finished, a live order filled, a login from a new device. */
export interface NotificationMessage {
  userId: string;
  kind: string;
  title: string;
  body?: string;
  data?: Record<string, unknown>;
  /** Same key => delivered once, however often the producer retries. */
  dedupeKey?: string;
}

/** The Redis Stream every service writes notifications to; the notify service consumes it. */
export function notificationsStream(keyPrefix: string): string {
  return `${keyPrefix}:events.notifications`;
}

/** Producers call this; it never blocks on delivery (email, push, webhooks happen in the notify worker). */
export async function publishNotification(redis: Redis, keyPrefix: string, msg: NotificationMessage): Promise<string> {
  const id = await redis.xadd(notificationsStream(keyPrefix), 'MAXLEN', '~', '100000', '*', 'json', JSON.stringify(msg));
  return String(id);
}
