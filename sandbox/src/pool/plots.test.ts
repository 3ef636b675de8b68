import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBacktest } from '@strata/engine';
import { createSandboxPool, type RunBacktestRequest, type SandboxPool } from '../index.ts';
import { VENUE, syntheticSeries } from '../testing/fixtures.ts';
import { loadTrustedDefinitionInProcess } from '../testing/load-in-node.ts';

let pool: SandboxPool;
beforeAll(() => { pool = createSandboxPool({ size: 1 }); });
afterAll(() => pool.close());

const PLOTTING = `import { defineStrategy, ta } from '@strata/sdk';
export default defineStrategy({
  apiVersion: 1,
  onStart() { return { sma: ta.sma(20), rsi: ta.rsi(14), n: 0 }; },
  onBar(ctx, s) {
    s.n++;
    ctx.plot('SMA 20', s.sma.update(ctx.bar.close), { color: '#f5a623' });
    if (s.n % 3 !== 0) ctx.plot('RSI', s.rsi.update(ctx.bar.close), { pane: 'separate', color: 'javascript:alert(1)' });
    for (let k = 0; k < 20; k++) ctx.plot('extra ' + k, k);
  },
});
`;

const req = (bars: number): RunBacktestRequest => ({
  source: PLOTTING, params: {}, series: [syntheticSeries(bars)], venue: VENUE, initialCash: 10_000, seed: 1,
  limits: { cpuMsPerBatch: 2_000, barsPerBatch: 10_000 },
});

async function inProcess(r: RunBacktestRequest) {
  const bt = createBacktest({ strategy: await loadTrustedDefinitionInProcess(PLOTTING), params: {}, series: r.series, venue: VENUE, initialCash: 10_000 });
  bt.step(bt.length);
  return bt.finish();
}

describe('ctx.plot through the sandbox', () => {
  // 600 bars: the result comes back inline; 60,000: through the worker's result file
  for (const bars of [600, 60_000]) {
    it(`returns the engine's plot columns bit for bit (${bars} bars)`, async () => {
      const r = req(bars);
      const [sandboxed, plain] = await Promise.all([pool.runBacktest(r), inProcess(r)]);
      const out = sandboxed.output;
      expect(out.plots.map((p) => [p.name, p.pane, p.color])).toEqual([
        ['SMA 20', 'price', '#f5a623'], ['RSI', 'separate', undefined],
        ...Array.from({ length: 14 }, (_, k) => [`extra ${k}`, 'price', undefined]),
      ]);
      expect(out.plotsDropped).toBe(plain.plotsDropped);
      expect(out.plotsDropped).toBe(6 * bars);
      expect(out.plots).toHaveLength(plain.plots.length);
      out.plots.forEach((p, i) => {
        expect(p.values).toBeInstanceOf(Float64Array);
        expect(p.values.length).toBe(bars);
        expect(Buffer.from(p.values.buffer, p.values.byteOffset, p.values.byteLength)
          .equals(Buffer.from(plain.plots[i]!.values.buffer, plain.plots[i]!.values.byteOffset, plain.plots[i]!.values.byteLength))).toBe(true);
      });
      const rsi = out.plots[1]!.values;
      expect(Number.isNaN(rsi[2]!)).toBe(true); // bar 3 was not plotted
      expect(Number.isNaN(rsi[bars - 1 - ((bars) % 3)]!)).toBe(true);
      expect(Number.isFinite(out.plots[0]!.values[bars - 1]!)).toBe(true);
    });
  }

  it("keeps no plot columns in the optimiser's trial mode (recordEvents 'none'), with results unchanged", async () => {
    const [trial, full] = await Promise.all([pool.runBacktest({ ...req(600), recordEvents: 'none' }), pool.runBacktest(req(600))]);
    expect(trial.output.plots).toEqual([]);
    expect(trial.output.plotsDropped).toBe(600 * 21 + 400); // every call: SMA and 20 extras per bar, RSI on 2 bars of 3
    expect(Array.from(trial.output.equity)).toEqual(Array.from(full.output.equity));
  });

  it('a strategy that does not plot returns no plots', async () => {
    const r = await pool.runBacktest({ ...req(100), source: `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({ apiVersion: 1, onBar() {} });
` });
    expect(r.output.plots).toEqual([]);
    expect(r.output.plotsDropped).toBe(0);
  });
});
