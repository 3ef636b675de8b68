import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxPool, StrategyError, type RunBacktestRequest, type RunBacktestResult, type SandboxPool } from '../index.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../testing/fixtures.ts';

// one worker: every run lands on the same process, so reuse (or its refusal) is observable
let pool: SandboxPool;
beforeAll(() => { pool = createSandboxPool({ size: 1, maxRunsPerWorker: 100 }); });
afterAll(() => pool.close());

const seriesA = [syntheticSeries(20_000, 'BTC/USDT', 7)];
const seriesB = [syntheticSeries(20_000, 'BTC/USDT', 11)];
const req = (extra: Partial<RunBacktestRequest> = {}): RunBacktestRequest => ({
  source: SMA_CROSS_SOURCE, params: { fast: 10, slow: 30 }, series: seriesA, venue: VENUE, initialCash: 10_000, seed: 1,
  limits: { cpuMsPerBatch: 2_000, barsPerBatch: 5_000 }, ...extra,
});
const canon = (r: RunBacktestResult) => JSON.stringify(
  { o: r.output, logs: r.logs },
  (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v),
);

/** Tries every way we know to leave something for the next run in the same isolate, and reports what it found. */
const PROBE = `import { defineStrategy } from '@strata/sdk';
let moduleRuns = 0;
export default defineStrategy({
  apiVersion: 1,
  params: { secret: { type: 'int', default: 1, min: 0, max: 1000 }, fail: { type: 'int', default: 0, min: 0, max: 1 } },
  onStart(ctx) {
    moduleRuns++;
    const seen = [];
    seen.push('global=' + String((globalThis as any).__left));
    try { (globalThis as any).__left = ctx.params.secret; seen.push('global-write=ok'); } catch { seen.push('global-write=refused'); }
    seen.push('regexp=' + JSON.stringify((RegExp as any).$1));
    /(s\\d+)/.exec('s' + ctx.params.secret);
    try { (Object as any).__left = 1; seen.push('intrinsic-write=ok'); } catch { seen.push('intrinsic-write=refused'); }
    seen.push('module=' + moduleRuns);
    seen.push('random=' + Math.random().toFixed(6));
    console.log(seen.join(' '));
    if (ctx.params.fail) throw new Error('asked to fail');
    return {};
  },
  onBar() {},
});
`;

describe('warm isolates (reuseKey)', () => {
  it('give byte-identical results to fresh isolates, and say which isolate ran', async () => {
    const fresh = await pool.runBacktest(req());
    expect(fresh.usage.isolate).not.toBe('warm');
    const keyed: RunBacktestResult[] = [];
    for (let i = 0; i < 3; i++) keyed.push(await pool.runBacktest(req({ reuseKey: 'owner-1:v1', datasetKey: 'A' })));
    expect(keyed.map((r) => r.usage.isolate)).toEqual([expect.not.stringMatching(/^warm$/), 'warm', 'warm']);
    for (const r of keyed) expect(canon(r)).toBe(canon(fresh));
    // usage is the run's own, not the isolate's lifetime
    expect(keyed[2]!.usage.barsProcessed).toBe(20_000);
    expect(keyed[2]!.usage.cpuMs).toBeLessThan(keyed[0]!.usage.cpuMs + fresh.usage.cpuMs);
  });

  it('switch datasets inside a warm isolate without mixing bars', async () => {
    const freshB = await pool.runBacktest(req({ series: seriesB }));
    const freshA = await pool.runBacktest(req());
    const a1 = await pool.runBacktest(req({ reuseKey: 'owner-1:v1', datasetKey: 'A' }));
    const b = await pool.runBacktest(req({ reuseKey: 'owner-1:v1', datasetKey: 'B', series: seriesB }));
    const b2 = await pool.runBacktest(req({ reuseKey: 'owner-1:v1', series: seriesB }));
    const a2 = await pool.runBacktest(req({ reuseKey: 'owner-1:v1', datasetKey: 'A' }));
    expect([b.usage.isolate, b2.usage.isolate, a2.usage.isolate]).toEqual(['warm', 'warm', 'warm']);
    expect(canon(a1)).toBe(canon(freshA));
    expect(canon(a2)).toBe(canon(freshA));
    expect(canon(b)).toBe(canon(freshB));
    expect(canon(b2)).toBe(canon(freshB));
  });

  it('leave user code nowhere to carry state from one run to the next', async () => {
    const line = (r: RunBacktestResult) => r.logs[0]!.message;
    const first = await pool.runBacktest(req({ source: PROBE, params: { secret: 41, fail: 0 }, reuseKey: 'owner-2:v7' }));
    const second = await pool.runBacktest(req({ source: PROBE, params: { secret: 42, fail: 0 }, reuseKey: 'owner-2:v7' }));
    expect(second.usage.isolate).toBe('warm');
    expect(line(first)).toMatch(/^global=undefined global-write=refused regexp="[^s]*" intrinsic-write=refused module=1 random=0\.\d{6}$/);
    // the second run saw nothing of the first (its global write, its RegExp match of "s41", its module counter)
    expect(line(second)).toBe(line(first));
  });

  it('never reuse the isolate of a failed run, nor across keys or code', async () => {
    await pool.runBacktest(req({ source: PROBE, params: { secret: 1, fail: 0 }, reuseKey: 'owner-3:v1' }));
    await expect(pool.runBacktest(req({ source: PROBE, params: { secret: 1, fail: 1 }, reuseKey: 'owner-3:v1' }))).rejects.toBeInstanceOf(StrategyError);
    const after = await pool.runBacktest(req({ source: PROBE, params: { secret: 1, fail: 0 }, reuseKey: 'owner-3:v1' }));
    expect(after.usage.isolate).not.toBe('warm');
    const otherKey = await pool.runBacktest(req({ source: PROBE, params: { secret: 1, fail: 0 }, reuseKey: 'owner-4:v1' }));
    expect(otherKey.usage.isolate).not.toBe('warm');
    const otherCode = await pool.runBacktest(req({ reuseKey: 'owner-4:v1' }));
    expect(otherCode.usage.isolate).not.toBe('warm');
  });
});
