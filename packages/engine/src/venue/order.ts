import type { OrderIntent, OrderSide, OrderType, TimeInForce } from '@strata/strategy-sdk';
import type { Account } from '../portfolio/account.ts';

/** How the quantity was given: derived sizes may be scaled down to what the account can afford at fill. */
export type SizeOrigin = 'explicit' | 'derived';

/** The engine's mutable record of one order (the intent it came from stays immutable). */
export interface WorkingOrder {
  readonly id: string;
  readonly intent: OrderIntent;
  readonly account: Account;
  readonly s: number;
  readonly side: OrderSide;
  /** +1 buy, -1 sell. */
  readonly dir: number;
  type: OrderType;
  /** Remaining quantity (rounded to lot once accepted). */
  qty: number;
  filled: number;
  origin: SizeOrigin;
  limit: number;
  stop: number;
  trailAmount: number;
  trailPercent: number;
  /** Best price seen since placement (trailing stops). */
  best: number;
  /** Stop-limit: the stop has triggered and it now works as a limit. */
  triggered: boolean;
  /** Bars whose open time is earlier than this cannot fill the order (no filling at prices from before it existed). */
  activeFrom: number;
  placedAt: number;
  tif: TimeInForce;
  reduceOnly: boolean;
  /** A limit that could already trade when placed takes liquidity on its first chance (taker fee). */
  marketable: boolean;
  firstChanceDone: boolean;
  /** Bracket legs of this (entry) order, placed once it is completely filled. */
  stopLoss: number;
  takeProfit: number;
  /** OCO sibling (bracket legs point at each other). */
  sibling: WorkingOrder | null;
  /** Queued and working market orders count towards Account.pending (target sizing). */
  countsPending: boolean;
  done: boolean;
}

export function newWorkingOrder(
  intent: OrderIntent, account: Account, s: number, side: OrderSide, qty: number, origin: SizeOrigin,
): WorkingOrder {
  return {
    id: intent.id,
    intent,
    account,
    s,
    side,
    dir: side === 'buy' ? 1 : -1,
    type: intent.type,
    qty,
    filled: 0,
    origin,
    limit: intent.limitPrice ?? Number.NaN,
    stop: intent.stopPrice ?? Number.NaN,
    trailAmount: intent.trailAmount ?? Number.NaN,
    trailPercent: intent.trailPercent ?? Number.NaN,
    best: Number.NaN,
    triggered: false,
    activeFrom: Number.NEGATIVE_INFINITY,
    placedAt: Number.NEGATIVE_INFINITY,
    tif: intent.tif ?? 'gtc',
    reduceOnly: intent.reduceOnly === true,
    marketable: false,
    firstChanceDone: false,
    stopLoss: intent.stopLoss ?? Number.NaN,
    takeProfit: intent.takeProfit ?? Number.NaN,
    sibling: null,
    countsPending: false,
    done: false,
  };
}
