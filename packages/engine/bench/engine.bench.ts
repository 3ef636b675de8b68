/**
 * Engine throughput: SMA(10)/SMA(30) crossover over 1,000,000 synthetic 1-minute bars through
 * createBacktest + computeReport, against a hand-written loop doing the same trading (the baseline).
 * Run: npm exec -- node packages/engine/bench/engine.bench.ts
 */
import type { ParamSpecs, StrategyDefinition } from '@strata/strategy-sdk';
import type { BarColumns } from '../src/contract.ts';
import { computeReport, createBacktest, createRng } from '../src/index.ts';

const N = Number(process.env.BENCH_BARS ?? 1_000_000);
const FAST = 10;
const SLOW = 30;
const SYMBOL = 'BTC/USDT';


function synthBars(n: number, seed: number): BarColumns {
  const rnd = createRng(seed);
  const b: BarColumns = {
    time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n),
    low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n),
  };
  let p = 30_000;
  const t0 = Date.UTC(2023, 0, 1);
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = Math.max(1, o * (1 + (rnd() - 0.5) * 0.004));
    b.time[i] = t0 + i * 60_000;
    b.open[i] = Math.round(o * 100) / 100;
    b.close[i] = Math.round(c * 100) / 100;
    b.high[i] = Math.round(Math.max(o, c) * (1 + rnd() * 0.001) * 100) / 100;
    b.low[i] = Math.round(Math.min(o, c) * (1 - rnd() * 0.001) * 100) / 100;
    b.volume[i] = 1 + rnd() * 100;
    p = c;
  }
  return b;
}

/** Streaming SMA pair in a ring buffer: O(1) per bar, no allocation. */
interface CrossState { buf: Float64Array; n: number; sumFast: number; sumSlow: number; above: number }

function newState(): CrossState {
  return { buf: new Float64Array(SLOW), n: 0, sumFast: 0, sumSlow: 0, above: 0 };
}

/** Pushes a close; returns +1 on a golden cross, -1 on a death cross, 0 otherwise. */
function push(st: CrossState, x: number): number {
  const i = st.n % SLOW;
  const old = st.buf[i];
  st.buf[i] = x;
  st.n++;
  st.sumSlow += x - (st.n > SLOW ? old : 0);
  st.sumFast += x - (st.n > FAST ? st.buf[(st.n - 1 - FAST) % SLOW] : 0);
  if (st.n < SLOW) return 0;
  const above = st.sumFast / FAST > st.sumSlow / SLOW ? 1 : -1;
  const prev = st.above;
  st.above = above;
  return prev !== 0 && above !== prev ? above : 0;
}

const strategy: StrategyDefinition<ParamSpecs, CrossState> = {
  apiVersion: 1,
  name: 'sma-cross',
  onStart: () => newState(),
  onBar(ctx, st) {
    const x = push(st, ctx.bar.close);
    if (x > 0) ctx.orders.target(SYMBOL, { kind: 'targetPercent', value: 1 });
    else if (x < 0) ctx.orders.target(SYMBOL, { kind: 'targetQty', value: 0 });
  },
};

const FEE = 0.0002;

let reportMs = 0;

function runEngine(b: BarColumns) {
  const bt = createBacktest({
    strategy, params: {}, initialCash: 100_000,
    series: [{ instrument: { symbol: SYMBOL, tickSize: 0.01, lotSize: 0.00001, minNotional: 5 }, timeframe: '1m', bars: b }],
    venue: { makerFee: FEE, takerFee: FEE, slippage: { kind: 'none' }, fillOn: 'nextOpen', leverage: 1, maintenanceMargin: 0, allowShort: false },
  });
  bt.step(bt.length);
  const out = bt.finish();
  const t = performance.now();
  const report = computeReport(out, { initialCash: 100_000 });
  reportMs = performance.now() - t;
  return { equity: out.equity[out.equity.length - 1], trades: out.trades.pnl.length, sharpe: report.metrics.sharpe };
}

const LOT = 0.00001;
const floorLot = (q: number): number => Math.floor(q / LOT + 1e-9) * LOT;

