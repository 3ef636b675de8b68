// Updates per second of the hottest indicators over 1M values; last stdout line is JSON.
import { ta } from '../src/index.ts';

const N = 1_000_000;
const xs = new Float64Array(N);
let seed = 42;
let price = 100;
for (let i = 0; i < N; i++) {
  // Deterministic random walk (LCG), so every run measures the same input.
  seed = (seed * 1103515245 + 12345) >>> 0;
  price *= 1 + ((seed / 2 ** 32) - 0.5) * 0.01;
  xs[i] = price;
}

function measure(make: () => { update(x: number): number }): number {
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const ind = make();
    let sink = 0;
    const t0 = performance.now();
    for (let i = 0; i < N; i++) sink += ind.update(xs[i]) || 0;
    const ms = performance.now() - t0;
    if (sink === 42.4242) console.log('');
    best = Math.max(best, N / (ms / 1000));
  }
  return Math.round(best);
}

const figures = {
  sma20_updates_per_s: measure(() => ta.sma(20)),
  ema20_updates_per_s: measure(() => ta.ema(20)),
  rsi14_updates_per_s: measure(() => ta.rsi(14)),
  bollinger20_updates_per_s: measure(() => ta.bollinger(20, 2)),
};
console.log(JSON.stringify({
  name: 'strategy-sdk.indicators',
  figures,
  targets: { sma20_updates_per_s: 20_000_000, ema20_updates_per_s: 20_000_000, rsi14_updates_per_s: 20_000_000 },
}));
