import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxPool, type RunBacktestRequest, type SandboxPool } from '../index.ts';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../testing/fixtures.ts';

let pool: SandboxPool;
beforeAll(() => { pool = createSandboxPool({ size: 1 }); });
afterAll(() => pool.close());

const req = (source: string): RunBacktestRequest => ({
  source, params: {}, series: [syntheticSeries(200)], venue: VENUE, initialCash: 10_000, seed: 1,
  limits: { cpuMsPerBatch: 1_000, barsPerBatch: 100 },
});

/** 1-based line of the only line holding `marker`, and the 1-based columns its call may start/end at. */
function site(source: string, marker: string, call: string): { line: number; from: number; to: number } {
  const lines = source.split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(marker) ? [i] : []));
  expect(hits, marker).toHaveLength(1);
  const text = lines[hits[0]!]!;
  const from = text.indexOf(call) + 1;
  expect(from, call).toBeGreaterThan(0);
  return { line: hits[0]! + 1, from, to: text.indexOf(')', from) + 1 };
}

// Types, interfaces and blank lines above the calls: esbuild drops them, so strategy.js lines differ.
const TYPED_SOURCE = `import { defineStrategy, type StrategyContext } from '@strata/sdk';

/** Only types up here: none of this survives compilation. */
interface Counters {
  n: number;
  seen: Map<string, number>;
}

type Ctx = StrategyContext;


function report(ctx: Ctx, s: Counters): void {
  const label: string = 'bar ' + s.n;
  console.warn('console', label); // mark: console
}

export default defineStrategy({
  apiVersion: 1,
  onStart(): Counters { return { n: 0, seen: new Map() }; },
  onBar(ctx, s: Counters) {
    s.n++;
    if (s.n > 3) return;

    ctx.log('ctx', ctx.bar.close as number); // mark: ctx
    report(ctx, s);
  },
});
`;

describe("log lines link to the author's TypeScript", () => {
  it('a ctx.log and a console call come back with their TypeScript line and column', async () => {
    const r = await pool.runBacktest(req(TYPED_SOURCE));
    const ctxSite = site(TYPED_SOURCE, 'mark: ctx', 'ctx.log');
    const conSite = site(TYPED_SOURCE, 'mark: console', 'console.warn');
    expect(r.output.logs).toHaveLength(3);
    for (const l of r.output.logs) {
      expect(l.message).toMatch(/^ctx /);
      expect(l.line).toBe(ctxSite.line);
      expect(l.column).toBeGreaterThanOrEqual(ctxSite.from);
      expect(l.column).toBeLessThan(ctxSite.to);
    }
    expect(r.logs).toHaveLength(3);
    for (const l of r.logs) {
      expect(l.message).toMatch(/^\[warn\] console bar \d$/);
      expect(l.line).toBe(conSite.line);
      expect(l.column).toBeGreaterThanOrEqual(conSite.from);
      expect(l.column).toBeLessThan(conSite.to);
    }
  });

  it('spoofing attempts leave each position correct or absent, and the host unharmed', async () => {
    const source = readFileSync(new URL('../abuse/fixtures/log-site-spoofing.ts', import.meta.url), 'utf8');
    const r = await pool.runBacktest(req(source));
    const all = [...r.output.logs, ...r.logs];
    const byText = (t: string) => all.find((l) => l.message.includes(t));
    const expected: [string, string, string][] = [
      ['spoof named', 'site: named', "ctx.log('spoof named')"],
      // eval and new Function code is skipped: the line is the one that called into it
      ['spoof eval', 'site: eval', 'eval('],
      ['spoof function', 'site: function', "new Function("],
      ['spoof getter', 'site: getter', 'console.log('],
      ['spoof ctx getter', 'site: ctx getter', 'ctx.log('],
      ['spoof done', 'site: done', 'console.log('],
    ];
    for (const [text, marker] of expected) {
      const l = byText(text);
      expect(l, text).toBeDefined();
      if (l!.line !== undefined) expect(l!.line, text).toBe(site(source, marker, '').line);
    }
    // the ones no tampering can move must be present
    for (const text of ['spoof named', 'spoof eval', 'spoof done']) expect(byText(text)!.line, text).toBeDefined();
    const after = await pool.runBacktest(req(SMA_CROSS_SOURCE));
    expect(after.output.barsProcessed).toBe(200);
  });

  it('keeps no position on lines over the log budget', async () => {
    const source = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({ apiVersion: 1, onBar(ctx) { console.log('x'.repeat(40)); } });
`;
    const r = await pool.runBacktest({ ...req(source), limits: { maxLogBytes: 100, barsPerBatch: 100 } });
    expect(r.logsDropped).toBeGreaterThan(0);
    expect(r.logs.length).toBeLessThanOrEqual(3);
    for (const l of r.logs) expect(l.line).toBe(2);
  });
});
