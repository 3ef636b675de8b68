import { afterAll, describe, expect, it } from 'vitest';
import { createSandboxPool, type SandboxPool } from '@strata/sandbox';
import { syntheticBars } from './synthetic-candles.ts';
import { createSandboxRunner } from './sandbox-runner.ts';
import { RunCanceled, type RunSpec } from '../domain/runner.ts';
import { LOGS_CROSSINGS, SLOW } from '../test-support/strategies.ts';
import { waitFor } from '../test-support/env.ts';
import { resolveMarket } from '../domain/run-request.ts';

const pools: SandboxPool[] = [];
const makePool = (size: number) => () => {
  const p = createSandboxPool({ size });
  pools.push(p);
  return p;
};
afterAll(async () => {
  for (const p of pools) await p.close();
});

const FROM = Date.UTC(2024, 0, 1);
function spec(source: string, params: RunSpec['params'], bars: number): RunSpec {
  const to = FROM + bars * 60_000;
  const m = resolveMarket({ venue: 'test', symbol: 'BTC/USDT', timeframe: '1m', from: new Date(FROM).toISOString(), to: new Date(to).toISOString() });
  return {
    source, params, bars: syntheticBars({ venue: 'test', symbol: 'BTC/USDT', timeframe: '1m', from: FROM, to }),
    instrument: m.instrument, timeframe: '1m', venue: m.venueModel, initialCash: m.initialCash, seed: m.seed,
  };
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('sandbox runner', () => {
  it('cancel aborts the sandbox run: its worker process is killed while another run on the pool completes', async () => {
    const runner = createSandboxRunner(makePool(2));
    let victim: number | undefined;
    const pool = () => pools[pools.length - 1]!;
    const canceled = runner.run(spec(SLOW, { spin: 50_000 }, 6000), () => {
      victim ??= pool().stats().workers.find((w) => w.busy)?.pid;
      return false;
    });
    const other = runner.run(spec(SLOW, { spin: 0 }, 2000));
    await expect(canceled).rejects.toBeInstanceOf(RunCanceled);
    expect(victim).toBeTypeOf('number');
    // The isolate does not finish in the background: its worker process is gone and replaced.
    await waitFor(async () => !alive(victim!), 10_000, 20);
    const done = await other;
    expect(done.output.barsProcessed).toBe(2000);
    await waitFor(async () => pool().stats().workers.length === 2 && !pool().stats().workers.some((w) => w.pid === victim), 10_000, 20);
  });

  it('returns ctx.log and console lines in run order with their bar times and levels', async () => {
    const runner = createSandboxRunner(makePool(1));
    const s = spec(LOGS_CROSSINGS, { fast: 5, slow: 20 }, 1500);
    const out = await runner.run(s);
    const ctxLines = out.logs.filter((l) => l.source === 'ctx');
    expect(ctxLines.length).toBeGreaterThan(2);
    expect(ctxLines.every((l) => /^cross (up|down) at bar \d+$/.test(l.message) && l.level === 'info')).toBe(true);
    // each line carries the simulated clock of the bar that wrote it: the bar's close (open time + 1m)
    for (const l of ctxLines) expect(l.time).toBe(s.bars.time[Number(l.message.split(' ').pop()) - 1]! + 60_000);
    expect(out.logs[0]).toMatchObject({ source: 'console', level: 'warn', time: s.bars.time[0]! + 60_000 });
    expect(out.logs[0]!.message).toMatch(/^first bar /);
    expect(out.logs.map((l) => l.time)).toEqual([...out.logs.map((l) => l.time)].sort((a, b) => a - b));
    expect(out.logsDropped).toBe(0);
  });
});
