/**
 * The run's record of order events and order intents, kept as typed-array columns plus one string
 * table (layout: record-spec.ts) from the moment each is made. Keeping ~60,000 event and intent
 * objects alive until the end of a 1M-bar run made the garbage collector copy and promote them all:
 * in a sandbox isolate, whose young generation is small, that was ~40% of the run's time, and
 * encoding them for the way out took tens of ms more (docs/sandbox.md, Benchmark). The objects
 * handed to `onOrder` are separate copies and die young.
 */
import type { OrderEvent, OrderIntent } from '@strata/strategy-sdk';
import { EVENT_SPEC, ORDER_SPEC, X_BOOL_PRESENT, X_BOOL_TRUE, X_SIZE, type EncodedRecords, type RecordSpec } from './record-spec.ts';

const CHUNK = 4_096;

/**
 * Row-major columns of one record kind, in fixed-size chunks: appending never copies what is there
 * (doubling a 60,000-row column set cost ~10% of a 1M-bar run), `take` joins them once.
 */
class Columns {
  n = 0;
  /** The chunk being filled and the row index inside it. */
  s!: Int32Array;
  f!: Float64Array;
  p!: Uint8Array;
  x!: Uint8Array;
  at = CHUNK;
  private readonly chunks: { s: Int32Array; f: Float64Array; p: Uint8Array; x: Uint8Array }[] = [];
  private readonly S: number;
  private readonly F: number;

  constructor(spec: RecordSpec) {
    this.S = spec.strings.length;
    this.F = spec.numbers.length;
  }

  /** Index (inside the current chunk) of a new row: strings -1, numbers absent, flags 0. */
  row(): number {
    if (this.at === CHUNK) this.chunk();
    this.n++;
    return this.at++;
  }

  private chunk(): void {
    const c = { s: new Int32Array(CHUNK * this.S).fill(-1), f: new Float64Array(CHUNK * this.F), p: new Uint8Array(CHUNK * this.F), x: new Uint8Array(CHUNK) };
    this.chunks.push(c);
    this.s = c.s; this.f = c.f; this.p = c.p; this.x = c.x;
    this.at = 0;
  }

  /** Fresh exact-length columns of all rows, or of the rows `keep` selects. */
  take(keep?: Uint8Array): EncodedRecords {
    const { S, F } = this;
    let n = this.n;
    if (keep) { n = 0; for (let i = 0; i < this.n; i++) n += keep[i]!; }
    const out: EncodedRecords = { n, s: new Int32Array(n * S), f: new Float64Array(n * F), p: new Uint8Array(n * F), x: new Uint8Array(n) };
    let w = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      const c = this.chunks[k]!;
      const rows = Math.min(CHUNK, this.n - k * CHUNK);
      if (!keep) {
        out.s.set(c.s.subarray(0, rows * S), w * S);
        out.f.set(c.f.subarray(0, rows * F), w * F);
        out.p.set(c.p.subarray(0, rows * F), w * F);
        out.x.set(c.x.subarray(0, rows), w);
        w += rows;
        continue;
      }
      for (let r = 0; r < rows; r++) {
        if (!keep[k * CHUNK + r]) continue;
        out.s.set(c.s.subarray(r * S, (r + 1) * S), w * S);
        out.f.set(c.f.subarray(r * F, (r + 1) * F), w * F);
        out.p.set(c.p.subarray(r * F, (r + 1) * F), w * F);
        out.x[w++] = c.x[r]!;
      }
    }
    return out;
  }

  /** String id in column `j` of row `i` (0-based over all rows). */
  sAt(i: number, j: number): number {
    return this.chunks[Math.floor(i / CHUNK)]!.s[(i % CHUNK) * this.S + j]!;
  }
}

/** The columnar record of a run: what `BacktestOutput.record` holds. */
export interface RunRecord {
  /** The strings the `s` columns of both kinds index. */
  strings: string[];
  events: EncodedRecords;
  orders: EncodedRecords;
}

const FILL_KINDS = new Set<string>(['filled', 'partiallyFilled', 'liquidated']);

/** A number field: the value and its presence byte (anything but a number is absent). */
function put(f: Float64Array, p: Uint8Array, i: number, v: unknown): void {
  if (typeof v === 'number') { f[i] = v; p[i] = 1; }
}
const SLOTS = 10;
const WAYS = 4;

export class EventRecord {
  private readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly events = new Columns(EVENT_SPEC);
  private readonly orders = new Columns(ORDER_SPEC);
  /**
   * Per string column (`slot`), the last WAYS values and their ids, tried before the table's map:
   * a column holds a handful of engine constants (kinds, sides, codes) or repeats an order's own id,
   * and comparing the same string object is a pointer compare, while a map look-up hashes.
   */
  private readonly cacheValue: (string | undefined)[] = new Array<string | undefined>(SLOTS * WAYS).fill(undefined);
  private readonly cacheId = new Int32Array(SLOTS * WAYS);
  private readonly cacheNext = new Uint8Array(SLOTS);

