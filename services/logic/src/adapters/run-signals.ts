import type { Redis } from '@strata/platform';

export type RunKind = 'backtest' | 'optimisation';

/** One message on a run's event stream (SSE): state changes and progress. */
export interface RunEvent {
  type: 'state' | 'progress';
  id: string;
  status?: string;
  percent?: number;
  barsDone?: number;
  totalBars?: number;
  etaMs?: number;
  error?: unknown;
  [k: string]: unknown;
}

/**
 * Cross-process signals about runs over Redis: progress and state events (published by workers,
 * streamed by whichever API process holds the client's SSE connection) and cancel requests (set by
 * the API, seen by the worker running the job between sandbox chunks without a Redis round trip:
 * the watcher keeps the set of canceled ids in memory from a subscription).
 */
export class RunSignals {
  private readonly redis: Redis;
  private readonly prefix: string;
  private sub: Redis | null = null;
  private readonly canceled = new Set<string>();
  private readonly listeners = new Map<string, Set<(e: RunEvent) => void>>();

  constructor(redis: Redis, keyPrefix: string) {
    this.redis = redis;
    this.prefix = `${keyPrefix}:logic:`;
  }

  private eventsChannel(kind: RunKind, id: string) {
    return `${this.prefix}events:${kind}:${id}`;
  }

  async publish(kind: RunKind, event: RunEvent): Promise<void> {
    await this.redis.publish(this.eventsChannel(kind, event.id), JSON.stringify(event));
  }

  async requestCancel(kind: RunKind, id: string): Promise<void> {
    await this.redis.set(`${this.prefix}cancel:${kind}:${id}`, '1', 'EX', 7 * 86_400);
    await this.redis.publish(`${this.prefix}cancel`, `${kind}:${id}`);
  }

  /** Authoritative check (one round trip), used at job start. */
  async isCancelRequested(kind: RunKind, id: string): Promise<boolean> {
    if (this.canceled.has(`${kind}:${id}`)) return true;
    return (await this.redis.exists(`${this.prefix}cancel:${kind}:${id}`)) === 1;
  }

  /** Synchronous check from the in-memory set (call `start()` first). */
  isCanceled(kind: RunKind, id: string): boolean {
    return this.canceled.has(`${kind}:${id}`);
  }

  /** Opens the subscriber connection (cancel channel + event channels listened to). */
  async start(): Promise<void> {
    if (this.sub) return;
    const sub = this.redis.duplicate();
    this.sub = sub;
    sub.on('error', () => {});
    sub.on('message', (channel: string, message: string) => {
      if (channel === `${this.prefix}cancel`) {
        this.canceled.add(message);
        return;
      }
      const set = this.listeners.get(channel);
      if (!set) return;
      let event: RunEvent;
      try {
        event = JSON.parse(message) as RunEvent;
      } catch {
        return;
      }
      for (const fn of set) fn(event);
    });
    await sub.subscribe(`${this.prefix}cancel`);
  }

  /** Listens to one run's events; returns an unsubscribe function. */
  async listen(kind: RunKind, id: string, fn: (e: RunEvent) => void): Promise<() => Promise<void>> {
    await this.start();
    const channel = this.eventsChannel(kind, id);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.sub!.subscribe(channel);
    }
    set.add(fn);
    return async () => {
      set!.delete(fn);
      if (set!.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        await this.sub?.unsubscribe(channel).catch(() => {});
      }
    };
  }

  forget(kind: RunKind, id: string): void {
    this.canceled.delete(`${kind}:${id}`);
  }

  async close(): Promise<void> {
    const sub = this.sub;
    this.sub = null;
    if (sub) sub.disconnect();
  }
}
