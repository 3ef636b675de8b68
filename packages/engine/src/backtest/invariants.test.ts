import { describe, expect, it } from 'vitest';
import { busy, run, series, venueModel, walk } from './fixtures.ts';
import type { VenueModel } from '../contract.ts';

const venues: [string, Partial<VenueModel>][] = [
  ['cash, no shorts', {}],
  ['fees + fixed slippage, shorts', { allowShort: true, takerFee: 0.001, makerFee: 0.0004, slippage: { kind: 'fixedBps', bps: 5 } }],
  ['leverage 3 with liquidation, volume share', { allowShort: true, leverage: 3, maintenanceMargin: 0.1, takerFee: 0.0005, slippage: { kind: 'volumeShare', maxShare: 0.02, impactBps: 30 } }],
  ['fill on close', { allowShort: true, fillOn: 'close', takerFee: 0.001 }],
];

describe('accounting invariants over a busy random run', () => {
  for (const [name, v] of venues) {
    it(name, () => {
      const b = walk(2_000, name.length);
      const out = run({ strategy: busy, initialCash: 50_000, series: [series(b)], venue: venueModel(v) });
      // Books are closed at the last mark without fee, so closed trades explain all of the equity change.
      let pnl = 0;
      for (const x of out.trades.pnl) pnl += x;
      expect(pnl).toBeCloseTo(out.equity[out.equity.length - 1] - 50_000, 6);
      // Fees: the events' fees add up to feesPaid.
      let fees = 0;
      for (const e of out.events) fees += e.fee ?? 0;
      expect(fees).toBeCloseTo(out.feesPaid, 6);
      // Every fill lies inside its bar's range, widened only by the slippage model.
      const slip = v.slippage?.kind === 'fixedBps' ? v.slippage.bps : v.slippage?.kind === 'volumeShare' ? v.slippage.impactBps : 0;
      const tol = slip / 10_000 + 1e-9;
      const t0 = b.time[0];
      for (const e of out.events) {
        if (e.fillPrice === undefined) continue;
        const i = Math.round((e.time - t0) / 60_000);
        const j = Math.min(i, b.time.length - 1);
        // Fills at the close (fillOn close) are stamped with the close time = next bar's open.
        const lo = Math.min(b.low[j], b.low[Math.max(0, j - 1)]);
        const hi = Math.max(b.high[j], b.high[Math.max(0, j - 1)]);
        expect(e.fillPrice).toBeGreaterThanOrEqual(lo * (1 - tol) - 0.01);
        expect(e.fillPrice).toBeLessThanOrEqual(hi * (1 + tol) + 0.01);
      }
      for (const x of out.equity) expect(Number.isFinite(x)).toBe(true);
      expect(out.events.filter((e) => e.kind === 'filled').length).toBeGreaterThan(20);
      expect(out.trades.pnl.length).toBeGreaterThan(5);
    });
  }
});
