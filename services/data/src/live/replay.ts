import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { barsTopic, type SeriesKey } from '../domain/candle.ts';
import { loadCandles } from '../adapters/candle-query.ts';
import { publishBar, streamKey } from '../adapters/bar-stream.ts';

export interface ReplayRequest extends SeriesKey {
  runId: string;
  from: number;
  to: number;
  /**
   * Market time per wall-clock time: 60 plays one 1m bar per second; 0 or Infinity publishes as fast as
   * Redis accepts.
   */
  speed: number;
  signal?: AbortSignal;
  onBar?(index: number, total: number): void;
}

/** The replay topic of a run: the live topic's shape under its own namespace `replay.<runId>`. */
export function replayTopic(runId: string, key: SeriesKey): string {
  if (!/^[\w-]{1,64}$/.test(runId)) throw new Error(`run id "${runId}" must be 1-64 letters, digits, _ or -`);
  return barsTopic(key, `replay.${runId}`);
}

/**
 * Publishes stored bars of [from, to) onto `replay.<runId>.bars.<venue>.<symbol>.<tf>`, paced by the
 * gaps between bar times divided by `speed`. Ids are bar open times, so a restarted replay continues
 * without duplicates. Returns the number of bars published now.
 */
export async function replayBars(pool: Pool, redis: Redis, keyPrefix: string, req: ReplayRequest): Promise<{ topic: string; published: number }> {
  const topic = replayTopic(req.runId, req);
  const key = streamKey(keyPrefix, topic);
  const bars = await loadCandles(pool, req);
  const n = bars.time.length;
  const paced = Number.isFinite(req.speed) && req.speed > 0;
  const t0 = performance.now();
  let published = 0;
  for (let i = 0; i < n; i++) {
    if (req.signal?.aborted) break;
    if (paced) {
      const due = (bars.time[i]! - bars.time[0]!) / req.speed;
      const wait = due - (performance.now() - t0);
      if (wait > 1) await sleep(wait);
    }
    const r = await publishBar(redis, key, {
      ts: bars.time[i]!, open: bars.open[i]!, high: bars.high[i]!, low: bars.low[i]!, close: bars.close[i]!, volume: bars.volume[i]!,
    });
    if (r === 'published') published++;
    req.onBar?.(i + 1, n);
  }
  return { topic, published };
}