/**
 * The same trading by hand, mirroring the engine's rules: size on the signal bar's close
 * (equity / close, floored to the lot), fill at the next open, shrink to what cash affords after
 * the fee, skip orders under the 5 USDT minimum notional, sell everything on the death cross.
 */
function runBaseline(b: BarColumns) {
  const st = newState();
  let cash = 100_000;
  let qty = 0;
  let want = 0;
  let sell = false;
  let trades = 0;
  const equity = new Float64Array(b.close.length);
  for (let i = 0; i < b.close.length; i++) {
    const p = b.open[i];
    if (want > 0) {
      const q = Math.min(want, floorLot(cash / (p * (1 + FEE))));
      if (q * p >= 5) {
        cash -= q * p * (1 + FEE);
        qty = q;
      }
      want = 0;
    } else if (sell) {
      cash += qty * p * (1 - FEE);
      qty = 0;
      trades++;
      sell = false;
    }
    const x = push(st, b.close[i]);
    const eq = cash + qty * b.close[i];
    if (x > 0 && qty === 0) {
      const q = floorLot(eq / b.close[i]);
      if (q * b.close[i] >= 5) want = q;
    } else if (x < 0 && qty > 0) sell = true;
    equity[i] = cash + qty * b.close[i];
  }
  return { equity: equity[equity.length - 1], trades: trades + (qty > 0 ? 1 : 0) };
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const t = performance.now();
  const result = fn();
  return { ms: performance.now() - t, result };
}

const b = synthBars(N, 42);
// Cold: the first run in a fresh process, as in a fresh sandbox isolate (no JIT warm-up).
const cold = time(() => runEngine(b));
// Warm-up on a slice so both paths are optimised before timing.
for (let k = 0; k < 3; k++) {
  runEngine(synthBars(50_000, k + 1));
  runBaseline(synthBars(50_000, k + 1));
}
const runs = 7;
let engineMs = Number.POSITIVE_INFINITY;
let baseMs = Number.POSITIVE_INFINITY;
let eng: ReturnType<typeof runEngine> | undefined;
let bestReportMs = 0;
let base: ReturnType<typeof runBaseline> | undefined;
for (let r = 0; r < runs; r++) {
  const e = time(() => runEngine(b));
  const s = time(() => runBaseline(b));
  if (e.ms < engineMs) { engineMs = e.ms; eng = e.result; bestReportMs = reportMs; }
  if (s.ms < baseMs) { baseMs = s.ms; base = s.result; }
}
const engineBps = Math.round(N / (engineMs / 1000));
const baseBps = Math.round(N / (baseMs / 1000));
console.log(`bars: ${N}, best of ${runs}; cold first engine run ${cold.ms.toFixed(1)} ms`);
console.log(`engine  : ${engineMs.toFixed(1)} ms (of which computeReport ${bestReportMs.toFixed(1)} ms), ${(engineBps / 1e6).toFixed(2)}M bars/s, final equity ${eng?.equity.toFixed(2)}, trades ${eng?.trades}`);
console.log(`baseline: ${baseMs.toFixed(1)} ms, ${(baseBps / 1e6).toFixed(2)}M bars/s, final equity ${base?.equity.toFixed(2)}, trades ${base?.trades}`);
console.log(JSON.stringify({
  name: 'engine.sma-crossover',
  figures: { bars: N, engineBarsPerSec: engineBps, coldEngineBarsPerSec: Math.round(N / (cold.ms / 1000)), baselineBarsPerSec: baseBps, baselineOverEngine: +(baseBps / engineBps).toFixed(2), engineMs: +engineMs.toFixed(1), reportMs: +bestReportMs.toFixed(1), trades: eng?.trades ?? 0, resultsMatch: eng?.trades === base?.trades && Math.abs((eng?.equity ?? 0) - (base?.equity ?? 1)) < 1e-6 * Math.abs(base?.equity ?? 1), baselineMs: +baseMs.toFixed(1) },
  targets: { engineBarsPerSec: 5_000_000 },
}));
