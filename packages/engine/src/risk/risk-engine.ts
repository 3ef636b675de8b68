import type { RiskLimits } from '../contract.ts';
import type { Account } from '../portfolio/account.ts';

/** Stable codes of risk denials (they reach the strategy as `denied` order events). */
export const RISK_CODES = {
  maxPosition: 'RISK_MAX_POSITION',
  maxOrderNotional: 'RISK_MAX_ORDER_NOTIONAL',
  ordersPerBar: 'RISK_ORDERS_PER_BAR',
  maxOpenOrders: 'RISK_MAX_OPEN_ORDERS',
  drawdownHalt: 'RISK_DRAWDOWN_HALT',
} as const;

/** A denial: a fixed `reason` per code, the numbers in `limit` (the rule's bound) and `actual` (the order's value). */
export interface RiskDenial {
  code: string;
  reason: string;
  limit?: number;
  actual?: number;
}

/** What the gate needs to know about one order. */
export interface RiskCheck {
  s: number;
  /** +1 buy, -1 sell. */
  dir: number;
  qty: number;
  /** Price the notional is judged at: limit/stop price, else the last close. */
  refPrice: number;
  reduceOnly: boolean;
  /** Part of Account.pending not yet through the gate (this order and those queued after it). */
  ownPending: number;
}

/**
 * The pre-trade gate of one (sub-)account: every new order passes `check` before the venue sees it.
 * A denial is returned as data (the engine turns it into a `denied` event), never thrown. Orders
 * that only reduce a position are exempt from the drawdown halt and the position limit, so a
 * halted strategy can still get flat. The drawdown kill-switch latches: once tripped it stays on.
 */
export class RiskEngine {
  readonly limits: RiskLimits;
  readonly account: Account;
  peakEquity: number;
  halted = false;
  ordersThisBar = 0;
  /** False when there is no drawdown limit: the engine then skips onEquity on the hot path. */
  readonly tracksDrawdown: boolean;

  constructor(limits: RiskLimits, account: Account) {
    this.limits = limits;
    this.tracksDrawdown = limits.maxDrawdown !== undefined;
    this.account = account;
    this.peakEquity = account.initialCash;
  }

  /** Called once per step after marking: tracks the peak equity and trips the drawdown halt. */
  onMarks(marks: Float64Array): void {
    const equity = this.account.equity(marks);
    if (equity > this.peakEquity) this.peakEquity = equity;
    const dd = this.limits.maxDrawdown;
    if (dd !== undefined && !this.halted && this.peakEquity > 0 && 1 - equity / this.peakEquity > dd) this.halted = true;
  }

  beginBar(): void {
    this.ordersThisBar = 0;
  }

  check(c: RiskCheck, equity: number, openOrders: number): RiskDenial | null {
    const L = this.limits;
    const pos = this.account.qty[c.s] + this.account.pending[c.s] - c.ownPending;
    const after = pos + c.dir * c.qty;
    const increases = !c.reduceOnly && Math.abs(after) > Math.abs(pos) + 1e-12;
    if (this.halted && increases) {
      return { code: RISK_CODES.drawdownHalt, reason: 'drawdown limit exceeded; only reducing orders are allowed', limit: L.maxDrawdown };
    }
    if (L.maxOrdersPerBar !== undefined && this.ordersThisBar >= L.maxOrdersPerBar) {
      return { code: RISK_CODES.ordersPerBar, reason: 'too many orders in this bar', limit: L.maxOrdersPerBar, actual: this.ordersThisBar + 1 };
    }
    if (L.maxOpenOrders !== undefined && openOrders >= L.maxOpenOrders) {
      return { code: RISK_CODES.maxOpenOrders, reason: 'too many open orders', limit: L.maxOpenOrders, actual: openOrders };
    }
    const notional = c.qty * c.refPrice;
    if (L.maxOrderNotional !== undefined && notional > L.maxOrderNotional) {
      return { code: RISK_CODES.maxOrderNotional, reason: 'order notional exceeds the maximum', limit: L.maxOrderNotional, actual: notional };
    }
    if (L.maxPositionPercent !== undefined && increases) {
      const posNotional = Math.abs(after) * c.refPrice;
      const cap = L.maxPositionPercent * equity;
      if (posNotional > cap + 1e-9) {
        return { code: RISK_CODES.maxPosition, reason: 'position notional would exceed the maximum share of equity', limit: cap, actual: posNotional };
      }
    }
    this.ordersThisBar++;
    return null;
  }
}
