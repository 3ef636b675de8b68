import { createBacktest } from '@strata/engine';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '/work/main/sandbox/src/testing/fixtures.ts';
import { loadTrustedDefinitionInProcess } from '/work/main/sandbox/src/testing/load-in-node.ts';
const def = await loadTrustedDefinitionInProcess(SMA_CROSS_SOURCE);
const bt = createBacktest({ strategy: def, params: { fast: 10, slow: 30 }, series: [syntheticSeries(1_000_000)], venue: VENUE, initialCash: 10_000 });
bt.step(bt.length);
const out = bt.finish();
const counts: Record<string, number> = {};
for (const e of out.events) { const k = e.kind + ':' + (e.code ?? ''); counts[k] = (counts[k] ?? 0) + 1; }
console.log(out.events.length, out.orders.length, counts);
const rej = out.events.filter((e) => e.code === 'MIN_NOTIONAL').slice(0, 3);
for (const r of rej) { const o = out.orders.find((x) => x.id === r.orderId); console.log(r, o); }
