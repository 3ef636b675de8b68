import type { WorkingOrder } from '../venue/order.ts';
import type { RiskCheck } from '../risk/risk-engine.ts';
import type { BacktestRun } from './create-backtest.ts';

// Reused for every check (gating is single-threaded and check() keeps no reference).
const scratch: RiskCheck = { s: 0, dir: 1, qty: 0, refPrice: 0, reduceOnly: false, ownPending: 0 };

/**
 * Step (e) for one queued order: host caps, then the RiskEngine, then the venue. Every outcome is an
 * order event (denied / rejected / accepted / filled); nothing here throws at the strategy.
 */
export function gate(run: BacktestRun, o: WorkingOrder, overCap: boolean): void {
  const v = run.venue;
  const now = run.now();
  if (o.s < 0) {
    v.finish(o);
    v.emit('rejected', o, now, { code: 'UNKNOWN_SYMBOL', reason: "the symbol is not one of this run's series" });
    return;
  }
  if (overCap) {
    v.finish(o);
    v.emit('denied', o, now, { code: 'CAP_ORDERS_PER_BAR', reason: 'the host caps orders per bar' });
    return;
  }
  const mark = run.portfolio.marks[o.s];
  const ref = o.type === 'limit' || o.type === 'stopLimit' ? o.limit : o.type === 'stop' ? o.stop : mark;
  // Orders still queued behind this one have not passed the gate: they do not count as exposure yet.
  let notYet = o.countsPending ? o.dir * o.qty : 0;
  for (const q of run.queue) if (q.countsPending && q.account === o.account && q.s === o.s) notYet += q.dir * q.qty;
  let open = 0;
  for (const w of v.working) if (w.account === o.account) open++;
  const c = scratch;
  c.s = o.s;
  c.dir = o.dir;
  c.qty = o.qty;
  c.refPrice = ref;
  c.reduceOnly = o.reduceOnly;
  c.ownPending = notYet;
  const denial = run.risk.check(c, o.account.equity(run.portfolio.marks), open);
  if (denial) {
    v.finish(o);
    v.emit('denied', o, now, denial);
    return;
  }
  v.submit(o, now);
}
