import type { WorkingOrder } from './order.ts';
import type { Precision } from './precision.ts';

/** Where and how an order trades on one move of the price path (reused scratch, never allocated per bar). */
export interface Hit {
  /** Price before slippage. */
  price: number;
  /** Position along the move, 0 (start) .. 1 (end): orders hit earlier are filled first. */
  t: number;
  /** Resting liquidity (maker fee, no slippage) or taking it (taker fee, slippage). */
  maker: boolean;
  /** Taker limit fills may slip but never past this price (NaN: uncapped). */
  cap: number;
}

function at(a: number, b: number, level: number): number {
  return a === b ? 0 : Math.abs(level - a) / Math.abs(b - a);
}

/** Trailing stop level from the best price seen (before tick rounding). */
export function trailLevel(o: WorkingOrder): number {
  const d = Number.isFinite(o.trailAmount) ? o.trailAmount : o.best * o.trailPercent;
  return o.dir < 0 ? o.best - d : o.best + d;
}

/**
 * Does `o` trade on the move a -> b (a === b for a jump such as the open gap)? `first` is true for the
 * bar's opening point, the only point where market orders trade. The first price on the move that
 * satisfies the order is where it trades: a stop already through at `a` fills at `a` (gap), otherwise
 * exactly at its level; a limit fills at `a` if already better, otherwise at the limit.
 * Mutates stop-limits (trigger) — the caller ratchets trailing stops after the move.
 */
export function evaluate(o: WorkingOrder, a: number, b: number, first: boolean, prec: Precision, hit: Hit): boolean {
  const buy = o.dir > 0;
  hit.cap = Number.NaN;
  switch (o.type) {
    case 'market':
      if (!first) return false;
      hit.price = a; hit.t = 0; hit.maker = false;
      return true;
    case 'limit':
      return limitHit(o, a, b, hit);
    case 'stop':
    case 'trailingStop': {
      const level = o.type === 'stop' ? o.stop : prec.price(trailLevel(o));
      if (buy ? a >= level : a <= level) { hit.price = a; hit.t = 0; }
      else if (buy ? b >= level : b <= level) { hit.price = level; hit.t = at(a, b, level); }
      else return false;
      hit.maker = false;
      return true;
    }
    case 'stopLimit': {
      if (o.triggered) return limitHit(o, a, b, hit);
      let p: number;
      if (buy ? a >= o.stop : a <= o.stop) { p = a; hit.t = 0; }
      else if (buy ? b >= o.stop : b <= o.stop) { p = o.stop; hit.t = at(a, b, o.stop); }
      else return false;
      o.triggered = true;
      // Marketable on trigger: takes liquidity at the trigger price, never worse than the limit.
      if (buy ? p <= o.limit : p >= o.limit) {
        hit.price = p; hit.maker = false; hit.cap = o.limit;
        return true;
      }
      return false;
    }
  }
}

function limitHit(o: WorkingOrder, a: number, b: number, hit: Hit): boolean {
  const L = o.limit;
  const buy = o.dir > 0;
  if (buy ? a <= L : a >= L) { hit.price = a; hit.t = 0; }
  else if (buy ? b <= L : b >= L) { hit.price = L; hit.t = at(a, b, L); }
  else return false;
  const taker = o.marketable && !o.firstChanceDone;
  hit.maker = !taker;
  hit.cap = taker ? L : Number.NaN;
  return true;
}

/** Trailing stops follow the best price reached on a move (after the move has been checked for a trigger). */
export function ratchet(o: WorkingOrder, a: number, b: number): void {
  if (o.dir < 0) {
    const hi = a > b ? a : b;
    if (!(o.best >= hi)) o.best = hi;
  } else {
    const lo = a < b ? a : b;
    if (!(o.best <= lo)) o.best = lo;
  }
}
