import { createBacktest } from '../src/index.ts';
const n = 1_000_000;
const b = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
let p = 100; let seed = 1;
const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
for (let i = 0; i < n; i++) { b.time[i] = i * 60000; const c = p * (1 + (rnd() - 0.5) * 0.004); b.open[i] = p; b.close[i] = c; b.high[i] = Math.max(p, c); b.low[i] = Math.min(p, c); b.volume[i] = 10; p = c; }
const mk = (hold: boolean) => {
  const strategy = { apiVersion: 1 as const, onStart: () => ({ s: 0 }), onBar(ctx: any, st: any) { st.s += ctx.bar.close; if (hold && st.s > 0 && ctx.bar.close > 0 && !st.done) { st.done = true; ctx.orders.market('X', 'buy', 1); } } };
  return createBacktest({ strategy, params: {}, initialCash: 1e6, series: [{ instrument: { symbol: 'X', tickSize: 0.01, lotSize: 0.001, minNotional: 0 }, timeframe: '1m', bars: b }], venue: { makerFee: 0, takerFee: 0, slippage: { kind: 'none' }, fillOn: 'nextOpen', leverage: 1, maintenanceMargin: 0, allowShort: false } });
};
const which = process.argv[2] === 'hold';
for (let r = 0; r < 2; r++) {
  for (const hold of [which]) {
    const bt = mk(hold);
    console.log('STEP-START'); const t = performance.now(); bt.step(n); console.log('STEP-END'); const ms = performance.now() - t;
    let s = 0; const t2 = performance.now(); for (let i = 0; i < n; i++) s += b.close[i]; const ms2 = performance.now() - t2;
    console.log(hold ? 'in position' : 'flat       ', ms.toFixed(1), 'ms; bare sum loop', ms2.toFixed(2), s > 0);
  }
}
