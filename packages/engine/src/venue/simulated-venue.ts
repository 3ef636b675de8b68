import type { OrderEvent, OrderIntent } from '@strata/strategy-sdk';
import type { BarColumns, Instrument, VenueModel } from '../contract.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import type { WorkingOrder } from './order.ts';
import { orderEvent, type EventExtra } from './events.ts';
import { executeFill } from './execution.ts';
import { PricePath } from './path.ts';
import { Precision } from './precision.ts';
import type { Venue } from './venue.ts';
import { evaluate, ratchet, type Hit } from './triggers.ts';

const DAY_MS = 86_400_000;

/** Lower-timeframe bars [from, to) inside one execution bar. */
export interface SubBars { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array; from: number; to: number }

/** What the venue needs from its host: ids for bracket legs, and somewhere to put events and new intents. */
export interface VenueHooks {
  nextId(): string;
  recordIntent(intent: OrderIntent): void;
  emit(event: OrderEvent, order: WorkingOrder): void;
}

/**
 * Venue port, simulated: matches working orders against bars (see docs/fill-rules.md). The same
 * interface is what a live adapter implements: submit and cancel commands in, order events out.
 */
export class SimulatedVenue implements Venue {
  readonly model: VenueModel;
  readonly portfolio: Portfolio;
  readonly precision: Precision[];
  readonly hooks: VenueHooks;
  readonly working: WorkingOrder[] = [];
  readonly workingCount: Int32Array;
  /** Range of the bars processed for each symbol in the current engine step (NaN: none yet). */
  readonly stepOpen: Float64Array;
  readonly stepHigh: Float64Array;
  readonly stepLow: Float64Array;
  /** Volume of the last processed bar of each symbol and how much of it fills used (volumeShare capacity). */
  readonly consumed: Float64Array;
  readonly barVolume: Float64Array;
  private step = -1;
  private readonly stepOf: Float64Array;
  private readonly path = new PricePath();
  private readonly hit: Hit = { price: 0, t: 0, maker: false, cap: Number.NaN };
  private readonly cands: WorkingOrder[] = [];
  private readonly candPrice: number[] = [];
  private readonly candT: number[] = [];
  private readonly candMaker: boolean[] = [];
  private readonly candCap: number[] = [];

  constructor(model: VenueModel, instruments: readonly Instrument[], portfolio: Portfolio, hooks: VenueHooks) {
    this.model = model;
    this.portfolio = portfolio;
    this.precision = instruments.map((i) => new Precision(i));
    this.hooks = hooks;
    const n = instruments.length;
    this.workingCount = new Int32Array(n);
    this.stepOf = new Float64Array(n).fill(-1);
    this.stepOpen = new Float64Array(n).fill(Number.NaN);
    this.stepHigh = new Float64Array(n).fill(Number.NaN);
    this.stepLow = new Float64Array(n).fill(Number.NaN);
    this.consumed = new Float64Array(n);
    this.barVolume = new Float64Array(n);
  }

  emit(kind: OrderEvent['kind'], o: WorkingOrder, time: number, extra?: EventExtra): void {
    this.hooks.emit(orderEvent(kind, o, this.portfolio.symbols[o.s] ?? o.intent.symbol, time, extra), o);
  }

  /** Ends an order (fill, cancel, reject, expiry) and releases what it held. */
  finish(o: WorkingOrder): void {
    if (o.done) return;
    o.done = true;
    if (o.countsPending) o.account.pending[o.s] -= o.dir * o.qty;
    const i = this.working.indexOf(o);
    if (i >= 0) {
      this.working.splice(i, 1);
      this.workingCount[o.s]--;
    }
  }

  /** `reason` is a fixed text per code; the numbers behind it go in `limit` and `actual`. */
  reject(o: WorkingOrder, time: number, code: string, reason: string, limit?: number, actual?: number): void {
    this.finish(o);
    this.emit('rejected', o, time, { code, reason, limit, actual });
  }

  /**
   * Validates, rounds to instrument precision and accepts an order that passed the risk gate.
   * `now` is the current bar's close time; `mark` the symbol's last close.
   */
  submit(o: WorkingOrder, now: number): void {
    const prec = this.precision[o.s];
    const mark = this.portfolio.marks[o.s];
    const bad = invalid(o);
    if (bad) return this.reject(o, now, 'INVALID_ORDER', bad);
    o.limit = prec.price(o.limit);
    o.stop = prec.price(o.stop);
    o.stopLoss = prec.price(o.stopLoss);
    o.takeProfit = prec.price(o.takeProfit);
    if (!Number.isFinite(o.qty)) return this.reject(o, now, 'NO_PRICE', 'no price yet to size the order');
    const unrounded = o.qty;
    const rounded = prec.qty(o.qty);
    if (o.countsPending) o.account.pending[o.s] -= o.dir * (o.qty - rounded);
    o.qty = rounded;
    if (o.qty <= 0) return this.reject(o, now, 'QTY_TOO_SMALL', 'quantity rounds to 0 at the lot size', prec.instrument.lotSize, unrounded);
    const ref = o.type === 'limit' || o.type === 'stopLimit' ? o.limit : o.type === 'stop' ? o.stop : mark;
    if (o.qty * ref < prec.minNotional) {
      return this.reject(o, now, 'MIN_NOTIONAL', 'notional is below the minimum', prec.minNotional, o.qty * ref);
    }
    o.placedAt = now;
    o.activeFrom = now;
    o.best = mark;
    o.marketable = o.type === 'limit' && (o.dir > 0 ? o.limit >= mark : o.limit <= mark);
    this.working.push(o);
    this.workingCount[o.s]++;
    this.emit('accepted', o, now, { remainingQty: o.qty });
    if (o.type === 'market' && this.model.fillOn === 'close') {
      this.hit.maker = false;
      this.hit.cap = Number.NaN;
      executeFill(this, o, mark, this.hit, now, now);
      this.afterFirstChance(o, now);
    }
  }

