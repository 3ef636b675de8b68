import { describe, expect, it } from 'vitest';
import { computeReport } from '../metrics/report.ts';
import { busy, run, series, venueModel, walk } from './fixtures.ts';

describe('determinism', () => {
  it('the same input twice gives an identical event stream, equity curve and report', () => {
    const once = () => {
      const out = run({
        strategy: busy, initialCash: 100_000, series: [series(walk(3_000, 7))],
        venue: venueModel({ allowShort: true, leverage: 2, maintenanceMargin: 0.05, takerFee: 0.001, makerFee: 0.0005, slippage: { kind: 'volumeShare', maxShare: 0.05, impactBps: 20 } }),
      });
      return { events: JSON.stringify(out.events), equity: JSON.stringify([...out.equity]), report: JSON.stringify(computeReport(out, { initialCash: 100_000 }).metrics) };
    };
    const a = once();
    const b = once();
    expect(a.events.length).toBeGreaterThan(1_000);
    expect(a.events).toBe(b.events);
    expect(a.equity).toBe(b.equity);
    expect(a.report).toBe(b.report);
  });
});