  /** Index of `v` in the table (-1 when not a string). */
  private sid(v: unknown, slot: number): number {
    if (typeof v !== 'string') return -1;
    const base = slot * WAYS;
    const cv = this.cacheValue;
    for (let w = 0; w < WAYS; w++) if (cv[base + w] === v) return this.cacheId[base + w]!;
    let i = this.ids.get(v);
    if (i === undefined) {
      i = this.strings.length;
      this.ids.set(v, i);
      this.strings.push(v);
    }
    const w = this.cacheNext[slot]!;
    this.cacheNext[slot] = (w + 1) % WAYS;
    cv[base + w] = v;
    this.cacheId[base + w] = i;
    return i;
  }

  // Written field by field (named loads on the engine's few record shapes), in EVENT_SPEC order:
  // strings kind, orderId, symbol, side, code, reason, tag; numbers time, fillPrice, fillQty, fee,
  // remainingQty, limit, actual. Order ids share slot 1 with intents' ids (an order's events follow it).
  event(e: OrderEvent): void {
    const c = this.events;
    const i = c.row();
    const s = c.s, si = i * 7;
    s[si] = this.sid(e.kind, 0);
    s[si + 1] = this.sid(e.orderId, 1);
    s[si + 2] = this.sid(e.symbol, 2);
    s[si + 3] = this.sid(e.side, 3);
    s[si + 4] = this.sid(e.code, 4);
    s[si + 5] = this.sid(e.reason, 5);
    s[si + 6] = this.sid(e.tag, 6);
    const f = c.f, p = c.p, fi = i * 7;
    put(f, p, fi, e.time);
    put(f, p, fi + 1, e.fillPrice);
    put(f, p, fi + 2, e.fillQty);
    put(f, p, fi + 3, e.fee);
    put(f, p, fi + 4, e.remainingQty);
    put(f, p, fi + 5, e.limit);
    put(f, p, fi + 6, e.actual);
  }

  // ORDER_SPEC: strings id, symbol, side, type, tif, tag, size.kind; numbers limitPrice, stopPrice,
  // trailAmount, trailPercent, stopLoss, takeProfit, size.value; flags size present, reduceOnly.
  intent(o: OrderIntent): void {
    const c = this.orders;
    const i = c.row();
    const s = c.s, si = i * 7;
    s[si] = this.sid(o.id, 1);
    s[si + 1] = this.sid(o.symbol, 2);
    s[si + 2] = this.sid(o.side, 3);
    s[si + 3] = this.sid(o.type, 7);
    s[si + 4] = this.sid(o.tif, 8);
    s[si + 5] = this.sid(o.tag, 6);
    const f = c.f, p = c.p, fi = i * 7;
    put(f, p, fi, o.limitPrice);
    put(f, p, fi + 1, o.stopPrice);
    put(f, p, fi + 2, o.trailAmount);
    put(f, p, fi + 3, o.trailPercent);
    put(f, p, fi + 4, o.stopLoss);
    put(f, p, fi + 5, o.takeProfit);
    let flags = 0;
    const size = o.size;
    if (size && typeof size === 'object') {
      flags |= X_SIZE;
      s[si + 6] = this.sid(size.kind, 9);
      put(f, p, fi + 6, size.value);
    }
    const b = o.reduceOnly;
    if (typeof b === 'boolean') flags |= X_BOOL_PRESENT | (b ? X_BOOL_TRUE : 0);
    c.x[i] = flags;
  }

  /** Whether `kind` is one that caps.recordEvents 'fills' keeps. */
  static isFill(kind: string): boolean {
    return FILL_KINDS.has(kind);
  }

  /**
   * The record as exact-length columns. `filledOnly` (caps.recordEvents 'fills', whose events are
   * fills only) keeps just the intents of orders with a recorded fill.
   */
  take(filledOnly = false): RunRecord {
    const events = this.events.take();
    if (!filledOnly) return { strings: this.strings, events, orders: this.orders.take() };
    const filled = new Set<number>();
    for (let i = 0; i < events.n; i++) filled.add(events.s[i * 7 + 1]!);
    const keep = new Uint8Array(this.orders.n);
    for (let i = 0; i < keep.length; i++) keep[i] = filled.has(this.orders.sAt(i, 0)) ? 1 : 0;
    return { strings: this.strings, events, orders: this.orders.take(keep) };
  }
}
