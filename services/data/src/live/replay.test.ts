import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnv } from '@strata/platform/testing';
import { dataTestEnv } from '../test-support/data-test-env.ts';
import { generateSynthetic } from '../domain/synthetic.ts';
import { ensureSeries } from '../adapters/catalog-repository.ts';
import { ingestCandles } from '../adapters/candle-ingest.ts';
import { readAll, streamKey } from '../adapters/bar-stream.ts';
import { replayBars, replayTopic } from './replay.ts';

const key = { venue: 'testex', symbol: 'RPL/USD', timeframe: '1m' };
const bars = generateSynthetic({ seed: 21, start: Date.UTC(2024, 6, 1), timeframe: '1m', count: 40 });
let env: TestEnv;

beforeAll(async () => {
  env = await dataTestEnv();
  await ingestCandles(env.deps.db, await ensureSeries(env.deps.db, key), bars);
});
afterAll(() => env.close());

describe('replay', () => {
  it('publishes stored history onto its own namespace, in order, paced by speed', async () => {
    const t0 = performance.now();
    // 1m bars at speed 600: one bar every 100 ms, so 5 bars take about 400 ms
    const r = await replayBars(env.deps.db, env.deps.redis, env.keyPrefix, { ...key, runId: 'run-1', from: bars[0]!.ts, to: bars[5]!.ts, speed: 600 });
    const took = performance.now() - t0;
    expect(r).toEqual({ topic: 'replay.run-1.bars.testex.RPL/USD.1m', published: 5 });
    expect(took).toBeGreaterThanOrEqual(390);
    expect(await readAll(env.deps.redis, streamKey(env.keyPrefix, r.topic))).toEqual(bars.slice(0, 5));
    // the live topic is untouched
    expect(await readAll(env.deps.redis, streamKey(env.keyPrefix, 'data.bars.testex.RPL/USD.1m'))).toEqual([]);
  });

  it('an interrupted replay restarted over the same range adds no duplicates', async () => {
    const ac = new AbortController();
    await replayBars(env.deps.db, env.deps.redis, env.keyPrefix, {
      ...key, runId: 'run-2', from: bars[0]!.ts, to: bars[40 - 1]!.ts + 60_000, speed: Infinity, signal: ac.signal,
      onBar: (i) => i === 10 && ac.abort(),
    });
    const again = await replayBars(env.deps.db, env.deps.redis, env.keyPrefix, { ...key, runId: 'run-2', from: bars[0]!.ts, to: bars[39]!.ts + 60_000, speed: 0 });
    expect(again.published).toBe(30);
    expect(await readAll(env.deps.redis, streamKey(env.keyPrefix, replayTopic('run-2', key)))).toEqual(bars);
  });

  it('refuses run ids that would escape the namespace', () => {
    expect(() => replayTopic('a.b', key)).toThrow(/run id/);
  });
});
