import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBacktest, type BacktestOutput } from '@strata/engine';
import { createSandboxPool, type RunBacktestRequest, type SandboxPool } from '../index.ts';
import { VENUE, syntheticSeries } from '../testing/fixtures.ts';
import { loadTrustedDefinitionInProcess } from '../testing/load-in-node.ts';

let pool: SandboxPool;
beforeAll(() => { pool = createSandboxPool({ size: 1 }); });
afterAll(() => pool.close());

const series = [syntheticSeries(2_000)];
const req = (source: string, extra: Partial<RunBacktestRequest> = {}): RunBacktestRequest => ({
  source, params: {}, series, venue: VENUE, initialCash: 10_000, seed: 1, limits: { cpuMsPerBatch: 1_000, barsPerBatch: 500 }, ...extra,
});

// Long and odd strings in every user-controlled string field of events and intents.
const ODD = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({
  apiVersion: 1,
  onStart() { return { n: 0 }; },
  onBar(ctx, s) {
    s.n++;
    if (s.n % 50 === 0) ctx.orders.market(ctx.symbol, 'buy', 0.01, { tag: 'long-' + 'x'.repeat(300 + s.n) });
    if (s.n % 70 === 0) ctx.orders.market(ctx.symbol, 'sell', 0.01, { tag: 'short' });
    if (s.n % 90 === 0) ctx.orders.market('NO/' + 'S'.repeat(2_000), 'buy', 1, { tag: 7 });
    if (s.n % 110 === 0) ctx.orders.limit(ctx.symbol, 'buy', 0.01, ctx.bar.close * 0.5, { tag: '\\u2028"\\\\' + 'é'.repeat(400) });
    if (s.n % 130 === 0) ctx.orders.cancelAll();
  },
});
`;

/** What the pool has always returned: a JSON round trip of the engine's objects, strings cut to 256 (reasons 1024). */
function expected(out: BacktestOutput) {
  const cut = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, k === 'reason' ? 1_024 : 256) : v]));
  return {
    events: JSON.parse(JSON.stringify(out.events.map((e) => cut(e as never)))),
    orders: JSON.parse(JSON.stringify(out.orders.map((o) => cut(o as never)))),
  };
}

describe('the event/intent record on its way out of the isolate', () => {
  it('gives what the engine recorded in plain Node, JSON-normalised, every string cut to its field cap', async () => {
    const r = await pool.runBacktest(req(ODD));
    const def = await loadTrustedDefinitionInProcess(ODD);
    const bt = createBacktest({ strategy: def, params: {}, series, venue: VENUE, initialCash: 10_000 });
    bt.step(bt.length);
    const plain = bt.finish();
    expect(plain.events.some((e) => e.code === 'UNKNOWN_SYMBOL' || e.symbol?.startsWith('NO/'))).toBe(true);
    expect(plain.orders.some((o) => (o.tag?.length ?? 0) > 256)).toBe(true);
    const want = expected(plain);
    expect(r.output.events).toStrictEqual(want.events);
    expect(r.output.orders).toStrictEqual(want.orders);
    expect(r.output.orders.every((o) => o.tag === undefined || (typeof o.tag === 'string' && o.tag.length <= 256))).toBe(true);
  });

  it('refuses a record larger than the output budget, as a named error', async () => {
    const chatty = ODD.replace('s.n % 50 === 0', 'true');
    const err = await pool.runBacktest(req(chatty, { limits: { cpuMsPerBatch: 1_000, barsPerBatch: 500, maxOutputBytes: 200_000 } })).then(() => undefined, (e: unknown) => e as Record<string, unknown>);
    expect(err).toMatchObject({ reason: 'output-too-large' });
    const ok = await pool.runBacktest(req(chatty));
    expect(ok.output.orders.length).toBeGreaterThan(2_000);
  });
});
