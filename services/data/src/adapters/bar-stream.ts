import type { Redis } from 'ioredis';
import type { Candle } from '../domain/candle.ts';

/** Outcome of publishing one closed bar. */
export type PublishResult = 'published' | 'duplicate';

/** A bar read from a stream, with the id to acknowledge. */
export interface StreamBar {
  id: string;
  bar: Candle;
}

const MAXLEN = 100_000;

export function streamKey(keyPrefix: string, topic: string): string {
  return `${keyPrefix}:${topic}`;
}

function fields(c: Candle): string[] {
  return ['ts', String(c.ts), 'o', String(c.open), 'h', String(c.high), 'l', String(c.low), 'c', String(c.close), 'v', String(c.volume)];
}

function parseFields(f: string[]): Candle {
  const m: Record<string, number> = {};
  for (let i = 0; i < f.length; i += 2) m[f[i]!] = Number(f[i + 1]);
  return { ts: m.ts!, open: m.o!, high: m.h!, low: m.l!, close: m.c!, volume: m.v! };
}

/**
 * Publishes a CLOSED bar with the stream entry id `<open time>-0`. Redis refuses an id that is not
 * greater than the stream's last one, atomically, so a bar is on its topic at most once and in order,
 * whichever process or retry sends it; combined with gap-filling from the last id, exactly once.
 */
export async function publishBar(redis: Redis, key: string, bar: Candle): Promise<PublishResult> {
  try {
    await redis.xadd(key, 'MAXLEN', '~', MAXLEN, `${bar.ts}-0`, ...fields(bar));
    return 'published';
  } catch (e) {
    if (/equal or smaller than the target stream top item/.test((e as Error).message)) return 'duplicate';
    throw e;
  }
}

/** Open time of the newest bar on the topic, or null for an empty/missing stream. */
export async function lastPublishedTs(redis: Redis, key: string): Promise<number | null> {
  const r = await redis.xrevrange(key, '+', '-', 'COUNT', 1);
  return r.length ? Number(r[0]![0].split('-')[0]) : null;
}

/** Ticks are informative, not replayable facts: auto ids, no dedupe, best effort across reconnects. */
export async function publishTrade(redis: Redis, key: string, t: { ts: number; price: number; amount: number; side: string; id?: string }): Promise<void> {
  await redis.xadd(key, 'MAXLEN', '~', MAXLEN, '*', 'ts', String(t.ts), 'p', String(t.price), 'q', String(t.amount), 's', t.side, 'id', t.id ?? '');
}

/** Creates the consumer group at the stream's start (`0`) or its end (`$`); an existing group is kept. */
export async function ensureGroup(redis: Redis, key: string, group: string, startAt: '0' | '$' = '0'): Promise<void> {
  try {
    await redis.xgroup('CREATE', key, group, startAt, 'MKSTREAM');
  } catch (e) {
    if (!/BUSYGROUP/.test((e as Error).message)) throw e;
  }
}

/**
 * Reads bars for `consumer` in `group`: first its own pending (delivered, unacknowledged) entries, so
 * a consumer that crashed before XACK sees them again, then new ones, blocking up to `blockMs`.
 */
export async function readGroup(redis: Redis, key: string, group: string, consumer: string, count = 100, blockMs = 0): Promise<StreamBar[]> {
  const pending = (await redis.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', key, '0')) as [string, [string, string[]][]][] | null;
  const mine = pending?.[0]?.[1] ?? [];
  if (mine.length) return mine.map(([id, f]) => ({ id, bar: parseFields(f) }));
  const args: (string | number)[] = ['GROUP', group, consumer, 'COUNT', count];
  if (blockMs > 0) args.push('BLOCK', blockMs);
  const res = (await (redis.xreadgroup as (...a: unknown[]) => Promise<unknown>)(...args, 'STREAMS', key, '>')) as [string, [string, string[]][]][] | null;
  return (res?.[0]?.[1] ?? []).map(([id, f]) => ({ id, bar: parseFields(f) }));
}

export async function ack(redis: Redis, key: string, group: string, ids: string[]): Promise<void> {
  if (ids.length) await redis.xack(key, group, ...ids);
}

/** All bars on a topic (tests, small replays). */
export async function readAll(redis: Redis, key: string): Promise<Candle[]> {
  const r = await redis.xrange(key, '-', '+');
  return r.map(([, f]) => parseFields(f));
}
