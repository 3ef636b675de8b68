import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBacktest } from '@strata/engine';
import {
  createSandboxPool, StrategyCrashed, StrategyError, StrategyMemoryExceeded, StrategyTimeout,
  type Progress, type RunBacktestRequest, type SandboxPool,
} from '../index.ts';
import { PROBE_SOURCE, SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../testing/fixtures.ts';
import { loadTrustedDefinitionInProcess } from '../testing/load-in-node.ts';

let pool: SandboxPool;
beforeAll(() => { pool = createSandboxPool({ size: 2, maxRunsPerWorker: 25 }); });
afterAll(() => pool.close());

const small = [syntheticSeries(3_000)];
const req = (source: string, extra: Partial<RunBacktestRequest> = {}): RunBacktestRequest => ({
  source, params: { fast: 10, slow: 30 }, series: small, venue: VENUE, initialCash: 10_000, seed: 1,
  limits: { cpuMsPerBatch: 1_000, barsPerBatch: 1_000 }, ...extra,
});

async function rejection(p: Promise<unknown>): Promise<Error & Record<string, any>> {
  try { await p; } catch (e) { return e as Error & Record<string, any>; }
  throw new Error('expected the run to fail');
}

describe('sandbox pool: results', () => {
  it('produces exactly what the engine produces in plain Node for the same definition', async () => {
    const series = [syntheticSeries(30_000)]; // 1.4 MB of bars: travels through the bars file
    const sandboxed = await pool.runBacktest(req(SMA_CROSS_SOURCE, { series }));
    const def = await loadTrustedDefinitionInProcess(SMA_CROSS_SOURCE);
    const bt = createBacktest({ strategy: def, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10_000 });
    bt.step(bt.length);
    const plain = bt.finish();
    expect(sandboxed.output.ordersEmitted).toBeGreaterThan(10);
    expect(Buffer.from(sandboxed.output.equity.buffer).equals(Buffer.from(plain.equity.buffer))).toBe(true);
    expect(Array.from(sandboxed.output.trades.pnl)).toEqual(Array.from(plain.trades.pnl));
    expect(sandboxed.output.events).toEqual(JSON.parse(JSON.stringify(plain.events)));
    expect(sandboxed.output.orders).toEqual(JSON.parse(JSON.stringify(plain.orders)));
    expect(sandboxed.output.barsProcessed).toBe(30_000);
    expect(sandboxed.usage).toMatchObject({ barsProcessed: 30_000, ordersEmitted: plain.ordersEmitted });
    expect(sandboxed.usage.cpuMs).toBeGreaterThan(0);
    expect(sandboxed.usage.peakHeapBytes).toBeGreaterThan(30_000 * 48);
  });

  it('passes recordEvents to the engine, and rejections carry their numbers in limit/actual', async () => {
    const canon = (x: unknown) => JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
    const all = await pool.runBacktest(req(SMA_CROSS_SOURCE));
    const fills = await pool.runBacktest(req(SMA_CROSS_SOURCE, { recordEvents: 'fills' }));
    const none = await pool.runBacktest(req(SMA_CROSS_SOURCE, { recordEvents: 'none' }));
    expect(all.output.events.length).toBeGreaterThan(fills.output.events.length);
    expect(fills.output.events).toEqual(all.output.events.filter((e) => e.kind === 'filled' || e.kind === 'partiallyFilled' || e.kind === 'liquidated'));
    expect(fills.output.events.length).toBeGreaterThan(0);
    expect(none.output.events).toEqual([]);
    expect(none.output.orders).toEqual([]);
    for (const r of [fills, none]) {
      expect(canon(r.output.equity)).toBe(canon(all.output.equity));
      expect(canon(r.output.trades)).toBe(canon(all.output.trades));
      expect(r.output.ordersEmitted).toBe(all.output.ordersEmitted);
    }
    await expect(pool.runBacktest(req(SMA_CROSS_SOURCE, { recordEvents: 'most' as never }))).rejects.toThrow(/recordEvents/);
    const dust = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({ apiVersion: 1, onStart: () => ({ n: 0 }), onBar(ctx, s) { if (s.n++ % 1000 === 0) ctx.orders.market(ctx.symbol, 'buy', 0.0001); } });
`;
    const d = await pool.runBacktest(req(dust));
    const rej = d.output.events.filter((e) => e.code === 'MIN_NOTIONAL');
    expect(rej).toHaveLength(3);
    expect(new Set(rej.map((e) => e.reason)).size).toBe(1);
    for (const e of rej) {
      expect(e.limit).toBe(1);
      expect(e.actual).toBeGreaterThan(0);
      expect(e.actual).toBeLessThan(1);
    }
  });

  it('reuses bars named by a datasetKey across runs and workers, with results identical to unkeyed runs', async () => {
    const series = [syntheticSeries(30_000)]; // over 1 MB: the keyed path (shared file, worker memory)
    const other = [syntheticSeries(30_000, 'BTC/USDT', 99)];
    const canon = (r: Awaited<ReturnType<SandboxPool['runBacktest']>>) => JSON.stringify(r.output, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
    const plain = canon(await pool.runBacktest(req(SMA_CROSS_SOURCE, { series })));
    const keyed = await Promise.all([0, 1, 2, 3].map(() => pool.runBacktest(req(SMA_CROSS_SOURCE, { series, datasetKey: 'ds-a' }))));
    for (const r of keyed) expect(canon(r)).toBe(plain);
    // another dataset under another key in between, then the first key again
    const b = await pool.runBacktest(req(SMA_CROSS_SOURCE, { series: other, datasetKey: 'ds-b' }));
    expect(canon(b)).toBe(canon(await pool.runBacktest(req(SMA_CROSS_SOURCE, { series: other }))));
    expect(canon(await pool.runBacktest(req(SMA_CROSS_SOURCE, { series, datasetKey: 'ds-a' })))).toBe(plain);
    // a key reused with bars of another shape is not served from the old bars
    const shorter = [syntheticSeries(25_000, 'BTC/USDT', 5)];
    const reshaped = await pool.runBacktest(req(SMA_CROSS_SOURCE, { series: shorter, datasetKey: 'ds-a' }));
    expect(reshaped.output.barsProcessed).toBe(25_000);
    expect(canon(reshaped)).toBe(canon(await pool.runBacktest(req(SMA_CROSS_SOURCE, { series: shorter }))));
    await expect(pool.runBacktest(req(SMA_CROSS_SOURCE, { series, datasetKey: '' }))).rejects.toThrow(/datasetKey/);
  });

  it('is deterministic: same inputs give byte-identical outputs; Math.random is seeded and Date pinned', async () => {
    const a = await pool.runBacktest(req(PROBE_SOURCE));
    const b = await pool.runBacktest(req(PROBE_SOURCE));
    const c = await pool.runBacktest(req(PROBE_SOURCE, { seed: 2 }));
    const strip = (r: typeof a) => JSON.stringify({ o: r.output, logs: r.logs, eq: Array.from(r.output.equity) }, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
    expect(strip(a)).toBe(strip(b));
    expect(a.logs.length).toBeGreaterThan(10);
    const r = (x: typeof a) => x.logs.map((l) => l.message.split(' r=')[1]);
    expect(r(c)).not.toEqual(r(a));
    for (const l of a.logs) expect(l.message.startsWith(`t=${l.time} `)).toBe(true);
    const barTimes = new Set(Array.from(small[0]!.bars.time));
    expect(barTimes.has(a.logs[0]!.time) || a.logs[0]!.time > small[0]!.bars.time[0]!).toBe(true);
  });

  it('pins Date to the event time the engine is at in every handler', async () => {
    const src = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({
  apiVersion: 1,
  onStart(ctx) { return { n: 0, bad: Date.now() === ctx.time ? 0 : 1, orders: 0 }; },
  onBar(ctx, s) {
    if (Date.now() !== ctx.time || new Date().getTime() !== ctx.time) s.bad++;
    if (++s.n % 100 === 0) ctx.orders.market(ctx.symbol, 'buy', 0.01);
  },
  onOrder(ctx, s) { s.orders++; if (Date.now() !== ctx.time) s.bad++; },
  onStop(ctx, s) { console.log('bad=' + (s.bad + (Date.now() === ctx.time ? 0 : 1)) + ' orders=' + s.orders + ' now=' + Date.now()); },
});`;
    const r = await pool.runBacktest(req(src));
    const line = r.logs.find((l) => l.message.startsWith('bad='))!;
    expect(line.message).toMatch(/^bad=0 orders=[1-9]\d* now=\d+$/);
    // onStop runs at the last bar's close time
    const t = small[0]!.bars.time;
    expect(Number(line.message.split('now=')[1])).toBe(t[t.length - 1]! + 60_000);
  });

  it('reports progress once per batch and usage with every result', async () => {
    const seen: Progress[] = [];
    const r = await pool.runBacktest(req(SMA_CROSS_SOURCE), (p) => seen.push(p));
    expect(seen.map((p) => p.barsProcessed)).toEqual([1_000, 2_000, 3_000]);
    expect(seen.every((p) => p.totalBars === 3_000)).toBe(true);
    expect(r.usage.wallMs).toBeGreaterThan(0);
  });

  it('reads a definition\'s metadata without running a backtest', async () => {
    const meta = await pool.readStrategyMeta(SMA_CROSS_SOURCE);
    expect(meta).toMatchObject({ name: 'SMA cross', apiVersion: 1, params: { fast: { type: 'int', default: 10, min: 2, max: 100 } } });
  });

  it('runs a strategy with type errors: only syntax errors block', async () => {
    const src = SMA_CROSS_SOURCE.replace('const c = ctx.bar.close;', 'const c: string = ctx.bar.close as number;');
    const r = await pool.runBacktest(req(src));
    expect(r.output.barsProcessed).toBe(3_000);
  });

  it('copies bars backed by a resizable ArrayBuffer into fresh buffers (hazard 6)', async () => {
    const base = small[0]!;
    const n = base.bars.time.length;
    // lib is ES2023: resizable buffers are typed locally
    const RAB = ArrayBuffer as unknown as new (len: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
    const rab = new RAB(6 * n * 8, { maxByteLength: 12 * n * 8 });
    const cols = (['time', 'open', 'high', 'low', 'close', 'volume'] as const).map((c, k) => {
      const v = new Float64Array(rab, k * n * 8, n);
      v.set(base.bars[c]);
      return [c, v] as const;
    });
    const series = [{ ...base, bars: Object.fromEntries(cols) as unknown as typeof base.bars }];
    const [a, b] = await Promise.all([pool.runBacktest(req(SMA_CROSS_SOURCE, { series })), pool.runBacktest(req(SMA_CROSS_SOURCE))]);
    rab.resize(8);
    expect(Array.from(a.output.equity)).toEqual(Array.from(b.output.equity));
  });

  it('returns saveState output as JSON', async () => {
    const src = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({ apiVersion: 1, onStart() { return { n: 0 }; }, onBar(ctx, s) { s.n++; }, saveState(s) { return s; } });`;
    const r = await pool.runBacktest(req(src));
    expect(JSON.parse(r.state!)).toEqual({ n: 3_000 });
  });
});

describe('sandbox pool: errors', () => {
  it('maps a runtime error to the author\'s TypeScript line and column', async () => {
    const src = `import { defineStrategy } from '@strata/sdk';

type State = { n: number };
function check(n: number): void {
  if (n > 100) throw new Error(\`too many bars: \${n}\`);
}
export default defineStrategy({
  apiVersion: 1,
  onStart(): State { return { n: 0 }; },
  onBar(ctx, s: State) {
    s.n++;
    check(s.n);
  },
});
`;
    const e = await rejection(pool.runBacktest(req(src)));
    expect(e).toBeInstanceOf(StrategyError);
    expect(e.message).toBe('too many bars: 101');
    expect([e.line, e.column]).toEqual([5, 22]);
    expect(e.strategyStack).toContain('strategy.ts:12:5');
    expect(e.strategyStack).not.toMatch(/strata-runtime|\/work\/|node:/);
    expect(e.usage.barsProcessed).toBe(0);
  });

  it('enforces the per-batch CPU budget, the total CPU budget and the wall budget', async () => {
    const slow = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({ apiVersion: 1, onBar() { const end = Date.now(); let x = 0; for (let i = 0; i < 2e5; i++) x += i; if (x < 0) throw new Error(String(end)); } });`;
    const batch = await rejection(pool.runBacktest(req(slow, { limits: { cpuMsPerBatch: 100, barsPerBatch: 3_000 } })));
    expect(batch).toBeInstanceOf(StrategyTimeout);
    expect(batch.budget).toBe('cpuPerBatch');
    const total = await rejection(pool.runBacktest(req(slow, { limits: { cpuMsPerBatch: 1_000, cpuMsTotal: 150, barsPerBatch: 500 } })));
    expect(total).toBeInstanceOf(StrategyTimeout);
    expect(total.budget).toBe('cpuTotal');
    expect(total.usage.cpuMs).toBeGreaterThan(150);
    const wall = await rejection(pool.runBacktest(req(slow, { limits: { cpuMsPerBatch: 1_000, wallMs: 150, barsPerBatch: 500 } })));
    expect(wall).toBeInstanceOf(StrategyTimeout);
    expect(wall.budget).toBe('wall');
  });

  it('enforces the heap limit', async () => {
    const src = `import { defineStrategy } from '@strata/sdk';
const keep: number[][] = [];
export default defineStrategy({ apiVersion: 1, onBar() { keep.push(new Array(200_000).fill(0.5)); } });`;
    const e = await rejection(pool.runBacktest(req(src, { limits: { memoryMb: 16 } })));
    expect(e).toBeInstanceOf(StrategyMemoryExceeded);
    expect(e.code).toBe('STRATEGY_MEMORY_EXCEEDED');
  });

  it('caps console output and result size inside the isolate', async () => {
    const chatty = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({ apiVersion: 1, onBar(ctx) { console.log('bar', ctx.time); ctx.orders.market(ctx.symbol, 'buy', 0.001); } });`;
    const r = await pool.runBacktest(req(chatty, { limits: { maxLogBytes: 1_000 } }));
    expect(r.logs.reduce((n, l) => n + l.message.length, 0)).toBeLessThanOrEqual(1_000);
    expect(r.logsDropped).toBeGreaterThan(2_000);
    const big = await rejection(pool.runBacktest(req(chatty, { limits: { maxOutputBytes: 50_000 } })));
    expect(big).toBeInstanceOf(StrategyError);
    expect(big.reason).toBe('output-too-large');
  });

  it('survives a worker killed from outside mid-run, and replaces it', async () => {
    const slow = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({ apiVersion: 1, onBar() { let x = 0; for (let i = 0; i < 1e5; i++) x += i; } });`;
    const running = pool.runBacktest(req(slow, { limits: { cpuMsPerBatch: 5_000, barsPerBatch: 100 } }));
    const before = pool.stats().workers.map((w) => w.pid);
    let victim: number | undefined;
    for (let i = 0; i < 200 && victim === undefined; i++) {
      await new Promise((r) => setTimeout(r, 10));
      victim = pool.stats().workers.find((w) => w.busy)?.pid;
    }
    process.kill(victim!, 'SIGKILL');
    const e = await rejection(running);
    expect(e).toBeInstanceOf(StrategyCrashed);
    const r = await pool.runBacktest(req(SMA_CROSS_SOURCE));
    expect(r.output.barsProcessed).toBe(3_000);
    expect(pool.stats().workers.map((w) => w.pid)).not.toContain(victim);
    expect(before).toContain(victim);
  });

  it('aborts a running run by killing its worker, and a queued one by dropping it', async () => {
    const slow = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({ apiVersion: 1, onBar() { let x = 0; for (let i = 0; i < 1e6; i++) x += i; } });`;
    const p = createSandboxPool({ size: 1 });
    try {
      const ac1 = new AbortController();
      const ac2 = new AbortController();
      const running = p.runBacktest(req(slow, { limits: { cpuMsPerBatch: 5_000, barsPerBatch: 100 } }), undefined, ac1.signal);
      const queued = p.runBacktest(req(slow), undefined, ac2.signal);
      let victim: number | undefined;
      for (let i = 0; i < 500 && victim === undefined; i++) {
        await new Promise((r) => setTimeout(r, 10));
        victim = p.stats().workers.find((w) => w.busy)?.pid;
      }
      ac2.abort(new Error('queued run canceled'));
      ac1.abort(new Error('running run canceled'));
      await expect(running).rejects.toThrow('running run canceled');
      await expect(queued).rejects.toThrow('queued run canceled');
      expect(victim).toBeTypeOf('number');
      const r = await p.runBacktest(req(SMA_CROSS_SOURCE));
      expect(r.output.barsProcessed).toBe(3_000);
      expect(p.stats().workers.map((w) => w.pid)).not.toContain(victim);
    } finally {
      await p.close();
    }
  });

  it('recycles workers after maxRunsPerWorker runs', async () => {
    const p = createSandboxPool({ size: 1, maxRunsPerWorker: 2 });
    try {
      const pids = new Set<number | undefined>();
      for (let i = 0; i < 3; i++) {
        await p.runBacktest(req(SMA_CROSS_SOURCE));
        await new Promise((r) => setTimeout(r, 50));
        pids.add(p.stats().workers[0]?.pid);
      }
      expect(pids.size).toBeGreaterThanOrEqual(2);
    } finally {
      await p.close();
    }
    await expect(p.runBacktest(req(SMA_CROSS_SOURCE))).rejects.toThrow(/closed/);
  });
});
