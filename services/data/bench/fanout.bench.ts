/**
 * Fan-out of one bars topic to 1,000 consumers, two ways:
 *  - 1,000 Redis consumer groups (one per strategy instance) each reading and acknowledging every bar
 *    through XREADGROUP, pipelined over 4 connections: deliveries per second;
 *  - TopicFanout (one XREAD loop per topic in a process) to 1,000 local listeners (web sockets):
 *    publish-to-last-listener latency per bar, p50/p99.
 * Uses the local Redis with a throwaway key prefix. Run: npm exec -- node services/data/bench/fanout.bench.ts
 */
import { randomBytes } from 'node:crypto';
import { createRedis } from '@strata/platform';
import { publishBar, ensureGroup, streamKey } from '../src/adapters/bar-stream.ts';
import { TopicFanout } from '../src/live/topic-fanout.ts';
import { generateSynthetic } from '../src/domain/synthetic.ts';

const CONSUMERS = Number(process.env.BENCH_CONSUMERS ?? 1000);
const BARS = Number(process.env.BENCH_BARS ?? 1000);
const url = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-fanout-${randomBytes(4).toString('hex')}`;
const redis = createRedis(url);
const conns = Array.from({ length: 4 }, () => createRedis(url));
const bars = generateSynthetic({ seed: 5, start: Date.UTC(2024, 0, 1), timeframe: '1m', count: BARS });

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

try {
  // 1) consumer groups
  const key = streamKey(prefix, 'data.bars.bench.BTC/USDT.1m');
  for (let g = 0; g < CONSUMERS; g++) await ensureGroup(redis, key, `g${g}`, '0');
  for (const b of bars) await publishBar(redis, key, b);
  const t0 = performance.now();
  let delivered = 0;
  const remaining = new Set(Array.from({ length: CONSUMERS }, (_, g) => g));
  while (remaining.size > 0) {
    const groups = [...remaining];
    await Promise.all(
      conns.map(async (conn, ci) => {
        const mine = groups.filter((g) => g % conns.length === ci);
        const p = conn.pipeline();
        for (const g of mine) p.xreadgroup('GROUP', `g${g}`, 'c', 'COUNT', 500, 'STREAMS', key, '>');
        const res = (await p.exec()) ?? [];
        const acks = conn.pipeline();
        res.forEach(([err, r], i) => {
          const entries = err ? [] : ((r as [string, [string, string[]][]][] | null)?.[0]?.[1] ?? []);
          if (entries.length === 0) remaining.delete(mine[i]!);
          else {
            delivered += entries.length;
            acks.xack(key, `g${mine[i]}`, ...entries.map((e) => e[0]));
          }
        });
        await acks.exec();
      }),
    );
  }
  const groupMs = performance.now() - t0;
  if (delivered !== CONSUMERS * BARS) throw new Error(`expected ${CONSUMERS * BARS} deliveries, got ${delivered}`);

  // 2) in-process fan-out to local listeners
  const live = streamKey(prefix, 'data.bars.bench.ETH/USDT.1m');
  const fanout = new TopicFanout(redis);
  const counts = new Int32Array(BARS);
  const sentAt = new Float64Array(BARS);
  const doneAt = new Float64Array(BARS);
  const unsubs = Array.from({ length: CONSUMERS }, () =>
    fanout.subscribe(live, (bar) => {
      const i = (bar.ts - bars[0]!.ts) / 60_000;
      if (++counts[i]! === CONSUMERS) doneAt[i] = performance.now();
    }),
  );
  await new Promise((r) => setTimeout(r, 200)); // the reader is blocking on XREAD
  const t1 = performance.now();
  for (let i = 0; i < BARS; i++) {
    sentAt[i] = performance.now();
    await publishBar(conns[0]!, live, bars[i]!);
  }
  while (counts.some((c) => c < CONSUMERS)) await new Promise((r) => setTimeout(r, 5));
  const localMs = performance.now() - t1;
  const lat = Array.from(doneAt, (d, i) => d - sentAt[i]!);
  for (const u of unsubs) u();
  fanout.close();

  const deliveriesPerSec = Math.round(delivered / (groupMs / 1000));
  console.log(`consumer groups: ${CONSUMERS} groups × ${BARS} bars in ${groupMs.toFixed(0)} ms (${deliveriesPerSec}/s)`);
  console.log(`local fan-out: ${CONSUMERS} listeners × ${BARS} bars in ${localMs.toFixed(0)} ms, p50 ${pct(lat, 50).toFixed(2)} ms, p99 ${pct(lat, 99).toFixed(2)} ms`);
  console.log(JSON.stringify({
    name: 'data.stream-fanout',
    figures: {
      consumers: CONSUMERS, bars: BARS,
      groupDeliveriesPerSec: deliveriesPerSec, groupFanoutMs: +groupMs.toFixed(0),
      localDeliveriesPerSec: Math.round((CONSUMERS * BARS) / (localMs / 1000)), localLatencyP50Ms: +pct(lat, 50).toFixed(2), localLatencyP99Ms: +pct(lat, 99).toFixed(2),
    },
    targets: { localLatencyP99Ms: 50 },
  }));
} finally {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  for (const c of conns) c.disconnect();
}
