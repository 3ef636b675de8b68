import { createSandboxPool } from '../src/index.ts';
const n = Number(process.argv[2] ?? 1000);
const mk = () => { const time = new Float64Array(n), c = new Float64Array(n); for (let i = 0; i < n; i++) { time[i] = 1.7e12 + i * 60000; c[i] = 100 + Math.sin(i / 50) * 10; } return { time, open: c, high: c, low: c, close: c, volume: c }; };
const series = [{ instrument: { symbol: 'BTC/USDT', tickSize: 0.01, lotSize: 0.0001, minNotional: 1 }, timeframe: '1m', bars: mk() }];
const venue = { makerFee: 0.001, takerFee: 0.001, slippage: { kind: 'none' }, fillOn: 'nextOpen', leverage: 1, maintenanceMargin: 0, allowShort: false } as const;
const pool = createSandboxPool({ size: 2 });
const src = `import { defineStrategy } from '@strata/sdk';
export default defineStrategy({ apiVersion: 1, name: 'x', onStart() { return { n: 0 } }, onBar(ctx, s) { s.n++; if (s.n === 5) { console.log('hi', Date.now(), Math.random()); ctx.orders.market('BTC/USDT', 'buy', 1); } if (s.n === ${Number(process.argv[3] ?? -1)}) throw new Error('boom at ' + s.n); } });`;
const t0 = performance.now();
try {
  const r = await pool.runBacktest({ source: src, params: {}, series, venue, initialCash: 1000, seed: 1 }, (p) => console.log('progress', p.barsProcessed));
  console.log(performance.now() - t0, r.usage, r.logs, r.output.events, r.output.equity.length, r.output.equity[10]);
} catch (e) { console.log('ERR', e); }
console.log(await pool.readStrategyMeta(src));
await pool.close();
