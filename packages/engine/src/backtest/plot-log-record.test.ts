import { describe, expect, it } from 'vitest';
import type { StrategyDefinition } from '@strata/strategy-sdk';
import { createBacktest } from './create-backtest.ts';
import { closes, run, scripted, series, venueModel } from './fixtures.ts';

const nanIdx = (a: Float64Array) => [...a].flatMap((v, i) => (Number.isNaN(v) ? [i] : []));

describe('ctx.plot recording', () => {
  it('keeps one column per name in order of first use, NaN where a bar was not plotted', () => {
    const out = run({
      strategy: {
        apiVersion: 1,
        onBar(ctx) {
          const c = ctx.bar.close;
          if (c !== 3) ctx.plot('close', c, { color: '#ff8800' });
          if (c >= 4) ctx.plot('double', c * 2, { pane: 'separate', color: 'rebeccapurple' });
          if (c === 5) ctx.plot('close', -1, { color: 'red' }); // second call on a bar: last wins; options stay
        },
      },
      series: [series(closes([1, 2, 3, 4, 5, 6]))],
    });
    expect(out.plots.map((p) => [p.name, p.pane, p.color])).toEqual([['close', 'price', '#ff8800'], ['double', 'separate', 'rebeccapurple']]);
    expect([...out.plots[0].values].map((v) => (Number.isNaN(v) ? null : v))).toEqual([1, 2, null, 4, -1, 6]);
    expect(nanIdx(out.plots[1].values)).toEqual([0, 1, 2]);
    expect([...out.plots[1].values.subarray(3)]).toEqual([8, 10, 12]);
    expect(out.plotsDropped).toBe(0);
  });

  it('ignores and counts calls over the caps or with bad input, and never throws', () => {
    const hostileOpts = { get pane(): string { throw new Error('getter'); } };
    const out = run({
      strategy: {
        apiVersion: 1,
        onStart(ctx) { ctx.plot('before', 1); },
        onBar(ctx) {
          for (let k = 0; k < 20; k++) ctx.plot(`p${k}`, k);
          ctx.plot('x'.repeat(65), 1);
          ctx.plot('', 1);
          ctx.plot(42 as unknown as string, 1);
          ctx.plot('p0', 'high' as unknown as number);
        },
      },
      series: [series(closes([1, 2, 3]))],
      caps: { maxPlots: 16 },
    });
    expect(out.plots.map((p) => p.name)).toEqual(Array.from({ length: 16 }, (_, k) => `p${k}`));
    // per bar: 4 names over the cap, 3 bad names, 1 bad value; plus the call before the first bar
    expect(out.plotsDropped).toBe(3 * (4 + 3 + 1) + 1);
    const colored = run({
      strategy: { apiVersion: 1, onBar(ctx) { ctx.plot('a', 1, hostileOpts as never); ctx.plot('b', 2, { color: 'url(x)' }); } },
      series: [series(closes([1, 2]))],
    });
    expect(colored.plots.map((p) => [p.name, p.pane, p.color])).toEqual([['a', 'price', undefined], ['b', 'price', undefined]]);
  });

  it('stops adding names once their columns would pass maxPlotBytes', () => {
    const out = run({
      strategy: { apiVersion: 1, onBar(ctx) { ctx.plot('a', 1); ctx.plot('b', 2); ctx.plot('c', 3); } },
      series: [series(closes([1, 2, 3, 4]))],
      caps: { maxPlotBytes: 2 * 4 * 8 },
    });
    expect(out.plots.map((p) => p.name)).toEqual(['a', 'b']);
    expect(out.plotsDropped).toBe(4);
  });

  it('allocates nothing for a strategy that never plots, and cuts columns to the bars processed', () => {
    const quiet = run({ strategy: scripted({}), series: [series(closes([1, 2, 3]))] });
    expect(quiet.plots).toEqual([]);
    expect(quiet.plotsDropped).toBe(0);
    const bt = createBacktest({
      strategy: { apiVersion: 1, onBar(ctx) { ctx.plot('c', ctx.bar.close); } },
      params: {}, series: [series(closes([1, 2, 3, 4, 5]))], venue: venueModel(), initialCash: 100,
    });
    bt.step(3);
    expect([...bt.finish().plots[0].values]).toEqual([1, 2, 3]);
  });
});

describe('ctx.log call sites (caps.logSite)', () => {
  const chatty: StrategyDefinition = { apiVersion: 1, onBar(ctx) { ctx.log('bar', ctx.bar.close); } };

  it('asks the host for the site of each kept line only, never once the cap is reached', () => {
    let calls = 0;
    const out = run({
      strategy: chatty,
      series: [series(closes([1, 2, 3, 4, 5]))],
      caps: { maxLogLines: 3, logSite: () => (++calls === 2 ? undefined : { line: 10 + calls, column: 5 }) },
    });
    expect(calls).toBe(3);
    expect(out.logs).toEqual([
      { time: expect.any(Number), message: 'bar 1', line: 11, column: 5 },
      { time: expect.any(Number), message: 'bar 2' },
      { time: expect.any(Number), message: 'bar 3', line: 13, column: 5 },
    ]);
    expect(out.logsDropped).toBe(2);
  });

  it('records no position without a host hook', () => {
    const out = run({ strategy: chatty, series: [series(closes([1]))] });
    expect(out.logs).toEqual([{ time: expect.any(Number), message: 'bar 1' }]);
  });
});