  cancel(id: string, time: number): boolean {
    const o = this.working.find((w) => w.id === id);
    if (!o) return false;
    this.finish(o);
    this.emit('canceled', o, time, { remainingQty: o.qty });
    return true;
  }

  /** Starts an engine step: the per-step ranges restart lazily (see `touched`). */
  beginStep(step: number): void {
    this.step = step;
  }

  /** Did symbol `s` get a bar in the current step (so stepOpen/High/Low are current)? */
  touched(s: number): boolean {
    return this.stepOf[s] === this.step;
  }

  /**
   * Matches working orders of symbol `s` against its bar `j` of `cols`. `sub` optionally supplies the
   * lower-timeframe bars [from, to) that make up this bar (intrabar path). Takes indices, not prices:
   * passing doubles to a call that is not inlined boxes them, and this runs on every bar.
   */
  processBar(s: number, cols: BarColumns, j: number, sub?: SubBars): void {
    const high = cols.high[j];
    const low = cols.low[j];
    if (this.stepOf[s] !== this.step) {
      this.stepOf[s] = this.step;
      this.stepOpen[s] = cols.open[j];
      this.stepHigh[s] = high;
      this.stepLow[s] = low;
    } else {
      if (high > this.stepHigh[s]) this.stepHigh[s] = high;
      if (low < this.stepLow[s]) this.stepLow[s] = low;
    }
    this.consumed[s] = 0;
    this.barVolume[s] = cols.volume[j];
    if (this.workingCount[s] === 0) return;
    const time = cols.time[j];
    this.expireDay(s, time);
    const path = this.path;
    path.reset();
    if (sub && sub.to > sub.from) {
      for (let k = sub.from; k < sub.to; k++) path.addBar(sub.open[k], sub.high[k], sub.low[k], sub.close[k]);
    } else path.addBar(cols.open[j], high, low, cols.close[j]);
    for (let k = 0; k < path.n && this.workingCount[s] > 0; k++) {
      const b = path.pts[k];
      const a = path.jump[k] ? b : path.pts[k - 1];
      this.walkMove(s, time, a, b, k === 0);
    }
    // Forward without a copy (this runs every bar while orders rest): finish() removes at i.
    for (let i = 0; i < this.working.length;) {
      const o = this.working[i];
      if (o.s === s && time >= o.activeFrom) this.afterFirstChance(o, time);
      if (this.working[i] === o) i++;
    }
  }

  private walkMove(s: number, time: number, a: number, b: number, first: boolean): void {
    const prec = this.precision[s];
    const hit = this.hit;
    const cands = this.cands;
    let n = 0;
    for (const o of this.working) {
      if (o.s !== s || time < o.activeFrom) continue;
      if (!evaluate(o, a, b, first, prec, hit)) continue;
      // Insertion by position on the move; equal positions keep placement order.
      let j = n++;
      while (j > 0 && this.candT[j - 1] > hit.t) {
        cands[j] = cands[j - 1];
        this.candT[j] = this.candT[j - 1];
        this.candPrice[j] = this.candPrice[j - 1];
        this.candMaker[j] = this.candMaker[j - 1];
        this.candCap[j] = this.candCap[j - 1];
        j--;
      }
      cands[j] = o;
      this.candT[j] = hit.t;
      this.candPrice[j] = hit.price;
      this.candMaker[j] = hit.maker;
      this.candCap[j] = hit.cap;
    }
    for (let j = 0; j < n; j++) {
      const o = cands[j];
      if (o.done) continue;
      hit.maker = this.candMaker[j];
      hit.cap = this.candCap[j];
      executeFill(this, o, this.candPrice[j], hit, time, time);
    }
    for (const o of this.working) {
      if (o.type === 'trailingStop' && o.s === s && time >= o.activeFrom) ratchet(o, a, b);
    }
  }

  private afterFirstChance(o: WorkingOrder, time: number): void {
    o.firstChanceDone = true;
    if (!o.done && o.tif === 'ioc') {
      this.finish(o);
      this.emit('expired', o, time, { reason: 'immediate-or-cancel remainder', remainingQty: o.qty });
    }
  }

  private expireDay(s: number, time: number): void {
    for (let i = 0; i < this.working.length;) {
      const o = this.working[i];
      if (o.s === s && o.tif === 'day' && Math.floor(time / DAY_MS) > Math.floor(o.placedAt / DAY_MS)) {
        this.finish(o);
        this.emit('expired', o, time, { reason: 'day order past its UTC day', remainingQty: o.qty });
      } else i++;
    }
  }
}

function pos(x: number): boolean {
  return Number.isFinite(x) && x > 0;
}

function invalid(o: WorkingOrder): string | null {
  if ((o.type === 'limit' || o.type === 'stopLimit') && !pos(o.limit)) return 'limitPrice must be a positive number';
  if ((o.type === 'stop' || o.type === 'stopLimit') && !pos(o.stop)) return 'stopPrice must be a positive number';
  if (o.type === 'trailingStop' && !pos(o.trailAmount) && !(o.trailPercent > 0 && o.trailPercent < 1)) {
    return 'trailing stop needs trailAmount > 0 or 0 < trailPercent < 1';
  }
  if (!(o.qty >= 0) && !Number.isNaN(o.qty)) return 'quantity must be positive';
  return null;
}
