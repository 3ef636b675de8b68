import { createBacktest } from '@strata/engine';
import { SMA_CROSS_SOURCE, VENUE, syntheticSeries } from '../src/testing/fixtures.ts';
import { loadTrustedDefinitionInProcess } from '../src/testing/load-in-node.ts';
import { StringTable, encodeEvents, encodeOrders } from '../src/isolate/columnar-output.ts';
import { EVENT_SPEC, ORDER_SPEC } from '../src/isolate/column-spec.ts';
import { JsonBudget } from '../src/isolate/sanitize.ts';
const series = [syntheticSeries(1_000_000)];
const def = await loadTrustedDefinitionInProcess(SMA_CROSS_SOURCE);
for (let i = 0; i < 4; i++) {
  const bt = createBacktest({ strategy: def, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10_000 });
  let t = performance.now();
  bt.step(bt.length);
  const tStep = performance.now() - t; t = performance.now();
  const out = bt.finish();
  const tFin = performance.now() - t; t = performance.now();
  const b = new JsonBudget(32 << 20); const tab = new StringTable(b);
  const e = encodeEvents(out.events, tab, b); const o = encodeOrders(out.orders, tab, b);
  const tEnc = performance.now() - t; t = performance.now();
  const eq = out.equity.slice(); const ex = out.exposure.slice();
  const tCopy = performance.now() - t;
  process.stdout.write(JSON.stringify({ tStep, tFin, tEnc, tCopy, strings: tab.list.length, bytes: b.used }) + "\n");
}
{
  const bt = createBacktest({ strategy: def, params: { fast: 10, slow: 30 }, series, venue: VENUE, initialCash: 10_000 });
  bt.step(bt.length); const out = bt.finish();
  const b = new JsonBudget(32 << 20); const tab = new StringTable(b);
  encodeEvents(out.events, tab, b); encodeOrders(out.orders, tab, b);
  process.stdout.write(JSON.stringify(tab.list.filter((s) => !/^o\d+$/.test(s)).slice(0, 20)) + '\n');
  const kinds: Record<string, number> = {}; for (const e of out.events) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
  process.stdout.write(JSON.stringify(kinds) + JSON.stringify(out.events.find((e) => e.kind === 'rejected')) + '\n');
}
