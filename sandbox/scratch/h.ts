import { createSandboxPool } from '../src/index.ts';
const n = 2000;
const mk = () => { const time = new Float64Array(n), c = new Float64Array(n); for (let i = 0; i < n; i++) { time[i] = 1.7e12 + i * 60000; c[i] = 100 + Math.sin(i / 50) * 10; } return { time, open: c, high: c, low: c, close: c, volume: c }; };
const series = [{ instrument: { symbol: 'BTC/USDT', tickSize: 0.01, lotSize: 0.0001, minNotional: 1 }, timeframe: '1m', bars: mk() }];
const venue = { makerFee: 0.001, takerFee: 0.001, slippage: { kind: 'none' }, fillOn: 'nextOpen', leverage: 1, maintenanceMargin: 0, allowShort: false } as const;
const pool = createSandboxPool({ size: 2, rssCapMb: 400 });
const bodies: Record<string, string> = {
  repeat: `const s = 'x'.repeat(2**28); console.log(s.length);`,
  map: `const m = new Map(); for (let i = 0;; i++) m.set(i, { i });`,
  keys: `const o: any = {}; for (let i = 0;; i++) o['k' + i] = i;`,
  bigint: `const b = (2n ** 40_000_000n + 1n).toString(); console.log(b.length);`,
  bigint2: `const b = BigInt('1'.repeat(20_000_000)); console.log(String(b).length);`,
  arr: `const a: any[] = []; for (;;) a.push(new Array(1e5).fill(1.5));`,
  ta: `const a: any[] = []; for (;;) a.push(new Float64Array(1e6));`,
  flood: `const f = (): any => Promise.resolve().then(f); f();`,
  caller: `function f(): any { return (f as any).caller; } const c = f(); console.log(typeof c, c && c.caller);`,
};
for (const k of (process.argv[2] ?? Object.keys(bodies).join(',')).split(',')) {
  const src = `import { defineStrategy } from '@strata/sdk';\nexport default defineStrategy({ apiVersion: 1, onBar(ctx) { if (ctx.bar.time > 1.7e12 + 60000*3) return; ${bodies[k]} } });`;
  const t0 = performance.now();
  try {
    const r = await pool.runBacktest({ source: src, params: {}, series, venue, initialCash: 1000, seed: 1, limits: { cpuMsPerBatch: 200, memoryMb: 32, wallMs: 5000 } });
    console.log(k, 'OK', r.logs.map((l) => l.message), (performance.now() - t0).toFixed(0));
  } catch (e: any) { console.log(k, e.name, e.message, e.reason ?? e.budget ?? '', (performance.now() - t0).toFixed(0)); }
}
await pool.close();
