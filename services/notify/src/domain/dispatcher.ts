import type { Redis } from 'ioredis';
import { notificationsStream, type NotificationMessage, type ServiceDeps } from '@strata/platform';
import { NotificationsRepository } from './notifications.repository.ts';
import { WebhooksRepository, deliverWebhooks } from './webhooks.ts';

export const GROUP = 'notify';

/** Pub/sub channel that carries a user's new notifications to every gateway's WebSocket clients. */
export function userChannel(keyPrefix: string, userId: string): string {
  return `${keyPrefix}:notify.user.${userId}`;
}

function parse(fields: string[]): NotificationMessage | null {
  const idx = fields.indexOf('json');
  if (idx < 0) return null;
  try {
    const msg = JSON.parse(fields[idx + 1] ?? '') as NotificationMessage;
    return typeof msg.userId === 'string' && typeof msg.kind === 'string' && typeof msg.title === 'string' ? msg : null;
  } catch {
    return null;
  }
}

/**
 * Consumes the notifications stream through a consumer group: store (deduplicated), push to live
 * sockets, call webhooks, then XACK. A crash before XACK leaves the entry pending; it is claimed again
 * after `claimIdleMs`, and the dedupe key keeps the inbox free of doubles.
 */
export function startDispatcher(deps: ServiceDeps, opts: { consumer?: string; blockMs?: number; claimIdleMs?: number } = {}): { close(): Promise<void> } {
  const stream = notificationsStream(deps.keyPrefix);
  const consumer = opts.consumer ?? `notify-${process.pid}`;
  const reader: Redis = deps.redis.duplicate();
  const inbox = new NotificationsRepository(deps.db);
  const hooks = new WebhooksRepository(deps.db);
  let running = true;

  const handle = async (entryId: string, fields: string[]) => {
    const msg = parse(fields);
    if (msg) {
      const row = await inbox.insert(msg);
      if (row) {
        await deps.redis.publish(userChannel(deps.keyPrefix, msg.userId), JSON.stringify(row));
        await deliverWebhooks(hooks, msg.userId, row);
      }
    } else {
      deps.log.warn({ entryId }, 'dropping malformed notification');
    }
    await deps.redis.xack(stream, GROUP, entryId);
  };

  const loop = (async () => {
    await reader.xgroup('CREATE', stream, GROUP, '0', 'MKSTREAM').catch((err: Error) => {
      if (!err.message.includes('BUSYGROUP')) throw err;
    });
    while (running) {
      try {
        const claimed = (await reader.xautoclaim(stream, GROUP, consumer, opts.claimIdleMs ?? 60_000, '0-0', 'COUNT', 100)) as [string, [string, string[]][]];
        for (const [id, fields] of claimed[1] ?? []) if (fields) await handle(id, fields);
        const res = (await reader.xreadgroup('GROUP', GROUP, consumer, 'COUNT', 100, 'BLOCK', opts.blockMs ?? 1_000, 'STREAMS', stream, '>')) as
          | [string, [string, string[]][]][]
          | null;
        for (const [, entries] of res ?? []) for (const [id, fields] of entries) await handle(id, fields);
      } catch (err) {
        if (!running) break;
        deps.log.error({ err }, 'notification dispatch failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  return {
    close: async () => {
      running = false;
      reader.disconnect();
      await loop.catch(() => {});
    },
  };
}
