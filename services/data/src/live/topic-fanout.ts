import type { Redis } from 'ioredis';
import type { Candle } from '../domain/candle.ts';

type Listener = (bar: Candle, id: string) => void;

/**
 * One blocking XREAD loop per stream key shared by every local listener (e.g. the web app's sockets),
 * instead of one Redis connection per socket. Listeners get bars published after they subscribed.
 */
export class TopicFanout {
  private readonly redis: Redis;
  private readonly topics = new Map<string, { listeners: Set<Listener>; reader: Redis; stop: boolean }>();

  constructor(redis: Redis) {
    this.redis = redis;
  }

  subscribe(key: string, fn: Listener): () => void {
    let t = this.topics.get(key);
    if (!t) {
      t = { listeners: new Set(), reader: this.redis.duplicate(), stop: false };
      this.topics.set(key, t);
      void this.loop(key, t);
    }
    t.listeners.add(fn);
    return () => {
      t!.listeners.delete(fn);
      if (t!.listeners.size === 0) {
        t!.stop = true;
        t!.reader.disconnect();
        this.topics.delete(key);
      }
    };
  }

  private async loop(key: string, t: { listeners: Set<Listener>; reader: Redis; stop: boolean }): Promise<void> {
    let last = '$';
    while (!t.stop) {
      try {
        const res = (await t.reader.xread('BLOCK', 1000, 'STREAMS', key, last)) as [string, [string, string[]][]][] | null;
        for (const [id, f] of res?.[0]?.[1] ?? []) {
          last = id;
          const m: Record<string, number> = {};
          for (let i = 0; i < f.length; i += 2) m[f[i]!] = Number(f[i + 1]);
          const bar = { ts: m.ts!, open: m.o!, high: m.h!, low: m.l!, close: m.c!, volume: m.v! };
          for (const l of t.listeners) l(bar, id);
        }
      } catch {
        if (t.stop) return;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  close(): void {
    for (const t of this.topics.values()) {
      t.stop = true;
      t.reader.disconnect();
    }
    this.topics.clear();
  }
}
