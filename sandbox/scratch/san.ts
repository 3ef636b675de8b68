import { createBacktest } from '@strata/engine';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../src/testing/fixtures.ts';
import { loadTrustedDefinitionInProcess } from '../src/testing/load-in-node.ts';
const { JsonBudget, pickEvent, pickOrder, copyTyped } = await import('../src/isolate/sanitize.ts');
const series = [syntheticSeries(1_000_000)];
const def = await loadTrustedDefinitionInProcess(SMA_CROSS_SOURCE);
const bt = createBacktest({ strategy: def, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10000 });
bt.step(bt.length); const out = bt.finish();
for (let i = 0; i < 3; i++) {
  const b = new JsonBudget(1e9);
  let t = performance.now(); const e = b.array(out.events, pickEvent); const te = performance.now() - t;
  t = performance.now(); const o = b.array(out.orders, pickOrder); const to = performance.now() - t;
  t = performance.now(); copyTyped(out.equity, 'Float64Array', 2e6); copyTyped(out.time, 'Float64Array', 2e6); const tc = performance.now() - t;
  t = performance.now(); JSON.stringify(out.events); const tj = performance.now() - t;
  process.stdout.write(['events', te.toFixed(1), 'orders', to.toFixed(1), 'copy', tc.toFixed(1), 'raw stringify events', tj.toFixed(1), e.length, o.length].join(' ') + '\n');
}
process.stdout.write(JSON.stringify(out.events[1]) + JSON.stringify(out.orders[0]) + '\n');
const { eventJson, orderJson } = await import('../src/isolate/sanitize.ts');
for (let i = 0; i < 3; i++) {
  const b = new JsonBudget(1e9);
  let t = performance.now(); const e = b.arrayOf(out.events, eventJson); const te = performance.now() - t;
  t = performance.now(); const o = b.arrayOf(out.orders, orderJson); const to = performance.now() - t;
  const b2 = new JsonBudget(1e9);
  const same = e === b2.array(out.events, pickEvent) && o === b2.array(out.orders, pickOrder);
  process.stdout.write(['manual events', te.toFixed(1), 'orders', to.toFixed(1), 'identical', same].join(' ') + '\n');
}
